"""Render the site's generated pages to Markdown with the Jinja2 templates.

Article text is data: templates autoescape HTML, and the `md` filter also escapes Markdown
for text placed where Markdown is parsed. Pages are returned as strings keyed by their
path in the docs tree; nothing is written here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from itertools import groupby
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from digest.actors.index import ActorEntry, build_index
from digest.links import PageContext, actor_page, arabic_line
from digest.model import Actor, Article, Sentence, newest_first
from digest.notes import note_html, notes_at
from digest.paging import (
    ACTOR_ARTICLES_PER_PAGE,
    ACTOR_INDEX_ROWS,
    ACTOR_QUOTES,
    ACTOR_ROWS_PER_PAGE,
    ARTICLES_PER_DAY_PAGE,
    HOME_ARTICLES,
    QUOTES_PER_PAGE,
    paginate,
)
from digest.quote_index import QuoteEntry, quote_entries, quotes_by_actor

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
"""Templates shipped inside the installed package."""

SOURCE_TEMPLATES = Path(__file__).parent.parent / "templates"
"""Templates of a source checkout (the same files, before installation)."""

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")
"""Python-Markdown's backslash-escapable characters (`>` and `<` become entities instead)."""
_SAFE_URL = re.compile(r"^https?://", re.IGNORECASE)


def builtin_templates() -> Path:
    """The folder of digest's own templates."""
    return PACKAGE_TEMPLATES if PACKAGE_TEMPLATES.is_dir() else SOURCE_TEMPLATES


def md(text: object) -> Markup:
    """Text made literal for inline Markdown: HTML escaped, Markdown punctuation escaped."""
    backslashed = _MARKDOWN_SPECIAL.sub(r"\\\1", str(text).replace("\n", " "))
    return Markup(escape(backslashed))


def yaml_string(text: object) -> Markup:
    """A YAML (JSON) string for front matter, HTML-escaped because themes print it raw."""
    return Markup(json.dumps(str(escape(str(text))), ensure_ascii=False))


def safe_url(url: str) -> str:
    """The URL if it is http(s), else empty: a seed cannot smuggle `javascript:` links."""
    return url if _SAFE_URL.match(url.strip()) else ""


def english_date(day: dt.date | None) -> str:
    """`13 January 2020`, or `Undated`."""
    return f"{day.day} {day:%B %Y}" if day else "Undated"


