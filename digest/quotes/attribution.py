"""Direct quotations and who said them.

A quotation is text between `"…"`, `«…»` or `“…”`; a mark that is never closed runs to the
end of the sentence, flagged. Marks around a name (`وكالة "إنترفاكس"`, `رئيس "مجموعة
الاتصال …"`) are not quotations. The speaker is, in order: an actor named right after the
nearest speech verb before the quotation (`شدد ماكرون "…"`); an unnamed source described
there (`قال مصدر دبلوماسي فرنسي` → a French diplomatic source); the previous speaker when
the verb has no subject (`وأضاف`, `مشيراً`, `ومضى يقول`, `وقال سموه`) or names it again
(`وأشار المصدر`); a person named before the quotation in a sentence without a speech verb;
else nobody (unattributed). A relaying verb's speaker is the one after its `عن` (`نقلت
الوكالة عن بيسكوف قوله`); a country right after the verb speaks for itself (`ووصفت واشنطن`);
a name before the verb ends at the dash of an apposition (`وليد الفى -رئيس اللجنة- قال`).
"The previous speaker" follows reported speech too, and before anyone has spoken it is the
person the article named last.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import islice, takewhile
from pathlib import Path
from typing import Any

import yaml

from digest.actors.discover import romanize
from digest.model import Actor, Article, Attribution, Mention, Quote, Sentence
from digest.text.arabic import normalize, strip_conjunction

_WORDS: dict[str, Any] = yaml.safe_load((Path(__file__).parent / "words.yml").read_text("utf-8"))
SPEECH_VERBS = frozenset(normalize(w) for w in _WORDS["speech_verbs"])
PARTICIPLES = frozenset(normalize(w) for w in _WORDS["participles"])
SOURCE_NOUNS = {normalize(k): v for k, v in _WORDS["source_nouns"].items()}
SOURCE_ADJECTIVES = {normalize(k): v for k, v in _WORDS["source_adjectives"].items()}
NAME_HEADS = frozenset(normalize(w) for w in _WORDS["name_heads"])
BACK_REFERENCES = frozenset(normalize(w) for w in _WORDS["back_references"])
PAIRS = {"«": "»", "“": "”", '"': '"'}
_normal = functools.lru_cache(maxsize=1 << 16)(normalize)
"""`normalize` for single words: news repeats its words, and a sentence's are looked at
word by word."""
_OPENING = re.compile(f"[{re.escape(''.join(PAIRS))}]")
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|[\u064B-\u065F\u0670\u0640])*")
"""A word, with its diacritics and tatweel (`وفقًا` is one word, not `وفق` and `ا`)."""


_ATTRIBUTION_AFTER = re.compile(
    r"[،,]\s*(?:و?(?:وفق|وفقا|بحسب|حسب|نقلا|قال|قالت|أضاف|أضافت|أكد|أكدت)\b)"
)
"""Where an unclosed quotation gives way to its attribution (`، بحسب …`, `، قال …`)."""


def quotation_spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, unclosed) of every quotation, marks included. A mark never closed
    opens a quotation that ends at the next attribution, else at the sentence end."""
    spans = []
    index = 0
    while opening := _OPENING.search(text, index):
        index, closing = opening.start(), PAIRS[opening.group()]
        end = text.find(closing, index + 1)
        if end == -1:
            attribution = _ATTRIBUTION_AFTER.search(text, index + 1)
            spans.append((index, attribution.start() if attribution else len(text), True))
            break
        spans.append((index, end + 1, False))
        index = end + 1
    return spans


def _words_before(
    text: str,
    position: int,
    count: int = 0,
    outside: tuple[tuple[int, int, bool], ...] | list[tuple[int, int, bool]] = (),
) -> list[tuple[str, int]]:
    """The words before `position` (the last `count`, or all), normalised, with their
    offsets, leaving out words inside the `outside` quotation spans."""
    found = [
        (_normal(m.group()), m.start())
        for m in _WORD.finditer(text, 0, position)
        if not any(s <= m.start() < e for s, e, _ in outside)
    ]
    return found[-count:] if count else found


