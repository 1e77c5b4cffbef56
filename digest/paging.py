"""Long lists split over pages, so that no page of a large digest grows without bound.

A page holds at most a few hundred entries: Material renders whatever a page holds, and a
reader's browser has to load it whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

ARTICLES_PER_DAY_PAGE = 200
HOME_ARTICLES = 100
"""The home page lists whole days, newest first, until it holds at least this many."""
ACTOR_ARTICLES_PER_PAGE = 25
"""Articles (with their paragraphs) per page of an actor."""
ACTOR_QUOTES = 20
"""Quotations by and about an actor on its first page; the quotes pages hold the rest."""
ACTOR_ROWS_PER_PAGE = 500
"""Rows of an actor table per page; the actor index shows the first of each type."""
ACTOR_INDEX_ROWS = 100
QUOTES_PER_PAGE = 200
"""Quotations per page of a month; the quotes page shows the newest."""


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a page stands among the pages of one list."""

    number: int
    """1-based number of this page."""

    pages: list[str]
    """Every page of the list, in order (generated-page paths)."""

    @property
    def count(self) -> int:
        return len(self.pages)


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list."""

    path: str
    items: Sequence[T]
    pager: Pager


def paginate(items: Sequence[T], size: int, first: str) -> list[Page[T]]:
    """The items in pages of at most `size`: the first at `first` (`days/2020-01-13.md`),
    the others below it (`days/2020-01-13/2.md`). An empty list still has its first page."""
    chunks = [items[start : start + size] for start in range(0, len(items), size)] or [items]
    stem = first.removesuffix(".md")
    paths = [first, *(f"{stem}/{number}.md" for number in range(2, len(chunks) + 1))]
    return [
        Page(path, chunk, Pager(number, paths))
        for number, (path, chunk) in enumerate(zip(paths, chunks, strict=True), 1)
    ]
