"""The quotations the pages list: by speaker, by actor named, by day."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

from digest.model import Article, Paragraph, Quote, Sentence

ENGLISH_QUOTE = re.compile(r'"[^"]+"|“[^”]+”|«[^»]+»')
"""A quotation in the English: paired one to one with the Arabic's when there are as
many."""


@dataclass(frozen=True, eq=False)
class QuoteEntry:
    """One quotation with what a listing shows of it (equal to itself only: a listing
    keeps the entries of the articles that did not change)."""

    article: Article
    paragraph: Paragraph
    number: int
    """1-based paragraph number; 0 for the title."""
    sentence: Sentence
    quote: Quote

    @property
    def arabic(self) -> str:
        """The quotation as written, marks included."""
        return self.sentence.text[self.quote.start : self.quote.end]

    @property
    def english(self) -> str:
        """The quotation's English when the translation pairs it one to one, else ""."""
        translation = self.sentence.translation
        if translation is None:
            return ""
        found = [m.group() for m in ENGLISH_QUOTE.finditer(translation.text)]
        if len(found) == len(self.sentence.quotes):
            return found[self.sentence.quotes.index(self.quote)]
        return ""

    @property
    def date(self) -> dt.date | None:
        return self.article.date


MIN_WORDS = 3
"""The fewest words a quotation the listings show has: one or two words in quotation
marks are a term, a name or a title more often than something said."""


def quote_entries(articles: list[Article]) -> list[QuoteEntry]:
    """Every quotation of MIN_WORDS words or more, article by article in reading order."""
    entries = []
    for article in articles:
        for number, paragraph in article.numbered_paragraphs():
            for sentence in paragraph.sentences:
                entries += [
                    QuoteEntry(article, paragraph, number, sentence, q)
                    for q in sentence.quotes
                    if len(sentence.text[q.start : q.end].split()) >= MIN_WORDS
                ]
    return entries


def quotes_by_actor(
    entries: list[QuoteEntry],
) -> tuple[dict[str, list[QuoteEntry]], dict[str, list[QuoteEntry]]]:
    """Quotations by their speaker, and quotations whose text names an actor (about)."""
    by: dict[str, list[QuoteEntry]] = defaultdict(list)
    about: dict[str, list[QuoteEntry]] = defaultdict(list)
    for entry in entries:
        if entry.quote.speaker:
            by[entry.quote.speaker].append(entry)
        named = {
            m.actor
            for m in entry.sentence.mentions
            if entry.quote.start <= m.start < entry.quote.end
        }
        for actor in named:
            about[actor].append(entry)
    return by, about


Month = tuple[int, int] | None
"""A year and month; None for undated articles."""


@dataclass(frozen=True, eq=False)
class Quotations:
    """Quotations as the listings take them: every one, by speaker, by actor named, and
    by month."""

    entries: list[QuoteEntry]
    by: dict[str, list[QuoteEntry]]
    about: dict[str, list[QuoteEntry]]
    months: dict[Month, list[QuoteEntry]]


def quotations(articles: list[Article]) -> Quotations:
    """The articles' quotations, in their order: every one, by speaker, by actor named, and
    by month."""
    entries = quote_entries(articles)
    by, about = quotes_by_actor(entries)
    months: dict[Month, list[QuoteEntry]] = defaultdict(list)
    for entry in entries:
        day = entry.date
        months[(day.year, day.month) if day else None].append(entry)
    return Quotations(entries, dict(by), dict(about), dict(months))
