"""Find registered actors in Arabic sentences, with offsets into the original text.

Text and names are normalised the same way (NFKC, no diacritics or tatweel, one alef,
ya for alef maqsura, ha for ta marbuta); a map from normalised to original offsets keeps
every mention pointing at the text as written. Names match as whole words with their
clitics (و ف, then ب ل ك, and the article), longest first, so `الجيش الوطني الليبي` is
the army and not Libya. Guards keep out look-alikes: phrases listed as `not_actors`
(`بحر الصين الجنوبي`), a demonym that is a surname (`محمد المصري`), and a one-word
country name that reads as an adjective (`دعم مالي`, financial support).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain, repeat

from digest.actors.registry import Registry
from digest.model import Actor, Article, Mention
from digest.text.arabic import normalize

_MARK = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_PREFIX = "(?P<prefix>[وف]?(?:(?P<article>[بك]?ال|لل)|[بلك])?)"
PREPOSITIONS = frozenset(
    [
        "في",
        "الى",
        "من",
        "عن",
        "مع",
        "على",
        "بين",
        "حول",
        "تجاه",
        "ضد",
        "لدى",
        "عبر",
        "داخل",
        "خارج",
        "نحو",
        "مثل",
        "دوله",
        "جمهوريه",
        "مملكه",
    ]
)
"""Words after which a one-word country name that looks like an adjective is the country."""

PLACE_PREPOSITIONS = frozenset(
    normalize(word)
    for word in ("في", "إلى", "من", "مؤتمر", "قمة", "اتفاق", "اتفاقية", "محادثات", "مسار")
)
"""Words after which a capital is a place (وصل إلى موسكو) or names an event (مؤتمر برلين),
rather than standing for its government."""


@dataclass(frozen=True, slots=True)
class Folded:
    """A text normalised for matching, with the original offset of every character."""

    text: str
    origin: Sequence[int]
    """The original offset of each folded character, and the original's length last."""

    original: str

    @classmethod
    def of(cls, original: str) -> Folded:
        return _folded(original)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the folded span [start, end), with the diacritics that
        follow its last letter (الفَرَنْسِيُّ, not الفَرَنْسِي)."""
        if end <= start:
            return self.origin[start], self.origin[start]
        stop = self.origin[end - 1] + 1
        while stop < len(self.original) and _MARK.match(self.original[stop]):
            stop += 1
        return self.origin[start], stop


@dataclass(frozen=True, slots=True)
class Form:
    """One way of writing an actor's name, as the matcher sees it."""

    actor: str
    how: str
    article: str
    """`required`, `forbidden` or `optional`: whether the article may precede the stem."""


def _stem(form: str) -> tuple[str, bool]:
    folded = re.sub(r"\s+", " ", normalize(form)).strip()
    if folded.startswith("ال") and len(folded) > 3:
        return folded[2:], True
    return folded, False


