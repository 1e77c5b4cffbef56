"""Rendered pages: golden files for the seed, and article text that stays data."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from support import ROOT, render_site

from digest.build import prepare
from digest.model import Article, Flag, Quote, Sentence, Translation
from digest.pipeline import assign_slugs, run, segment
from digest.pipeline.state import BuildState
from digest.project import Project
from digest.quotes.index import quote_entries
from digest.site.links import PageContext
from digest.site.render import bidi, make_environment, md, plural

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("DIGEST_UPDATE_GOLDEN") == "1"


def _seed_pages() -> dict[str, str]:
    prepared = prepare(Project.from_section(ROOT, {}), None, save=False)
    env = make_environment(ROOT / "templates")
    return render_site(prepared.articles, env, "Arabic News Digest", actors=prepared.state.actors)


@pytest.mark.parametrize(
    ("page", "golden"),
    [
        ("articles/000-83f5f90aea9c826b.md", "seed-article.md"),
        ("index.md", "home.md"),
        ("days/2020-01-13.md", "day.md"),
        ("actors/khalifa-haftar.md", "actor-khalifa-haftar.md"),
        ("actors/index.md", "actors.md"),
    ],
)
def test_seed_pages_match_golden_files(page: str, golden: str) -> None:
    rendered = _seed_pages()[page]
    if UPDATE:
        (GOLDEN / golden).write_text(rendered, encoding="utf-8")
    assert rendered == (GOLDEN / golden).read_text(encoding="utf-8")


def test_seed_article_has_thirteen_aligned_rows() -> None:
    page = _seed_pages()["articles/000-83f5f90aea9c826b.md"]
    rows = re.findall(r'<div class="digest-row" id="(p-[0-9a-f]+)">', page)
    assert len(rows) == 13
    arabic = re.findall(r'id="ar-(s-[0-9a-f-]+)"', page)
    english = re.findall(r'id="en-(s-[0-9a-f-]+)"', page)
    assert arabic == english and len(arabic) == 13


PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "[click](javascript:alert(3))",
    "![img](https://example.org/x.png)",
    "{{ 7 * 7 }} {% if true %}jinja{% endif %}",
    "*emphasis* **strong** `code` # not a heading",
    "نص {: onclick='alert(4)' }",
    "&amp; &lt;b&gt;",
]


def _hostile_article() -> Article:
    article = Article(
        key="hostile",
        source_path=Path("seeds/hostile.txt"),
        title=PAYLOADS[0] + " عنوان",
        body=[f"فقرة {payload}." for payload in PAYLOADS],
        source=PAYLOADS[2],
        author=PAYLOADS[1],
        url="javascript:alert(5)",
    )
    state = run(BuildState([article]), [assign_slugs, segment])
    for sentence in state.articles[0].sentences:
        sentence.translation = Translation(f"EN {sentence.text}", "machine", sentence.source_hash)
    return state.articles[0]


class _Elements(HTMLParser):
    """Every element and attribute of an HTML fragment."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]


def test_article_text_renders_literally() -> None:
    pages = render_site([_hostile_article()], make_environment(ROOT / "templates"))
    converter = markdown.Markdown(extensions=["attr_list", "md_in_html", "toc", "meta"])
    for uri, page in pages.items():
        html = converter.reset().convert(page)
        elements = _Elements(html)
        assert not {"script", "img", "em", "i", "code"} & set(elements.tags), uri
        assert not [name for name, _ in elements.attributes if name.startswith("on")], uri
        assert not [v for name, v in elements.attributes if v.lower().startswith("javascript")], uri
    article_html = converter.reset().convert(pages["articles/hostile.md"])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article_html
    assert "{{ 7 * 7 }} {% if true %}jinja{% endif %}" in article_html
    assert "*emphasis*" in article_html


def test_md_filter_escapes_markdown_and_html() -> None:
    html = markdown.markdown(f"- {md('*a* [b](c) <i>d</i> #e &f')}")
    assert "*a* [b](c) &lt;i&gt;d&lt;/i&gt; #e &amp;f" in html


class _Nesting(HTMLParser):
    """Counts end tags that do not close the innermost open element."""

    VOID = frozenset({"br", "img", "input", "hr", "meta", "link"})

    def __init__(self, html: str) -> None:
        super().__init__()
        self.open: list[str] = []
        self.misnested = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.open and self.open[-1] == tag:
            self.open.pop()
        else:
            self.misnested += 1


