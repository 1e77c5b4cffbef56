"""Generated text held compressed, and the MkDocs files that write it."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config
from support import ROOT

from digest.packed import EMPTY, join, pack
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
