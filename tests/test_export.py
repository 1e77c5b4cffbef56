"""The export: digest.json valid against its schema, JSON Lines, CSV, offsets that hold."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from typing import Any

import jsonschema
from support import FIXTURES, ROOT

from digest.build import prepare
from digest.outputs.export import RECORD_TYPES, SCHEMA, export_files, records
from digest.project import Project


def _files() -> dict[str, str]:
    prepared = prepare(Project.from_section(ROOT, {}), None, save=False)
    return texts(export_files(prepared.articles, prepared.state.actors))


def texts(files: Iterable[tuple[str, str]]) -> dict[str, str]:
    return dict(files)


def test_digest_json_is_valid_against_the_published_schema() -> None:
    files = _files()
    schema = json.loads(files["digest.schema.json"])
    assert schema == json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(files["digest.json"])
    jsonschema.validate(data, schema)
    assert len(data["sentences"]) == 14 and len(data["quotes"]) == 10
    assert {"khalifa-haftar", "france"} <= {a["id"] for a in data["actors"]}


def test_offsets_point_at_the_text_on_both_sides() -> None:
    data = json.loads(_files()["digest.json"])
    sentences = {(s["article"], s["sentence"]): s for s in data["sentences"]}
    for mention in data["mentions"]:
        sentence = sentences[(mention["article"], mention["sentence"])]
        assert sentence["ar"][mention["start"] : mention["end"]] == mention["text"]
        if mention["en_start"] is not None:
            english = sentence["translation"]["text"][mention["en_start"] : mention["en_end"]]
            assert english.strip() and english == english.strip()


def test_json_lines_and_csv_hold_the_same_records() -> None:
    files = _files()
    data = json.loads(files["digest.json"])
    for kind in RECORD_TYPES:
        lines = [json.loads(line) for line in files[f"export/{kind}.jsonl"].splitlines()]
        assert lines == data[kind]
    rows = list(csv.DictReader(io.StringIO(files["export/mentions.csv"])))
    assert len(rows) == len(data["mentions"]) and rows[0]["actor"] == data["mentions"][0]["actor"]
    quotes = list(csv.DictReader(io.StringIO(files["export/quotes.csv"])))
    assert [q["speaker_en"] or q["speaker"] for q in quotes][2] == "a French diplomatic source"


def test_two_exports_are_byte_identical() -> None:
    assert _files() == _files()


def assert_digest_json_holds(text: str, data: dict[str, list[dict[str, Any]]]) -> None:
    """`digest.json` is the records, each on a line of its own, in order."""
    assert json.loads(text) == {"version": 1, **data}
    lines = text.splitlines()
    on_lines = [json.loads(line.removesuffix(",")) for line in lines if line.startswith("  {")]
    assert on_lines == [record for kind in RECORD_TYPES for record in data[kind]]
    structure = re.compile(r'\{|\}| "version": 1,| "[a-z]+": \[(\],?)?| \],?')
    assert all(structure.fullmatch(line) for line in lines if not line.startswith("  {"))


def test_digest_json_joined_from_fragments_has_every_record_on_its_line() -> None:
    prepared = prepare(Project.from_section(ROOT, {}), None, save=False)
    data = records(prepared.articles, prepared.state.actors)
    text = texts(export_files(prepared.articles, prepared.state.actors))["digest.json"]
    assert_digest_json_holds(text, data)
    assert text.startswith('{\n "version": 1,\n "articles": [\n  {"key": ') and text.endswith(
        "\n}\n"
    )
    assert_digest_json_holds(texts(export_files([], {}))["digest.json"], records([], {}))


def test_the_exports_of_several_articles_hold_every_record_once() -> None:
    project = Project.from_section(ROOT, {"seeds": str(FIXTURES / "search")})
    prepared = prepare(project, None, save=False)
    articles, actors = prepared.articles, prepared.state.actors
    assert len(articles) >= 3
    files = texts(export_files(articles, actors))
    assert_digest_json_holds(files["digest.json"], records(articles, actors))
    assert files == texts(export_files(articles, actors, workers=1))
