"""`mkdocs serve` rebuilds: one plugin for the whole session, each build as a new one."""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, get_files
from support import ROOT, generated

import digest.build
from digest.adapters.plugin import DigestPlugin


def contents(files: Files, plugin: DigestPlugin) -> dict[str, str]:
    """What the plugin generated."""
    return {f.src_uri: f.content_string for f in files if generated(f)}


def served(folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[MkDocsConfig, DigestPlugin]:
    """A copy of the repository's site, configured as `mkdocs serve` does."""
    for name in ("mkdocs.yml", "actors.yml", "glossary.yml"):
        shutil.copy(ROOT / name, folder / name)
    for part in ("docs", "templates", "seeds"):
        shutil.copytree(ROOT / part, folder / part)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(folder / "mkdocs.yml"))
    plugin = config.plugins["digest"]
    assert isinstance(plugin, DigestPlugin)
    config.plugins.on_startup(command="serve", dirty=False)
    return config.plugins.on_config(config), plugin


def test_a_rebuild_generates_the_files_again_with_the_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, plugin = served(tmp_path, monkeypatch)
    first = contents(plugin.on_files(get_files(config), config=config), plugin)
    (tmp_path / "docs" / "about.md").write_text("# About\n\nEdited by hand.\n", "utf-8")
    second = contents(plugin.on_files(get_files(config), config=config), plugin)
    assert second == first
    seed = next((tmp_path / "seeds").glob("*.txt"))
    add_line(seed, "وأضاف المتحدث أن الاجتماع سيعقد غداً.")
    third = contents(plugin.on_files(get_files(config), config=config), plugin)
    assert third != first
    assert "وأضاف المتحدث" in third["articles/000-83f5f90aea9c826b.md"]


def test_a_page_written_by_hand_between_builds_replaces_the_generated_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    config, plugin = served(tmp_path, monkeypatch)
    first = plugin.on_files(get_files(config), config=config)
    generated = first.get_file_from_path("quotes.md")
    assert generated is not None and generated.generated_by
    (tmp_path / "docs" / "quotes.md").write_text("# Quotes\n\nChosen by hand.\n", "utf-8")
    with caplog.at_level(logging.WARNING):
        again = plugin.on_files(get_files(config), config=config)
    by_hand = again.get_file_from_path("quotes.md")
    assert by_hand is not None and not by_hand.generated_by
    assert "Chosen by hand" in by_hand.content_string
    assert "docs/quotes.md is written by hand" in caplog.text
    (tmp_path / "docs" / "quotes.md").unlink()  # (nothing else changed since)
    back = plugin.on_files(get_files(config), config=config).get_file_from_path("quotes.md")
    assert back is not None and back.content_bytes == generated.content_bytes


def test_a_file_written_by_hand_hides_the_generated_one_until_it_goes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    config, plugin = served(tmp_path, monkeypatch)
    made = plugin.on_files(get_files(config), config=config).get_file_from_path("digest.json")
    assert made is not None and made.generated_by
    by_hand = tmp_path / "docs" / "digest.json"
    by_hand.write_text("{}", "utf-8")
    with caplog.at_level(logging.WARNING):
        hidden = plugin.on_files(get_files(config), config=config).get_file_from_path("digest.json")
    assert hidden is not None and not hidden.generated_by and hidden.content_string == "{}"
    assert "docs/digest.json is written by hand" in caplog.text
    by_hand.unlink()  # (nothing else changed: the files are not made again)
    back = plugin.on_files(get_files(config), config=config).get_file_from_path("digest.json")
    assert back is not None and back.content_bytes == made.content_bytes


class _Server:
    """What the plugin's `on_serve` needs of MkDocs' server."""

    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)


def test_serving_watches_the_seeds_the_templates_the_registry_and_the_glossary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, _ = served(tmp_path, monkeypatch)
    server = _Server()
    config.plugins.on_serve(server, config=config, builder=lambda: None)
    expected = ["seeds", "templates", "glossary.yml", "actors.yml"]
    assert server.watched == [str(tmp_path / name) for name in expected]


def add_line(seed: Path, line: str) -> None:
    seed.write_text(seed.read_text("utf-8") + f"\n{line}\n", "utf-8")
    os.utime(seed, ns=(seed.stat().st_atime_ns, seed.stat().st_mtime_ns + 1_000_000))


def test_the_files_no_page_links_to_are_in_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The exports and the search index are written with the pages; one removed from the
    site is written again by the next build."""
    config, _ = served(tmp_path, monkeypatch)
    build(config, dirty=True)
    site = Path(config.site_dir)
    export, index = site / "digest.json", site / "search-index" / "meta.json"
    first = export.read_bytes()
    assert json.loads(first)["articles"] and json.loads(index.read_bytes())
    export.unlink()
    build(config, dirty=True)
    assert export.read_bytes() == first


def test_when_the_exports_cannot_be_made_the_build_fails_and_the_next_makes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = digest.build.export_files

    def broken(*args: object, **kwargs: object) -> object:
        raise ValueError("a broken export")

    monkeypatch.setattr(digest.build, "export_files", broken)
    config, _ = served(tmp_path, monkeypatch)
    with pytest.raises(ValueError, match="a broken export"):
        build(config, dirty=True)
    site = Path(config.site_dir)
    assert not (site / "digest.json").exists()
    monkeypatch.setattr(digest.build, "export_files", made)
    build(config, dirty=True)
    assert json.loads((site / "digest.json").read_bytes())["articles"]
