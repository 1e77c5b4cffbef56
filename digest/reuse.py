"""What one build leaves for the next in the same process, as `mkdocs serve` keeps it.

A seed is read and annotated again only when it or one of its sidecars (metadata, memory)
changed, by size and modification time; the other seeds' articles are taken as the last
build left them. Everything the articles depend on besides their own files (the registry,
the glossary, the settings) is one key: when it changes, nothing is reused. So is the set
of discovered actors, which every article's mentions depend on: `prepare` starts again
from nothing when it changes.

Each article gets a revision number that changes whenever the article may have changed;
later steps (pages, index, exports) reuse what they made from an article of the same
revision.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from stat import S_ISREG
from typing import TypeVar

from digest.actors.discover import Found, Merged
from digest.actors.registry import Registry
from digest.errors import Problem
from digest.model import Article, Ident
from digest.pipeline.state import Counts, Slugs
from digest.project import Project
from digest.translation.memory import memory_path

T = TypeVar("T")
R = TypeVar("R")

Snapshot = dict[str, tuple[int, int]]
"""The files of a folder by name: size and modification time (ns)."""

MISSING = (-1, -1)
CONFLICT = (-2, -2)
"""No file's stamp: what `Reuse.kept` compares a file with when it cannot be trusted."""

_REVISIONS = count(1)


def new_revision() -> int:
    """A revision number never given before in this process (memos of any build may
    hold the older ones)."""
    return next(_REVISIONS)


def snapshot(folder: Path, names: Iterable[str] | None = None) -> Snapshot:
    """The files of a folder as they are now (one directory read, one stat per file), or
    only those of `names` that exist."""
    if not folder.is_dir():
        return {}
    if names is not None:
        listed: Snapshot = {}
        for name in names:
            try:
                stat = os.stat(folder / name)
            except FileNotFoundError:
                continue
            except OSError:  # a link round in a loop: listed, never trusted
                listed[name] = CONFLICT
                continue
            if S_ISREG(stat.st_mode):
                listed[name] = (stat.st_size, stat.st_mtime_ns)
        return listed
    with os.scandir(folder) as entries:
        return {entry.name: stamp for entry in entries if (stamp := _entry_stamp(entry))}


def _entry_stamp(entry: os.DirEntry[str]) -> tuple[int, int] | None:
    """A folder entry's stamp, `CONFLICT` for a link that cannot be followed, None for
    what is not a file."""
    try:
        if not entry.is_file():
            return CONFLICT if entry.is_symlink() else None  # (a link to nothing)
        stat = entry.stat()
    except FileNotFoundError:
        return None
    except OSError:
        return CONFLICT
    return stat.st_size, stat.st_mtime_ns


Run = tuple[tuple[T, ...], R]
"""A run of parts in a row, and what they make together."""


def runs_again(
    parts: Sequence[T], size: int, last: Sequence[Run[T, R]], combine: Callable[[Sequence[T]], R]
) -> list[Run[T, R]]:
    """The parts in runs of `size`, each combined (`combine`), or taken from the last
    build's runs (`last`) when its parts are the very same objects: a rebuild combines
    again the runs of the few parts that changed, then the runs."""
    runs = []
    for number, start in enumerate(range(0, len(parts), size)):
        run = tuple(parts[start : start + size])
        kept = last[number] if number < len(last) else None
        runs.append((run, kept[1] if kept is not None and kept[0] == run else combine(run)))
    return runs


def seed_sources(seed: Path, articles: list[Article]) -> list[str]:
    """The files a seed's articles are made from, by name in the seeds folder: the seed,
    its metadata sidecar and the articles' memories (which may not exist yet)."""
    names = [seed.name, seed.with_suffix(".yml").name]
    return names + [memory_path(article).name for article in articles]


def inputs_key(project: Project) -> str:
    """A key of what every article depends on besides its own files: the settings, the
    registry and the glossary."""
    files = [project.actors, project.glossary]
    stats = [
        (path.stat().st_size, path.stat().st_mtime_ns) if path.is_file() else MISSING
        for path in files
    ]
    described = repr((project, stats))
    return hashlib.sha256(described.encode()).hexdigest()


@dataclass
class SeedRecord:
    """One seed as the last build left it."""

    present: frozenset[tuple[str, tuple[int, int]]]
    """Its files that existed when it was read (after the build wrote its memories), as
    a snapshot's items: name, size and modification time."""

    absent: frozenset[str]
    """Its files that did not exist then (a memory not written yet)."""

    articles: list[Article]
    """Its articles, annotated and translated."""

    problems: list[Problem]
    """The problems met reading it and its memories."""

    found: list[list[Found]]
    """The names each article introduces (discovery's per-article part)."""

    revisions: list[int]
    """Each article's revision."""

    idents: list[Ident]
    """Each article's `Article.ident`."""

    counts: Counts
    """The summary's figures of its articles when taken as they are (`settled_counts`)."""


