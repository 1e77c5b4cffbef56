"""`mkdocs serve` rebuilds: what did not change is not generated again."""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import Files, get_files
from support import ROOT

import digest.adapters.plugin
import digest.watch
from digest.adapters.plugin import DigestPlugin


def contents(files: Files, plugin: DigestPlugin) -> dict[str, str]:
    """What the plugin generated: the files it added, and those no page links to."""
    added = {f.src_uri: f.content_string for f in files if f.generated_by and not f.abs_src_path}
    return added | {uri: text.text() for uri, text in plugin.unlinked_files().items()}


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


def test_a_rebuild_with_nothing_changed_reuses_the_generated_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, plugin = served(tmp_path, monkeypatch)
    calls = []
    original = digest.adapters.plugin.prepare
    monkeypatch.setattr(
        digest.adapters.plugin, "prepare", lambda *a, **k: calls.append(1) or original(*a, **k)
    )

    first = contents(plugin.on_files(get_files(config), config=config), plugin)
    (tmp_path / "docs" / "about.md").write_text("# About\n\nEdited by hand.\n", "utf-8")
    second = contents(plugin.on_files(get_files(config), config=config), plugin)
    assert len(calls) == 1 and second == first

    seed = next((tmp_path / "seeds").glob("*.txt"))
    seed.write_text(seed.read_text("utf-8") + "\nوأضاف المتحدث أن الاجتماع سيعقد غداً.\n", "utf-8")
    os.utime(seed, ns=(seed.stat().st_atime_ns, seed.stat().st_mtime_ns + 1_000_000))
    third = contents(plugin.on_files(get_files(config), config=config), plugin)
    assert len(calls) == 2 and third != first
    assert "وأضاف المتحدث" in third["articles/000-83f5f90aea9c826b.md"]


def test_a_page_written_by_hand_between_builds_replaces_the_generated_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    config, plugin = served(tmp_path, monkeypatch)
    first = plugin.on_files(get_files(config), config=config)
    generated = first.get_file_from_path("quotes.md")
    assert generated is not None and generated.generated_by
    plugin.on_post_build(config=config)
    (tmp_path / "docs" / "quotes.md").write_text("# Quotes\n\nChosen by hand.\n", "utf-8")
    with caplog.at_level(logging.WARNING):
        again = plugin.on_files(get_files(config), config=config)
    by_hand = again.get_file_from_path("quotes.md")
    assert by_hand is not None and not by_hand.generated_by
    assert "Chosen by hand" in by_hand.content_string
    assert "docs/quotes.md is written by hand" in caplog.text


class _Server:
    """What the plugin's `on_serve` needs of MkDocs' server."""

    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)


def test_while_serving_a_rebuild_looks_again_at_the_changed_seed_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, plugin = served(tmp_path, monkeypatch)
    plugin.on_files(get_files(config), config=config)
    seed = next((tmp_path / "seeds").glob("*.txt"))
    page = "articles/000-83f5f90aea9c826b.md"
    add_line(seed, "وأضاف المتحدث أن الاجتماع سيعقد غداً.")  # before the watch starts
    server = _Server()
    config.plugins.on_serve(server, config=config, builder=lambda: None)
    assert str(tmp_path / "seeds") in server.watched
    # The watch was not told of the edit: the plugin compared the seeds' files with its
    # first listing.
    files = contents(plugin.on_files(get_files(config), config=config), plugin)
    assert "وأضاف المتحدث" in files[page]

    looked_at: list[object] = []
    whole = digest.watch.snapshot
    monkeypatch.setattr(digest.watch, "snapshot", lambda *a: looked_at.append(a[1:]) or whole(*a))
    add_line(seed, "وقال الوزير إن المحادثات ستستأنف.")
    watch = plugin._watch
    assert watch is not None
    deadline = time.monotonic() + 20
    while seed.name not in watch.changed():  # (told from the watch's own thread)
        assert time.monotonic() < deadline, "no event for the edited seed"
        time.sleep(0.02)
    files = contents(plugin.on_files(get_files(config), config=config), plugin)
    assert "وقال الوزير" in files[page]
    [(names,)] = looked_at  # one listing, of some names, not of the whole folder
    assert seed.name in names  # type: ignore[operator]
    config.plugins.on_shutdown()
    assert plugin._watch is None


