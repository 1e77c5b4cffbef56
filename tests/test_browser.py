"""The built site in Debian's Chromium, driven by Playwright: layout, view modes, alignment,
search, phones, and no request leaving the site.

The site is served under a sub-path (`/digest-demo/`), as GitHub Pages serves a project.
Set DIGEST_SCREENSHOTS to a folder to save the README's screenshots there.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from browsing import chromium, serve
from playwright.sync_api import Browser, Page
from support import FIXTURES, ROOT
from synthetic import fill_memory, write_digest

from digest.outputs.search import index_keys, query_keys
from digest.outputs.search import words as python_words

SUB_PATH = "digest-demo"
SEED_ARTICLE = "articles/000-83f5f90aea9c826b/"
ACTOR = "actors/khalifa-haftar/"
CASES = yaml.safe_load((FIXTURES / "search" / "cases.yml").read_text(encoding="utf-8"))
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site plus the search fixtures, built without a model, in a folder
    served as `/<SUB_PATH>/`."""
    project = tmp_path_factory.mktemp("project")
    for name in ("mkdocs.yml", "actors.yml", "glossary.yml"):
        shutil.copy(ROOT / name, project / name)
    for folder in ("docs", "templates", "seeds"):
        shutil.copytree(ROOT / folder, project / folder)
    for path in (*(FIXTURES / "search").glob("*.md"), *(FIXTURES / "search").glob("*.tm.yml")):
        shutil.copy(path, project / "seeds")
    config = project / "mkdocs.yml"  # search blocks of two articles: the script reads several
    text = config.read_text("utf-8").replace(
        "- digest:\n", "- digest:\n      search_block_articles: 2\n"
    )
    config.write_text(text, "utf-8")
    served = tmp_path_factory.mktemp("served")
    digest = Path(sys.executable).parent / "digest"
    command = [str(digest), "build", "--no-translate", "--site-dir", str(served / SUB_PATH)]
    command += ["--site-url", f"https://example.github.io/{SUB_PATH}/"]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return served


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as root:
        yield f"{root}{SUB_PATH}/"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def outside_requests() -> list[str]:
    return []


def open_page(
    browser: Browser, url: str, outside: list[str], viewport: dict[str, int] = DESKTOP, **kw: Any
) -> Page:
    """A fresh context (no stored view mode) with every request outside the site noted."""
    context = browser.new_context(viewport=viewport, **kw)
    page = context.new_page()
    origin = url.split(f"/{SUB_PATH}/")[0] + f"/{SUB_PATH}/"
    page.on("request", lambda r: None if r.url.startswith(origin) else outside.append(r.url))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page


def searched(browser: Browser, base_url: str, query: str, outside: list[str]) -> Page:
    """The search page with the results of a query."""
    page = open_page(browser, base_url + f"search/?q={query}", outside)
    page.wait_for_selector("#digest-search[data-state=done]")
    return page


def box(page: Page, selector: str) -> dict[str, float]:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not displayed"
    return dict(found)


def test_side_by_side_has_the_arabic_column_right_to_left_on_the_right(
    browser: Browser, base_url: str, outside_requests: list[str]
) -> None:
    page = open_page(browser, base_url + SEED_ARTICLE, outside_requests)
    assert page.evaluate("document.documentElement.dataset.digestView") == "side"
    row = ".digest-row >> nth=1"
    arabic, english = box(page, f"{row} >> .digest-ar"), box(page, f"{row} >> .digest-en")
    assert arabic["x"] > english["x"] + english["width"] - 1
    assert abs(arabic["y"] - english["y"]) < 2
    direction = page.eval_on_selector(".digest-ar", "e => getComputedStyle(e).direction")
    assert direction == "rtl"
    font = page.eval_on_selector(".digest-ar", "e => getComputedStyle(e).fontFamily")
    assert font.startswith('"Digest Naskh"')
    assert page.evaluate("document.fonts.check('16px \"Digest Naskh\"', 'ال')")
    assert not outside_requests


def visible(page: Page, selector: str) -> bool:
    return page.locator(selector).first.is_visible()


