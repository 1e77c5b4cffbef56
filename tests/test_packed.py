"""Generated text held compressed, and the MkDocs files that write it."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.config import load_config
from support import ROOT

import digest.packed
import digest.packed_file
from digest.packed import EMPTY, Packed, join, pack, unpack_piece
from digest.packed_file import NEAR, PackedFile


def test_packed_text_comes_back_whole_and_joins_by_reference() -> None:
    arabic = pack("قال المتحدث باسم الحكومة ")
    english = pack(b"the spokesman said")
    joined = join([arabic, english, EMPTY], pack(" | "))
    assert joined.text() == "قال المتحدث باسم الحكومة  | the spokesman said | "
    assert joined.size == len(joined.data())
    assert arabic.pieces[0] in joined.pieces  # not compressed again
    assert pack("") is EMPTY and join([]).data() == b""


@pytest.mark.parametrize("count", [0, 1, 2, 7])
def test_a_join_of_joins_is_the_text_joined_piece_by_piece(count: int) -> None:
    words = [pack(f"كلمة {n} " * (n + 1)) for n in range(count)]
    for parts in (words, [EMPTY, *words, EMPTY]):
        for separator in (EMPTY, pack(",\n")):
            joined = join(iter(parts), separator)
            expected = separator.text().join(part.text() for part in parts)
            assert joined.text() == expected and joined.size == len(expected.encode())
            assert list(joined.piece_sizes) == [len(unpack_piece(p)) for p in joined.pieces]
            twice = join([joined, joined], separator)
            assert twice.text() == separator.text().join([expected, expected])
            assert list(twice.piece_sizes) == [len(unpack_piece(p)) for p in twice.pieces]


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


PARTS = [pack(f'{{"n": {n}, "text": "{"نص الخبر " * 40}"}}') for n in range(40)]
LATER = [pack(f'{{"n": {n}, "sentence": "{"جملة " * 30}"}}') for n in range(40)]
"""Two lists of the same articles' records, as in `digest.json`."""
SEPARATOR = pack(",\n")
EDITED, EDITED_LATER = pack('{"n": 7, "text": "عدّله المحرر"}'), pack('{"n": 7, "sentence": "جملة"}')
EDITS = {
    "one article changed": ([*PARTS[:7], EDITED, *PARTS[8:], *LATER], 1, 2),
    "the first": ([EDITED, *PARTS[1:], *LATER], 1, 1),
    "the last": ([*PARTS, *LATER[:-1], EDITED], 1, 1),
    "one added": ([*PARTS[:7], EDITED, *PARTS[7:], *LATER], 1, 3),
    "one taken out": ([*PARTS[:7], *PARTS[8:], *LATER], 0, 2),
    "all but one taken out": ([EDITED], 1, 0),
    "one article, in both lists": (
        [*PARTS[:7], EDITED, *PARTS[8:], *LATER[:7], EDITED_LATER, *LATER[8:]],
        2,
        3,
    ),
    "taken out of both lists": ([*PARTS[:7], *PARTS[8:], *LATER[:7], *LATER[8:]], 0, 3),
    "many taken out (looked for further)": ([*PARTS[:5], *PARTS[35:], *LATER], NEAR, NEAR + 2),
    "two far apart": (
        [*PARTS[:2], EDITED, *PARTS[3:], *LATER[:36], EDITED_LATER, *LATER[37:]],
        2,
        3,
    ),
}
"""New contents of the file; how many pieces writing each decompresses, and how many
spans of the old file it copies."""


def rewrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uri: str
) -> tuple[PackedFile, Callable[[Packed], PackedFile]]:
    """A file of the parts written as by a first build; and what writes new content in its
    place as a `--dirty` rebuild does (every file written again by its changes)."""
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins._current_plugin = "digest"
    monkeypatch.setattr(digest.packed_file, "SPLICE_FROM", 0)
    first = PackedFile.make(config, uri, join([*PARTS, *LATER], SEPARATOR))
    first.copy_file()

    def again(content: Packed) -> PackedFile:
        second = PackedFile.make(config, uri, content)
        assert first.written is not None
        second.previous = (first.packed, first.written)
        second.copy_file(dirty=True)
        return second

    return first, again


def counted(monkeypatch: pytest.MonkeyPatch) -> tuple[list[bytes], list[int]]:
    """The pieces writing decompresses, and the lengths of the spans it copies, as it
    goes on."""
    decompressed: list[bytes] = []
    whole = digest.packed_file.unpack_piece
    monkeypatch.setattr(
        digest.packed_file, "unpack_piece", lambda data: decompressed.append(data) or whole(data)
    )
    spans: list[int] = []
    copy = digest.packed_file._copy
    monkeypatch.setattr(
        digest.packed_file,
        "_copy",
        lambda *a: spans.append(a[-1]) or copy(*a),  # type: ignore[func-returns-value]
    )
    return decompressed, spans


@pytest.mark.parametrize("edit", EDITS)
def test_a_large_file_is_written_again_by_its_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    """A file the last build wrote is written again by its changes: what the two contents
    have alike is copied from the file, not decompressed again."""
    first, again = rewrite(tmp_path, monkeypatch, "export/articles.jsonl")
    path = tmp_path / "site" / "export" / "articles.jsonl"
    assert first.written == (path.stat().st_size, path.stat().st_mtime_ns)
    decompressed, spans = counted(monkeypatch)
    content, changed, copied = EDITS[edit]
    second = again(join(content, SEPARATOR))
    assert len(decompressed) == changed  # the edited article only
    assert len(spans) == copied and all(spans)  # the rest, in a few spans (not one a piece)
    assert path.read_bytes() == second.packed.data()
    assert second.written == (path.stat().st_size, path.stat().st_mtime_ns)


