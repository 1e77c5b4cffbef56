"""The MkDocs plugin `digest`: adds the generated pages and files to the site.

Like mkdocs-gen-files, it creates them in `on_files` with `File.generated`, backed by files
in `.digest-cache/generated/` for the length of the build; nothing is written into `docs/`
(`mkdocs serve` watches it and would rebuild forever). The content comes from
`digest.build` (`prepare`, then `generate_cached`); what did not change since the last
build is taken from the cache on disk (`digest.cache`).
"""

from __future__ import annotations

import gc
import logging
import zlib
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from digest.build import Prepared, SiteSettings, collector_off, generate_cached, prepare
from digest.cache import write_generated, written
from digest.pipeline.state import Translator
from digest.project import OPTIONS, Project
from digest.text.ids import is_safe_page_path
from digest.translation.settings import EngineSettings

log = logging.getLogger("mkdocs.plugins.digest")

ASSETS = Path(__file__).parent.parent / "assets"
LISTED = {
    "index.md",
    "all-stories.md",
    "actors/index.md",
    "quotes.md",
    "archive.md",
    "search.md",
}
"""Generated pages a site may put in its navigation; the others stay out of it."""
ASSET_URIS = {
    "digest.css": "assets/digest/digest.css",
    "digest.js": "assets/digest/digest.js",
    "search.js": "assets/digest/search.js",
}
"""The stylesheet and script every page loads; the rest of ASSETS (fonts) they refer to."""


if TYPE_CHECKING:
    DigestConfig = base.Config
else:
    DigestConfig = type(
        "DigestConfig",
        (base.Config,),
        {
            "__doc__": "The `digest` section of `mkdocs.yml` (`digest.project.OPTIONS`); paths"
            " are relative to `mkdocs.yml`.",
            **{
                o.name: c.Choice(o.choices, default=o.default)
                if o.choices
                else c.Type(o.kind, default=o.default)
                for o in OPTIONS
            },
        },
    )


class DigestPlugin(BasePlugin[DigestConfig]):
    """Reads the seeds, translates what is missing, adds the pages and files."""

    def __init__(self) -> None:
        self.project: Project | None = None
        self.prepared: Prepared | None = None
        """Content prepared by `digest build` before MkDocs runs; used once, then cleared."""
        self._translator: tuple[EngineSettings, Translator] | None = None
        """The engine, loaded once while its settings do not change (`mkdocs serve`)."""
        self._ours: set[str] = set()  # (the pages this build generated)
        self._converted: dict[str, bytes] = {}  # (their HTML, compressed: `on_page_content`)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """(Defined: MkDocs keeps this instance, and its loaded model, across rebuilds.)"""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.project = Project.from_section(root, dict(self.config))
        for name, uri in ASSET_URIS.items():
            extra = config.extra_css if name.endswith(".css") else config.extra_javascript
            if uri not in [str(item) for item in extra]:
                extra.append(uri)
        return config

    def _make_translator(self) -> Translator:
        assert self.project is not None
        settings = self.project.engine
        if self._translator is None or self._translator[0] != settings:
            from digest.translation.argos import ArgosTranslator

            self._translator = (settings, ArgosTranslator.installed(settings))
        return self._translator[1]

    @collector_off()  # (millions of objects live: the articles)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        project = self.project
        assert project is not None
        prepared, self.prepared = self.prepared, None
        if prepared is None:
            prepared = prepare(project, self._make_translator if project.translate else None)
        site = SiteSettings(
            config.site_name, config.site_url or "", config.use_directory_urls, project.templates
        )
        for problem in prepared.problems:
            log.warning(str(problem))
        by_hand = set(files.src_uris)

        def safe(uri: str) -> bool:
            if not is_safe_page_path(uri):
                log.error(f"digest: refused to write {uri!r}: the path would leave the site.")
            return is_safe_page_path(uri)

        before = written(project.root)
        made = generate_cached(project, prepared, site, before)
        keys = {uri: key for uri, key in made.keys.items() if safe(uri)}
        # (all written and recorded, those hidden by files by hand too: not added to the site)
        keys.update((uri, made.files_key) for uri in made.unchanged)

        def fresh() -> Iterator[tuple[str, bytes]]:
            for uri, data in made.files:
                keys[uri] = made.files_key
                yield uri, data

        # Under the cache folder (as mkdocs-gen-files writes to a temporary one), only
        # where they changed: MkDocs reads them one at a time, `--dirty` not the others.
        folder = write_generated(project.root, keys, chain(made.pages, fresh()), before)
        for uri in (uri for uri in keys if uri in by_hand):
            log.warning(f"docs/{uri} is written by hand, so digest does not generate it.")
        self._ours = {uri for uri in keys if uri in made.keys and uri not in by_hand}
        pages: list[File] = []
        others: list[File] = []
        for uri in (uri for uri in keys if uri not in by_hand):
            source = f"{folder}/{uri}"
            if uri in self._ours:
                shown = InclusionLevel.INCLUDED if uri in LISTED else InclusionLevel.NOT_IN_NAV
                pages.append(File.generated(config, uri, abs_src_path=source, inclusion=shown))
            else:
                others.append(File.generated(config, uri, abs_src_path=source))
        assets = [
            File.generated(config, f"assets/digest/{uri}", abs_src_path=str(ASSETS / uri))
            for uri in sorted(
                p.relative_to(ASSETS).as_posix() for p in ASSETS.rglob("*") if p.is_file()
            )
        ]
        # (A file of the same path as one before replaces it, as `Files.append` does.)
        return Files([*files, *pages, *assets, *others])

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        gc.collect()  # (the articles, let go since `on_files`; what lives on till the end of
        gc.freeze()  # the build: out of the collector's passes while the pages convert)
        return nav

    # MkDocs converts every page before it writes any, holding all their HTML: digest's is
    # kept compressed until written. Other plugins see it as usual: these run after them
    # (priority -100) and give the HTML back before them (100).

    @event_priority(-100)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri not in self._ours:
            return html
        page.markdown = ""
        self._converted[page.file.src_uri] = zlib.compress(html.encode(), 1)
        return ""

    @event_priority(100)
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        compressed = self._converted.pop(page.file.src_uri, None)
        if compressed is not None:
            page.content = zlib.decompress(compressed).decode()
        return context

    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.src_uri in self._ours:
            page.content = ""
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        gc.unfreeze()

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()
        self._converted = {}

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        assert self.project is not None
        project = self.project
        for path in (project.seeds, project.templates, project.glossary, project.actors):
            if path is not None and path.exists():
                server.watch(str(path))
        return server
