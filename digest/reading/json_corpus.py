"""JSON corpora: one file holding an array of articles (or JSON Lines, one article per
line), as news corpora ship them.

Each record has `title` and `content` (or `body`/`text`), and optionally `date` (or
`date_extracted`, `published`), `source`, `url`, `author`, `slug`. A broken record is
reported with its number and skipped; the others are read.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from itertools import accumulate
from pathlib import Path
from typing import Any

from digest.errors import InputError, Problem
from digest.model import Article
from digest.reading import register
from digest.reading.metadata import FIELDS, make_article
from digest.reading.paragraphs import split_blocks
from digest.reading.partial import PartialReadError
from digest.text.ids import text_hash

_BODY_FIELDS = ("content", "body", "text")
_DATE_FIELDS = ("date", "date_extracted", "published", "date_published")


Record = tuple[int, Any]
"""A record's 0-based position in the corpus, and its parsed value (or the problem that
kept it from being parsed)."""

_NEXT_RECORD = re.compile(r"\n[ \t]*\{")

MAX_DEPTH = 100
"""The deepest nesting of arrays and objects read (a corpus is 3 or 4 levels deep): the
JSON parser recurses, and a record nested thousands of levels deep would stop it."""

_STRUCTURE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|([\[{])|([\]}])', re.DOTALL)
"""A string (skipped), an opening bracket (group 1) or a closing one (group 2)."""
_ESCAPE = re.compile(r"\\.", re.DOTALL)
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_LONG_NUMBER = "a number too long to read"
_STEPS = {"[": 1, "{": 1, "]": -1, "}": -1}


def _depth(text: str) -> int:
    """How deep the arrays and objects of JSON text nest, without parsing it: escapes
    taken out, then every other piece between quotes is outside strings, and each bracket
    there a step in or out. Each step runs in C: a corpus of 50 MB is measured in under
    half a second. (Exact for valid JSON; `_nesting` tells where.)"""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return 0
    plain = _ESCAPE.sub("", text) if "\\" in text else text
    brackets = _NOT_BRACKETS.sub("", "".join(plain.split('"')[::2]))
    return max(accumulate(map(_STEPS.__getitem__, brackets)), default=0)


def _nesting(text: str, start: int = 0) -> tuple[int | None, int]:
    """Where the JSON value at `start` first nests more than `MAX_DEPTH` deep (None when it
    does not), and where the value ends. A linear scan, without recursion."""
    depth, deep = 0, None
    for match in _STRUCTURE.finditer(text, start):
        if match.lastindex == 1:
            depth += 1
            if depth > MAX_DEPTH and deep is None:
                deep = match.start()
        elif match.lastindex == 2:
            depth -= 1
            if depth == 0:
                return deep, match.end()
    return deep, len(text)


def _too_deep(path: Path, text: str, at: int | None, record: int | None = None) -> InputError:
    what = "has a record that nests" if record is not None else "nests"
    return InputError(
        path,
        f"{what} arrays or objects more than {MAX_DEPTH} levels deep.",
        'Give each record as `{"title": …, "content": …}`, its fields text.',
        line=_line(text, at) if at is not None else None,
        record=record,
    )


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _records(path: Path, text: str) -> list[Record]:
    """The records of a JSON array (or of `{"articles": [...]}`). A record with a syntax
    error is reported with its number and line, and reading resumes at the next line that
    opens a record, so one broken record does not cost the rest of the corpus."""
    if _depth(text) > MAX_DEPTH:  # each record on its own: the deep ones are left out
        if text.lstrip().startswith("["):
            return _records_around_errors(path, text)
        raise _too_deep(path, text, _nesting(text, len(text) - len(text.lstrip()))[0])
    try:
        data = json.loads(text)
    except ValueError:  # (a syntax error, or a number of thousands of digits)
        return _records_around_errors(path, text)
    if isinstance(data, dict):
        data = data.get("articles", data.get("data"))
    if not isinstance(data, list):
        raise InputError(
            path, "is not a JSON array of articles.", 'Write `[{"title": …, "content": …}, …]`.'
        )
    return list(enumerate(data))


def _records_around_errors(path: Path, text: str) -> list[Record]:
    decoder = json.JSONDecoder()
    start = text.find("[")
    if start < 0 or text[:start].strip():
        at = len(text) - len(text.lstrip())
        deep, _ = _nesting(text, at) if text[at : at + 1] in ("[", "{") else (None, 0)
        if deep is not None:
            raise _too_deep(path, text, deep)
        try:
            json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(
                path,
                f"is not valid JSON: {error.msg}.",
                "Fix the JSON syntax.",
                line=error.lineno,
            ) from None
        except ValueError:
            raise InputError(
                path, f"is not valid JSON: {_LONG_NUMBER}.", "Fix the JSON syntax."
            ) from None
    records: list[Record] = []
    position = start + 1
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text) or text[position] == "]":
            return records
        if text[position] in "[{":
            deep, end = _nesting(text, position)
            if deep is not None:
                records.append((len(records), _too_deep(path, text, deep, len(records) + 1)))
                position = end
                continue
        try:
            value, position = decoder.raw_decode(text, position)
        except ValueError as error:  # a syntax error, or a number of thousands of digits
            at = error.pos if isinstance(error, json.JSONDecodeError) else position
            reason = error.msg if isinstance(error, json.JSONDecodeError) else _LONG_NUMBER
            broken = InputError(
                path,
                f"has a record that is not valid JSON: {reason}.",
                "Fix the JSON syntax of that record.",
                line=_line(text, at),
                record=len(records) + 1,
            )
            records.append((len(records), broken))
            following = _NEXT_RECORD.search(text, at)
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
            path,
            "has a record that is not an object.",
            "Each record is `{…}`.",
            record=index + 1,
        )
    meta = {name: record.get(name) for name in FIELDS if name != "date"}
    meta["date"] = next((record[name] for name in _DATE_FIELDS if record.get(name)), None)
    body = next((record[name] for name in _BODY_FIELDS if record.get(name)), "")
    if isinstance(body, list):
        body = "\n".join(str(part) for part in body)
    if not isinstance(body, str):
        raise InputError(
            path,
            "has a record whose content is not text.",
            "Give `content` as a string.",
            record=index + 1,
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
        if _depth(line) > MAX_DEPTH:
            deep = _too_deep(path, line, None, len(records) + 1)
            records.append((len(records), InputError(replace(deep.problem, line=number))))
            continue
        try:
            records.append((len(records), json.loads(line)))
        except ValueError as error:  # a syntax error, or a number of thousands of digits
            reason = error.msg if isinstance(error, json.JSONDecodeError) else _LONG_NUMBER
            problem = Problem(
                path,
                f"has a line that is not valid JSON: {reason}.",
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
