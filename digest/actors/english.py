"""The English name of an organization, composed from its Arabic words.

`وزارة الخارجية المصرية` → Egyptian Ministry of Foreign Affairs, `قوات الدعم السريع` →
Rapid Support Forces, `حزب العدالة والتنمية` → Justice and Development Party. The words are
looked up, normalised and without their clitics (و "and", لل "for", the article), in the
tables of `words.yml`: head nouns, the nouns they are bound to, adjectives; countries and
their demonyms come from CLDR (`countries`). English order:

- a demonym goes first (Egyptian …); a country without an English adjective in
  `english_demonyms` goes last (… of Chad);
- the head's adjectives come before it, nearest last (`الهيئة العليا المستقلة` →
  Independent High Commission);
- what the head is bound to comes before it (Rapid Support Forces, Border Guard Forces
  for `قوات حرس الحدود`), or after it with "of" for heads like Ministry and nouns like
  `الوزراء` (Council of Ministers), or with "for" after لل (Supreme Council for National
  Security).

Only a name whose every word is understood is composed. Besides the tables, one proper
name of one or two words may stand, romanized without its article: after a noun that
introduces a name (`الملك سعود` → King Saud, `محافظة الأنبار` → Anbar Province), or right
after the head when the romanizer's dictionary attests it (`قوات الأسد` → Assad Forces).
Any other word is unknown, and the name is not composed: a common word is never romanized
as if it were a name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import cast

from digest.actors.countries import NISBA_ENDINGS, cldr_countries, demonyms, nisba_stem
from digest.actors.lexicon import NOT_NAME_ENDS, STOPWORDS, WORDS
from digest.text.arabic import normalize

NameCheck = Callable[[str], bool]
Romanize = Callable[[str], str]

_MAX_PHRASE = 8
"""The most words a table entry has."""
_PUNCTUATION = "«»\"“”'()"
_NAME = "…"
"""Where the name after a noun goes in its English (`… Province`)."""


def _bare(word: str) -> str:
    """A normalised word without the article."""
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


def _key(arabic: str) -> str:
    """A table key: the words normalised, the first without its article."""
    words = normalize(arabic).split()
    return " ".join([_bare(words[0]), *words[1:]])


def _table(name: str) -> dict[str, str]:
    """A table of `words.yml`, by key (`_key`)."""
    return {_key(arabic): english for arabic, english in _entries(name).items()}


def _entries(name: str) -> dict[str, str]:
    return cast("dict[str, str]", WORDS[name])


@dataclass(frozen=True)
class _Tables:
    heads: dict[str, str]
    nouns: dict[str, str]
    adjectives: dict[str, str]
    countries: dict[str, str]
    """Country names and demonyms (every nisba form) → the country's English name."""
    demonyms: dict[str, str]
    """The country's English name → its English adjective."""
    head_nouns: dict[str, str]
    """The heads as the nouns of a name with another head (مجلس القوات المسلحة)."""


@cache
def _tables() -> _Tables:
    adjectives = _table("english_adjectives")
    for arabic, english in list(adjectives.items()):
        if arabic.endswith("ي"):  # the nisba's feminine and plural forms
            endings = (normalize(ending[1:]) for ending in NISBA_ENDINGS[1:])
            adjectives.update((arabic + ending, english) for ending in endings)
    countries: dict[str, str] = {}
    irregular = [(normalize(a), en) for a, en in _entries("irregular_nisbas").items()]
    for country in cldr_countries():
        countries[_key(country.ar)] = country.en
        stem = nisba_stem(normalize(country.ar))
        forms = list(country.variants_ar) if stem else []
        forms += [f for nisba, en in irregular if en == country.en for f in demonyms(nisba[:-1])]
        countries.update((_bare(normalize(form)), country.en) for form in forms)
    heads = _table("english_heads")
    return _Tables(
        heads=heads,
        nouns=_table("english_nouns"),
        adjectives=adjectives,
        countries=countries,
        demonyms=_entries("english_demonyms"),
        head_nouns={key: english.removesuffix(" of") for key, english in heads.items()},
    )


def _clitics(word: str) -> list[tuple[str, str]]:
    """The readings of a normalised word: (link, the word without its clitic), the word as
    it is first. A link is "and" (و), "for" (لل، ل) or ""."""
    readings = [("", word)]
    if word.startswith("و") and len(word) > 3:
        readings.append(("and", word[1:]))
    elif word.startswith("لل") and len(word) > 3:
        readings.append(("for", "ال" + word[2:]))
    elif word.startswith("ل") and not word.startswith("ال") and len(word) > 3:
        readings.append(("for", word[1:]))
    return readings


@dataclass
class _Group:
    """A noun and its adjectives (a phrase of the English), linked to what comes before."""

    noun: str
    link: str
    """"and", "for", or "" (bound to the word before: قوات الدعم)."""
    adjectives: list[str] = field(default_factory=list)
    name: list[str] = field(default_factory=list)
    """The romanized words of the name that stands in it (at `…`)."""

    def english(self) -> str:
        noun = self.noun.replace(_NAME, " ".join(self.name)).strip().removeprefix("of ")
        return " ".join([*reversed(self.adjectives), noun])


