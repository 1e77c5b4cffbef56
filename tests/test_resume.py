"""Killing `digest translate` at any moment loses at most the chunk in flight."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import ARGOS_ENV

from digest.translation.memory import parse_memory

PHRASES = [
    "أعلنت الهيئة العليا المستقلة للانتخابات النتائج",
    "قال المتحدث باسم الوزارة إن المحادثات مستمرة",
    "ارتفعت أسعار النفط في الأسواق العالمية",
    "حذر برنامج الأغذية العالمي من أزمة غذاء",
    "وصل وفد دبلوماسي إلى العاصمة لإجراء محادثات",
]


def long_article(folder: Path, paragraphs: int = 60) -> int:
    """An article of distinct sentences; returns how many sentences it has (title included)."""
    lines = ["مقال طويل لاختبار الاستئناف", ""]
    for number in range(paragraphs):
        lines += [f"{PHRASES[number % len(PHRASES)]} في اليوم {number + 1} من الشهر.", ""]
    (folder / "long.txt").write_text("\n".join(lines), encoding="utf-8")
    return paragraphs + 1


def translate(project: Path) -> subprocess.Popen[str]:
    command = [
        str(Path(sys.executable).parent / "digest"),
        "translate",
        "--chunk-tokens",
        "40",
        "--beam-size",
        "1",
    ]
    env = {**os.environ, **ARGOS_ENV}
    return subprocess.Popen(
        command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@pytest.mark.usefixtures("argos_installed")
def test_killed_translation_keeps_every_finished_chunk(tmp_path: Path) -> None:
    project = tmp_path
    (project / "seeds").mkdir()
    (project / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - digest\n", encoding="utf-8")
    total = long_article(project / "seeds")
    memory = project / "seeds" / "long.tm.yml"
    rng = random.Random(20260)
    kept = 0
    for _ in range(6):
        before = memory.read_bytes() if memory.exists() else b""
        process = translate(project)
        deadline = time.monotonic() + 60
        # Kill at a random moment soon after a chunk has landed, so each run adds a little.
        while process.poll() is None and time.monotonic() < deadline:
            if memory.exists() and memory.read_bytes() != before:
                break
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.03))
        process.send_signal(signal.SIGKILL)
        process.wait()
        entries = parse_memory(memory, memory.read_text(encoding="utf-8")).entries
        assert len(entries) >= kept  # nothing already kept is ever lost
        assert len({e.id for e in entries}) == len(entries)
        kept = len(entries)
        leftovers = [p.name for p in memory.parent.iterdir() if p.name.endswith(".tmp")]
        assert len(leftovers) <= 1  # at most the write in flight
        for leftover in leftovers:
            (memory.parent / leftover).unlink()
    assert 0 < kept < total, "the kills should land mid-run; the test did not exercise resuming"
    finish = translate(project)
    out, err = finish.communicate(timeout=120)
    assert finish.returncode == 0, err
    translated = re.search(r"translated\s+(\d+)", out)
    assert translated and int(translated.group(1)) == total - kept
    entries = parse_memory(memory, memory.read_text(encoding="utf-8")).entries
    assert len(entries) == total and all(e.by == "machine" for e in entries)
