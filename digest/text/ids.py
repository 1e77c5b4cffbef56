"""Stable ids and hashes, derived from content so they survive rebuilds.

A sentence's id depends on its own text only, and a paragraph's on its own text only:
editing one paragraph never changes the ids of the others.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_SPACE = re.compile(r"\s+")
_UNSAFE_SLUG = re.compile(r"[^a-z0-9]+")


def canonical(text: str) -> str:
    """The text as hashed: Unicode NFC with runs of white space collapsed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def text_hash(text: str) -> str:
    """A 16-hex-digit SHA-256 prefix of the canonical text."""
    # surrogatepass: a lone surrogate (from a JSON escape) must not stop a hash.
    return hashlib.sha256(canonical(text).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def content_ids(prefix: str, texts: Iterable[str]) -> list[str]:
    """One id per text, `<prefix>-<8 hex>`, with `-2`, `-3` … for repeated texts."""
    seen: dict[str, int] = {}
    ids = []
    for text in texts:
        base = f"{prefix}-{text_hash(text)[:8]}"
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids


WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt") for n in range(10))]
)
"""Names Windows refuses for a file, whatever its extension."""

MAX_SLUG = 80
_SAFE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@lru_cache(maxsize=1 << 16)
def slugify(text: str) -> str:
    """A lower-case ASCII slug: letters, digits and single dashes, never a name Windows
    reserves; empty if nothing remains. Safe as a file or folder name anywhere."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _UNSAFE_SLUG.sub("-", ascii_text.lower())[:MAX_SLUG].strip("-")
    return f"{slug}-0" if slug in WINDOWS_RESERVED else slug


def is_safe_id(text: str) -> bool:
    """Whether an id can name a page as it is (what `slugify` makes)."""
    return bool(_SAFE_ID.fullmatch(text)) and len(text) <= MAX_SLUG and text not in WINDOWS_RESERVED


def is_safe_page_path(uri: str) -> bool:
    """Whether a generated file's path stays inside the site on every system: relative,
    forward slashes, no `.` or `..` or empty parts, no characters or names Windows refuses."""
    parts = uri.split("/")
    return all(
        part not in ("", ".", "..")
        and not re.search(r'[\\:*?"<>|\x00-\x1f]', part)
        and part.split(".")[0].lower() not in WINDOWS_RESERVED
        and not part.endswith((".", " "))
        for part in parts
    )