def add_line(seed: Path, line: str) -> None:
    seed.write_text(seed.read_text("utf-8") + f"\n{line}\n", "utf-8")
    os.utime(seed, ns=(seed.stat().st_atime_ns, seed.stat().st_mtime_ns + 1_000_000))


def built(folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[MkDocsConfig, Path]:
    """The site of `served`, built once as `mkdocs serve --dirty` builds it."""
    config, _ = served(folder, monkeypatch)
    build(config, dirty=True)
    return config, Path(config.site_dir)


def test_the_files_no_page_links_to_are_written_at_the_end_of_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The exports and the search index, made in another process while MkDocs converts
    the pages, are in the site when the build is over; one removed from the site is
    written again by the next build, whether something changed or not."""
    config, site = built(tmp_path, monkeypatch)
    export, index = site / "digest.json", site / "search-index" / "meta.json"
    first = export.read_bytes()
    assert json.loads(first)["articles"] and json.loads(index.read_bytes())
    export.unlink()
    stamp = index.stat().st_mtime_ns
    build(config, dirty=True)
    assert export.read_bytes() == first
    assert index.stat().st_mtime_ns == stamp  # unchanged, and there: left as it is
    actors = sorted((site / "search-index" / "actors").rglob("*.json"))
    for path in (actors[0], export):
        path.unlink()
    add_line(sorted((tmp_path / "seeds").glob("*.txt"))[0], "وقال الوزير إن المحادثات ستستأنف.")
    build(config, dirty=True)  # (the actors' block is as before: written again as missing)
    assert actors[0].exists() and export.exists()


def test_once_a_build_is_over_the_generated_pages_are_let_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MkDocs' converted pages of digest's files are let go at the end of a build while
    serving, not when the next rebuild needs new ones."""
    config, _ = built(tmp_path, monkeypatch)
    plugin = config.plugins["digest"]
    assert isinstance(plugin, DigestPlugin)
    generated = [file for _, file in plugin._files.values()]
    assert len(generated) > 20 and not any(file.page for file in generated)
    add_line(sorted((tmp_path / "seeds").glob("*.txt"))[0], "وقال الوزير إن المحادثات ستستأنف.")
    build(config, dirty=True)
    assert not any(file.page for _, file in plugin._files.values())


def test_when_the_exports_cannot_be_made_the_build_fails_and_the_next_makes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A build from nothing makes the exports in the other process: its failure fails
    the build, with its own error."""
    made = digest.adapters.plugin.export_files

    def broken(*args: object, **kwargs: object) -> object:
        raise ValueError("a broken export")

    monkeypatch.setattr(digest.adapters.plugin, "export_files", broken)
    config, _ = served(tmp_path, monkeypatch)
    with pytest.raises(Abort):
        build(config, dirty=True)
    assert "the exports and search index were not made" in caplog.text
    assert "ValueError: a broken export" in caplog.text
    site = Path(config.site_dir)
    assert (site / "index.html").exists() and not (site / "digest.json").exists()
    monkeypatch.setattr(digest.adapters.plugin, "export_files", made)
    build(config, dirty=True)  # the same inputs: made again, not taken from the failed build
    assert json.loads((site / "digest.json").read_bytes())["articles"]


def test_a_failed_build_stops_making_the_files_no_page_links_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, plugin = served(tmp_path, monkeypatch)
    plugin.on_files(get_files(config), config=config)
    assert plugin._last is not None
    job = plugin._last[4].job
    process = job._process
    assert job.running and process is not None
    plugin.on_build_error(error=RuntimeError("a page could not be converted"))
    assert not process.is_alive()
    assert plugin.unlinked_files() == {}  # the next build makes everything again
