"""A site's digest settings: where its inputs are and how to translate and check them.

Built from the `digest` section of `mkdocs.yml`, by the plugin and by the CLI alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from digest.options import Option, option, options_of, value
from digest.translation.quality import QualitySettings
from digest.translation.settings import EngineSettings


@dataclass(frozen=True)
class Project:
    """Paths and settings of one digest site. The fields marked `option` are the `digest`
    section's options (and some the command line's flags: `OPTIONS`)."""

    root: Path
    """The folder of `mkdocs.yml`; relative paths start there."""

    seeds: Path = field(
        metadata=option("the folder of Arabic articles and their sidecars", path="seeds")
    )
    """The folder of Arabic articles and their sidecars."""

    templates: Path = field(
        metadata=option("the site's own templates, over digest's", path="templates")
    )
    """The site's own templates, which override digest's."""

    glossary: Path = field(metadata=option("the glossary of names and terms", path="glossary.yml"))
    """The glossary of names and terms (may not exist)."""

    actors: Path = field(metadata=option("the actor registry", path="actors.yml"))
    """The actor registry, `actors.yml` (may not exist: CLDR's countries alone then)."""

    discover: bool = field(
        default=True, metadata=option("look for people the registry does not know")
    )
    """Whether to look for people the registry does not know."""

    translate: bool = field(
        default=True, metadata=option("translate missing sentences when a model is installed")
    )
    """Whether a build translates missing sentences when a model is installed."""

    workers: int = field(
        default=0, metadata=option("processes for annotating and rendering; 0: every core")
    )
    """Processes that annotate articles, render pages and build the index; 0 for every
    core available."""

    search_block_articles: int = field(
        default=500, metadata=option("articles per block of the search index")
    )
    """Articles per block of the search index: larger blocks mean fewer files for a
    reader's query, smaller ones less to index again after an edit."""

    engine: EngineSettings = field(default_factory=EngineSettings)
    """How the translation model runs."""

    quality: QualitySettings = field(default_factory=QualitySettings)
    """Thresholds of the quality checks (the glossary's terms are loaded at build time)."""

    @classmethod
    def from_section(cls, root: Path, section: dict[str, Any]) -> Project:
        """The project described by a `digest` plugin section (unknown keys are ignored;
        a key given as None takes its default)."""

        def given(kind: type) -> dict[str, Any]:
            return {o.name: value(section.get(o.name), o) for o in options_of(kind)}

        paths = {o.name for o in options_of(cls) if o.kind is str}
        mine = {k: root / v if k in paths else v for k, v in given(cls).items()}
        engine, quality = EngineSettings(**given(EngineSettings)), QualitySettings()
        return cls(root, **mine, engine=engine, quality=replace(quality, **given(QualitySettings)))


OPTIONS: list[Option] = [
    *options_of(Project),
    *options_of(EngineSettings),
    *options_of(QualitySettings),
]
"""Every option of the `digest` section of `mkdocs.yml`."""