def is_quoted_name(text: str, start: int, end: int, mentions: list[Mention]) -> bool:
    """Whether the marks enclose a name rather than a statement."""
    inner = text[start + 1 : end - 1].strip()
    words = _WORD.findall(inner)
    if not words:
        return True
    if any(m.start <= start + 1 and end - 1 <= m.end + 1 for m in mentions):
        return True
    before = _words_before(text, start, 1)
    head_before = bool(before) and strip_conjunction(before[0][0]) in NAME_HEADS
    head_inside = strip_conjunction(normalize(words[0])) in NAME_HEADS
    return (head_before and len(words) <= 4) or (head_inside and len(words) <= 6)


_BETWEEN_LISTED = re.compile(r"[\s،,؛]*(?:و\s*)?")


def is_listed(text: str, start: int, end: int, spans: list[tuple[int, int, bool]]) -> bool:
    """Whether marks enclose one item of a list of titles (`أوراق العمل منها "…"، "…"،
    "…"`): quoted spans next to each other with only commas or و between them, in a
    sentence with no speech verb before them."""
    neighbours = [
        (s, e)
        for s, e, _ in spans
        if (e <= start and _BETWEEN_LISTED.fullmatch(text, e, start))
        or (end <= s and _BETWEEN_LISTED.fullmatch(text, end, s))
    ]
    if not neighbours:
        return False
    first = min(start, *(s for s, _ in neighbours))
    words = [strip_conjunction(w) for w, _ in _words_before(text, first)]
    return not any(w in SPEECH_VERBS or w in PARTICIPLES for w in words)


SHORT_QUOTE = 5
"""Quoted spans of this many words or fewer are quotations only with a sign of speech
near them; longer ones are statements whatever surrounds them."""

SAID_BEFORE = 12
"""How many words before a short quoted span a speech verb may be."""

REPORTING = frozenset(normalize(w) for w in _WORDS["reporting_particles"])


def _repeated_terms(spans: Iterable[str]) -> frozenset[str]:
    """The short quoted spans an article quotes more than once: terms it marks
    («داعش», «موبايلي»), not words someone said."""
    counts = Counter(" ".join(words) for span in spans if len(words := _WORD.findall(span)) <= 2)
    return frozenset(text for text, count in counts.items() if count > 1)


def is_said(
    text: str, start: int, end: int, spans: list[tuple[int, int, bool]], terms: frozenset[str]
) -> bool:
    """Whether quoted marks enclose words someone said, rather than a term or title the
    writer marks («البلوت», "وجوه من تراب"): a long span always; a short one when a speech
    verb, a participle or a reporting particle (إن، بأن، قوله) comes shortly before it, a
    colon right before it, or a speech verb right after it, and the article does not
    quote it again and again; a phrase of three words or more anywhere after a speech
    verb of its sentence."""
    words = _WORD.findall(text[start:end])
    if len(words) > SHORT_QUOTE:
        return True
    if len(words) <= 2 and " ".join(words) in terms:
        return False
    if _addressed(text, start):
        return False  # said to a paper: قال لـ«المدينة»
    if text[:start].rstrip().endswith(":"):
        return True
    before = [strip_conjunction(w) for w, _ in _words_before(text, start, 0, spans)]
    speech = [i for i, w in enumerate(before) if w in SPEECH_VERBS or w in PARTICIPLES]
    if speech and (len(before) - speech[-1] <= SAID_BEFORE or len(words) >= 3):
        return True  # (a phrase inside reported speech: أضاف أنه يسيطر «على جزء كبير…»)
    if before and before[-1] in REPORTING:
        return True
    after = [strip_conjunction(_normal(m.group())) for m in _WORD.finditer(text, end)][:2]
    return any(w in SPEECH_VERBS for w in after)


