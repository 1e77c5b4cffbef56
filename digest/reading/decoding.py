"""From a seed's bytes to clean text: size limits, encodings, invisible characters.

Seeds come from scrapers, copy-paste and other people's corpora. UTF-8 (with or without a
byte order mark) and UTF-16 with a byte order mark are read as they are; Arabic text in
Windows-1256, and text in UTF-16 without a byte order mark, are recognised and read, with
a message saying how to convert the file; anything else that is not text is refused with
a message saying what it looks like.
"""

from __future__ import annotations

import codecs
import functools
import re
import sys
import unicodedata
from pathlib import Path

from digest.errors import InputError, Problem

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
"""The largest single-article seed (.txt, .md): long reports run to a few hundred KB."""

MAX_CORPUS_BYTES = 512 * 1024 * 1024
"""The largest corpus file (.json, .jsonl)."""

CORPUS_SUFFIXES = (".json", ".jsonl")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SIGNATURES = (
    (b"%PDF", "a PDF document", "Copy its text into a .txt file"),
    (b"PK\x03\x04", "a ZIP archive (or a Word document)", "Save the text as UTF-8 plain text"),
    (b"\x89PNG", "a PNG image", "Remove it from the seeds folder"),
    (b"\xff\xd8\xff", "a JPEG image", "Remove it from the seeds folder"),
    (b"{\\rtf", "an RTF document", "Save the text as UTF-8 plain text"),
)
_ARABIC = re.compile("[\u0600-\u06ff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
CONVERT_HINT = (
    "Convert it once with `iconv -f CP1256 -t UTF-8 {name} > {name}.utf8` and replace it."
)
UTF16_HINT = (
    "Convert it once with `iconv -f {encoding} -t UTF-8 {name} > {name}.utf8` and replace it."
)
_NOT_TEXT = re.compile(
    "[^\t\n\r\x20-\x7e\u00a0-\u024f\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff"
    "\u2000-\u206f\ufb50-\ufdff\ufe70-\ufeff]"
)
"""A character seldom in Arabic or English text: neither Latin nor Arabic, nor a space,
a digit or common punctuation. (Most of them, in bytes read in the wrong encoding.)"""
_LETTER = re.compile("[A-Za-z\u0600-\u06ff]")


def _size_limit(path: Path) -> int:
    return MAX_CORPUS_BYTES if path.suffix.lower() in CORPUS_SUFFIXES else MAX_ARTICLE_BYTES


def confine(path: Path) -> None:
    """Refuse a file that is a symbolic link out of its own folder, or to nothing: what
    the seeds folder links to elsewhere (`/etc/passwd`) is never read, let alone published."""
    if not path.is_symlink():
        return
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise InputError(
            path,
            "is a symbolic link that leads to no file (or round in a loop); it is not read.",
            "Replace the link by the file itself, or delete it.",
        ) from None
    if not target.is_relative_to(path.parent.resolve()):
        raise InputError(
            path,
            f"is a symbolic link to {target}, outside its folder; it is not read.",
            "Copy the file into the seeds folder if it belongs in the digest.",
        )


def read_bytes(path: Path) -> bytes:
    """The seed's bytes, refused before reading when the file is too large to be a seed
    or a symbolic link out of its folder (`confine`)."""
    confine(path)
    size, limit = path.stat().st_size, _size_limit(path)
    if size > limit:
        raise InputError(
            path,
            f"is {size / 2**20:.1f} MB, more than the {limit // 2**20} MB a seed of its "
            "kind may have.",
            "Split it into one file per article, or into a JSON corpus.",
        )
    return path.read_bytes()


def _refuse(path: Path, message: str, hint: str, data: bytes, offset: int) -> InputError:
    line = data[:offset].count(b"\n") + 1
    return InputError(path, message, hint, line=line)


def decode(path: Path, data: bytes) -> tuple[str, list[Problem]]:
    """The seed's text, and the problems worth telling (an encoding that was guessed)."""
    if not data.strip():
        raise InputError(path, "is empty.", "Put an article in it, or remove it from the seeds.")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding).lstrip("\ufeff"), []
            except UnicodeDecodeError as error:
                raise _refuse(
                    path,
                    f"starts as {encoding.upper()} but is not valid {encoding.upper()} "
                    f"(byte {error.start}).",
                    "Save the file as UTF-8 and build again.",
                    data,
                    error.start,
                ) from None
    for signature, kind, hint in _SIGNATURES:
        if data.startswith(signature):
            raise InputError(path, f"is {kind}, not text.", f"{hint}.")
    if b"\x00" in data:
        utf16 = _as_utf_16(data)
        if utf16 is not None:
            text, encoding = utf16
            problem = Problem(
                path,
                f"is UTF-16 ({encoding}) without a byte order mark; it was read as such.",
                UTF16_HINT.format(encoding=encoding, name=path.name),
            )
            return text, [problem]
        offset = data.index(b"\x00")
        raise _refuse(
            path,
            f"is not a text file: it holds binary data (a NUL byte at byte {offset}).",
            "Seeds are UTF-8 text; remove the file or save its text as UTF-8.",
            data,
            offset,
        )
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        arabic = _as_windows_1256(data)
        if arabic is not None:
            problem = Problem(
                path,
                "is not UTF-8 but Windows-1256 (Arabic Windows); it was read as such.",
                CONVERT_HINT.format(name=path.name),
            )
            return arabic, [problem]
        raise _refuse(
            path,
            f"is not valid UTF-8 (byte {error.start}) nor Arabic in Windows-1256.",
            "Save the file as UTF-8 and build again.",
            data,
            error.start,
        ) from None


