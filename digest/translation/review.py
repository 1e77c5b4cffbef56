"""What needs an editor: flagged and stale sentences, and problems in the memory files.

`review_items` lists sentences to look at; `check_memories` validates every translation
memory sidecar of a seeds folder and reports each problem with its file and line.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from digest import yamlio
from digest.errors import InputError, Problem
from digest.model import Article
from digest.reading.decoding import confine
from digest.translation.memory import SUFFIX, Memory, memory_path, parse_memory


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One sentence an editor should look at."""

    article: Article
    """The article the sentence belongs to."""

    paragraph: int
    """1-based paragraph number (0 for the title)."""

    sentence_id: str
    """The sentence id (the anchor on the article page is `ar-<id>` / `en-<id>`)."""

    arabic: str
    """The Arabic sentence."""

    reason: str
    """Why it needs a look: `stale`, `untranslated`, or a flag `code: detail`."""


def review_items(articles: list[Article]) -> list[ReviewItem]:
    """Flagged, stale and untranslated sentences, in reading order."""
    items = []
    for article in articles:
        located = [(n, s) for n, p in article.numbered_paragraphs() for s in p.sentences]
        for number, sentence in located:
            translation = sentence.translation
            if translation is None:
                reasons = ["untranslated"]
            else:
                reasons = [
                    "stale: the Arabic changed after an editor wrote the English"
                ] * translation.stale
                reasons += [str(flag) for flag in translation.flags]
            items += [ReviewItem(article, number, sentence.id, sentence.text, r) for r in reasons]
    return items


def _memory_problems(path: Path, memory: Memory, article: Article | None) -> list[Problem]:
    problems = []
    counts = Counter(entry.id for entry in memory.entries)
    for entry in memory.entries:
        if counts[entry.id] > 1:
            problems.append(
                Problem(
                    path,
                    f"has the id {entry.id} more than once.",
                    "Keep one entry.",
                    line=entry.line,
                )
            )
    if article is None:
        return problems
    anchors = {"article"} | {p.id for p in article.paragraphs} | {s.id for s in article.sentences}
    for note in memory.notes:
        if note.anchor not in anchors:
            problems.append(
                Problem(
                    path,
                    f"has a note on {note.anchor}, which the article no longer has.",
                    "Move the note to `article`, a paragraph id (p-…) or a sentence id (s-…).",
                    line=note.line,
                )
            )
    hashes = {s.source_hash for s in article.sentences}
    ids = {s.id for s in article.sentences}
    stale = {
        s.translation.source_hash
        for s in article.sentences
        if s.translation and s.translation.stale
    }
    for entry in memory.entries:
        if entry.source_hash in stale:
            problems.append(
                Problem(
                    path,
                    f"{entry.id} is stale: its Arabic changed after the English was written.",
                    "Check the English, then delete the entry's source_hash line.",
                    line=entry.line,
                )
            )
        elif not (entry.source_hash in hashes or (not entry.source_hash and entry.id in ids)):
            problems.append(
                Problem(
                    path,
                    f"{entry.id} is orphaned: no sentence of the article has its Arabic.",
                    "Delete the entry, or move its English to the sentence it belongs to.",
                    line=entry.line,
                )
            )
    return problems


def check_memories(seeds: Path, articles: list[Article]) -> list[Problem]:
    """Every problem of every memory file of the seeds folder, with file and line.

    The articles must have been through `recall_translations`, which tells stale lines."""
    by_path = {memory_path(article): article for article in articles}
    problems = []
    for path in sorted(seeds.glob(f"*{SUFFIX}")):
        article = by_path.get(path)
        try:
            confine(path)
            memory = parse_memory(path, yamlio.read_text(path))  # (read as a build reads it)
        except InputError as error:
            problems.append(error.problem)
            continue
        except yamlio.Refused as error:
            problems.append(yamlio.problem(path, error))
            continue
        if article is None:
            problems.append(
                Problem(
                    path,
                    "belongs to no seed in the folder.",
                    "Delete it, or restore its seed.",
                    line=1,
                )
            )
        problems += _memory_problems(path, memory, article)
    return problems
