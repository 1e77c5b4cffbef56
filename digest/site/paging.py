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

DAY_ENTRIES_PER_PAGE = 200
"""Lines of a day page: a story (with its articles of the day) or an article."""
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
STORIES_NEWEST = 50
"""Stories of several articles on the stories page; the month pages hold them all."""
STORIES_PER_PAGE = 200
"""Stories per page of a month."""


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

    from_oldest: bool = False
    """Whether the pages are numbered from the oldest end of the list (`archive`): the
    first page, the newest, is page `count`."""

    def path(self, number: int) -> str:
        """The generated-page path of page `number` of the list."""
        if number == self._first_number:
            return self.first
        return f"{self.first.removesuffix('.md')}/{number}.md"

    @property
    def _first_number(self) -> int:
        return self.count if self.from_oldest else 1

    @property
    def is_first(self) -> bool:
        """Whether this is the list's first page (at `first`)."""
        return self.number == self._first_number

    def label(self, number: int) -> str:
        """How the pager names page `number`."""
        return "Newest" if self.from_oldest and number == self.count else str(number)

    @property
    def heading(self) -> str:
        """What the pager says first. (Not the count of an archive's pages: a page keeps
        what it shows while the list grows.)"""
        return "Pages, newest first" if self.from_oldest else f"Page {self.number} of {self.count}"

    @property
    def previous(self) -> str | None:
        """The page before this one in reading order (a newer one, in an archive)."""
        return self._step(1 if self.from_oldest else -1)

    @property
    def next(self) -> str | None:
        """The page after this one in reading order (an older one, in an archive)."""
        return self._step(-1 if self.from_oldest else 1)

    def _step(self, by: int) -> str | None:
        number = self.number + by
        return self.path(number) if 1 <= number <= self.count else None

    @property
    def pages(self) -> list[str]:
        """Every page of the list, in reading order."""
        numbers = range(1, self.count + 1)
        return [
            self.path(number) for number in (reversed(numbers) if self.from_oldest else numbers)
        ]

    @property
    def links(self) -> list[tuple[int, str] | None]:
        """The pages the pager shows, in reading order, by number and path: the first, the
        last and those within `PAGER_REACH` of this one; `None` where pages are left out
        (never just one: that page is shown instead)."""
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
        return links[::-1] if self.from_oldest else links


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list."""

    path: str
    items: Sequence[T]
    pager: Pager


def archive(items: Sequence[T], size: int, first: str) -> list[Page[T]]:
    """Items listed newest first, in pages numbered from the oldest: page 1 holds the
    oldest `size` items, page 2 the next, and so on; the newest page, at `first`, holds
    the rest (from `size` to twice as many less one, or all of a shorter list). An item
    added at the newest end changes the newest page only (and once every `size` items
    makes a new page under it, changing the pagers of those near it): every other page
    keeps its items, number, path and pager, so a link to it stays good."""
    count = max(1, len(items) // size)
    pages = []
    for number in range(count, 0, -1):
        pager = Pager(number, count, first, from_oldest=True)
        end = len(items) - size * (number - 1)
        start = 0 if number == count else end - size
        path = first if number == count else pager.path(number)
        pages.append(Page(path, items[start:end], pager))
    return pages


def paginate(items: Sequence[T], size: int, first: str) -> list[Page[T]]:
    """The items in pages of at most `size`: the first at `first` (`days/2020-01-13.md`),
    the others below it (`days/2020-01-13/2.md`). An empty list still has its first page."""
    chunks = [items[start : start + size] for start in range(0, len(items), size)] or [items]
    pagers = [Pager(number, len(chunks), first) for number in range(1, len(chunks) + 1)]
    return [
        Page(pager.path(pager.number), chunk, pager)
        for pager, chunk in zip(pagers, chunks, strict=True)
    ]
