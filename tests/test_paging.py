"""Long lists split over pages, and large digests built in several processes."""

from __future__ import annotations

import gc
import re
import shutil
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest
from support import ROOT, render_site

import digest.build
import digest.parallel
import digest.site.render
from digest.actors.index import build_index
from digest.build import prepare
from digest.parallel import FORK_FROM
from digest.project import Project
from digest.site.links import page_url
from digest.site.paging import ACTOR_ARTICLES_PER_PAGE, PAGER_REACH, Pager, archive, paginate
from digest.site.render import make_environment, render_pages, site_specs
from digest.stories.threads import Story

PARAGRAPH = 'وقال المشير خليفة حفتر في بيان: "لن نتراجع عن مواقعنا" في اليوم {n}.'


def test_paginate_keeps_every_item_once_in_order() -> None:
    pages = paginate(list(range(12)), 5, "days/2020-01-13.md")
    assert [p.path for p in pages] == [
        "days/2020-01-13.md",
        "days/2020-01-13/2.md",
        "days/2020-01-13/3.md",
    ]
    assert [i for p in pages for i in p.items] == list(range(12))
    assert [(p.pager.number, p.pager.count) for p in pages] == [(1, 3), (2, 3), (3, 3)]
    assert all(p.pager.pages == [p.path for p in pages] for p in pages)
    assert [p.path for p in paginate([], 5, "quotes.md")] == ["quotes.md"]


def test_a_pager_links_to_the_ends_and_the_neighbours_of_its_page() -> None:
    for count in range(1, 40):
        for number in range(1, count + 1):
            links = Pager(number, count, "actors/libya.md").links
            shown = [link[0] for link in links if link is not None]
            wanted = {1, count, *range(number - PAGER_REACH, number + PAGER_REACH + 1)}
            assert set(shown) >= wanted & set(range(1, count + 1)), (number, count)
            assert shown == sorted(set(shown)), (number, count)
            assert len(links) <= 2 * PAGER_REACH + 5, (number, count)
            # A gap stands for two pages or more, and only where numbers are left out.
            for before, gap, after in zip(links, links[1:], links[2:], strict=False):
                if gap is None:
                    assert before is not None and after is not None
                    assert after[0] - before[0] > 2, (number, count)
            for before, after in pairwise(links):
                if before is not None and after is not None:
                    assert after[0] == before[0] + 1, (number, count)
    assert Pager(9, 400, "actors/libya.md").links == [
        (1, "actors/libya.md"),
        None,
        *((n, f"actors/libya/{n}.md") for n in range(7, 12)),
        None,
        (400, "actors/libya/400.md"),
    ]


def test_an_archive_is_paged_from_its_oldest_end() -> None:
    newest_first = list(range(62, 0, -1))
    pages = archive(newest_first, 5, "actors/libya.md")
    assert [p.path for p in pages[:3]] == [
        "actors/libya.md",
        "actors/libya/11.md",
        "actors/libya/10.md",
    ]
    assert pages[-1].path == "actors/libya/1.md" and list(pages[-1].items) == [5, 4, 3, 2, 1]
    assert [i for p in pages for i in p.items] == newest_first
    assert list(pages[0].items) == list(range(62, 55, -1))  # the rest: 5 to 9 of them
    assert [p.pager.is_first for p in pages] == [True] + [False] * 11
    assert all(p.pager.pages == [q.path for q in pages] for p in pages)
    assert pages[0].pager.previous is None and pages[0].pager.next == "actors/libya/11.md"
    assert pages[-1].pager.next is None and pages[-1].pager.previous == "actors/libya/2.md"
    assert [p.path for p in archive([], 5, "actors/x.md")] == ["actors/x.md"]
    assert [len(p.items) for p in archive(list(range(9)), 5, "actors/x.md")] == [9]


def shows(pager: Pager) -> object:
    """What a pager shows: its links, labels and headings."""
    links = [None if x is None else (pager.label(x[0]), x[1]) for x in pager.links]
    return pager.count > 1, pager.heading, pager.previous, pager.next, pager.is_first, links


