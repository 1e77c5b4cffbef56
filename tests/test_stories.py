"""Story threads over real Arabic articles: a reprint joins its original, articles naming
the same actors about other events stay apart, and grouping article by article gives what
grouping all at once gives."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from support import FIXTURES, ROOT, SEED, render_site

from digest.actors.index import build_index
from digest.build import Prepared, prepare
from digest.outputs.export import export_files
from digest.outputs.feeds import feeds
from digest.outputs.search import INDEX_DIR, query_keys, search_files, shard_name
from digest.project import Project
from digest.reading import read_seed
from digest.site import render
from digest.site.render import make_environment
from digest.stories import threads
from digest.stories.group import MAX_SPAN_DAYS, WINDOW_DAYS, Grouping, StoryItem, group
from digest.stories.threads import find_stories


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


def write_project(folder: Path, reprint_date: str = "2020-01-18") -> Path:
    """The seed, the search fixtures and the Tunisian article, and another outlet's
    shorter rewrite of the Benghazi article a day later."""
    seeds = folder / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds)
    for path in [
        *(FIXTURES / "search").glob("*.md"),
        FIXTURES / "articles" / "tunisia-election.md",
    ]:
        shutil.copy(path, seeds)
    original = (FIXTURES / "search" / "benghazi-forces.md").read_text("utf-8")
    head, body = original.split("\n---\n", 1)
    head = (
        head.replace("2020-01-17", reprint_date)
        .replace("slug: benghazi-forces", "slug: benghazi-reprint")
        .replace("وكالة الأنباء الليبية", "okaz")
        .replace(
            "قوات شرق ليبيا تعلن السيطرة على مواقع جديدة", "حفتر يعلن السيطرة على مواقع جنوب طرابلس"
        )
    )
    lede = "\n\n".join(body.strip().split("\n\n")[:2])
    (seeds / "benghazi-reprint.md").write_text(f"{head}\n---\n\n{lede}\n", "utf-8")
    return folder


@pytest.fixture(scope="module")
def prepared_project(tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    folder = write_project(tmp_path_factory.mktemp("stories"))
    return prepare(
        Project.from_section(folder, {"actors": str(ROOT / "actors.yml")}), None, save=False
    )


@pytest.fixture(scope="module")
def site(prepared_project: Prepared) -> dict[str, str]:
    actors = prepared_project.state.actors
    entries = build_index(prepared_project.articles, actors)
    return render_site(
        prepared_project.articles, make_environment(), actors=actors, entries=entries
    )


def test_find_stories_continues_a_kept_grouping_as_grouping_from_nothing(
    prepared_project: Prepared, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = prepared_project.articles
    whole, _ = find_stories(articles)
    assert [len(s.articles) for s in whole].count(2) == 1 and len(whole) == len(articles) - 1
    made: list[object] = []
    monkeypatch.setattr(threads, "Grouping", lambda: made.append(1) or Grouping())
    by_date = sorted(articles, key=lambda a: (a.date or dt.date.max, a.key))
    for cut in range(len(by_date) + 1):
        _, kept = find_stories(by_date[:cut])
        kept = pickle.loads(pickle.dumps(kept))  # (as the cache keeps it)
        made.clear()
        stories, _ = find_stories(articles, kept)
        assert made == [], cut  # (continued, not grouped again)
        assert stories == whole, cut
    # An article edited among those kept: grouped again from nothing, to the same stories.
    _, kept = find_stories(by_date[:-1])
    edited = replace(by_date[0], body=[*by_date[0].body, "فقرة أضيفت."])
    made.clear()
    stories, _ = find_stories([edited, *by_date[1:]], kept)
    assert made == [1] and [s.id for s in stories] == [s.id for s in whole]


def test_a_story_has_its_page_and_its_articles_link_to_each_other(site: dict[str, str]) -> None:
    page = site["stories/benghazi-forces.md"]
    assert page.count("<li>") == 2 and "17 January 2020 – 18 January 2020" in page
    assert "Okaz" in page and "وكالة الأنباء الليبية" in page
    assert "[Khalifa Haftar](../actors/khalifa-haftar.md)" in page  # (the actors involved)
    original, reprint = site["articles/benghazi-forces.md"], site["articles/benghazi-reprint.md"]
    assert "## Other articles of this story" in original
    assert 'href="../benghazi-reprint/"' in original and 'href="../benghazi-forces/"' in reprint
    assert 'href="../../stories/benghazi-forces/"' in original
    assert "Other articles of this story" not in site["articles/moscow-visit.md"]
    assert not [p for p in site if p.startswith("stories/") and "benghazi" not in p]


def test_a_day_lists_its_stories_before_its_other_articles(site: dict[str, str]) -> None:
    day = site["days/2020-01-18.md"]
    block = day[day.index('<div class="digest-story">') : day.index("</div>") + 6]
    assert 'href="../../stories/benghazi-forces/"' in block and "2 articles" in block
    assert "<summary>1 article of 18 January 2020</summary>" in block
    assert 'href="../../articles/benghazi-reprint/"' in block
    home = site["index.md"]
    assert home.count('<div class="digest-story">') == 2  # (its two days: 17 and 18 January)
    assert home.count("stories/benghazi-forces/") == 2
    assert '<div class="digest-story">' not in site["days/2020-01-15.md"]


def test_an_actor_page_lists_the_stories_it_is_in(site: dict[str, str]) -> None:
    haftar = site["actors/khalifa-haftar.md"]
    stories = haftar[haftar.index("## Stories") : haftar.index("## Articles")]
    assert stories.count("<li>") == 1 and "stories/benghazi-forces/" in stories
    assert "## Stories" not in site["actors/tunisia.md"]


def test_the_stories_page_lists_the_stories_of_several_articles_by_month(
    site: dict[str, str],
) -> None:
    page = site["all-stories.md"]
    items = page[page.index('<ul class="digest-story-list">') : page.index("</ul>")]
    assert items.count("<li>") == 1 and 'href="../stories/benghazi-forces/"' in items
    assert "2 articles · " in items and "Okaz" in items  # (its count and its outlets)
    assert "17 January 2020 – 18 January 2020" in items
    assert "- [January 2020](all-stories/2020-01.md) — 1 story" in page
    month = site["all-stories/2020-01.md"]
    assert "# Stories, January 2020" in month and 'href="../../stories/benghazi-forces/"' in month
    assert "\n\n" not in items  # (one HTML block: Markdown is not read inside)


def test_the_stories_page_shows_the_newest_and_the_months_hold_the_others(
    prepared_project: Prepared, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = prepared_project.articles
    monkeypatch.setattr(render, "STORIES_NEWEST", 0)
    monkeypatch.setattr(render, "STORIES_PER_PAGE", 1)
    # Each dated article a story of two: itself and a copy a day later.
    stories = [
        threads.Story(a.slug, (replace(a, date=a.date + dt.timedelta(days=1)), a), a)
        for a in articles
        if a.date
    ]
    specs = render.story_list_specs(
        stories,
        make_environment(),
        lambda page: {"ctx": render.PageContext(page, True, {}), "site_title": "", "actors": {}},
    )
    pages = {spec.path: spec.render() for spec in specs}
    assert "<li>" not in pages["all-stories.md"]
    listing = pages["all-stories.md"]
    assert f"the pages of each month list all {len(stories)}, by the month they began" in listing
    month_pages = [p for p in pages if p.startswith("all-stories/")]
    assert len(month_pages) == len(stories)  # (a story a page)
    assert all(pages[p].count("<li>") == 1 for p in month_pages)


def test_the_search_index_finds_a_story_by_its_articles_titles(
    prepared_project: Prepared,
) -> None:
    articles, actors = prepared_project.articles, prepared_project.state.actors
    stories, _ = find_stories(articles)
    files = search_files(articles, actors, build_index(articles, actors), stories=stories)
    meta = json.loads(files[f"{INDEX_DIR}/meta.json"])
    assert [block["name"] for block in meta["blocks"]][:2] == ["actors", "stories"]
    (row,) = json.loads(files[f"{INDEX_DIR}/stories/docs/0.json"])  # (one story of two)
    assert row[0] == "stories/benghazi-forces/" and row[7] == "Story · 2 articles"
    assert row[5] == "2020-01-17 – 2020-01-18"
    # Its reprint's title, not the story's: the story is found by it, as document 0.
    assert "حفتر يعلن السيطرة على مواقع جنوب طرابلس" in row[3]
    (keys,) = query_keys("طرابلس")
    shard = json.loads(files[f"{INDEX_DIR}/stories/keys/{shard_name(keys[0])}.json"])
    assert shard[keys[0]] == [0]
    alone = search_files(articles, actors, {}, stories=[s for s in stories if not s.threaded])
    assert f"{INDEX_DIR}/stories/docs/0.json" not in alone


def test_the_exports_and_the_feed_hold_the_stories(prepared_project: Prepared) -> None:
    articles, actors = prepared_project.articles, prepared_project.state.actors
    files = dict(export_files(articles, actors))
    data = json.loads(files["digest.json"])
    jsonschema.validate(data, json.loads(files["digest.schema.json"]))
    keys = {a.slug: a.key for a in articles}
    assert sum(len(s["articles"]) for s in data["stories"]) == len(articles)
    [story] = [s for s in data["stories"] if len(s["articles"]) > 1]
    assert story["articles"] == [keys["benghazi-reprint"], keys["benghazi-forces"]]
    assert story["id"] == "benghazi-forces" and story["outlets"][0] in (
        "okaz",
        "وكالة الأنباء الليبية",
    )
    assert "khalifa-haftar" in story["actors"]
    lines = [json.loads(line) for line in files["export/stories.jsonl"].splitlines()]
    assert lines == data["stories"]
    stories, _ = find_stories(articles)
    feed = feeds("Digest", articles, {}, "https://example.org/d/", True, stories=stories)
    entries = ET.fromstring(feed["stories/feed.xml"]).findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 1
    link = entries[0].find("{http://www.w3.org/2005/Atom}link")
    assert link is not None and link.get("href") == "https://example.org/d/stories/benghazi-forces/"
