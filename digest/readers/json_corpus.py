"""JSON corpora: one file holding an array of articles, as news corpora ship them.

Each record has `title` and `content` (or `body`/`text`), and optionally `date` (or
`date_extracted`, `published`), `source`, `url`, `author`, `slug`. A broken record is
reported with its number and skipped; the others are read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from digest.errors import InputError, PartialReadError, Problem
from digest.ids import text_hash
from digest.model import Article
from digest.readers import register
from digest.readers.metadata import FIELDS, make_article
from digest.readers.paragraphs import split_blocks

_BODY_FIELDS = ("content", "body", "text")
_DATE_FIELDS = ("date", "date_extracted", "published", "date_published")


def _records(path: Path, text: str) -> list[Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            Problem(
                path, f"is not valid JSON: {error.msg}.", "Fix the JSON syntax.", line=error.lineno
            )
        ) from None
    if isinstance(data, dict):
        data = data.get("articles", data.get("data"))
    if not isinstance(data, list):
        raise InputError(
            Problem(
                path, "is not a JSON array of articles.", 'Write `[{"title": …, "content": …}, …]`.'
            )
        )
    return data


def _record_key(path: Path, record: dict[str, Any]) -> str:
    """A key that survives reordering of the corpus: from the record's URL, else its title."""
    identity = str(record.get("url") or record.get("title") or "")
    return f"{path.stem}-{text_hash(identity)[:8]}"


def _article(path: Path, index: int, record: Any) -> Article:
    if not isinstance(record, dict):
        raise InputError(
            Problem(
                path,
                "has a record that is not an object.",
                "Each record is `{…}`.",
                record=index + 1,
            )
        )
    meta = {name: record.get(name) for name in FIELDS if name != "date"}
    meta["date"] = next((record[name] for name in _DATE_FIELDS if record.get(name)), None)
    body = next((record[name] for name in _BODY_FIELDS if record.get(name)), "")
    if isinstance(body, list):
        body = "\n".join(str(part) for part in body)
    if not isinstance(body, str):
        raise InputError(
            Problem(
                path,
                "has a record whose content is not text.",
                "Give `content` as a string.",
                record=index + 1,
            )
        )
    return make_article(
        path, _record_key(path, record), split_blocks(body, single_newlines=True), meta, index
    )


@register(".json")
def read(path: Path, text: str) -> list[Article]:
    """Every readable article of a corpus file."""
    articles: list[Article] = []
    problems: list[Problem] = []
    for index, record in enumerate(_records(path, text)):
        try:
            articles.append(_article(path, index, record))
        except InputError as error:
            problems.append(error.problem)
    if problems:
        raise PartialReadError(articles, problems)
    return articles
