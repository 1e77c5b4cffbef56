"""Render the site's generated pages to Markdown with the Jinja2 templates.

Article text is data: templates autoescape HTML, and the `md` filter also escapes Markdown
for text placed where Markdown is parsed. Pages are returned as strings keyed by their
path in the docs tree; nothing is written here.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import groupby
from operator import attrgetter
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from digest.actors.index import ActorEntry, build_index
from digest.model import Actor, Article, Sentence, newest_first
from digest.notes import note_html, notes_at
from digest.parallel import map_unordered
from digest.quotes.index import Quotations, QuoteEntry, quotations
from digest.reading.urls import href, safe_url, wikidata_url
from digest.site.links import PageContext, actor_page, arabic_line
from digest.site.paging import (
    ACTOR_ARTICLES_PER_PAGE,
    ACTOR_INDEX_ROWS,
    ACTOR_QUOTES,
    ACTOR_ROWS_PER_PAGE,
    DAY_ENTRIES_PER_PAGE,
    HOME_ARTICLES,
    QUOTES_PER_PAGE,
    STORIES_NEWEST,
    STORIES_PER_PAGE,
    Page,
    archive,
    paginate,
)
from digest.site.sources import lede, source, source_named
from digest.stories.threads import Story, find_stories
from digest.text.arabic import ARABIC_LETTER

PACKAGE_TEMPLATES = Path(__file__).parent.parent / "templates"
"""Templates shipped inside the installed package."""

SOURCE_TEMPLATES = Path(__file__).parent.parent.parent / "templates"
"""Templates of a source checkout (the same files, before installation)."""

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")
"""Python-Markdown's backslash-escapable characters (`>` and `<` become entities instead)."""


def builtin_templates() -> Path:
    """The folder of digest's own templates."""
    return PACKAGE_TEMPLATES if PACKAGE_TEMPLATES.is_dir() else SOURCE_TEMPLATES


def md(text: object) -> Markup:
    """Text made literal for inline Markdown: HTML escaped, Markdown punctuation escaped."""
    backslashed = _MARKDOWN_SPECIAL.sub(r"\\\1", str(text).replace("\n", " "))
    return Markup(escape(backslashed))


def bidi(text: object) -> Markup:
    """Text for an English line, HTML-escaped (Markup stays as it is): in a span marked
    Arabic and right to left (so isolated from the line around it) when it holds Arabic."""
    escaped = escape(text)
    if ARABIC_LETTER.search(str(text)):
        return Markup('<span dir="rtl" lang="ar">{}</span>').format(escaped)
    return escaped


def yaml_string(text: object) -> Markup:
    """A YAML (JSON) string for front matter, HTML-escaped because themes print it raw."""
    return Markup(json.dumps(str(escape(str(text))), ensure_ascii=False))


def plural(n: int, noun: str) -> str:
    """`1 article`, `2 articles` (nouns with a plain plural)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@functools.lru_cache(maxsize=4096)
def english_date(day: dt.date | None) -> str:
    """`13 January 2020`, or `Undated`."""
    return f"{day.day} {day:%B %Y}" if day else "Undated"


def make_environment(site_templates: Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment: a site's templates first, then digest's own. Templates are
    read once (an environment is made anew when they change: `digest.adapters.plugin`), not checked
    on disk at every page that imports the macros, and compiled at once: the processes
    that render inherit them, and a later build in this process, which renders the few
    pages that changed itself, finds them ready."""
    folders = [str(site_templates)] if site_templates and site_templates.is_dir() else []
    folders.append(str(builtin_templates()))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(
        md=md,
        yaml=yaml_string,
        safe_url=safe_url,
        href=href,
        wikidata_url=wikidata_url,
        english_date=english_date,
        plural=plural,
        bidi=bidi,
        arabic_line=arabic_line,
    )
    env.globals.update(
        english=english,
        article_page=article_page,
        notes_at=notes_at,
        note_html=note_html,
        source=source,
        source_named=source_named,
        lede=lede,
    )
    for name in env.list_templates(extensions=["j2"]):
        env.get_template(name)
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


def days(ordered: list[Article]) -> list[Day]:
    """Articles listed newest first (`newest_first`), grouped by date: the newest day
    first, the undated last."""
    return [Day(date, list(group)) for date, group in groupby(ordered, key=_date)]


_date = attrgetter("date")


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


