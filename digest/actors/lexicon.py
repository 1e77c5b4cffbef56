"""The word lists of actor discovery (`words.yml`), normalised, and the tokens of a folded
sentence: what finding people (`discover`) and organizations (`organizations`) share."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import yaml

from digest.text.arabic import normalize

WORDS: dict[str, list[str]] = yaml.safe_load(
    (Path(__file__).parent / "words.yml").read_text("utf-8")
)


def _words(name: str) -> frozenset[str]:
    return frozenset(normalize(word) for word in WORDS[name])


TITLES = sorted(_words("titles"), key=len, reverse=True)
"""Titles and roles that introduce a person, longest first (normalised)."""
SPEECH_VERBS = _words("speech_verbs")

TITLES_BY_FIRST: dict[str, list[list[str]]] = {}
"""Titles by their first word, longest first; a one-word title also under its forms with a
possessive suffix (رئيسه، رئيسها، رئيسهم)."""
for _title in TITLES:
    _title_words = _title.split()
    _firsts = [_title_words[0]]
    if len(_title_words) == 1:
        _firsts += [_title_words[0] + suffix for suffix in ("ه", "ها", "هم")]
    for _first in _firsts:
        TITLES_BY_FIRST.setdefault(_first, []).append(_title_words)
STOPWORDS = _words("stopwords")
CONNECTORS = _words("connectors")
GIVEN_NAMES = _words("given_names")
NOT_NAME_ENDS = _words("not_name_ends")
COMMON_NISBAS = _words("common_nisbas")
NOT_PERSON_STARTS = _words("not_person_starts")
PREPOSITIONS = _words("prepositions")
ORGANIZATION_HEADS = _words("organization_heads")
HEAD_WORDS = {
    conjunction + article + head
    for head in ORGANIZATION_HEADS
    for conjunction in ("", "و", "ف")
    for article in ("", "ال")
}
"""Every word an organization's head noun can be, with its article and conjunction: most
words of a sentence are none of them."""
NAMED_HEADS = _words("named_heads")
GENERIC_HEADS = _words("generic_heads")


class Token(NamedTuple):
    """A word or a punctuation mark of a folded sentence (a tuple: sentences have many)."""

    text: str
    start: int
    end: int


Tokens = tuple[Token, ...]

_TOKEN = re.compile(r"\w+|[^\w\s]")


@lru_cache(maxsize=256)
def tokens_of(folded: str) -> Tokens:
    """The words and marks of a folded sentence (remembered: people and organizations are
    looked for in the same sentences one after the other)."""
    return tuple(Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(folded))
