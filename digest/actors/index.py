"""What the actor pages show: each actor's paragraphs, companions and timeline.

An actor's entry is made from the contributions of the articles that name it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from digest.model import Actor, Article, Mention, Paragraph, order_key


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


_Place = tuple[object, ...]
"""An article's place in the newest-first order (`model.order_key`)."""

Row = tuple[_Place, Contribution]
"""An article in an entry: its place, and what it adds."""


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
        return [(part.article, part.appearances) for _, part in self.rows]

    @cached_property
    def timeline(self) -> list[tuple[dt.date | None, int]]:
        """Mentions per date, oldest first, undated last."""
        dates = self.dated.items()
        return sorted(dates, key=lambda item: (item[0] is None, item[0] or dt.date.min))


def contributions(article: Article, actors: dict[str, Actor]) -> list[Contribution]:
    """What an article adds to the actors' entries, in the order the actors first appear."""
    found: dict[str, tuple[list[Appearance], Counter[str]]] = {}
    for number, paragraph in article.numbered_paragraphs():
        by_actor: dict[str, list[Mention]] = defaultdict(list)
        for sentence in paragraph.sentences:
            for mention in sentence.mentions:
                if mention.actor in actors:
                    by_actor[mention.actor].append(mention)
        for actor_id, mentions in by_actor.items():
            appearances, together = found.setdefault(actor_id, ([], Counter()))
            appearances.append(Appearance(article, paragraph, number, mentions))
            together.update(other for other in by_actor if other != actor_id)
    return [
        Contribution(
            actor_id,
            article,
            appearances,
            sum(len(a.mentions) for a in appearances),
            together,
        )
        for actor_id, (appearances, together) in found.items()
    ]


def build_index(
    articles: list[Article], actors: dict[str, Actor], companions: int = 8
) -> dict[str, ActorEntry]:
    """Every actor that is named somewhere (an actor of the registry named nowhere has
    no entry, no page), in the order of `actors`."""
    rows: dict[str, list[Row]] = defaultdict(list)
    for article in articles:
        place = order_key(article)
        for part in contributions(article, actors):
            rows[part.actor].append((place, part))
    entries = {}
    for actor_id in actors:
        if actor_id in rows:
            entries[actor_id] = _entry(actors[actor_id], rows[actor_id], companions, actors)
    return entries


def _entry(actor: Actor, rows: list[Row], companions: int, actors: dict[str, Actor]) -> ActorEntry:
    """The entry of an actor from the articles that name it."""
    rows.sort(key=_place)
    together: Counter[str] = Counter()
    dated: Counter[dt.date | None] = Counter()
    mentions = 0
    for _, part in rows:
        together.update(part.together)
        dated[part.article.date] += part.mentions
        mentions += part.mentions
    together, dated = +together, +dated  # (without the counts that fell to nothing)
    ranked = sorted(together.items(), key=lambda item: (-item[1], item[0]))[:companions]
    return ActorEntry(
        actor, rows, mentions, together, dated, [(actors[other], count) for other, count in ranked]
    )


def _place(row: Row) -> _Place:
    return row[0]
