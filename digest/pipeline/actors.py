"""The actor stages of the pipeline: find registered actors, discover new ones, align."""

from __future__ import annotations

from dataclasses import replace

from digest.actors.align import align
from digest.actors.discover import (
    Candidate,
    confirmed,
    introduced,
    known_name,
    merge,
    name_in_english,
    romanize_all,
)
from digest.actors.match import Matcher, find_partial, find_portfolios, portfolios
from digest.actors.places import drop_places
from digest.actors.registry import RESERVED_IDS, Registry
from digest.model import Actor, Article, Mention
from digest.pipeline.state import BuildState, DiscoveredActorsChanged
from digest.text.ids import slugify


def _outnamed(mention: Mention, longer: list[Mention]) -> bool:
    """Whether a demonym lies inside a longer name found later (وزارة الخارجية المصرية)."""
    return mention.how == "demonym" and any(
        m.start <= mention.start
        and mention.end <= m.end
        and m.end - m.start > mention.end - mention.start
        for m in longer
    )


def _find(
    articles: list[Article],
    registry: Registry,
    matcher: Matcher,
    ministries: dict[str, list[tuple[str, str]]] | None = None,
) -> None:
    """Mentions of the registry's actors in the articles, with surnames after full names
    and, given the registry's `portfolios`, ministries named by their portfolio alone."""
    for article in articles:
        found: dict[str, list[Mention]] = {}
        for sentence in article.sentences:
            here = matcher.find(sentence.text, sentence.id)
            taken = [t for t in sentence.mentions if not _outnamed(t, here)]
            new = [m for m in here if not any(t.start < m.end and m.start < t.end for t in taken)]
            found[sentence.id] = sorted([*taken, *new], key=lambda m: m.start)
        find_partial(article, found, registry)
        if ministries:
            find_portfolios(article, found, ministries)
        for sentence in article.sentences:
            sentence.mentions = found.get(sentence.id, [])


def load_actors(state: BuildState) -> None:
    """The registry's actors become the build's, and its matcher is built (once, before
    the articles are shared out among processes)."""
    if state.registry is None:
        return
    state.actors = dict(state.registry.actors)
    if state.pending:  # (compiled here, not in every process)
        state.matchers["registry"] = Matcher(state.registry, known_name)
        state.matchers["registry"].pattern  # noqa: B018


def find_mentions(state: BuildState) -> None:
    """Mentions of the registry's actors, with surnames after the full name."""
    if state.registry is None:
        return
    for article in state.pending:
        for sentence in article.sentences:
            sentence.mentions = []
    registry = state.registry
    matcher = state.matchers.get("registry") or Matcher(registry, known_name)
    _find(state.pending, registry, matcher, portfolios(registry))
    for article in state.pending:
        drop_places(article, state.actors)


def find_introduced(state: BuildState) -> None:
    """The names each article introduces by a title or as a speaker (discovery's
    per-article part)."""
    if state.registry is None or not state.discover:
        return
    for article in state.pending:
        state.found[article.ident] = introduced(article, state.actors)


_FOUND = {
    "translation": "Found in the articles; not reviewed yet. English name from the translation.",
    "composed": "Found in the articles; not reviewed yet. English name composed from the"
    " Arabic words.",
    "transliteration": "Found in the articles; not reviewed yet. English name romanized"
    " letter by letter from the Arabic.",
}
"""The description of a discovered actor, by where its English name comes from."""


def discover_actors(state: BuildState) -> None:
    """Candidate actors introduced by a title or as speakers, found again wherever they are
    named, marked as not reviewed."""
    if state.registry is None or not state.discover:
        return
    for article in state.pending:
        if article.ident not in state.found:  # a pipeline without find_introduced
            state.found[article.ident] = introduced(article, state.actors)
    merged = merge((article, state.found[article.ident]) for article in state.articles)
    candidates: dict[str, Candidate] = {}
    state.unconfirmed = []
    for key, candidate in merged.items():
        if confirmed(candidate, known_name):
            candidates[key] = candidate
        else:
            state.unconfirmed.append(candidate)
    # (a person's English is spelt from the name: all of them at once, on every core)
    romanize_all((c.ar for c in candidates.values() if c.type == "person"), state.workers)
    for candidate in candidates.values():
        name_in_english(candidate)
    found = Registry()
    for candidate in candidates.values():
        actor_id = slugify(candidate.en) or "actor"
        while actor_id in state.actors or actor_id in found.actors or actor_id in RESERVED_IDS:
            actor_id += "-2"  # (never one of the site's own pages under actors/)
        found.actors[actor_id] = Actor(
            id=actor_id, type=candidate.type, en=candidate.en, ar=candidate.ar, reviewed=False,
            description=_FOUND[candidate.en_source],
        )  # fmt: skip
    chosen = {
        key: (actor_id, c)
        for (key, c), actor_id in zip(candidates.items(), found.actors, strict=True)
    }
    if state.settled and discovered(chosen) != state.discovered_before:
        raise DiscoveredActorsChanged
    state.actors.update(found.actors)
    state.candidates = chosen
    if found.actors and state.pending:  # (compiled here, not in every process)
        state.matchers["discovered"] = Matcher(found, known_name)
        state.matchers["discovered"].pattern  # noqa: B018


def find_discovered(state: BuildState) -> None:
    """Mentions of the discovered actors (discovery's second per-article part)."""
    if state.registry is None or not state.discover or not state.candidates or not state.pending:
        return
    found = Registry()
    found.actors = {actor_id: state.actors[actor_id] for actor_id, _ in state.candidates.values()}
    matcher = state.matchers.get("discovered") or Matcher(found, known_name)
    _find(state.pending, found, matcher)
    for article in state.pending:
        for sentence in article.sentences:
            sentence.mentions = [
                replace(m, how="discovered") if m.actor in found.actors else m
                for m in sentence.mentions
            ]


def discovered(
    candidates: dict[str, tuple[str, Candidate]],
) -> tuple[tuple[str, str, str, str], ...]:
    """What the articles' annotations depend on of the discovered actors: id, type,
    English and Arabic names."""
    return tuple((actor_id, c.type, c.en, c.ar) for actor_id, c in candidates.values())


def align_mentions(state: BuildState) -> None:
    """Each mention's counterpart in the English, where the translation names the actor."""
    for article in state.pending:
        for sentence in article.sentences:
            align(sentence, state.actors)