def _as_windows_1256(data: bytes) -> str | None:
    """The text, when the bytes read as Windows-1256 are mostly Arabic letters."""
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        return None
    non_ascii = _NON_ASCII.findall(text)
    if not non_ascii:
        return None
    arabic = sum(1 for char in non_ascii if _ARABIC.match(char))
    return text if arabic / len(non_ascii) >= 0.9 else None


def _as_utf_16(data: bytes) -> tuple[str, str] | None:
    """The text and its encoding (UTF-16LE or UTF-16BE), when the bytes read as UTF-16 of
    one byte order are letters, spaces and punctuation of Arabic or English text (as few
    as 1 in 20 characters aside). Read in the other order, Arabic letters are dingbats and
    symbols, and Latin ones Chinese."""
    for encoding in ("UTF-16LE", "UTF-16BE"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:100_000]
        if "\x00" in text or not _LETTER.search(sample):
            continue
        if len(_NOT_TEXT.findall(sample)) <= len(sample) / 20:
            return text, encoding
    return None


_KEPT_FORMAT = {"\u200c", "\u200d"}
"""Zero-width non-joiner and joiner: they change how letters join, so they stay."""

_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")


def _is_control(char: str) -> bool:
    """A character `clean_text` removes."""
    category = unicodedata.category(char)
    return (
        (category == "Cf" and char not in _KEPT_FORMAT)
        or (category == "Cc" and char not in "\t\n\r")
        or category == "Cs"  # a lone surrogate, from a JSON escape: not a character
    )


@functools.cache
def _removed_or_replaced() -> re.Pattern[str]:
    """Every character `clean_text` removes or replaces, as one character class (made once
    a process, from Unicode's categories), so that a text is cleaned by one substitution
    instead of a look at each of its characters."""
    ranges: list[list[int]] = []
    for code in range(sys.maxunicode + 1):
        if _is_control(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    controls = "".join(f"\\U{start:08x}-\\U{end:08x}" for start, end in ranges)
    return re.compile(f"[{controls}{_PRESENTATION.pattern[1:-1]}]")


def _nothing_to_clean(text: str) -> bool:
    """True for most texts, without the class above: every character printable (neither
    an "other" nor a separator but the space), line breaks and tabs aside, and none of them
    a presentation form."""
    plain = text.replace("\n", " ").replace("\t", " ").replace("\r", " ")
    return plain.isprintable() and not _PRESENTATION.search(text)


def clean_text(text: str) -> tuple[str, dict[str, int]]:
    """Text with invisible controls removed and Arabic presentation forms read as letters,
    and how many of each there were (`controls`, `presentation forms`).

    Bidirectional embeddings, overrides and isolates, zero-width spaces and marks are
    removed: the page sets the direction of every block itself, and an unclosed override
    in a seed would reverse what follows it. Presentation forms (text copied from PDFs)
    become the letters they draw, which translation, matching and search understand.
    """
    counts = {"controls": 0, "presentation forms": 0}
    if _nothing_to_clean(text):
        return text, counts

    def replace(match: re.Match[str]) -> str:
        char = match.group()
        if _is_control(char):
            counts["controls"] += 1
            return ""
        counts["presentation forms"] += 1
        return unicodedata.normalize("NFKC", char)

    return _removed_or_replaced().sub(replace, text), counts
