"""Discover people the registry does not know: introduced by a title or role, or named
as the speaker of a statement.

`الرئيس الفرنسي إيمانويل ماكرون`, `المتحدث باسم الوزارة أحمد حافظ`, `وقال ليف دينجوف`:
after a title (and its qualifiers: a demonym, a ministry, `باسم …`, `إلى ليبيا`), or after
a speech verb, come one to three name words. A word counts as a name word when the
arabic-name-romanizer's dictionary of attested names knows it (the first word must be
known; the others must not be function words). Each candidate gets an English name from
the aligned English sentence when the translation has it, else from the romanizer.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from digest.actors.english import compose_english
from digest.actors.lexicon import (
    COMMON_NISBAS,
    CONNECTORS,
    GENERIC_HEADS,
    GIVEN_NAMES,
    HEAD_WORDS,
    NOT_NAME_ENDS,
    NOT_PERSON_STARTS,
    PREPOSITIONS,
    SPEECH_VERBS,
    STOPWORDS,
    TITLES_BY_FIRST,
    Token,
    Tokens,
    tokens_of,
)
from digest.actors.match import Folded
from digest.actors.organizations import find_organizations
from digest.model import Actor, ActorType, Article, Sentence
from digest.parallel import map_all
from digest.text.arabic import normalize, strip_conjunction

if TYPE_CHECKING:
    from arabic_name_romanizer.api import Transliterator

NameCheck = Callable[[str], bool]
Romanize = Callable[[str], str]


ROMANIZED: dict[str, tuple[str, bool]] = {}
"""The romanizer's answers so far, by word: its Latin spelling, and whether its dictionary
knows it. A beam search per word is slow, so answers found in worker processes are
brought back (`pipeline`), and kept on disk from one build to the next (`digest.cache`)."""


@lru_cache(maxsize=1)
def _romanizer() -> Transliterator:
    """The arabic-name-romanizer, as its default but with its models run on one thread:
    a name's beam search multiplies matrices of a few rows, step by step, and a second
    thread costs more in waiting for the other than it saves (more than twice the time
    on two busy cores). The spellings and their scores are the same."""
    from arabic_name_romanizer.api import Transliterator, default_resources_dir
    from arabic_name_romanizer.inference import OnnxModel

    def one_thread(folder: Path) -> OnnxModel | None:
        files = ("encoder.onnx", "decoder.onnx", "vocab.json", "meta.json")
        if not all((folder / name).exists() for name in files):
            return None  # (as the romanizer's own loading: no model, dictionary and rules)
        return OnnxModel(folder, intra_op_threads=1)

    resources = default_resources_dir()
    model, persian = one_thread(resources), one_thread(resources / "persian")
    return Transliterator(model=model, persian_model=persian, auto_load_model=False)


def _romanizer_units(word: str) -> tuple[str, bool]:
    answer = ROMANIZED.get(word)
    if answer is None:
        answer = ROMANIZED[word] = _spelt(word)
    return answer


def _spelt(name: str) -> tuple[str, bool]:
    """The romanizer's answer for one name, searched alone: a batch of names would pad
    them to one length, which changes some spellings with the company a name keeps."""
    candidate = _romanizer().transliterate(name, top_k=2)[0]  # a list when top_k > 1
    units = candidate.units
    return candidate.text, bool(units) and all(unit.source == "dictionary" for unit in units)


def romanize_all(names: Iterable[str], processes: int) -> None:
    """Spell the names not spelt yet, in `processes` when there are many, so that
    `romanize` answers them at once (the same spellings as one by one)."""
    missing = list(dict.fromkeys(name for name in names if name not in ROMANIZED))
    ROMANIZED.update(zip(missing, map_all(_spelt, missing, processes), strict=True))


@lru_cache(maxsize=1 << 16)
def known_name(word: str) -> bool:
    """Whether the romanizer's dictionary of attested names knows the word: every unit of
    it is in its index (a lookup, not the beam search a spelling may need)."""
    from arabic_name_romanizer.normalize import (
        full_key,
        has_arabic,
        lookup_key,
        normalize_arabic,
        split_units,
    )

    index = _romanizer().index
    norm = normalize_arabic(word)
    if index is None or not has_arabic(norm):
        return False
    if index.lookup_full(full_key(norm), None, "arabic"):
        return True
    return all(index.lookup_unit(lookup_key(u), None, None, "arabic") for u in split_units(norm))


def romanize(name: str) -> str:
    """The likely Latin spelling of an Arabic name."""
    return _romanizer_units(name)[0]


Evidence = list[tuple[Article, Sentence]]
"""The articles, and their sentences, that introduce a name."""


@dataclass
class Candidate:
    """A person or organization found in the articles that is not in the registry."""

    ar: str
    """The name as written (the first time it was found)."""

    en: str
    """English name: from a translation when one has it, else (an organization) composed
    from its words, else a transliteration."""

    en_source: str
    """`translation`, `composed` or `transliteration`."""

    type: ActorType = "person"
    """`person` or `organization`."""

    evidence: Evidence = field(default_factory=list)
    """Where the candidate was introduced: article and sentence."""


_TRIGGER_FIRSTS = SPEECH_VERBS | TITLES_BY_FIRST.keys()
"""The words a trigger can start with: most words of a sentence are none of them."""
_TRIGGER_WORDS = _TRIGGER_FIRSTS | {
    conjunction + word
    for word in _TRIGGER_FIRSTS
    for conjunction in "وف"
    if strip_conjunction(conjunction + word) == word
}
"""The same, also with the conjunction و or ف: a word `_after_trigger` may start at."""


def _after_trigger(tokens: Tokens, index: int) -> tuple[int, str] | None:
    """The index after a title or speech verb starting at `index`, and which it was
    (the word may carry the conjunction و or ف: وقال، ووزير)."""
    word = tokens[index].text
    stripped = strip_conjunction(word)
    if word not in _TRIGGER_FIRSTS and stripped not in _TRIGGER_FIRSTS:
        return None
    for first in dict.fromkeys((word, stripped)):
        if first in SPEECH_VERBS:
            return index + 1, "speech"
        for words in TITLES_BY_FIRST.get(first, ()):
            following = [t.text for t in tokens[index + 1 : index + len(words)]]
            if len(words) == 1 or following == words[1:]:
                return index + len(words), "title"
    return None


def _skip_qualifiers(
    tokens: Tokens, index: int, mentions: list[tuple[int, int]], is_name: NameCheck
) -> int:
    """Past what qualifies a title: demonyms, definite nouns, known actors, `إلى ليبيا`."""
    for _ in range(5):
        if index >= len(tokens):
            break
        token = tokens[index]
        inside = any(start <= token.start < end for start, end in mentions)
        definite = token.text.startswith(("ال", "لل", "بال")) and token.text not in STOPWORDS
        # A noun bound to the definite noun after it (مجلس السيادة) still qualifies the title.
        construct = (
            index + 1 < len(tokens)
            and tokens[index + 1].text.startswith(("ال", "لل"))
            and token.text not in CONNECTORS
            and not is_name(token.text)
        )
        if inside or definite or (construct and not _after_trigger(tokens, index)):
            index += 1
        elif token.text in PREPOSITIONS and index + 1 < len(tokens):
            index += 2
        else:
            break
    return index


def family_name(word: str, before: str, is_name: NameCheck) -> bool:
    """Whether a word with the article, after `before`, is a family name: an attested
    name (`فايز السراج`), or a nisba after a common given name (`فهد المعطاني`,
    `أحمد السروي`: Gulf family names the attested names lack)."""
    if is_name(word):
        return True
    return (
        before in GIVEN_NAMES
        and word.endswith("ي")
        and len(word) >= 6
        and word not in STOPWORDS
        and word not in NOT_NAME_ENDS
        and word not in COMMON_NISBAS
    )


def _name(tokens: Tokens, index: int, is_name: NameCheck, strict: bool) -> list[Token]:
    """One to five name words starting at `index`, or none. The first word must be an
    attested name, unless (after a title, `strict` false) two name words follow. A word
    of the conjunction و and a given name starts another name (`علي مرزوق وعبدالله`)."""
    words: list[Token] = []
    while index < len(tokens) and len(words) < 5:
        token = tokens[index]
        text = token.text
        joined = bool(words) and words[-1].text in CONNECTORS
        if not re.fullmatch(r"[^\W\d_]{2,}", text) or (text in STOPWORDS and not joined):
            break
        if not joined and _after_trigger(tokens, index):
            break
        if words and text[:1] == "و" and text[1:] in GIVEN_NAMES:
            break  # وعبدالله البارقي: the next person
        if text.startswith("ال") and not joined:
            if words and family_name(text, words[-1].text, is_name):
                words.append(token)  # a family name with the article: فايز السراج
            break
        words.append(token)
        index += 1
    if not words:
        return []
    if is_name(words[0].text) or words[0].text in CONNECTORS:
        return words
    return words if not strict and len(words) >= 2 else []


def find_candidates(
    text: str, known: list[tuple[int, int]], is_name: NameCheck = known_name
) -> list[tuple[int, int, str]]:
    """Names introduced by a title or a speech verb in one sentence: (start, end, name)
    in original offsets; `known` are the spans of actors already found there."""
    folded = Folded.of(text)
    inverse = _folded_spans(folded, known)
    tokens = tokens_of(folded.text)
    found = []
    for index, token in enumerate(tokens):
        if token.text not in _TRIGGER_WORDS:
            continue
        trigger = _after_trigger(tokens, index)
        if trigger is None:
            continue
        after, kind = trigger
        if kind == "title":
            after = _skip_qualifiers(tokens, after, inverse, is_name)
        words = _name(tokens, after, is_name, strict=kind == "speech")
        if not words or (kind == "speech" and len(words) < 2):
            continue
        start, end = folded.span(words[0].start, words[-1].end)
        name = credible(text[start:end], "person", is_name, strict=kind == "speech")
        if not name or any(s < end and start < e for s, e in known):
            continue
        found.append((start, start + len(name), name))
    return found + _given_named(text, folded, tokens, known + [f[:2] for f in found], is_name)


def _given_named(
    text: str, folded: Folded, tokens: Tokens, taken: list[tuple[int, int]], is_name: NameCheck
) -> list[tuple[int, int, str]]:
    """Names that start with a common given name and go on with a name wherever they
    stand (`علي مرزوق`, `بشار الأسد`, `محمد بن سلمان`): (start, end, name)."""
    found = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        bare = (
            token.text[1:]
            if token.text[:1] == "و" and token.text[1:] in GIVEN_NAMES
            else token.text
        )
        if bare not in GIVEN_NAMES or text[slice(*folded.span(token.start, token.end))].endswith(
            "ى"
        ):
            index += 1  # (not على, "on", which folds to علي)
            continue
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        if (
            after is not None
            and after.text.startswith("ال")
            and family_name(after.text, bare, is_name)
        ):
            words = [after]  # a family name with the article: بشار الأسد
        else:
            words = _name(tokens, index + 1, is_name, strict=True)
        following = [w.text for w in words]
        if not words or (
            following[0] not in CONNECTORS
            and not (
                following[0].startswith("ال")
                or is_name(following[0])
                or following[0] in GIVEN_NAMES
            )
        ):
            index += 1
            continue
        start, end = folded.span(token.start + len(token.text) - len(bare), words[-1].end)
        if not any(s < end and start < e for s, e in taken):
            found.append((start, end, text[start:end]))
        index += 1 + len(words)
    return found


def _folded_spans(folded: Folded, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The folded span of each original span that keeps a character (the offsets of
    `Folded.origin` never decrease: the characters inside are one run, found by halving)."""
    origin, size = folded.origin, len(folded.origin) - 1
    result = []
    for start, end in spans:
        first, stop = bisect_left(origin, start, 0, size), bisect_left(origin, end, 0, size)
        if first < stop:
            result.append((first, stop))
    return result


