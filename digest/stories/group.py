"""Story threads: articles that report the same event or development, across outlets and
days, found from their Arabic alone (no translation model needed).

An article is a weighted bag of its folded Arabic words: its title counted twice, then the
first BODY_WORDS words of its text. A word weighs more the rarer it is in Arabic at large
(wordfreq's Zipf frequency: a fixed scale, so an article's weights never depend on the
other articles); very common words are left out. Articles are taken in order (date, then
the order the caller gives); each joins the story whose centroid it is most similar to
(cosine with the sum of the story's articles of the last WINDOW_DAYS days, the similarity
to an article of n days before counted DECAY**n), when that reaches THRESHOLD (and the
story began at most MAX_SPAN_DAYS before), and otherwise starts a story. The similarities
of a day's articles with those of the window are one sparse matrix product; a centroid's
length follows from them as articles join.

The grouping of an ordered list is the grouping of any prefix of it, continued: articles
added at the end join or start stories without regrouping the others (`Grouping.add`),
and the result equals a grouping from nothing.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from scipy import sparse

from digest.text.arabic import normalize, strip_conjunction

BODY_WORDS = 100
"""Words of an article's text that count (its lede: later paragraphs drift to background
and quotes, which tie unrelated stories together)."""

THRESHOLD = 0.3
"""Cosine similarity to a story's centroid needed to join it (`bench/stories.py`: on the
labelled pairs of 3–4 and 7–8 August 2015, 0.25 has the higher F1, but over the whole
corpus it merges one day's unrelated Eid receptions into a story of 138 articles)."""

DECAY = 0.75
"""How much less the similarity to a story's article of the day before counts (per day;
the centroid's length is not discounted, so a story whose articles are older must be
closer to be joined): recurring items (market closes, weather) otherwise chain from one
day's report to the next."""

WINDOW_DAYS = 3
"""Days back that a story's articles count for its centroid (a story goes quiet after)."""

MAX_SPAN_DAYS = 4
"""Days after its first article that a story still takes articles: recurring items
(forecasts, market closes, protocol news) would otherwise chain from day to day
(`bench/stories.py --span`: on the tuning pairs 4 days changes nothing; the largest story
of the corpus goes from 78 articles to 64)."""

MAX_ZIPF = 5.8
"""Words more common than this (wordfreq's Zipf scale) carry no weight: في, قال, اليوم."""

_WORD = re.compile(r"[\u0621-\u064a0-9]{2,}")


@dataclass(frozen=True, slots=True)
class StoryItem:
    """What the grouping needs of an article."""

    key: str
    """The article's identity (its slug)."""

    date: dt.date | None
    """Its date; an undated article is a story of its own."""

    title: str
    """Its Arabic title."""

    text: str
    """Its Arabic text (the paragraphs joined)."""


@lru_cache(maxsize=1 << 17)
def word_weight(word: str) -> float:
    """How much a folded word tells of a story: 0 for common words, more for rarer ones."""
    from wordfreq import zipf_frequency

    zipf = zipf_frequency(word, "ar")
    return 0.0 if zipf > MAX_ZIPF else MAX_ZIPF + 1.0 - zipf


def stem(word: str) -> str:
    """A folded word without its conjunction and definite article (والرئيس → رئيس)."""
    word = strip_conjunction(word)
    for article in ("بال", "لل", "ال"):
        if word.startswith(article) and len(word) - len(article) >= 3:
            return word[len(article) :]
    return word


def bag(item: StoryItem) -> dict[str, float]:
    """The article's words with their weights, scaled to length 1."""
    body = _WORD.findall(normalize(item.text))[:BODY_WORDS]
    title = _WORD.findall(normalize(item.title))
    counts = Counter(stem(w) for w in [*title, *title, *body])
    weights = {w: (1 + math.log(n)) * word_weight(w) for w, n in counts.items()}
    weights = {w: x for w, x in weights.items() if x > 0}
    norm = math.sqrt(sum(x * x for x in weights.values())) or 1.0
    return {w: x / norm for w, x in weights.items()}