def test_view_modes_show_and_hide_and_persist(
    browser: Browser, base_url: str, outside_requests: list[str]
) -> None:
    page = open_page(browser, base_url + SEED_ARTICLE, outside_requests)
    row = ".digest-row >> nth=2"
    page.get_by_label("Interleaved").check()
    arabic, english = box(page, f"{row} >> .digest-ar"), box(page, f"{row} >> .digest-en")
    assert arabic["y"] + arabic["height"] <= english["y"] + 1
    assert abs(arabic["width"] - english["width"]) < 2
    page.get_by_label("Arabic only").check()
    assert visible(page, f"{row} >> .digest-ar") and not visible(page, f"{row} >> .digest-en")
    page.get_by_label("English only").check()
    assert visible(page, f"{row} >> .digest-en") and not visible(page, f"{row} >> .digest-ar")
    # The choice follows the reader to later visits and other pages...
    page.reload()
    assert page.evaluate("document.documentElement.dataset.digestView") == "en"
    assert page.get_by_label("English only").is_checked()
    assert not visible(page, ".digest-ar")
    # ... but an article with no English yet shows its Arabic whatever the view.
    page.goto(base_url + "articles/moscow-visit/")
    assert page.evaluate("document.documentElement.dataset.digestView") == "en"
    assert visible(page, ".digest-ar") and page.locator(".digest-view-controls").count() == 0
    page.goto(base_url + SEED_ARTICLE)
    # From the keyboard: arrows move through the modes.
    page.get_by_label("English only").focus()
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("document.documentElement.dataset.digestView") == "ar"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.documentElement.dataset.digestView") == "side"
    assert not outside_requests


def test_learner_mode_hides_english_until_a_paragraph_is_clicked_or_focused(
    browser: Browser, base_url: str, outside_requests: list[str]
) -> None:
    page = open_page(browser, base_url + SEED_ARTICLE, outside_requests)
    page.get_by_label("Learner mode").check()
    first, second = ".digest-row >> nth=1", ".digest-row >> nth=2"
    assert not visible(page, f"{first} >> .digest-en p")
    assert not visible(page, f"{second} >> .digest-en p")
    assert visible(page, f"{first} >> .digest-ar p")
    page.locator(f"{first} >> .digest-en").click(position={"x": 20, "y": 10})
    page.mouse.click(5, 5)  # focus elsewhere: the tapped paragraph stays revealed
    assert visible(page, f"{first} >> .digest-en p")
    assert not visible(page, f"{second} >> .digest-en p")
    page.locator(f"{second} >> .digest-ar .digest-s").first.focus()
    assert visible(page, f"{second} >> .digest-en p")
    page.reload()
    assert page.get_by_label("Learner mode").is_checked()
    assert not visible(page, f"{first} >> .digest-en p")


def test_hovering_a_sentence_highlights_exactly_its_counterpart(
    browser: Browser, base_url: str, outside_requests: list[str]
) -> None:
    page = open_page(browser, base_url + SEED_ARTICLE, outside_requests)
    sentence = page.locator(".digest-ar .digest-s").nth(4)
    sid = sentence.get_attribute("data-sid")
    sentence.hover()
    active = page.eval_on_selector_all(
        ".digest-active", "spans => spans.map(s => [s.id, s.dataset.sid])"
    )
    assert sorted(active) == [[f"ar-{sid}", sid], [f"en-{sid}", sid]]
    page.mouse.move(5, 5)
    assert page.locator(".digest-active").count() == 0


def test_a_counterpart_off_screen_is_scrolled_into_view(
    browser: Browser, base_url: str, outside_requests: list[str]
) -> None:
    viewport = {"width": 800, "height": 400}
    page = open_page(browser, base_url + SEED_ARTICLE, outside_requests, viewport)
    page.get_by_label("Interleaved").check()
    # The first English sentence of the tallest paragraph, scrolled to the top of the
    # window: its Arabic counterpart, at the top of the Arabic paragraph, is (partly) above.
    sid = page.evaluate(
        """() => {
        const rows = [...document.querySelectorAll('.digest-row')];
        const tallest = rows.reduce((a, b) =>
            a.querySelector('.digest-ar').offsetHeight >= b.querySelector('.digest-ar').offsetHeight
            ? a : b);
        const english = tallest.querySelector('.digest-en .digest-s');
        english.scrollIntoView({block: 'start'});
        return english.dataset.sid;
    }"""
    )
    position = f"document.getElementById('ar-{sid}').getBoundingClientRect()"
    header = "document.querySelector('.md-header').getBoundingClientRect().bottom"
    assert page.evaluate(f"{position}.top < {header}"), "the counterpart starts off screen"
    page.evaluate(f"document.getElementById('en-{sid}').focus({{preventScroll: true}})")
    page.wait_for_function(
        f"{position}.top >= {header} - 1 && {position}.bottom <= window.innerHeight",
        timeout=5000,
    )


