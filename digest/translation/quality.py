"""Quality flags: signs that a machine translation needs a human eye.

Each check is a named function `(arabic, translation, settings) -> Flag | None` in an
ordered list, so a check can be tested alone and a site can add its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from digest.model import Flag, Translation
from digest.options import option
from digest.text.arabic import ARABIC_LETTER, normalize
from digest.translation.glossary import Term, has_english_form, terms_in


@dataclass(frozen=True, slots=True)
class QualitySettings:
    """Thresholds of the checks."""

    min_score: float = field(
        default=-1.5, metadata=option("model score below which a line is flagged")
    )
    """Length-normalised log-probability below which a line is flagged."""

    min_ratio: float = field(
        default=0.5, metadata=option("lowest plausible English/Arabic length ratio")
    )
    """Lowest plausible English/Arabic length ratio (in characters)."""

    max_ratio: float = field(
        default=3.0, metadata=option("highest plausible English/Arabic length ratio")
    )
    """Highest plausible English/Arabic length ratio (in characters)."""

    min_length_for_ratio: int = 20
    """Arabic sentences shorter than this are too short for a ratio to mean anything."""

    glossary: list[Term] = field(default_factory=list)
    """Terms whose English form must appear in the translation."""


Check = Callable[[str, Translation, QualitySettings], Flag | None]

_LOOP = re.compile(r"(.{2,40}?)\1{2,}", re.DOTALL)


def may_repeat(text: str) -> bool:
    """Whether `_LOOP` can match: whether, for some size from 2 to 40, 2 × size characters
    in a row each equal the one size places on. Worked out size by size with integer
    operations over the whole text, several times faster than the pattern, which tries each
    size at each place; most lines hold no loop, and the pattern then is not run at all."""
    width = 1 if text.isascii() else 4
    data = text.encode("ascii") if width == 1 else text.encode("utf-32-le", "surrogatepass")
    whole = int.from_bytes(data, "little")
    for size in range(2, 41):
        shift = size * width
        if 3 * shift > len(data):
            break
        # Byte j of `same` is 0 where byte j of the text equals byte j + shift.
        same = ((whole >> (8 * shift)) ^ whole).to_bytes(len(data), "little")[:-shift]
        run = bytes(2 * shift)
        at = same.find(run)
        while at != -1 and at % width:  # (a run of whole characters only)
            at = same.find(run, at + 1)
        if at != -1:
            return True
    return False


def arabic_script(arabic: str, translation: Translation, settings: QualitySettings) -> Flag | None:
    """Arabic letters left in the English."""
    found = ARABIC_LETTER.findall(translation.text)
    if not found:
        return None
    return Flag("arabic-script", f"{len(found)} Arabic character(s) left in the English")


def copied(arabic: str, translation: Translation, settings: QualitySettings) -> Flag | None:
    """The output is the input."""
    if normalize(translation.text).strip() == normalize(arabic).strip():
        return Flag("copy", "the English is the Arabic unchanged")
    return None


def length_ratio(arabic: str, translation: Translation, settings: QualitySettings) -> Flag | None:
    """The English is far shorter or longer than usual for its Arabic."""
    source = len(arabic.strip())
    if source < settings.min_length_for_ratio:
        return None
    ratio = len(translation.text.strip()) / source
    if settings.min_ratio <= ratio <= settings.max_ratio:
        return None
    return Flag(
        "length",
        f"English/Arabic length ratio {ratio:.2f}, usual {settings.min_ratio}–{settings.max_ratio}",
    )


def repetition(arabic: str, translation: Translation, settings: QualitySettings) -> Flag | None:
    """A piece of text repeated three times or more in a row: a decoding loop."""
    if not may_repeat(translation.text):
        return None
    for match in _LOOP.finditer(translation.text):
        unit = match.group(1)
        if any(char.isalpha() for char in unit) and unit not in arabic:
            return Flag(
                "repetition", f"{unit.strip()!r} repeated {len(match.group(0)) // len(unit)} times"
            )
    return None


def low_score(arabic: str, translation: Translation, settings: QualitySettings) -> Flag | None:
    """The model itself was unsure."""
    if translation.score is None or translation.score >= settings.min_score:
        return None
    return Flag("score", f"model score {translation.score:.2f} below {settings.min_score}")


def names(arabic: str, translation: Translation, settings: QualitySettings) -> Flag | None:
    """A glossary term of the Arabic whose English form is missing from the translation."""
    missing = [
        t.en
        for t in terms_in(arabic, settings.glossary)
        if not has_english_form(translation.text, t)
    ]
    if not missing:
        return None
    return Flag("name", "missing " + ", ".join(missing))


CHECKS: list[Check] = [arabic_script, copied, length_ratio, repetition, low_score, names]
"""The checks, in order."""


def flags_for(arabic: str, translation: Translation, settings: QualitySettings) -> list[Flag]:
    """Every flag the checks raise for one machine translation."""
    return [flag for check in CHECKS if (flag := check(arabic, translation, settings)) is not None]