NOT_NAMES = frozenset(normalize(w) for w in _WORDS["not_names"])
ROLE_NOUNS = frozenset(normalize(w) for w in _WORDS["role_nouns"])
HONORIFIC_PRONOUNS = frozenset(normalize(w) for w in _WORDS["honorific_pronouns"])
RELAYING_VERBS = frozenset(normalize(w) for w in _WORDS["relaying_verbs"])
_CLAUSE_END = re.compile(r"[.،,:؛!?«»\"“”()\n]")


def _leading_words(text: str, limit: int) -> list[re.Match[str]]:
    """The first words of a text (at most `limit`), up to a particle, a preposition or a
    time word (`NOT_NAMES`): the words of a subject or a source."""
    return list(
        takewhile(
            lambda m: strip_conjunction(_normal(m.group())) not in NOT_NAMES,
            islice(_WORD.finditer(text), limit),
        )
    )


def _addressed(text: str, start: int) -> bool:
    """Whether what starts at `start` is the one spoken to (`قال لـ«المدينة»`, `لوكالة`)."""
    return text[max(0, start - 2) : start].endswith(("ل", "لـ"))


def _name_words(words: list[str]) -> list[str]:
    """The leading words of a run that can be part of a name (up to five)."""
    taken = []
    for word in words[:5]:
        bare = strip_conjunction(_normal(word))
        if bare in NOT_NAMES or _normal(word) in NOT_NAMES or word.startswith(("ل", "بـ")):
            break
        if bare in SPEECH_VERBS or bare in PARTICIPLES:
            break
        taken.append(word)
    return taken


def name_after(text: str, verb: int, end: int) -> str:
    """The words naming a speaker right after a speech verb at `verb`, up to a
    punctuation mark, a particle or a preposition: `وقال ديمتري بيسكوف لوكالة` →
    `ديمتري بيسكوف` ("" when there are none)."""
    verb_end = _WORD.match(text, verb)
    start = verb_end.end() if verb_end else verb
    clause = _CLAUSE_END.split(text[start:end], maxsplit=1)[0]
    words = _name_words(_WORD.findall(clause))
    return " ".join(words)


_APPOSITION = re.compile(r"\s[-–—]")


def name_before(text: str, verb: int) -> str:
    """The words naming a speaker at the start of the clause of a speech verb whose
    subject comes first: `عبدالرحمن القحطاني أحد المشاركين قال إن` → its first words;
    `وليد الفى -رئيس اللجنة المنظمة- قال` → the words before the dash."""
    clause = _APPOSITION.split(_CLAUSE_END.split(text[:verb])[-1], maxsplit=1)[0]
    words = _WORD.findall(clause)
    if not words or len(words) > 8:
        return ""
    return " ".join(_name_words(words)[:3])


@dataclass
class Speaker:
    """Who spoke last in the article, for carried attributions."""

    actor: str | None = None
    ar: str = ""
    en: str = ""

    @property
    def given(self) -> bool:
        """Whether anyone is given: an actor, a description or a name."""
        return bool(self.actor or self.en or self.ar)


def _describe(
    words: list[str], actors: dict[str, Actor], demonyms: dict[str, str]
) -> tuple[str, str] | None:
    """An unnamed source from the words after a speech verb: (Arabic, English)."""
    if not words or words[0] not in SOURCE_NOUNS:
        return None
    noun = SOURCE_NOUNS[words[0]]
    adjectives: list[str] = []
    used = [words[0]]
    for word in words[1:4]:
        masculine = word[:-1] if word.endswith("ه") else word  # أمنية → أمني
        english = (
            SOURCE_ADJECTIVES.get(word) or SOURCE_ADJECTIVES.get(masculine) or demonyms.get(word)
        )
        if english is None:
            break
        adjectives.append(english)
        used.append(word)
    phrase = " ".join([*reversed(adjectives), noun])
    plural = noun.endswith("s") and not noun.endswith("ss")
    if not plural:
        phrase = ("an " if phrase[0].lower() in "aeiou" else "a ") + phrase
    return " ".join(used), phrase