@dataclass(frozen=True, slots=True)
class PageSpec:
    """One generated page, not rendered yet."""

    path: str
    """Its path in the docs tree."""

    render: Callable[[], str]
    """Renders the page."""

    sources: tuple[Article, ...] | None = None
    """The articles the page shows, when it depends on nothing else but the actors, the
    site's settings and templates; None when it depends on every article."""


def render_pages(specs: list[PageSpec], workers: int | None = None) -> Iterator[tuple[str, str]]:
    """Every page of the specs, by path, rendered on so many processes (default: every
    core), a piece of them at a time as each is done (in no set order)."""
    return map_unordered(_render, specs, workers)


def _render(spec: PageSpec) -> tuple[str, str]:
    return spec.path, spec.render()


def site_specs(
    articles: list[Article],
    env: jinja2.Environment,
    site_title: str = "Digest",
    actors: dict[str, Actor] | None = None,
    directory_urls: bool = True,
    entries: dict[str, ActorEntry] | None = None,
    ordered: list[Article] | None = None,
    stories: list[Story] | None = None,
) -> list[PageSpec]:
    """Every generated page of the site, to render. `ordered` is the articles newest first
    (`newest_first`) when the caller has sorted them already; `stories` their stories
    (`find_stories`) when the caller has found them."""
    known = actors or {}

    def context(page: str) -> dict[str, object]:
        return {
            "site_title": site_title,
            "ctx": PageContext(page, directory_urls, known),
            "actors": known,
        }

    ordered = newest_first(articles) if ordered is None else ordered
    quotes = quotations(ordered)
    stories = find_stories(ordered)[0] if stories is None else stories
    story_of = {id(article): story for story in stories for article in story.articles}
    grouped = days(ordered)
    specs = front_specs(grouped, env, context, story_of)
    specs += quote_specs(quotes, env, context)
    specs += story_specs(stories, story_of, quotes, env, context)
    specs += story_list_specs(stories, env, context)
    template = env.get_template("article.md.j2")

    def article_text(article: Article, story: Story) -> str:
        return template.render(
            article=article,
            day_page=day_page(article.date),
            provenance=provenance(article),
            story=story if story.threaded else None,
            **context(article_page(article)),
        )

    for article in ordered:
        story = story_of[id(article)]
        specs.append(
            PageSpec(article_page(article), partial(article_text, article, story), story.articles)
        )
    if known:
        index = entries if entries is not None else build_index(articles, known)
        specs += actor_specs(index, quotes, env, context, story_of)
    return specs


@dataclass(frozen=True, slots=True)
class StoryLine:
    """A story as a day's list shows it: the story, and its articles of that day."""

    story: Story
    articles: list[Article]
    """Its articles of the day, newest first."""

    @property
    def threaded(self) -> bool:
        """Whether the story has several articles (else the line is its article)."""
        return self.story.threaded


def story_lines(articles: list[Article], story_of: dict[int, Story]) -> list[StoryLine]:
    """A day's articles by story: the stories of several articles first, those with the
    most articles that day first (then the most in all, then in the order given), then the
    articles that are a story of their own, in the order given."""
    lines: dict[int, StoryLine] = {}
    for article in articles:
        story = story_of[id(article)]
        line = lines.setdefault(id(story), StoryLine(story, []))
        line.articles.append(article)
    threaded = [line for line in lines.values() if line.threaded]
    threaded.sort(key=lambda line: (-len(line.articles), -len(line.story.articles)))
    return threaded + [line for line in lines.values() if not line.threaded]


def story_specs(
    stories: list[Story],
    story_of: dict[int, Story],
    quotes: Quotations,
    env: jinja2.Environment,
    context: Context,
) -> list[PageSpec]:
    """A page for each story of several articles: its articles by date, its actors, who
    said what."""
    template = env.get_template("story.md.j2")
    said: dict[int, list[QuoteEntry]] = {}
    for entry in quotes.entries:
        said.setdefault(id(story_of[id(entry.article)]), []).append(entry)
    return [
        PageSpec(
            story.page,
            partial(
                template.render,
                story=story,
                days=days(list(story.articles)),
                quotes=said.get(id(story), []),
                **context(story.page),
            ),
            story.articles,
        )
        for story in stories
        if story.threaded
    ]


STORY_LIST = "all-stories.md"
"""The stories page; its month pages are below it (`all-stories/2015-08.md`), a folder no
story page can take (those are `stories/<slug>.md`)."""


