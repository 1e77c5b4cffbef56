"""What the actor pages show: each actor's paragraphs, companions and timeline.

An actor's entry is made from the contributions of the articles that name it. Kept from one
build to the next (`IndexMemo`), an entry is updated with the contributions of the articles
that changed only: an edit costs the actors the article names, not the whole digest.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from digest.model import Actor, Article, Mention, Paragraph, order_key


class Shows:
    """A paragraph (and its number) as an actor's page shows it: equal to another when it is
    the same paragraph object or holds the same (text, English, mentions, quotations,
    sources): an edit elsewhere in the article leaves it equal. Its digest is worked out
    only when it is compared with another paragraph: a build from nothing compares none."""

    __slots__ = ("_digest", "number", "paragraph")

    def __init__(self, number: int, paragraph: Paragraph) -> None:
        self.number = number
        self.paragraph = paragraph
        self._digest = b""

    def digest(self) -> bytes:
        """A short digest of everything the paragraph holds (dataclasses show every field
        in their repr)."""
        if not self._digest:
            value = repr((self.number, self.paragraph)).encode()
            self._digest = hashlib.blake2b(value, digest_size=16).digest()
        return self._digest

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Shows):
            return NotImplemented
        if self.paragraph is other.paragraph and self.number == other.number:
            return True
        return self.digest() == other.digest()

    def __hash__(self) -> int:
        return hash(self.digest())


@dataclass
class Appearance:
    """One paragraph that names an actor."""

    article: Article
    """The article."""

    paragraph: Paragraph
    """The paragraph (the title counts as paragraph 0)."""

    number: int
    """1-based paragraph number; 0 for the title."""

    mentions: list[Mention]
    """The actor's mentions in the paragraph."""

    shows: Shows | None = None
    """The paragraph as an actor's page shows it, to compare with another build's."""


@dataclass(frozen=True, slots=True, eq=False)
class Contribution:
    """What one article adds to one actor's entry."""

    actor: str
    """The actor's id."""

    article: Article
    """The article."""

    appearances: list[Appearance]
    """The paragraphs that name the actor."""

    mentions: int
    """How many times they name it."""

    together: Counter[str]
    """The other actors named in those paragraphs, with how many paragraphs."""

    listing: tuple[object, ...]
    """What an actor's page shows of the article besides its slug: English and Arabic
    title, date, and each paragraph that names the actor (`Shows`)."""


Shown = tuple[object, str]
"""An article as the pages show it: its revision and slug."""

_Place = tuple[object, ...]
"""An article's place in the newest-first order (`model.order_key`)."""

Row = tuple[_Place, Shown, Contribution]
"""An article in an entry: its place, how it is shown, and what it adds."""


@dataclass(eq=False)
class ActorEntry:
    """An actor with everything its page lists."""

    actor: Actor
    rows: list[Row] = field(default_factory=list)
    """The articles that name it, newest first (`model.order_key`)."""

    mention_count: int = 0
    together: Counter[str] = field(default_factory=Counter)
    """Every actor named in the same paragraphs, with in how many paragraphs."""

    dated: Counter[dt.date | None] = field(default_factory=Counter)
    """Mentions by the articles' date."""

    companions: list[tuple[Actor, int]] = field(default_factory=list)
    """Actors most often named in the same paragraphs, with how often (ties by id)."""

    @cached_property
    def articles(self) -> list[tuple[Article, list[Appearance]]]:
        """Each article that names the actor, newest first, with its paragraphs that do."""
        return [(part.article, part.appearances) for _, _, part in self.rows]

    @cached_property
    def timeline(self) -> list[tuple[dt.date | None, int]]:
        """Mentions per date, oldest first, undated last."""
        dates = self.dated.items()
        return sorted(dates, key=lambda item: (item[0] is None, item[0] or dt.date.min))


def contributions(article: Article, actors: dict[str, Actor]) -> list[Contribution]:
    """What an article adds to the actors' entries, in the order the actors first appear."""
    found: dict[str, tuple[list[Appearance], Counter[str]]] = {}
    for number, paragraph in article.numbered_paragraphs():
        shows = None
        by_actor: dict[str, list[Mention]] = defaultdict(list)
        for sentence in paragraph.sentences:
            for mention in sentence.mentions:
                if mention.actor in actors:
                    by_actor[mention.actor].append(mention)
        for actor_id, mentions in by_actor.items():
            appearances, together = found.setdefault(actor_id, ([], Counter()))
            shows = shows or Shows(number, paragraph)
            appearances.append(Appearance(article, paragraph, number, mentions, shows))
            together.update(other for other in by_actor if other != actor_id)
    title = article.title_sentence
    english = title.translation.text if title and title.translation else ""
    heading = (english, article.title, article.date)
    return [
        Contribution(
            actor_id,
            article,
            appearances,
            sum(len(a.mentions) for a in appearances),
            together,
            (*heading, *(a.shows for a in appearances)),
        )
        for actor_id, (appearances, together) in found.items()
    ]