def test_a_paragraph_permalink_opens_there_highlighted(
    browser: Browser, base_url: str, outside_requests: list[str]
) -> None:
    page = open_page(browser, base_url + SEED_ARTICLE, outside_requests)
    paragraph = page.locator(".digest-row").nth(8).get_attribute("id")
    page.goto(base_url + SEED_ARTICLE + f"#{paragraph}")
    row = page.locator(f"#{paragraph}")
    assert row.evaluate("e => e.matches(':target')")
    header = box(page, ".md-header")
    top = row.evaluate("e => e.getBoundingClientRect().top")
    assert header["height"] - 1 <= top < 400
    background = row.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    for side in (".digest-ar", ".digest-en"):
        assert row.locator(side).is_visible()


@pytest.mark.parametrize("run", ["g7+", "Reuters", "2,000", "2019"])
def test_latin_runs_and_numbers_keep_their_order_in_arabic_lines(
    browser: Browser, base_url: str, outside_requests: list[str], run: str
) -> None:
    """In an Arabic line, `g7+` must read g, 7, + from left to right (not `+g7`), and a
    number its digits from left to right."""
    page = open_page(browser, base_url + "articles/moscow-visit/", outside_requests)
    lefts = page.evaluate(
        """run => {
        const walker = document.createTreeWalker(document.querySelector('.digest-article'),
            NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walker.nextNode()) && !node.data.includes(run)) {}
        const start = node.data.indexOf(run);
        return [...run].map((_, i) => {
            const range = document.createRange();
            range.setStart(node, start + i);
            range.setEnd(node, start + i + 1);
            return range.getBoundingClientRect().left;
        });
    }""",
        run,
    )
    assert lefts == sorted(lefts), lefts


def result_pages(page: Page) -> set[str]:
    hrefs = page.eval_on_selector_all(
        "#digest-search-results a", "links => links.map(a => new URL(a.href).pathname)"
    )
    names = set()
    for href in hrefs:
        kind, name = href.split(f"/{SUB_PATH}/")[1].strip("/").split("/")[:2]
        names.add(f"actor:{name}" if kind == "actors" else name)
    return names


@pytest.mark.parametrize("case", CASES, ids=[c["why"] for c in CASES])
def test_search_page_finds_the_arabic_cases(
    browser: Browser, base_url: str, outside_requests: list[str], case: dict[str, Any]
) -> None:
    page = open_page(browser, base_url + "search/", outside_requests)
    page.get_by_label("Search the articles").fill(case["query"])
    page.wait_for_selector("#digest-search[data-state=done]")
    found = result_pages(page)
    assert set(case["finds"]) <= found, found
    assert not set(case.get("misses", [])) & found, found
    marks = page.locator("#digest-search-results mark").count()
    assert marks > 0
    assert not outside_requests


def test_the_page_folds_words_as_the_index_does(
    browser: Browser, base_url: str, outside_requests: list[str]
) -> None:
    page = searched(browser, base_url, CASES[0]["query"], outside_requests)
    texts = [
        "أَعْلَنَ الرَّئِيسُ، مَسَاءَ الثُّلَاثَاءِ؛ القَاهِرَةَ؟",
        "ﻻ ﷲ ٢٠٢٠ ۱۹ Café ÉTÉ الـــرئيس",
        "g7+ U.S. F-16 «بفرنسا» والبرلمان مستشفى",
    ]
    for text in texts:
        assert page.evaluate("t => window.digestSearch.words(t)", text) == python_words(text)
    for query in ["وبالقاهرة في the talks", "وأردوغان", "الرئيس"]:
        keys = page.evaluate("q => window.digestSearch.queryKeys(q)", query)
        assert keys == query_keys(query), query
    for word in ["0", "و", "بل", "الا", "والرييس", "بفرنسا", "وبالمدينه", "negotiations"]:
        keys = page.evaluate("w => window.digestSearch.indexKeys(w)", word)
        assert set(keys) == index_keys(word), word


