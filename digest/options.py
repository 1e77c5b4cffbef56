"""Settings declared once: a settings dataclass marks each field a site may set with
`option(...)`, and `options_of` lists them. The `digest` section of `mkdocs.yml` (the
plugin's options) and the command line's flags are both made from that list.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class Option:
    """One setting a site may give in the `digest` section of `mkdocs.yml`."""

    name: str
    """Its key in the section, and the field's name."""

    kind: type
    """What the section holds: `str` for a path (relative to `mkdocs.yml`), else the
    field's own type (`int`, `float`, `bool`, `str`)."""

    default: Any
    """The value when the section does not give it."""

    help: str
    """One line for `--help` and for the README's list of options."""

    flag: str | None
    """The command line's flag for it, or None when only `mkdocs.yml` sets it."""

    choices: tuple[str, ...] | None
    """The values allowed, when there are few."""


def option(
    help: str,
    flag: str | None = None,
    choices: tuple[str, ...] | None = None,
    path: str | None = None,
) -> dict[str, Any]:
    """The metadata that makes a dataclass field an option (`field(metadata=option(…))`);
    `path` is the default of a path field, relative to `mkdocs.yml`."""
    return {"option": (help, flag, choices, path)}


def options_of(settings: type) -> list[Option]:
    """The options of a settings dataclass, in the order of its fields."""
    hints = typing.get_type_hints(settings)
    found = []
    for spec in fields(settings):
        if "option" not in spec.metadata:
            continue
        help_text, flag, choices, path = spec.metadata["option"]
        if path is not None:
            kind, default = str, path
        else:
            kind = hints[spec.name]
            default = spec.default
        found.append(Option(spec.name, kind, default, help_text, flag, choices))
    return found


def value(given: Any, setting: Option) -> Any:
    """The setting's value from what a section or a flag gave (None or "": not given)."""
    if given is None or given == "":
        return setting.default
    return setting.kind(given)
