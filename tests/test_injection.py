"""Nothing injected: article text, titles, metadata, actor names and editors' notes full of
HTML, script, Markdown, attribute lists and Jinja2 render as literal text everywhere.

Every payload of fixtures/hostile/payloads.txt goes into an article's title, body,
quotation, source, author, URL and slug, into its English (an editor's line), into an
editor's note, and into actors' names, descriptions and roles. The site is built, every
page is opened in Chromium, and no script may run, no injected element or attribute may
exist, no request may leave the site; the feed and the exports must parse and carry the
payloads as data.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

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
    return yaml.safe_dump(registry, allow_unicode=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("hostile")
    for name in ("mkdocs.yml", "glossary.yml"):
        shutil.copy(ROOT / name, project / name)
    for folder in ("docs", "templates"):
        shutil.copytree(ROOT / folder, project / folder)
    (project / "actors.yml").write_text(hostile_actors(), encoding="utf-8")
    seeds = project / "seeds"
    seeds.mkdir()
    for number, payload in enumerate(PAYLOADS):
        meta = {
            "title": f"تقرير {number}: {payload}",
            "date": f"2021-03-{number % 28 + 1:02}",
            "source": payload,
            "author": payload,
            "url": payload,
            "slug": payload,
        }
        front = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items())
        body = (
            f'قال زيد الحارثي إن {payload} في المدينة.\n\nوقال مجلس الأمناء في بيان: "{payload}".\n'
        )
        (seeds / f"payload-{number:02}.md").write_text(f"---\n{front}\n---\n\n{body}", "utf-8")
        notes = {"entries": [], "notes": [{"anchor": "article", "lang": "ar", "text": payload}]}
        (seeds / f"payload-{number:02}.tm.yml").write_text(
            yaml.safe_dump(notes, allow_unicode=True), encoding="utf-8"
        )
    prepare(Project.from_section(project, {}), lambda: Echo())  # English into the memory
    result = subprocess.run(
        [str(Path(sys.executable).parent / "digest"), "build", "--no-translate"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def test_at_least_forty_payloads() -> None:
    assert len(PAYLOADS) >= 40 and all(PAYLOADS)


def test_no_page_runs_a_script_or_carries_an_injected_element(site: Path, browser: Browser) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > len(PAYLOADS)
    problems: list[str] = []
    with serve(site) as root:
        context = browser.new_context()
        page = context.new_page()
        page.on("dialog", lambda d: (problems.append(f"dialog {d.message}"), d.dismiss()))
        page.on(
            "console",
            lambda m: problems.append(f"console {m.text}") if "PWNED" in m.text else None,
        )
        page.on(
            "request",
            lambda r: None if r.url.startswith(root) else problems.append(f"request {r.url}"),
        )
        for path in pages:
            url = root + path.relative_to(site).as_posix()
            page.goto(url)
            page.wait_for_load_state("load")
            problems += [f"{url}: {found}" for found in page.evaluate(INJECTED)]
        page.goto(root + "search/?q=PWNED")
        page.wait_for_selector("#digest-search[data-state=done]")
        assert page.locator("#digest-search-results li").count() > 0
        problems += [f"search: {found}" for found in page.evaluate(INJECTED)]
    assert not problems, problems[:20]


def test_payloads_show_as_literal_text(site: Path, browser: Browser) -> None:
    with serve(site) as root:
        page = browser.new_page()
        texts = {}
        for number in (0, 11, 31, 32):
            page.goto(root)
            page.get_by_text(f"تقرير {number}:", exact=False).first.click()
            texts[number] = " ".join(page.locator("article").inner_text().split())
            assert PAYLOADS[number].strip() in texts[number], PAYLOADS[number]
        assert "{{ 7*7 }}" in texts[31] and "49" not in texts[31]


def test_feed_and_exports_parse_and_carry_the_payloads_as_data(site: Path) -> None:
    feed = ET.parse(site / "feed.xml").getroot()
    titles = [e.text or "" for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert any(PAYLOADS[0] in title for title in titles)
    export = json.loads((site / "digest.json").read_text(encoding="utf-8"))
    dumped = json.dumps(export, ensure_ascii=False)
    assert all(json.dumps(p, ensure_ascii=False)[1:-1] in dumped for p in PAYLOADS)
    for path in (site / "export").glob("*.csv"):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        assert rows and len({len(row) for row in rows}) == 1, path
    for path in (site / "export").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            json.loads(line)
