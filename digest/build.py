"""One build of the digest's content, shared by the CLI and the MkDocs plugin.

Reads the seeds and their memories, runs the pipeline stages, writes the memories back
(as chunks of translations arrive, so an interrupted run keeps what it translated).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import chain
from pathlib import Path

from digest.actors.discover import ROMANIZED
from digest.actors.registry import load_registry, parse_registry
from digest.cache import load_spellings, save_spellings, spellings_path
from digest.errors import InputError, Problem
from digest.model import Article, Ident, Sentence
from digest.parallel import map_all, workers
from digest.pipeline import Introductions, run, settled_counts
from digest.pipeline.actors import discovered
from digest.pipeline.state import BuildState, DiscoveredActorsChanged, Translator
from digest.project import Project
from digest.reading import read_seed_file, read_seeds, seed_files, seed_files_since
from digest.reuse import (
    Reuse,
    SeedRecord,
    Snapshot,
    inputs_key,
    is_complete,
    new_revision,
    seed_sources,
    snapshot,
)
from digest.store import load_memories, remove_stale_temporaries, save_memories
from digest.translation.glossary import load_glossary
from digest.translation.memory import Memory, memory_path


@dataclass
class Prepared:
    """The outcome of preparing the content: articles ready to render, and what happened."""

    state: BuildState
    """The pipeline's final state (articles, problems, counts)."""

    written: list[Path]
    """Memory sidecars written in this run."""

    revisions: dict[int, int] = field(default_factory=dict)
    """Each article's revision, by the `id` of the article (one of `articles`): the same as
    in the last build when the article was taken from it."""

    reuse: Reuse = field(default_factory=Reuse)
    """What this build leaves for the next one in the same process."""

    def revision(self, article: Article) -> int:
        """The revision of one of the articles."""
        return self.revisions[id(article)]

    @property
    def articles(self) -> list[Article]:
        """The articles, segmented and translated as far as possible."""
        return self.state.articles

    @property
    def problems(self) -> list[Problem]:
        """Every problem met, in the order met."""
        return self.state.problems


def prepare(
    project: Project,
    translator: Callable[[], Translator] | None,
    on_progress: Callable[[int, int], None] | None = None,
    save: bool = True,
    previous: Reuse | None = None,
    listing: Snapshot | None = None,
    changed: Collection[str] | None = None,
) -> Prepared:
    """Read, segment, recall, translate and check every article of the project's seeds.

    `on_progress(done, total)` follows the translation, chunk by chunk. With `save`, the
    memories are written as translations arrive and at the end; without, nothing is written.
    With `previous` (what the last build in this process left), the seeds that did not
    change are taken as they were; `listing` is the seeds folder's snapshot when the
    caller has taken it (before anything was read), and `changed` the only names in it
    that may differ from what the last build found, when the caller knows (`digest.watch`).
    """
    if listing is None:  # (one listing: for the temporaries and for the seeds)
        listing, changed = snapshot(project.seeds), None
    if save and project.seeds.is_dir():
        remove_stale_temporaries(project.seeds, listing)  # left by a write that was killed
    inputs = inputs_key(project)
    reuse = previous if previous is not None and previous.usable(inputs) else None
    spellings = spellings_path(project.root)
    if not ROMANIZED:  # a new process: the names spelt by an earlier build
        ROMANIZED.update(load_spellings(spellings))
    spelt = len(ROMANIZED)
    with collector_off():
        try:
            prepared = _prepare(
                project, translator, on_progress, save, reuse, inputs, listing, changed
            )
        except (DiscoveredActorsChanged, _KeysClash):
            prepared = _prepare(project, translator, on_progress, save, None, inputs, listing, None)
    if save and len(ROMANIZED) > spelt:  # (names spelt by this build)
        save_spellings(spellings, ROMANIZED)
    return prepared


class _KeysClash(Exception):
    """A seed kept from the last build shares its articles' key with a seed read now."""


@contextmanager
def collector_off() -> Iterator[None]:
    """Python's cyclic garbage collector off for a while, then as it was. The articles, and
    the index, specs and pages made from them, are millions of objects, next to none of
    them garbage with cycles, that each full collection would go over again: a tenth of a
    cold build's time for the articles, and more than half of the index's and specs' at
    10,000 articles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(slots=True)
class _Seed:
    """A seed of this build: its record from the last build, or as read now."""

    path: Path
    articles: list[Article]
    problems: list[Problem]
    record: SeedRecord | None = None
    memories: dict[str, Memory] | None = None
    """The memories of its articles, when read now."""
    idents: list[Ident] | None = None
    """Its articles' `Article.ident`, once the build holds the articles (read now)."""
    clashed: bool = False
    """Whether one of its articles shares its key with another's: it is read again every
    build, until the clash is gone."""


