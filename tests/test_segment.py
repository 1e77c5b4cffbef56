"""Sentence splitting, driven by the cases in fixtures/segment.yml, and stable ids."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from support import FIXTURES, SEED

from digest.pipeline import assign_slugs, segment
from digest.pipeline.state import BuildState
from digest.reading import read_seed
from digest.text.segment import split_sentences

CASES: list[dict[str, Any]] = yaml.safe_load((FIXTURES / "segment.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_split_sentences(case: dict[str, Any]) -> None:
    assert split_sentences(case["text"]) == case["sentences"]


def test_every_word_is_kept() -> None:
    for paragraph in read_seed(SEED)[0].body:
        assert " ".join(split_sentences(paragraph)).split() == paragraph.split()


def _segmented(body: list[str]) -> BuildState:
    [article] = read_seed(SEED)
    article.body = body
    state = BuildState([article])
    assign_slugs(state)
    segment(state)
    return state


def test_ids_survive_rebuilds_and_edits_to_other_paragraphs() -> None:
    body = read_seed(SEED)[0].body
    first = _segmented(list(body)).articles[0]
    edited = list(body)
    edited[4] = edited[4].replace("الهدف", "الغرض")
    edited.insert(2, "فقرة جديدة أضيفت لاحقاً.")
    second = _segmented(edited).articles[0]
    again = _segmented(list(body)).articles[0]

    def ids(article):  # type: ignore[no-untyped-def]
        return {p.text: (p.id, [s.id for s in p.sentences]) for p in article.paragraphs}

    assert ids(first) == ids(again)
    unchanged = {text: value for text, value in ids(first).items() if text in ids(second)}
    assert len(unchanged) == 12
    assert all(ids(second)[text] == value for text, value in unchanged.items())


def test_ids_are_unique_even_for_repeated_sentences() -> None:
    state = _segmented(["تكرار. تكرار.", "تكرار."])
    sentence_ids = [s.id for p in state.articles[0].paragraphs for s in p.sentences]
    assert len(set(sentence_ids)) == 3
    paragraph_ids = [p.id for p in state.articles[0].paragraphs]
    assert len(set(paragraph_ids)) == 2