def story_list_specs(
    stories: list[Story], env: jinja2.Environment, context: Context
) -> list[PageSpec]:
    """The stories page (the newest stories of several articles, and the months) and each
    month's pages (the stories begun that month), newest first as `stories` are."""
    threaded = [story for story in stories if story.threaded]
    by_month: dict[dt.date, list[Story]] = {}
    for story in threaded:
        if story.first:  # (a story of several articles is dated)
            by_month.setdefault(story.first.replace(day=1), []).append(story)
    folder = STORY_LIST.removesuffix(".md")
    months = [(month, f"{folder}/{month:%Y-%m}.md") for month in sorted(by_month, reverse=True)]
    template = env.get_template("stories.md.j2")
    specs = [
        PageSpec(
            STORY_LIST,
            lambda: template.render(
                title="Stories",
                stories=threaded[:STORIES_NEWEST],
                more=len(threaded) - STORIES_NEWEST,
                total=len(threaded),
                months=[(page, f"{month:%B %Y}", len(by_month[month])) for month, page in months],
                pager=None,
                **context(STORY_LIST),
            ),
        )
    ]
    for month, page in months:
        sources = tuple(article for story in by_month[month] for article in story.articles)
        for part in paginate(by_month[month], STORIES_PER_PAGE, page):
            specs.append(
                PageSpec(
                    part.path,
                    partial(
                        template.render,
                        title=f"Stories, {month:%B %Y}",
                        stories=list(part.items),
                        more=0,
                        total=len(threaded),
                        months=[],
                        pager=part.pager,
                        **context(part.path),
                    ),
                    sources,
                )
            )
    return specs


Context = Callable[[str], dict[str, object]]


def front_specs(
    grouped: list[Day], env: jinja2.Environment, context: Context, story_of: dict[int, Story]
) -> list[PageSpec]:
    """The home page, the day pages (their articles by story), the archive and the search
    page."""
    recent = _recent_days(grouped)
    home = env.get_template("home.md.j2")
    specs = [
        PageSpec(
            "index.md",
            lambda: home.render(
                days=[(day, story_lines(day.articles, story_of)) for day in recent],
                older=len(grouped) - len(recent),
                **context("index.md"),
            ),
        )
    ]
    day_template = env.get_template("day.md.j2")
    for day in grouped:
        lines = story_lines(day.articles, story_of)
        # (a story's line shows its title, outlets and count: its other articles count)
        shown = {id(line.story): line.story for line in lines}
        sources = tuple(a for story in shown.values() for a in story.articles)
        for part in paginate(lines, DAY_ENTRIES_PER_PAGE, day.page):
            specs.append(
                PageSpec(
                    part.path,
                    partial(
                        day_template.render,
                        day=day,
                        lines=part.items,
                        pager=part.pager,
                        **context(part.path),
                    ),
                    sources,
                )
            )
    archive = env.get_template("archive.md.j2")
    specs.append(
        PageSpec(
            "archive.md",
            lambda: archive.render(months=months(grouped), **context("archive.md")),
        )
    )
    search = env.get_template("search.md.j2")
    specs.append(PageSpec("search.md", lambda: search.render(**context("search.md"))))
    return specs


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


def quote_specs(quotes: Quotations, env: jinja2.Environment, context: Context) -> list[PageSpec]:
    """The quotes page (the newest quotations, and the months), and each month's pages."""
    entries, by_month = quotes.entries, quotes.months
    months = [
        (
            key,
            f"quotes/{quotes[0].date:%Y-%m}.md" if quotes[0].date else "quotes/undated.md",
            f"{quotes[0].date:%B %Y}" if quotes[0].date else "Undated",
        )
        for key, quotes in by_month.items()
    ]
    template = env.get_template("quotes.md.j2")
    listed = [(page, label, len(by_month[key])) for key, page, label in months]
    newest = entries[:QUOTES_PER_PAGE]
    specs = [
        PageSpec(
            "quotes.md",
            lambda: template.render(
                title="Quotes",
                days=_by_day(newest),
                more=len(entries) - QUOTES_PER_PAGE,
                months=listed,
                pager=None,
                **context("quotes.md"),
            ),
        )
    ]
    for key, page, label in months:
        sources = tuple(entry.article for entry in by_month[key])
        for part in paginate(by_month[key], QUOTES_PER_PAGE, page):
            specs.append(
                PageSpec(
                    part.path,
                    partial(_quote_page, template, f"Quotes, {label}", part, context),
                    sources,
                )
            )
    return specs


