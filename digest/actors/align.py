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
    """Give the sentence's mentions the offsets of their English form, where it is there:
    of the forms not taken by an earlier mention, the one whose place in the English is
    nearest the mention's place in the Arabic (so `روسيا` late in a sentence is its late
    "Russia", not an earlier "Moscow" the same actor also goes by)."""
    if sentence.translation is None or not sentence.mentions:
        return
    english = _fold(sentence.translation.text)
    taken: list[tuple[int, int]] = []
    aligned = []
    for mention in sentence.mentions:
        place = mention.start / max(len(sentence.text), 1)
        span = (
            _nearest_free(english, english_forms(actors[mention.actor]), taken, place)
            if mention.actor in actors
            else None
        )
        if span is None:
            aligned.append(replace(mention, en_start=None, en_end=None))
            continue
        taken.append(span)
        aligned.append(replace(mention, en_start=span[0], en_end=span[1]))
    sentence.mentions = aligned


def _nearest_free(
    text: str, forms: list[str], taken: list[tuple[int, int]], place: float
) -> tuple[int, int] | None:
    """The free occurrence of one of the forms nearest `place` (0 to 1) in the text."""
    free = [
        match.span()
        for form in forms
        for match in re.finditer(rf"(?<!\w){re.escape(_fold(form))}(?!\w)", text)
        if not any(start < match.end() and match.start() < end for start, end in taken)
    ]
    whole = [s for s in free if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in free)]
    length = max(len(text), 1)  # (a form inside a longer one found there is not a match)
    return min(whole, key=lambda span: (abs(span[0] / length - place), span[0]), default=None)