RUNS: dict[tuple[int, ...], Packed] = {}


def runs(parts: list[Packed]) -> Packed:
    """The parts joined as an export joins its articles: runs of ten, then the runs (a
    run of the same parts as before is the same object)."""
    chunks = []
    for n in range(0, len(parts), 10):
        run = parts[n : n + 10]
        chunks.append(RUNS.setdefault(tuple(map(id, run)), join(run, SEPARATOR)))
    return join(chunks, SEPARATOR)


NESTED = {
    "one article changed": ([*PARTS[:17], EDITED, *PARTS[18:]], 1, 2, True),
    "two runs apart": ([*PARTS[:3], EDITED, *PARTS[4:33], EDITED_LATER, *PARTS[34:]], 2, 3, True),
    "one added (later runs shift)": ([*PARTS[:17], EDITED, *PARTS[17:]], 1, 3, False),
    "one taken out": ([*PARTS[:3], *PARTS[4:]], 0, 2, False),
}
"""New articles; how many pieces writing decompresses, how many spans it copies, and
whether it does so part by part (no run put together piece by piece)."""


@pytest.mark.parametrize("edit", NESTED)
def test_a_file_joined_from_runs_is_written_again_by_the_parts_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    """Runs the same as before are copied whole, without putting their pieces together;
    in a run that changed, the articles that did not are copied."""
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins._current_plugin = "digest"
    monkeypatch.setattr(digest.packed_file, "SPLICE_FROM", 0)
    monkeypatch.setattr(digest.packed, "PUT_TOGETHER", 0)  # (as a large digest's exports)
    RUNS.clear()
    first = PackedFile.make(config, "digest.json", runs(PARTS))
    first.copy_file()
    assert first.written is not None
    decompressed, spans = counted(monkeypatch)
    content, changed, copied, by_parts = NESTED[edit]
    second = PackedFile.make(config, "digest.json", runs(content))
    last = join(first.packed.parts)  # (as a build's process holds it: not put together,
    second.previous = (last, first.written)  # its runs neither)
    for run in last.parts:
        if run.parts:
            object.__setattr__(run, "_pieces", None)
            object.__setattr__(run, "_sizes", None)
    put_together: list[int] = []
    pieces = Packed.pieces.fget
    assert pieces is not None
    monkeypatch.setattr(
        Packed,
        "pieces",
        property(lambda p: put_together.append(len(p.parts)) or pieces(p)),
    )
    second.copy_file(dirty=True)
    monkeypatch.undo()
    assert (tmp_path / "site" / "digest.json").read_bytes() == b",\n".join(
        part.data() for part in content
    )
    assert len(decompressed) == changed and len(spans) == copied and all(spans)
    assert not by_parts or not any(put_together)


def test_a_file_changed_since_it_was_written_is_written_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, again = rewrite(tmp_path, monkeypatch, "digest.json")
    path = tmp_path / "site" / "digest.json"
    data = path.read_bytes()
    path.write_bytes(data[:100] + b"X" * 50 + data[150:])  # same size, another stamp
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    second = again(join([*PARTS[:-1], EDITED], SEPARATOR))
    assert path.read_bytes() == second.packed.data()


def test_without_the_systems_copy_the_file_is_copied_by_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, again = rewrite(tmp_path, monkeypatch, "digest.json")

    def unsupported(*args: object) -> int:
        raise OSError("not on this file system")

    monkeypatch.setattr(os, "copy_file_range", unsupported)
    second = again(join(EDITS["two far apart"][0], SEPARATOR))
    assert (tmp_path / "site" / "digest.json").read_bytes() == second.packed.data()


def test_a_small_join_is_put_together_at_once_and_a_large_one_keeps_its_parts() -> None:
    words = [pack(f"كلمة {n}") for n in range(digest.packed.PUT_TOGETHER + 1)]
    small, large = join(words[:-1]), join(words)
    assert small._pieces is not None and not small.parts
    assert large._pieces is None and large.parts == tuple(words)
    assert large.piece_count == len(words) and large.pieces == (*small.pieces, *words[-1].pieces)
    assert large.text() == small.text() + words[-1].text()


def test_joined_texts_are_the_same_when_their_pieces_are(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digest.packed, "PUT_TOGETHER", 0)  # (every join keeps its parts)
    a, b, c = pack("أحمد"), pack("قال"), pack("said")
    space = pack(" ")
    whole, other = join([a, b, c], space), join([a, pack("لاق"), c], space)  # (as long)
    assert not whole.same(other) and not other.same(whole)
    # Told apart part by part: neither was put together piece by piece.
    assert whole._pieces is None and other._pieces is None
    assert whole.same(whole) and whole.same(join([a, b, c], space))
    assert whole.same(join([join([a, space, b]), space, c]))  # put together otherwise
    assert not whole.same(join([a, b, c]))  # shorter
    again = join([a, pack("قال"), c], space)  # (compressed again: bytes of its own)
    assert whole.same(again) == (whole.pieces == again.pieces)