def make_environment(site_templates: Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment: a site's templates first, then digest's own."""
    folders = [str(site_templates)] if site_templates and site_templates.is_dir() else []
    folders.append(str(builtin_templates()))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        md=md,
        yaml=yaml_string,
        safe_url=safe_url,
        english_date=english_date,
        arabic_line=arabic_line,
    )
    env.globals.update(
        english=english, article_page=article_page, notes_at=notes_at, note_html=note_html
    )
    return env


@dataclass(frozen=True, slots=True)
class Day:
    """The articles of one date (None for undated articles)."""

    date: dt.date | None
    articles: list[Article]

    @property
    def page(self) -> str:
        """The day page's path."""
        return day_page(self.date)


def day_page(date: dt.date | None) -> str:
    """`days/2020-01-13.md`, or `days/undated.md`."""
    return f"days/{date.isoformat() if date else 'undated'}.md"


def article_page(article: Article) -> str:
    """`articles/<slug>.md`."""
    return f"articles/{article.slug}.md"


def days(articles: Iterable[Article]) -> list[Day]:
    """Articles grouped by date, newest first, the undated last."""
    ordered = newest_first(articles)
    return [Day(date, list(group)) for date, group in groupby(ordered, key=lambda a: a.date)]


def english(sentence: Sentence | None) -> str:
    """The sentence's English, or empty when it has none."""
    return sentence.translation.text if sentence and sentence.translation else ""


def provenance(article: Article) -> str:
    """How the article was translated, in one line."""
    counts: Counter[str] = Counter()
    packages: set[str] = set()
    for sentence in article.sentences:
        translation = sentence.translation
        if translation is None:
            counts["untranslated"] += 1
        elif translation.by == "editor":
            counts["stale" if translation.stale else "editor"] += 1
        else:
            counts["machine"] += 1
            packages.add(translation.package)
    parts = []
    if counts["machine"]:
        models = ", ".join(sorted(packages))
        parts.append(
            f"machine-translated with Argos Translate ({models}): {counts['machine']} sentences"
        )
    if counts["editor"]:
        parts.append(f"translated by an editor: {counts['editor']} sentences")
    if counts["stale"]:
        parts.append(f"editor's English older than the Arabic (stale): {counts['stale']} sentences")
    if counts["untranslated"]:
        parts.append(f"not translated yet: {counts['untranslated']} sentences")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


PageJob = Callable[[], dict[str, str]]
"""A piece of the site's rendering: the pages it renders, by path."""

JOB_PIECES = 8
"""Article and actor pages are rendered in this many pieces, so that they spread evenly
over worker processes."""


def render_site(
    articles: list[Article],
    env: jinja2.Environment,
    site_title: str = "Digest",
    actors: dict[str, Actor] | None = None,
    directory_urls: bool = True,
    entries: dict[str, ActorEntry] | None = None,
) -> dict[str, str]:
    """Every generated page: home, one per day, one per article, the actor pages.
    `entries` are the actors' index when the caller has built it already."""
    pages: dict[str, str] = {}
    for job in site_jobs(articles, env, site_title, actors, directory_urls, entries):
        pages.update(job())
    return pages


def site_jobs(
    articles: list[Article],
    env: jinja2.Environment,
    site_title: str = "Digest",
    actors: dict[str, Actor] | None = None,
    directory_urls: bool = True,
    entries: dict[str, ActorEntry] | None = None,
) -> list[PageJob]:
    """The rendering of the site as independent jobs, to run in order or in parallel."""
    known = actors or {}

    def context(page: str) -> dict[str, object]:
        return {
            "site_title": site_title,
            "ctx": PageContext(page, directory_urls, known),
            "actors": known,
        }

    quotes = quote_entries(newest_first(articles))

    def front() -> dict[str, str]:
        grouped = days(articles)
        recent = _recent_days(grouped)
        pages = {
            "index.md": env.get_template("home.md.j2").render(
                days=recent, older=len(grouped) - len(recent), **context("index.md")
            )
        }
        day_template = env.get_template("day.md.j2")
        for day in grouped:
            for part in paginate(day.articles, ARTICLES_PER_DAY_PAGE, day.page):
                pages[part.path] = day_template.render(
                    day=day, articles=part.items, pager=part.pager, **context(part.path)
                )
        pages.update(render_quote_pages(quotes, env, context))
        pages["archive.md"] = env.get_template("archive.md.j2").render(
            months=months(grouped), **context("archive.md")
        )
        pages["search.md"] = env.get_template("search.md.j2").render(**context("search.md"))
        return pages

    def article_pages(piece: list[Article]) -> dict[str, str]:
        template = env.get_template("article.md.j2")
        return {
            article_page(article): template.render(
                article=article,
                day_page=day_page(article.date),
                provenance=provenance(article),
                **context(article_page(article)),
            )
            for article in piece
        }

    jobs: list[PageJob] = [front]
    jobs += [partial(article_pages, articles[n::JOB_PIECES]) for n in range(JOB_PIECES)]
    if known:
        index = entries if entries is not None else build_index(articles, known)
        jobs += actor_jobs(index, quotes, env, context)
    return jobs


def _recent_days(grouped: list[Day]) -> list[Day]:
    """The newest days that together hold at least HOME_ARTICLES articles."""
    recent: list[Day] = []
    for day in grouped:
        if sum(len(d.articles) for d in recent) >= HOME_ARTICLES:
            break
        recent.append(day)
    return recent


def _by_day(entries: list[QuoteEntry]) -> list[tuple[dt.date | None, list[QuoteEntry]]]:
    return [(date, list(group)) for date, group in groupby(entries, key=lambda q: q.date)]


def render_quote_pages(
    entries: list[QuoteEntry],
    env: jinja2.Environment,
    context: Callable[[str], dict[str, object]],
) -> dict[str, str]:
    """The quotes page (the newest quotations, and the months), and each month's pages."""
    by_month: dict[str, list[QuoteEntry]] = {}
    for entry in entries:
        by_month.setdefault(f"{entry.date:%Y-%m}" if entry.date else "undated", []).append(entry)
    months = [
        (key, f"quotes/{key}.md", f"{quotes[0].date:%B %Y}" if quotes[0].date else "Undated")
        for key, quotes in by_month.items()
    ]
    template = env.get_template("quotes.md.j2")
    pages = {
        "quotes.md": template.render(
            title="Quotes",
            days=_by_day(entries[:QUOTES_PER_PAGE]),
            more=len(entries) - QUOTES_PER_PAGE,
            months=[(page, label, len(by_month[key])) for key, page, label in months],
            pager=None,
            **context("quotes.md"),
        )
    }
    for key, page, label in months:
        for part in paginate(by_month[key], QUOTES_PER_PAGE, page):
            pages[part.path] = template.render(
                title=f"Quotes, {label}",
                days=_by_day(list(part.items)),
                more=0,
                months=[],
                pager=part.pager,
                **context(part.path),
            )
    return pages


def months(grouped: list[Day]) -> list[tuple[str, list[Day]]]:
    """Dated days grouped by month (`January 2020`), newest first."""
    result: list[tuple[str, list[Day]]] = []
    for day in grouped:
        if day.date is None:
            continue
        label = f"{day.date:%B %Y}"
        if not result or result[-1][0] != label:
            result.append((label, []))
        result[-1][1].append(day)
    return result


ACTOR_TYPES = {"person": "People", "organization": "Organizations", "country": "Countries"}
TYPE_PAGES = {
    "person": "actors/people.md",
    "organization": "actors/organizations.md",
    "country": "actors/countries.md",
}


def actor_jobs(
    entries: dict[str, ActorEntry],
    quotes: list[QuoteEntry],
    env: jinja2.Environment,
    context: Callable[[str], dict[str, object]],
) -> list[PageJob]:
    """The actor index, an index per type, and a page per actor, as jobs: the indexes in
    one, the actors' pages in pieces of about equal weight."""
    ordered = sorted(entries.values(), key=lambda e: (-e.mention_count, e.actor.en))

    def indexes() -> dict[str, str]:
        by_type = {kind: [e for e in ordered if e.actor.type == kind] for kind in ACTOR_TYPES}
        pages = {}
        index = env.get_template("actors.md.j2")
        names = {"type_names": ACTOR_TYPES, "type_pages": TYPE_PAGES}
        pages["actors/index.md"] = index.render(
            groups={kind: group[:ACTOR_INDEX_ROWS] for kind, group in by_type.items()},
            totals={kind: len(group) for kind, group in by_type.items()},
            title="Actors",
            pager=None,
            **names,
            **context("actors/index.md"),
        )
        for kind, first in TYPE_PAGES.items():
            for part in paginate(by_type[kind], ACTOR_ROWS_PER_PAGE, first):
                pages[part.path] = index.render(
                    groups={kind: part.items},
                    totals={kind: len(by_type[kind])},
                    title=ACTOR_TYPES[kind],
                    pager=part.pager,
                    **names,
                    **context(part.path),
                )
        return pages

    by, about = quotes_by_actor(quotes)

    def actor_pages(piece: list[ActorEntry]) -> dict[str, str]:
        template = env.get_template("actor.md.j2")
        pages = {}
        for entry in piece:
            actor_id = entry.actor.id
            lists = {"by": by.get(actor_id, []), "about": about.get(actor_id, [])}
            for chunk in paginate(entry.articles, ACTOR_ARTICLES_PER_PAGE, actor_page(actor_id)):
                pages[chunk.path] = template.render(
                    entry=entry,
                    articles=chunk.items,
                    pager=chunk.pager,
                    type_names=ACTOR_TYPES,
                    quotes_by=lists["by"][:ACTOR_QUOTES],
                    quotes_about=lists["about"][:ACTOR_QUOTES],
                    more_quotes=sum(max(0, len(q) - ACTOR_QUOTES) for q in lists.values()),
                    **context(chunk.path),
                )
        return pages

    # Dealt like cards, most named first, so that every piece gets some of the heavy pages.
    return [indexes] + [partial(actor_pages, ordered[n::JOB_PIECES]) for n in range(JOB_PIECES)]
