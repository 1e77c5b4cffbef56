"""The MkDocs plugin `digest`: generates every digest page in memory.

Pages are created in `on_files` with `File.generated`; nothing is written into `docs/`
(`mkdocs serve` watches it and would rebuild forever). The files no page links to (the
search index and the exports) are made or written in another process while MkDocs
converts the pages (`digest.background`), and the build waits for it in `on_post_build`.
When a build renders many pages (the first), they too are rendered in another process as
MkDocs converts those before them (`digest.page_stream`).
`on_startup` makes MkDocs keep one plugin instance for a whole `mkdocs serve`, so the
translation model loads once, and a rebuild reuses what the last one made from
everything that did not change: articles (`digest.reuse`), pages, index blocks, export
fragments, feeds and MkDocs' File objects.
"""

from __future__ import annotations

import gc
import logging
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from digest.actors.index import IndexMemo, build_index
from digest.background import Background, BackgroundError, Changes, changes, with_changes
from digest.build import Prepared, collector_off, prepare
from digest.model import newest_first
from digest.options import Option
from digest.outputs.export import ExportMemo, export_files
from digest.outputs.feeds import FeedMemo, feeds
from digest.outputs.search import Block, Indexed, SearchMemo, search_files
from digest.packed import Packed, pack
from digest.packed_file import PackedFile
from digest.page_stream import LaterPages, Pending, StreamError, render_later
from digest.parallel import workers as cores
from digest.pipeline.state import Translator
from digest.project import OPTIONS, Project
from digest.reuse import Reuse, Snapshot, snapshot
from digest.site.render import (
    PageMemo,
    SpecMemo,
    make_environment,
    site_specs,
)
from digest.store import fingerprint
from digest.text.ids import is_safe_page_path
from digest.translation.settings import EngineSettings
from digest.watch import SeedsWatch

log = logging.getLogger("mkdocs.plugins.digest")

ASSETS = Path(__file__).parent.parent / "assets"
LISTED = {"index.md", "actors/index.md", "quotes.md", "archive.md", "search.md"}
"""Generated pages a site may put in its navigation; the others stay out of it."""
ASSET_URIS = {
    "digest.css": "assets/digest/digest.css",
    "digest.js": "assets/digest/digest.js",
    "search.js": "assets/digest/search.js",
}
"""The stylesheet and script every page loads; the rest of ASSETS (fonts) they refer to."""


INCLUDED, NOT_IN_NAV = InclusionLevel.INCLUDED, InclusionLevel.NOT_IN_NAV


Inputs = tuple[Snapshot, str]
"""The seeds folder's snapshot (`digest.reuse.snapshot`), and a fingerprint of templates,
registry, glossary and settings."""

Generated = tuple[list[str], list[tuple[str, Packed | Pending]], list[tuple[str, Packed]]]
"""Warnings, pages and other files (by path in the site) generated from the inputs (the
pages rendering in another process pending until the build is over: `LaterPages`)."""


@dataclass
class Memo:
    """What one build generated, for the next to reuse (see `digest.reuse`)."""

    environment: jinja2.Environment
    """The templates, compiled."""

    index: IndexMemo = field(default_factory=IndexMemo)
    pages: PageMemo = field(default_factory=dict)
    specs: SpecMemo = field(default_factory=SpecMemo)
    exports: ExportMemo = field(default_factory=ExportMemo)
    search: SearchMemo = field(default_factory=SearchMemo)
    feeds: FeedMemo = field(default_factory=dict)


Written = dict[str, tuple[InclusionLevel, PackedFile]]
"""Generated files by path, with the inclusion asked for (MkDocs changes the File's)."""


Stamps = dict[str, tuple[int, int]]
"""Files written, by path: their size and modification time after."""

Make = Callable[[int | None], dict[str, Packed]]
"""Makes some of the files no page links to (by path in the site), on so many processes."""


@dataclass
class Unlinked:
    """The files no page links to (exports, search index), as made and written."""

    written: Written
    """The files, as written; empty unless the plugin serves (only a next build needs
    them) or when they were made in this process."""

    exports: ExportMemo | None
    search: SearchMemo | None
    """The memos as making the files left them, when they were made in the other process
    (None unless the plugin serves)."""

    by_hand: list[str]
    """The files not written: `docs/` has them."""

    to_write: list[str] = field(default_factory=list)
    """The files not there as the last build wrote them (the others are left as they are)."""