def english_name(
    arabic: str, english: str | None, romanize: Romanize = romanize
) -> tuple[str, str]:
    """The candidate's English name: the closest capitalised run of words in the aligned
    English when it resembles the transliteration, else the transliteration."""
    latin = romanize(arabic)
    if english:
        runs = re.findall(r"\b(?:[A-Z][\w'’-]+)(?:\s+(?:al-|el-)?[A-Z][\w'’-]+){0,2}", english)
        scored = [(fuzz.ratio(_ascii(run).lower(), _ascii(latin).lower()), run) for run in runs]
        best = max(scored, default=None)
        if best and best[0] >= 60:
            return best[1], "translation"
    return latin, "transliteration"


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def mentions_of(sentence: Sentence) -> list[tuple[int, int]]:
    """The Arabic spans of a sentence's mentions."""
    return [(m.start, m.end) for m in sentence.mentions]


@dataclass(frozen=True, slots=True)
class Found:
    """A name one article introduces (discovery's per-article part)."""

    key: str
    """The normalised Arabic name."""

    name: str
    """The name as written."""

    type: ActorType
    """`person` or `organization`."""

    sentence: Sentence
    """The sentence that introduces it."""


def introduced(
    article: Article, actors: dict[str, Actor], is_name: NameCheck = known_name
) -> list[Found]:
    """The names an article introduces, in order. A name made of words of a person the
    article already names (`فايز` beside `فايز السراج`) is that person."""
    named = {
        word
        for sentence in article.sentences
        for mention in sentence.mentions
        if (actor := actors.get(mention.actor)) is not None and actor.type == "person"
        for word in normalize(actor.ar).split()
    }
    found: list[Found] = []
    for sentence in article.sentences:
        people = find_candidates(sentence.text, mentions_of(sentence), is_name)
        names: list[tuple[str, ActorType]] = [
            (name, "person") for _, _, name in people if not set(normalize(name).split()) <= named
        ]
        not_demonyms = [(m.start, m.end) for m in sentence.mentions if m.how != "demonym"]
        names += [
            (name, "organization") for *_, name in find_organizations(sentence.text, not_demonyms)
        ]
        found += [
            Found(normalize(kept), kept, kind, sentence)
            for name, kind in names
            if (kept := credible(name, kind, is_name, strict=False))
        ]
    return found


