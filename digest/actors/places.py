"""Capitals named only as places: `في لندن`, `ففي مدينة الرياض`, `بموسكو`.

A capital stands for its country's government when the article has it act or speak
(`ووصفت واشنطن`, `دعم طهران`); named only as where something happens (`في لندن`,
`بمدينة الرياض`) it is a city, and cities are not actors. A country whose every mention
in an article is such a place is dropped from that article's actors. A country named by
its own name or a demonym stays an actor wherever it stands (`في النمسا`, `فيرونا
الإيطالي`): annotators by the shared scheme list those.
"""

from __future__ import annotations

import re
from functools import cache

from digest.actors.countries import cldr_countries
from digest.actors.registry import known_actors
from digest.model import Actor, Article, Mention
from digest.text.arabic import normalize

PLACE_WORDS = frozenset(normalize(w) for w in ("في", "ففي", "وفي", "مدينة", "بمدينة", "العاصمة"))
"""Words after which a city is where something happens."""

_WORD_BEFORE = re.compile(r"(\S+)\s*$")


@cache
def country_names() -> frozenset[str]:
    """The names of countries (normalised), as opposed to their capitals: CLDR's Arabic
    names and the other names digest knows (`السعودية`, `المملكة`)."""
    countries = {country.id: country.ar for country in cldr_countries()}
    names = {normalize(name) for name in countries.values()}
    for actor in known_actors():
        if actor.id in countries:
            names.update(normalize(form) for form in actor.variants_ar)
    return frozenset(names)


def _place(text: str, mention: Mention) -> bool:
    """Whether the mention is a capital or city named only as where something happens."""
    if mention.how == "demonym":
        return False
    surface = normalize(text[mention.start : mention.end])
    if surface in country_names():
        return False
    before = text[: mention.start]
    found = _WORD_BEFORE.search(before)
    if found is None:
        return False
    word = found.group(1)
    if not before[found.end(1) :]:  # glued to what is before it: بموسكو
        return word in ("ب", "وب", "فب")
    return normalize(word) in PLACE_WORDS


def drop_places(article: Article, actors: dict[str, Actor]) -> None:
    """Remove the mentions of every country the article names only by a capital as a
    place."""
    acting: set[str] = set()
    countries: set[str] = set()
    for sentence in article.sentences:
        for mention in sentence.mentions:
            actor = actors.get(mention.actor)
            if actor is None or actor.type != "country":
                continue
            countries.add(mention.actor)
            if not _place(sentence.text, mention):
                acting.add(mention.actor)
    placed = countries - acting
    if not placed:
        return
    for sentence in article.sentences:
        if any(m.actor in placed for m in sentence.mentions):
            sentence.mentions = [m for m in sentence.mentions if m.actor not in placed]
