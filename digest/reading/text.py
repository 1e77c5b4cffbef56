"""Plain-text seeds: the first line is the title, then the body.

The body is either paragraphs separated by blank lines, or one line of paragraphs glued
together with `., ` as some scraped corpora ship them. Metadata comes from `<stem>.yml`.
"""

from __future__ import annotations

from pathlib import Path

from digest.model import Article
from digest.reading import register
from digest.reading.metadata import make_article, sidecar_metadata_with_lines
from digest.reading.paragraphs import split_blocks


@register(".txt")
def read(path: Path, text: str) -> list[Article]:
    """One article from a text file and its optional sidecar."""
    title, _, body = text.lstrip("\ufeff\n\r\t ").partition("\n")
    meta, origins = sidecar_metadata_with_lines(path)
    if title.strip():
        meta["title"] = title.strip()
    return [make_article(path, path.stem, split_blocks(body), meta, origins=origins)]
