"""Article metadata shared by the readers: dates, front matter and `<stem>.yml` sidecars."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from digest import yamlio
from digest.errors import InputError, Problem
from digest.model import Article
from digest.reading.decoding import clean_text, decode, read_bytes
from digest.reading.urls import url_problem

FIELDS = ("title", "date", "source", "url", "author", "slug")
"""Metadata fields an article may carry, in front matter, a sidecar or a corpus record."""

Origins = Mapping[str, tuple[Path, int]]
"""Where each metadata field was written: the file, and the line of its key."""

_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S")


def parse_date(value: Any) -> dt.date | None:
    """A date from YAML or JSON, or None when the value cannot be read as one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for form in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def load_yaml_mapping_with_nodes(
    path: Path, text: str, first_line: int = 1
) -> tuple[dict[str, Any], yaml.Node | None]:
    """Parse YAML that must be a mapping (errors name the file and line), with the node tree
    of the same parse (for line numbers)."""
    try:
        data, root = yamlio.load_with_nodes(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + mark.line if mark is not None else None
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise InputError(
            path, f"has malformed YAML: {problem}.", "Fix the YAML syntax.", line=line
        ) from None
    if data is None:
        return {}, root
    if not isinstance(data, dict):
        raise InputError(
            path,
            "has YAML that is not a mapping.",
            "Write `key: value` lines.",
            line=first_line,
        )
    return data, root


def field_lines(
    path: Path, root: yaml.Node | None, first_line: int = 1
) -> dict[str, tuple[Path, int]]:
    """The file and line of each key of a YAML mapping's node tree."""
    if not isinstance(root, yaml.MappingNode):
        return {}
    return {
        str(key.value): (path, first_line + key.start_mark.line)
        for key, _ in root.value
        if isinstance(key, yaml.ScalarNode)
    }


def sidecar_metadata_with_lines(seed: Path) -> tuple[dict[str, Any], dict[str, tuple[Path, int]]]:
    """Metadata from the seed's `<stem>.yml` sidecar (nothing when there is none), with
    where each of its fields was written (`field_lines`)."""
    sidecar = seed.with_suffix(".yml")
    if not sidecar.is_file():
        return {}, {}
    text, _ = decode(sidecar, read_bytes(sidecar))
    if not text.strip():
        return {}, {}
    data, root = load_yaml_mapping_with_nodes(sidecar, text)
    return data, field_lines(sidecar, root)


def text_field(data: dict[str, Any], name: str) -> str:
    """A metadata field as stripped text; numbers and dates are written out."""
    value = data.get(name)
    return "" if value is None else str(value).strip()


def make_article(
    path: Path,
    key: str,
    body: list[str],
    meta: dict[str, Any],
    record: int | None = None,
    origins: Origins | None = None,
) -> Article:
    """An Article from a reader's body paragraphs and merged metadata, its text cleaned
    of invisible controls and presentation forms (see `clean_text`). A `url` that is not
    an absolute http(s) address (`digest.reading.urls.url_problem`) is refused with a problem
    naming the file and line where `origins` knows them (front matter, sidecar), or the
    record; the article is kept without it."""
    found: Counter[str] = Counter()

    def clean(text: str) -> str:
        cleaned, counts = clean_text(text)
        found.update(counts)
        return cleaned.strip()

    paragraphs = [clean(paragraph) for paragraph in body]
    url = clean(text_field(meta, "url"))
    refused = url_problem(url) if url else ""
    article = Article(
        key=key,
        source_path=path,
        title=clean(text_field(meta, "title")),
        body=[paragraph for paragraph in paragraphs if paragraph.strip()],
        slug=clean(text_field(meta, "slug")),
        source=clean(text_field(meta, "source")),
        url="" if refused else url,
        author=clean(text_field(meta, "author")),
        record=record,
    )

    def problem(message: str, hint: str) -> Problem:
        return Problem(path, message, hint, record=None if record is None else record + 1)

    if found["controls"]:
        article.problems.append(
            problem(
                f"has {found['controls']} invisible control character(s) (bidirectional "
                "overrides, zero-width spaces…); they were removed.",
                "Remove them from the seed to silence this.",
            )
        )
    if found["presentation forms"]:
        article.problems.append(
            problem(
                f"has {found['presentation forms']} Arabic presentation form(s), as text "
                "copied from a PDF has; they were read as ordinary letters.",
                "Replace the seed's text with NFKC-normalised text to silence this.",
            )
        )

    if refused:
        where, line = (origins or {}).get("url", (path, None))
        article.problems.append(
            Problem(
                where,
                f"has a url that cannot be a link: {refused} ({url[:60]!r}); the article is "
                "shown without it.",
                "Give the article's full address, starting https://, with spaces and "
                '`<>"` percent-encoded, or leave `url` out.',
                line=line,
                record=None if record is None else record + 1,
            )
        )
    raw_date = meta.get("date")
    article.date = parse_date(raw_date)
    if raw_date not in (None, "") and article.date is None:
        unreadable = f"has a date that cannot be read: {str(raw_date)[:40]!r}; it is shown undated."
        article.problems.append(problem(unreadable, "Write the date as YYYY-MM-DD."))
    if not article.title:
        raise InputError(
            problem("has no title.", "Put the title on the first line (or in `title:`).")
        )
    if not article.body:
        raise InputError(problem("has a title but no body.", "Add the article's paragraphs."))
    return article
