"""Precision and recall of actor mentions against hand-annotated paragraphs."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from digest.actors.registry import Registry
from digest.model import Article
from digest.pipeline import STAGES, run
from digest.pipeline.state import BuildState

TYPES = ("person", "organization", "country")


@dataclass
class Scores:
    gold: Counter[str]
    predicted: Counter[str]
    correct_gold: Counter[str]
    correct_predicted: Counter[str]

    def precision(self, kind: str) -> float:
        return self.correct_predicted[kind] / self.predicted[kind] if self.predicted[kind] else 1.0

    def recall(self, kind: str) -> float:
        return self.correct_gold[kind] / self.gold[kind] if self.gold[kind] else 1.0


def load_cases(path: Path) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return cases


def gold_spans(case: dict[str, Any]) -> list[tuple[int, int, str]]:
    spans, position = [], 0
    for mention in case["mentions"]:
        # Whole words, but a clitic (و ف ب ل ك) may be attached before the mention.
        whole = rf"(?<![^\W\u0648\u0641\u0628\u0644\u0643]){re.escape(mention['text'])}(?!\w)"
        found = re.compile(whole).search(case["text"], position)
        assert found, mention
        spans.append((found.start(), found.end(), mention["type"]))
        position = found.end()
    return spans


def predicted_spans(
    case: dict[str, Any], registry: Registry, discover: bool
) -> list[tuple[int, int, str]]:
    article = Article(key="case", source_path=Path("case.txt"), title="-", body=[case["text"]])
    state = BuildState([article], registry=registry, discover=discover)
    run(
        state,
        [stage for stage in STAGES if stage.__name__ not in ("translate_missing", "flag_quality")],
    )
    spans, position = [], 0
    for sentence in article.paragraphs[0].sentences:
        offset = case["text"].index(sentence.text, position)  # sentence offsets are their own
        position = offset + len(sentence.text)
        spans += [
            (offset + m.start, offset + m.end, state.actors[m.actor].type)
            for m in sentence.mentions
        ]
    return spans


def score(
    cases: list[dict[str, Any]], registry: Registry, discover: bool
) -> tuple[Scores, list[str]]:
    scores = Scores(Counter(), Counter(), Counter(), Counter())
    errors = []
    for case in cases:
        gold = gold_spans(case)
        predicted = predicted_spans(case, registry, discover)
        scores.gold.update(kind for *_, kind in gold)
        scores.predicted.update(kind for *_, kind in predicted)
        used: set[int] = set()
        for start, end, kind in predicted:
            match = next(
                (
                    i
                    for i, (s, e, k) in enumerate(gold)
                    if i not in used and k == kind and s < end and start < e
                ),
                None,
            )
            if match is None:
                errors.append(f"extra {kind}: {case['text'][start:end]}")
                continue
            used.add(match)
            scores.correct_predicted[kind] += 1
            scores.correct_gold[kind] += 1
        errors += [
            f"missed {k}: {case['text'][s:e]}" for i, (s, e, k) in enumerate(gold) if i not in used
        ]
    return scores, errors
