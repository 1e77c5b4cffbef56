"""Discover organizations the registry does not know, from how Arabic names them.

An organization's name starts with a head noun (وزارة، حركة، حزب، جامعة، مجلس، قوات …) bound
to definite words (`وزارة الخارجية المصرية`, `قوات الدعم السريع`, `حزب العدالة والتنمية`,
`جامعة الملك سعود`); a news outlet or company is named after its head without the article
(`وكالة رويترز`, `صحيفة نيويورك تايمز`). A head with the article, or a generic head (مجلس،
قوات، هيئة …), needs two definite words after it (`الهيئة العليا المستقلة للانتخابات`) so
that `الحزب الحاكم` and `مجلس الإدارة` stay common nouns; a ministry is named by its
portfolio alone (`وزارة التجارة`), as the annotation scheme has it.
"""

from __future__ import annotations

import re

from digest.actors.lexicon import (
    GENERIC_HEADS,
    HEAD_WORDS,
    NAMED_HEADS,
    ORGANIZATION_HEADS,
    STOPWORDS,
    Tokens,
    tokens_of,
)
from digest.actors.match import Folded

_DEFINITE = ("ال", "لل", "وال")
NAMING_TITLES = frozenset({"الملك", "الامير", "الشيخ", "الامام", "السلطان"})
"""Titles inside an organization's name that a person's name follows (جامعة الملك سعود)."""
_MAX_WORDS = 5


def _head(word: str) -> tuple[str, bool, int] | None:
    """The head noun a word is, whether it has the article, and the length of the
    conjunction before it (0 or 1)."""
    for skipped, candidate in ((0, word), (1, word[1:] if word[:1] in "وف" else "")):
        if candidate in ORGANIZATION_HEADS:
            return candidate, False, skipped
        if candidate.startswith("ال") and candidate[2:] in ORGANIZATION_HEADS:
            return candidate[2:], True, skipped
    return None


def _definite_run(tokens: Tokens, index: int) -> int:
    """The index after the definite words starting at `index` (none when the first is
    joined by و: `الجامعة والأمن المائي` is two things)."""
    if index < len(tokens) and tokens[index].text.startswith("وال"):
        return index
    end = index
    while end < len(tokens) and end - index < _MAX_WORDS and tokens[end].text.startswith(_DEFINITE):
        end += 1
    return end


def _named_run(tokens: Tokens, index: int) -> int:
    """The index after one or two plain words naming an outlet or company."""
    end = index
    while (
        end < len(tokens)
        and end - index < 2
        and re.fullmatch(r"[^\W\d_]{2,}", tokens[end].text)
        and not tokens[end].text.startswith(("ال", "و", "ف", "بال", "لل"))
        and tokens[end].text not in STOPWORDS
        and not tokens[end].text.endswith("يه")  # (شركة أميركية: an adjective, no name)
    ):
        end += 1
    return end


def find_organizations(text: str, known: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Organization names in one sentence: (start, end, name) in original offsets, leaving
    out those that overlap `known` spans (actors already found, demonyms excepted by the
    caller)."""
    folded = Folded.of(text)
    tokens = tokens_of(folded.text)
    found = []
    index = 0
    while index < len(tokens):
        head = _head(tokens[index].text) if tokens[index].text in HEAD_WORDS else None
        if head is None:
            index += 1
            continue
        name, with_article, conjunction = head
        first = index + 1
        if first < len(tokens) and tokens[first].text in ('"', "«", "“"):
            first += 1  # وكالة "إنترفاكس"
        end = _definite_run(tokens, first)
        needed = 2 if with_article or name in GENERIC_HEADS else 1
        named = False
        if end - first < needed and name in NAMED_HEADS and not with_article:
            end = _named_run(tokens, first)
            needed, named = 1, True
        if end - first < needed:
            index += 1
            continue
        if tokens[end - 1].text in NAMING_TITLES:
            end = _named_run(tokens, end)  # جامعة الملك سعود
        # An outlet is named without its head (وكالة رويترز: رويترز); other names start at
        # the head (وكالة الطاقة الذرية), without the conjunction before it.
        start_at = tokens[first].start if named else tokens[index].start + conjunction
        start, stop = folded.span(start_at, tokens[end - 1].end)
        if not any(s < stop and start < e for s, e in known):
            found.append((start, stop, text[start:stop]))
        index = end
    return found
