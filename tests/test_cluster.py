"""`digest translate --cluster` on a real Ray cluster started here (127.0.0.1, two CPUs)
with the tiny test package: the memory it writes is the local engine's, byte for byte,
even when a worker or the driver is killed mid-run."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import ARGOS_ENV
from test_resume import long_article

from digest.translation.memory import parse_memory

BIN = Path(sys.executable).parent
PARAGRAPHS = 300
MEMORY = "seeds/long.tm.yml"


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A Ray head node on 127.0.0.1 (its sockets in a short temporary folder)."""
    temp = Path(tempfile.mkdtemp(prefix="ray", dir="/tmp"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    start = [str(BIN / "ray"), "start", "--head", "--node-ip-address=127.0.0.1"]
    start += [f"--port={port}", "--num-cpus=2", "--num-gpus=0", f"--temp-dir={temp}"]
    start += ["--include-dashboard=false", "--disable-usage-stats"]
    subprocess.run(start, check=True, capture_output=True, timeout=180)
    try:
        yield f"127.0.0.1:{port}"
    finally:
        subprocess.run([str(BIN / "ray"), "stop", "--force"], capture_output=True, timeout=120)
        shutil.rmtree(temp, ignore_errors=True)


def make_project(folder: Path) -> int:
    """A project with one long article; returns its number of sentences."""
    (folder / "seeds").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - digest\n", encoding="utf-8")
    return long_article(folder / "seeds", PARAGRAPHS)


def translate(project: Path, *extra: str) -> subprocess.Popen[str]:
    command = [str(BIN / "digest"), "translate", "--beam-size", "1", "--chunk-tokens", "60"]
    return subprocess.Popen(
        [*command, *extra],
        cwd=project,
        env={**os.environ, **ARGOS_ENV},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    return out


def entries(project: Path) -> int:
    path = project / MEMORY
    return len(parse_memory(path, path.read_text(encoding="utf-8")).entries)


def when_memory_appears(project: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while not (project / MEMORY).exists() and process.poll() is None:
        assert time.monotonic() < deadline, "no chunk landed"
        time.sleep(0.01)


@pytest.fixture
def local(argos_installed: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The memory the local engine writes for the project."""
    project = tmp_path_factory.mktemp("local")
    make_project(project)
    finished(translate(project))
    return (project / MEMORY).read_bytes()


def test_the_cluster_writes_the_local_engines_memory(
    cluster: str, local: bytes, tmp_path: Path
) -> None:
    total = make_project(tmp_path)
    out = finished(translate(tmp_path, "--cluster", cluster))
    assert re.search(rf"translated\s+{total}\b", out), out
    assert (tmp_path / MEMORY).read_bytes() == local


def test_a_worker_killed_mid_run_loses_nothing(cluster: str, local: bytes, tmp_path: Path) -> None:
    total = make_project(tmp_path)
    process = translate(tmp_path, "--cluster", cluster)
    when_memory_appears(tmp_path, process)
    workers = subprocess.run(
        ["pgrep", "-f", "ray::ClusterWorker"], capture_output=True, text=True
    ).stdout.split()
    assert workers, "no worker to kill"
    os.kill(int(workers[0]), signal.SIGKILL)
    assert entries(tmp_path) < total, "the run ended before the kill"
    finished(process)
    assert (tmp_path / MEMORY).read_bytes() == local


def test_a_driver_killed_mid_run_is_resumed_with_only_what_is_missing(
    cluster: str, local: bytes, tmp_path: Path
) -> None:
    total = make_project(tmp_path)
    process = translate(tmp_path, "--cluster", cluster)
    when_memory_appears(tmp_path, process)
    time.sleep(0.2)
    process.send_signal(signal.SIGKILL)
    process.wait()
    kept = entries(tmp_path)
    assert 0 < kept < total, "the kill should land mid-run"
    for leftover in (tmp_path / "seeds").glob("*.tmp"):
        leftover.unlink()  # (at most the write in flight)
    out = finished(translate(tmp_path, "--cluster", cluster))
    assert re.search(rf"translated\s+{total - kept}\b", out), out
    assert (tmp_path / MEMORY).read_bytes() == local


def test_an_address_where_no_cluster_listens_fails_at_once(
    argos_installed: Path, tmp_path: Path
) -> None:
    make_project(tmp_path)
    with socket.socket() as probe:  # (a port nobody listens on once closed)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = translate(tmp_path, "--cluster", f"127.0.0.1:{port}")
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert f"no Ray cluster to reach at 127.0.0.1:{port}" in err and "ray start --head" in err
    assert not (tmp_path / MEMORY).exists()