def test_mentions_quotes_and_sources_nest_properly() -> None:
    page = _seed_pages()["articles/000-83f5f90aea9c826b.md"]
    body = page[page.index('<div class="digest-article">') :]
    nesting = _Nesting(body)
    assert nesting.misnested == 0 and nesting.open == []


def test_the_sentence_span_macro_writes_what_the_article_page_writes() -> None:
    prepared = prepare(Project.from_section(ROOT, {}), None, save=False)
    [article] = prepared.articles
    sentences = article.sentences
    # Every kind of English span: an editor's, a stale one, a flagged machine's, none.
    editor = sentences[1].translation
    assert editor is not None
    sentences[1].translation = replace(editor, stale=True)
    sentences[2].translation = Translation(
        "Text.", "machine", "h", engine="argos", package="p", flags=[Flag("length", "x")]
    )
    sentences[3].translation = None
    env = make_environment(ROOT / "templates")
    page = render_site([article], env, actors=prepared.state.actors)[f"articles/{article.slug}.md"]
    macro = env.from_string(
        '{% import "_macros.j2" as macros %}'
        "{% for s in sentences %}{{ macros.sentence_span(s, 'ar', ctx) }}\n"
        "{{ macros.sentence_span(s, 'en', ctx) }}\n{% endfor %}"
    )
    ctx = PageContext(f"articles/{article.slug}.md", True, prepared.state.actors)
    spans = macro.render(sentences=sentences[1:], ctx=ctx).splitlines()
    assert len(spans) == 2 * len(sentences[1:])
    for span in spans:
        assert span in page


def test_the_templates_are_compiled_when_the_environment_is_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rendering compiles nothing more (the macros the pages import included): the
    processes that render inherit the compiled templates, and so does a rebuild that
    renders a few pages in the build's process."""
    prepared = prepare(Project.from_section(ROOT, {}), None, save=False)
    env = make_environment(ROOT / "templates")
    compiled: list[object] = []
    compile_ = env.compile
    monkeypatch.setattr(env, "compile", lambda *a, **k: compiled.append(a) or compile_(*a, **k))
    pages = render_site(prepared.articles, env, actors=prepared.state.actors)
    assert len(pages) > 5 and compiled == []


def test_addresses_never_reach_markdown_inside_an_attribute() -> None:
    """A url or Wikidata id that got past the readers is still no link (the templates check
    it again), and a good address is written into `href` as it is, whatever its punctuation."""
    prepared = prepare(Project.from_section(ROOT, {}), None, save=False)
    [article] = prepared.articles
    actors = dict(prepared.state.actors)
    hostile = replace(actors["khalifa-haftar"], wikidata="[x](javascript:window.__xss=7)")
    actors["khalifa-haftar"] = hostile
    article.url = "https://example.com/![x autofocus tabindex=0 onfocus=window.__pwned=101 y](z)"
    env = make_environment(ROOT / "templates")
    converter = markdown.Markdown(extensions=["attr_list", "md_in_html", "toc", "meta"])
    pages = render_site([article], env, actors=actors)
    for uri in (f"articles/{article.slug}.md", "actors/khalifa-haftar.md"):
        elements = _Elements(converter.reset().convert(pages[uri]))
        assert "img" not in elements.tags, uri
        assert not [name for name, _ in elements.attributes if name.startswith("on")], uri
        assert not [v for _, v in elements.attributes if "javascript" in v.lower()], uri
    assert "[x](javascript:window.__xss=7)" not in pages["actors/khalifa-haftar.md"]

    article.url = "https://example.com/a_(b)_*c*!d'e?x=1&y=2#top"
    page = render_site([article], env, actors=actors)[f"articles/{article.slug}.md"]
    elements = _Elements(converter.reset().convert(page))
    assert ("href", article.url) in elements.attributes


def test_speakers_on_the_quotes_page_link_to_their_actor_pages() -> None:
    pages = _seed_pages()
    metas = re.findall(r'<div class="digest-quote-meta">(.*?) · ', pages["quotes.md"])
    linked = re.findall(r'<a class="digest-speaker" href="\.\./(actors/[a-z-]+)/">', "".join(metas))
    assert "actors/emmanuel-macron" in linked and "a French diplomatic source" in metas
    assert {page + ".md" for page in linked} <= set(pages)
    # An actor's own page does not link a speaker to itself.
    assert 'href="../emmanuel-macron/"' not in pages["actors/emmanuel-macron.md"]


