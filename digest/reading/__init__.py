"""Readers turn one seed file into articles. They form a registry keyed by file suffix.

A new format is one small module that defines `read(path, text) -> list[Article]` and
registers it with `@register(".ext")`; `read_seed` finds it by the file's suffix.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from digest.errors import InputError, Problem
from digest.model import Article
from digest.reading.decoding import decode, read_bytes
from digest.reading.partial import PartialReadError

Reader = Callable[[Path, str], list[Article]]
"""Signature of a reader: the seed's path and its decoded text, to the articles it holds."""

READERS: dict[str, Reader] = {}


def register(*suffixes: str) -> Callable[[Reader], Reader]:
    """Register a reader for the given file suffixes (lower case, with the dot)."""

    def add(reader: Reader) -> Reader:
        for suffix in suffixes:
            READERS[suffix] = reader
        return reader

    return add


def read_seed(path: Path) -> list[Article]:
    """Read one seed file with the reader registered for its suffix. Problems that did not
    stop the reading (an encoding that was guessed) go with the file's first article."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise InputError(path, "has no reader for its file type.", f"Use one of: {known}.")
    text, problems = decode(path, read_bytes(path))
    try:
        articles = reader(path, text)
    except PartialReadError as partial:
        partial.problems[:0] = problems
        raise
    except InputError as error:
        if not problems:
            raise
        raise PartialReadError([], [*problems, error.problem]) from None
    if articles:
        articles[0].problems[:0] = problems
    return articles


def seed_files(folder: Path) -> list[Path]:
    """The seed files of a folder, in a stable order (by name)."""
    with os.scandir(folder) as entries:
        names = [entry.name for entry in entries if _maybe_file(entry)]
    return [folder / name for name in sorted(filter(_is_seed_name, names))]


def _maybe_file(entry: os.DirEntry[str]) -> bool:
    """Whether a folder entry is a file, or a link that cannot be followed (to nothing, or
    round in a loop): the reader then says what is wrong with it."""
    try:
        return entry.is_file() or entry.is_symlink()
    except OSError:
        return True


def _is_seed_name(name: str) -> bool:
    """Whether a file of the seeds folder is an article source (not a sidecar)."""
    return os.path.splitext(name)[1].lower() in READERS and not name.startswith(".")


def read_seeds(folder: Path) -> tuple[list[Article], list[Problem]]:
    """Every article of a seeds folder, and the problems of the files that could not be read."""
    articles: list[Article] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        problem = Problem(
            folder, "is not a folder.", "Create it and put the Arabic articles in it."
        )
        return [], [problem]
    for path in seed_files(folder):
        read, met = read_seed_file(path)
        articles += read
        problems += met
    return articles, problems


def read_seed_file(path: Path) -> tuple[list[Article], list[Problem]]:
    """The articles of one seed file, and every problem met reading it (the file's and its
    articles')."""
    try:
        articles = read_seed(path)
        problems = []
    except PartialReadError as partial:
        articles, problems = partial.articles, list(partial.problems)
    except InputError as error:
        return [], [error.problem]
    return articles, problems + [p for article in articles for p in article.problems]


# Importing the modules registers their readers.
from digest.reading import json_corpus, markdown, text  # noqa: E402

__all__ = [
    "READERS",
    "Reader",
    "json_corpus",
    "markdown",
    "read_seed",
    "read_seed_file",
    "read_seeds",
    "register",
    "seed_files",
    "text",
]
