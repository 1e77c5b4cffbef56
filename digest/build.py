"""One build of the digest's content, shared by the CLI and the MkDocs plugin.

Reads the seeds and their memories, runs the pipeline stages, writes the memories back
(as chunks of translations arrive, so an interrupted run keeps what it translated).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from digest.actors.registry import load_registry, parse_registry
from digest.errors import InputError, Problem
from digest.glossary import load_glossary
from digest.model import Article, Sentence
from digest.parallel import workers
from digest.pipeline import run
from digest.project import Project
from digest.readers import read_seeds
from digest.state import BuildState, Translator
from digest.store import load_memories, remove_stale_temporaries, save_memories


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
    project: Project,
    translator: Callable[[], Translator] | None,
    on_progress: Callable[[int, int], None] | None = None,
    save: bool = True,
) -> Prepared:
    """Read, segment, recall, translate and check every article of the project's seeds.

    `on_progress(done, total)` follows the translation, chunk by chunk. With `save`, the
    memories are written as translations arrive and at the end; without, nothing is written.
    """
    if save and project.seeds.is_dir():
        remove_stale_temporaries(project.seeds)  # left by a write that was killed
    articles, problems = read_seeds(project.seeds)
    memories, memory_problems = load_memories(articles)
    try:
        terms = load_glossary(project.glossary)
    except InputError as error:
        terms, problems = [], [*problems, error.problem]
    try:
        registry = load_registry(project.actors)
    except InputError as error:
        registry, problems = parse_registry(project.actors, ""), [*problems, error.problem]
    problems = [*problems, *registry.problems]
    state = BuildState(
        articles,
        memories,
        translator,
        problems=problems + memory_problems,
        quality=replace(project.quality, glossary=terms),
        registry=registry,
        discover=project.discover,
    )
    written: set[Path] = set()

    def persist(chunk: list[Sentence], done: int, total: int) -> None:
        if save:
            chunk_ids = {id(sentence) for sentence in chunk}
            touched = [a for a in state.articles if any(id(s) in chunk_ids for s in a.sentences)]
            written.update(save_memories(touched, memories))
        if on_progress:
            on_progress(done, total)

    state.on_translated = persist
    run(state, workers=project.workers or workers())
    if save:
        written.update(save_memories(state.articles, memories))
    return Prepared(state, sorted(written))
