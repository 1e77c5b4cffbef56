"""Generated text held compressed until it is written.

A large digest generates hundreds of megabytes of pages, exports and index files, and
`mkdocs serve` keeps them from one build to the next so that a rebuild reuses what did not
change. Held compressed (Zstandard at its fastest standard level: about a sixth of the
size for these texts, compressed and decompressed more than three times as fast as with
zlib's fastest level, `bench/packing.py`), they cost little memory; held in pieces, a
file joined from per-article parts (the exports) is joined by reference when one
article changes, and its bytes are put together only as it is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain

import zstandard

LEVEL = 1
"""Zstandard's fastest standard level: most of the saving for a fraction of the time of
higher levels."""

_COMPRESSOR = zstandard.ZstdCompressor(level=LEVEL)
_DECOMPRESSOR = zstandard.ZstdDecompressor()
# (One of each, used one call at a time: a process's threads do not pack concurrently.)


def unpack_piece(piece: bytes) -> bytes:
    """One compressed piece's text in UTF-8."""
    return _DECOMPRESSOR.decompress(piece)


@dataclass(frozen=True, slots=True, eq=False)
class Packed:
    """Some text in UTF-8, as Zstandard frames that follow one another: its pieces, or the
    packed parts it was joined from (`join`), whose pieces are put together the first time
    they are asked for (a large export joined from its runs of articles, in a rebuild,
    is written by another process: this one never puts them together)."""

    _pieces: tuple[bytes, ...] | None
    """The compressed pieces, in order (`pieces`); None until asked for, when joined."""

    size: int
    """The length of the whole text in bytes."""

    _sizes: tuple[int, ...] | None = None
    """The length of each piece's text, when there are several (`piece_sizes`)."""

    parts: tuple[Packed, ...] = ()
    """The parts it was joined from, each with some text, in order (empty for pieces)."""

    _count: int = 0
    """How many pieces its parts hold (`piece_count`), when joined."""

    @property
    def piece_count(self) -> int:
        """How many pieces it holds (without putting them together)."""
        return len(self._pieces) if self._pieces is not None else self._count

    @property
    def pieces(self) -> tuple[bytes, ...]:
        """The compressed pieces, in order."""
        if self._pieces is None:
            pieces = tuple(chain.from_iterable(part.pieces for part in self.parts))
            object.__setattr__(self, "_pieces", pieces)  # (frozen: set once, as it will be)
            return pieces
        return self._pieces

    @property
    def piece_sizes(self) -> tuple[int, ...]:
        """The length of each piece's text in bytes."""
        if self._sizes is None and self.parts:
            sizes = tuple(chain.from_iterable(part.piece_sizes for part in self.parts))
            object.__setattr__(self, "_sizes", sizes)
        if self._sizes is not None:
            return self._sizes
        return (self.size,) if self.pieces else ()

    def same(self, other: Packed) -> bool:
        """Whether the two hold the same pieces, in order: by reference where they do,
        part by part where both are joined from parts of the same sizes (their pieces
        then line up at the parts' ends), piece by piece otherwise."""
        if self is other:
            return True
        if self.size != other.size:
            return False
        mine, theirs = self.parts, other.parts
        if mine and len(mine) == len(theirs):
            differ = [(a, b) for a, b in zip(mine, theirs, strict=True) if a is not b]
            if all(a.size == b.size for a, b in differ):
                return all(a.same(b) for a, b in differ)
        return self.pieces == other.pieces

    def chunks(self) -> Iterator[bytes]:
        """The text, piece by piece."""
        return map(unpack_piece, self.pieces)

    def data(self) -> bytes:
        """The whole text."""
        return b"".join(self.chunks())

    def text(self) -> str:
        """The whole text, decoded."""
        return self.data().decode()


EMPTY = Packed((), 0)


def pack(data: bytes | str) -> Packed:
    """Text (or its UTF-8) held compressed, in one piece."""
    raw = data.encode() if isinstance(data, str) else data
    if not raw:
        return EMPTY
    # Copied to a bytes object of its own size: the compressor's is allocated for the
    # worst case and shrunk in place, which keeps the memory of that worst case (twice
    # the size held, for these texts).
    return Packed((bytes(memoryview(_COMPRESSOR.compress(raw))),), len(raw))


def join(parts: Iterable[Packed], separator: Packed = EMPTY) -> Packed:
    """The parts one after another, with `separator` between two: by reference, nothing is
    decompressed, and the pieces are put together only when asked for."""
    listed = list(parts)
    if separator.size and len(listed) > 1:
        spaced = [separator] * (2 * len(listed) - 1)
        spaced[::2] = listed
        listed = spaced
    listed = [part for part in listed if part.size]
    if len(listed) < 2:
        return listed[0] if listed else EMPTY
    size, count = sum(part.size for part in listed), sum(part.piece_count for part in listed)
    if count <= PUT_TOGETHER:
        pieces = tuple(chain.from_iterable(part.pieces for part in listed))
        sizes = tuple(chain.from_iterable(part.piece_sizes for part in listed))
        return Packed(pieces, size, sizes)
    return Packed(None, size, None, tuple(listed), count)


PUT_TOGETHER = 1024
"""Joins of up to so many pieces are put together at once: compared and written piece by
piece (by the interpreter's own loops), they cost less than part by part; larger ones
(a large digest's exports) keep their parts."""
