"""Pages rendered in another process while MkDocs converts the ones before them."""

from __future__ import annotations

import logging
import random
import shutil
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from support import ROOT

import digest.page_stream
from digest.adapters.plugin import DigestPlugin
from digest.packed import Packed, pack
from digest.page_stream import PageStream, StreamError

forked = pytest.mark.skipif(sys.platform != "linux", reason="needs fork")


def renders(count: int, failing: int | None = None) -> list[digest.page_stream.Render]:
    def render(number: int) -> str:
        if number == failing:
            raise KeyError(f"no key for page {number}")
        return f"# صفحة {number}\n\n" + "كلمة " * number

    return [lambda number=number: render(number) for number in range(count)]  # type: ignore[misc]


@forked
def test_pages_come_back_as_rendered_here_in_whatever_order_they_are_asked_for() -> None:
    count = 700  # (several batches)
    stream = PageStream(renders(count), [f"p{n}.md" for n in range(count)])
    assert stream._process is not None  # rendered in another process
    order = list(range(count))
    random.Random(7).shuffle(order)
    got = {number: stream.page(number) for number in order}
    expected = [pack(render()) for render in renders(count)]
    assert all(isinstance(page, Packed) for page in got.values())
    assert [got[n].pieces for n in range(count)] == [page.pieces for page in expected]
    assert [page.text() for page in stream.pages()] == [page.text() for page in expected]


@forked
def test_a_page_that_cannot_be_rendered_is_named_and_those_before_it_are_there() -> None:
    count = 500
    stream = PageStream(renders(count, failing=321), [f"p{n}.md" for n in range(count)])
    assert stream.page(320).text() == renders(count)[320]()
    for number in (321, 499):
        with pytest.raises(StreamError, match=r"p321\.md could not be rendered: KeyError"):
            stream.page(number)
    with pytest.raises(StreamError, match="no key for page 321"):
        stream.pages()


@forked
def test_a_stream_stopped_says_so_rather_than_waiting() -> None:
    stream = PageStream(renders(5000), [f"p{n}.md" for n in range(5000)])
    stream.page(0)
    stream.cancel()
    with pytest.raises(StreamError, match="stopped"):
        stream.page(4999)


def demo_site(folder: Path) -> Path:
    folder.mkdir()
    for name in ("mkdocs.yml", "actors.yml", "glossary.yml"):
        shutil.copy(ROOT / name, folder / name)
    for part in ("docs", "templates", "seeds"):
        shutil.copytree(ROOT / part, folder / part)
    return folder


def site_files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith("sitemap")
    }


def serving(site: Path, output: Path) -> MkDocsConfig:
    MkDocsConfig.plugins.plugin_cache.clear()  # as in a new process: a new plugin
    config = load_config(str(site / "mkdocs.yml"), site_dir=str(output))
    config.plugins.on_startup(command="serve", dirty=False)
    return config


@forked
def test_pages_rendered_meanwhile_make_the_site_rendered_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build whose pages render in another process writes the same site as one that
    renders them first; the pages are then kept for the next build, as usual."""
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    site = demo_site(tmp_path / "site")
    streams: list[PageStream] = []
    stream_class = digest.page_stream.PageStream

    def counted(*args: object) -> PageStream:
        streams.append(stream_class(*args))  # type: ignore[arg-type]
        return streams[-1]

    monkeypatch.setattr(digest.page_stream, "PageStream", counted)
    monkeypatch.setattr(digest.page_stream, "cores", lambda: 2)
    monkeypatch.setattr(digest.page_stream, "STREAM_FROM", 1)
    meanwhile = serving(site, tmp_path / "meanwhile")
    build(meanwhile)
    plugin = meanwhile.plugins["digest"]
    assert isinstance(plugin, DigestPlugin) and len(streams) == 1
    assert plugin._memo is not None and plugin._last is not None
    pages = plugin._last[2]
    assert len(pages) == len(streams[0]) > 20
    assert all(isinstance(page, Packed) for _, page in pages)
    assert {uri: page for uri, (_, page) in plugin._memo.pages.items()} == dict(pages)

    monkeypatch.setattr(digest.page_stream, "STREAM_FROM", 10**9)
    build(at_once := serving(site, tmp_path / "at-once"))
    assert len(streams) == 1 and at_once.plugins["digest"]._later is None
    first, second = site_files(tmp_path / "meanwhile"), site_files(tmp_path / "at-once")
    assert sorted(set(first) ^ set(second)) == []
    assert [path for path in first if first[path] != second[path]] == []


@forked
def test_a_page_that_fails_to_render_meanwhile_fails_the_build_with_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setattr(digest.page_stream, "cores", lambda: 2)
    monkeypatch.setattr(digest.page_stream, "STREAM_FROM", 1)
    site = demo_site(tmp_path / "site")
    template = site / "templates" / "day.md.j2"
    working = template.read_text("utf-8")
    template.write_text("{{ no_such_value }}\n" + working, "utf-8")
    config = serving(site, tmp_path / "out")
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build(config)
    logged = caplog.text
    assert "days/" in logged and "could not be rendered" in logged, logged
    assert "'no_such_value' is undefined" in logged
    plugin = config.plugins["digest"]
    assert plugin._later is None and plugin._last is None  # nothing half kept

    template.write_text(working, "utf-8")
    build(config)  # the same plugin, as `mkdocs serve` keeps it
    assert any((tmp_path / "out" / "days").rglob("index.html"))
