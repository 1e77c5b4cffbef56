"""The MkDocs plugin `digest`: generates every digest page in memory.

Pages are created in `on_files` with `File.generated`; nothing is written into `docs/`
(`mkdocs serve` watches it and would rebuild forever). `on_startup` makes MkDocs keep one
plugin instance for a whole `mkdocs serve`, so the translation model loads once.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from digest.build import Prepared, prepare
from digest.pipeline import Translator
from digest.render import make_environment, render_site
from digest.translate.settings import EngineSettings

log = logging.getLogger("mkdocs.plugins.digest")

DEFAULTS = EngineSettings()
ASSETS = Path(__file__).parent / "assets"
ASSET_URIS = {"digest.css": "assets/digest/digest.css", "digest.js": "assets/digest/digest.js"}


class DigestConfig(base.Config):
    """The `digest` section of `mkdocs.yml`; paths are relative to `mkdocs.yml`."""

    seeds = c.Type(str, default="seeds")
    templates = c.Type(str, default="templates")
    translate = c.Type(bool, default=True)
    beam_size = c.Type(int, default=DEFAULTS.beam_size)
    inter_threads = c.Type(int, default=DEFAULTS.inter_threads)
    intra_threads = c.Type(int, default=DEFAULTS.intra_threads)
    max_batch_tokens = c.Type(int, default=DEFAULTS.max_batch_tokens)
    compute_type = c.Type(str, default=DEFAULTS.compute_type)
    device = c.Choice(("cpu", "cuda", "auto"), default=DEFAULTS.device)


class DigestPlugin(BasePlugin[DigestConfig]):
    """Reads the seeds, translates what is missing, renders the pages."""

    def __init__(self) -> None:
        self._translator: Translator | None = None
        self.root = Path.cwd()
        self.prepared: Prepared | None = None
        """Content prepared by `digest build` before MkDocs runs; used once, then cleared."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that MkDocs keeps this instance, and its loaded model, across rebuilds."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        for name, uri in ASSET_URIS.items():
            extra = config.extra_css if name.endswith(".css") else config.extra_javascript
            if uri not in [str(item) for item in extra]:
                extra.append(uri)
        return config

    def _path(self, value: str) -> Path:
        return (self.root / value).resolve()

    def engine_settings(self) -> EngineSettings:
        """The engine settings from the plugin configuration."""
        return EngineSettings(
            beam_size=self.config.beam_size,
            inter_threads=self.config.inter_threads,
            intra_threads=self.config.intra_threads,
            max_batch_tokens=self.config.max_batch_tokens,
            compute_type=self.config.compute_type,
            device=self.config.device,
        )

    def _make_translator(self) -> Translator:
        if self._translator is None:
            from digest.translate.argos import ArgosTranslator

            self._translator = ArgosTranslator.installed(self.engine_settings())
        return self._translator

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        seeds = self._path(self.config.seeds)
        translator = self._make_translator if self.config.translate else None
        prepared, self.prepared = self.prepared, None
        if prepared is None:
            prepared = prepare(seeds, translator)
        for problem in prepared.problems:
            log.warning(str(problem))
        env = make_environment(self._path(self.config.templates))
        pages = render_site(prepared.articles, env, site_title=config.site_name)
        for uri, content in pages.items():
            if files.get_file_from_path(uri) is not None:
                log.warning(f"docs/{uri} is written by hand, so digest does not generate it.")
                continue
            inclusion = InclusionLevel.INCLUDED if uri == "index.md" else InclusionLevel.NOT_IN_NAV
            generated = File.generated(config, uri, content=content, inclusion=inclusion)
            files.append(generated)
        for name, uri in ASSET_URIS.items():
            files.append(File.generated(config, uri, abs_src_path=str(ASSETS / name)))
        return files

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        for folder in (self.config.seeds, self.config.templates):
            path = self._path(folder)
            if path.is_dir():
                server.watch(str(path))
        return server
