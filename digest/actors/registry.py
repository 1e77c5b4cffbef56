"""The actor registry: `actors.yml` merged over the countries CLDR knows.

`actors.yml` is a YAML list of actors:

    - id: emmanuel-macron
      type: person                 # person, organization or country
      en: Emmanuel Macron
      ar: إيمانويل ماكرون
      variants_ar: [ماكرون]
      variants_en: [Macron]
      wikidata: Q3052772
      roles:
      - {title: President of France, organization: france, from: 2017-05-14}
      description: President of France.

An entry whose id is a CLDR country's (`france`, `united-states`) adds to that country:
variants, irregular demonyms (`variants_ar: [أمريكي, الأمريكي, …]`), a Wikidata id.
`not_actors` lists phrases that contain an actor's name without being about it
(`بحر الصين الجنوبي`, `الليرة التركية`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, get_args

import yaml

from digest import yamlio
from digest.actors.countries import cldr_countries
from digest.errors import InputError, Problem
from digest.ids import is_safe_id, slugify
from digest.model import Actor, ActorType, Role
from digest.readers.metadata import parse_date
from digest.urls import wikidata_problem

TYPES = get_args(ActorType)


@dataclass
class Registry:
    """Every known actor, by id, and the phrases that must not count as mentions."""

    actors: dict[str, Actor] = field(default_factory=dict)
    """Actors by id, CLDR countries included."""

    not_actors: list[str] = field(default_factory=list)
    """Arabic phrases that contain an actor's name without being about that actor."""

    places: list[str] = field(default_factory=list)
    """Capitals and seats that stand for a country, except as places after a preposition."""

    problems: list[Problem] = field(default_factory=list)
    """Entries that were left out, each with its line."""

    def add(self, actor: Actor) -> None:
        """Add an actor, or merge an entry into the actor with the same id."""
        known = self.actors.get(actor.id)
        self.actors[actor.id] = actor if known is None else _merge(known, actor)


def _merge(known: Actor, extra: Actor) -> Actor:
    return replace(
        known,
        en=extra.en or known.en,
        ar=extra.ar or known.ar,
        variants_ar=list(dict.fromkeys([*known.variants_ar, *extra.variants_ar])),
        variants_en=list(dict.fromkeys([*known.variants_en, *extra.variants_en])),
        wikidata=extra.wikidata or known.wikidata,
        roles=[*known.roles, *extra.roles],
        description=extra.description or known.description,
    )


def _problem(path: Path, line: int, message: str, hint: str) -> InputError:
    return InputError(Problem(path, message, hint, line=line))


def _texts(value: Any) -> list[str]:
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [str(item).strip() for item in values if str(item).strip()]


def _role(path: Path, line: int, raw: Any) -> Role:
    if not isinstance(raw, dict) or not raw.get("title"):
        raise _problem(path, line, "has a role without `title`.", "Write `- title: …`.")
    dates: list[dt.date | None] = []
    for key in ("from", "to"):
        value = raw.get(key)
        date = parse_date(value)
        if value not in (None, "") and date is None:
            raise _problem(
                path, line, f"has a role whose `{key}` is not a date.", "Write YYYY-MM-DD."
            )
        dates.append(date)
    return Role(str(raw["title"]), str(raw.get("organization") or ""), dates[0], dates[1])


def _actor(
    path: Path, line: int, raw: Any, countries: set[str], problems: list[Problem] | None = None
) -> Actor:
    if not isinstance(raw, dict) or not raw.get("id"):
        raise _problem(path, line, "has an actor without `id`.", "Give every actor an id.")
    actor_id = str(raw["id"]).strip()
    if not is_safe_id(actor_id):
        raise _problem(
            path,
            line,
            f"gives the id {actor_id[:60]!r}, which cannot name a page.",
            f"Ids are lower-case letters, digits and dashes: `{slugify(actor_id) or 'name'}`.",
        )
    kind: ActorType = raw.get("type") or ("country" if actor_id in countries else None)  # type: ignore[assignment]
    if kind not in TYPES:
        raise _problem(
            path, line, f"gives {actor_id} the type {kind!r}.", f"Use one of {', '.join(TYPES)}."
        )
    if actor_id not in countries and not (raw.get("en") and raw.get("ar")):
        raise _problem(path, line, f"gives {actor_id} no `en` or no `ar` name.", "Give both names.")
    raw_roles = raw.get("roles") or []
    roles = [
        _role(path, line, r) for r in (raw_roles if isinstance(raw_roles, list) else [raw_roles])
    ]
    wikidata = str(raw.get("wikidata") or "").strip()
    refused = wikidata_problem(wikidata) if wikidata else ""
    if refused and problems is not None:
        problems.append(
            Problem(
                path,
                f"gives {actor_id} the wikidata {wikidata[:60]!r}, but {refused}; "
                "the actor is kept without it.",
                "Write the item's id alone, like `wikidata: Q3052772`, or leave it out.",
                line=line,
            )
        )
    return Actor(
        id=actor_id,
        type=kind,
        en=str(raw.get("en") or "").strip(),
        ar=str(raw.get("ar") or "").strip(),
        variants_ar=_texts(raw.get("variants_ar")),
        variants_en=_texts(raw.get("variants_en")),
        wikidata="" if refused else wikidata,
        roles=roles,
        description=str(raw.get("description") or "").strip(),
    )


def parse_registry(path: Path, text: str) -> Registry:
    """The registry of an actors.yml text, over CLDR's countries."""
    registry = Registry()
    for country in cldr_countries():
        registry.add(country)
    try:
        data, root = yamlio.load_with_nodes(text)
        data = data or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise _problem(
            path, mark.line + 1 if mark else 0, "is not valid YAML.", "Fix its syntax."
        ) from None
    if isinstance(data, list):
        data = {"actors": data}
    nodes = _section_nodes(root, "actors")
    for raw, node in zip(data.get("actors") or [], nodes, strict=False):
        try:
            line = node.start_mark.line + 1
            registry.add(_actor(path, line, raw, set(registry.actors), registry.problems))
        except InputError as error:
            registry.problems.append(error.problem)
    registry.not_actors = _texts(data.get("not_actors"))
    registry.places = _texts(data.get("places"))
    return registry


def _section_nodes(root: Any, key: str) -> list[Any]:
    if isinstance(root, yaml.SequenceNode) and key == "actors":
        return list(root.value)
    for name, value in root.value if isinstance(root, yaml.MappingNode) else []:
        if name.value == key and isinstance(value, yaml.SequenceNode):
            return list(value.value)
    return []


def load_registry(path: Path) -> Registry:
    """The registry of an actors.yml file (CLDR's countries alone when there is none)."""
    text = path.read_text(encoding="utf-8-sig") if path.is_file() else ""
    return parse_registry(path, text)