@dataclass
class Grouping:
    """Articles grouped into stories, in the order they were added."""

    threshold: float = THRESHOLD
    window: int = WINDOW_DAYS
    span: int = MAX_SPAN_DAYS
    keys: list[str] = field(default_factory=list)
    """The articles, in order."""
    stories: list[int] = field(default_factory=list)
    """Each article's story: the position of the story's first article."""
    dates: list[dt.date | None] = field(default_factory=list)
    """Each article's date."""
    centrality: list[float] = field(default_factory=list)
    """Each article's summed similarity to the articles of its story within the window:
    the story's most central article has the highest."""
    _latest: dt.date | None = None
    _vocabulary: dict[str, int] = field(default_factory=dict)
    _rows: list[tuple[np.ndarray, np.ndarray] | None] = field(default_factory=list)
    """Each article's vector (columns, weights); None once it is out of every later
    article's window (`settled`)."""

    def add(self, items: list[StoryItem]) -> None:
        """Group more articles, which must come after those already added (by date, or
        on the same date): each joins a story or starts one."""
        dated = [item.date for item in items if item.date]
        if dated and self._latest and min(dated) < self._latest:
            raise ValueError("articles must be added in date order")
        self._latest = max([*dated, *([self._latest] if self._latest else [])], default=None)
        for day, batch in _by_day(items):
            self._add_day(day, batch)

    def settled(self) -> Grouping:
        """A copy to continue later, without the vectors that no article added later can
        be compared with (those older than the window of the latest date): small to keep,
        and what it groups afterwards is unchanged."""
        oldest = self._latest - dt.timedelta(days=self.window) if self._latest else None
        vocabulary: dict[str, int] = {}
        words = list(self._vocabulary)
        rows: list[tuple[np.ndarray, np.ndarray] | None] = []
        for row, date in zip(self._rows, self.dates, strict=True):
            if row is None or not date or oldest is None or date < oldest:
                rows.append(None)
                continue
            columns = [vocabulary.setdefault(words[c], len(vocabulary)) for c in row[0]]
            rows.append((np.array(columns, dtype=np.int64), row[1]))
        return Grouping(
            self.threshold,
            self.window,
            self.span,
            list(self.keys),
            list(self.stories),
            list(self.dates),
            list(self.centrality),
            self._latest,
            vocabulary,
            rows,
        )

    def _vector(self, item: StoryItem) -> tuple[np.ndarray, np.ndarray]:
        words = bag(item)
        columns = [self._vocabulary.setdefault(w, len(self._vocabulary)) for w in words]
        return np.array(columns, dtype=np.int64), np.array(list(words.values()))

    def _matrix(self, rows: list[int]) -> sparse.csr_matrix:
        if not rows:
            return sparse.csr_matrix((0, len(self._vocabulary)))
        vectors = [self._rows[r] for r in rows]
        assert all(v is not None for v in vectors), "a vector let go is asked for"
        kept = [v for v in vectors if v is not None]
        indptr = np.cumsum([0, *(len(v[0]) for v in kept)])
        indices = np.concatenate([v[0] for v in kept])
        data = np.concatenate([v[1] for v in kept])
        return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), len(self._vocabulary)))

    def _add_day(self, day: dt.date | None, items: list[StoryItem]) -> None:
        start = len(self.keys)
        for item in items:
            self.keys.append(item.key)
            self.dates.append(item.date)
            self.centrality.append(0.0)
            self._rows.append(self._vector(item))
        new = list(range(start, len(self.keys)))
        if day is None:  # (undated: each a story of its own)
            self.stories.extend(new)
            return
        oldest = day - dt.timedelta(days=self.window)
        first_allowed = day - dt.timedelta(days=self.span)
        window = [n for n in range(start) if (d := self.dates[n]) and d >= oldest] + new
        vectors = self._matrix(window)
        similar = (vectors[-len(new) :] @ vectors.T).tocsr()
        before = len(window) - len(new)
        story_of = np.array([self.stories[n] for n in window[:before]] + [-1] * len(new))
        # Each centroid's squared length; an article's similarity to one of n days before
        # counts DECAY**n (a stale story must be closer to be joined).
        weight = np.array([DECAY ** (day - (self.dates[n] or day)).days for n in window])
        stories, member = np.unique(story_of[:before], return_inverse=True)
        centroids = (
            sparse.csr_matrix(
                (np.ones(before), (member, np.arange(before))), shape=(len(stories), before)
            )
            @ vectors[:before]
        )
        length2 = np.asarray(centroids.multiply(centroids).sum(axis=1)).ravel()
        squared = dict(zip(stories.tolist(), length2.tolist(), strict=True))
        for row, n in enumerate(new):
            # Only the articles before this one: the window's, then today's earlier ones.
            cut = before + row
            begin, end = similar.indptr[row], similar.indptr[row + 1]
            columns, values = similar.indices[begin:end], similar.data[begin:end]
            keep = columns < cut
            story = n
            if keep.any():
                found, where = np.unique(story_of[columns[keep]], return_inverse=True)
                dots = np.bincount(where, weights=values[keep])
                norms = np.sqrt([squared[s] for s in found.tolist()])
                cosine = np.bincount(where, weights=values[keep] * weight[columns[keep]]) / norms
                # A story takes articles for MAX_SPAN_DAYS after its first.
                cosine[[self.dates[s] < first_allowed for s in found.tolist()]] = 0.0
                best = int(np.argmax(cosine))  # (ties: the oldest story)
                if cosine[best] >= self.threshold:
                    story = int(found[best])
                    squared[story] += 2 * dots[best] + 1.0  # (|c + x|² for a unit x)
            if story == n:
                squared[story] = 1.0
            self.stories.append(story)
            if story != n:  # (its similarities with its story's earlier articles)
                mates = story_of[columns[keep]] == story
                for column, value in zip(columns[keep][mates], values[keep][mates], strict=True):
                    self.centrality[window[column]] += float(value)
                    self.centrality[n] += float(value)
            story_of[cut] = story


def _by_day(items: list[StoryItem]) -> list[tuple[dt.date | None, list[StoryItem]]]:
    days: list[tuple[dt.date | None, list[StoryItem]]] = []
    for item in items:
        if days and days[-1][0] == item.date:
            days[-1][1].append(item)
        else:
            days.append((item.date, [item]))
    return days


def group(items: list[StoryItem]) -> list[int]:
    """Each article's story (the position of its first article), the articles taken in
    the order given, which must be by date."""
    grouping = Grouping()
    grouping.add(items)
    return grouping.stories