@dataclass
class Reuse:
    """What the last build leaves for the next."""

    inputs: str = ""
    """`inputs_key` of the last build."""

    seeds: dict[Path, SeedRecord] = field(default_factory=dict)
    """The seeds whose articles can be taken as they are, by path (see `add`)."""

    registry: Registry | None = None
    """The registry of the last build (its matcher is built)."""

    discovered: tuple[tuple[str, str, str, str], ...] = ()
    """The discovered actors the articles were annotated with (`stages.discovered`)."""

    merged: Merged | None = None
    """Discovery's candidates and what they were made from (`merge_again`)."""

    slugs: Slugs | None = None
    """The slugs the articles were given, and what they asked for (`assign_slugs`)."""

    seed_paths: tuple[frozenset[str], list[Path]] = (frozenset(), [])
    """The names in the seeds folder at the last build, and its seeds' paths."""

    stamps: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Every file the records were made from, by name, as they found it: MISSING when it
    did not exist, CONFLICT when two records found it different."""

    owners: dict[str, tuple[Path, ...]] = field(default_factory=dict)
    """The seeds whose records were made from each of those files."""

    counts: Counts = field(default_factory=Counts)
    """The figures of all the records' articles (`SeedRecord.counts`), added up."""

    introductions: dict[Ident, list[Found]] = field(default_factory=dict)
    """The names each of the records' articles introduces (`SeedRecord.found`), by
    `Article.ident`: its keys are the articles a build takes as they are."""

    revisions: dict[int, int] = field(default_factory=dict)
    """Each of the records' articles' revision (`SeedRecord.revisions`), by the `id` of
    the article."""

    def usable(self, inputs: str) -> bool:
        """Whether anything can be reused under these inputs."""
        return bool(self.seeds) and inputs == self.inputs

    def kept(
        self, seeds: list[Path], files: Snapshot, looked_at: Collection[str] | None = None
    ) -> dict[Path, SeedRecord | None]:
        """Each seed's record, when none of its files changed since (else None). With
        `looked_at`, only those names are compared: the caller knows the others have not
        changed since the records were made."""
        # One look at each recorded file, and only the seeds of those that changed.
        stale = {seed for name in self.differing(files, looked_at) for seed in self.owners[name]}
        records = self.seeds
        kept = {seed: records.get(seed) for seed in seeds}
        kept.update((seed, None) for seed in stale if seed in kept)
        return kept

    def differing(self, files: Snapshot, names: Iterable[str] | None = None) -> list[str]:
        """The files the records were made from (or those of them among `names`) that are
        not as they found them."""
        stamps = self.stamps
        if names is None:
            return [name for name, stamp in stamps.items() if files.get(name, MISSING) != stamp]
        return [
            name for name in names if name in stamps and files.get(name, MISSING) != stamps[name]
        ]

    def carry(self, last: Reuse, kept: Iterable[Path]) -> None:
        """Take over the last build's records of the seeds kept (the others are forgotten,
        and their files with them, one seed at a time). The last build's are moved, not
        copied: it is left with none, and nothing more is taken from it."""
        self.seeds, self.stamps, self.owners, self.counts = (
            last.seeds,
            last.stamps,
            last.owners,
            last.counts,
        )
        self.introductions, self.revisions = last.introductions, last.revisions
        last.seeds, last.stamps, last.owners, last.counts = {}, {}, {}, Counts()
        last.introductions, last.revisions = {}, {}
        for seed in self.seeds.keys() - set(kept):
            self.forget(seed)

    def add(self, seed: Path, record: SeedRecord) -> None:
        """Record a seed (one not recorded yet)."""
        self.seeds[seed] = record
        self.counts.add(record.counts)
        self.introductions.update(zip(record.idents, record.found, strict=True))
        self.revisions.update(zip(map(id, record.articles), record.revisions, strict=True))
        for name in _names(record):
            self._note(name, record, seed)

    def forget(self, seed: Path) -> None:
        """Drop a seed's record, and the files no other record was made from."""
        record = self.seeds.pop(seed)
        self.counts.remove(record.counts)
        for ident in record.idents:
            del self.introductions[ident]
        for article in record.articles:
            del self.revisions[id(article)]
        for name in _names(record):
            owners = tuple(owner for owner in self.owners.pop(name) if owner != seed)
            del self.stamps[name]
            for owner in owners:  # (the others' stamps: they may agree now)
                self._note(name, self.seeds[owner], owner)

    def _note(self, name: str, record: SeedRecord, seed: Path) -> None:
        """Note that a record was made from a file (present or absent)."""
        stamp = next((stamp for known, stamp in record.present if known == name), MISSING)
        if self.stamps.setdefault(name, stamp) != stamp:
            self.stamps[name] = CONFLICT  # two records found it different: both stale
        self.owners[name] = (*self.owners.get(name, ()), seed)


def _names(record: SeedRecord) -> list[str]:
    """The files a record was made from, by name."""
    return [*(name for name, _ in record.present), *record.absent]


def is_complete(article: Article) -> bool:
    """Whether every sentence of the article has English (one that lacks some is read and
    annotated again, in case a model has become available)."""
    return all(sentence.translation is not None for sentence in article.sentences)
