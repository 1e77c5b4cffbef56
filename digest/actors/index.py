"""What the actor pages show: each actor's paragraphs, companions and timeline."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property

from digest.model import Actor, Article, Mention, Paragraph, newest_first


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

    shows: bytes = b""
    """A digest of the paragraph as an actor's page shows it (its number, text, English,
    mentions, quotations, sources): the same while the paragraph is, whatever else of the
    article changes."""


@dataclass
class ActorEntry:
    """An actor with everything its page lists."""

    actor: Actor
    appearances: list[Appearance] = field(default_factory=list)
    mention_count: int = 0
    companions: list[tuple[Actor, int]] = field(default_factory=list)
    """Actors most often named in the same paragraphs, with how often."""

    @cached_property
    def articles(self) -> list[tuple[Article, list[Appearance]]]:
        """The appearances grouped by article, newest article first (worked out once: read
        it after the appearances are all in)."""
        grouped: dict[str, list[Appearance]] = defaultdict(list)
        order: dict[str, Article] = {}
        for appearance in self.appearances:
            grouped[appearance.article.key].append(appearance)
            order[appearance.article.key] = appearance.article
        articles = newest_first(order.values())
        return [(article, grouped[article.key]) for article in articles]

    @property
    def timeline(self) -> list[tuple[dt.date | None, int]]:
        """Mentions per date, oldest first, undated last."""
        counts: Counter[dt.date | None] = Counter()
        for appearance in self.appearances:
            counts[appearance.article.date] += len(appearance.mentions)
        return sorted(counts.items(), key=lambda item: (item[0] is None, item[0] or dt.date.min))


@dataclass(frozen=True, slots=True)
class Contribution:
    """What one article adds to one actor's entry."""

    actor: str
    """The actor's id."""

    appearances: list[Appearance]
    """The paragraphs that name the actor."""

    mentions: int
    """How many times they name it."""

    together: Counter[str]
    """The other actors named in those paragraphs, with how many paragraphs."""


def contributions(article: Article, actors: dict[str, Actor]) -> list[Contribution]:
    """What an article adds to the actors' entries, in the order the actors first appear."""
    found: dict[str, Contribution] = {}
    for number, paragraph in article.numbered_paragraphs():
        shows = b""
        by_actor: dict[str, list[Mention]] = defaultdict(list)
        for sentence in paragraph.sentences:
            for mention in sentence.mentions:
                if mention.actor in actors:
                    by_actor[mention.actor].append(mention)
        for actor_id, mentions in by_actor.items():
            part = found.get(actor_id)
            if part is None:
                part = found[actor_id] = Contribution(actor_id, [], 0, Counter())
            shows = shows or _digest((number, paragraph))
            part.appearances.append(Appearance(article, paragraph, number, mentions, shows))
            part.together.update(other for other in by_actor if other != actor_id)
    return [
        replace(part, mentions=sum(len(a.mentions) for a in part.appearances))
        for part in found.values()
    ]


def _digest(value: object) -> bytes:
    """A short digest of everything a value holds (dataclasses show every field in their
    repr)."""
    return hashlib.blake2b(repr(value).encode(), digest_size=16).digest()


@dataclass
class IndexMemo:
    """What the last build's index was made of."""

    contributions: dict[object, list[Contribution]] = field(default_factory=dict)
    """Each article's contributions, by its revision."""

    entries: dict[str, tuple[tuple[object, ...], ActorEntry]] = field(default_factory=dict)
    """Each actor's entry, with what it was made from: the revision and slug of each
    article that contributes, in order."""


def build_index(
    articles: list[Article],
    actors: dict[str, Actor],
    companions: int = 8,
    memo: IndexMemo | None = None,
    revision: Callable[[Article], object] = id,
) -> dict[str, ActorEntry]:
    """Every actor that is named somewhere, or is a reviewed person or organization. An
    article's contributions are taken from `memo` when its revision is there, and an
    actor's entry when the same articles, in the same revisions, contribute to it."""
    kept = memo or IndexMemo()
    made: dict[object, list[Contribution]] = {}
    by_actor: dict[str, list[tuple[object, Contribution]]] = {
        actor_id: []
        for actor_id, actor in actors.items()
        if actor.type != "country" and actor.reviewed
    }
    for article in articles:
        key = revision(article)
        parts = kept.contributions.get(key)
        if parts is None:
            parts = contributions(article, actors)
        made[key] = parts
        for part in parts:
            by_actor.setdefault(part.actor, []).append(((key, article.slug), part))
    entries: dict[str, ActorEntry] = {}
    entries_made: dict[str, tuple[tuple[object, ...], ActorEntry]] = {}
    for actor_id, contributed in by_actor.items():
        made_from = tuple(key for key, _ in contributed)
        previous = kept.entries.get(actor_id)
        if previous is not None and previous[0] == made_from:
            entry = previous[1]
        else:
            entry = _entry(actors[actor_id], [part for _, part in contributed], actors, companions)
        entries[actor_id] = entry
        entries_made[actor_id] = (made_from, entry)
    if memo is not None:
        memo.contributions, memo.entries = made, entries_made
    return entries


def _entry(
    actor: Actor, parts: list[Contribution], actors: dict[str, Actor], companions: int
) -> ActorEntry:
    entry = ActorEntry(actor)
    together: Counter[str] = Counter()
    for part in parts:
        entry.appearances += part.appearances
        entry.mention_count += part.mentions
        together.update(part.together)
    entry.companions = [(actors[other], n) for other, n in together.most_common(companions)]
    return entry
