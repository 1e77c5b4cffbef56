"""Work done in another process while this one goes on, its result fetched later.

MkDocs converts and writes the pages in one process, one page after another. The files
that no page links to (the exports and the search index) are made or written meanwhile in
a forked process, on another core (`digest.adapters.plugin`). Where there is no `fork` or a single
core, the work is done at once. The process dies with this one (`digest.parallel.die_with`).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import sys
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

from digest.parallel import die_with

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")

Changes = dict[K, V | None]
"""A dict as another process made it, for one that holds the dict it started from: the
same keys in the same order, each value None where it is the one it started from."""


def changes(made: dict[K, V], start: dict[K, V], same: Callable[[V, V], bool]) -> Changes[K, V]:
    """`made` as `Changes` from `start` (values never None), `same` telling an unchanged
    value: only what changed is sent back (pickled, and unpickled, by the other side)."""
    sent: Changes[K, V] = {}
    for key, value in made.items():
        old = start.get(key)
        sent[key] = None if old is not None and same(value, old) else value
    return sent


def with_changes(changed: Changes[K, V], start: dict[K, V]) -> dict[K, V]:
    """The dict the other process made (`changes`), from the one it started from."""
    return {key: start[key] if value is None else value for key, value in changed.items()}


def forked(
    target: Callable[[Any, Connection], None], argument: Any
) -> tuple[multiprocessing.process.BaseProcess, Connection]:
    """A forked process started on `target(argument, sender)`, and the receiving end of
    `sender` (closed here: the receiver sees the end of it if the process dies). The
    process dies with this one."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    arguments = (os.getpid(), target, argument, sender)
    process = context.Process(target=_dying_with, args=arguments, daemon=True)
    process.start()
    sender.close()
    return process, receiver


def _dying_with(
    parent: int, target: Callable[[Any, Connection], None], argument: Any, sender: Connection
) -> None:
    die_with(parent)
    target(argument, sender)


class BackgroundError(RuntimeError):
    """The job failed, or its process ended without a result."""


class Background(Generic[T]):
    """A job's result: computed in a forked process, or computed at once; started now, or
    when `start` is called (or the result asked for)."""

    def __init__(self, job: Callable[[], T], processes: int = 2, start: bool = True) -> None:
        self._job: Callable[[], T] | None = job
        self._processes = processes
        self._value: tuple[T] | None = None
        self._receiver: Connection | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        self.elapsed = 0.0
        """How long the job took, in seconds (where it ran)."""
        if start:
            self.start()

    def start(self) -> None:
        """Start the job, if it is not started yet. (Forked as late as the caller can: while
        the other process lives, this one's first write to any of its memory copies it.)"""
        job, self._job = self._job, None
        if job is None:
            return
        if self._processes <= 1 or sys.platform != "linux":
            start = time.perf_counter()
            self._value = (job(),)
            self.elapsed = time.perf_counter() - start
            return
        self._process, self._receiver = forked(_serve, job)

    @property
    def running(self) -> bool:
        """Whether the result is still to be fetched from the other process."""
        return self._value is None

    def result(self) -> T:
        """The job's result, waiting for it if need be (fetched once, then kept)."""
        self.start()
        if self._value is not None:
            return self._value[0]
        if self._receiver is None or self._process is None:
            raise BackgroundError("it was cancelled")
        enabled = gc.isenabled()
        gc.disable()  # (the result is many objects, none garbage: no collection meanwhile)
        try:
            succeeded, outcome, self.elapsed = pickle.loads(self._receiver.recv_bytes())
        except EOFError:
            self._process.join()
            code = self._process.exitcode
            raise BackgroundError(f"its process ended without a result (exit {code})") from None
        finally:
            self._receiver.close()
            if enabled:
                gc.enable()
        self._process.join()
        if not succeeded:
            raise BackgroundError(outcome)
        value: T = outcome
        self._value = (value,)
        return value

    def cancel(self) -> None:
        """Stop the job if it is still running; its result is not wanted."""
        self._job = None
        if self._value is None and self._process is not None and self._receiver is not None:
            self._process.kill()
            self._process.join()
            self._receiver.close()
            self._process = self._receiver = None


def _serve(job: Callable[[], T], sender: Connection) -> None:
    # The process ends after this one job: the collector would only go over the inherited
    # objects, none of them garbage.
    gc.disable()
    start = time.perf_counter()
    try:
        outcome: tuple[bool, object] = (True, job())
    except BaseException as error:  # (reported by the parent, in its terms)
        outcome = (False, "".join(traceback.format_exception(error)).rstrip())
    try:
        data = pickle.dumps((*outcome, time.perf_counter() - start), pickle.HIGHEST_PROTOCOL)
    except Exception as error:  # (a result that cannot be pickled)
        reason = "".join(traceback.format_exception(error)).rstrip()
        data = pickle.dumps((False, reason, time.perf_counter() - start))
    sender.send_bytes(data)
    sender.close()
