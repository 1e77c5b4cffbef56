"""Story threads over real Arabic articles: a reprint joins its original, articles naming
the same actors about other events stay apart, and grouping article by article gives what
grouping all at once gives."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from support import FIXTURES, SEED

from digest.reading import read_seed
from digest.stories.group import MAX_SPAN_DAYS, WINDOW_DAYS, Grouping, StoryItem, group


def fixture_items() -> list[StoryItem]:
    """The seed (13 January 2020), the search fixtures (15–17 January, Libya: Haftar's
    forces, a Cairo conference, a visit to Moscow) and the Tunisian election article."""
    paths = [SEED, *sorted((FIXTURES / "search").glob("*.md"))]
    paths.append(FIXTURES / "articles" / "tunisia-election.md")
    articles = [article for path in paths for article in read_seed(path)]
    return [
        StoryItem(article.slug or path.stem, article.date, article.title, "\n".join(article.body))
        for path, article in zip(paths, articles, strict=True)
    ]


def reprint(original: StoryItem, days: int) -> StoryItem:
    """Another outlet's shorter rewrite of the same bulletin, some days later."""
    lede = "\n".join(original.text.split("\n")[:4])
    title = "ماكرون يطالب بوقف دائم لإطلاق النار في ليبيا"
    assert original.date is not None
    return StoryItem("reprint", original.date + dt.timedelta(days=days), title, lede)


def ordered(items: list[StoryItem]) -> list[StoryItem]:
    return sorted(items, key=lambda item: item.date or dt.date.max)


def test_a_reprint_joins_its_story_and_other_events_stay_apart() -> None:
    items = fixture_items()
    seed = items[0]
    stories = dict(zip([i.key for i in ordered([*items, reprint(seed, 1)])],
                       group(ordered([*items, reprint(seed, 1)])), strict=True))  # fmt: skip
    assert stories["reprint"] == stories[seed.key]
    # Haftar's forces, a Cairo conference, a Moscow visit: Libya and its actors again,
    # but other events.
    others = [stories[item.key] for item in items[1:]]
    assert len(set(others)) == len(others) and stories[seed.key] not in others


def test_a_story_goes_quiet_after_its_window() -> None:
    items = fixture_items()
    late = reprint(items[0], WINDOW_DAYS + 7)
    keys = [i.key for i in ordered([*items, late])]
    stories = dict(zip(keys, group(ordered([*items, late])), strict=True))
    assert stories["reprint"] != stories[items[0].key]


def test_a_story_takes_articles_for_a_few_days_only() -> None:
    items = fixture_items()
    daily = [replace(reprint(items[0], n), key=f"day {n}") for n in range(1, 8)]
    keys = [i.key for i in ordered([*items, *daily])]
    stories = dict(zip(keys, group(ordered([*items, *daily])), strict=True))
    first = stories[items[0].key]
    assert [stories[f"day {n}"] == first for n in range(1, 8)] == [
        n <= MAX_SPAN_DAYS for n in range(1, 8)
    ]
    assert stories[f"day {MAX_SPAN_DAYS + 1}"] == stories["day 7"]  # (a new story goes on)


def test_grouping_article_by_article_equals_grouping_at_once() -> None:
    items = ordered([*fixture_items(), reprint(fixture_items()[0], 1)])
    items.append(replace(items[0], key="undated", date=None))
    at_once = group(items)
    for cut in range(len(items) + 1):
        grouping = Grouping()
        grouping.add(items[:cut])
        for item in items[cut:]:
            grouping.add([item])
        assert grouping.stories == at_once, cut
    assert at_once[-1] == len(items) - 1  # (an undated article: a story of its own)


def test_articles_must_come_in_date_order() -> None:
    items = ordered(fixture_items())
    grouping = Grouping()
    grouping.add(items[1:])
    with pytest.raises(ValueError, match="date order"):
        grouping.add(items[:1])
