"""MkDocs files whose content digest holds packed (`digest.packed`) until it is written."""

from __future__ import annotations

import operator
import os
import shutil
from collections.abc import Callable, Iterator
from itertools import accumulate
from typing import BinaryIO

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from digest.packed import Packed, pack, unpack_piece
from digest.page_stream import StreamError

SPLICE_FROM = 1 << 20
"""Files from this size (1 MB) are written again by their changes (`PackedFile.previous`)."""


class PackedFile(File):
    """A generated file, decompressed when MkDocs reads it and written piece by piece."""

    _packed: Packed | None = None
    """The content (`packed`), None while it is pending."""

    _pending: Callable[[], Packed] | None = None
    """What makes the content, until it is made (`make_later`)."""

    unchanged: bool = False
    """Whether the last build in this process wrote this same content at the same place:
    `mkdocs serve --dirty` then leaves the file as it is."""

    written: tuple[int, int] | None = None
    """The size and modification time of the file as this content was written."""

    previous: tuple[Packed, tuple[int, int]] | None = None
    """What the last build in this process wrote at the same place, and the file's stamp
    then, when the content is not the same: where the file is still as written, what the
    two have alike at their start and end is copied from it, not decompressed again."""

    @classmethod
    def make(
        cls,
        config: MkDocsConfig,
        src_uri: str,
        packed: Packed,
        inclusion: InclusionLevel = InclusionLevel.UNDEFINED,
    ) -> PackedFile:
        file = cls.generated(config, src_uri, content=b"", inclusion=inclusion)
        assert isinstance(file, PackedFile)
        file.packed = packed
        return file

    @classmethod
    def make_later(
        cls,
        config: MkDocsConfig,
        src_uri: str,
        pending: Callable[[], Packed],
        inclusion: InclusionLevel = InclusionLevel.UNDEFINED,
    ) -> PackedFile:
        """A file whose content is made elsewhere meanwhile (`digest.page_stream`):
        `pending()` waits for it, the first time MkDocs reads the file."""
        file = cls.generated(config, src_uri, content=b"", inclusion=inclusion)
        assert isinstance(file, PackedFile)
        file._pending = pending
        return file

    @property
    def packed(self) -> Packed:
        """The content."""
        if self._packed is None:
            assert self._pending is not None, "a packed file without content"
            try:
                self._packed = self._pending()
            except StreamError as error:
                raise PluginError(f"digest: {error}") from None
            self._pending = None
        return self._packed

    @packed.setter
    def packed(self, packed: Packed) -> None:
        self._packed, self._pending = packed, None

    @property
    def content_bytes(self) -> bytes:
        return self.packed.data()

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self.packed, self.unchanged = pack(value), False

    @property
    def content_string(self) -> str:
        return self.packed.text()

    @content_string.setter
    def content_string(self, value: str) -> None:
        self.packed, self.unchanged = pack(value), False

    def is_modified(self) -> bool:
        return not self.unchanged

    def as_written(self) -> bool:
        """Whether the file is on disk as this content was written there (same size and
        modification time)."""
        if self.written is None:
            return False
        try:
            stat = os.stat(self.abs_dest_path)
        except OSError:
            return False
        return (stat.st_size, stat.st_mtime_ns) == self.written

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and self.unchanged:
            return
        path = self.abs_dest_path
        os.makedirs(os.path.dirname(path), exist_ok=True)
        partial = f"{path}.partial"  # a file is whole or not there, as it is put together
        with open(partial, "wb") as output:
            if not self._write_changes(path, output):
                for chunk in self.packed.chunks():
                    output.write(chunk)
        os.replace(partial, path)
        stat = os.stat(path)
        self.written, self.previous = (stat.st_size, stat.st_mtime_ns), None

    def _write_changes(self, path: str, output: BinaryIO) -> bool:
        """Write the content as the file at `path` with the last content replaced by this
        one where they differ (a large export after one article changed: the article's
        parts in each of its lists); False, writing nothing, when the file is small
        (`SPLICE_FROM`) or not as the last content was written."""
        if self.previous is None or self.packed.size < SPLICE_FROM:
            return False
        last, stamp = self.previous
        try:
            old = open(path, "rb")  # noqa: SIM115  (closed below)
        except OSError:
            return False
        with old:
            stat = os.fstat(old.fileno())
            if (stat.st_size, stat.st_mtime_ns) != stamp:
                return False
            span: tuple[int, int] | None = None  # (spans in a row copied as one)
            for step in _plan(last, self.packed):
                if isinstance(step, bytes):
                    if span is not None:
                        _copy(old, output, *span)
                        span = None
                    output.write(unpack_piece(step))
                elif span is not None and sum(span) == step[0]:
                    span = (span[0], span[1] + step[1])
                else:
                    if span is not None:
                        _copy(old, output, *span)
                    span = step
            if span is not None:
                _copy(old, output, *span)
        return True


