"""One build of the digest's content, shared by the CLI and the MkDocs plugin.

Reads the seeds and their memories, runs the pipeline stages, writes the memories back
(as chunks of translations arrive, so an interrupted run keeps what it translated).
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import chain
from pathlib import Path

from digest import cache
from digest.actors.discover import ROMANIZED
from digest.actors.index import build_index
from digest.actors.registry import load_registry, parse_registry
from digest.cache import (
    PARTS,
    SEEDS,
    SPELLINGS,
    STORIES,
    SeedEntry,
    code_hash,
    files_hash,
    inputs_key,
    keep,
    load,
    save,
    seed_key,
    spellings_key,
)
from digest.errors import InputError, ModelMissingError, Problem
from digest.model import Article, Ident, Sentence, newest_first
from digest.outputs.export import Fragment, article_fragment, export_files
from digest.outputs.feeds import feeds
from digest.outputs.search import BLOCK_ARTICLES, Indexed, article_index, search_files
from digest.parallel import map_all, workers
from digest.pipeline import Introductions, run, settled_counts
from digest.pipeline.actors import discovered
from digest.pipeline.state import BuildState, DiscoveredActorsChanged, Translator
from digest.project import Project
from digest.reading import read_seed_file, read_seeds, seed_files
from digest.site.render import make_environment, render_pages, site_specs
from digest.store import load_memories, remove_stale_temporaries, save_memories
from digest.stories.group import Grouping
from digest.stories.threads import find_stories
from digest.translation.glossary import load_glossary
from digest.translation.memory import Memory, memory_path


@dataclass
class Prepared:
    """The outcome of preparing the content: articles ready to render, and what happened."""

    state: BuildState
    """The pipeline's final state (articles, problems, counts)."""

    written: list[Path]
    """Memory sidecars written in this run."""

    keys: dict[Ident, str] = field(default_factory=dict)
    """Each article's content key: a hash of its seed's key in the cache (`seed_key`) and
    its memories' bytes, when its seed is as it was read."""

    inputs: str = ""
    """What every article depends on besides its own files (`inputs_key`); "" if unknown."""

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
) -> Prepared:
    """Read, segment, recall, translate and check every article of the project's seeds.

    `on_progress(done, total)` follows the translation, chunk by chunk. With `save`, the
    memories are written as translations arrive and at the end, and the cache
    (`digest.cache`) keeps the seeds' articles; without, nothing is written. A seed whose
    entry the cache holds is taken from it, unless discovery finds other actors than it
    was annotated with: then every seed is read and annotated again."""
    if save and project.seeds.is_dir():
        remove_stale_temporaries(project.seeds)  # left by a write that was killed
    if not ROMANIZED:  # a new process: the names spelt by an earlier build
        ROMANIZED.update(load(project.root, spellings_key(), SPELLINGS, dict) or {})
    spelt = len(ROMANIZED)
    with collector_off():
        try:
            prepared = _prepare(project, translator, on_progress, save, cached=True)
        except (DiscoveredActorsChanged, _KeysClash):
            prepared = _prepare(project, translator, on_progress, save, cached=False)
    if save and len(ROMANIZED) > spelt:  # (names spelt by this build)
        cache.save(project.root, spellings_key(), dict(ROMANIZED), SPELLINGS)
    return prepared


class _KeysClash(Exception):
    """A seed taken from the cache shares its articles' key with a seed read now."""