@pytest.mark.parametrize("path", [SEED_ARTICLE, ACTOR, "", "search/?q=حفتر", "actors/"])
def test_phone_viewport_stacks_columns_without_horizontal_scrolling(
    browser: Browser, base_url: str, outside_requests: list[str], path: str
) -> None:
    page = open_page(browser, base_url + path, outside_requests, PHONE, is_mobile=True)
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
    if path == SEED_ARTICLE:
        assert page.evaluate("document.documentElement.dataset.digestView") == "interleaved"
        row = ".digest-row >> nth=1"
        arabic, english = box(page, f"{row} >> .digest-ar"), box(page, f"{row} >> .digest-en")
        assert arabic["y"] + arabic["height"] <= english["y"] + 1
    assert not outside_requests


def test_screenshots(browser: Browser, base_url: str, outside_requests: list[str]) -> None:
    """Screenshots of an article (desktop and phone) and an actor page, for the README."""
    folder = os.environ.get("DIGEST_SCREENSHOTS")
    shots = {
        "article-page.png": (SEED_ARTICLE, DESKTOP, {}),
        "article-phone.png": (SEED_ARTICLE, PHONE, {"is_mobile": True}),
        "actor-page.png": (ACTOR, DESKTOP, {}),
        "search-page.png": ("search/?q=الرئيس", DESKTOP, {}),
    }
    for name, (path, viewport, options) in shots.items():
        page = open_page(browser, base_url + path, outside_requests, viewport, **options)
        if "search" in path:
            page.wait_for_selector("#digest-search[data-state=done]")
        page.evaluate("document.fonts.ready")
        image = page.screenshot()
        assert image.startswith(b"\x89PNG")
        if folder:
            Path(folder, name).write_bytes(image)
    assert not outside_requests


def test_every_link_of_the_site_is_relative_and_resolves(site: Path) -> None:
    """Published under a sub-path, every local link lands on a file of the site: relative
    links, and the 404 page's, which MkDocs builds from site_url."""
    root = site / SUB_PATH
    pattern = re.compile(r'(?:href|src)="([^"]*)"')
    broken = []
    for page in root.rglob("*.html"):
        for link in pattern.findall(page.read_text(encoding="utf-8")):
            target = html.unescape(link).split("#")[0].split("?")[0]
            if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target):
                continue  # an anchor on the page, or another site
            if target.startswith("/"):  # only the 404 page, from site_url
                assert target.startswith(f"/{SUB_PATH}/"), f"{page}: {link} is off the sub-path"
                resolved = (site / urllib.parse.unquote(target[1:])).resolve()
            else:
                resolved = (page.parent / urllib.parse.unquote(target)).resolve()
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.is_file() or root.resolve() not in resolved.parents:
                broken.append(f"{page.relative_to(root)}: {link}")
    assert not broken, broken[:10]


def test_lists_quotes_and_tables_in_arabic_blocks_run_right_to_left(
    browser: Browser, base_url: str, outside_requests: list[str]
) -> None:
    page = open_page(browser, base_url + "articles/moscow-visit/", outside_requests)
    note = ".digest-note[lang=ar]"
    # Material moves a note into its tooltip when the reader opens the annotation.
    page.locator(".md-annotation__index").first.click(force=True)
    page.wait_for_selector(f"{note} table")
    style = page.evaluate(
        f"""() => {{
        const css = (selector, property) => getComputedStyle(
            document.querySelector('{note} ' + selector))[property];
        return {{
            direction: css('ul', 'direction'),
            listLeft: css('li', 'marginLeft'), listRight: css('li', 'marginRight'),
            quoteLeft: css('blockquote', 'borderLeftWidth'),
            quoteRight: css('blockquote', 'borderRightWidth'),
            cell: css('td', 'textAlign'), heading: css('th', 'textAlign'),
        }};
    }}"""
    )
    assert style["direction"] == "rtl"
    assert style["listLeft"] == "0px" and style["listRight"] != "0px", style
    assert style["quoteLeft"] == "0px" and style["quoteRight"] != "0px", style
    assert style["cell"] == "right" and style["heading"] == "right", style