class Attributor:
    """Finds the quotations of an article's sentences and their speakers."""

    def __init__(self, actors: dict[str, Actor]) -> None:
        self.actors = actors
        self._recent: str | None = None
        """The person the article being read named last."""
        self.demonyms: dict[str, str] = {}
        for actor in actors.values():
            adjective = next((v for v in actor.variants_en if v[:1].isupper() and " " not in v), "")
            if actor.type == "country" and adjective:
                for form in actor.variants_ar:
                    self.demonyms[normalize(form)] = adjective

    def article(self, article: Article) -> None:
        """Give every sentence of the article its quotations. Who spoke last is followed
        through sentences without quotations too (`وقالت وجنات رهبيني إن …` then
        `وأضافت: «…»`), and a speaker carried from before anyone spoke is the person the
        article named last (`وقال سموه` after `الأمير فيصل بن خالد`)."""
        last = Speaker()
        self._recent = None
        found = [(sentence, quotation_spans(sentence.text)) for sentence in article.sentences]
        terms = _repeated_terms(
            sentence.text[start:end] for sentence, spans in found for start, end, _ in spans
        )
        for sentence, spans in found:
            sentence.quotes = []
            for start, end, unclosed in spans:
                if not unclosed and (
                    is_quoted_name(sentence.text, start, end, sentence.mentions)
                    or is_listed(sentence.text, start, end, spans)
                    or not is_said(sentence.text, start, end, spans, terms)
                ):
                    continue
                quote, last = self._attribute(sentence, start, end, unclosed, last, spans)
                sentence.quotes.append(quote)
            if not sentence.quotes:
                last = self._speaking(sentence, last)
            people = [
                m.actor
                for m in sentence.mentions
                if m.actor in self.actors and self.actors[m.actor].type == "person"
            ]
            self._recent = people[-1] if people else self._recent

    def _speaking(self, sentence: Sentence, last: Speaker) -> Speaker:
        """Who speaks in a sentence without quotations (reported speech), else `last`:
        an actor, an unnamed source described, or a name of two words or more."""
        words = _words_before(sentence.text, len(sentence.text))
        verbs = [i for i, (w, _) in enumerate(words) if strip_conjunction(w) in SPEECH_VERBS]
        for index in reversed(verbs):
            found = self._verb_speaker(sentence, words, index, len(sentence.text), [], last)
            if found is None:
                continue
            speaker, how = found
            named = len(speaker.ar.split()) >= 2 and not speaker.ar.startswith("ال")
            if speaker.actor or how == "described" or (how == "named" and named):
                return speaker
            break
        return last

    def _carried(self, last: Speaker) -> Speaker:
        """The speaker a quotation without its own carries: the last one, else the
        person the article named last."""
        if last.given or self._recent is None:
            return last
        return Speaker(actor=self._recent)

    def _speaker_mention(
        self, sentence: Sentence, after: int, before: int, spans: list[tuple[int, int, bool]]
    ) -> Mention | None:
        """The first person named between the offsets (outside quotations), else the
        first organization: in `قال الأمين العام للأمم المتحدة أنطونيو غوتيريش` the
        speaker is the person."""
        candidates = [
            mention
            for mention in sentence.mentions
            if after <= mention.start < before
            and not any(s <= mention.start < e for s, e, _ in spans)
            and mention.actor in self.actors
            and self.actors[mention.actor].type != "country"
            and not _addressed(sentence.text, mention.start)
        ]
        people = [m for m in candidates if self.actors[m.actor].type == "person"]
        return next(iter(people or candidates), None)

    def _verb_speaker(
        self,
        sentence: Sentence,
        words: list[tuple[str, int]],
        index: int,
        end: int,
        spans: list[tuple[int, int, bool]],
        last: Speaker | None = None,
    ) -> tuple[Speaker, str] | None:
        """Who the speech verb at `index` has as subject: (speaker, how), or None when the
        verb has no subject of its own (وأضاف، مشيراً) or one pointing back (وأشار المصدر)."""
        verb, offset = words[index]
        if strip_conjunction(verb) in PARTICIPLES:
            return None
        subject = [w for w, _ in words[index + 1 : index + 5]]
        if strip_conjunction(verb) in RELAYING_VERBS:
            relayed = self._relayed(sentence, words, index, end, spans)
            if relayed is not None:
                return relayed, "named"  # نقلت الوكالة عن بيسكوف قوله
            if subject[:1] == ["عن"]:
                subject = subject[1:]  # نقلت عن مصدر … قوله
        if subject and (
            strip_conjunction(subject[0]) in SPEECH_VERBS or subject[0] in HONORIFIC_PRONOUNS
        ):
            return None  # ومضى يقول، وقال سموه: the speaker named before
        if not subject or (
            strip_conjunction(subject[0]) in NOT_NAMES and subject[0] not in BACK_REFERENCES
        ):
            clause = offset - len(_CLAUSE_END.split(sentence.text[:offset])[-1])
            first_named = self._speaker_mention(sentence, clause, offset, spans)
            if first_named is not None and self.actors[first_named.actor].type == "person":
                return Speaker(actor=first_named.actor), "named"  # كان الوزير خالد العطية قال
            first = name_before(sentence.text, offset)
            if first and not verb.startswith(("و", "ف")):
                return Speaker(ar=first), "named"  # X قال لـ«…» إن
            return None  # وأضاف: "…"
        if subject[0] in BACK_REFERENCES:
            # مع شاهد عيان قال فيها: the subject came before the verb.
            before = [w for w, _ in words[max(0, index - 3) : index]]
            start = next((i for i, w in enumerate(before) if w in SOURCE_NOUNS), len(before))
            subject = before[start:]
        mention = self._speaker_mention(sentence, offset, end, spans)
        if (
            mention is not None
            and len(_WORD.findall(sentence.text[offset : mention.start])) <= 6
            and (
                self.actors[mention.actor].type == "person"
                or not SOURCE_NOUNS.keys() & set(subject[:1])
            )
        ):
            return Speaker(actor=mention.actor), "named"  # (قال مسؤول في الحكومة: a source)
        state = self._country_subject(sentence, words, index)
        if state is not None:
            return Speaker(actor=state), "named"  # ووصفت واشنطن الطلب بأنه «مؤسف»
        definite = bool(subject) and subject[0].startswith("ال")
        spoken = last.ar.split() if last is not None and last.given else []
        if definite and subject[0][2:] in SOURCE_NOUNS:
            if subject[0][2:] in spoken:
                return None  # وأضاف المصدر: the source already described
            subject = [subject[0][2:], *subject[1:]]  # وقال المسؤول التركي, first heard here
        elif definite and (subject[0] in ROLE_NOUNS or subject[0] in spoken):
            return None  # وأضاف الوزير، وتابع الشنير: the last speaker, or the person named last
        described = _describe(subject, self.actors, self.demonyms)
        if described is not None:
            return Speaker(ar=described[0], en=described[1]), "described"
        earlier = words[index - 1][1] if index else 0
        mention = self._speaker_mention(sentence, max(0, earlier - 40), offset, spans)
        if mention is not None and self.actors[mention.actor].type == "person":
            return Speaker(actor=mention.actor), "named"  # وكان القذافي قد وصف …
        named = name_after(sentence.text, offset, end)
        if named:
            return Speaker(ar=named), "named"
        return Speaker(), "unattributed"

    def _country_subject(
        self, sentence: Sentence, words: list[tuple[str, int]], index: int
    ) -> str | None:
        """The country (or its capital) named as the word right after the speech verb at
        `index`, not as an adjective: `وقالت تركيا`, `ووصفت واشنطن`."""
        if index + 1 >= len(words):
            return None
        at = words[index + 1][1]
        for mention in sentence.mentions:
            actor = self.actors.get(mention.actor)
            if mention.start == at and mention.how != "demonym" and actor is not None:
                return mention.actor if actor.type == "country" else None
        return None

    def _relayed(
        self,
        sentence: Sentence,
        words: list[tuple[str, int]],
        index: int,
        end: int,
        spans: list[tuple[int, int, bool]],
    ) -> Speaker | None:
        """Who a relaying verb passes the words on from: the one named after its `عن`
        (`ونقلت وكالة أنباء «ريا نوفوستي» عن ديمتري بيسكوف قوله`), or None."""
        at = next((o for w, o in words[index + 1 : index + 12] if w == "عن"), None)
        if at is None:
            return None
        mention = self._speaker_mention(sentence, at, end, spans)
        if mention is not None and len(_WORD.findall(sentence.text[at : mention.start])) <= 2:
            return Speaker(actor=mention.actor)
        named = name_after(sentence.text, at, end)
        if len(named.split()) >= 2 and not named.startswith("ال"):
            return Speaker(ar=named)
        return None

    def _attribute(
        self,
        sentence: Sentence,
        start: int,
        end: int,
        unclosed: bool,
        last: Speaker,
        spans: list[tuple[int, int, bool]],
    ) -> tuple[Quote, Speaker]:
        quote = Quote(sentence.id, start, end, unclosed=unclosed)
        words = _words_before(sentence.text, start, outside=spans)
        verbs = [
            i
            for i, (w, _) in enumerate(words)
            if strip_conjunction(w) in SPEECH_VERBS | PARTICIPLES
        ]
        # The nearest verb decides; one without a subject of its own takes the subject of
        # the verb before it in the sentence, else the previous speaker of the article.
        for index in reversed(verbs):
            found = self._verb_speaker(sentence, words, index, start, spans, last)
            if found is not None:
                speaker, how = found
                if index != verbs[-1] and how != "unattributed":
                    how = "carried"
                return self._quote(quote, speaker, how), speaker
        if verbs:
            last = self._carried(last)
            return self._quote(quote, last, "carried"), last
        mention = self._speaker_mention(sentence, 0, start, spans)
        if mention is not None and self.actors[mention.actor].type == "person":
            speaker = Speaker(actor=mention.actor)
            return self._quote(quote, speaker, "named"), speaker
        last = self._carried(last)
        return self._quote(quote, last, "carried"), last  # the quoting goes on

    @staticmethod
    def _quote(quote: Quote, speaker: Speaker, how: str) -> Quote:
        if not speaker.given:
            return quote
        if not (speaker.actor or speaker.en):  # a name no actor has, spelt when it is shown
            speaker = replace(speaker, en=romanize(speaker.ar))
        return replace(
            quote, speaker=speaker.actor, speaker_ar=speaker.ar, speaker_en=speaker.en, how=how
        )