@contextmanager
def collector_off() -> Iterator[None]:
    """Python's cyclic garbage collector off for a while, then as it was: the articles are
    millions of objects, next to none of them garbage with cycles, that each full
    collection would go over again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(slots=True)
class _Seed:
    """A seed of this build: from the cache, or as read now."""

    path: Path
    articles: list[Article]
    problems: list[Problem]
    key: str = ""
    """Its key in the cache (`seed_key`), taken before it was read."""
    entry: SeedEntry | None = None
    """Its entry in the cache, when taken from there."""
    memories: dict[str, Memory] | None = None
    """The memories of its articles, when read now."""
    idents: list[Ident] | None = None
    """Its articles' `Article.ident`, once the build holds the articles (read now)."""
    asked: list[str] | None = None
    """Its articles' slugs as asked for (read now)."""
    clashed: bool = False
    """Whether one of its articles shares its key with another's: it is not cached."""


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
    project: Project, inputs: str, workers: int, usable: Callable[[SeedEntry], bool] | None
) -> list[_Seed]:
    """The seeds, taken from the cache (`inputs`: its `inputs_key`) when their entry is
    `usable` (never without `usable`), or read."""
    folder = project.seeds
    if not folder.is_dir():
        return [_Seed(folder, *read_seeds(folder))]  # (says what is wrong)
    paths = seed_files(folder)
    keys = [seed_key(inputs, path) for path in paths]
    seeds: list[_Seed | None] = []
    for path, key in zip(paths, keys, strict=True):
        entry = load(project.root, key, SEEDS, SeedEntry) if usable else None
        same = entry and all(files_hash(folder, [n]) == h for n, h in entry.memories.items())
        if entry is not None and usable and same and usable(entry):
            seeds.append(_Seed(path, entry.articles, entry.problems, key, entry))
        else:
            seeds.append(None)
    unread = [path for path, seed in zip(paths, seeds, strict=True) if seed is None]
    fresh = iter(map_all(_read_seed, unread, workers))
    kept = []
    for path, key, seed in zip(paths, keys, seeds, strict=True):
        if seed is None:
            seed = next(fresh)  # (read in another process, perhaps: its paths are copies)
            seed.path, seed.key = path, key
            for article in seed.articles:
                if article.source_path == path:
                    article.source_path = path
        elif seed.entry is not None:
            for article, asked in zip(seed.articles, seed.entry.asked, strict=True):
                article.source_path, article.slug = path, asked
        kept.append(seed)
    return kept


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
    cached: bool,
) -> Prepared:
    processes = project.workers or workers()
    inputs = inputs_key(project)
    seeds = _read(project, inputs, processes, _usable(translator) if cached else None)
    clashes = _drop_key_clashes(seeds)
    if any(seed.entry for seed in clashes):
        raise _KeysClash  # a cached seed's key is taken by a new one: read them all again
    kept = [seed for seed in seeds if seed.entry]
    if len({seed.entry.discovered for seed in kept if seed.entry}) > 1:
        raise DiscoveredActorsChanged  # (entries of two builds: one was killed)
    fresh = [seed for seed in seeds if not seed.entry]
    memories = {key: memory for seed in fresh for key, memory in (seed.memories or {}).items()}
    problems: list[Problem] = []
    try:
        terms = load_glossary(project.glossary)
    except InputError as error:
        terms = []
        problems.append(error.problem)
    try:
        registry = load_registry(project.actors)
    except InputError as error:
        registry = parse_registry(project.actors, "")
        problems.append(error.problem)
    problems += registry.problems
    # The cached seeds' articles: the stages pass them by (and count in their names).
    found: Introductions = {}
    for seed in kept:
        assert seed.entry is not None
        found.update(zip((a.ident for a in seed.articles), seed.entry.found, strict=True))
    for seed in fresh:
        seed.asked = [article.slug for article in seed.articles]
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
        discovered_before=kept[0].entry.discovered if kept and kept[0].entry else None,
    )
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

    for seed in kept:
        state.counts.add(settled_counts(seed.articles))
    state.on_translated = persist
    run(state, workers=processes)
    if save:
        save_one = partial(_save_memory, memories=memories)
        written.update(
            path for paths in map_all(save_one, state.pending, processes) for path in paths
        )
    keys = _seed_keys(project, seeds, state, inputs, save)
    return Prepared(state, sorted(written), keys, inputs)


def _usable(translator: Callable[[], Translator] | None) -> Callable[[SeedEntry], bool]:
    """Whether an entry of the cache may be taken: its articles have English throughout,
    or there is no model to translate the rest (asked once, when first needed)."""
    answer: list[bool] = [] if translator else [True]

    def usable(entry: SeedEntry) -> bool:
        if all(s.translation is not None for a in entry.articles for s in a.sentences):
            return True
        if not answer:
            assert translator is not None
            try:
                answer.append(translator() is None)
            except ModelMissingError:
                answer.append(True)
        return answer[0]

    return usable


def _save_memory(article: Article, memories: dict[str, Memory]) -> list[Path]:
    """Write an article's memory if it changed (in a worker process: most are compared
    and left as they are, and there are as many as articles)."""
    return save_memories([article], memories)


def _seed_keys(
    project: Project, seeds: list[_Seed], state: BuildState, inputs: str, save: bool
) -> dict[Ident, str]:
    """Each article's content key: a hash of its seed's key and its memories' bytes. With
    `save`, each seed read now is kept in the cache under its key, and the other entries
    go. A seed changed since it was read, or whose article shares its key with another's,
    has no key, and is not cached."""
    final = {article.ident: article for article in state.pending}
    now = discovered(state.candidates)
    keys: dict[Ident, str] = {}
    kept: list[str] = []
    for seed in seeds:
        if (
            seed.clashed
            or not project.seeds.is_dir()
            or seed.path.parent != project.seeds
            or (seed.entry is None and seed_key(inputs, seed.path) != seed.key)
        ):
            continue
        if seed.entry is None:
            articles = [final[ident] for ident in seed.idents or []]
            names = sorted({memory_path(article).name for article in articles})
            memories = {name: files_hash(project.seeds, [name]) for name in names}
            found = [state.found.get(article.ident, []) for article in articles]
            entry = SeedEntry(memories, articles, seed.asked or [], found, seed.problems, now)
            if save:
                cache.save(project.root, seed.key, entry, SEEDS)
        else:
            articles, memories = seed.articles, seed.entry.memories
        kept.append(seed.key)
        key = hashlib.sha256(f"{seed.key} {sorted(memories.items())!r}".encode()).hexdigest()
        keys.update((article.ident, key) for article in articles)
    if save:
        keep(project.root, kept, SEEDS)
    return keys


