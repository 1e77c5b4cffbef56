"""The data digest works on: articles, their paragraphs and sentences, and translations.

Every stage of the pipeline takes and returns these objects; nothing here does I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Literal

from digest.errors import Problem
from digest.text.ids import text_hash


class Pickled:
    """Pickles a frozen dataclass by its fields, in order, made again by its constructor.

    (A frozen dataclass with slots pickles through Python functions otherwise, several times
    slower; the annotations of a large digest are hundreds of thousands of these, sent back
    from the worker processes that make them.)"""

    __slots__ = ()

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        kind = type(self)
        fields = _FIELDS.get(kind)
        if fields is None:
            names: tuple[str, ...] = kind.__slots__
            fields = _FIELDS[kind] = attrgetter(*names, names[0])  # (a tuple even of one)
        return kind, fields(self)[:-1]


_FIELDS: dict[type, attrgetter[tuple[object, ...]]] = {}
"""The getter of each `Pickled` class's fields."""


Provenance = Literal["machine", "editor"]
ActorType = Literal["person", "organization", "country"]


Ident = tuple[Path, int | None]
"""An article's identity among the seeds (`Article.ident`): its file, and its record there."""


@dataclass(frozen=True, slots=True)
class Flag(Pickled):
    """A reason for an editor to look at a machine translation."""

    code: str
    """Short kind: `arabic-script`, `copy`, `length`, `repetition`, `score`, `name`."""

    detail: str
    """What was found, for people."""

    def __str__(self) -> str:
        return f"{self.code}: {self.detail}"

    @classmethod
    def parse(cls, text: str) -> Flag:
        """A flag from its `code: detail` form, as stored in the memory."""
        code, _, detail = text.partition(": ")
        return cls(code.strip(), detail.strip())


@dataclass(slots=True)
class Translation:
    """The English of one Arabic sentence and where it came from."""

    text: str
    """The English text."""

    by: Provenance
    """`machine` for engine output, `editor` for a line written or corrected by a person."""

    source_hash: str
    """Hash of the Arabic sentence this English was made from (see `digest.text.ids.text_hash`)."""

    engine: str = ""
    """The engine that produced a machine line, e.g. `argos-ctranslate2`; empty for editors."""

    package: str = ""
    """The model package and its version, e.g. `translate-ar_en 1.0`; empty for editors."""

    score: float | None = None
    """Length-normalised log-probability of a machine line; None for editors."""

    stale: bool = False
    """True when the Arabic changed after an editor wrote this line (never stored: derived)."""

    flags: list[Flag] = field(default_factory=list)
    """Quality flags of a machine line; editors' lines carry none."""


@dataclass(frozen=True, slots=True)
class Role(Pickled):
    """A position an actor held."""

    title: str
    """The position, in English, e.g. `President of France`."""

    organization: str = ""
    """The actor id of the organization or country the position belongs to, if any."""

    start: dt.date | None = None
    """When the actor took the position (`from` in actors.yml)."""

    end: dt.date | None = None
    """When the actor left it (`to` in actors.yml); None while in office."""


@dataclass(slots=True)
class Actor:
    """A person, organization or country the news is about."""

    id: str
    """Stable id, also the actor page's name, e.g. `emmanuel-macron`, `france`."""

    type: ActorType
    """`person`, `organization` or `country`."""

    en: str
    """The English name."""

    ar: str
    """The Arabic name."""

    variants_ar: list[str] = field(default_factory=list)
    """Other Arabic forms that name the actor (a country's demonyms included)."""

    variants_en: list[str] = field(default_factory=list)
    """Other English forms (`Macron`, `Turkey`), used to find the actor in translations."""

    wikidata: str = ""
    """Wikidata item id, e.g. `Q3052772`."""

    roles: list[Role] = field(default_factory=list)
    """Positions held, with dates."""

    description: str = ""
    """A line about the actor, in English."""

    reviewed: bool = True
    """False for a candidate found in the articles and not yet in actors.yml."""

    @property
    def english_forms(self) -> list[str]:
        """Every English form, longest first."""
        return sorted({self.en, *self.variants_en} - {""}, key=len, reverse=True)


@dataclass(frozen=True, slots=True)
class Mention(Pickled):
    """An actor named in a sentence, with character offsets on both sides."""

    actor: str
    """The actor id."""

    sentence: str
    """The id of the sentence the mention is in (`title` for the title)."""

    start: int
    """Offset of the first character in the Arabic sentence."""

    end: int
    """Offset just past the last character in the Arabic sentence."""

    en_start: int | None = None
    """Offset of the actor's English form in the sentence's English, when it is there."""

    en_end: int | None = None
    """Offset just past that English form."""

    how: str = "registry"
    """`registry` (a name or variant), `partial` (a surname after the full name), `demonym`,
    or `discovered` (a candidate introduced by a title or role)."""


@dataclass(frozen=True, slots=True)
class Quote(Pickled):
    """A direct quotation in a sentence and who said it."""

    sentence: str
    """The id of the sentence the quotation is in."""

    start: int
    """Offset of the opening mark in the Arabic sentence."""

    end: int
    """Offset just past the closing mark (or the end of the quotation when never closed)."""

    speaker: str | None = None
    """The actor id of the speaker, when the speaker is a known or discovered actor."""

    speaker_ar: str = ""
    """The speaker as the text describes them (`مصدر دبلوماسي فرنسي`), when not an actor."""

    speaker_en: str = ""
    """That description in English (`a French diplomatic source`)."""

    how: str = "unattributed"
    """`named` (an actor with a speech verb), `carried` (the previous speaker: وأضاف،
    من جهته), `described` (an unnamed source), or `unattributed`."""

    unclosed: bool = False
    """True when the opening mark is never closed (the quotation runs to the sentence end)."""