def test_an_item_added_at_the_newest_end_leaves_the_older_pages_as_they_were() -> None:
    size = 5
    for count in range(1, 160):
        before = archive(list(range(count, 0, -1)), size, "actors/libya.md")
        after = archive(list(range(count + 1, 0, -1)), size, "actors/libya.md")
        old = {p.path: p for p in before}
        changed = [
            p.pager.number
            for p in after[1:]
            if p.path not in old
            or list(old[p.path].items) != list(p.items)
            or shows(old[p.path].pager) != shows(p.pager)
        ]
        if len(after) == len(before):
            assert changed == [], count  # only the newest page changed
        else:  # a new page under the newest, and the pagers of those near it
            assert changed and min(changed) >= len(after) - PAGER_REACH - 3, (count, changed)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("many")
    seeds = folder / "seeds"
    seeds.mkdir()
    for n in range(60):
        text = f"---\ntitle: عنوان رقم {n}\ndate: 2020-01-13\n---\n\n{PARAGRAPH.format(n=n)}\n"
        (seeds / f"a{n:02}.md").write_text(text, encoding="utf-8")
    section = {"actors": str(ROOT / "actors.yml")}
    prepared = prepare(Project.from_section(folder, section), None, save=False)
    actors = prepared.state.actors
    entries = build_index(prepared.articles, actors)
    mp = pytest.MonkeyPatch()
    mp.setattr(digest.site.render, "DAY_ENTRIES_PER_PAGE", 25)
    mp.setattr(digest.site.render, "QUOTES_PER_PAGE", 25)
    # (one paragraph sixty times would be one story: each is made a story of its own)
    alone = [Story(a.slug, (a,), a) for a in prepared.articles]
    try:
        return render_site(
            prepared.articles, make_environment(), actors=actors, entries=entries, stories=alone
        )
    finally:
        mp.undo()


def test_an_actor_named_in_sixty_articles_has_two_pages(site: dict[str, str]) -> None:
    pages = [p for p in site if p.startswith("actors/khalifa-haftar")]
    assert sorted(pages) == ["actors/khalifa-haftar.md", "actors/khalifa-haftar/1.md"]
    shown = [len(re.findall(r'class="digest-article-line"', site[p])) for p in sorted(pages)]
    assert shown == [60 - ACTOR_ARTICLES_PER_PAGE, ACTOR_ARTICLES_PER_PAGE]
    older = site["actors/khalifa-haftar/1.md"]
    assert "Khalifa Haftar, page 1" in older and "**Mentions:**" not in older
    assert "**Mentions:** 60 mentions in 60 articles" in site["actors/khalifa-haftar.md"]
    newest = page_url("actors/khalifa-haftar.md", "actors/khalifa-haftar/1.md")
    assert f'<a href="{newest}" rel="prev">Newer</a>' in older
    assert f'<a href="{newest}">Newest</a>' in older


def test_day_and_quote_pages_are_split(site: dict[str, str]) -> None:
    days = sorted(p for p in site if p.startswith("days/2020-01-13"))
    assert days == ["days/2020-01-13.md", "days/2020-01-13/2.md", "days/2020-01-13/3.md"]
    listed = sum(site[p].count("عنوان رقم") for p in days)
    assert listed == 60
    months = sorted(p for p in site if p.startswith("quotes/2020-01"))
    assert months == ["quotes/2020-01.md", "quotes/2020-01/2.md", "quotes/2020-01/3.md"]
    assert "35 older ones are on the pages of their month" in site["quotes.md"]


