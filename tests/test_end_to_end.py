"""The whole path with a real (tiny) Argos package: install, translate, build, read HTML."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support import ARGOS_ENV

BIN = Path(sys.executable).parent
SEED_PAGE = "site/articles/000-83f5f90aea9c826b/index.html"
SECOND_PAGE = "site/articles/tunisia-election-2019/index.html"


def run(project: Path, *command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **ARGOS_ENV}
    return subprocess.run(
        [str(BIN / command[0]), *command[1:]],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def rows(html: str) -> list[tuple[str, list[str], list[str]]]:
    """(paragraph id, Arabic sentence ids, English sentence ids) of every aligned row."""
    found = []
    for match in re.finditer(
        r'<div class="digest-row" id="([^"]+)">(.*?)<a class="digest-permalink"', html, re.S
    ):
        body = match.group(2)
        arabic = re.search(r'<div class="digest-ar" dir="rtl" lang="ar">(.*?)</div>', body, re.S)
        english = re.search(r'<div class="digest-en" dir="ltr" lang="en">(.*?)</div>', body, re.S)
        assert arabic and english, body
        found.append(
            (
                match.group(1),
                re.findall(r'id="ar-([^"]+)" data-sid="\1"', arabic.group(1)),
                re.findall(r'id="en-([^"]+)" data-sid="\1"', english.group(1)),
            )
        )
    return found


def test_missing_model_is_a_short_clear_error(project: Path) -> None:
    listed = run(project, "digest", "model", "list")
    assert listed.returncode == 0 and "no Argos Translate packages installed" in listed.stdout
    result = run(project, "digest", "translate")
    assert result.returncode == 2
    assert "digest model install" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_install_refuses_a_file_that_is_not_a_package(project: Path) -> None:
    bogus = project / "bogus.argosmodel"
    bogus.write_text("not a zip", encoding="utf-8")
    result = run(project, "digest", "model", "install", "--file", str(bogus))
    assert result.returncode == 2
    assert "not a zip" in result.stderr and "Traceback" not in result.stderr
    assert not Path(ARGOS_ENV["ARGOS_PACKAGES_DIR"]).exists() or not any(
        Path(ARGOS_ENV["ARGOS_PACKAGES_DIR"]).iterdir()
    )


@pytest.mark.usefixtures("argos_installed")
def test_build_end_to_end(project: Path, argos_package: Path) -> None:
    reinstall = run(project, "digest", "model", "install", "--file", str(argos_package))
    assert reinstall.returncode == 0, reinstall.stderr
    listed = run(project, "digest", "model", "list")
    assert "translate-ar_en-0_1 0.1" in listed.stdout

    first = run(project, "digest", "build")
    assert first.returncode == 0, first.stderr + first.stdout
    assert re.search(r"translated\s+7\b", first.stdout), first.stdout
    assert re.search(r"reused\s+14\b", first.stdout), first.stdout

    seed_html = (project / SEED_PAGE).read_text(encoding="utf-8")
    seed_rows = rows(seed_html)
    assert len(seed_rows) == 13
    for paragraph_id, arabic, english in seed_rows:
        assert arabic and arabic == english, paragraph_id
    assert "Translated by an editor: 14 sentences" in seed_html
    assert 'lang="ar"' in seed_html and 'dir="rtl"' in seed_html

    second_html = (project / SECOND_PAGE).read_text(encoding="utf-8")
    second_rows = rows(second_html)
    assert len(second_rows) == 4
    assert [len(arabic) for _, arabic, _ in second_rows] == [2, 1, 1, 2]
    assert all(arabic == english for _, arabic, english in second_rows)
    assert (
        "Machine-translated with Argos Translate (translate-ar_en-0_1 0.1): 7 sentences"
        in second_html
    )
    assert "digest-untranslated" not in second_html
    # The tiny model's gibberish is caught by the quality checks and marked on the page.
    assert second_html.count('class="digest-mark digest-mark-flag"') == 7
    assert "digest-mark-flag" not in seed_html

    memory = (project / "seeds" / "tunisia-election.tm.yml").read_text(encoding="utf-8")
    assert memory.count("by: machine") == 7
    assert "engine: argos-ctranslate2" in memory and "package: translate-ar_en-0_1 0.1" in memory

    again = run(project, "digest", "build")
    assert again.returncode == 0, again.stderr
    assert re.search(r"translated\s+0\b", again.stdout) and re.search(
        r"reused\s+21\b", again.stdout
    )
    assert (project / "seeds" / "tunisia-election.tm.yml").read_text(encoding="utf-8") == memory

    # The Arabic font is served by the site; pages load nothing from other hosts.
    fonts = project / "site" / "assets" / "digest" / "fonts"
    assert (fonts / "noto-naskh-arabic-arabic-400-normal.woff2").stat().st_size > 10_000
    remote_asset = r'(?:src|href)="https?://[^"]*\.(?:css|js|woff2?)"'
    assert not re.search(remote_asset, seed_html)
    assert "fonts.googleapis" not in seed_html

    # Actors: mentions link to their pages in both columns, and the pages exist.
    assert (
        'href="../../actors/khalifa-haftar/" data-actor="khalifa-haftar">خليفة حفتر</a>'
        in seed_html
    )
    assert (
        'href="../../actors/khalifa-haftar/" data-actor="khalifa-haftar">Khalifa Haftar</a>'
        in seed_html
    )
    haftar = (project / "site" / "actors" / "khalifa-haftar" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "خليفة حفتر" in haftar and "Commander of the Libyan National Army" in haftar
    assert (project / "site" / "actors" / "people" / "index.html").is_file()
    assert "Quotes about Khalifa Haftar" in haftar and "لا مع حفتر ولا مع" in haftar
    quotes = (project / "site" / "quotes" / "index.html").read_text(encoding="utf-8")
    assert (
        quotes.count('class="digest-quote-item"') == 10 + 3
        and "a French diplomatic source" in quotes
    )
    suggested = run(project, "digest", "actors", "suggest")
    assert suggested.returncode == 0, suggested.stderr
    review = (project / "actors.suggested.yml").read_text(encoding="utf-8")
    assert "ar: نبيل بفون" in review and "tunisia-election.md" in review

    plain = run(project, "mkdocs", "build", "--strict", "--site-dir", "site2")
    assert plain.returncode == 0, plain.stderr
    # Generated pages link to each other's Markdown sources: MkDocs has nothing to say.
    said = [line for line in plain.stderr.splitlines() if line.startswith(("INFO", "WARNING"))]
    assert [line for line in said if "link" in line] == [] and said
    assert (
        rows((project / "site2" / SEED_PAGE.removeprefix("site/")).read_text(encoding="utf-8"))
        == seed_rows
    )
    assert not (project / "docs" / "articles").exists()


def test_build_without_model_uses_the_memory_and_says_what_is_missing(project: Path) -> None:
    result = run(project, "digest", "build")
    assert result.returncode == 0, result.stderr
    assert "no Arabic→English Argos Translate package is installed" in result.stderr
    assert "digest model install" in result.stderr
    html = (project / SEED_PAGE).read_text(encoding="utf-8")
    assert len(rows(html)) == 13 and "digest-untranslated" not in html
    second = (project / SECOND_PAGE).read_text(encoding="utf-8")  # (no English at all)
    assert "digest-arabic-only" in second and 'class="digest-en"' not in second
    strict = run(project, "digest", "build", "--strict")
    assert strict.returncode != 0


def test_without_argos_installed_model_commands_say_how_to_install(project: Path) -> None:
    blocked = (
        "import sys; sys.modules['argostranslate'] = None; from digest.adapters.cli import main; "
    )
    result = subprocess.run(
        [sys.executable, "-c", blocked + "sys.exit(main(['model', 'list']))"],
        cwd=project,
        env={**os.environ, **ARGOS_ENV},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "Argos Translate is not installed" in result.stderr and "Traceback" not in result.stderr


def test_gh_deploy_publishes_the_site_to_a_gh_pages_branch(project: Path) -> None:
    """`mkdocs gh-deploy`, as the README documents it, to a local bare repository."""
    remote = project.parent / "remote.git"

    def git(*args: str, cwd: Path = project) -> str:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return result.stdout

    git("init", "--bare", "--quiet", str(remote), cwd=project.parent)
    git("init", "--quiet")
    git(
        "-c",
        "user.name=Editor",
        "-c",
        "user.email=editor@example.org",
        "commit",
        "--quiet",
        "--allow-empty",
        "-m",
        "Digest",
    )
    git("remote", "add", "origin", str(remote))
    environment = {
        "GIT_AUTHOR_NAME": "Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.org",
        "GIT_COMMITTER_NAME": "Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.org",
        "NO_MKDOCS_2_WARNING": "1",
    }
    result = subprocess.run(
        [str(BIN / "mkdocs"), "gh-deploy", "--no-history", "--force"],
        cwd=project,
        env={**os.environ, **ARGOS_ENV, **environment},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    published = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split()
    assert "index.html" in published and ".nojekyll" in published
    assert "articles/tunisia-election-2019/index.html" in published
    assert "search-index/meta.json" in published