@dataclass(frozen=True, slots=True)
class Attribution(Pickled):
    """A phrase giving the source of a statement (`وفق ما أفاد الإليزيه`, `بحسب رويترز`)."""

    sentence: str
    """The id of the sentence."""

    start: int
    """Offset of the attribution phrase in the Arabic sentence."""

    end: int
    """Offset just past the source it names."""

    source: str | None
    """The actor id of the source, when it is an actor."""

    text: str
    """The source as written."""


@dataclass(slots=True)
class Sentence:
    """One Arabic sentence, the unit of translation and alignment."""

    id: str
    """Stable id, e.g. `s-3f9a0c1e`, shared by the Arabic and the English on the page."""

    text: str
    """The Arabic text, exactly as in the paragraph."""

    translation: Translation | None = None
    """The English, or None while it is not translated yet."""

    mentions: list[Mention] = field(default_factory=list)
    """Actors named in the sentence, in order of their Arabic offsets."""

    quotes: list[Quote] = field(default_factory=list)
    """Direct quotations in the sentence, in order."""

    attributions: list[Attribution] = field(default_factory=list)
    """Phrases naming the source of a statement, in order."""

    @property
    def source_hash(self) -> str:
        """Hash of the Arabic text, the key of the translation memory."""
        return text_hash(self.text)


@dataclass(slots=True)
class Paragraph:
    """One paragraph of an article: a row of the aligned page."""

    id: str
    """Stable id, e.g. `p-8c21d07b`, used as the row's anchor."""

    sentences: list[Sentence]
    """The paragraph's sentences in reading order."""

    @property
    def text(self) -> str:
        """The Arabic paragraph, sentences joined by a space."""
        return " ".join(sentence.text for sentence in self.sentences)


@dataclass(frozen=True, slots=True)
class Note(Pickled):
    """An editor's note on an article, a paragraph or a sentence."""

    anchor: str
    """`article`, a paragraph id or a sentence id."""

    text: str
    """The note, in Markdown (rendered safely: no raw HTML)."""

    lang: str = "en"
    """The language the editor wrote it in: `en` or `ar`."""

    line: int = 0
    """Line of the note in the sidecar, for messages."""


@dataclass(slots=True)
class Article:
    """One news article, from reading through rendering."""

    key: str
    """Identity of the article among the seeds: file stem, plus record index for corpora."""

    source_path: Path
    """The seed file the article was read from."""

    title: str
    """The Arabic title, stripped."""

    body: list[str]
    """The Arabic paragraphs as read, before segmentation."""

    slug: str = ""
    """URL-safe name of the article page; filled by the `assign_slugs` stage if empty."""

    date: dt.date | None = None
    """Publication date, or None when the source gives none (shown as undated)."""

    source: str = ""
    """Publisher or outlet named by the seed's metadata."""

    url: str = ""
    """Link to the original article."""

    author: str = ""
    """Author named by the seed's metadata."""

    record: int | None = None
    """Position of the article in a corpus file (0-based), None for single-article files."""

    title_sentence: Sentence | None = None
    """The title as a translatable sentence; filled by segmentation."""

    paragraphs: list[Paragraph] = field(default_factory=list)
    """Segmented paragraphs; filled by segmentation."""

    problems: list[Problem] = field(default_factory=list)
    """Problems that did not stop the article from building (a date that cannot be read…)."""

    notes: list[Note] = field(default_factory=list)
    """Editors' notes, from the article's sidecar."""

    @property
    def sentences(self) -> list[Sentence]:
        """Every translatable sentence, the title first."""
        body = [s for paragraph in self.paragraphs for s in paragraph.sentences]
        return ([self.title_sentence] if self.title_sentence else []) + body

    @property
    def title_en(self) -> str | None:
        """The title's English, or None while it is not translated."""
        translation = self.title_sentence.translation if self.title_sentence else None
        return translation.text if translation else None

    def named_actors(self) -> set[str]:
        """The ids of the actors it names."""
        return {m.actor for sentence in self.sentences for m in sentence.mentions}

    def numbered_paragraphs(self) -> list[tuple[int, Paragraph]]:
        """The paragraphs with their 1-based numbers, the title first as paragraph 0."""
        title = [(0, Paragraph("title", [self.title_sentence]))] if self.title_sentence else []
        return title + list(enumerate(self.paragraphs, 1))

    @property
    def ident(self) -> Ident:
        """The article's identity among the seeds: its file and its record there."""
        return self.source_path, self.record

    @property
    def location(self) -> str:
        """Where the article came from, for messages: the file, and the record in a corpus."""
        if self.record is None:
            return str(self.source_path)
        return f"{self.source_path} (record {self.record + 1})"


def order_key(article: Article) -> tuple[bool, int, str, str, int, str]:
    """An article's place in newest-first order: dated articles newest first, then the
    undated; within a day by paper, then as their seeds give them (file, then record),
    then by slug (unique in a site, so that the order of any selection of articles is
    the same however it was put together)."""
    day = article.date
    record = -1 if article.record is None else article.record
    place = (article.source.casefold(), article.source_path.name, record, article.slug)
    return (day is None, -(day.toordinal() if day else 0), *place)


def newest_first(articles: Iterable[Article]) -> list[Article]:
    """Dated articles newest first, then the undated (`order_key`)."""
    return sorted(articles, key=order_key)
