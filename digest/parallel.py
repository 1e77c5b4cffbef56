"""Independent pieces of work spread over the machine's cores.

Rendering pages, building the search index and the exports are pure functions of the
prepared articles; with `fork`, worker processes inherit those articles instead of
receiving them pickled, and send back only the text they produce. The results come back
in the order of the jobs, so the output does not depend on the number of workers.

A forked process dies with the process that forked it (`die_with`): a build killed at any
moment leaves none of its workers behind, waiting on a pipe no one reads any more.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import TypeVar, cast

T = TypeVar("T")

_JOBS: Sequence[Callable[[], object]] = ()
"""The jobs of the running `run_all`, inherited by the forked workers."""


_PR_SET_PDEATHSIG = 1
"""prctl's option asking the system for a signal when the parent ends (Linux)."""


_PRCTL: Callable[..., int] | None = (
    ctypes.CDLL(None, use_errno=True).prctl if sys.platform == "linux" else None
)
"""The C library's prctl, looked up once, here (a forked process only calls it)."""


def die_with(parent: int) -> None:
    """Called first thing in a forked process: have the system kill it as soon as `parent`
    (the process that forked it, from the thread that forked it) ends. If `parent` ended
    already, before this was asked, the process ends now. Where prctl is missing, only
    the second holds."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # (orphaned before the request: adopted by another)
        os._exit(1)


def _run(index: int) -> object:
    return _JOBS[index]()


def workers() -> int:
    """How many processes to use: the cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_all(jobs: Sequence[Callable[[], T]], processes: int | None = None) -> list[T]:
    """Every job's result, in order; in forked worker processes where the platform has
    `fork` and there is more than one core, else here."""
    return cast("list[T]", list(_results(jobs, processes, ordered=True)))


def _results(
    jobs: Sequence[Callable[[], object]], processes: int | None, ordered: bool
) -> Iterator[object]:
    """Each job's result, as `run_all` makes them, in order or as each is done."""
    global _JOBS
    processes = min(processes or workers(), len(jobs))
    if processes <= 1 or sys.platform != "linux":
        yield from (job() for job in jobs)
        return
    _JOBS = jobs
    try:
        with multiprocessing.get_context("fork").Pool(processes, die_with, (os.getpid(),)) as pool:
            yield from (pool.imap if ordered else pool.imap_unordered)(_run, range(len(jobs)))
    finally:
        _JOBS = ()


PIECES = 16
"""Items are dealt into this many pieces, so that uneven items spread evenly over the
processes."""

FORK_FROM = 64
"""Fewer items than this are not worth the processes."""

R = TypeVar("R")


def map_all(
    function: Callable[[T], R], items: Sequence[T], processes: int | None = None
) -> list[R]:
    """`function(item)` for every item, in order: in forked processes, the items dealt into
    pieces like cards, when there are enough of them."""
    if len(items) < FORK_FROM:
        return [function(item) for item in items]
    pieces = [items[n::PIECES] for n in range(PIECES)]
    done = run_all([partial(_map, function, piece) for piece in pieces], processes)
    return [done[n % PIECES][n // PIECES] for n in range(len(items))]


def _map(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    return [function(item) for item in items]


def map_unordered(
    function: Callable[[T], R], items: Sequence[T], processes: int | None = None
) -> Iterator[R]:
    """`function(item)` for every item, a piece of them at a time as each is done (in no
    set order): in forked processes, the items dealt into pieces, when there are enough of
    them. The caller holds only the pieces it has not taken yet."""
    pieces = [items[n::PIECES] for n in range(PIECES)] if len(items) >= FORK_FROM else [items]
    jobs = [partial(_map, function, piece) for piece in pieces]
    for done in _results(jobs, processes, ordered=False):
        yield from cast("list[R]", done)
