"""Atom feeds: one of all articles, one per actor. Built with the standard library's
ElementTree, which escapes every text, so article text cannot inject markup."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable

from digest.actors.index import ActorEntry
from digest.model import Article, newest_first
from digest.packed import Packed, pack

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


FeedMemo = dict[str, tuple[object, Packed]]
"""Feeds of the last build: path to (key, text)."""


def feeds(
    title: str,
    articles: list[Article],
    entries: dict[str, ActorEntry],
    base: str,
    directory_urls: bool,
    memo: FeedMemo | None = None,
    revision: Callable[[Article], object] = id,
    ordered: list[Article] | None = None,
) -> dict[str, Packed]:
    """The site's feed and one per named actor, by their path in the site, packed. A
    feed is taken from `memo` when its newest articles are the same (by `revision`; an
    actor's by how its entry's rows show them, which `build_index` keys the same way).
    `ordered` is the articles newest first (`newest_first`) when the caller has sorted
    them already."""
    page = "articles/{slug}/" if directory_urls else "articles/{slug}.html"
    newest = (newest_first(articles) if ordered is None else ordered)[:LIMIT]
    shown = [(revision(article), article.slug) for article in newest]
    wanted = [("feed.xml", title, "feed.xml", "", newest, shown)]
    for actor_id, entry in entries.items():
        if entry.rows:
            actor_page = f"actors/{actor_id}/" if directory_urls else f"actors/{actor_id}.html"
            path = f"actors/{actor_id}/feed.xml"
            rows = entry.rows[:LIMIT]  # (each with how its article is shown: revision, slug)
            newest = [part.article for _, _, part in rows]
            feed_title = f"{title}: {entry.actor.en}"
            wanted.append((path, feed_title, path, actor_page, newest, [s for _, s, _ in rows]))
    kept = memo or {}
    files = {}
    for path, feed_title, feed_id, link, newest, shown in wanted:
        key = (feed_title, base, page, link, *shown)
        reused = kept.get(path)
        if reused and reused[0] == key:
            files[path] = reused[1]
        else:
            files[path] = pack(atom(feed_title, feed_id, newest, link, base, page))
        if memo is not None:
            memo[path] = (key, files[path])
    if memo is not None:
        for path in set(memo) - set(files):
            del memo[path]
    return files