def test_the_home_page_search_box_opens_the_search_page(
    browser: Browser, base_url: str, outside_requests: list[str]
) -> None:
    page = open_page(browser, base_url, outside_requests)
    page.get_by_label("Search in Arabic or English").fill("حفتر")
    page.keyboard.press("Enter")
    page.wait_for_selector("#digest-search[data-state=done]")
    assert "benghazi-forces" in result_pages(page)
    assert not outside_requests


TAB_STOPS = """() => Array.from(document.querySelectorAll(
  'a[href], [tabindex], input, button, select, textarea, summary'
)).filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length).length"""


def test_a_paragraph_is_one_tab_stop_and_the_arrow_keys_go_through_its_sentences(
    browser: Browser, base_url: str, outside_requests: list[str]
) -> None:
    page = open_page(browser, base_url + SEED_ARTICLE, outside_requests)
    rows = page.locator(".digest-article .digest-row").count()
    names = page.locator(".digest-row a.digest-mention").count()
    assert names > 2 * rows  # (each sentence in two languages, and each name, were stops)
    chrome = page.evaluate(TAB_STOPS) - rows  # (header, navigation, view controls, meta)
    assert chrome < 25, chrome
    row = page.locator(".digest-article .digest-row >> nth=1")
    row.locator(".digest-permalink").focus()
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.id")
    assert first.startswith("ar-s-"), first
    counterpart = page.locator(f"#en-{first.removeprefix('ar-')}")
    assert "digest-active" in (counterpart.get_attribute("class") or "")
    page.keyboard.press("ArrowDown")  # (the first name in the sentence)
    assert page.evaluate("document.activeElement.classList.contains('digest-mention')")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == first
    for n in (1, 2):  # (Tab: its permalink, then the next paragraph's)
        page.keyboard.press("Tab")
        stop = page.locator(f".digest-article .digest-row >> nth={n} >> .digest-permalink")
        assert page.evaluate("e => e === document.activeElement", stop.element_handle())
    assert not outside_requests


AXE = ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = """async () => {
  const rules = Object.fromEntries(
    axe.getRules(['experimental']).map(r => [r.ruleId, {enabled: true}]));
  const found = await axe.run(document, {resultTypes: ['violations'], rules});
  return found.violations.map(v => `${v.id}: ${v.nodes.length} (${v.nodes[0].target})`);
}"""


@pytest.mark.parametrize(
    "path",
    ["", SEED_ARTICLE, "articles/benghazi-forces/", ACTOR, "actors/", "quotes/", "search/?q=حفتر"],
)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_finds_no_accessibility_violation(
    browser: Browser,
    base_url: str,
    outside_requests: list[str],
    path: str,
    viewport: dict[str, int],
) -> None:
    """axe-core, from npm (`make test` installs it), with its experimental rules too."""
    assert AXE.is_file(), "axe-core is missing: `make test` installs it (npm ci --prefix tests)"
    page = open_page(browser, base_url + path, outside_requests, viewport)
    if "search" in path:
        page.wait_for_selector("#digest-search[data-state=done]")
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(AXE_RUN) == []
    assert not outside_requests


PAGES = [
    "",
    SEED_ARTICLE,
    "articles/benghazi-forces/",
    ACTOR,
    "actors/",
    "quotes/",
    "search/?q=حفتر",
]


@pytest.mark.parametrize("width", [320, 390, 768, 1024, 1366, 1440])
def test_no_page_scrolls_sideways(
    browser: Browser, base_url: str, outside_requests: list[str], width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=width < 800)
    page = context.new_page()
    for path in PAGES:
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], (path, widths)
    context.close()


