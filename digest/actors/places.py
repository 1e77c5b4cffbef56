"""Countries named only as places: `في النمسا`, `مدينة لندن`, `فيرونا الإيطالي`.

A country is an actor of an article when the article has it act, speak or own something
(`أعلنت تركيا`, `الحكومة التركية`, `ووصفت واشنطن`). An article that names it only as where
something happens (`في اليابان`, `باليابان`, `ففي مدينة الرياض`), as the nationality on a
passport (`يحمل الجنسية الصينية`) or as the adjective of a proper name (`فيرونا الإيطالي`,
`مانشستر البريطانية`, `«ديلي ميل» البريطانية`) does not make it one of the article's actors:
those mentions are dropped, unless another mention in the same article is of the first kind.
"""

from __future__ import annotations

import re

from digest.arabic import normalize
from digest.model import Actor, Article, Mention

PLACE_WORDS = frozenset(normalize(w) for w in ("في", "ففي", "وفي", "مدينة", "بمدينة", "العاصمة"))
"""Words after which a country or its capital is where something happens."""

NATIONALITY_WORDS = frozenset(normalize(w) for w in ("الجنسية", "جنسية", "بالجنسية"))
"""Words after which a demonym is a nationality on a passport."""

_WORD_BEFORE = re.compile(r"(\S+)\s*$")
_CLOSING = tuple('”»")')
_DEFINITE = ("ال", "وال", "فال", "بال", "لل", "ولل", "كال")


def _place(text: str, mention: Mention) -> bool:
    """Whether the mention names a country only as a place or a nationality."""
    before = text[: mention.start]
    found = _WORD_BEFORE.search(before)
    if found is None:
        return False
    word = found.group(1)
    if not before[found.end(1) :]:  # the mention is glued to what is before it: باليابان
        return word in ("ب", "وب", "فب")
    previous = normalize(word)
    if mention.how != "demonym":
        return previous in PLACE_WORDS
    if previous in NATIONALITY_WORDS or previous in PLACE_WORDS or word.endswith(_CLOSING):
        return True
    # A definite demonym after a word without the article qualifies a proper name:
    # فيرونا الإيطالي، جازينتاب التركي (but الحكومة التركية is the country's). The article
    # is read unfolded: folding makes ألمانية look definite.
    return text.startswith("ال", mention.start) and not word.startswith(_DEFINITE)


def drop_places(article: Article, actors: dict[str, Actor]) -> None:
    """Remove the mentions of every country the article names only as a place."""
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