def find_quotes(articles: list[Article], actors: dict[str, Actor]) -> None:
    """The quotations of every article, with their speakers, and the attributions."""
    attributor = Attributor(actors)
    for article in articles:
        attributor.article(article)
        for sentence in article.sentences:
            sentence.attributions = find_attributions(sentence, actors)
        body = article.sentences[1:2]  # (the title first)
        for sentence in body:
            credit = dateline(sentence, actors)
            if credit is not None:
                sentence.attributions = [credit, *sentence.attributions]


DATELINE_OUTLETS = frozenset(normalize(w) for w in _WORDS["dateline_outlets"])
_SEGMENT = r"[^\W\d_][^\s:–—.،-]*(?:[^\S\n]+[^\W\d_][^\s:–—.،-]*){0,2}"
_DATELINE = re.compile(rf"\A\s*((?:{_SEGMENT}\s*[–—-]\s*)+{_SEGMENT})\s*(?:[:\n]|\Z)")
"""Short segments joined by dashes at an article's start, up to a colon or a line end."""


def dateline(sentence: Sentence, actors: dict[str, Actor]) -> Attribution | None:
    """The dateline credit that opens an article (`سبق- الرياض:`, `عين اليوم – الأمم
    المتحدة`) when one of its segments is an outlet or agency, else None."""
    found = _DATELINE.match(sentence.text)
    if found is None:
        return None
    start, end = found.span(1)
    outlets = [
        m.actor
        for m in sentence.mentions
        if start <= m.start < end and m.actor in actors and actors[m.actor].type == "organization"
    ]
    segments = {normalize(part.strip()) for part in re.split(r"[–—-]", found.group(1))}
    if not outlets and not segments & DATELINE_OUTLETS:
        return None
    return Attribution(sentence.id, start, end, outlets[0] if outlets else None, found.group(1))


