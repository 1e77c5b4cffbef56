"""MkDocs files whose content digest holds packed (`digest.packed`) until it is written."""

from __future__ import annotations

import os
import shutil
import zlib
from typing import BinaryIO

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel

from digest.packed import Packed, pack

SPLICE_FROM = 1 << 20
"""Files from this size (1 MB) are written again by their changes (`PackedFile.previous`)."""


class PackedFile(File):
    """A generated file, decompressed when MkDocs reads it and written piece by piece."""

    packed: Packed
    """The content."""

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
        one where they differ (a large export after one article changed); False, writing
        nothing, when the file is not as the last content was written or there is little
        to gain."""
        if self.previous is None or self.packed.size < SPLICE_FROM:
            return False
        last, stamp = self.previous
        new = self.packed.pieces
        start = _alike(last.pieces, new)
        end = _alike(last.pieces[start:][::-1], new[start:][::-1])
        try:
            old = open(path, "rb")  # noqa: SIM115  (closed below)
        except OSError:
            return False
        with old:
            stat = os.fstat(old.fileno())
            if (stat.st_size, stat.st_mtime_ns) != stamp:
                return False
            sizes = last.piece_sizes
            head, tail = sum(sizes[:start]), sum(sizes[len(sizes) - end :])
            _copy(old, output, 0, head)
            for piece in new[start : len(new) - end]:
                output.write(zlib.decompress(piece))
            _copy(old, output, last.size - tail, tail)
        return True


def _alike(first: tuple[bytes, ...], second: tuple[bytes, ...]) -> int:
    """How many pieces the two start with alike."""
    count = 0
    for one, other in zip(first, second, strict=False):  # (of any lengths)
        if one is not other and one != other:
            break
        count += 1
    return count


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