@dataclass
class SearchWritten:
    """The search index as the other process made and wrote it in a rebuild, sent back as
    changes (`digest.background.changes`) from what the build's process holds: one block
    and a few articles' documents change, of tens of thousands of files."""

    articles: Changes[object, list[Indexed]]
    """`SearchMemo.articles`."""

    blocks: Changes[str, tuple[object, Block]]
    """`SearchMemo.blocks`."""

    written: Changes[str, tuple[InclusionLevel, PackedFile]]
    """The index's files, as `Unlinked.written`."""

    by_hand: list[str]
    """The index's files not written: `docs/` has them."""

    stamps: Stamps
    """The files written: the exports' too (`Unlinked.to_write`)."""


@dataclass
class UnlinkedFiles:
    """The files no page links to: made and written in another process
    (`digest.background`) while MkDocs converts and writes the pages. When the last
    build's can be reused (a few articles' share of them changes), the exports are made at
    once here (joined by reference from what did not change, and large) and only written
    there; the search index is made there and sent back as changes (`SearchWritten`)."""

    job: Background[Unlinked] | Background[SearchWritten]
    memo: Memo
    """The memo the job started from: its exports' and search's parts are the job's."""

    made: Unlinked | None = None
    """The exports, when made here (the job writes them)."""

    last: Written = field(default_factory=dict)
    """The last build's files, which the job's changes are from."""

    _taken: Unlinked | None = field(default=None, init=False, repr=False)

    def result(self) -> Unlinked:
        """What the job made or wrote, waiting for it if need be; the memos it left are
        taken, and the stamps of the files it wrote given to them."""
        if self._taken is None:
            self._taken = self._take(self.job.result())
        return self._taken

    def _take(self, done: Unlinked | SearchWritten) -> Unlinked:
        if isinstance(done, Unlinked):
            if done.exports is not None and done.search is not None:
                self.memo.exports, self.memo.search = done.exports, done.search
            return done
        assert self.made is not None
        search = self.memo.search
        search.articles = with_changes(done.articles, search.articles)
        search.blocks = with_changes(done.blocks, search.blocks)
        written = self.made.written | with_changes(done.written, self.last)
        # The last build's files are let go now: those replaced are the old versions of
        # the files that changed (hundreds of index files, each freed back to the
        # system), which would otherwise be held until the next rebuild, and freed there.
        self.last = {}
        for uri, stamp in done.stamps.items():
            file = written[uri][1]
            file.written, file.previous = stamp, None
        by_hand = sorted([*self.made.by_hand, *done.by_hand])
        return replace(self.made, written=written, by_hand=by_hand, to_write=[])


def _config_option(setting: Option) -> base.BaseConfigOption[Any]:
    if setting.choices:
        return c.Choice(setting.choices, default=setting.default)
    return c.Type(setting.kind, default=setting.default)


if TYPE_CHECKING:
    DigestConfig = base.Config
else:
    DigestConfig = type(
        "DigestConfig",
        (base.Config,),
        {
            "__doc__": "The `digest` section of `mkdocs.yml` (`digest.project.OPTIONS`); paths"
            " are relative to `mkdocs.yml`.",
            **{setting.name: _config_option(setting) for setting in OPTIONS},
        },
    )


