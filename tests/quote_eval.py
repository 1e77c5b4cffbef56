"""Recall and precision of quotation spans, and the share given the right speaker."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from digest.actors.registry import Registry
from digest.model import Article, Quote
from digest.pipeline import STAGES, run
from digest.pipeline.state import BuildState
from digest.text.arabic import normalize


@dataclass
class QuoteScores:
    gold: int = 0
    found: int = 0
    matched: int = 0
    right_speaker: int = 0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def speaker_share(self) -> float:
        return self.right_speaker / self.matched if self.matched else 1.0


def load_cases(path: Path) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return cases


def _speaker_label(quote: Quote, state: BuildState) -> str:
    if quote.speaker is None:
        return f"source:{quote.speaker_en}" if quote.speaker_en else "none"
    actor = state.actors[quote.speaker]
    return quote.speaker if actor.reviewed else f"name:{actor.ar}"


def _same_speaker(gold: str, found: str) -> bool:
    if gold.startswith("name:") and found.startswith("name:"):
        return normalize(gold[5:]) == normalize(found[5:])
    return gold == found


def found_quotes(case: dict[str, Any], registry: Registry) -> list[tuple[str, str]]:
    article = Article(key="case", source_path=Path("case.txt"), title="-", body=[case["text"]])
    state = BuildState([article], registry=registry)
    run(
        state,
        [stage for stage in STAGES if stage.__name__ not in ("translate_missing", "flag_quality")],
    )
    found = []
    for sentence in article.paragraphs[0].sentences:
        for quote in sentence.quotes:
            inner = sentence.text[
                quote.start + 1 : quote.end - (0 if quote.unclosed else 1)
            ].strip()
            found.append((inner, _speaker_label(quote, state)))
    return found


def score(cases: list[dict[str, Any]], registry: Registry) -> tuple[QuoteScores, list[str]]:
    scores, errors = QuoteScores(), []
    for case in cases:
        gold = [(q["text"].strip(), str(q["speaker"])) for q in case["quotes"]]
        found = found_quotes(case, registry)
        scores.gold += len(gold)
        scores.found += len(found)
        unmatched = list(found)
        for text, speaker in gold:
            match = next((f for f in unmatched if normalize(f[0]) == normalize(text)), None)
            if match is None:
                errors.append(f"missed: {text}")
                continue
            unmatched.remove(match)
            scores.matched += 1
            if _same_speaker(speaker, match[1]):
                scores.right_speaker += 1
            else:
                errors.append(f"speaker of {text[:30]}: {match[1]} instead of {speaker}")
        errors += [f"extra: {text}" for text, _ in unmatched]
    return scores, errors
