"""Nothing injected: article text, titles, metadata, actor names and editors' notes full of
HTML, script, Markdown, attribute lists and Jinja2 render as literal text everywhere.

Every payload of fixtures/hostile/payloads.txt goes into every field of every input
format: a Markdown seed's front matter (title, date, source, author, url, slug) and body
(paragraphs, heading, quotation, link text); a text seed's title line, body and `<stem>.yml`
sidecar; the records of a JSON corpus and of a JSON Lines corpus (title, content/body/text,
every date field, source, author, url, slug); `actors.yml` (en, ar, variants, wikidata,
description, roles, type, id, not_actors, places); `glossary.yml` (ar, en, forced or not);
and each article's translation memory (an editor's English, a machine line's engine,
package and flags, notes on the article, a paragraph and a sentence). The site is built
once, every page is opened in Chromium and everything on it that can be focused or clicked
is: no script may run (no `window.__pwned`/`__xss`, no dialog), no injected element or
attribute may exist, no `javascript:` link may be followed, no request may leave the
site; the feed and the exports must parse and carry the payloads as data.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
import yaml
from browsing import chromium, serve
from playwright.sync_api import Browser
from support import FIXTURES, ROOT

from digest.build import prepare
from digest.model import Translation
from digest.project import Project

PAYLOADS = (FIXTURES / "hostile" / "payloads.txt").read_text(encoding="utf-8").splitlines()
INJECTED = """() => {
    const found = [];
    const selectors = ['[data-pwn]', '#pwn', '.pwn', 'iframe', 'object', 'embed', 'base',
        'meta[http-equiv]', 'form[action*="evil"]', 'a[href^="javascript:"]', 'img[src="x"]',
        '[src*="evil.example"]', 'link[href*="evil.example"]', 'svg[onload]', 'details[ontoggle]',
        'input[onfocus]', 'mglyph', 'body style', 'article style'];
    for (const selector of selectors) {
        for (const node of document.querySelectorAll(selector)) found.push(selector);
    }
    for (const node of document.querySelectorAll('*')) {
        for (const attribute of node.attributes) {
            if (attribute.name.startsWith('on')) found.push(node.tagName + ' ' + attribute.name);
        }
    }
    for (const script of document.scripts) {
        if (script.text.includes('PWNED')) found.push('script ' + script.text.slice(0, 40));
    }
    if (getComputedStyle(document.body).display === 'none') found.push('body hidden');
    return found;
}"""


CLICK = """async () => {
    const set = () => Object.keys(window).filter((name) => /pwn|xss/i.test(name));
    const found = set().map((name) => 'set ' + name + ' on load');
    const guard = (event) => {
        const link = event.target instanceof Element ? event.target.closest('[href]') : null;
        if (link && /^\\s*javascript:/i.test(link.getAttribute('href') || '')) {
            found.push('followed ' + link.getAttribute('href').slice(0, 60));
        } else {
            event.preventDefault();  // stay on the page; where links lead is checked too
        }
    };
    window.addEventListener('click', guard, true);
    window.addEventListener('submit', (event) => event.preventDefault(), true);
    const targets = document.querySelectorAll(
        'a, area, button, input, select, textarea, summary, label, [href], [tabindex], ' +
        '[onclick], [data-pwn], .digest-s, .digest-mention, .digest-note, img');
    for (const node of targets) {
        try {
            node.focus({preventScroll: true});
            node.click();
        } catch (error) {
            found.push('click failed: ' + error);
        }
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
    window.removeEventListener('click', guard, true);
    return found.concat(set().map((name) => 'set ' + name + ' on click'));
}"""
"""Globals a payload's script would set (`window.__pwned = …`) as the page loaded; then
everything that can be focused or clicked is: a `javascript:` link is followed (and
reported), every other default action is prevented, so the page stays the one checked;
then the globals again."""

TABS = 3
"""Pages loading at once."""

FIRST_NAMES = ["سالم", "ناصر", "حمد", "فهد", "راشد", "منصور", "سعيد", "بدر"]
FAMILY_NAMES = [
    "العتيبي",
    "القحطاني",
    "الشمري",
    "الدوسري",
    "المطيري",
    "الزهراني",
    "الغامدي",
    "الحربي",
]
FORMATS = {"md": "تقرير", "txt": "نص", "json": "سجل", "jsonl": "سطر"}
"""Each input format, and the word its articles' titles start with (`نص 12: …`)."""

GOOD_URLS = [
    "https://example.com/news/2021/a_(b)_*c*!d'e?x=1&y=2#top",
    "http://example.com:8080/~user/%D8%AE%D8%A8%D8%B1;v=1,2@3+4$5",
    "https://www.aljazeera.net/news/2021/3/1/عنوان-الخبر",
]
"""Addresses that are links, whatever Markdown would make of their punctuation."""


def name(number: int) -> str:
    """The Arabic name of hostile actor `number`, mentioned in its articles."""
    assert number < len(FIRST_NAMES) * len(FAMILY_NAMES), "more payloads than names"
    return f"{FIRST_NAMES[number % 8]} {FAMILY_NAMES[number // 8]}"


def body(number: int, payload: str) -> list[str]:
    """An article's paragraphs: the payload in a sentence and in a quotation, actors named."""
    return [
        f"قال زيد الحارثي إن {payload} في المدينة.",
        f'وقال مجلس الأمناء في بيان: "{payload}".',
        f"وأضاف {name(number)} أن الوضع هادئ.",
    ]


def date(number: int) -> str:
    return f"2021-03-{number % 28 + 1:02}"


class Echo:
    """An engine whose English is the Arabic it was given, payloads included."""

    label = "echo"

    def translate(self, texts, on_chunk=None):  # type: ignore[no-untyped-def]
        out = [Translation(f"EN {text}", "machine", "", engine="echo") for text in texts]
        if on_chunk:
            on_chunk(list(range(len(texts))), out)
        return out


def hostile_actors() -> str:
    registry = yaml.safe_load((ROOT / "actors.yml").read_text(encoding="utf-8"))
    registry["actors"] += [
        {
            "id": "zaid-alharthi",
            "type": "person",
            "en": f"Zaid {payload}",
            "ar": "زيد الحارثي",
            "description": payload,
            "roles": [{"title": payload}],
        }
        for payload in PAYLOADS[:1]
    ] + [
        {
            "id": "hostile-council",
            "type": "organization",
            "en": PAYLOADS[6],
            "ar": "مجلس الأمناء",
            "variants_en": [PAYLOADS[22], PAYLOADS[30]],
            "description": PAYLOADS[31],
        }
    ]
    registry["actors"] += [
        {
            "id": f"hostile-{number:02}",
            "type": "person",
            "en": payload,
            "ar": payload,
            "variants_ar": [name(number), payload],
            "variants_en": [payload, f"Hostile {number}"],
            "wikidata": payload,
            "description": payload,
            "roles": [
                {"title": payload, "organization": payload, "from": "2020-01-01"},
                {"title": f"Role {number}", "organization": payload},
            ],
        }
        for number, payload in enumerate(PAYLOADS)
    ]
    registry["actors"] += [  # refused: a type, a date, an id that are not one
        {"id": "hostile-type", "type": PAYLOADS[0], "en": "Typed", "ar": "نوع"},
        {"id": PAYLOADS[22], "type": "person", "en": "Named", "ar": "اسم"},
        {
            "id": "hostile-date",
            "type": "person",
            "en": "Dated",
            "ar": "تاريخ",
            "roles": [{"title": "Role", "from": PAYLOADS[6]}],
        },
    ]
    registry["not_actors"] = [*(registry.get("not_actors") or []), *PAYLOADS[:3]]
    registry["places"] = [*(registry.get("places") or []), *PAYLOADS[3:6]]
    return yaml.safe_dump(registry, allow_unicode=True)


def hostile_glossary() -> str:
    """The glossary, with every payload as the English of a term (forced into the source
    for odd numbers, checked for in the translation for even ones) and as a term itself."""
    terms = yaml.safe_load((ROOT / "glossary.yml").read_text(encoding="utf-8")) or []
    terms += [
        {"ar": name(number), "en": payload, "force": bool(number % 2)}
        for number, payload in enumerate(PAYLOADS)
    ]
    terms += [{"ar": payload, "en": f"Term {number}"} for number, payload in enumerate(PAYLOADS)]
    return yaml.safe_dump(terms, allow_unicode=True)


def write_seeds(seeds: Path) -> None:
    """Every payload in every field of every seed format."""
    records: list[dict[str, object]] = []
    lines: list[str] = []
    for number, payload in enumerate(PAYLOADS):
        paragraphs = body(number, payload)
        meta = {
            "title": f"{FORMATS['md']} {number}: {payload}",
            "date": date(number),
            "source": payload,
            "author": payload,
            "url": payload,
            "slug": payload,
        }
        front = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items())
        markdown = "\n\n".join(
            [
                paragraphs[0],
                f"> {paragraphs[1]}",
                f"## {payload}",
                f"[{payload}](https://example.com/) {paragraphs[2]}",
            ]
        )
        (seeds / f"payload-{number:02}.md").write_text(
            f"---\n{front}\n---\n\n{markdown}\n", "utf-8"
        )

        sidecar = {**meta, "title": payload}
        sidecar["date"] = payload if number % 9 == 0 else date(number)
        (seeds / f"text-{number:02}.yml").write_text(
            yaml.safe_dump(sidecar, allow_unicode=True), encoding="utf-8"
        )
        text = "\n\n".join([f"{FORMATS['txt']} {number}: {payload}", *paragraphs])
        (seeds / f"text-{number:02}.txt").write_text(text + "\n", encoding="utf-8")

        date_field = ("date", "date_extracted", "published", "date_published")[number % 4]
        records.append(
            {
                "title": f"{FORMATS['json']} {number}: {payload}",
                "content": "\n".join(paragraphs),
                "source": payload,
                "author": payload,
                "url": payload,
                "slug": payload,
                date_field: payload if number % 7 == 0 else date(number),
            }
        )
        body_field = ("content", "body", "text")[number % 3]
        record = {
            **records[-1],
            "title": f"{FORMATS['jsonl']} {number}: {payload}",
            "content": None,
            body_field: paragraphs if number % 2 else "\n".join(paragraphs),
        }
        lines.append(json.dumps(record, ensure_ascii=False))
    (seeds / "records.json").write_text(json.dumps(records, ensure_ascii=False), "utf-8")
    (seeds / "lines.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    for number, url in enumerate(GOOD_URLS):
        meta = {"title": f"رابط {number}", "date": date(number), "url": url}
        front = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items())
        (seeds / f"link-{number}.md").write_text(f"---\n{front}\n---\n\nفقرة.\n", "utf-8")