class DigestPlugin(BasePlugin[DigestConfig]):
    """Reads the seeds, translates what is missing, renders the pages."""

    def __init__(self) -> None:
        self._translator: tuple[EngineSettings, Translator] | None = None
        self.project: Project | None = None
        self.prepared: Prepared | None = None
        """Content prepared by `digest build` before MkDocs runs; used once, then cleared."""
        self._last: tuple[Inputs, *Generated, UnlinkedFiles] | None = None
        """The inputs' fingerprint and what they generated, for `mkdocs serve` rebuilds
        (the files no page links to as another process makes or writes them while MkDocs
        converts the pages: `UnlinkedFiles`)."""
        self._reuse: Reuse | None = None
        """What the last build's preparation left for the next."""
        self._site: tuple[object, ...] = ()
        """What every generated file depends on (settings, templates, actors) in the last
        build."""
        self._memo: Memo | None = None
        """What the last build generated, reused where what it shows is the same."""
        self._files: Written = {}
        """The files of the last build that MkDocs writes."""
        self._made: Written = {}
        """The files of this build so far."""
        self._unlinked: Written = {}
        """The files no page links to, as the last build wrote them."""
        self._serving = True
        """Whether the plugin serves (`mkdocs serve`): what a build made is kept for the next."""
        self._reused = False
        """Whether this build reuses the last one's files no page links to, as they are:
        none of them was looked at since MkDocs cleaned the site."""
        self._by_hand: frozenset[str] = frozenset()
        """The files of this build's `docs/`, which digest does not generate again."""
        self._compressed: dict[str, Packed] = {}
        """The HTML of digest's pages, converted and not written yet, compressed."""
        self._files_site: tuple[str, bool] = ("", True)
        """Where the files of `_files` are written, and how (directory URLs or not)."""
        self._watch: SeedsWatch | None = None
        """The seeds folder's watch, while `mkdocs serve` runs."""
        self._unprepared: set[str] | None = None
        """The seeds folder's names changed since the last preparation, as the watch
        told; None when it cannot tell."""
        self._later: LaterPages | None = None
        """This build's pages, when they are rendering in another process."""
        self.render_elapsed = 0.0
        """The CPU time, in seconds, the other process took to render the last build's
        pages (0 when they were rendered before MkDocs went on)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that MkDocs keeps this instance, and its loaded model, across rebuilds."""
        self._serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.project = Project.from_section(root, dict(self.config))
        for name, uri in ASSET_URIS.items():
            extra = config.extra_css if name.endswith(".css") else config.extra_javascript
            if uri not in [str(item) for item in extra]:
                extra.append(uri)
        return config

    def _make_translator(self) -> Translator:
        """The engine for the current settings; kept while they do not change."""
        assert self.project is not None
        settings = self.project.engine
        if self._translator is None or self._translator[0] != settings:
            from digest.translation.argos import ArgosTranslator

            self._translator = (settings, ArgosTranslator.installed(settings))
        return self._translator[1]

    def _inputs(self, config: MkDocsConfig, seeds: Snapshot) -> Inputs:
        """What every generated file depends on: the seeds folder as listed, and a
        fingerprint of the rest."""
        assert self.project is not None
        project = self.project
        settings = repr(
            (dict(self.config), config.site_name, config.site_url, config.use_directory_urls)
        )
        return seeds, fingerprint([project.templates], [project.actors, project.glossary], settings)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.project is not None
        # What digest holds (articles, pages, what the last build left) is kept, and there
        # is a lot of it: the collector need not go over it again and again until the
        # build is over (on_post_build, or on_build_error).
        gc.freeze()
        prepared, self.prepared = self.prepared, None
        self._compressed = {}
        if self._files_site != (config.site_dir, config.use_directory_urls):
            self._files_site = (config.site_dir, config.use_directory_urls)
            self._files, self._unlinked = {}, {}
        self._by_hand = frozenset(files.src_uris)
        # The seeds folder is listed once a build: its stamps tell what changed (here and
        # in `prepare`), and would cost a good part of a rebuild of a large digest twice.
        listing, changed = self._listing()
        # What changed since the last preparation: the names told by the watch in the
        # listings since (or None, unknown: the next preparation compares every name).
        if changed is None or self._unprepared is None:
            self._unprepared = None
        else:
            self._unprepared |= changed
        self._drop_later()  # (the last build's, if it ended without saying how)
        inputs = self._inputs(config, listing)
        if prepared is None and self._last is not None and self._last[0] == inputs:
            # A rebuild for a page written by hand (mkdocs serve): digest's part is unchanged.
            log.info("digest: no seed, template or setting changed; the pages are reused.")
            self._reused = True
        else:
            self._reused = False
            self._finish_unlinked()  # (the last build's, if it was left unfinished)
            (warnings, pages, data), written, unlinked = self._generate(prepared, config, inputs)
            if written:  # memories: as written now (the rest as it was before anything read)
                names = [path.name for path in written if path.parent == self.project.seeds]
                inputs = (listing | snapshot(self.project.seeds, names), inputs[1])
            self._last = (inputs, warnings, pages, data, unlinked)
        warnings, pages, data = self._last[1:4]
        for warning in warnings:
            log.warning(warning)
        generated: list[PackedFile] = []
        others: list[PackedFile] = []
        last, made, by_hand = self._files, self._made, self._by_hand
        add_generated(generated, config, pages, last, made, by_hand, is_page=True)
        add_generated(others, config, data, last, made, by_hand, is_page=False)
        assets = [
            File.generated(config, f"assets/digest/{uri}", abs_src_path=str(ASSETS / uri))
            for uri in sorted(
                p.relative_to(ASSETS).as_posix() for p in ASSETS.rglob("*") if p.is_file()
            )
        ]
        self._files = self._made
        self._made = {}
        gc.freeze()  # and what this build made, while MkDocs converts and writes the pages
        # (A file of the same path as one before replaces it, as `Files.append` does.)
        listed = Files([*files, *generated, *assets, *others])
        # The other process starts last: while it runs, each first write here to memory it
        # was forked with copies that memory (a pass over the pages' files: seven times as long).
        self._last[4].job.start()
        return listed

    def _listing(self) -> tuple[Snapshot, set[str] | None]:
        """The seeds folder's files as they are now, and the names changed since the last
        listing (None when unknown): from the watch while serving (`SeedsWatch.listing`)."""
        assert self.project is not None
        watch = self._watch
        if watch is not None and watch.folder == self.project.seeds:
            return watch.listing()
        return snapshot(self.project.seeds), None

    def _generate(
        self, prepared: Prepared | None, config: MkDocsConfig, inputs: Inputs
    ) -> tuple[Generated, list[Path], UnlinkedFiles]:
        """Prepare the content (unless `digest build` did) and render every page and file,
        reusing what the last build made from what did not change."""
        with collector_off():  # (while the articles are prepared, and all made from them)
            made = self._prepare_and_render(prepared, config, inputs)
            # Kept until the build is over: frozen before the collector is back, which would
            # otherwise go over all of it at once.
            gc.freeze()
        return made

    def _prepare_and_render(
        self, prepared: Prepared | None, config: MkDocsConfig, inputs: Inputs
    ) -> tuple[Generated, list[Path], UnlinkedFiles]:
        assert self.project is not None
        listing, rest = inputs
        if prepared is None:
            translator = self._make_translator if self.project.translate else None
            changed = self._unprepared
            prepared = prepare(
                self.project,
                translator,
                previous=self._reuse,
                listing=listing,
                changed=None if changed is None else frozenset(changed),
            )
            self._unprepared = set()
        else:
            self._unprepared = None  # (prepared before the watch, if any, was told)
        gc.freeze()  # the articles, kept until the build is over (see on_files)
        self._reuse = prepared.reuse
        # What every page and file depends on besides the articles: templates, registry,
        # glossary and settings (`rest`), and the discovered actors.
        site = (rest, prepared.reuse.discovered)
        if site != self._site:  # every page and file may change
            self._site, self._memo = site, Memo(make_environment(self.project.templates))
        memo = self._memo
        assert memo is not None
        env = memo.environment
        articles, actors = prepared.articles, prepared.state.actors
        revision = prepared.revision
        ordered = newest_first(articles)
        shown = [(revision(article), article.slug) for article in ordered]  # (what pages key)
        entries = build_index(ordered, actors, memo=memo.index, revision=revision, shown=shown)
        directory_urls = config.use_directory_urls
        specs = site_specs(
            articles,
            env,
            config.site_name,
            actors,
            directory_urls,
            entries,
            revision,
            memo.specs,
            ordered,
            shown,
        )
        workers = self.project.workers or None
        # Many pages to render (the first build): rendered in another process as MkDocs
        # converts those before them (`digest.page_stream`).
        rendered, self._later = render_later(specs, memo.pages, workers)
        self.render_elapsed = 0.0
        pages = list(rendered.items())
        # The search index and the exports: made or written while MkDocs converts the
        # pages, in another process if there are cores for it (`_start_unlinked`).
        exports: Make = partial(export_files, articles, actors, memo.exports, revision)
        search: Make = partial(
            search_files,
            articles,
            actors,
            entries,
            directory_urls,
            memo.search,
            revision,
            self.project.search_block_articles,
            ordered=ordered,
            shown=shown,
        )
        unlinked = self._start_unlinked(config, exports, search, memo, workers or cores())
        site_url = config.site_url or ""
        files = feeds(
            config.site_name,
            articles,
            entries,
            site_url,
            directory_urls,
            memo.feeds,
            revision,
            ordered,
        )
        data = list(files.items())
        warnings = [str(problem) for problem in prepared.problems]
        return (warnings, pages, data), prepared.written, unlinked

    # MkDocs converts every page before it writes any, holding all their Markdown and HTML
    # at once: for a large digest, more than everything else together. So the Markdown of
    # digest's pages is let go once converted, and their HTML kept compressed until the
    # page is written. Other plugins see both as usual: these run after them (priority
    # -100) and give the HTML back before them (100).

    @event_priority(-100)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri not in self._files:
            return html
        page.markdown = ""
        self._compressed[page.file.src_uri] = pack(html)
        return ""

    @event_priority(100)
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        compressed = self._compressed.pop(page.file.src_uri, None)
        if compressed is not None:
            page.content = compressed.text()
        return context

    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.src_uri in self._files:
            page.content = ""
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        gc.unfreeze()
        self._settle_later()
        if self._serving:
            # MkDocs is done with the pages. Converted, each holds its anchors and table
            # of contents: let go now, not in the next rebuild, which waits for it to
            # give every File a new page (half a second at 10,000 articles).
            for _, file in self._files.values():
                file.page = None
        if self._last is None:
            return
        made = self._result()
        self._unlinked = made.written
        for uri in made.by_hand:
            log.warning(f"docs/{uri} is written by hand, so digest does not generate it.")
        if not self._reused:  # (the other process wrote those missing, after the clean)
            return
        for _, file in made.written.values():
            if not file.as_written():
                file.copy_file()

    def _settle_later(self) -> None:
        """The pages rendered in another process, all of them now (MkDocs has read them),
        kept as the pages a next build starts from."""
        later, self._later = self._later, None
        if later is None or self._last is None or self._memo is None:
            return
        try:
            pages = later.settled(self._memo.pages)
        except StreamError as error:
            self._last = None
            raise PluginError(f"digest: {error}") from None
        self.render_elapsed = later.stream.elapsed
        inputs, warnings, _, data, unlinked = self._last
        self._last = (inputs, warnings, list(pages.items()), data, unlinked)

    def _drop_later(self) -> None:
        """Stop rendering the pages of a build that failed: a next build renders them."""
        later, self._later = self._later, None
        if later is not None:
            later.stream.cancel()
            if self._last is not None:  # (its pages are not all there)
                self._last[4].job.cancel()
                self._last = None

    def _start_unlinked(
        self, config: MkDocsConfig, exports: Make, search: Make, memo: Memo, processes: int
    ) -> UnlinkedFiles:
        """Start making and writing the files no page links to. From nothing, they are
        made and written in the other process, which sends the memos back when serving
        (it is most of the build's work on them). When the last build's can be reused,
        the exports are made here (the few articles that changed, on both cores; the
        files are joined by reference from the rest) and written there; the search index
        is made and written there, and sent back as changes (`SearchWritten`)."""
        if not memo.search.articles:
            job = Background(
                partial(self._make_and_write, config, exports, search, memo), processes, False
            )
            return UnlinkedFiles(job, memo)
        made = self._to_write(config, exports(processes))
        indexing = partial(self._index_and_write, config, search, memo.search, made)
        return UnlinkedFiles(Background(indexing, processes, False), memo, made, self._unlinked)

    def _make_and_write(
        self, config: MkDocsConfig, exports: Make, search: Make, memo: Memo
    ) -> Unlinked:
        """Make the files and write them, in one process (the other process)."""
        made = self._to_write(config, exports(1) | search(1))
        _write(made)
        if not self._serving:
            return Unlinked({}, None, None, made.by_hand)
        return replace(made, exports=memo.exports, search=memo.search)

    def _index_and_write(
        self, config: MkDocsConfig, search: Make, memo: SearchMemo, exports: Unlinked
    ) -> SearchWritten:
        """Make the search index from the last build's and write it with the exports made
        here, in the other process; what changed is sent back."""
        articles, blocks = memo.articles, memo.blocks  # (as they were: `search` replaces them)
        made = self._to_write(config, search(1))
        stamps = _write(exports) | _write(made)
        return SearchWritten(
            changes(memo.articles, articles, operator.is_),
            changes(memo.blocks, blocks, operator.is_),
            changes(made.written, self._unlinked, _same_file),
            made.by_hand,
            stamps,
        )

    def _to_write(self, config: MkDocsConfig, files: dict[str, Packed]) -> Unlinked:
        """The files as MkDocs files, each the last build's when its content is the same
        (`add_generated`); those not there as the last build wrote them are to write."""
        generated = [(uri, text) for uri, text in files.items() if uri not in self._by_hand]
        written: Written = {}
        made: list[PackedFile] = []
        by_hand = self._by_hand
        add_generated(made, config, generated, self._unlinked, written, by_hand, is_page=False)
        todo = [file.src_uri for file in made if not (file.unchanged and file.as_written())]
        return Unlinked(written, None, None, sorted(by_hand.intersection(files)), todo)

    def unlinked_files(self) -> dict[str, Packed]:
        """The last build's files that no page links to (exports, search index), by path
        in the site: waiting for them if need be."""
        if self._last is None:
            return {}
        return {uri: file.packed for uri, (_, file) in self._result().written.items()}

    def _result(self) -> Unlinked:
        """What the last build's other process made (`UnlinkedFiles`)."""
        assert self._last is not None
        try:
            return self._last[4].result()
        except BackgroundError as error:
            self._last = None
            raise PluginError(
                f"digest: the exports and search index were not made: {error}"
            ) from error

    def _finish_unlinked(self) -> None:
        """Take what the last build's other process made, if its build ended before
        `on_post_build` fetched it (its memos help this build); forget it if it failed."""
        if self._last is not None and self._last[4].job.running:
            try:
                self._unlinked = self._result().written
            except PluginError:
                self._unlinked = {}

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()
        self._drop_later()
        self._files = self._unlinked = {}  # perhaps not all written: none is taken as unchanged
        if self._last is not None:
            self._last[4].job.cancel()
            self._last = None

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        assert self.project is not None
        watched = (
            self.project.seeds,
            self.project.templates,
            self.project.glossary,
            self.project.actors,
        )
        for path in watched:
            if path.exists():
                server.watch(str(path))
        if self._watch is not None:
            self._watch.stop()
        self._watch = SeedsWatch(self.project.seeds)
        listing = self._watch.start()
        # The watch is told of what changes from now on; what changed since the last
        # build made its records, this first listing tells (compared now, not in the next
        # rebuild).
        reuse = self._reuse
        if listing is None or reuse is None:
            self._unprepared = None
        elif self._unprepared is not None:
            self._unprepared |= set(reuse.differing(listing))
        return server

    def on_shutdown(self) -> None:
        if self._watch is not None:
            self._watch.stop()
            self._watch = None


