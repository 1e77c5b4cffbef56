"""Atom feeds: one of all articles, one per actor. Built with the standard library's
ElementTree, which escapes every text, so article text cannot inject markup."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from digest.actors.index import ActorEntry
from digest.model import Article, newest_first

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
        english = article.title_sentence.translation if article.title_sentence else None
        _element(entry, "title", f"{english.text} · {article.title}" if english else article.title)
        url = _url(base, page_url.format(slug=article.slug))
        _element(entry, "id", url)
        _element(entry, "link", href=url)
        _element(entry, "updated", _stamp(article.date))
        _element(entry, "summary", article.body[0] if article.body else "")
        if article.author or article.source:
            _element(_element(entry, "author"), "name", article.author or article.source)
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def feeds(
    title: str,
    articles: list[Article],
    entries: dict[str, ActorEntry],
    base: str,
    directory_urls: bool,
    ordered: list[Article] | None = None,
) -> dict[str, str]:
    """The site's feed and one per named actor, by their path in the site. `ordered` is
    the articles newest first (`newest_first`) when the caller has sorted them already."""
    page = "articles/{slug}/" if directory_urls else "articles/{slug}.html"
    newest = (newest_first(articles) if ordered is None else ordered)[:LIMIT]
    files = {"feed.xml": atom(title, "feed.xml", newest, "", base, page)}
    for actor_id, entry in entries.items():
        if entry.rows:
            actor_page = f"actors/{actor_id}/" if directory_urls else f"actors/{actor_id}.html"
            path = f"actors/{actor_id}/feed.xml"
            latest = [part.article for _, part in entry.rows[:LIMIT]]
            feed_title = f"{title}: {entry.actor.en}"
            files[path] = atom(feed_title, path, latest, actor_page, base, page)
    return files