def test_an_untranslated_article_reads_in_arabic_with_a_headline(
    browser: Browser, base_url: str, outside_requests: list[str]
) -> None:
    page = open_page(browser, base_url + "articles/benghazi-forces/", outside_requests)
    assert page.locator(".digest-en").count() == 0
    assert "not translated yet]" not in page.locator(".md-content").inner_text()
    sizes = page.evaluate(
        """() => [document.querySelector('h1[lang=ar]'), document.querySelector('.digest-ar p')]
        .map(e => parseFloat(getComputedStyle(e).fontSize))"""
    )
    assert sizes[0] > 1.5 * sizes[1], sizes
    column = box(page, ".digest-row .digest-ar")
    assert column["width"] > 0.8 * box(page, ".digest-article")["width"]
    home = open_page(browser, base_url, outside_requests)
    link = home.locator('a[lang="ar"][href$="articles/benghazi-forces/"]')
    assert link.count() == 1
    assert "not translated yet" not in home.locator(".md-content").inner_text()
    assert not outside_requests


def test_arabic_titles_in_english_lines_are_marked_arabic(
    browser: Browser, base_url: str, outside_requests: list[str]
) -> None:
    """In the theme's header and table of contents (marked by the script; the links under
    quotations are marked in the page: test_render)."""
    page = open_page(browser, base_url + "articles/benghazi-forces/", outside_requests)
    assert page.locator('.md-header__topic .md-ellipsis[lang="ar"][dir="rtl"]').count() >= 1
    page = open_page(browser, base_url + ACTOR, outside_requests)
    arabic = page.locator('.md-nav--secondary .md-ellipsis[lang="ar"][dir="rtl"]')
    assert arabic.count() >= 1 and "قوات" in arabic.first.inner_text()
    english = page.locator(".md-nav--secondary .md-ellipsis:not([lang])")
    assert english.count() >= 1  # (English titles left as they are)
    assert not outside_requests


def test_the_actor_filter_finds_names_as_readers_type_them(
    browser: Browser, base_url: str, outside_requests: list[str]
) -> None:
    page = open_page(browser, base_url + "actors/", outside_requests, PHONE, is_mobile=True)
    box_ = page.get_by_label("Filter by name, in English or Arabic")

    def shown(query: str) -> list[str]:
        box_.fill(query)
        return page.locator(".digest-sortable tbody tr:visible td:first-child").all_inner_texts()

    assert shown("خليفه حفتر") == ["Khalifa Haftar"]  # (taa marbuta typed as haa)
    assert shown("turkiye") == ["Türkiye"] and shown("Turkey") == ["Türkiye"]
    assert shown("") != ["Türkiye"]
    arabic, count = (
        box(page, "tbody tr >> nth=0 >> td >> nth=1"),
        box(page, "tbody tr >> nth=0 >> td >> nth=2"),
    )
    assert arabic["x"] + arabic["width"] <= count["x"]  # (cells side by side, not run together)
    header = box(page, "th[data-numeric] button")
    assert header["height"] < 1.6 * box(page, "th >> nth=0 >> button")["height"] + 1
    assert not outside_requests


def result_order(page: Page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "#digest-search-results .digest-search-title a",
        "links => links.map(a => new URL(a.href).pathname)",
    )
    return [href.strip("/").split("/")[-1] for href in hrefs]


def test_a_title_match_comes_first_and_its_title_alone_is_not_a_paragraph_match(
    browser: Browser, base_url: str, outside_requests: list[str]
) -> None:
    # موسكو is in moscow-visit's title and first paragraph; the seed article names it in
    # more paragraphs, but not in its title.
    page = searched(browser, base_url, "موسكو", outside_requests)
    order = result_order(page)
    assert order[0] == "moscow-visit", order
    first = page.locator("#digest-search-results li").first
    assert first.locator("details").count() == 0  # (its other paragraphs do not say موسكو)
    # A word of the title and a word of a paragraph: the article is found.
    page = searched(browser, base_url, "موسكو g7", outside_requests)
    assert result_order(page) == ["moscow-visit"]
    assert not outside_requests


def test_a_paragraph_found_by_an_actors_other_spelling_says_which_name_matched(
    browser: Browser, base_url: str, outside_requests: list[str]
) -> None:
    page = searched(browser, base_url, "Hifter", outside_requests)
    result = page.locator("#digest-search-results li", has_text="حفتر").filter(
        has=page.locator("a[href*='benghazi-forces']")
    )
    why = result.locator("p.digest-search-meta", has_text="Names")
    assert "Haftar (Hifter)" in why.locator("mark").inner_text()
    assert why.locator("[lang=ar][dir=rtl]").inner_text() == "خليفة حفتر"
    assert not outside_requests