def _drop_key_clashes(seeds: list[_Seed]) -> list[_Seed]:
    """Leave out the articles whose key another has, with a problem naming the other: an
    article's key names its translation memory, which two articles cannot share. Records
    of one corpus file repeated (the same url) are built once, from the first; articles of
    different files with one key are none of them built until one file is renamed (which
    would own the memory cannot be told), and their memory is left as it is. Returns the
    seeds of every article involved."""
    by_key: dict[str, list[tuple[Article, _Seed]]] = {}
    for seed in seeds:
        for article in seed.articles:
            by_key.setdefault(article.key, []).append((article, seed))
    dropped: dict[int, tuple[_Seed, list[Article]]] = {}
    for group in by_key.values():
        if len(group) == 1:
            continue
        (first, _), *later = group
        one_file = all(a.source_path == first.source_path for a, _ in later)
        for article, seed in later if one_file else group:
            other = first if article is not first else later[0][0]
            dropped.setdefault(id(seed), (seed, []))[1].append(article)
            seed.problems = [*seed.problems, _clash_problem(article, other, one_file)]
        dropped.setdefault(id(group[0][1]), (group[0][1], []))
    for seed, articles in dropped.values():
        seed.clashed = True
        if articles:
            gone = set(map(id, articles))
            seed.articles = [a for a in seed.articles if id(a) not in gone]
    return [seed for seed, _ in dropped.values()]


def _clash_problem(article: Article, other: Article, one_file: bool) -> Problem:
    memory = memory_path(other).name
    record = None if article.record is None else article.record + 1
    if one_file:
        return Problem(
            article.source_path,
            f"repeats the url (or, without one, the title) of {other.location}; only the "
            "first is built.",
            "Give each record its own `url`, or remove the repeat.",
            record=record,
        )
    return Problem(
        article.source_path,
        f"has the same key `{article.key}` as {other.location}: the two would share one "
        f"translation memory ({memory}), so neither is built and the memory is left as it is.",
        "Rename one of the two files.",
        record=record,
    )


def _read(
    folder: Path,
    reuse: Reuse | None,
    workers: int,
    files: Snapshot,
    changed: Collection[str] | None = None,
) -> tuple[list[_Seed], tuple[frozenset[str], list[Path]]]:
    """The seeds, read or taken as the last build left them; the folder's names and its
    seeds' paths (`Reuse.seed_paths`). `changed`: see `prepare`."""
    if not folder.is_dir():
        return [_Seed(folder, *read_seeds(folder))], (frozenset(), [])  # (says what is wrong)
    names = frozenset(files)
    last = reuse.seed_paths if reuse else None
    paths = seed_files_since(folder, names, *last) if last else seed_files(folder, names)
    kept = reuse.kept(paths, files, changed) if reuse else dict.fromkeys(paths)
    fresh = iter(
        map_all(_read_seed, [path for path, record in kept.items() if not record], workers)
    )
    seeds = []
    for path, record in kept.items():
        if record is None:
            seed = next(fresh)  # (read in another process, perhaps: its paths are copies)
            seed.path = path
            _share_path(seed.articles, path)
            seeds.append(seed)
            continue
        seeds.append(_Seed(path, record.articles, record.problems, record))
    return seeds, (names, paths)


def _share_path(articles: list[Article], path: Path) -> None:
    """Give the articles the seed's path object itself: the articles, their records and
    their introductions are looked up by path tens of thousands of times a rebuild, and
    a path is compared with itself at once, with an equal copy slowly."""
    for article in articles:
        if article.source_path == path:
            article.source_path = path


def _read_seed(path: Path) -> _Seed:
    """A seed and its articles' memories, read. A seed whose name leaves no room for its
    memory's name in the folder is refused."""
    articles, problems = read_seed_file(path)
    longest = max((memory_path(a).name for a in articles), key=_name_bytes, default="")
    if _name_bytes(longest) > NAME_MAX:
        room = NAME_MAX - (_name_bytes(longest) - _name_bytes(path.name))
        problem = Problem(
            path,
            f"has a name too long for its translation memory ({_name_bytes(longest)} bytes, "
            f"more than the {NAME_MAX} a file name may have); it is not read.",
            f"Shorten its name to at most {room} bytes.",
        )
        return _Seed(path, [], [problem])
    memories, memory_problems = load_memories(articles)
    return _Seed(path, articles, problems + memory_problems, memories=memories)


NAME_MAX = 255
"""The longest file name, in bytes, on the file systems a digest lives on."""


def _name_bytes(name: str) -> int:
    return len(os.fsencode(name))


