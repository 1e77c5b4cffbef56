"""Work done in another process while this one goes on (`digest.background`)."""

from __future__ import annotations

import operator
import os
import signal
import time

import pytest

from digest.background import Background, BackgroundError, changes, with_changes


def where() -> int:
    return os.getpid()


def test_the_job_runs_in_another_process_and_its_result_comes_back() -> None:
    job = Background(lambda: (where(), "نص" * 1000, list(range(10_000))))
    assert job.running
    pid, text, numbers = job.result()
    assert pid != os.getpid() and text == "نص" * 1000 and numbers == list(range(10_000))
    assert not job.running and job.result()[0] == pid  # (fetched once, kept)


def test_a_job_started_later_starts_then_or_when_its_result_is_asked_for() -> None:
    seen: list[int] = []
    later = Background(lambda: seen.append(1) or where(), start=False)
    assert later.running and seen == []  # (not run here, nor forked yet: see below)
    later.start()
    later.start()  # (once)
    assert later.result() != os.getpid() and seen == []  # (appended in the other process)
    asked = Background(where, processes=1, start=False)
    assert asked.result() == os.getpid()
    dropped = Background(lambda: seen.append(1), processes=1, start=False)
    dropped.cancel()
    dropped.start()
    with pytest.raises(BackgroundError, match="cancelled"):
        dropped.result()
    assert seen == []


def test_with_one_process_the_job_is_done_at_once_here() -> None:
    job = Background(where, processes=1)
    assert not job.running and job.result() == os.getpid()


def test_a_result_of_none_or_one_that_cannot_be_pickled() -> None:
    assert Background(lambda: None).result() is None
    with pytest.raises(BackgroundError, match="pickle"):
        Background(lambda: lambda: 1).result()


def failing() -> None:
    raise ValueError("the index has no block 3")


def test_a_failed_job_is_reported_with_its_own_error() -> None:
    with pytest.raises(BackgroundError, match="ValueError: the index has no block 3"):
        Background(failing).result()


def killed() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_process_that_ends_without_a_result_is_reported() -> None:
    with pytest.raises(BackgroundError, match="ended without a result"):
        Background(killed).result()


def test_a_cancelled_job_stops_and_gives_no_result() -> None:
    job = Background(lambda: time.sleep(60))
    process = job._process
    assert process is not None and process.is_alive()
    job.cancel()
    assert not process.is_alive()
    with pytest.raises(BackgroundError, match="cancelled"):
        job.result()


def test_only_what_changed_is_sent_back_and_the_dict_is_made_again_from_it() -> None:
    kept, changed = ["kept"], ["changed"]
    start = {"a": kept, "b": changed, "gone": ["gone"]}
    made = {"new": ["new"], "b": ["changed", "again"], "a": kept}
    sent = changes(made, start, operator.is_)
    assert sent == {"new": ["new"], "b": ["changed", "again"], "a": None}
    rebuilt = with_changes(sent, start)
    assert rebuilt == made and list(rebuilt) == list(made) and rebuilt["a"] is kept
    # An equal value that is not the same object is sent, unless `same` says otherwise.
    assert changes({"a": ["kept"]}, start, operator.is_) == {"a": ["kept"]}
    assert changes({"a": ["kept"]}, start, operator.eq) == {"a": None}