def test_a_pages_other_matching_paragraphs_open_from_its_result(
    browser: Browser, base_url: str, outside_requests: list[str]
) -> None:
    page = searched(browser, base_url, "ليبيا", outside_requests)
    more = page.locator("#digest-search-results details.digest-search-more").first
    more.locator("summary").click()
    links = more.locator("a")
    links.first.wait_for()
    count = links.count()
    assert count >= 2
    for n in range(count):  # (each shows why it matched: its words, or an actor's name)
        assert "#p-" in (links.nth(n).get_attribute("href") or "")
        assert links.nth(n).locator("mark").count() >= 1
    assert not outside_requests


@pytest.fixture(scope="module")
def large_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A digest of 300 articles recombined from the fixtures' real Arabic, half with English
    in the memory and half untranslated, built without a model and served as the demo is."""
    project = tmp_path_factory.mktemp("large")
    write_digest(project, LARGE)
    later = tmp_path_factory.mktemp("later")
    for seed in sorted((project / "seeds").glob("*.md"))[LARGE // 2 :]:
        seed.rename(later / seed.name)
    fill_memory(project)
    for seed in later.iterdir():
        seed.rename(project / "seeds" / seed.name)
    served = tmp_path_factory.mktemp("served-large")
    digest = Path(sys.executable).parent / "digest"
    command = [str(digest), "build", "--no-translate", "--site-dir", str(served / SUB_PATH)]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    with serve(served) as root:
        yield f"{root}{SUB_PATH}/"


LARGE = 300


def large_pages(browser: Browser, large_url: str) -> list[str]:
    """The large digest's pages of each kind: home, a day, a translated and an untranslated
    article, a story, the most named actor, the actors' index, quotations, and a search."""
    page = browser.new_page()
    page.goto(large_url + "actors/")
    links = [page.evaluate("s => document.querySelector(s).href", "tbody tr a")]
    page.goto(large_url)
    for selector in (
        "a[href*='days/']",
        "a[href*='articles/']:not([lang])",
        "a[lang=ar][href*='articles/']",
        ".md-content .digest-story-line a",
    ):
        links.append(page.evaluate("s => document.querySelector(s).href", selector))
    page.close()
    assert all(link.startswith(large_url) for link in links), links
    paths = [link.removeprefix(large_url) for link in links]
    return ["", *paths, "all-stories/", "actors/", "quotes/", "search/?q=ليبيا"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_finds_no_violation_on_a_300_article_digest(
    browser: Browser, large_url: str, outside_requests: list[str], viewport: dict[str, int]
) -> None:
    for path in large_pages(browser, large_url):
        page = open_page(browser, large_url + path, outside_requests, viewport)
        if "search" in path:
            page.wait_for_selector("#digest-search[data-state=done]")
        page.add_script_tag(path=str(AXE))
        assert page.evaluate(AXE_RUN) == [], path
        page.context.close()
    assert not outside_requests


def test_no_page_of_a_300_article_digest_scrolls_sideways(browser: Browser, large_url: str) -> None:
    paths = large_pages(browser, large_url)
    for width in (320, 390, 768, 1024, 1366, 1440):
        context = browser.new_context(
            viewport={"width": width, "height": 800}, is_mobile=width < 800
        )
        page = context.new_page()
        for path in paths:
            page.goto(large_url + path)
            page.wait_for_load_state("networkidle")
            widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert widths[0] <= widths[1], (path, width, widths)
        context.close()


def test_a_sentence_names_each_speaker_once_and_links_the_name(
    browser: Browser, base_url: str, outside_requests: list[str]
) -> None:
    page = open_page(browser, base_url + SEED_ARTICLE, outside_requests)
    labels = page.eval_on_selector_all(
        ".digest-s",
        "spans => spans.map(s => [...s.querySelectorAll('sup.digest-said')]"
        "  .map(label => label.textContent))",
    )
    assert any(labels)
    for sentence in labels:
        assert len(sentence) == len(set(sentence)), sentence
    linked = page.eval_on_selector_all(
        "sup.digest-said a", "links => links.map(a => new URL(a.href).pathname)"
    )
    assert f"/{SUB_PATH}/actors/emmanuel-macron/" in linked
    assert not outside_requests


def test_a_city_is_not_linked_to_its_country(
    browser: Browser, base_url: str, outside_requests: list[str]
) -> None:
    page = open_page(browser, base_url + SEED_ARTICLE, outside_requests)
    russia = page.eval_on_selector_all(
        ".digest-en a.digest-mention[data-actor=russia]", "links => links.map(a => a.textContent)"
    )
    assert "Russia" in russia and set(russia) <= {"Russia", "Russian", "Russians"}, russia
    assert not outside_requests


@pytest.mark.parametrize("path", ["", SEED_ARTICLE, ACTOR, "actors/", "quotes/"])
def test_readers_meet_no_editors_wording(
    browser: Browser, base_url: str, outside_requests: list[str], path: str
) -> None:
    text = open_page(browser, base_url + path, outside_requests).inner_text(".md-content")
    for wording in ("actors.yml", "digest actors", "(s)", "carried", "not translated yet"):
        assert wording not in text, (path, wording)
    assert not outside_requests


def test_the_home_page_lists_articles_by_day_newest_first_with_paper_and_lede(
    browser: Browser, base_url: str, outside_requests: list[str]
) -> None:
    page = open_page(browser, base_url, outside_requests)
    days = page.eval_on_selector_all(
        ".md-content h2 a[href*='days/']",
        "links => links.map(a => new URL(a.href).pathname.split('/').at(-2))",
    )
    assert len(days) >= 3 and days == sorted(days, reverse=True), days
    first = page.locator(".md-content h2 + ul > li").first
    assert first.locator(".digest-lede").count() == 1
    assert " — " in first.inner_text()  # (the paper's name after the title)
    assert not outside_requests


def test_the_home_page_of_a_300_article_digest_shows_stories_not_a_flat_list(
    browser: Browser, large_url: str, outside_requests: list[str]
) -> None:
    page = open_page(browser, large_url, outside_requests)
    stories = page.locator(".md-content .digest-story")
    lines = (
        stories.count() + page.locator(".md-content h2 + ul > li, .digest-story + ul > li").count()
    )
    listed = page.locator(".md-content li a[href*='articles/']").count()
    assert stories.count() >= 3 and lines < listed, (stories.count(), lines, listed)
    story = stories.first
    meta = story.locator(".digest-story-meta").inner_text()
    total = int(re.match(r"(\d+) articles · \w", meta).group(1))  # type: ignore[union-attr]
    summary = story.locator("summary")
    that_day = int(summary.inner_text().split()[0])
    items = story.locator("details li")
    assert total >= 2 and items.count() == that_day and not items.first.is_visible()
    summary.focus()
    page.keyboard.press("Enter")  # (opened from the keyboard)
    assert items.first.is_visible() and items.first.locator(".digest-lede").count() == 1
    story.locator(".digest-story-line a").click()
    page.wait_for_load_state()
    assert "/stories/" in page.url
    articles = page.locator(".md-content .digest-story-others li")
    assert articles.count() == total
    articles.first.locator("a").first.click()
    page.wait_for_load_state()
    others = page.locator("#other-articles-of-this-story + ul li")
    assert others.count() == total - 1
    # The Stories page, from the navigation: the stories of several articles, linked.
    page.goto(large_url)
    page.locator(".md-tabs a, .md-nav a").filter(has_text="Stories").first.click()
    page.wait_for_load_state()
    assert page.url == large_url + "all-stories/"
    listed_stories = page.locator(".md-content .digest-story-list > li")
    assert listed_stories.count() >= 3
    listed_stories.first.locator("a").first.click()
    page.wait_for_load_state()
    assert "/stories/" in page.url
    # Searched for by its title, the story is among the results, said to be one.
    story_url = page.url
    title = page.evaluate(
        "document.querySelector('.digest-title-ar, h1[dir=rtl]').firstChild.textContent"
    )
    page.goto(large_url + "search/?q=" + title.strip())
    page.wait_for_selector("#digest-search[data-state=done]")
    found = page.locator(".digest-search-result").filter(
        has=page.locator(f".digest-search-title a[href='{story_url}']")
    )
    assert found.count() == 1, title
    assert re.match(
        r"Story · \d+ articles · \d{4}-", found.locator(".digest-search-meta").first.inner_text()
    )
    assert not outside_requests
