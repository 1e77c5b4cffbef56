"""Arabic-aware sentence splitting.

`.` `؟` `?` `!` end a sentence; the Arabic comma `،` and semicolon `؛` do not. A quotation
(`"…"`, `«…»`, `“…”`) or a parenthesis is never cut inside, so a quoted statement of
several sentences stays one unit aligned with its English. A period inside or right after
a number (`3.5`, `2014.`) and after an abbreviation (`د.`, `U.S.`) is not a boundary:
Arabic has no capital letters to tell a new sentence after a number, so digest keeps
dates, list numbers and figures with the words around them.
"""

from __future__ import annotations

import re

ENDERS = frozenset(".؟?!…")
_OPENERS = {"«": "»", "“": "”", "(": ")", "[": "]", "﴿": "﴾"}
_CLOSERS = {close: open_ for open_, close in _OPENERS.items()}
_STRAIGHT_QUOTE = '"'
_TRAILING = set("\"»”)]﴾'")

ABBREVIATIONS = frozenset(
    {
        # Arabic beyond the single letters (د. م. ص. …): hijri year, "etc.".
        "هـ", "إلخ", "الخ",
        # Latin script inside Arabic news.
        "dr", "mr", "mrs", "ms", "st", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun",
        "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "ltd", "co", "u.s", "u.n",
        "u.k", "e.g", "i.e",
    }
)  # fmt: skip

_WORD_BEFORE = re.compile(r"([\w.]+)$")


def _is_abbreviation_or_number(text: str, period: int) -> bool:
    """Whether the period at `period` belongs to a number or an abbreviation."""
    match = _WORD_BEFORE.search(text, 0, period)
    if not match:
        return False
    word = match.group(1).rstrip(".")
    if not word:
        return False
    if word[-1].isdigit():
        return True
    lowered = word.lower()
    return lowered in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _track(stack: list[str], char: str) -> None:
    """Follow open quotations and parentheses: a straight quote opens or closes by turns."""
    if char == _STRAIGHT_QUOTE:
        if stack and stack[-1] == _STRAIGHT_QUOTE:
            stack.pop()
        else:
            stack.append(char)
    elif char in _OPENERS:
        stack.append(char)
    elif char in _CLOSERS and stack and stack[-1] == _CLOSERS[char]:
        stack.pop()


def _next_start(text: str, end: int) -> int | None:
    """Where the next sentence starts if a sentence ends at `end`: after white space only."""
    if end >= len(text) or not text[end].isspace():
        return None
    while end < len(text) and text[end].isspace():
        end += 1
    return end if end < len(text) else None


_MARKS = re.compile(
    "[" + re.escape("".join(ENDERS | _OPENERS.keys() | _CLOSERS.keys() | _TRAILING)) + "]"
)
"""The characters that open, close or end something: the others change nothing, and the
scan goes from one of these to the next."""


def _boundaries(text: str, protect_quotes: bool) -> list[int]:
    """Offsets where a new sentence starts (after the white space that follows an end)."""
    stack: list[str] = []
    cuts: list[int] = []
    resume = 0
    for mark in _MARKS.finditer(text):
        index = mark.start()
        if index < resume:
            continue
        char = text[index]
        if protect_quotes:
            _track(stack, char)
        # A quotation or parenthesis that itself ends with a sentence end closes the sentence.
        closes_sentence = (
            not stack and char in _TRAILING and index > 0 and text[index - 1] in ENDERS
        )
        if closes_sentence or (char in ENDERS and not stack):
            if char == "." and _is_abbreviation_or_number(text, index):
                continue
            end = index + 1
            while end < len(text) and (text[end] in ENDERS or text[end] in _TRAILING):
                end += 1
            start = _next_start(text, end)
            if start is not None:
                cuts.append(start)
            resume = end
    return cuts


def _balanced(text: str) -> bool:
    stack: list[str] = []
    for mark in _MARKS.finditer(text):
        _track(stack, mark.group())
    return not stack


def split_sentences(paragraph: str) -> list[str]:
    """The sentences of one paragraph, each stripped; their concatenation keeps every word.

    A quotation or parenthesis that is never closed protects nothing: the paragraph is then
    split at every sentence end, so one stray mark cannot glue a whole paragraph together.
    """
    text = paragraph.strip()
    if not text:
        return []
    cuts = _boundaries(text, protect_quotes=_balanced(text))
    starts = [0, *cuts]
    ends = [*cuts, len(text)]
    return [text[start:end].strip() for start, end in zip(starts, ends, strict=True)]