@dataclass(frozen=True, slots=True)
class Parts:
    """What one article adds to the site, rendered: kept in the cache under its part key
    (`part_keys`)."""

    fragment: Fragment
    """Its records in the exports."""

    documents: list[Indexed]
    """Its documents in the search index."""


@dataclass
class Generated:
    """Every file digest adds to a site, as text, by path in the site (pure: nothing is
    written)."""

    keys: dict[str, str]
    """Every Markdown page MkDocs converts, in the site's order, with its key: a hash of
    what it is made from ("" when unknown: never taken as written)."""

    pages: Iterable[tuple[str, str]]
    """The pages' Markdown, by path, rendered as they are taken (not all held at once, in
    no set order); all but those already written under their key (`generate`)."""

    files: Iterable[tuple[str, bytes]]
    """The files MkDocs copies as they are (exports, search index, feeds), by path, made
    one at a time as they are taken; none when all are written under `files_key` already
    (`unchanged`)."""

    files_key: str = ""
    """The key of every one of those files: a hash of what they are made from ("" unknown)."""

    unchanged: list[str] = field(default_factory=list)
    """The files' paths when they are all written under `files_key` already."""

    parts: dict[str, Parts] = field(default_factory=dict)
    """Each article's parts, by part key (the articles whose seed has a key only), when
    the files are made."""

    grouping: Grouping | None = None
    """The grouping into stories to keep for the next build, when the pages were listed
    (`find_stories`)."""


@dataclass(frozen=True)
class SiteSettings:
    """What the pages depend on besides the articles and the actors."""

    site_name: str
    site_url: str = ""
    directory_urls: bool = True
    templates: Path | None = None
    """The site's own templates."""


def part_keys(prepared: Prepared, site: SiteSettings) -> tuple[str, dict[Ident, str]]:
    """What every page depends on besides its articles (a hash of the site's settings and
    templates, the discovered actors and `Prepared.inputs`: "" when that is unknown), and
    the key of each article's parts in the cache: a hash of that, its content key
    (`Prepared.keys`), its ident and its slug."""
    templates = site.templates
    names = (
        sorted(str(p) for p in templates.rglob("*") if p.is_file())
        if templates is not None and templates.is_dir()
        else []
    )
    described = repr(
        (site.site_name, site.directory_urls, discovered(prepared.state.candidates))
    ) + files_hash(Path("/"), names)
    common = hashlib.sha256(f"{described} {prepared.inputs}".encode()).hexdigest()
    return common if prepared.inputs else "", {
        article.ident: hashlib.sha256(
            f"{prepared.keys[article.ident]} {article.ident!r} {article.slug} {common}".encode()
        ).hexdigest()
        for article in prepared.articles
        if article.ident in prepared.keys
    }


def page_key(path: str, sources: Iterable[Article], common: str, keys: dict[Ident, str]) -> str:
    """A page's key: a hash of its path, `common` and its articles' part keys; "" when one
    of them has none."""
    listed = [keys.get(article.ident, "") for article in sources]
    if not common or "" in listed:
        return ""
    return hashlib.sha256(f"{path} {common} {' '.join(listed)}".encode()).hexdigest()


