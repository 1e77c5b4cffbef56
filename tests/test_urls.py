"""Addresses from input: an article's `url` and an actor's Wikidata id are checked when
they are read (one function, `digest.reading.urls.url_problem`), refused with a problem naming the
file and line or record, and written into attributes where Markdown cannot touch them."""

from __future__ import annotations

import json
from pathlib import Path

import markdown
import pytest

from digest.actors.registry import parse_registry
from digest.model import Article, Note
from digest.notes import note_html
from digest.reading import read_seed
from digest.reading.urls import href, url_problem, wikidata_problem, wikidata_url

ONFOCUS = "https://example.com/![x autofocus tabindex=0 onfocus=window.__pwned=101 y](z)"
"""An address whose Markdown image, processed inside `href`, becomes an element that runs
script as the page loads."""


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/",
        "http://example.com",
        "HTTPS://Example.COM:8443/a/b?x=1&y=2#top",
        "https://www.aljazeera.net/news/2021/3/1/عنوان-الخبر",
        "https://example.com/a_(b)_*c*!d'e%20f",
    ],
)
def test_absolute_web_addresses_are_accepted(url: str) -> None:
    assert url_problem(url) == ""


@pytest.mark.parametrize(
    "url",
    [
        ONFOCUS,
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "//example.com/path",
        "/relative/path",
        "example.com/path",
        "https://",
        "https:///path",
        "https://example.com/a b",
        "https://example.com/\tb",
        "https://example.com/\u202eb",
        'https://example.com/"onmouseover="alert(1)',
        "https://example.com/<script>",
        "https://example.com/`x`",
        "https://example.com/[x](y)",
        "https://example.com\\@evil.example/",
        "https://user:pass@evil.example/",
        "https://example.com:port/",
        "https://example.com/" + "a" * 3000,
        "",
    ],
)
def test_anything_else_is_refused(url: str) -> None:
    assert url_problem(url)
    assert href(url) == ""


def test_an_address_in_an_attribute_has_no_markdown_punctuation_left() -> None:
    url = "https://example.com/a_(b)_*c*!d'e?x=1&y=2#top"
    written = str(href(url))
    assert not set("_()*!'&#") & set(written.replace("&#", "").replace(";", ""))
    page = markdown.markdown(
        f'<div markdown>\n\n- <a href="{written}">x</a>\n\n</div>', extensions=["md_in_html"]
    )
    assert f'href="{written}"' in page


@pytest.mark.parametrize(
    ("item", "ok"),
    [
        ("Q3052772", True),
        ("Q1", True),
        ("q42", False),
        ("Q", False),
        ("Q0", False),
        ("Q42 ", False),
        ("P31", False),
        ("https://www.wikidata.org/wiki/Q42", False),
        ("[x](javascript:window.__xss=7)", False),
        ("![x](y)", False),
    ],
)
def test_a_wikidata_id_is_q_and_digits(item: str, ok: bool) -> None:
    assert (wikidata_problem(item) == "") is ok
    assert wikidata_url(item) == (f"https://www.wikidata.org/wiki/{item}" if ok else "")


def test_an_actor_with_a_wrong_wikidata_id_is_kept_without_it(tmp_path: Path) -> None:
    path = tmp_path / "actors.yml"
    text = (
        "actors:\n"
        "- id: zaid-alharthi\n  type: person\n  en: Zaid\n  ar: زيد\n"
        "  wikidata: '[x](javascript:window.__xss=7)'\n"
        "- id: salem\n  type: person\n  en: Salem\n  ar: سالم\n  wikidata: Q42\n"
    )
    registry = parse_registry(path, text)
    assert registry.actors["zaid-alharthi"].wikidata == ""
    assert registry.actors["salem"].wikidata == "Q42"
    [problem] = registry.problems
    assert (problem.path, problem.line) == (path, 2)
    assert "zaid-alharthi" in problem.message and "Q followed by digits" in problem.message
    assert "Q3052772" in problem.hint


def _refused(articles: list[Article], where: Path) -> tuple[int | None, int | None]:
    [article] = articles
    assert article.url == "" and article.title and article.body
    [problem] = [p for p in article.problems if "url" in p.message]
    assert problem.path == where
    assert ONFOCUS[:40] in problem.message and "https://" in problem.hint
    return problem.line, problem.record


def test_a_bad_url_is_refused_in_every_seed_format_with_its_file_and_line(tmp_path: Path) -> None:
    front = tmp_path / "front.md"
    front.write_text(f"---\ntitle: عنوان\nurl: {json.dumps(ONFOCUS)}\n---\n\nفقرة.\n", "utf-8")
    assert _refused(read_seed(front), front) == (3, None)

    text = tmp_path / "plain.txt"
    text.write_text("عنوان\n\nفقرة.\n", "utf-8")
    sidecar = tmp_path / "plain.yml"
    sidecar.write_text(f"date: 2021-03-01\n\nurl: {json.dumps(ONFOCUS)}\n", "utf-8")
    assert _refused(read_seed(text), sidecar) == (3, None)

    beside = tmp_path / "beside.md"
    beside.write_text("---\ntitle: عنوان\n---\n\nفقرة.\n", "utf-8")
    (tmp_path / "beside.yml").write_text(f"url: {json.dumps(ONFOCUS)}\n", "utf-8")
    assert _refused(read_seed(beside), tmp_path / "beside.yml") == (1, None)

    good = {"title": "عنوان آخر", "content": "فقرة أخرى.", "url": "https://example.com/"}
    bad = {"title": "عنوان", "content": "فقرة.", "url": ONFOCUS}
    corpus = tmp_path / "corpus.json"
    corpus.write_text(json.dumps([good, bad], ensure_ascii=False), "utf-8")
    first, second = read_seed(corpus)
    assert first.url == "https://example.com/" and not first.problems
    assert _refused([second], corpus) == (None, 2)

    lines = tmp_path / "corpus.jsonl"
    lines.write_text(json.dumps(bad, ensure_ascii=False) + "\n", "utf-8")
    assert _refused(read_seed(lines), lines) == (None, 1)


def test_the_fixtures_good_urls_are_kept() -> None:
    articles = Path(__file__).parent / "fixtures" / "articles"
    [article] = read_seed(articles / "tunisia-election.md")
    assert article.url == "https://example.org/news/tunisia-election-2019"
    assert not article.problems
    assert not url_problem("https://example.org/oil-opec")


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("[a](https://example.com/x_y)", "https://example.com/x_y"),
        ("<https://example.com/a>", "https://example.com/a"),
        ("[a](#p-1)", "#p-1"),
        ("[a](../days/2021-03-01/)", "../days/2021-03-01/"),
        ("[a](javascript:alert(1))", None),
        ("[a](JAVASCRIPT:alert(1))", None),
        ("[a](mailto:someone@example.com)", None),
        ("[a](//evil.example/pwn)", None),
        ("[a](https://example.com@evil.example/)", None),
        ("[a](data:text/html;base64,PHNjcmlwdD4=)", None),
    ],
)
def test_a_note_links_only_to_the_site_or_to_an_absolute_web_address(
    text: str, link: str | None
) -> None:
    html = str(note_html(Note("article", text, "en", 1)))
    assert ("<a " in html) is (link is not None), html
    if link is not None:
        assert f'href="{link}"' in html
