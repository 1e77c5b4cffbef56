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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import accumulate, groupby
from operator import attrgetter
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from digest.actors.index import ActorEntry, Row, build_index
from digest.model import Actor, Article, Sentence, newest_first
from digest.notes import note_html, notes_at
from digest.packed import Packed, pack
from digest.parallel import map_all
from digest.quotes.index import Quotations, QuoteEntry, gathered, quotations
from digest.reading.urls import href, safe_url, wikidata_url
from digest.reuse import runs_again
from digest.site.links import PageContext, actor_page, arabic_line
from digest.site.paging import (
    ACTOR_ARTICLES_PER_PAGE,
    ACTOR_INDEX_ROWS,
    ACTOR_QUOTES,
    ACTOR_ROWS_PER_PAGE,
    ARTICLES_PER_DAY_PAGE,
    HOME_ARTICLES,
    QUOTES_PER_PAGE,
    Page,
    archive,
    archive_count,
    archive_number,
    archive_page,
    archived,
    paginate,
)

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


def yaml_string(text: object) -> Markup:
    """A YAML (JSON) string for front matter, HTML-escaped because themes print it raw."""
    return Markup(json.dumps(str(escape(str(text))), ensure_ascii=False))


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
        arabic_line=arabic_line,
    )
    env.globals.update(
        english=english, article_page=article_page, notes_at=notes_at, note_html=note_html
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


Revision = Callable[[Article], object]
"""Something that changes whenever an article may have changed (see `digest.reuse`)."""


@dataclass(frozen=True, slots=True)
class PageSpec:
    """One generated page, not rendered yet."""

    path: str
    """Its path in the docs tree."""

    key: object
    """What the page shows, in brief: the same key renders the same page (given the same
    templates, settings and actors), so a rendering kept under it can be reused."""

    render: Callable[[], str]
    """Renders the page."""


PageMemo = dict[str, tuple[object, Packed]]
"""Pages of the last build: path to (key, text)."""


def render_pages(
    specs: list[PageSpec],
    memo: PageMemo | None = None,
    workers: int | None = None,
    todo: list[PageSpec] | None = None,
) -> dict[str, Packed]:
    """Every page of the specs, by path, packed (`digest.packed`): rendered, or taken from
    `memo` when its key is the same; `memo` is then updated to this build's pages. `todo`
    is the specs to render (`stale_specs`), when the caller has worked them out."""
    kept: PageMemo = memo if memo is not None else {}
    todo = stale_specs(specs, kept) if todo is None else todo
    # The memo is updated in place: a rebuild renders a few pages of tens of thousands.
    # (A page not rendered again keeps the key it was rendered under: an equal one.)
    for spec, page in zip(todo, map_all(_render, todo, workers), strict=True):
        kept[spec.path] = (spec.key, page)
    pages = {spec.path: kept[spec.path][1] for spec in specs}
    if len(kept) > len(pages):  # (pages gone since the last build)
        for path in kept.keys() - pages.keys():
            del kept[path]
    return pages


def remember_pages(memo: PageMemo, specs: list[PageSpec], pages: dict[str, Packed]) -> None:
    """Make `memo` this build's pages, each under its spec's key."""
    memo.clear()
    memo.update((spec.path, (spec.key, pages[spec.path])) for spec in specs)


def stale_specs(specs: list[PageSpec], memo: PageMemo) -> list[PageSpec]:
    """The specs whose page `memo` does not hold under the same key: to render."""
    # (a page whose spec is the last build's has the same key object: not compared again)
    last = memo.get
    return [
        spec
        for spec in specs
        if (kept := last(spec.path)) is None or (kept[0] is not spec.key and kept[0] != spec.key)
    ]


def _render(spec: PageSpec) -> Packed:
    return pack(spec.render())


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
    specs = site_specs(articles, env, site_title, actors, directory_urls, entries)
    return {spec.path: spec.render() for spec in specs}


@dataclass
class SpecMemo:
    """What the last build's specs were made of, for the next under the same templates,
    settings and actors."""

    articles: dict[object, PageSpec] = field(default_factory=dict)
    """Each article page's spec, by what it shows (revision and slug)."""

    quotes: dict[object, Quotations] = field(default_factory=dict)
    """Each article's quotations, by its revision and slug: a listing's entry is the same
    object while its article is shown the same."""

    quote_runs: list[tuple[tuple[Quotations, ...], Quotations]] = field(default_factory=list)
    """The quotations of each run of articles (`QUOTE_RUN`), and gathered."""

    actors: ActorSpecMemo = field(default_factory=dict)
    """The actors' pages (see `actor_specs`)."""


def site_specs(
    articles: list[Article],
    env: jinja2.Environment,
    site_title: str = "Digest",
    actors: dict[str, Actor] | None = None,
    directory_urls: bool = True,
    entries: dict[str, ActorEntry] | None = None,
    revision: Revision = id,
    memo: SpecMemo | None = None,
    ordered: list[Article] | None = None,
    shown: Sequence[object] | None = None,
) -> list[PageSpec]:
    """Every generated page of the site, to render; `memo` keeps what the specs are made
    of from one build to the next. `ordered` is the articles newest first (`newest_first`)
    when the caller has sorted them already, `shown` each of those articles' revision and
    slug when it has them."""
    known = actors or {}
    kept = memo if memo is not None else SpecMemo()

    def context(page: str) -> dict[str, object]:
        return {
            "site_title": site_title,
            "ctx": PageContext(page, directory_urls, known),
            "actors": known,
        }

    ordered = newest_first(articles) if ordered is None else ordered
    keys: Sequence[object] = [(revision(a), a.slug) for a in ordered] if shown is None else shown
    quotes = _quotations(ordered, keys, kept)
    grouped = days(ordered)
    specs = front_specs(grouped, env, context, keys)
    specs += quote_specs(quotes, env, context)
    template = env.get_template("article.md.j2")

    def article_text(article: Article) -> str:
        return template.render(
            article=article,
            day_page=day_page(article.date),
            provenance=provenance(article),
            **context(article_page(article)),
        )

    last = kept.articles
    made: dict[object, PageSpec] = {}
    for article, key in zip(ordered, keys, strict=True):
        spec = last.get(key)
        made[key] = spec or PageSpec(article_page(article), key, partial(article_text, article))
    kept.articles = made
    specs += made.values()
    if known:
        index = entries if entries is not None else build_index(articles, known)
        specs += actor_specs(index, quotes, env, context, kept.actors)
    return specs


QUOTE_RUN = 256
"""Articles whose quotations are gathered into one first: a rebuild gathers again the runs
that changed, then the runs."""


def _quotations(ordered: list[Article], keys: Sequence[object], memo: SpecMemo) -> Quotations:
    """The quotations of the articles in their order, each article's taken from the memo
    when it is shown the same (`keys`: revision and slug), and each run's when its
    articles' are the same; the memo becomes this build's."""
    last = memo.quotes
    made: dict[object, Quotations] = {}
    for article, key in zip(ordered, keys, strict=True):
        found = last.get(key)
        made[key] = found if found is not None else quotations(article)
    runs = runs_again(list(made.values()), QUOTE_RUN, memo.quote_runs, gathered)
    memo.quotes, memo.quote_runs = made, runs
    return gathered([whole for _, whole in runs])


Context = Callable[[str], dict[str, object]]


def front_specs(
    grouped: list[Day], env: jinja2.Environment, context: Context, keys: Sequence[object]
) -> list[PageSpec]:
    """The home page, the day pages, the archive and the search page. `keys` tell what is
    shown of each article (revision and slug), in the days' order."""
    recent = _recent_days(grouped)
    starts = [0, *accumulate(len(day.articles) for day in grouped)]
    home = env.get_template("home.md.j2")
    specs = [
        PageSpec(
            "index.md",
            ("home", len(grouped), tuple(d.date for d in recent), *keys[: starts[len(recent)]]),
            lambda: home.render(
                days=recent, older=len(grouped) - len(recent), **context("index.md")
            ),
        )
    ]
    day_template = env.get_template("day.md.j2")
    for day, start in zip(grouped, starts, strict=False):
        for part in paginate(day.articles, ARTICLES_PER_DAY_PAGE, day.page):
            first = start + (part.pager.number - 1) * ARTICLES_PER_DAY_PAGE
            specs.append(
                PageSpec(
                    part.path,
                    (len(day.articles), part.pager, *keys[first : first + len(part.items)]),
                    partial(
                        day_template.render,
                        day=day,
                        articles=part.items,
                        pager=part.pager,
                        **context(part.path),
                    ),
                )
            )
    archive = env.get_template("archive.md.j2")
    specs.append(
        PageSpec(
            "archive.md",
            tuple((d.date, len(d.articles)) for d in grouped),
            lambda: archive.render(months=months(grouped), **context("archive.md")),
        )
    )
    search = env.get_template("search.md.j2")
    specs.append(PageSpec("search.md", (), lambda: search.render(**context("search.md"))))
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
    """The quotes page (the newest quotations, and the months), and each month's pages.
    (Pages are keyed by their entries, made again whenever their article's revision or
    slug changes: `SpecMemo.quotes`.)"""
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
            (len(entries), tuple(listed), *newest),
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
        for part in paginate(by_month[key], QUOTES_PER_PAGE, page):
            specs.append(
                PageSpec(
                    part.path,
                    (label, part.pager, tuple(part.items)),
                    partial(_quote_page, template, f"Quotes, {label}", part, context),
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
    memo: ActorSpecMemo | None = None,
) -> list[PageSpec]:
    """The actor index, an index per type, and the pages of each actor; an actor's pages are
    taken from `memo` when its entry is the one they were made from (`build_index` keeps
    an entry while the same articles, as they were, make it) and its quotations the same."""
    ordered = sorted(entries.values(), key=lambda e: (-e.mention_count, e.actor.en, e.actor.id))
    by_type = {kind: [e for e in ordered if e.actor.type == kind] for kind in ACTOR_TYPES}
    index = env.get_template("actors.md.j2")
    names = {"type_names": ACTOR_TYPES, "type_pages": TYPE_PAGES}
    totals = {kind: len(group) for kind, group in by_type.items()}

    def rows(group: Iterable[ActorEntry]) -> tuple[tuple[str, int], ...]:
        return tuple((e.actor.id, e.mention_count) for e in group)

    first = {kind: group[:ACTOR_INDEX_ROWS] for kind, group in by_type.items()}
    specs = [
        PageSpec(
            "actors/index.md",
            (tuple(totals.items()), *(rows(group) for group in first.values())),
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
                    (totals[kind], part.pager, rows(part.items)),
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
    kept = dict(memo or {})
    if memo is not None:
        memo.clear()
    for entry in ordered:
        actor_id = entry.actor.id
        lists = {"by": by.get(actor_id, []), "about": about.get(actor_id, [])}
        quoted = tuple((tuple(q[:ACTOR_QUOTES]), len(q)) for q in lists.values())
        previous = kept.get(actor_id)
        if previous is not None and previous[0] is entry and previous[1] == quoted:
            actor_pages = previous[2]  # the same entry: the same articles, as they were
        else:
            before = (previous[0], previous[2]) if previous is not None else None
            actor_pages = _actor_pages(entry, lists, template, context, before)
        if memo is not None:
            memo[actor_id] = (entry, quoted, actor_pages)
        specs += actor_pages
    return specs


ActorSpecMemo = dict[str, tuple[ActorEntry, object, list[PageSpec]]]
"""The pages of each actor in the last build, with the entry and quotations they show."""


def _actor_pages(
    entry: ActorEntry,
    lists: dict[str, list[QuoteEntry]],
    template: jinja2.Template,
    context: Context,
    before: tuple[ActorEntry, list[PageSpec]] | None = None,
) -> list[PageSpec]:
    """An actor's pages (`archive`: an article added at the newest end leaves the older
    pages as they are); a page after the first is taken from `before` (the actor's entry
    and pages in the last build) when it lists the same articles, as they were, with the
    same pager."""
    actor_id = entry.actor.id
    shared: dict[str, object] = {
        "entry": entry,
        "type_names": ACTOR_TYPES,
        "quotes_by": lists["by"][:ACTOR_QUOTES],
        "quotes_about": lists["about"][:ACTOR_QUOTES],
        "more_quotes": sum(max(0, len(q) - ACTOR_QUOTES) for q in lists.values()),
    }
    first = actor_page(actor_id)
    rows, size = entry.rows, ACTOR_ARTICLES_PER_PAGE
    last_entry, last_specs = before if before is not None else (None, [])
    last_rows = last_entry.rows if last_entry is not None else []
    last_count = archive_count(len(last_rows), size)
    # What the first page shows of the whole list: figures, companions, quotations.
    summary = (
        entry.mention_count,
        len(entry.rows),
        tuple((other.id, count) for other, count in entry.companions),
        tuple(entry.timeline),
        tuple(lists["by"][:ACTOR_QUOTES]),
        tuple(lists["about"][:ACTOR_QUOTES]),
        shared["more_quotes"],
    )
    make = partial(_actor_page, actor_id, summary, template, shared, context)
    if last_specs and len(rows) == len(last_rows):
        # As many articles as before (an article edited): the same pages, paths and
        # pagers; only the newest and those holding an article not as it was change.
        count = len(last_specs)
        pairs = enumerate(zip(rows, last_rows, strict=True))
        changed = [at for at, (row, was) in pairs if row is not was]
        specs = list(last_specs)  # (newest first: page `count` at 0, page 1 last)
        for number in {count, *(archive_number(len(rows), size, at) for at in changed)}:
            specs[count - number] = make(archive_page(rows, size, first, number))
        return specs
    old = {spec.path: spec for spec in last_specs}
    specs = []
    for chunk in archive(rows, size, first):
        pager, last = chunk.pager, old.get(chunk.path)
        if (
            last is not None  # (an older page then too: the newest is at another path)
            and not pager.is_first
            and pager.shown_as(last_count) == pager.shown
            and archived(last_rows, size, pager.number) == chunk.items
        ):
            specs.append(last)  # the same articles and pager; pages after the first
            continue  # show nothing else of the entry
        specs.append(make(chunk))
    return specs


def _actor_page(
    actor_id: str,
    summary: tuple[object, ...],
    template: jinja2.Template,
    shared: dict[str, object],
    context: Context,
    chunk: Page[Row],
) -> PageSpec:
    """One page of an actor's articles."""
    return PageSpec(
        chunk.path,
        (
            actor_id,
            chunk.pager.shown,
            summary if chunk.pager.is_first else (),
            # what it shows of each article: slug, heading, the paragraphs naming the
            # actor (an edit elsewhere in the article leaves it as is)
            *((shown[1], part.listing) for _, shown, part in chunk.items),
        ),
        partial(
            template.render,
            articles=[(part.article, part.appearances) for _, _, part in chunk.items],
            pager=chunk.pager,
            **shared,
            **context(chunk.path),
        ),
    )
