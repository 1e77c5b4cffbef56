"""The editor's workflow: post-editing machine lines, `digest review`, `digest check`."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from support import SEED

from digest.adapters.cli import main
from digest.translation.memory import parse_memory

TUNISIA_MEMORY = "tunisia-election.tm.yml"


def memory_text(project: Path, name: str = TUNISIA_MEMORY) -> str:
    return (project / "seeds" / name).read_text(encoding="utf-8")


@pytest.mark.usefixtures("argos_installed")
def test_an_edited_machine_line_becomes_the_editors_and_stays(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = str(project / "mkdocs.yml")
    assert main(["translate", "-f", config]) == 0
    text = memory_text(project)
    assert text.count("machine_hash:") == 7
    first_en = re.search(r"^  en: (.*)$", text, re.M)
    assert first_en
    corrected = "Tunisia: Kais Saied wins the presidential election with 72.71 percent"
    (project / "seeds" / TUNISIA_MEMORY).write_text(
        text.replace(first_en.group(0), f"  en: '{corrected}'", 1), encoding="utf-8"
    )
    assert main(["build", "-f", config]) == 0
    assert re.search(r"translated\s+0\b", capsys.readouterr().out)
    memory = parse_memory(project / "seeds" / TUNISIA_MEMORY, memory_text(project))
    [edited] = [entry for entry in memory.entries if entry.en == corrected]
    assert (
        edited.by == "editor"
        and "machine_hash" not in memory_text(project).split(corrected)[1][:200]
    )
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "Kais Saied wins" in home
    assert main(["translate", "-f", config]) == 0
    assert corrected in memory_text(project)


@pytest.mark.usefixtures("argos_installed")
def test_review_lists_flagged_sentences_with_article_and_paragraph(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = str(project / "mkdocs.yml")
    assert main(["translate", "-f", config]) == 0
    summary = capsys.readouterr().out
    flagged = re.search(r"flagged\s+(\d+)", summary)
    assert flagged and int(flagged.group(1)) >= 1  # the tiny model writes gibberish
    assert main(["review", "-f", config]) == 0
    out = capsys.readouterr().out
    assert "tunisia-election.md · paragraph 1 · s-" in out
    assert re.search(r"· (arabic-script|repetition|score|length|name): ", out)
    listed = [line for line in out.splitlines() if " · s-" in line or " · title · " in line]
    last = re.fullmatch(r"(\d+) reason\(s\) to review in (\d+) sentence\(s\)", out.splitlines()[-1])
    assert (
        last and int(last.group(1)) == len(listed) and int(last.group(2)) == int(flagged.group(1))
    )
    assert SEED.name not in out  # the editor's article has nothing to review


def test_check_passes_on_the_repository_seeds(capsys: pytest.CaptureFixture[str]) -> None:
    from support import ROOT

    assert main(["check", "-f", str(ROOT / "mkdocs.yml")]) == 0
    assert "0 problem(s)" in capsys.readouterr().out


def test_check_reports_every_problem_with_file_and_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = project / "seeds"
    memory = seeds / f"{SEED.stem}.tm.yml"
    lines = memory.read_text(encoding="utf-8").splitlines(keepends=True)
    # Duplicate the title entry (lines 6-11) at the end, and add an orphan.
    title_entry = "".join(lines[5:11])
    orphan = "- id: s-deadbeef\n  paragraph: p-deadbeef\n  source_hash: 0123456789abcdef\n"
    orphan += "  ar: جملة حذفت\n  en: A deleted sentence.\n  by: editor\n"
    memory.write_text("".join(lines) + title_entry + orphan, encoding="utf-8")
    seed = seeds / SEED.name
    seed.write_text(
        seed.read_text(encoding="utf-8").replace("لوقف العنف", "لإنهاء العنف"), encoding="utf-8"
    )
    (seeds / "gone.tm.yml").write_text("article: gone\nsentences: []\n", encoding="utf-8")
    (seeds / "tunisia-election.tm.yml").write_text(
        "article: x\nsentences:\n- id: s-1\n  by: machine\n", encoding="utf-8"
    )

    assert main(["check", "-f", str(project / "mkdocs.yml")]) == 1
    out = capsys.readouterr().out
    total = len(lines) + 1
    assert re.search(rf"{SEED.stem}\.tm\.yml:6: has the id title more than once", out)
    assert re.search(rf"{SEED.stem}\.tm\.yml:{total}: has the id title more than once", out)
    assert re.search(rf"{SEED.stem}\.tm\.yml:{total + 6}: s-deadbeef is orphaned", out)
    assert re.search(rf"{SEED.stem}\.tm\.yml:\d+: s-[0-9a-f]+ is stale", out)
    assert "gone.tm.yml:1: belongs to no seed" in out
    assert "tunisia-election.tm.yml:3: has an entry without one of id, en, by" in out


def test_check_reports_malformed_yaml_with_its_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    memory = project / "seeds" / f"{SEED.stem}.tm.yml"
    text = memory.read_text(encoding="utf-8")
    memory.write_text(text.replace("  by: editor\n", "  by: [editor\n", 3), encoding="utf-8")
    broken = memory.read_text(encoding="utf-8")
    (project / "seeds" / "tunisia-election.tm.yml").write_bytes(b"article: \xff\xfe\n")
    assert main(["check", "-f", str(project / "mkdocs.yml")]) == 1
    out = capsys.readouterr().out
    assert re.search(rf"{SEED.stem}\.tm\.yml:\d+: has malformed YAML", out)
    assert memory.read_text(encoding="utf-8") == broken
    # Each broken file is reported once (not once more as the build would read it).
    for name in (memory.name, "tunisia-election.tm.yml"):
        assert len([line for line in out.splitlines() if name in line]) == 1, out


def test_review_and_check_write_nothing(project: Path) -> None:
    shutil.copy(project / "seeds" / "tunisia-election.md", project / "seeds" / "copy.md")
    before = sorted(p.name for p in (project / "seeds").iterdir())
    main(["review", "-f", str(project / "mkdocs.yml")])
    main(["check", "-f", str(project / "mkdocs.yml")])
    assert sorted(p.name for p in (project / "seeds").iterdir()) == before
