"""`mkdocs serve` rebuilds: what did not change is not generated again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import Files, get_files
from support import ROOT

import digest.plugin


def contents(files: Files) -> dict[str, str]:
    return {f.src_uri: f.content_string for f in files if f.generated_by and not f.abs_src_path}


def test_a_rebuild_with_nothing_changed_reuses_the_generated_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("mkdocs.yml", "actors.yml", "glossary.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in ("docs", "templates", "seeds"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    plugin = config.plugins["digest"]
    config.plugins.on_startup(command="serve", dirty=False)
    config = config.plugins.on_config(config)
    calls = []
    original = digest.plugin.prepare
    monkeypatch.setattr(
        digest.plugin, "prepare", lambda *a, **k: calls.append(1) or original(*a, **k)
    )

    first = contents(plugin.on_files(get_files(config), config=config))
    (tmp_path / "docs" / "about.md").write_text("# About\n\nEdited by hand.\n", "utf-8")
    second = contents(plugin.on_files(get_files(config), config=config))
    assert len(calls) == 1 and second == first

    seed = next((tmp_path / "seeds").glob("*.txt"))
    seed.write_text(seed.read_text("utf-8") + "\nوأضاف المتحدث أن الاجتماع سيعقد غداً.\n", "utf-8")
    os.utime(seed, ns=(seed.stat().st_atime_ns, seed.stat().st_mtime_ns + 1_000_000))
    third = contents(plugin.on_files(get_files(config), config=config))
    assert len(calls) == 2 and third != first
    assert "وأضاف المتحدث" in third["articles/000-83f5f90aea9c826b.md"]
