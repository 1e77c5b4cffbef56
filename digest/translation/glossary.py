"""The glossary: Arabic terms and the English form a translation must keep.

A YAML list in `glossary.yml` beside `mkdocs.yml`:

    - ar: حكومة الوفاق
      en: Government of National Accord
    - ar: الإليزيه
      en: Élysée
      force: true      # put the English form into the source before translating

After translation, a sentence whose Arabic holds a term but whose English lacks the
expected form gets a `name` flag naming it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from digest import yamlio
from digest.errors import InputError
from digest.text.arabic import term_pattern, terms_found


@dataclass(frozen=True, slots=True)
class Term:
    """One glossary entry."""

    ar: str
    """The Arabic term, as it appears in articles (matched after normalisation)."""

    en: str
    """The English form the translation must contain."""

    force: bool = False
    """Replace the term by its English form in the source before translating."""

    line: int = 0
    """Line of the entry in the glossary file, for messages."""


def parse_glossary(path: Path, text: str) -> list[Term]:
    """The terms of a glossary file; a malformed file raises an InputError with its line."""

    try:
        data, nodes = yamlio.load_with_nodes(text)
    except yaml.YAMLError as error:
        raise InputError(yamlio.problem(path, error)) from None
    if data is None:
        return []
    if not isinstance(data, list) or nodes is None:
        raise InputError(
            path, "is not a list of terms.", "Write `- ar: …` / `en: …` entries.", line=1
        )
    terms = []
    for raw, node in zip(data, nodes.value, strict=True):
        line = node.start_mark.line + 1
        if (
            not isinstance(raw, dict)
            or not str(raw.get("ar") or "").strip()
            or not str(raw.get("en") or "").strip()
        ):
            raise InputError(path, "has an entry without `ar` and `en`.", "Give both.", line=line)
        terms.append(
            Term(
                str(raw["ar"]).strip(), str(raw["en"]).strip(), bool(raw.get("force", False)), line
            )
        )
    return terms


def load_glossary(path: Path) -> list[Term]:
    """The glossary at path, or no terms when the file does not exist. Each term's pattern
    is compiled here, once: the processes the stages fork inherit it, and a later build in
    this process, which works on the few articles that changed itself, finds it ready."""
    if not path.is_file():
        return []
    try:
        text = yamlio.read_text(path)
    except yaml.YAMLError as error:
        raise InputError(yamlio.problem(path, error)) from None
    terms = parse_glossary(path, text)
    for term in terms:
        term_pattern(term.ar)
    return terms


def terms_in(arabic: str, terms: list[Term]) -> list[Term]:
    """The terms that occur in an Arabic sentence, longest first."""
    found = set(terms_found(arabic, dict.fromkeys(t.ar for t in terms)))
    return sorted((t for t in terms if t.ar in found), key=lambda t: -len(t.ar))


@lru_cache(maxsize=4096)
def _latin_folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def has_english_form(english: str, term: Term) -> bool:
    """Whether the English contains the term's English form (case and accents ignored)."""
    return _latin_folded(term.en) in _latin_folded(english)


def _without_article(prefix: str) -> str:
    """The clitics of a matched prefix without the article: `ولل` → `ول`, `بال` → `ب`."""
    if prefix.endswith("لل"):
        return prefix[:-1]
    return prefix.removesuffix("ال")


def force_terms(arabic: str, terms: list[Term]) -> str:
    """The Arabic with every forced term replaced by its English form, for the engine."""
    text = unicodedata.normalize("NFKC", arabic)
    for term in terms_in(text, terms):
        if term.force:
            text = term_pattern(term.ar).sub(_english_form(term), text)
    return text


def _english_form(term: Term) -> Callable[[re.Match[str]], str]:
    """A substitution putting the term's English where its Arabic was, clitics kept."""

    def substitute(match: re.Match[str]) -> str:
        return f"{_without_article(match['prefix'])} {term.en}".strip()

    return substitute