def hostile_memories(seeds: Path) -> int:
    """Payloads into the translation memories: the title's English an editor's, a machine
    line's engine, package and flags, another line an editor's; notes everywhere."""
    edited = 0
    for path in sorted(seeds.glob("*.tm.yml")):
        memory = yaml.safe_load(path.read_text(encoding="utf-8"))
        entries = memory["sentences"]
        found = re.match(r"\S+ (\d+):", entries[0]["ar"])
        if found is None:
            continue
        payload = PAYLOADS[int(found.group(1))]
        entries[0].update(en=payload, by="editor")
        entries[1].update(engine=payload, package=payload, flags=[f"name: {payload}", payload])
        entries[-1].update(en=f"{payload} (edited)", by="editor")
        memory["notes"] = [
            *(memory.get("notes") or []),
            {"anchor": "article", "lang": "en", "text": payload},
            {"anchor": entries[1]["paragraph"], "lang": "ar", "text": payload},
            {
                "anchor": entries[1]["id"],
                "lang": "en",
                "text": f"[{payload}](javascript:window.__xss=11) <{payload}> {payload}",
            },
        ]
        path.write_text(yaml.safe_dump(memory, allow_unicode=True), encoding="utf-8")
        edited += 1
    return edited


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("hostile")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("docs", "templates"):
        shutil.copytree(ROOT / folder, project / folder)
    (project / "actors.yml").write_text(hostile_actors(), encoding="utf-8")
    (project / "glossary.yml").write_text(hostile_glossary(), encoding="utf-8")
    seeds = project / "seeds"
    seeds.mkdir()
    write_seeds(seeds)
    prepare(Project.from_section(project, {}), lambda: Echo())  # English into the memory
    assert hostile_memories(seeds) == len(FORMATS) * len(PAYLOADS)
    result = subprocess.run(
        [str(Path(sys.executable).parent / "digest"), "build", "--no-translate"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    (project / "build.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    return project / "site"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def test_at_least_forty_payloads() -> None:
    assert len(PAYLOADS) >= 40 and all(PAYLOADS)


def test_every_format_and_every_hostile_actor_has_its_pages(site: Path) -> None:
    articles = [path for path in (site / "articles").iterdir() if path.is_dir()]
    assert len(articles) == len(FORMATS) * len(PAYLOADS) + len(GOOD_URLS)
    for number in range(len(PAYLOADS)):
        assert (site / "actors" / f"hostile-{number:02}" / "index.html").is_file(), number


def test_no_page_runs_a_script_or_carries_an_injected_element(site: Path, browser: Browser) -> None:
    """On load, and after everything on the page was focused and clicked."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > len(FORMATS) * len(PAYLOADS)
    problems: list[str] = []
    with serve(site) as root:
        context = browser.new_context()
        tabs = [context.new_page() for _ in range(TABS)]
        for tab in tabs:
            tab.on("dialog", lambda d: (problems.append(f"dialog {d.message}"), d.dismiss()))
            tab.on(
                "console",
                lambda m: problems.append(f"console {m.text}") if "PWNED" in m.text else None,
            )
            tab.on(
                "request",
                lambda r: None if r.url.startswith(root) else problems.append(f"request {r.url}"),
            )
        urls = [root + path.relative_to(site).as_posix() for path in pages]
        for start in range(0, len(urls), TABS):
            batch = list(zip(tabs, urls[start : start + TABS], strict=False))
            for tab, url in batch:  # the pages of a batch load side by side
                tab.goto(url, wait_until="commit")
            for tab, url in batch:
                tab.wait_for_load_state("load")
                problems += [f"{url}: {found}" for found in tab.evaluate(INJECTED)]
                problems += [f"{url}: {found}" for found in tab.evaluate(CLICK)]
                if tab.url != url:
                    problems.append(f"{url}: went to {tab.url}")
        page = tabs[0]
        page.goto(root + "search/?q=PWNED")
        page.wait_for_selector("#digest-search[data-state=done]")
        assert page.locator("#digest-search-results li").count() > 0
        problems += [f"search: {found}" for found in page.evaluate(INJECTED)]
    assert not problems, problems[:20]


def test_payloads_show_as_literal_text(site: Path, browser: Browser) -> None:
    with serve(site) as root:
        page = browser.new_page()
        for word in FORMATS.values():
            texts = {}
            for number in (11, 31, 32):
                page.goto(f"{root}days/{date(number)}/")
                page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                item = page.locator("li", has_text=f"{word} {number}:").first  # (in a story?)
                item.locator("a[href*='articles/']").first.click()
                texts[number] = " ".join(page.locator("article").inner_text().split())
                assert PAYLOADS[number].strip() in texts[number], (word, PAYLOADS[number])
            assert "{{ 7*7 }}" in texts[31] and "49" not in texts[31]


def test_feed_and_exports_parse_and_carry_the_payloads_as_data(site: Path) -> None:
    feed = ET.parse(site / "feed.xml").getroot()
    titles = [e.text or "" for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert any(payload in title for title in titles for payload in PAYLOADS[1:])
    export = json.loads((site / "digest.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "digest.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(export, schema)  # its urls and Wikidata ids addresses, or null
    assert {a["url"] for a in export["articles"]} == {None, *GOOD_URLS}
    dumped = json.dumps(export, ensure_ascii=False)
    assert all(json.dumps(p, ensure_ascii=False)[1:-1] in dumped for p in PAYLOADS)
    for path in (site / "export").glob("*.csv"):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        assert rows and len({len(row) for row in rows}) == 1, path
    for path in (site / "export").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            json.loads(line)


def test_addresses_that_are_links_are_written_as_they_are(site: Path, browser: Browser) -> None:
    with serve(site) as root:
        page = browser.new_page()
        for number, url in enumerate(GOOD_URLS):
            page.goto(f"{root}articles/link-{number}/")
            link = page.locator('a[rel~="nofollow"]')
            assert link.get_attribute("href") == url
            assert link.inner_text() == url


ONFOCUS = PAYLOADS.index(
    "https://example.com/![x autofocus tabindex=0 onfocus=window.__pwned=101 y](z)"
)
JAVASCRIPT = PAYLOADS.index("[x](javascript:window.__xss=7)")


def test_mkdocs_build_refuses_what_is_not_an_address(tmp_path: Path, browser: Browser) -> None:
    """`mkdocs build` (not `digest build`) reads the same seeds the same way: a url and a
    Wikidata id that are not addresses are reported with their file and line, and no page
    runs them on load or on click."""
    shutil.copy(ROOT / "glossary.yml", tmp_path / "glossary.yml")
    for folder in ("docs", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "      templates: templates\n", "      templates: templates\n      translate: false\n"
    )
    assert "translate: false" in config
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    actor = {
        "id": "zaid-alharthi",
        "type": "person",
        "en": "Zaid al-Harthi",
        "ar": "زيد الحارثي",
        "wikidata": PAYLOADS[JAVASCRIPT],
    }
    (tmp_path / "actors.yml").write_text(
        yaml.safe_dump({"actors": [actor]}, allow_unicode=True), encoding="utf-8"
    )
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    url = json.dumps(PAYLOADS[ONFOCUS])
    paragraph = "قال زيد الحارثي إن الوضع هادئ في المدينة."
    (seeds / "front.md").write_text(
        f"---\ntitle: تقرير\ndate: 2021-03-01\nurl: {url}\n---\n\n{paragraph}\n", "utf-8"
    )
    (seeds / "plain.txt").write_text(f"نص\n\n{paragraph}\n", "utf-8")
    (seeds / "plain.yml").write_text(f"date: 2021-03-02\nurl: {url}\n", "utf-8")
    result = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    log = result.stdout + result.stderr
    assert f"{seeds / 'front.md'}:4: has a url that cannot be a link" in log
    assert f"{seeds / 'plain.yml'}:2: has a url that cannot be a link" in log
    assert f"{tmp_path / 'actors.yml'}:2: gives zaid-alharthi the wikidata" in log
    site = tmp_path / "site"
    pages = ["articles/front/", "articles/plain/", "actors/zaid-alharthi/"]
    assert all((site / page / "index.html").is_file() for page in pages)
    problems: list[str] = []
    with serve(site) as root:
        page = browser.new_page()
        page.on("dialog", lambda d: (problems.append(f"dialog {d.message}"), d.dismiss()))
        for path in pages:
            page.goto(root + path)
            problems += [f"{path}: {found}" for found in page.evaluate(INJECTED)]
            problems += [f"{path}: {found}" for found in page.evaluate(CLICK)]
            assert page.url == root + path
        assert "Zaid al-Harthi" in page.locator("article").inner_text()
    assert not problems, problems
