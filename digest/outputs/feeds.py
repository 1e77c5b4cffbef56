"""Atom feeds: one of all articles, one of stories, one per actor. Built with the standard
library's ElementTree, which escapes every text, so article text cannot inject markup."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from digest.actors.index import ActorEntry
from digest.model import Article, newest_first
from digest.site.sources import source_named
from digest.stories.threads import Story

ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM)
LIMIT = 50
"""Entries per feed: the newest."""


def _stamp(date: dt.date | None) -> str:
    return f"{(date or dt.date(1970, 1, 1)).isoformat()}T00:00:00Z"


def _element(parent: ET.Element, tag: str, text: str = "", **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text:
        element.text = text
    return element


def _url(base: str, path: str) -> str:
    """A page's URL: absolute under `site_url` when the site has one, else site-relative."""
    return base.rstrip("/") + "/" + path if base else path


def atom(
    title: str, feed_id: str, articles: Iterable[Article], link: str, base: str, page_url: str
) -> str:
    """An Atom feed of articles, newest first: both titles, link, date."""
    ordered = newest_first(articles)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _element(feed, "title", title)
    _element(feed, "id", _url(base, feed_id))
    _element(feed, "link", href=_url(base, link))
    _element(feed, "updated", _stamp(max((a.date for a in ordered if a.date), default=None)))
    for article in ordered[:LIMIT]:
        entry = _element(feed, "entry")
        _element(entry, "title", _title(article))
        url = _url(base, page_url.format(slug=article.slug))
        _element(entry, "id", url)
        _element(entry, "link", href=url)
        _element(entry, "updated", _stamp(article.date))
        _element(entry, "summary", article.body[0] if article.body else "")
        if article.author or article.source:
            _element(_element(entry, "author"), "name", article.author or article.source)
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def _title(article: Article) -> str:
    english = article.title_en
    return f"{english} · {article.title}" if english else article.title


def story_atom(title: str, stories: Iterable[Story], base: str, directory_urls: bool) -> str:
    """An Atom feed of the newest stories of several articles (by their newest article):
    the story's title, link, its latest date, and its articles and outlets."""
    threaded = [story for story in stories if story.threaded][:LIMIT]
    feed = ET.Element(f"{{{ATOM}}}feed")
    _element(feed, "title", f"{title}: stories")
    _element(feed, "id", _url(base, "stories/feed.xml"))
    _element(feed, "link", href=_url(base, ""))
    _element(feed, "updated", _stamp(max((s.last for s in threaded if s.last), default=None)))
    for story in threaded:
        entry = _element(feed, "entry")
        _element(entry, "title", _title(story.central))
        stem = f"stories/{story.id}"
        url = _url(base, f"{stem}/" if directory_urls else f"{stem}.html")
        _element(entry, "id", url)
        _element(entry, "link", href=url)
        _element(entry, "updated", _stamp(story.last))
        outlets = [(named.en or named.ar) for o in story.outlets if (named := source_named(o))]
        titles = "; ".join(_title(article) for article in story.articles)
        summary = f"{len(story.articles)} articles ({', '.join(outlets)}): {titles}"
        _element(entry, "summary", summary)
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def feeds(
    title: str,
    articles: list[Article],
    entries: dict[str, ActorEntry],
    base: str,
    directory_urls: bool,
    ordered: list[Article] | None = None,
    stories: list[Story] | None = None,
) -> dict[str, str]:
    """The site's feed, its stories' (when given, newest first) and one per named actor,
    by their path in the site. `ordered` is the articles newest first (`newest_first`)
    when the caller has sorted them already."""
    page = "articles/{slug}/" if directory_urls else "articles/{slug}.html"
    newest = (newest_first(articles) if ordered is None else ordered)[:LIMIT]
    files = {"feed.xml": atom(title, "feed.xml", newest, "", base, page)}
    if stories is not None:
        files["stories/feed.xml"] = story_atom(title, stories, base, directory_urls)
    for actor_id, entry in entries.items():
        if entry.rows:
            actor_page = f"actors/{actor_id}/" if directory_urls else f"actors/{actor_id}.html"
            path = f"actors/{actor_id}/feed.xml"
            latest = [part.article for _, part in entry.rows[:LIMIT]]
            feed_title = f"{title}: {entry.actor.en}"
            files[path] = atom(feed_title, path, latest, actor_page, base, page)
    return files