class Matcher:
    """Finds the registry's actors in sentences."""

    def __init__(
        self, registry: Registry, is_given_name: Callable[[str], bool] = lambda w: False
    ) -> None:
        self.registry = registry
        self.is_given_name = is_given_name
        self.forms: dict[str, list[Form]] = {}
        self.blocked: set[str] = set()
        for actor in registry.actors.values():
            self._add_actor(actor)
        for phrase in registry.not_actors:
            stem, _ = _stem(phrase)
            self.blocked.add(stem)
        self.places = {_stem(place)[0] for place in registry.places}

    def _add_actor(self, actor: Actor) -> None:
        demonyms = set(actor.variants_ar) if actor.type == "country" else set()
        for name in {actor.ar, *actor.variants_ar} - {""}:
            how = "demonym" if name in demonyms and _looks_like_nisba(name) else "registry"
            self._add_form(name, actor.id, how)

    def _add_form(self, name: str, actor: str, how: str) -> None:
        stem, with_article = _stem(name)
        if len(stem) < 2:
            return
        known = self.forms.setdefault(stem, [])
        for index, form in enumerate(known):
            if form.actor == actor:
                if form.article != ("required" if with_article else "forbidden"):
                    known[index] = Form(actor, form.how, "optional")
                return
        known.append(Form(actor, how, "required" if with_article else "forbidden"))

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return _pattern([*self.forms, *self.blocked])

    def find(self, text: str, sentence: str) -> list[Mention]:
        """The registered actors named in one sentence."""
        folded = Folded.of(text)
        mentions = []
        for match in self.pattern.finditer(folded.text):
            form = self._form(match)
            if form is None or not self._plausible(text, folded, match, form):
                continue
            start, end = folded.span(_name_start(match), match.end("name"))
            mentions.append(Mention(form.actor, sentence, start, end, how=form.how))
        return mentions

    def _form(self, match: re.Match[str]) -> Form | None:
        name = re.sub(r"\s+", " ", match["name"])
        if name in self.blocked:
            return None
        has_article = bool(match["article"])
        for form in self.forms.get(name, []):
            if form.article == "optional" or (form.article == "required") == has_article:
                return form
        return None

    def _plausible(self, text: str, folded: Folded, match: re.Match[str], form: Form) -> bool:
        before = _word_before(text, folded.origin[match.start()])
        # Indefinite noun + definite adjective is not Arabic: after a given name, a
        # demonym with the article is a surname (محمد المصري), not the country.
        surname = (
            form.how == "demonym"
            and match["article"]
            and match["prefix"] == match["article"]
            and match["name"].endswith("ي")  # a surname has the masculine form
        )
        # A word ending in ه (not ة) carries a pronoun (نظيره الروسي): definite, no name.
        if surname and before and not before.endswith("ه") and self.is_given_name(before):
            return False
        name = re.sub(r"\s+", " ", match["name"])
        at_place = match["prefix"].endswith("ب") or normalize(before) in PLACE_PREPOSITIONS
        if name in self.places and at_place:
            return False  # وصل إلى موسكو: the city, not the government
        actor = self.registry.actors[form.actor]
        if actor.type == "country" and form.how == "registry" and _looks_like_nisba(actor.ar):
            bare = normalize(actor.ar)
            if (
                match["name"] == bare
                and not match["prefix"]
                and normalize(before) not in PREPOSITIONS
            ):
                return False
        return True


def _name_start(match: re.Match[str]) -> int:
    """Where the written name starts: with its article, without و ف ب ل ك before it
    (in `للأمم` the article's alef is elided: the name starts at the second lam)."""
    if not match["article"]:
        return match.start("name")
    return match.end("article") - (1 if match["article"] == "لل" else 2)


def _looks_like_nisba(name: str) -> bool:
    """Whether a one-word name ends like a nisba adjective (مالي، الفرنسية، روسيون)."""
    folded = normalize(name).removeprefix("ال")
    return " " not in folded and folded.endswith(("ي", "يه", "يون", "يين", "يان", "يات"))


def _word_before(text: str, position: int) -> str:
    words = re.findall(r"\w+", text[max(0, position - 40) : position])
    return words[-1] if words else ""


def _pattern(stems: Iterable[str]) -> re.Pattern[str]:
    return _pattern_of(tuple(sorted(set(stems), key=lambda s: (-len(s), s))))


@functools.lru_cache(maxsize=4096)
def _pattern_of(alternatives: tuple[str, ...]) -> re.Pattern[str]:
    """(Articles name the same few people: the same sets of surnames come back, more than
    `re`'s own cache holds.)"""
    return re.compile(rf"(?<!\w){_PREFIX}(?P<name>{_trie(alternatives)})(?!\w)")


_Tree = dict[str, "_Tree"]
"""A tree of names by their letters; the key "" marks where a name ends."""


def _trie(alternatives: Iterable[str]) -> str:
    """A regular expression matching any of the names, the longest first, written as a
    tree of their common beginnings: `re` tries alternatives one after another at every
    word, and a registry's hundreds of names then cost hundreds of tries each time; in a
    tree, the first letters rule out all but a few."""
    root: _Tree = {}
    for name in alternatives:
        node = root
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}  # a name ends here
    return _branches(root)