def _same_file(
    made: tuple[InclusionLevel, PackedFile], last: tuple[InclusionLevel, PackedFile]
) -> bool:
    return made[1] is last[1]


def _write(made: Unlinked) -> Stamps:
    """Write the files to write (`Unlinked.to_write`); their stamps after."""
    stamps: Stamps = {}
    for uri in made.to_write:
        file = made.written[uri][1]
        file.copy_file()
        assert file.written is not None
        stamps[uri] = file.written
    return stamps


def add_generated(
    files: list[PackedFile],
    config: MkDocsConfig,
    generated: Sequence[tuple[str, Packed | Pending]],
    last: Written,
    made: Written,
    by_hand: frozenset[str],
    is_page: bool,
) -> None:
    """Add the generated pages or other files to a list of MkDocs files, each the last
    build's File when its content is the same: making tens of thousands of them anew costs
    more than all else a rebuild does, and `mkdocs serve --dirty` leaves it as written.
    (Zstandard compresses the same text to the same bytes, so the compressed pieces tell,
    most often by reference.) A page is not added where one is written by hand; `last` is
    the last build's files, `made` this build's so far."""
    append = files.append
    for uri, content in generated:
        entry = last.get(uri)
        if entry is not None and entry[1]._packed is content and uri not in by_hand:
            # The last build's content itself (nearly every file of a rebuild): its path was
            # checked then, and its inclusion is its path's.
            entry[1].page = None  # MkDocs gives it a new page in this build
            entry[1].unchanged = True
            made[uri] = entry
            append(entry[1])
            continue
        inclusion = InclusionLevel.UNDEFINED
        if is_page:
            if uri not in last and not is_safe_page_path(uri):  # (checked when made)
                log.error(f"digest: refused to write {uri!r}: the path would leave the site.")
                continue
            if uri in by_hand:  # (a posix path already: no need to normalise it)
                log.warning(f"docs/{uri} is written by hand, so digest does not generate it.")
                continue
            inclusion = INCLUDED if uri in LISTED else NOT_IN_NAV
        file = entry[1] if entry is not None else None
        if not isinstance(content, Packed):  # (rendering in another process)
            file = PackedFile.make_later(config, uri, content, inclusion)
            entry = (inclusion, file)
        elif entry is not None and entry[0] is inclusion and entry[1].packed.same(content):
            file = entry[1]
            file.page = None  # MkDocs gives it a new page in this build
            file.unchanged = True
        else:
            before, file = file, PackedFile.make(config, uri, content, inclusion)
            if before is not None and before.written is not None:
                file.previous = (before.packed, before.written)  # (on disk, perhaps)
            entry = (inclusion, file)
        made[uri] = entry
        append(file)