def _quote_page(
    template: jinja2.Template, title: str, part: Page[QuoteEntry], context: Context
) -> str:
    """One page of a month's quotations."""
    return template.render(
        title=title,
        days=_by_day(list(part.items)),
        more=0,
        months=[],
        pager=part.pager,
        **context(part.path),
    )


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


def actor_specs(
    entries: dict[str, ActorEntry],
    quotes: Quotations,
    env: jinja2.Environment,
    context: Context,
    story_of: dict[int, Story],
) -> list[PageSpec]:
    """The actor index, an index per type, and the pages of each actor."""
    ordered = sorted(entries.values(), key=lambda e: (-e.mention_count, e.actor.en, e.actor.id))
    named = [entry for entry in ordered if entry.mention_count]  # (the tables' rows)
    by_type = {kind: [e for e in named if e.actor.type == kind] for kind in ACTOR_TYPES}
    index = env.get_template("actors.md.j2")
    names = {"type_names": ACTOR_TYPES, "type_pages": TYPE_PAGES}
    totals = {kind: len(group) for kind, group in by_type.items()}
    first = {kind: group[:ACTOR_INDEX_ROWS] for kind, group in by_type.items()}
    specs = [
        PageSpec(
            "actors/index.md",
            partial(
                index.render,
                groups=first,
                totals=totals,
                title="Actors",
                pager=None,
                **names,
                **context("actors/index.md"),
            ),
        )
    ]
    for kind, page in TYPE_PAGES.items():
        for part in paginate(by_type[kind], ACTOR_ROWS_PER_PAGE, page):
            specs.append(
                PageSpec(
                    part.path,
                    partial(
                        index.render,
                        groups={kind: part.items},
                        totals={kind: totals[kind]},
                        title=ACTOR_TYPES[kind],
                        pager=part.pager,
                        **names,
                        **context(part.path),
                    ),
                )
            )
    by, about = quotes.by, quotes.about
    template = env.get_template("actor.md.j2")
    for entry in ordered:
        lists = {"by": by.get(entry.actor.id, []), "about": about.get(entry.actor.id, [])}
        stories = _actor_stories(entry, story_of)
        specs += _actor_pages(entry, lists, stories, template, context)
    return specs


ACTOR_STORIES = 20
"""Stories listed on an actor's first page: the newest of those of several articles."""


def _actor_stories(entry: ActorEntry, story_of: dict[int, Story]) -> tuple[list[Story], int]:
    """The newest ACTOR_STORIES stories of several articles that name the actor (in one
    of their articles the actor is named), and how many there are in all."""
    found: dict[int, Story] = {}
    for _, part in entry.rows:  # (newest first)
        story = story_of[id(part.article)]
        if story.threaded:
            found.setdefault(id(story), story)
    return list(found.values())[:ACTOR_STORIES], len(found)


def _actor_pages(
    entry: ActorEntry,
    lists: dict[str, list[QuoteEntry]],
    stories: tuple[list[Story], int],
    template: jinja2.Template,
    context: Context,
) -> list[PageSpec]:
    """An actor's pages (`archive`: an article added at the newest end leaves the older
    pages as they are)."""
    shown, total = stories
    shared: dict[str, object] = {
        "entry": entry,
        "stories": shown,
        "more_stories": total - len(shown),
        "type_names": ACTOR_TYPES,
        "quotes_by": lists["by"][:ACTOR_QUOTES],
        "quotes_about": lists["about"][:ACTOR_QUOTES],
        "more_quotes": sum(max(0, len(q) - ACTOR_QUOTES) for q in lists.values()),
    }
    first = actor_page(entry.actor.id)
    quoted = [quote.article for quotes in lists.values() for quote in quotes]
    in_stories = [article for story in shown for article in story.articles]
    sources = tuple([part.article for _, part in entry.rows] + quoted + in_stories)
    return [
        PageSpec(
            chunk.path,
            partial(
                template.render,
                articles=[(part.article, part.appearances) for _, part in chunk.items],
                pager=chunk.pager,
                **shared,
                **context(chunk.path),
            ),
            sources,
        )
        for chunk in archive(entry.rows, ACTOR_ARTICLES_PER_PAGE, first)
    ]
