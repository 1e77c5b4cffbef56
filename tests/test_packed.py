"""Generated text held compressed, and the MkDocs files that write it."""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.config import load_config
from support import ROOT

import digest.packed_file
from digest.packed import EMPTY, Packed, join, pack
from digest.packed_file import PackedFile


def test_packed_text_comes_back_whole_and_joins_by_reference() -> None:
    arabic = pack("قال المتحدث باسم الحكومة ")
    english = pack(b"the spokesman said")
    joined = join([arabic, english, EMPTY], pack(" | "))
    assert joined.text() == "قال المتحدث باسم الحكومة  | the spokesman said | "
    assert joined.size == len(joined.data())
    assert arabic.pieces[0] in joined.pieces  # not compressed again
    assert pack("") is EMPTY and join([]).data() == b""


def test_a_packed_file_is_read_and_written_as_its_text(tmp_path: Path) -> None:
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins._current_plugin = "digest"  # as while the plugin's on_files runs
    parts = [pack('{"a": '), pack("[1, 2]"), pack("}\n")]
    file = PackedFile.make(config, "export/data.json", join(parts))
    assert file.content_string == '{"a": [1, 2]}\n' and file.is_modified()
    file.copy_file()
    written = tmp_path / "site" / "export" / "data.json"
    assert written.read_text("utf-8") == '{"a": [1, 2]}\n'
    assert [p.name for p in written.parent.iterdir()] == ["data.json"]
    file.unchanged = True  # as when the last build wrote the same content
    written.write_text("left alone", "utf-8")
    file.copy_file(dirty=True)
    assert written.read_text("utf-8") == "left alone"
    file.content_string = "new"
    assert file.is_modified() and file.content_bytes == b"new"


PARTS = [pack(f'{{"n": {n}, "text": "{"نص الخبر " * 40}"}}\n') for n in range(40)]
EDITED = pack('{"n": 7, "text": "عدّله المحرر"}\n')
EDITS = {
    "one article changed": [*PARTS[:7], EDITED, *PARTS[8:]],
    "the first": [EDITED, *PARTS[1:]],
    "the last": [*PARTS[:-1], EDITED],
    "one added": [*PARTS[:7], EDITED, *PARTS[7:]],
    "one taken out": [*PARTS[:7], *PARTS[8:]],
    "all but one taken out": [EDITED],
}


def rewrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uri: str
) -> tuple[PackedFile, Callable[[Packed], PackedFile]]:
    """A file of the parts written as by a first build; and what writes new content in its
    place as a `--dirty` rebuild does (every file written again by its changes)."""
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins._current_plugin = "digest"
    monkeypatch.setattr(digest.packed_file, "SPLICE_FROM", 0)
    first = PackedFile.make(config, uri, join(PARTS, pack("")))
    first.copy_file()

    def again(content: Packed) -> PackedFile:
        second = PackedFile.make(config, uri, content)
        assert first.written is not None
        second.previous = (first.packed, first.written)
        second.copy_file(dirty=True)
        return second

    return first, again


@pytest.mark.parametrize("edit", EDITS)
def test_a_large_file_is_written_again_by_its_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    """A file the last build wrote is written again by its changes: what the two contents
    have alike at their start and end is copied from the file, not decompressed again."""
    first, again = rewrite(tmp_path, monkeypatch, "export/articles.jsonl")
    path = tmp_path / "site" / "export" / "articles.jsonl"
    assert first.written == (path.stat().st_size, path.stat().st_mtime_ns)
    decompressed: list[bytes] = []
    whole = zlib.decompress
    monkeypatch.setattr(zlib, "decompress", lambda data: decompressed.append(data) or whole(data))
    second = again(join(EDITS[edit]))
    assert len(decompressed) == (edit != "one taken out")  # the edited article only
    assert path.read_bytes() == second.packed.data()
    assert second.written == (path.stat().st_size, path.stat().st_mtime_ns)


def test_a_file_changed_since_it_was_written_is_written_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, again = rewrite(tmp_path, monkeypatch, "digest.json")
    path = tmp_path / "site" / "digest.json"
    data = path.read_bytes()
    path.write_bytes(data[:100] + b"X" * 50 + data[150:])  # same size, another stamp
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    second = again(join([*PARTS[:-1], EDITED]))
    assert path.read_bytes() == second.packed.data()


def test_without_the_systems_copy_the_file_is_copied_by_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, again = rewrite(tmp_path, monkeypatch, "digest.json")

    def unsupported(*args: object) -> int:
        raise OSError("not on this file system")

    monkeypatch.setattr(os, "copy_file_range", unsupported)
    second = again(join(EDITS["one article changed"]))
    assert (tmp_path / "site" / "digest.json").read_bytes() == second.packed.data()
