"""The state the processing stages share: articles, memories, engine, problems, figures."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from digest.errors import Problem
from digest.model import Actor, Article, Ident, Sentence, Translation
from digest.translation.memory import Memory
from digest.translation.quality import QualitySettings

if TYPE_CHECKING:
    from digest.actors.discover import Candidate, Found
    from digest.actors.match import Matcher
    from digest.actors.registry import Registry


class Translator(Protocol):
    """What the translate stage needs of an engine."""

    label: str

    def translate(
        self,
        texts: list[str],
        on_chunk: Callable[[list[int], list[Translation]], None] | None = None,
    ) -> list[Translation]: ...


@dataclass
class Counts:
    """Figures for the build summary."""

    translated: int = 0
    """Sentences the machine translated in this run."""

    reused: int = 0
    """Sentences whose English came from the memory."""

    stale: int = 0
    """Editor lines whose Arabic has changed since."""

    untranslated: int = 0
    """Sentences left without English (no model installed)."""

    flags: Counter[str] = field(default_factory=Counter)
    """Machine lines flagged, by flag code."""

    flagged: int = 0
    """Machine lines with at least one flag."""

    def add(self, other: Counts) -> None:
        """Add the figures of another part of the same build."""
        for name in ("translated", "reused", "stale", "untranslated", "flagged"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.flags.update(other.flags)


@dataclass
class BuildState:
    """Everything the stages read and change."""

    articles: list[Article]
    """The articles, as read from the seeds."""

    memories: dict[str, Memory] = field(default_factory=dict)
    """Translation memories loaded from the sidecars, by article key."""

    translator: Callable[[], Translator] | None = None
    """Makes the engine; called only when something needs translating, so the model loads
    only then. It raises ModelMissingError when no model is installed."""

    on_translated: Callable[[list[Sentence], int, int], None] | None = None
    """Called after each translated chunk with the chunk, the count done and the total
    to translate (for progress and for writing the memory as it grows)."""

    problems: list[Problem] = field(default_factory=list)
    """Problems met on the way; the build goes on."""

    counts: Counts = field(default_factory=Counts)
    """Figures for the summary."""

    quality: QualitySettings = field(default_factory=QualitySettings)
    """Thresholds of the quality checks, and the glossary."""

    untranslated: Problem | None = None
    """Why sentences were left without English, when some were (also in `problems`)."""

    registry: Registry | None = None
    """The known actors; None skips the actor stages."""

    actors: dict[str, Actor] = field(default_factory=dict)
    """Every actor of this build: the registry's and the candidates discovered."""

    discover: bool = True
    """Whether to look for actors the registry does not know."""

    candidates: dict[str, tuple[str, Candidate]] = field(default_factory=dict)
    """Discovered actors: normalised Arabic name to (actor id, candidate with evidence)."""

    unconfirmed: list[Candidate] = field(default_factory=list)
    """Names discovered with too little evidence to be actors: suggested for review only."""

    workers: int = 1
    """Processes a stage over all articles may use (discovery spells names in them)."""

    settled: frozenset[Ident] = frozenset()
    """The articles (`Article.ident`) taken as a previous build left them: the per-article
    stages pass them by, the stages over all articles (slugs, discovery) count them in."""

    found: dict[Ident, list[Found]] = field(default_factory=dict)
    """Names each article introduces (discovery's per-article part), by `Article.ident`;
    given for the settled articles."""

    matchers: dict[str, Matcher] = field(default_factory=dict)
    """The registry's matcher and the discovered actors' (`registry`, `discovered`), built
    once by the stages over all articles before the per-article stages share out the
    articles among processes."""

    discovered_before: tuple[tuple[str, str, str, str], ...] | None = None
    """The discovered actors the settled articles were annotated with; discovery stops the
    build (DiscoveredActorsChanged) when it finds others."""

    @property
    def pending(self) -> list[Article]:
        """The articles the per-article stages work on: every article not settled."""
        if not self.settled:
            return self.articles
        return [article for article in self.articles if article.ident not in self.settled]


class DiscoveredActorsChanged(Exception):
    """The discovered actors differ from those the settled articles were annotated with:
    they must be annotated again."""


Stage = Callable[[BuildState], None]