def _branches(node: _Tree) -> str:
    """The expression of a tree's node: what may follow; trying it before ending here (a
    greedy `?`) keeps the longest name first."""
    ways = [
        re.escape(char).replace(r"\ ", r"\s+") + _branches(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not ways:
        return ""
    if "" in node:
        return f"(?:{'|'.join(ways)})?"
    return ways[0] if len(ways) == 1 else f"(?:{'|'.join(ways)})"


def find_partial(article: Article, mentions: dict[str, list[Mention]], registry: Registry) -> None:
    """Add surnames alone (`ماكرون`, `السراج`) after the person's full name in the article."""
    order = [s.id for s in article.sentences]
    first_seen: dict[str, int] = {}
    for position, sentence_id in enumerate(order):
        for mention in mentions.get(sentence_id, []):
            actor = registry.actors.get(mention.actor)
            if actor is not None and actor.type == "person" and " " in actor.ar:
                first_seen.setdefault(actor.id, position)
    surnames: dict[str, str] = {}
    for actor_id in first_seen:
        stem, _ = _stem(registry.actors[actor_id].ar.split()[-1])
        surnames.setdefault(stem, actor_id)
    if not surnames:
        return
    pattern = _pattern(surnames)
    sentences = {s.id: s for s in article.sentences}
    for position, sentence_id in enumerate(order):
        folded = Folded.of(sentences[sentence_id].text)
        taken = mentions.setdefault(sentence_id, [])
        for match in pattern.finditer(folded.text):
            actor_id = surnames[re.sub(r"\s+", " ", match["name"])]
            if first_seen[actor_id] > position:
                continue
            start, end = folded.span(_name_start(match), match.end("name"))
            if any(m.start < end and start < m.end for m in taken):
                continue
            taken.append(Mention(actor_id, sentence_id, start, end, how="partial"))
        taken.sort(key=lambda m: m.start)


def portfolios(registry: Registry) -> dict[str, list[tuple[str, str]]]:
    """The registry's ministries named with their country's adjective (`وزارة الخارجية
    الروسية`), by their name without it (`وزاره الخارجيه`, normalised): (ministry, country)."""
    countries = {
        normalize(form): actor.id
        for actor in registry.actors.values()
        if actor.type == "country"
        for form in actor.variants_ar
    }
    table: dict[str, list[tuple[str, str]]] = {}
    for actor in registry.actors.values():
        words = normalize(actor.ar).split()
        if actor.type == "organization" and len(words) == 3 and words[0] == "وزاره":
            country = countries.get(words[2])
            if country is not None:
                table.setdefault(" ".join(words[:2]), []).append((actor.id, country))
    return table


def find_portfolios(
    article: Article,
    mentions: dict[str, list[Mention]],
    table: dict[str, list[tuple[str, str]]],
) -> None:
    """Add a ministry named by its portfolio alone (`عن وزارة الخارجية قولها`) as the
    registered ministry of that portfolio whose country the article names, when exactly
    one is."""
    named = {m.actor for found in mentions.values() for m in found}
    chosen = {}
    for bare, ministries in table.items():
        here = [ministry for ministry, country in ministries if country in named]
        if len(here) == 1:
            chosen[bare] = here[0]
    if not chosen:
        return
    pattern = _pattern(chosen)
    for sentence in article.sentences:
        folded = Folded.of(sentence.text)
        taken = mentions.setdefault(sentence.id, [])
        for match in pattern.finditer(folded.text):
            start, end = folded.span(_name_start(match), match.end("name"))
            if not any(m.start < end and start < m.end for m in taken):
                taken.append(Mention(chosen[match["name"]], sentence.id, start, end, how="partial"))
        taken.sort(key=lambda m: m.start)


@functools.cache
def _fold_char(char: str) -> str:
    """What one character becomes when folded: its NFKC form normalised, marks dropped."""
    return "".join(
        piece for piece in normalize(unicodedata.normalize("NFKC", char)) if not _MARK.match(piece)
    )


class _FoldTable(dict[int, str]):
    """`str.translate`'s table for folding, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        if len(folded) != 1:
            _UNEVEN.add(chr(code))
        return folded


_TABLE = _FoldTable()
_UNEVEN: set[str] = set()
"""Characters that fold to none or several (marks, ligatures): with none of them in a text,
each folded character stands where the original one did."""


@functools.lru_cache(maxsize=8192)
def _folded(original: str) -> Folded:
    """The sentences of a build are folded by several stages: once is enough."""
    text = original.translate(_TABLE)
    if _UNEVEN.isdisjoint(original):
        return Folded(text, range(len(original) + 1), original)
    # Each offset as many times as its character folds to (none for a mark), by iterators
    # of the interpreter's own: a loop over a sentence's characters costs more.
    widths = map(len, map(_TABLE.__getitem__, map(ord, original)))
    origin = list(chain.from_iterable(map(repeat, range(len(original)), widths)))
    origin.append(len(original))
    return Folded(text, origin, original)
