"""Atom feeds and the date archive."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from support import ROOT, render_site

from digest.actors.index import build_index
from digest.build import prepare
from digest.model import Article
from digest.outputs.feeds import ATOM, atom, feeds
from digest.pipeline import assign_slugs, run, segment
from digest.pipeline.state import BuildState
from digest.project import Project
from digest.site.render import make_environment


def _prepared():  # type: ignore[no-untyped-def]
    return prepare(Project.from_section(ROOT, {}), None, save=False)


def test_site_and_actor_feeds_are_atom_with_both_titles() -> None:
    prepared = _prepared()
    entries = build_index(prepared.articles, prepared.state.actors)
    files = feeds("Digest", prepared.articles, entries, "https://example.org/digest/", True)
    feed = ET.fromstring(files["feed.xml"])
    [entry] = feed.findall(f"{{{ATOM}}}entry")
    title = entry.findtext(f"{{{ATOM}}}title") or ""
    assert title.startswith("France calls for") and "فرنسا تطالب" in title
    link = entry.find(f"{{{ATOM}}}link")
    assert (
        link is not None
        and link.get("href") == "https://example.org/digest/articles/000-83f5f90aea9c826b/"
    )
    assert entry.findtext(f"{{{ATOM}}}updated") == "2020-01-13T00:00:00Z"
    assert "actors/khalifa-haftar/feed.xml" in files
    assert "actors/angela-merkel/feed.xml" not in files  # never named: no feed


def test_feed_text_is_escaped() -> None:
    article = Article("x", Path("x.txt"), "<script>alert(1)</script> & عنوان", ["<b>فقرة</b>."])
    run(BuildState([article]), [assign_slugs, segment])
    text = atom("t", "feed.xml", [article], "", "", "articles/{slug}/")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert ET.fromstring(text) is not None


def test_archive_groups_days_by_month() -> None:
    prepared = _prepared()
    page = render_site(prepared.articles, make_environment(ROOT / "templates"))["archive.md"]
    assert "## January 2020" in page and "[13 January 2020](days/2020-01-13.md) — 1 article" in page