@dataclass
class IndexMemo:
    """What the last build's index was made of."""

    contributions: dict[Shown, tuple[_Place, list[Contribution]]] = field(default_factory=dict)
    """Each article's place in the newest-first order and its contributions, by how it was
    shown."""

    entries: dict[str, ActorEntry] = field(default_factory=dict)
    """Each actor's entry."""


def build_index(
    articles: list[Article],
    actors: dict[str, Actor],
    companions: int = 8,
    memo: IndexMemo | None = None,
    revision: Callable[[Article], object] = id,
    shown: Sequence[Shown] | None = None,
) -> dict[str, ActorEntry]:
    """Every actor that is named somewhere (an actor of the registry named nowhere has
    no entry, no page), in the order of `actors`. With `memo` (the last build's index
    under the same actors), the entries are updated with the articles that changed (by
    revision and slug) only: an entry no change touches is the same object as in the
    last build. (With a memo, a revision must never be given to two different articles,
    as `reuse.new_revision`.) `shown` is each article's revision and slug, when the
    caller has them."""
    kept = memo if memo is not None else IndexMemo()
    if shown is None:
        shown = [(revision(article), article.slug) for article in articles]
    by_shown = dict(zip(shown, articles, strict=True))
    made = dict(kept.contributions)  # (the memo changes only once all is done)
    gone = made.keys() - by_shown.keys()
    by_revision = {key[0]: made[key][1] for key in gone}
    removed: dict[str, list[tuple[_Place, Contribution]]] = defaultdict(list)
    added: dict[str, list[Row]] = defaultdict(list)
    for key in gone:
        place, parts = made.pop(key)
        for part in parts:
            removed[part.actor].append((place, part))
    for key in by_shown.keys() - made.keys():
        article = by_shown[key]
        place = order_key(article)
        parts = by_revision.get(key[0]) or contributions(article, actors)
        made[key] = place, parts
        for part in parts:
            added[part.actor].append((place, key, part))
    entries = dict(kept.entries)
    for actor_id in removed.keys() | added.keys():
        entry = entries.get(actor_id) or ActorEntry(actors[actor_id])
        update = _updated(entry, removed[actor_id], added[actor_id], companions, actors)
        entries[actor_id] = update
    kept.contributions, kept.entries = made, entries
    return {
        actor_id: entries[actor_id]
        for actor_id in actors
        if actor_id in entries and entries[actor_id].rows
    }


def _updated(
    entry: ActorEntry,
    removed: list[tuple[_Place, Contribution]],
    added: list[Row],
    companions: int,
    actors: dict[str, Actor],
) -> ActorEntry:
    """The entry without some articles' contributions and with others'."""
    rows = _without(entry.rows, removed)
    if len(added) * 16 < len(rows):  # a few: put at their places
        for row in added:
            bisect.insort(rows, row, key=_place)
    else:  # (places are unique in a build: the order is the same either way)
        rows += added
        rows.sort(key=_place)
    together, dated, mentions = entry.together.copy(), entry.dated.copy(), entry.mention_count
    for _, part in removed:
        together.subtract(part.together)
        dated[part.article.date] -= part.mentions
        mentions -= part.mentions
    for _, _, part in added:
        together.update(part.together)
        dated[part.article.date] += part.mentions
        mentions += part.mentions
    together, dated = +together, +dated  # (without the counts that fell to nothing)
    ranked = sorted(together.items(), key=lambda item: (-item[1], item[0]))[:companions]
    return ActorEntry(
        entry.actor,
        rows,
        mentions,
        together,
        dated,
        [(actors[other], count) for other, count in ranked],
    )


def _without(rows: list[Row], removed: list[tuple[_Place, Contribution]]) -> list[Row]:
    """The rows less the removed contributions' (at their places, unique in a build)."""
    kept = list(rows)
    if len(removed) * 16 < len(rows):  # a few: found by their places
        for place, part in removed:
            at = bisect.bisect_left(kept, place, key=_place)
            if at == len(kept) or kept[at][2] is not part:
                break  # (not where it was put: look at every row)
            del kept[at]
        else:
            return kept
    gone = {id(part) for _, part in removed}
    return [row for row in rows if id(row[2]) not in gone]


def _place(row: Row) -> _Place:
    return row[0]