def test_speaker_labels_in_article_text_link_to_their_actor_pages() -> None:
    pages = _seed_pages()
    article = pages["articles/000-83f5f90aea9c826b.md"]
    labels = re.findall(r'<sup class="digest-mark digest-said" title="[^"]*">(.*?)</sup>', article)
    linked = [re.search(r'href="\.\./\.\./(actors/[a-z-]+)/"', label) for label in labels]
    assert {m.group(1) for m in linked if m} >= {"actors/emmanuel-macron", "actors/lev-dengov"}
    assert any(m is None for m in linked)  # (a speaker who is not an actor: plain text)
    # On a speaker's own page, their labels are plain text (the page marks their name).
    own = pages["actors/lev-dengov.md"]
    assert "ليف دينجوف</sup>" in own and 'href="../lev-dengov/"' not in own


def test_an_article_without_english_reads_as_in_the_arabic_only_view() -> None:
    prepared = prepare(Project.from_section(ROOT, {}), None, save=False)
    [article] = prepared.articles
    for sentence in article.sentences:
        sentence.translation = None
    env = make_environment(ROOT / "templates")
    pages = render_site([article], env, actors=prepared.state.actors)
    page = pages[f"articles/{article.slug}.md"]
    assert "digest-arabic-only" in page and "digest-view-controls" not in page
    assert 'class="digest-en"' not in page and "not translated yet]" not in page
    assert f'# {md(article.title)} {{ dir="rtl" lang="ar" }}' in page
    for listing in ("index.md", "days/2020-01-13.md"):  # (the Arabic title is the link)
        assert "not translated yet" not in pages[listing]
        link = f"[{md(article.title)}]("
        assert link in pages[listing] and '){ dir="rtl" lang="ar" }' in pages[listing]
        assert '<span class="digest-lede" lang="ar" dir="rtl">' in pages[listing]
    # (and the links under its quotations name it in Arabic, marked so)
    quoted = f'<span dir="rtl" lang="ar">{article.title}</span>, paragraph'
    assert any(quoted in page for page in pages.values())


def test_a_speaker_is_named_once_a_sentence_however_many_fragments() -> None:
    page = _seed_pages()["articles/000-83f5f90aea9c826b.md"]
    columns = [line for line in page.splitlines() if line.startswith('<div class="digest-')]
    fragments = named = 0
    for column in columns:  # (one sentence a paragraph in the seed)
        labels = re.findall(r'<sup class="digest-mark digest-said" title="([^"]*)"', column)
        assert len(labels) == len(set(labels)), column
        fragments += column.count('<span class="digest-quote"')
        named += len(labels)
    assert fragments > named > 0  # (the seed has sentences quoting one speaker twice)


def test_counts_read_as_words_and_arabic_in_english_lines_is_marked() -> None:
    assert (plural(1, "article"), plural(3, "article"), plural(0, "mention")) == (
        "1 article",
        "3 articles",
        "0 mentions",
    )
    assert bidi("قوات شرق ليبيا") == '<span dir="rtl" lang="ar">قوات شرق ليبيا</span>'
    assert bidi("Haftar <b>") == "Haftar &lt;b&gt;"
    escaped = md("١٠ <*قوات*>")
    assert bidi(escaped) == f'<span dir="rtl" lang="ar">{escaped}</span>'  # (not twice)


def test_tables_leave_out_actors_never_named_and_listings_short_quotations() -> None:
    prepared = prepare(Project.from_section(ROOT, {}), None, save=False)
    [article] = prepared.articles
    actors = dict(prepared.state.actors)
    actors["atlantis"] = replace(actors["libya"], id="atlantis", en="Atlantis", ar="أطلانطس")
    pages = render_site([article], make_environment(ROOT / "templates"), actors=actors)
    assert "Atlantis" not in pages["actors/index.md"] + pages["actors/countries.md"]
    assert "Libya" in pages["actors/countries.md"]
    sentence = Sentence("s-x", 'قال إن "الحوار" هو "الطريق الوحيد للحل" اليوم')
    sentence.translation = Translation(
        'He said "dialogue" is "the only way out" today', "editor", "h"
    )
    short, long = (sentence.text.index(q) for q in ('"الحوار"', '"الطريق'))
    sentence.quotes = [
        Quote("s-x", short, short + len('"الحوار"')),
        Quote("s-x", long, long + len('"الطريق الوحيد للحل"')),
    ]
    article.paragraphs = [replace(article.paragraphs[0], sentences=[sentence])]
    article.title_sentence = None
    listed = quote_entries([article])
    assert [entry.arabic for entry in listed] == ['"الطريق الوحيد للحل"']
    assert listed[0].english == '"the only way out"'
    sentence.translation = Translation("He said dialogue is the only way out", "editor", "h")
    assert quote_entries([article])[0].english == ""  # (not the whole sentence)
