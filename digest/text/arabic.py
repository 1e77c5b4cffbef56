"""Arabic text normalisation and term matching (for matching, never for display)."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
_DIACRITICS = re.compile(f"[{_MARKS}]")
"""Harakat, Quranic marks and tatweel: ignored when matching."""

_FOLD = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
_FOLD_TABLE = {ord(variant): base for variant, base in _FOLD.items()}
_VARIANTS: dict[str, str] = {}
for _variant, _base in _FOLD.items():
    _VARIANTS[_base] = _VARIANTS.get(_base, _base) + _variant

ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
"""Any character of the Arabic script blocks, presentation forms included."""


def normalize(text: str) -> str:
    """Text folded for matching: NFKC (presentation forms to letters), no diacritics or
    tatweel, alef/hamza forms to bare alef, alef maqsura to ya, ta marbuta to ha."""
    folded = _DIACRITICS.sub("", unicodedata.normalize("NFKC", text))
    return folded.translate(_FOLD_TABLE)


@functools.lru_cache(maxsize=4096)
def term_pattern(term: str) -> re.Pattern[str]:
    """A pattern finding the term as whole words in NFKC text, whatever its diacritics,
    hamza or ta marbuta spelling, with its attached clitics (group `prefix`): و or ف, then
    ب ل ك; a term with the article also matches لل (ل + ال) and بال, كال."""
    folded = normalize(term)
    if folded.startswith("ال"):
        prefix, folded = "[وف]?(?:[بك]?ال|لل)", folded[2:]
    else:
        prefix = "[وف]?[بلك]?"
    letters = []
    for char in folded:
        if char.isspace():
            letters.append(r"\s+")
            continue
        variants = _VARIANTS.get(char, char)
        letters.append(f"[{re.escape(variants)}]" if len(variants) > 1 else re.escape(char))
    body = f"[{_MARKS}]*".join(letters)
    return re.compile(rf"(?<!\w)(?P<prefix>{prefix})(?P<term>{body})[{_MARKS}]*(?!\w)")


@functools.lru_cache(maxsize=4096)
def term_words(term: str) -> tuple[str, ...]:
    """The words of a term as `normalize` folds them, without the article: where
    `term_pattern` finds the term, the normalised text holds each of them."""
    folded = normalize(term)
    return tuple(folded.removeprefix("ال").split() if folded.startswith("ال") else folded.split())


def terms_found(text: str, terms: Iterable[str]) -> list[str]:
    """The terms that occur in the text as whole words (see `term_pattern`), in their
    order. The text is normalised once, and a term whose words it lacks is not searched
    for: most sentences hold none of a glossary's terms."""
    nfkc = unicodedata.normalize("NFKC", text)
    folded = _DIACRITICS.sub("", nfkc).translate(_FOLD_TABLE)
    return [
        term
        for term in terms
        if all(word in folded for word in term_words(term)) and term_pattern(term).search(nfkc)
    ]


def strip_conjunction(word: str) -> str:
    """A normalised word without a leading و or ف (وقال → قال), when what stays is a word."""
    return word[1:] if len(word) > 3 and word[0] in "وف" else word
