"""The articles newest first, kept from one build to the next.

`model.newest_first` sorts the articles by `model.order_key`: at ten thousand articles, a
good part of a rebuild goes on working out every article's key and comparing them. A
rebuild replaces a few articles with their new versions, most often at the same place:
`ordered_again` starts from the last build's order and keys, and puts the few where they
go.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from digest.model import Article, order_key

OrderKey = tuple[bool, int, str, str]
"""`model.order_key` of an article."""


@dataclass
class Ordering:
    """Articles newest first, each with its order key."""

    articles: list[Article] = field(default_factory=list)
    """The articles, newest first (`model.newest_first`)."""

    keys: list[OrderKey] = field(default_factory=list)
    """Each article's `model.order_key`, as it was when the article was put in its place."""


SORT_ANEW = 0.125
"""The share of the articles to put in their places above which all are sorted anew."""


def ordered_again(articles: list[Article], last: Ordering) -> Ordering:
    """The articles newest first, from the last build's ordering: the articles it holds
    keep their places, the others are put at theirs, the same order as sorting them all.
    (An article's date and title do not change once read; its slug may: an article
    whose slug is not the one it was placed with is placed again.)"""
    position = {id(article): n for n, article in enumerate(last.articles)}
    keys = last.keys
    kept = bytearray(len(keys))
    fresh: list[Article] = []
    for article in articles:
        n = position.get(id(article))
        if n is not None and keys[n][3] is article.slug:
            kept[n] = 1
        else:
            fresh.append(article)
    gone = _zeros(kept)
    if not fresh and not gone:
        return last
    if len(fresh) > len(articles) * SORT_ANEW:
        return sorted_anew(articles)
    fresh_keys = [order_key(article) for article in fresh]
    ordered = list(last.articles)
    if sorted(fresh_keys) == sorted(keys[n] for n in gone):  # the same places
        by_key = dict(zip(fresh_keys, fresh, strict=True))
        for n in gone:
            ordered[n] = by_key[keys[n]]
        return Ordering(ordered, keys)
    ordered_keys = list(keys)
    for n in reversed(gone):
        del ordered[n], ordered_keys[n]
    for key, article in zip(fresh_keys, fresh, strict=True):
        at = bisect.bisect_left(ordered_keys, key)
        ordered.insert(at, article)
        ordered_keys.insert(at, key)
    return Ordering(ordered, ordered_keys)


def sorted_anew(articles: list[Article]) -> Ordering:
    """The articles newest first, every key worked out."""
    keys = [order_key(article) for article in articles]
    ranked = sorted(range(len(articles)), key=keys.__getitem__)
    return Ordering([articles[n] for n in ranked], [keys[n] for n in ranked])


def _zeros(flags: bytearray) -> list[int]:
    """Where the flags are 0, in order (found by the interpreter's own search)."""
    found, at = [], flags.find(0)
    while at >= 0:
        found.append(at)
        at = flags.find(0, at + 1)
    return found