CONFIRMING = 2
"""How many sentences must introduce a name that evidence alone does not make credible
(a person's words not attested names) before it is an actor with a page; below it, the
name is only suggested for review (`digest actors suggest`)."""


def confirmed(candidate: Candidate, is_name: NameCheck = known_name) -> bool:
    """Whether a discovered candidate may be an actor readers see: introduced often
    enough, or credible on its own words, or introduced by a title. A person none of
    whose words is a name (attested, or a common given name) must not be made of common
    words only: `شرطة ولاية` or `رجل غامض` is none, `سيب بلاتر` may be one."""
    if candidate.type != "person":
        return len(candidate.evidence) >= CONFIRMING or composable(candidate.ar, is_name)
    words = normalize(candidate.ar).split()
    if not any(word in GIVEN_NAMES or is_name(word) for word in words):
        if common_words(candidate.ar):
            return False  # شرطة ولاية، رجل غامض، أبحاث سابقة: words, not a name
        return _titled(candidate) or len(candidate.evidence) >= CONFIRMING
    return (
        _titled(candidate)
        or len(candidate.evidence) >= CONFIRMING
        or bool(credible(candidate.ar, "person", is_name, strict=True))
    )


def composable(name: str, is_name: NameCheck = known_name) -> bool:
    """Whether an organization's English can be composed from its words (`compose_english`):
    every word understood, the sign of a name built the way names are."""
    return compose_english(name, lambda word: word, is_name) is not None


