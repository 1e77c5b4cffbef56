"""Pages rendered in another process, in order, while this one goes on.

MkDocs converts the pages one after another on one core, and converting a page takes
many times as long as rendering it. When a build renders many pages (the first build of
a digest, or after its templates changed), they are rendered in a forked process on the
other core, in the order MkDocs reads them, and sent back in batches: MkDocs starts on
the first pages while the rest are rendered, and a page is waited for only if it is not
there yet when MkDocs reads it (`PageStream.page`).
"""

from __future__ import annotations

import gc
import multiprocessing
import pickle
import sys
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection

from digest.background import forked
from digest.packed import Packed, pack
from digest.parallel import workers as cores
from digest.site.render import PageMemo, PageSpec, remember_pages, render_pages, stale_specs

BATCH_SECONDS = 0.05
"""A batch is sent once it took this long to render, so that the first pages come soon."""

BATCH_PAGES = 200
"""…or once it holds this many pages, so that each send carries many."""

STREAM_FROM = 256
"""Fewer pages to render than this are rendered at once, on every core (a rebuild)."""

Render = Callable[[], str]

Pending = Callable[[], Packed]
"""A page rendering in another process: called, it waits for it (`PageStream.page`)."""


class StreamError(RuntimeError):
    """A page could not be rendered, or the process rendering them ended early."""


class PageStream:
    """Pages rendered in a forked process started now, fetched in any order; each
    rendered in the order given. Where there is no `fork`, they are rendered as fetched."""

    def __init__(self, renders: Sequence[Render], names: Sequence[str]) -> None:
        self._renders, self._names = renders, names
        self._pages: list[Packed] = []
        self._failed: tuple[int, str] | None = None
        self._receiver: Connection | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        self.elapsed = 0.0
        """The other process's own time (CPU) rendering them all, in seconds: it waits
        for this one to take each batch."""
        if sys.platform != "linux":
            return
        self._process, self._receiver = forked(_render_all, renders)

    def __len__(self) -> int:
        return len(self._renders)

    def page(self, index: int) -> Packed:
        """The page at `index`, waiting for it if it is not there yet."""
        while index >= len(self._pages):
            self._receive(index)
        return self._pages[index]

    def pages(self) -> list[Packed]:
        """Every page, waiting for those not there yet."""
        if self._renders:
            self.page(len(self._renders) - 1)
        return self._pages

    def _receive(self, index: int) -> None:
        if self._failed is not None and index >= self._failed[0]:
            at, reason = self._failed
            raise StreamError(f"{self._names[at]} could not be rendered: {reason}")
        if self._receiver is None:  # (no other process: rendered here, as fetched)
            if self._process is not None:
                raise StreamError("the pages' rendering was stopped")
            self._pages.append(pack(self._renders[len(self._pages)]()))
            return
        enabled = gc.isenabled()
        gc.disable()  # (a batch is many objects, none garbage)
        try:
            batch, failed, elapsed = pickle.loads(self._receiver.recv_bytes())
        except EOFError:
            self._process_ended()
            raise StreamError("the process rendering the pages ended early") from None
        finally:
            if enabled:
                gc.enable()
        self._pages += [Packed(pieces, size) for pieces, size in batch]
        if failed is not None:
            self._failed = (len(self._pages), failed)
        if failed is not None or len(self._pages) == len(self._renders):
            self.elapsed = elapsed
            self._process_ended()

    def _process_ended(self) -> None:
        assert self._process is not None and self._receiver is not None
        self._receiver.close()
        self._receiver = None
        self._process.join()

    def cancel(self) -> None:
        """Stop rendering: the pages are not wanted any more."""
        if self._receiver is not None and self._process is not None:
            self._process.kill()
            self._receiver.close()
            self._receiver = None
            self._process.join()


def _render_all(renders: Sequence[Render], sender: Connection) -> None:
    # The process ends after these pages: the collector would only go over the inherited
    # objects, none of them garbage.
    gc.disable()
    start, sent = time.process_time(), time.perf_counter()
    batch: list[tuple[tuple[bytes, ...], int]] = []
    for number, render in enumerate(renders):
        try:
            packed = pack(render())
        except Exception as error:  # (reported with the page's name by the other side)
            reason = "".join(traceback.format_exception_only(error)).strip()
            _send(sender, batch, reason, start)
            return
        batch.append((packed.pieces, packed.size))
        now = time.perf_counter()
        if now - sent >= BATCH_SECONDS or len(batch) >= BATCH_PAGES or number + 1 == len(renders):
            _send(sender, batch, None, start)
            batch, sent = [], now
    sender.close()


def _send(
    sender: Connection, batch: list[tuple[tuple[bytes, ...], int]], failed: str | None, start: float
) -> None:
    data = (batch, failed, time.process_time() - start)
    sender.send_bytes(pickle.dumps(data, pickle.HIGHEST_PROTOCOL))


@dataclass
class LaterPages:
    """A build's pages, some of them rendering in another process (`render_later`)."""

    specs: list[PageSpec]
    pages: dict[str, Packed | Pending]
    stream: PageStream

    def settled(self, memo: PageMemo) -> dict[str, Packed]:
        """Every page, waiting for those still rendering; `memo` is then updated to this
        build's pages, as `render_pages` does. Raises StreamError if one failed."""
        pages = {
            path: page if isinstance(page, Packed) else page() for path, page in self.pages.items()
        }
        remember_pages(memo, self.specs, pages)
        return pages


def render_later(
    specs: list[PageSpec], memo: PageMemo, workers: int | None = None
) -> tuple[Mapping[str, Packed | Pending], LaterPages | None]:
    """Every page of the specs, by path, as `render_pages` makes them; when there are
    many to render (`STREAM_FROM`) and another core to render them on, they are rendered
    in order in another process, and `memo` is left as it was until they are settled
    (`LaterPages.settled`)."""
    todo = stale_specs(specs, memo)
    if len(todo) < STREAM_FROM or (workers or cores()) <= 1 or sys.platform != "linux":
        return render_pages(specs, memo, workers, todo), None
    stream = PageStream([spec.render for spec in todo], [spec.path for spec in todo])
    later: dict[str, Pending] = {
        spec.path: partial(stream.page, number) for number, spec in enumerate(todo)
    }
    pages = {spec.path: later.get(spec.path) or memo[spec.path][1] for spec in specs}
    return pages, LaterPages(specs, pages, stream)