ATTRIBUTION_PHRASES = sorted(
    (tuple(normalize(w) for w in phrase.split()) for phrase in _WORDS["attribution_phrases"]),
    key=len,
    reverse=True,
)
"""Phrases naming a source, as tuples of normalised words, longest first."""

_SOURCE_END = re.compile(r"[،,.:؛\"«»()]")


_PHRASES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in ATTRIBUTION_PHRASES:
    _PHRASES_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)


Words = list[tuple[str, int, int]]
"""A sentence's words, normalised, with their start and end offsets."""


def _words(text: str) -> Words:
    """The words of a text, normalised, with their offsets."""
    return [(_normal(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


def _phrase_at(words: Words, index: int) -> tuple[str, ...] | None:
    first = words[index][0]
    candidates = _PHRASES_BY_FIRST.get(first, [])
    if (bare := strip_conjunction(first)) != first:
        candidates = candidates + _PHRASES_BY_FIRST.get(bare, [])
    if not candidates:
        return None  # (most words start no phrase)
    for phrase in sorted(candidates, key=len, reverse=True):
        following = [w for w, *_ in words[index + 1 : index + len(phrase)]]
        if following == list(phrase[1:]):
            return phrase
    return None


MARKED_WORDS = 5
"""The most words of a source after an attribution phrase when no actor is named there."""

REPORTING_VERBS = frozenset(normalize(w) for w in _WORDS["reporting_verbs"])
SOURCE_SUBJECTS = frozenset(normalize(w) for w in _WORDS["source_subjects"])


def _is_source_subject(
    words: list[str], sentence: Sentence, start: int, end: int, actors: dict[str, Actor]
) -> bool:
    """Whether the words after a reporting verb name an institution, a medium, a document
    or an unnamed or collective source (not a named person, nor one pointing back)."""
    first = strip_conjunction(_normal(words[0]))
    bare = first[2:] if first.startswith("ال") else first
    if first.startswith("ال") and bare in SOURCE_NOUNS:
        return False  # وأضاف المصدر، وقال المسؤول التركي: the source already given
    forms = {first, bare, _normal(words[0])}  # (وزارة is not و + زارة)
    if forms & SOURCE_SUBJECTS:
        return True  # أوضحت سفارة خادم الحرمين الشريفين: the embassy, whoever it names
    if "ال" + bare in ROLE_NOUNS:
        return False  # قال نائب مندوب السودان بالأمم المتحدة: a person's role
    named = [
        actors[m.actor].type
        for m in sentence.mentions
        if start <= m.start < end and m.actor in actors and actors[m.actor].type != "country"
    ]  # (مندوب السودان: a person's role, not an institution)
    return bool(named) and named[0] != "person"


def _reported(
    sentence: Sentence, actors: dict[str, Actor], taken: list[tuple[int, int]], words: Words
) -> list[Attribution]:
    """Reporting verbs whose subject is a source: `وأعلنت وزارة الداخلية`, `وقال مسؤولون`
    (`words`: the sentence's)."""
    text = sentence.text
    found = []
    for word, start, after in words:
        if strip_conjunction(word) not in REPORTING_VERBS:
            continue
        if any(s <= start < e for s, e in taken):
            continue
        clause = _CLAUSE_END.split(text[after:], maxsplit=1)[0]
        clause = re.sub(r"^\s*(?:عنه|عنها)\b", lambda m: " " * len(m.group()), clause)
        subject = _leading_words(clause, 4)  # (كشفت عنه مواقع التواصل: the sites)
        said = [m.group() for m in subject]
        if not said:
            continue
        end = after + subject[-1].end()
        if not _is_source_subject(said, sentence, after, end, actors):
            continue
        sources = [
            m
            for m in sentence.mentions
            if after <= m.start < end
            and m.actor in actors
            and actors[m.actor].type == "organization"  # (فرنسي in a source's description)
        ]
        source = sources[0].actor if sources else None
        found.append(
            Attribution(sentence.id, start, end, source, clause[: subject[-1].end()].strip())
        )
    return found


LEADING_SOURCES = frozenset(normalize(w) for w in _WORDS["leading_sources"])
LEADING_WORDS = 7
"""The most words between a source that comes first and its reporting verb."""


def _leading(sentence: Sentence, taken: list[tuple[int, int]]) -> list[Attribution]:
    """Unnamed sources and documents named before their reporting verb, at the start of
    a clause: `مصادر سياسية في إسرائيل قد رفضت`, `وكانت معلومات عسكرية وردت … تفيد`."""
    text = sentence.text
    found = []
    for clause in re.finditer(r"[^.،,:؛!?«»\"“”()\n]+", text):
        words = list(islice(_WORD.finditer(text, clause.start(), clause.end()), LEADING_WORDS + 2))
        first = next(
            (i for i, m in enumerate(words[:3]) if strip_conjunction(_normal(m.group()))
             in LEADING_SOURCES),
            None,
        )  # fmt: skip
        if first is None or any(s <= words[first].start() < e for s, e in taken):
            continue
        verb = next(
            (m for m in words[first + 1 : first + 1 + LEADING_WORDS]
             if strip_conjunction(_normal(m.group())) in REPORTING_VERBS),
            None,
        )  # fmt: skip
        if verb is not None:
            start = words[first].start()
            found.append(
                Attribution(sentence.id, start, verb.end(), None, text[start : verb.end()])
            )
    return found


def find_attributions(sentence: Sentence, actors: dict[str, Actor]) -> list[Attribution]:
    """Attribution phrases and the source each names: an actor mentioned within a few
    words after the phrase, else the words that follow up to the next punctuation; and
    reporting verbs whose subject is a source (`_reported`)."""
    words = _words(sentence.text)
    found = _marked(sentence, actors, words)
    found += _reported(sentence, actors, [(a.start, a.end) for a in found], words)
    found += _leading(sentence, [(a.start, a.end) for a in found])
    return sorted(found, key=lambda a: a.start)


def _marked(sentence: Sentence, actors: dict[str, Actor], words: Words) -> list[Attribution]:
    """Attribution phrases (`وفقا لـ`, `في بيان`) and the source each names (`words`: the
    sentence's)."""
    found: list[Attribution] = []
    index = 0
    while index < len(words):
        phrase = _phrase_at(words, index)
        if phrase is None:
            index += 1
            continue
        start, after = words[index][1], words[index + len(phrase) - 1][2]
        window = words[min(len(words) - 1, index + len(phrase) + 4)][2]
        sources = [
            m
            for m in sentence.mentions
            if after <= m.start < window
            and actors.get(m.actor)
            and actors[m.actor].type != "country"
        ]
        if sources:
            text = sentence.text[sources[0].start : sources[0].end]
            found.append(Attribution(sentence.id, start, sources[0].end, sources[0].actor, text))
        else:
            rest = _SOURCE_END.split(sentence.text[after:], maxsplit=1)[0]
            cut = _leading_words(rest, MARKED_WORDS)  # (في بيان بأن …: they end before بأن)
            rest = rest[: cut[-1].end()] if cut else ""
            text = rest.strip()
            if text:
                end = after + len(rest.rstrip())
                found.append(Attribution(sentence.id, start, end, None, text))
        index += len(phrase)
    return found
