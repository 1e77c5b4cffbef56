"""A site's digest settings: where its inputs are and how to translate and check them.

Built from the `digest` section of `mkdocs.yml`, by the plugin and by the CLI alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from digest.quality import QualitySettings
from digest.translate.settings import EngineSettings


@dataclass(frozen=True)
class Project:
    """Paths and settings of one digest site."""

    root: Path
    """The folder of `mkdocs.yml`; relative paths start there."""

    seeds: Path
    """The folder of Arabic articles and their sidecars."""

    templates: Path
    """The site's own templates, which override digest's."""

    glossary: Path
    """The glossary of names and terms (may not exist)."""

    actors: Path
    """The actor registry, `actors.yml` (may not exist: CLDR's countries alone then)."""

    discover: bool = True
    """Whether to look for people the registry does not know."""

    translate: bool = True
    """Whether a build translates missing sentences when a model is installed."""

    workers: int = 0
    """Processes that render pages and build the index; 0 for every core available."""

    search_block_articles: int = 500
    """Articles per block of the search index: larger blocks mean fewer files for a
    reader's query, smaller ones less to index again after an edit."""

    engine: EngineSettings = field(default_factory=EngineSettings)
    """How the translation model runs."""

    quality: QualitySettings = field(default_factory=QualitySettings)
    """Thresholds of the quality checks (the glossary's terms are loaded at build time)."""

    @classmethod
    def from_section(cls, root: Path, section: dict[str, Any]) -> Project:
        """The project described by a `digest` plugin section (unknown keys are ignored)."""

        def pick(kind: type[Any]) -> dict[str, Any]:
            names = {f.name for f in fields(kind)} - {"glossary"}
            return {k: v for k, v in section.items() if k in names and v is not None}

        return cls(
            root=root,
            seeds=root / str(section.get("seeds") or "seeds"),
            templates=root / str(section.get("templates") or "templates"),
            glossary=root / str(section.get("glossary") or "glossary.yml"),
            actors=root / str(section.get("actors") or "actors.yml"),
            discover=bool(section.get("discover", True)),
            translate=bool(section.get("translate", True)),
            workers=int(section.get("workers") or 0),
            search_block_articles=int(
                section.get("search_block_articles") or cls.search_block_articles
            ),
            engine=replace(EngineSettings(), **pick(EngineSettings)),
            quality=replace(QualitySettings(), **pick(QualitySettings)),
        )
