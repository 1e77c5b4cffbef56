"""Editors' notes: kept in the sidecar, rendered safely as annotations, checked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import ROOT, SEED, render_site

from digest.adapters.cli import main
from digest.build import prepare
from digest.project import Project
from digest.site.render import make_environment
from digest.translation.memory import parse_memory

NOTES = """notes:
- anchor: article
  text: 'The talks ended **without** a truce. <script>alert(1)</script> [x](javascript:alert(2))'
- anchor: {paragraph}
  lang: ar
  text: ملاحظة المحرر على الفقرة.
- anchor: s-deadbeef
  text: On a sentence that is gone.
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    for name in ("mkdocs.yml", "actors.yml", "glossary.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in ("docs", "templates", "seeds"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    memory = tmp_path / "seeds" / f"{SEED.stem}.tm.yml"
    paragraph = parse_memory(memory, memory.read_text(encoding="utf-8")).entries[1].paragraph
    memory.write_text(
        memory.read_text(encoding="utf-8") + NOTES.format(paragraph=paragraph), encoding="utf-8"
    )
    return tmp_path


def test_notes_render_as_annotations_in_their_language_and_stay_safe(site: Path) -> None:
    prepared = prepare(Project.from_section(site, {}), None)
    page = render_site(prepared.articles, make_environment(site / "templates"))[
        "articles/000-83f5f90aea9c826b.md"
    ]
    assert (
        'class="digest-notes annotate"' in page and "Editor&#39;s notes on this article (1)" in page
    )
    assert "<strong>without</strong>" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert 'href="javascript' not in page
    assert '<div class="digest-note" lang="ar" dir="rtl">' in page


def test_builds_keep_the_notes(site: Path) -> None:
    memory = site / "seeds" / f"{SEED.stem}.tm.yml"

    def notes() -> list[tuple[str, str, str]]:
        parsed = parse_memory(memory, memory.read_text(encoding="utf-8")).notes
        return [(n.anchor, n.lang, n.text) for n in parsed]

    before = notes()
    assert len(before) == 3
    seed = site / "seeds" / SEED.name
    seed.write_text(seed.read_text(encoding="utf-8") + "., فقرة جديدة.", encoding="utf-8")
    prepare(Project.from_section(site, {}), None)
    assert notes() == before


def test_check_reports_a_note_whose_anchor_is_gone(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "-f", str(site / "mkdocs.yml")]) == 1
    out = capsys.readouterr().out
    assert "has a note on s-deadbeef, which the article no longer has" in out
    assert out.count("has a note on") == 1