def generate(
    prepared: Prepared,
    site: SiteSettings,
    search_block_articles: int = BLOCK_ARTICLES,
    processes: int | None = None,
    kept: Callable[[], Mapping[str, Parts]] | None = None,
    written: Mapping[str, str] | None = None,
    grouping: Callable[[], Grouping | None] | None = None,
) -> Generated:
    """The pages and files of the prepared articles' site; `grouping` gives the stories'
    grouping of an earlier build, to continue (`find_stories`), asked only when the pages
    are listed; `kept` gives articles' parts by
    part key (`part_keys`), asked only when the files are made: those not there are made,
    on so many cores (default: every core); `written` holds the key of each file already
    written, by path (every page and file of one build, as `write_generated` records
    them): a page whose key is the same is not rendered again, nor are the files when
    every file written besides the pages has their key; when that is so and every page
    is as written, the pages are not even listed again (their paths and keys are taken
    from `written`)."""
    articles, actors = prepared.articles, prepared.state.actors
    ordered = newest_first(articles)
    common, keys = part_keys(prepared, site)
    everything = page_key("", ordered, common, keys)  # (what a page listing every one has)
    made_of = f"files {search_block_articles} {site.site_url}"
    files_key = page_key(made_of, (), everything, keys)
    before = written or {}
    if files_key and files_key in before.values() and all(before.values()):
        # Everything written by a build of the same articles and settings, and as written.
        listed = {path: key for path, key in before.items() if key != files_key}
        return Generated(listed, (), (), files_key, [p for p in before if p not in listed])
    env = make_environment(site.templates)
    entries = build_index(ordered, actors)
    stories, grouped = find_stories(ordered, grouping() if grouping else None)
    specs = site_specs(
        articles,
        env,
        site.site_name,
        actors,
        site.directory_urls,
        entries,
        ordered=ordered,
        stories=stories,
    )
    groups = {id(spec.sources): spec.sources for spec in specs if spec.sources is not None}
    shown = {group: page_key("", sources, common, keys) for group, sources in groups.items()}
    page_keys = {  # (the pages of one list share their articles: hashed once)
        spec.path: page_key(
            spec.path, (), everything if spec.sources is None else shown[id(spec.sources)], keys
        )
        for spec in specs
    }
    fresh = [
        spec
        for spec in specs
        if not page_keys[spec.path] or page_keys[spec.path] != before.get(spec.path)
    ]
    pages = render_pages(fresh, processes)
    others = [path for path in before if path not in page_keys]
    if files_key and others and all(before[path] == files_key for path in others):
        return Generated(page_keys, pages, (), files_key, others, grouping=grouped)
    known = kept() if kept else {}
    parts = {key: known[key] for key in keys.values() if key in known}
    todo = [a for a in ordered if keys.get(a.ident) not in parts]
    index = partial(article_index, actors=actors, directory_urls=site.directory_urls)
    made = zip(
        todo,
        map_all(article_fragment, todo, processes),
        map_all(index, todo, processes),
        strict=True,
    )
    new = {id(a): Parts(fragment, documents) for a, fragment, documents in made}
    each = {id(a): new.get(id(a)) or parts[keys[a.ident]] for a in articles}
    parts.update((keys[a.ident], new[id(a)]) for a in todo if a.ident in keys)
    fragments = [each[id(a)].fragment for a in articles]

    def files() -> Iterator[tuple[str, bytes]]:  # (one at a time: they are large)
        exported = export_files(articles, actors, processes, fragments, stories)
        yield from ((path, text.encode()) for path, text in exported)
        searched = search_files(
            articles,
            actors,
            entries,
            site.directory_urls,
            block_articles=search_block_articles,
            workers=processes,
            ordered=ordered,
            analysed=[each[id(a)].documents for a in ordered],
            stories=stories,
        )
        yield from ((path, text.encode()) for path, text in searched.items())
        fed = feeds(
            site.site_name, articles, entries, site.site_url, site.directory_urls, ordered, stories
        )
        yield from ((path, text.encode()) for path, text in fed.items())

    return Generated(page_keys, pages, files(), files_key, parts=parts, grouping=grouped)


def generate_cached(
    project: Project,
    prepared: Prepared,
    site: SiteSettings,
    written: Mapping[str, str] | None = None,
    save_parts: bool = True,
) -> Generated:
    """`generate`, with the parts the cache holds for the seeds' articles (one file a seed,
    named by a hash of its articles' part keys) and the files `written`. With
    `save_parts`, this build's parts are kept for the next and the others go."""
    _, keys = part_keys(prepared, site)
    by_seed: dict[str, list[str]] = {}
    for ident, key in keys.items():
        by_seed.setdefault(prepared.keys[ident], []).append(key)
    names = {
        seed: hashlib.sha256(" ".join(sorted(part)).encode()).hexdigest()
        for seed, part in by_seed.items()
    }

    loaded: dict[str, Parts] = {}

    def kept() -> dict[str, Parts]:
        for name in names.values():
            entry = load(project.root, name, PARTS, dict)
            if entry and all(isinstance(part, Parts) for part in entry.values()):
                loaded.update(entry)
        return loaded

    stories_key = hashlib.sha256(f"stories {code_hash()}".encode()).hexdigest()

    def grouping() -> Grouping | None:
        return load(project.root, stories_key, STORIES, Grouping)

    workers = project.workers or None
    made = generate(prepared, site, project.search_block_articles, workers, kept, written, grouping)
    if save_parts and made.grouping is not None:
        save(project.root, stories_key, made.grouping, STORIES)
        keep(project.root, [stories_key], STORIES)
    if save_parts and not made.unchanged:  # (else every part is as kept)
        for seed, part in by_seed.items():
            if not all(key in loaded for key in part):
                save(project.root, names[seed], {key: made.parts[key] for key in part}, PARTS)
        keep(project.root, names.values(), PARTS)
    return made
