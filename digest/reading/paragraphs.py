"""Paragraph splitting shared by the text-like readers."""

from __future__ import annotations

import re

_BLANK_LINES = re.compile(r"\n\s*\n")
_GLUE = re.compile(r"(?<=\.),[ \t]+")
"""Scraped corpora glue paragraphs together as `first., second`: period, comma, space."""


def unglue(block: str) -> list[str]:
    """Split a block glued with `., ` into its paragraphs, each keeping its period."""
    return [part.strip() for part in _GLUE.split(block) if part.strip()]


def split_blocks(text: str, *, single_newlines: bool = False) -> list[str]:
    """Paragraphs of a text: blocks between blank lines (or between any line breaks),
    each block's lines joined by a space, glued blocks split apart."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = text.split("\n") if single_newlines else _BLANK_LINES.split(text)
    paragraphs: list[str] = []
    for block in blocks:
        joined = " ".join(line.strip() for line in block.split("\n") if line.strip())
        paragraphs.extend(unglue(joined))
    return paragraphs
