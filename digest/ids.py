"""Stable ids and hashes, derived from content so they survive rebuilds.

A sentence's id depends on its own text only, and a paragraph's on its own text only:
editing one paragraph never changes the ids of the others.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

_SPACE = re.compile(r"\s+")
_UNSAFE_SLUG = re.compile(r"[^a-z0-9]+")


def canonical(text: str) -> str:
    """The text as hashed: Unicode NFC with runs of white space collapsed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def text_hash(text: str) -> str:
    """A 16-hex-digit SHA-256 prefix of the canonical text."""
    return hashlib.sha256(canonical(text).encode("utf-8")).hexdigest()[:16]


def content_ids(prefix: str, texts: Iterable[str]) -> list[str]:
    """One id per text, `<prefix>-<8 hex>`, with `-2`, `-3` … for repeated texts."""
    seen: dict[str, int] = {}
    ids = []
    for text in texts:
        base = f"{prefix}-{text_hash(text)[:8]}"
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids


def slugify(text: str) -> str:
    """A lower-case ASCII slug: letters, digits and single dashes; empty if none remain."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _UNSAFE_SLUG.sub("-", ascii_text.lower()).strip("-")[:80]