COMMON = 3.9
"""The Zipf frequency (wordfreq's Arabic: log10 of uses per billion words) from which a
word is a common word: شرطة 5.0, رجل 5.5, غامض 3.95; names the romanizer does not know
stay below it: غواردادو 1.5, روزفلت 3.5, بلاتر 3.4, جيفري 3.8."""


@lru_cache(maxsize=1 << 14)
def common_words(name: str) -> bool:
    """Whether every word of a name is a common Arabic word (`COMMON`)."""
    from wordfreq import zipf_frequency

    return all(zipf_frequency(word, "ar") >= COMMON for word in name.split())


def _titled(candidate: Candidate) -> bool:
    """Whether a title or role comes shortly before the name where it was found
    (`وزير الخارجية الأمريكي أنتوني بلينكن`): evidence enough for a name of unknown words."""
    _, sentence = candidate.evidence[0]
    folded = normalize(sentence.text)
    at = folded.find(normalize(candidate.ar))
    before = folded[: max(at, 0)].split()[-4:]
    return at > 0 and any(strip_conjunction(word) in TITLES_BY_FIRST for word in before)


_TRAILING = re.compile(r"\s+\S+$")


def credible(
    name: str, kind: ActorType, is_name: NameCheck = known_name, strict: bool = True
) -> str:
    """The name as evidence allows an actor to be made of it, or "": words that end a
    clause are cut from its end (`… العراقيين التي`); it needs two words; a person named
    with no title before it (`strict`) needs words that are all attested names, or a
    common given name first. A name ends before a particle inside it (`القوات الأميركية
    إلى الرد`), and a person's before a word with a preposition that is no name
    (`مانويل فالس بشكل عاجل`, `جون للتوقيع`)."""
    ends = STOPWORDS | NOT_NAME_ENDS
    found_words = len(name.split())
    for index, word in enumerate(normalize(name).split()[1:], 1):
        preposed = word.startswith(("لل", "بال")) and not is_name(word)
        if word in STOPWORDS or (kind == "person" and preposed):
            name = " ".join(name.split()[:index])
            break
    if kind == "person":
        ends = ends | CONNECTORS  # (محمد بن ناصر بن عبد: cut where the name was cut)
    while len(words := normalize(name).split()) > 1 and words[-1] in ends:
        name = _TRAILING.sub("", name)
    if kind == "person":
        while (
            len(words) > 2
            and words[-2] not in CONNECTORS
            and not (is_name(words[-1]) or words[-1] in CONNECTORS)
        ):
            name, words = _TRAILING.sub("", name), words[:-1]  # محسن مخلوف أرفع ضابط
        if words[0] in HEAD_WORDS or words[0] in NOT_PERSON_STARTS:
            return ""  # جامعة أكسفورد is no person; بن ملا no name's start
    if len(words) < 2 or (kind == "person" and any(word in STOPWORDS for word in words)):
        return ""
    generic = words[0].removeprefix("ال") in GENERIC_HEADS and not words[-1].endswith(("ي", "يه"))
    if kind == "organization" and generic and len(words) < min(3, found_words):
        return ""  # قوات الأمن (cut from قوات الأمن الجديدة), but المفوضية الأوروبية
    if kind == "person" and "ال" + words[1] in COMMON_NISBAS:
        return ""  # نصر سياسي: a political victory
    if kind == "person" and words[0][:1] in "وي" and not is_name(words[0]):
        return ""  # وحاشيته كانوا، يرتدي سوار: a conjunction or a verb, not a name
    if (
        strict
        and kind == "person"
        and not (words[0] in GIVEN_NAMES or all(is_name(w) or w in CONNECTORS for w in words))
    ):
        return ""
    return name


def merge(found: Iterable[tuple[Article, list[Found]]]) -> dict[str, Candidate]:
    """Candidates from the names the articles introduce, keyed by their normalised Arabic
    name; the first article to introduce a name gives its spelling and English."""
    candidates: dict[str, Candidate] = {}
    for article, names in found:
        for name in names:
            candidate = candidates.get(name.key)
            if candidate is None:
                candidate = candidates[name.key] = Candidate(name.name, "", "", name.type)
            candidate.evidence.append((article, name.sentence))
    return candidates


def name_in_english(candidate: Candidate) -> Candidate:
    """Give the candidate its English name (`english_name`) from the sentence that first
    introduced it, unless it has one. An organization's name composed from its words
    (`compose_english`) stands for the transliteration, there and in the comparison."""
    if not candidate.en:
        translation = candidate.evidence[0][1].translation
        text = translation.text if translation else None
        composed = None
        if candidate.type == "organization":
            composed = compose_english(candidate.ar, romanize, known_name)
        spell = romanize if composed is None else lambda _: composed
        candidate.en, candidate.en_source = english_name(candidate.ar, text, spell)
        if composed is not None and candidate.en_source == "transliteration":
            candidate.en_source = "composed"
    return candidate
