"""Find each Arabic mention's counterpart in the sentence's English translation."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from digest.model import Actor, Sentence


def english_forms(actor: Actor) -> list[str]:
    """The actor's English forms, longest first; a person's surname counts too
    (`Macron`, `Sarraj` from `Fayez al-Sarraj`)."""
    forms = set(actor.english_forms)
    if actor.type == "person" and " " in actor.en:
        surname = actor.en.split()[-1]
        forms |= {surname, re.sub(r"^(al|el)-", "", surname, flags=re.IGNORECASE)}
    return sorted(forms - {""}, key=len, reverse=True)


class _FoldTable(dict[int, str]):
    """`str.translate`'s table for `_fold`, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = self[code] = unicodedata.normalize("NFKD", char)[0].casefold()[:1] or char
        return folded


_TABLE = _FoldTable()


def _fold(text: str) -> str:
    """Case and accents folded, one character per character (so offsets stay valid)."""
    return text.translate(_TABLE)


def align(sentence: Sentence, actors: dict[str, Actor]) -> None:
    """Give the sentence's mentions the offsets of their English form, where it is there."""
    if sentence.translation is None or not sentence.mentions:
        return
    english = _fold(sentence.translation.text)
    taken: list[tuple[int, int]] = []
    aligned = []
    for mention in sentence.mentions:
        span = (
            _first_free(english, english_forms(actors[mention.actor]), taken)
            if mention.actor in actors
            else None
        )
        if span is None:
            aligned.append(replace(mention, en_start=None, en_end=None))
            continue
        taken.append(span)
        aligned.append(replace(mention, en_start=span[0], en_end=span[1]))
    sentence.mentions = aligned


def _first_free(
    text: str, forms: list[str], taken: list[tuple[int, int]]
) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    for form in forms:
        pattern = re.compile(rf"(?<!\w){re.escape(_fold(form))}(?!\w)")
        for match in pattern.finditer(text):
            span = match.span()
            if any(start < span[1] and span[0] < end for start, end in taken):
                continue
            if best is None or span[0] < best[0]:
                best = span
            break
    return best