@dataclass
class _Name:
    """The parts of a composed name, in the order they are found."""

    head: str
    head_adjectives: list[str] = field(default_factory=list)
    groups: list[_Group] = field(default_factory=list)
    demonyms: list[list[str]] = field(default_factory=list)
    """English adjectives of countries, those joined by و together."""
    countries: list[str] = field(default_factory=list)
    named_at: int = -1
    """The index of the last word of the proper name, when there is one."""
    attested: bool = False
    """Whether the proper name stands right after the head (all its words attested)."""
    last: str = "head"
    """The kind of the last entry added: head, noun, adjective, country or name."""

    def english(self) -> str:
        of_head = self.head.endswith(" of")
        head = self.head.removesuffix(" of")
        demonyms = dict.fromkeys(_and(joined) for joined in self.demonyms)
        before = [*demonyms, *reversed(self.head_adjectives)]
        after: list[str] = []
        for index, phrase in enumerate(_phrases(self.groups)):
            text = _phrase_english(phrase)
            if phrase[0].link == "for":
                after.append(f"for {text}")
            elif index == 0 and not of_head and not phrase[0].noun.startswith("of "):
                before.append(text)
            else:
                after.append(f"of {text}")
        after += [f"of {country}" for country in self.countries]
        return " ".join([*before, head, *after])


def _phrases(groups: list[_Group]) -> list[list[_Group]]:
    """The groups in phrases: a new one after each "for"."""
    phrases: list[list[_Group]] = []
    for group in groups:
        if group.link == "for" or not phrases:
            phrases.append([group])
        else:
            phrases[-1].append(group)
    return phrases


def _phrase_english(phrase: list[_Group]) -> str:
    """A phrase's English: each chain of bound nouns in English order (حرس الحدود →
    Border Guard), the chains joined by "and"."""
    chains: list[list[_Group]] = []
    for group in phrase:
        if group.link == "and" or not chains:
            chains.append([group])
        else:
            chains[-1].append(group)
    return _and([" ".join(g.english() for g in reversed(chain)) for chain in chains])


def _and(parts: list[str]) -> str:
    """Words joined by "and": `A and B`, `A, B and C`."""
    return " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 2 else parts)


def compose_english(arabic: str, romanize: Romanize, is_name: NameCheck) -> str | None:
    """The English name of an organization named `arabic`, composed from its words, or
    None when a word is not understood (see the module's description). `romanize` spells
    a name word in Latin letters; `is_name` says whether the romanizer's dictionary
    attests a word as a name."""
    tables = _tables()
    words = [normalize(w.strip(_PUNCTUATION)) for w in arabic.split()]
    words = [w for w in words if w]
    if not words:
        return None
    head = _longest(words, 0, [("head", tables.heads)])
    if head is None or head[0]:
        return None
    *_, english, size = head
    name = _Name(english)
    index = size
    while index < len(words):
        understood = _word(name, words, index, tables)
        if understood < 0:
            return None
        if understood:
            index += understood
            continue
        if not _proper_name(name, words, index, romanize, is_name):
            return None
        index += 1
    return name.english()


def _longest(
    words: list[str], index: int, tables: list[tuple[str, dict[str, str]]]
) -> tuple[str, str, str, int] | None:
    """The longest entry of the tables (in their order for one length) that the words at
    `index` make, with any clitic of the first word: (link, kind of the table, English,
    number of words)."""
    for size in range(min(_MAX_PHRASE, len(words) - index), 0, -1):
        rest = words[index + 1 : index + size]
        for link, word in _clitics(words[index]):
            key = " ".join([_bare(word), *rest])
            for kind, table in tables:
                if key in table:
                    return link, kind, table[key], size
    return None


def _word(name: _Name, words: list[str], index: int, tables: _Tables) -> int:
    """Add the entry the words at `index` make to the name; how many words it took (0 for
    none, -1 for a head joined by و: another organization, `وزارة الدفاع والجيش`). Right
    after the head, or after a noun and و, a word both noun and adjective (الخارجية،
    المالية) is a noun; after a noun, an adjective (السياسة الخارجية)."""
    nouns = [("noun", tables.nouns), ("head", tables.head_nouns)]
    adjectives = [("adjective", tables.adjectives)]
    noun_first = name.last == "head" or (name.last == "noun" and words[index].startswith("و"))
    order = [*nouns, *adjectives] if noun_first else [*adjectives, *nouns]
    found = _longest(words, index, [*order, ("country", tables.countries)])
    if found is None:
        return 0
    link, kind, english, size = found
    if kind == "head" and link == "and":
        return -1
    name.last = kind
    if kind == "country":
        adjective = tables.demonyms.get(english)
        if adjective is None:
            name.countries.append(english)
        elif link == "and" and name.demonyms:
            name.demonyms[-1].append(adjective)
        else:
            name.demonyms.append([adjective])
    elif kind == "adjective":
        qualified = name.groups[-1].adjectives if name.groups else name.head_adjectives
        if link == "and" and qualified:
            qualified[-1] += f" and {english}"
        else:
            qualified.append(english)
    else:
        name.groups.append(_Group(english, link))
    return size


def _proper_name(
    name: _Name, words: list[str], index: int, romanize: Romanize, is_name: NameCheck
) -> bool:
    """Add the word at `index` to the name's one proper name, romanized, where a name may
    stand (see the module's description); whether it did."""
    word = words[index]
    if word in STOPWORDS or word in NOT_NAME_ENDS or not word.isalpha():
        return False
    last = name.groups[-1] if name.groups else None
    if name.named_at < 0:
        if name.last == "head" and is_name(word):
            last, name.attested = _Group(_NAME, ""), True
            name.groups.append(last)
        elif last is None or name.last != "noun" or _NAME not in last.noun:
            return False
    elif (
        name.named_at != index - 1
        or last is None
        or len(last.name) >= 2
        or (name.attested and not is_name(word))
    ):
        return False
    last.name.append(romanize(_bare(word)))
    name.named_at, name.last = index, "name"
    return True
