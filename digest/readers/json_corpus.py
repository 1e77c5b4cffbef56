"""JSON corpora: one file holding an array of articles (or JSON Lines, one article per
line), as news corpora ship them.

Each record has `title` and `content` (or `body`/`text`), and optionally `date` (or
`date_extracted`, `published`), `source`, `url`, `author`, `slug`. A broken record is
reported with its number and skipped; the others are read.
"""

from __future__ import annotations

import json
import re
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


Record = tuple[int, Any]
"""A record's 0-based position in the corpus, and its parsed value (or the problem that
kept it from being parsed)."""

_NEXT_RECORD = re.compile(r"\n[ \t]*\{")


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _records(path: Path, text: str) -> list[Record]:
    """The records of a JSON array (or of `{"articles": [...]}`). A record with a syntax
    error is reported with its number and line, and reading resumes at the next line that
    opens a record, so one broken record does not cost the rest of the corpus."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return _records_around_errors(path, text)
    if isinstance(data, dict):
        data = data.get("articles", data.get("data"))
    if not isinstance(data, list):
        raise InputError(
            Problem(
                path, "is not a JSON array of articles.", 'Write `[{"title": …, "content": …}, …]`.'
            )
        )
    return list(enumerate(data))


def _records_around_errors(path: Path, text: str) -> list[Record]:
    decoder = json.JSONDecoder()
    start = text.find("[")
    if start < 0 or text[:start].strip():
        try:
            json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(
                Problem(
                    path,
                    f"is not valid JSON: {error.msg}.",
                    "Fix the JSON syntax.",
                    line=error.lineno,
                )
            ) from None
    records: list[Record] = []
    position = start + 1
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text) or text[position] == "]":
            return records
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            broken = InputError(
                Problem(
                    path,
                    f"has a record that is not valid JSON: {error.msg}.",
                    "Fix the JSON syntax of that record.",
                    line=_line(text, error.pos),
                    record=len(records) + 1,
                )
            )
            records.append((len(records), broken))
            following = _NEXT_RECORD.search(text, error.pos)
            if following is None:
                return records
            position = following.end() - 1
            continue
        records.append((len(records), value))


def _record_key(path: Path, record: dict[str, Any]) -> str:
    """A key that survives reordering of the corpus: from the record's URL, else its title."""
    identity = str(record.get("url") or record.get("title") or "")
    return f"{path.stem}-{text_hash(identity)[:8]}"


def _article(path: Path, index: int, record: Any) -> Article:
    if isinstance(record, InputError):
        raise record
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


def _json_lines(path: Path, text: str) -> list[Record]:
    """The records of a JSON Lines file, one per non-empty line."""
    records: list[Record] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            records.append((len(records), json.loads(line)))
        except json.JSONDecodeError as error:
            problem = Problem(
                path,
                f"has a line that is not valid JSON: {error.msg}.",
                "Fix that line: one JSON object per line.",
                line=number,
                record=len(records) + 1,
            )
            records.append((len(records), InputError(problem)))
    return records


def _articles(path: Path, records: list[Record]) -> list[Article]:
    articles: list[Article] = []
    problems: list[Problem] = []
    for index, record in records:
        try:
            articles.append(_article(path, index, record))
        except InputError as error:
            problems.append(error.problem)
    if problems:
        raise PartialReadError(articles, problems)
    return articles


@register(".json")
def read(path: Path, text: str) -> list[Article]:
    """Every readable article of a corpus file."""
    return _articles(path, _records(path, text))


@register(".jsonl")
def read_lines(path: Path, text: str) -> list[Article]:
    """Every readable article of a JSON Lines corpus."""
    return _articles(path, _json_lines(path, text))