def _plan(last: Packed, new: Packed, offset: int = 0) -> Iterator[tuple[int, int] | bytes]:
    """How to write `new` where `last` is written (from `offset` in the old file): spans
    of the old file to copy (offset and length) and pieces to decompress. Two contents
    joined from as many parts, most of them the same, are compared part by part: a part
    that is the same is copied whole, the others compared in turn (an export after an
    edit: one run of articles, one article in it); other contents piece by piece
    (`_pieces_plan`)."""
    if last is new:
        if last.size:
            yield offset, last.size
        return
    old, parts = last.parts, new.parts
    if parts and len(old) == len(parts) and 2 * sum(map(operator.is_, old, parts)) >= len(parts):
        for before, part in zip(old, parts, strict=True):
            yield from _plan(before, part, offset)
            offset += before.size
        return
    for step in _pieces_plan(last, new):
        yield step if isinstance(step, bytes) else (step[0] + offset, step[1])


def _pieces_plan(last: Packed, new: Packed) -> Iterator[tuple[int, int] | bytes]:
    """How to write `new` where `last` is written, piece by piece: spans of the old file
    to copy, each as long as the pieces the two have alike in a row, and the pieces to
    decompress. A piece not next in a row is looked for near where the row broke off (and
    anywhere in `last`, when many in a row were not found)."""
    old, pieces = last.pieces, new.pieces
    offsets = [0, *accumulate(last.piece_sizes)]
    where: dict[int, int] | None = None
    expected, at, start, end = 0, 0, 0, 0  # (the old piece next in a row; the span to copy)
    missed = 0  # (pieces decompressed since the last row)
    while at < len(pieces):
        alike = _alike(old, expected, pieces, at)
        if alike:
            missed = 0 if alike > 1 else missed  # (not a separator alone: a row again)
            if offsets[expected] != end:
                if end > start:
                    yield start, end - start
                start = offsets[expected]
            end = offsets[expected + alike]
            expected, at = expected + alike, at + alike
            continue
        piece = pieces[at]
        found = _near(old, piece, expected)
        if found is None and missed >= NEAR:  # (far from where it was: much taken out)
            if where is None:  # (built once, if ever: it costs as much as a long row)
                where = dict(zip(map(id, old), range(len(old)), strict=True))
            found = where.get(id(piece))
        if found is not None and found != expected:
            expected = found
            continue
        if end > start:  # (taken as in place of the old piece expected: often it is)
            yield start, end - start
        start = end = -1
        expected, at, missed = expected + 1, at + 1, missed + 1
        yield piece
    if end > start:
        yield start, end - start


NEAR = 16
"""How far from where a row of alike pieces broke off a piece is looked for first."""


def _near(pieces: tuple[bytes, ...], piece: bytes, at: int) -> int | None:
    """Where `piece` itself is among `pieces`, looking no further than NEAR from `at`."""
    for distance in range(NEAR):
        for index in (at + distance, at - distance - 1):
            if 0 <= index < len(pieces) and pieces[index] is piece:
                return index
    return None


def _alike(first: tuple[bytes, ...], at: int, second: tuple[bytes, ...], other: int) -> int:
    """How many pieces in a row are alike from `first[at]` and `second[other]` on: compared
    a growing slice at a time (the pieces compared by the interpreter's own loop, most of
    them by reference)."""
    limit = min(len(first) - at, len(second) - other)
    alike, step = 0, 1
    while alike < limit:
        size = min(step, limit - alike)
        if first[at + alike : at + alike + size] == second[other + alike : other + alike + size]:
            alike, step = alike + size, step * 2
        elif size == 1:
            break
        else:
            step = size // 2
    return alike


def _copy(source: BinaryIO, output: BinaryIO, offset: int, count: int) -> None:
    """Copy `count` bytes from `offset` in `source` to the end of `output` (by the
    system, file to file, where it can)."""
    output.flush()
    source_fd, output_fd = source.fileno(), output.fileno()
    try:
        while count > 0:
            copied = os.copy_file_range(source_fd, output_fd, count, offset)
            if copied == 0:
                raise OSError("the file ended early")
            offset, count = offset + copied, count - copied
    except (AttributeError, OSError):
        source.seek(offset)
        output.seek(0, os.SEEK_END)
        shutil.copyfileobj(_Limited(source, count), output)


class _Limited:
    """The next `count` bytes of a file, read as a file."""

    def __init__(self, source: BinaryIO, count: int) -> None:
        self.source, self.count = source, count

    def read(self, size: int = -1) -> bytes:
        size = self.count if size < 0 else min(size, self.count)
        data = self.source.read(size)
        self.count -= len(data)
        return data