def _prepare(
    project: Project,
    translator: Callable[[], Translator] | None,
    on_progress: Callable[[int, int], None] | None,
    save: bool,
    reuse: Reuse | None,
    inputs: str,
    listing: Snapshot,
    changed: Collection[str] | None,
) -> Prepared:
    processes = project.workers or workers()
    seeds, seed_paths = _read(project.seeds, reuse, processes, listing, changed)
    clashes = _drop_key_clashes(seeds)
    if any(seed.record for seed in clashes):
        raise _KeysClash  # a kept seed's key is taken by a new one: read them all again
    fresh = [seed for seed in seeds if not seed.record]
    memories = {key: memory for seed in fresh for key, memory in (seed.memories or {}).items()}
    problems: list[Problem] = []
    try:
        terms = load_glossary(project.glossary)
    except InputError as error:
        terms = []
        problems.append(error.problem)
    if reuse is not None and reuse.registry is not None:
        registry = reuse.registry  # the same files, and its matcher is built already
    else:
        try:
            registry = load_registry(project.actors)
        except InputError as error:
            registry = parse_registry(project.actors, "")
            problems.append(error.problem)
    problems += registry.problems
    left = Reuse(inputs, registry=registry, seed_paths=seed_paths)
    if reuse is not None:
        left.carry(reuse, [seed.path for seed in seeds if seed.record])
    # The kept records' articles: the stages pass them by (and add the others' names).
    found: Introductions = dict(left.introductions)
    state = BuildState(
        list(chain.from_iterable(seed.articles for seed in seeds)),
        memories,
        translator,
        problems=problems + list(chain.from_iterable(seed.problems for seed in seeds)),
        quality=replace(project.quality, glossary=terms),
        registry=registry,
        discover=project.discover,
        workers=processes,
        settled=frozenset(found),
        found=found,
        discovered_before=reuse.discovered if reuse else None,
        merged_before=reuse.merged if reuse else None,
        slugs_before=reuse.slugs if reuse else None,
    )
    state.know_pending([article for seed in fresh for article in seed.articles])
    for seed in fresh:
        # The stages replace the articles they work on in worker processes: the seeds keep
        # only which articles are theirs, so that the copies as read can be let go.
        seed.idents = [a.ident for a in seed.articles]
        seed.articles = []
    written: set[Path] = set()

    def persist(chunk: list[Sentence], done: int, total: int) -> None:
        if save:
            chunk_ids = {id(sentence) for sentence in chunk}
            touched = [a for a in state.pending if any(id(s) in chunk_ids for s in a.sentences)]
            written.update(save_memories(touched, memories))
        if on_progress:
            on_progress(done, total)

    state.counts.add(left.counts)  # (the records kept: those of this build come later)
    state.on_translated = persist
    run(state, workers=processes)
    if save:
        save_one = partial(_save_memory, memories=memories)
        written.update(
            path for paths in map_all(save_one, state.pending, processes) for path in paths
        )
    left.discovered, left.merged = discovered(state.candidates), state.merged
    left.slugs = state.slugs
    revisions = _remember(project.seeds, left, seeds, state, listing, written)
    return Prepared(state, sorted(written), revisions, left)


def _save_memory(article: Article, memories: dict[str, Memory]) -> list[Path]:
    """Write an article's memory if it changed (in a worker process: most are compared
    and left as they are, and there are as many as articles)."""
    return save_memories([article], memories)


def _remember(
    folder: Path,
    left: Reuse,
    seeds: list[_Seed],
    state: BuildState,
    listing: Snapshot,
    written: set[Path],
) -> dict[int, int]:
    """Record each seed read in this build for the next (`left` holds the records of those
    taken as they were already); the articles' revisions (`Prepared.revisions`).

    A record keeps its files' stamps as the listing found them, before they were read
    (a file changed since is read again next time), or as this build wrote them."""
    final = {article.ident: article for article in state.pending}
    revisions = dict(left.revisions)  # (the records kept: their articles are the build's)
    rewritten = {path.name for path in written if path.parent == folder}
    recorded = folder.is_dir()
    for seed in seeds:
        if seed.record is not None:
            continue
        idents = seed.idents or []
        articles = [final[ident] for ident in idents]
        numbers = [new_revision() for _ in articles]
        revisions.update(zip(map(id, articles), numbers, strict=True))
        # Not the missing seeds folder; nor a seed with sentences still without English: it
        # is read and annotated again, in case a model has become available.
        if (
            recorded
            and not seed.clashed
            and seed.path.parent == folder
            and all(map(is_complete, articles))
        ):
            names = seed_sources(seed.path, articles)
            files = {name: listing[name] for name in names if name in listing}
            files.update(snapshot(folder, [name for name in names if name in rewritten]))
            record = SeedRecord(
                present=frozenset(files.items()),
                absent=frozenset(names) - files.keys(),
                articles=articles,
                problems=seed.problems,
                found=[state.found.get(a.ident, []) for a in articles],
                revisions=numbers,
                idents=idents,
                counts=settled_counts(articles),
            )
            left.add(seed.path, record)
    return revisions
