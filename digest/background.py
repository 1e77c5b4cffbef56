"""Work done in another process while this one goes on, its result fetched later.

MkDocs converts and writes the pages in one process, one page after another. The files
that no page links to (the exports and the search index) are made meanwhile in a forked
process, on another core, and written once MkDocs is done with the pages
(`digest.plugin`). Where there is no `fork` or a single core, the work is done at once.
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

T = TypeVar("T")


class BackgroundError(RuntimeError):
    """The job failed, or its process ended without a result."""


class Background(Generic[T]):
    """A job's result: computed in a forked process started now, or computed at once."""

    def __init__(self, job: Callable[[], T], processes: int = 2) -> None:
        self._value: tuple[T] | None = None
        self._receiver: Connection | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        if processes <= 1 or sys.platform != "linux":
            self._value = (job(),)
            return
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_serve, args=(job, sender), daemon=True)
        self._process.start()
        sender.close()  # (the child's end: the receiver sees the end of it if the child dies)
        self._receiver = receiver

    @classmethod
    def done(cls, value: T) -> Background[T]:
        """A result there already."""
        return cls(lambda: value, processes=1)

    @property
    def running(self) -> bool:
        """Whether the result is still to be fetched from the other process."""
        return self._value is None

    def result(self) -> T:
        """The job's result, waiting for it if need be (fetched once, then kept)."""
        if self._value is not None:
            return self._value[0]
        if self._receiver is None or self._process is None:
            raise BackgroundError("it was cancelled")
        try:
            succeeded, outcome = self._receiver.recv()
        except EOFError:
            self._process.join()
            code = self._process.exitcode
            raise BackgroundError(f"its process ended without a result (exit {code})") from None
        finally:
            self._receiver.close()
        self._process.join()
        if not succeeded:
            raise BackgroundError(outcome)
        value: T = outcome
        self._value = (value,)
        return value

    def cancel(self) -> None:
        """Stop the job if it is still running; its result is not wanted."""
        if self._value is None and self._process is not None and self._receiver is not None:
            self._process.kill()
            self._process.join()
            self._receiver.close()
            self._process = self._receiver = None


def _serve(job: Callable[[], T], sender: Connection) -> None:
    # The process ends after this one job: the collector would only go over the inherited
    # objects, none of them garbage.
    gc.disable()
    try:
        outcome: tuple[bool, object] = (True, job())
    except BaseException as error:  # (reported by the parent, in its terms)
        outcome = (False, "".join(traceback.format_exception(error)).rstrip())
    sender.send(outcome)
    sender.close()
