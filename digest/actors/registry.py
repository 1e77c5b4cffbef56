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
from functools import cache
from pathlib import Path
from typing import Any, get_args

import yaml

from digest import yamlio
from digest.actors.countries import cldr_countries
from digest.errors import InputError, Problem
from digest.model import Actor, ActorType, Role
from digest.reading.metadata import parse_date
from digest.reading.urls import wikidata_problem
from digest.text.ids import is_safe_id, slugify

TYPES = get_args(ActorType)

RESERVED_IDS = frozenset({"index", "people", "organizations", "countries"})
"""Ids no actor can have: an actor's page is `actors/<id>`, and these are the site's own
pages there (the actor index and the index of each type, `render.TYPE_PAGES`)."""

SECTIONS = ("actors", "not_actors", "places")
_TEXT_FIELDS = ("id", "type", "en", "ar", "wikidata", "description")
_TEXT_LISTS = ("variants_ar", "variants_en")


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
    return InputError(path, message, hint, line=line)


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


KNOWN = Path(__file__).parent / "known.yml"
"""Actors digest knows out of the box (agencies, outlets, armed groups, platforms, public
figures), under a site's actors.yml."""


@cache
def known_actors() -> tuple[Actor, ...]:
    """The actors of `known.yml`, as reviewed entries (the file ships with digest)."""
    data, root = yamlio.load_with_nodes(KNOWN.read_text(encoding="utf-8"))
    countries = {country.id for country in cldr_countries()}
    nodes = _section_nodes(root, "actors")
    return tuple(
        _actor(KNOWN, node.start_mark.line + 1, raw, countries)
        for raw, node in zip(data["actors"], nodes, strict=True)
    )


def parse_registry(path: Path, text: str) -> Registry:
    """The registry of an actors.yml text, over CLDR's countries."""
    registry = Registry()
    for country in cldr_countries():
        registry.add(country)
    for actor in known_actors():
        registry.add(actor)
    try:
        data, root = yamlio.load_with_nodes(text)
    except yaml.YAMLError as error:
        raise InputError(yamlio.problem(path, error)) from None
    if data is None:
        data = {}
    if isinstance(data, list):
        data = {"actors": data}
    if not isinstance(data, dict):
        raise _problem(
            path,
            1,
            f"is {_kind(data)}, not a list of actors.",
            "Write `actors:` and below it one `- id: …` entry per actor.",
        )
    for key in data:
        if key not in SECTIONS:
            registry.problems.append(
                Problem(
                    path,
                    f"has a section {str(key)[:60]!r} it does not know; it is left out.",
                    f"The sections are {', '.join(SECTIONS)}.",
                    line=_line_of(root, key),
                )
            )
    actors = data.get("actors")
    if not isinstance(actors, list):
        if actors is not None:
            registry.problems.append(
                Problem(
                    path,
                    f"gives `actors` as {_kind(actors)}, not a list; no actor is read from it.",
                    "Write one `- id: …` entry per actor below `actors:`.",
                    line=_line_of(root, "actors"),
                )
            )
        actors = []
    nodes = _section_nodes(root, "actors")
    for raw, node in zip(actors, nodes, strict=False):
        try:
            line = node.start_mark.line + 1
            _check_entry(path, line, raw, node)
            registry.add(_actor(path, line, raw, set(registry.actors), registry.problems))
        except InputError as error:
            registry.problems.append(error.problem)
    registry.not_actors = _phrases(path, data, root, "not_actors", registry.problems)
    registry.places = _phrases(path, data, root, "places", registry.problems)
    return registry


def _kind(value: Any) -> str:
    """What a YAML value is, for a message."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dt.date):
        return "a date"
    return "text" if isinstance(value, str) else "empty"


def _line_of(node: Any, key: Any) -> int | None:
    """The line of `key` in a mapping node."""
    for name, _ in node.value if isinstance(node, yaml.MappingNode) else []:
        if isinstance(name, yaml.ScalarNode) and name.value == str(key):
            return int(name.start_mark.line) + 1
    return None


def _check_entry(path: Path, line: int, raw: Any, node: Any) -> None:
    """Refuse an actor entry of the wrong shape, or whose id is one of the site's pages."""
    if not isinstance(raw, dict):
        raise _problem(
            path,
            line,
            f"has an actor that is {_kind(raw)}, not a mapping.",
            "Write each actor as `- id: …` with its `type:`, `en:`, `ar:` … below it.",
        )
    for key in _TEXT_FIELDS:
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            raise _problem(
                path,
                _line_of(node, key) or line,
                f"gives `{key}` as {_kind(value)}, not text.",
                f'Write `{key}: "…"`.',
            )
    for key in _TEXT_LISTS:
        value = raw.get(key)
        values = value if isinstance(value, list) else [value]
        if any(item is not None and not isinstance(item, str) for item in values):
            raise _problem(
                path,
                _line_of(node, key) or line,
                f"gives `{key}` that is not a list of names.",
                f"Write `{key}: [name, other name]`.",
            )
    roles = raw.get("roles")
    for role in roles if isinstance(roles, list) else [] if roles is None else [roles]:
        if not isinstance(role, dict):
            wrong = f"a role that is {_kind(role)}, not a mapping"
        elif any(not isinstance(role.get(key), str | None) for key in ("title", "organization")):
            key = "title" if not isinstance(role.get("title"), str | None) else "organization"
            wrong = f"a role whose `{key}` is {_kind(role[key])}, not text"
        else:
            continue
        raise _problem(
            path,
            _line_of(node, "roles") or line,
            f"has {wrong}.",
            "Write `- {title: …, organization: …, from: YYYY-MM-DD}` below `roles:`.",
        )
    actor_id = str(raw.get("id") or "").strip()
    if actor_id in RESERVED_IDS:
        name = slugify(str(raw.get("en") or ""))
        like = f", like `{name}`" if name and name not in RESERVED_IDS else ""
        raise _problem(
            path,
            _line_of(node, "id") or line,
            f"gives the id {actor_id!r}, which is the site's own page `actors/{actor_id}`.",
            f"Choose another id{like}: {', '.join(sorted(RESERVED_IDS))} are the site's.",
        )


def _phrases(
    path: Path, data: dict[Any, Any], root: Any, key: str, problems: list[Problem]
) -> list[str]:
    """A section of phrases (`not_actors`, `places`); what is not text is reported."""
    value = data.get(key)
    if value is None or isinstance(value, str):
        return _texts(value)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.append(
            Problem(
                path,
                f"gives `{key}` that is not a list of phrases; it is left out.",
                f"Write `{key}: [phrase, other phrase]`.",
                line=_line_of(root, key),
            )
        )
        return []
    return _texts(value)


def _section_nodes(root: Any, key: str) -> list[Any]:
    if isinstance(root, yaml.SequenceNode) and key == "actors":
        return list(root.value)
    for name, value in root.value if isinstance(root, yaml.MappingNode) else []:
        if name.value == key and isinstance(value, yaml.SequenceNode):
            return list(value.value)
    return []


def load_registry(path: Path) -> Registry:
    """The registry of an actors.yml file (CLDR's countries alone when there is none)."""
    try:
        text = yamlio.read_text(path) if path.is_file() else ""
    except yaml.YAMLError as error:
        raise InputError(yamlio.problem(path, error)) from None
    return parse_registry(path, text)
