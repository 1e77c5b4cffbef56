"""Sentences too long for one model call: cut at clause boundaries, translated piece by
piece, joined back into one translation.

A seed may hold a paragraph of 20,000 characters without a full stop. The model's input
is bounded, and its decoding bound grows with the input, so such a sentence is cut before
translation; the page still shows it as one sentence.
"""

from __future__ import annotations

import re
from dataclasses import replace

from digest.model import Translation

MAX_PIECE_CHARS = 400
"""The longest text sent to the model in one piece (about 120 SentencePiece tokens)."""

_CLAUSE_END = re.compile(r"[،؛,;:](?=\s)|\s[-–—]\s")
_SPACE = re.compile(r"\s")


def split_for_translation(text: str, limit: int = MAX_PIECE_CHARS) -> list[str]:
    """The text in pieces of at most `limit` characters: cut after the last clause mark
    (، ؛ , ; : or a dash) that fits, else at the last space, else anywhere."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = max((m.end() for m in _CLAUSE_END.finditer(window)), default=0)
        if cut < limit // 4:
            cut = max((m.start() for m in _SPACE.finditer(window)), default=0) or limit
        pieces.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    if rest:
        pieces.append(rest)
    return pieces


def join_translations(parts: list[Translation]) -> Translation:
    """One translation from the translations of a sentence's pieces, in order; its score is
    the lowest piece's, so a weak piece still flags the sentence."""
    scores = [part.score for part in parts if part.score is not None]
    text = " ".join(part.text.strip() for part in parts if part.text.strip())
    return replace(parts[0], text=text, score=min(scores) if scores else None)