def test_pager_links_point_at_generated_pages(site: dict[str, str]) -> None:
    for path in ("actors/khalifa-haftar/1.md", "days/2020-01-13/3.md", "quotes/2020-01/2.md"):
        nav = re.search(r'<nav class="digest-pager".*?</nav>', site[path])
        assert nav, path
        for href in re.findall(r'href="([^"]+)"', nav.group()):
            target = [p for p in site if page_url(p, path) == href]
            assert target, (path, href)
    nav = re.search(r'<nav class="digest-pager".*?</nav>', site["days/2020-01-13/2.md"])
    assert nav
    first, third = (
        page_url(p, "days/2020-01-13/2.md") for p in ("days/2020-01-13.md", "days/2020-01-13/3.md")
    )
    assert "Page 2 of 3" in nav.group()
    assert f'<a href="{first}" rel="prev">Previous</a>' in nav.group()
    assert f'<a href="{third}" rel="next">Next</a>' in nav.group()


def test_rendering_in_two_processes_gives_the_same_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digest.parallel, "FORK_FROM", 2)  # the demo site has few pages
    prepared = prepare(Project.from_section(ROOT, {}), None, save=False)
    actors = prepared.state.actors
    entries = build_index(prepared.articles, actors)
    specs = site_specs(prepared.articles, make_environment(), "Digest", actors, True, entries)
    serial, forked = dict(render_pages(specs, workers=1)), dict(render_pages(specs, workers=2))
    assert len(serial) == len(specs) > 2
    assert serial == forked


def test_preparing_in_two_processes_gives_the_same_site(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    source = (ROOT / "seeds" / "000_83f5f90aea9c826b.txt").read_text(encoding="utf-8")
    sentences = [s.strip() + "." for s in " ".join(source.split("\n")[1:]).split(".") if s.strip()]
    for n in range(FORK_FROM + 6):
        body = "\n\n".join(sentences[(n + k) % len(sentences)] for k in range(4))
        text = f"---\ntitle: عنوان رقم {n}\ndate: 2020-01-{n % 28 + 1:02}\n---\n\n{body}\n"
        (seeds / f"a{n:02}.md").write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "actors.yml", tmp_path / "actors.yml")
    sites, counts = [], []
    for workers in (1, 2):
        project = replace(Project.from_section(tmp_path, {}), workers=workers)
        prepared = prepare(project, None, save=False)
        actors = prepared.state.actors
        sites.append(render_site(prepared.articles, make_environment(), actors=actors))
        counts.append(prepared.state.counts)
    assert sites[0] == sites[1] and counts[0] == counts[1]
    assert len(sites[0]) > FORK_FROM and len(prepared.articles) == FORK_FROM + 6


def test_the_collector_is_off_while_preparing_and_as_it_was_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[bool] = []
    original = digest.build._prepare

    def watched(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(digest.build, "_prepare", watched)
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            prepare(Project.from_section(ROOT, {}), None, save=False)
            assert gc.isenabled() is enabled
        finally:
            gc.enable()
    assert seen == [False, False]


def test_a_new_article_changes_the_newest_page_of_its_actor_only(tmp_path: Path) -> None:
    """The older pages of an actor keep their articles and paths as articles arrive (a
    reader's bookmark and the browser's cache stay good)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()

    def add(n: int, day: int) -> None:
        text = (
            f"---\ntitle: عنوان رقم {n}\ndate: 2020-01-{day:02}\n---\n\n{PARAGRAPH.format(n=n)}\n"
        )
        (seeds / f"a{n:03}.md").write_text(text, encoding="utf-8")

    for n in range(110):
        add(n, 1 + n % 20)
    project = Project.from_section(tmp_path, {"actors": str(ROOT / "actors.yml")})
    env = make_environment()
    sites = []
    for n in (110, 111):
        if n == 111:
            add(n, 28)  # the newest article
        prepared = prepare(project, None, save=False)
        actors = prepared.state.actors
        specs = site_specs(prepared.articles, env, "Digest", actors, True)
        pages = dict(render_pages(specs, workers=1))
        sites.append({p: text for p, text in pages.items() if p.startswith("actors/khalifa")})
    before, after = sites
    assert len(after) == 111 // ACTOR_ARTICLES_PER_PAGE
    changed = [path for path in after if before.get(path) != after[path]]
    assert changed == ["actors/khalifa-haftar.md"]
