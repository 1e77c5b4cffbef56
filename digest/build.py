"""One build of the digest's content, shared by the CLI and the MkDocs plugin.

Reads the seeds and their memories, runs the pipeline stages, writes the memories back
(as chunks of translations arrive, so an interrupted run keeps what it translated).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from digest.errors import Problem
from digest.model import Article, Sentence
from digest.pipeline import BuildState, Translator, run
from digest.readers import read_seeds
from digest.store import load_memories, save_memories


@dataclass
class Prepared:
    """The outcome of preparing the content: articles ready to render, and what happened."""

    state: BuildState
    """The pipeline's final state (articles, problems, counts)."""

    written: list[Path]
    """Memory sidecars written in this run."""

    @property
    def articles(self) -> list[Article]:
        """The articles, segmented and translated as far as possible."""
        return self.state.articles

    @property
    def problems(self) -> list[Problem]:
        """Every problem met, in the order met."""
        return self.state.problems


def prepare(
    seeds: Path,
    translator: Callable[[], Translator] | None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Prepared:
    """Read, segment, recall and translate every article of the seeds folder.

    `on_progress(done, total)` follows the translation, chunk by chunk.
    """
    articles, problems = read_seeds(seeds)
    memories, memory_problems = load_memories(articles)
    state = BuildState(articles, memories, translator, problems=problems + memory_problems)
    written: set[Path] = set()

    def persist(chunk: list[Sentence], done: int, total: int) -> None:
        chunk_ids = {id(sentence) for sentence in chunk}
        touched = [a for a in articles if any(id(s) in chunk_ids for s in a.sentences)]
        written.update(save_memories(touched, memories))
        if on_progress:
            on_progress(done, total)

    state.on_translated = persist
    run(state)
    written.update(save_memories(articles, memories))
    return Prepared(state, sorted(written))
