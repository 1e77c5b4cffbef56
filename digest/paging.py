"""Long lists split over pages, so that no page of a large digest grows without bound.

A page holds at most a few hundred entries: Material renders whatever a page holds, and a
reader's browser has to load it whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
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


PAGER_REACH = 2
"""Pages on each side of the current one that a pager links to, besides the first and the
last: a list of hundreds of pages gets a pager of a few links, not hundreds on each page."""


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a page stands among the pages of one list."""

    number: int
    """1-based number of this page."""

    count: int
    """How many pages the list has."""

    first: str
    """The generated-page path of the first page; the others are below it (`paginate`)."""

    def path(self, number: int) -> str:
        """The generated-page path of page `number` of the list."""
        return self.first if number == 1 else f"{self.first.removesuffix('.md')}/{number}.md"

    @property
    def pages(self) -> list[str]:
        """Every page of the list, in order (as templates made before `links` list them)."""
        return [self.path(number) for number in range(1, self.count + 1)]

    @property
    def links(self) -> list[tuple[int, str] | None]:
        """The pages the pager shows, in order, by number and path: the first, the last and
        those within `PAGER_REACH` of this one; `None` where pages are left out (never
        just one: that page is shown instead)."""
        near = range(
            max(1, self.number - PAGER_REACH), min(self.count, self.number + PAGER_REACH) + 1
        )
        numbers = sorted({1, self.count, *near})
        links: list[tuple[int, str] | None] = []
        for before, number in pairwise([0, *numbers]):
            if number - before == 2:
                links.append((before + 1, self.path(before + 1)))
            elif number - before > 2:
                links.append(None)
            links.append((number, self.path(number)))
        return links


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
    pagers = [Pager(number, len(chunks), first) for number in range(1, len(chunks) + 1)]
    return [
        Page(pager.path(pager.number), chunk, pager)
        for pager, chunk in zip(pagers, chunks, strict=True)
    ]
