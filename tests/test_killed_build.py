"""A build killed at any moment leaves every file as it was or complete, and the next run
finishes the work; two builds from the same inputs write the same bytes."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import ARGOS_ENV, FIXTURES, ROOT
from test_resume import PHRASES, long_article

from digest.translation.memory import parse_memory

KILLS = 20


def digest_build(project: Path, *extra: str) -> subprocess.Popen[str]:
    command = [str(Path(sys.executable).parent / "digest"), "build", "--chunk-tokens", "60", *extra]
    return subprocess.Popen(
        command,
        cwd=project,
        env={**os.environ, **ARGOS_ENV, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def make_project(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    for name in ("mkdocs.yml", "actors.yml", "glossary.yml"):
        shutil.copy(ROOT / name, folder / name)
    for name in ("docs", "templates", "seeds"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(FIXTURES / "articles" / "tunisia-election.md", folder / "seeds")
    long_article(folder / "seeds", paragraphs=150)
    return folder


def fingerprint(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(skip)
    }


def assert_whole(project: Path, complete_files: set[str] | None) -> None:
    """Every memory parses; the site is absent or a complete build."""
    for memory in (project / "seeds").glob("*.tm.yml"):
        parse_memory(memory, memory.read_text(encoding="utf-8"))
    site = project / "site"
    if site.exists():
        files = set(fingerprint(site))
        assert complete_files is None or files == complete_files
        for page in site.rglob("*.html"):
            assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), page


@pytest.mark.usefixtures("argos_installed")
def test_builds_killed_at_random_moments_lose_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    memory = project / "seeds" / "long.tm.yml"
    done = digest_build(project)
    _, err = done.communicate(timeout=600)
    assert done.returncode == 0, err
    complete_files = set(fingerprint(project / "site"))
    total = len(parse_memory(memory, memory.read_text("utf-8")).entries)
    shutil.rmtree(project / "site")
    memory.unlink()

    rng = random.Random(2026)
    moments, progress, mid_site = [], [], 0
    for number in range(KILLS):
        kept = 0
        if memory.exists():
            kept = len(parse_memory(memory, memory.read_text("utf-8")).entries)
        process = digest_build(project)
        if number == 0:  # (once as the memory grows: how soon depends on the machine)
            delay = wait_for_some(memory, total, process)
        else:
            delay = rng.uniform(0.2, 3.0)
            time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        moments.append(round(delay, 2))
        mid_site += any(project.glob(".site.building-*"))  # killed while writing the site
        assert_whole(project, complete_files)
        if memory.exists():
            entries = parse_memory(memory, memory.read_text("utf-8")).entries
            assert len(entries) >= kept  # nothing already kept is ever lost
            progress.append(len(entries))
    # The kills must have landed mid-translation, or resuming was never exercised.
    assert any(0 < kept < total for kept in progress), (moments, progress)
    finish = digest_build(project)
    _, err = finish.communicate(timeout=600)
    assert finish.returncode == 0, err
    assert_whole(project, complete_files)
    leftovers = [p.name for p in project.rglob("*") if p.name.endswith(".tmp")]
    leftovers += [p.name for p in project.glob(".site.building-*")]
    assert not leftovers
    finished = parse_memory(memory, memory.read_text("utf-8")).entries
    assert len(finished) == total and all(e.by == "machine" and e.en for e in finished)
    print("kills at", moments, "memory lines kept", progress, "mid-site", mid_site)


def wait_for_some(memory: Path, total: int, process: subprocess.Popen[str]) -> float:
    """Wait until the memory holds some of its lines but not all (or the build ended);
    how long it took."""
    start = time.monotonic()
    while process.poll() is None and time.monotonic() - start < 120:
        if memory.exists():
            count = len(parse_memory(memory, memory.read_text("utf-8")).entries)
            if 0 < count < total:
                break
        time.sleep(0.01)
    return time.monotonic() - start


def test_two_builds_from_the_same_inputs_write_the_same_bytes(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    sites = []
    for name in ("first", "second"):
        result = subprocess.run(
            [str(Path(sys.executable).parent / "digest"), "build", "--no-translate", "-d", name],
            cwd=project,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr
        # The sitemap carries the build's date (and gzip its time); the rest must match
        # byte for byte.
        sites.append(fingerprint(project / name, skip=("sitemap.xml", ".gz")))
    assert sites[0] == sites[1]
    assert any(name.endswith(".json") for name in sites[0])


ARTICLES = 200
"""Enough articles for the build to spread its stages over worker processes."""


def many_articles(folder: Path, count: int) -> None:
    for number in range(count):
        lines = [f"مقال رقم {number + 1}"]
        lines += [
            f"{PHRASES[(number + k) % len(PHRASES)]} في المقال {number + 1}، الفقرة {k + 1}."
            for k in range(8)
        ]
        text = "\n\n".join(lines) + "\n"
        (folder / f"many-{number + 1:04}.txt").write_text(text, encoding="utf-8")


def processes() -> dict[int, tuple[int, str]]:
    """Every process alive: its parent's id and its start time (ids are reused), by id."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # (ended meanwhile)
            if fields[0] != "Z":  # (a zombie has ended)
                found[int(entry.name)] = (int(fields[1]), fields[19])
    return found


def descendants(pid: int) -> set[tuple[int, str]]:
    """The processes `pid` started, and theirs, each as its id and start time."""
    table = processes()
    found: set[tuple[int, str]] = set()
    parents = [pid]
    while parents:
        parent = parents.pop()
        for child, (ppid, start) in table.items():
            if ppid == parent:
                found.add((child, start))
                parents.append(child)
    return found


def alive(process: tuple[int, str]) -> bool:
    pid, start = process
    found = processes().get(pid)
    return found is not None and found[1] == start


def kill_with_workers(build: subprocess.Popen[bytes], forks: int) -> set[tuple[int, str]]:
    """Kill the build once it started `forks` processes and one has run for a moment;
    the processes it started (none if it ended first)."""
    seen: dict[tuple[int, str], float] = {}
    while build.poll() is None:
        now = descendants(build.pid)
        for process in now:
            seen.setdefault(process, time.monotonic())
        moment = time.monotonic() - 0.05
        if len(seen) >= forks and any(seen[process] < moment for process in now):
            build.send_signal(signal.SIGKILL)
            build.wait()
            return set(seen)
        time.sleep(0.01)
    return set()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_killed_build_leaves_no_worker_process_behind(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    many_articles(project / "seeds", ARTICLES)
    command = [str(Path(sys.executable).parent / "digest"), "build", "--no-translate"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    left, killed = [], []
    # Killed after its first process started, then its third…, until a build ends first:
    # each of its stages that forks (workers come in pairs on two cores) is killed once.
    for forks in range(1, 40, 2):
        shutil.rmtree(project / ".digest-cache", ignore_errors=True)  # (each build a cold one)
        build = subprocess.Popen(
            command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        started = kill_with_workers(build, forks)
        if not started:
            break
        killed.append(len(started))
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and any(alive(p) for p in started):
            time.sleep(0.05)
        survivors = [pid for pid, start in started if alive((pid, start))]
        for pid in survivors:  # (not to leave them to the next build)
            os.kill(pid, signal.SIGKILL)
        left += survivors
    assert build.returncode == 0 and len(killed) >= 3, killed
    assert not left, f"{len(left)} process(es) outlived their build, killed after {killed}"
