"""A build writes nothing outside its project: not in the home folder either."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize("command", ["digest", "mkdocs"])
def test_a_build_writes_nothing_in_the_home_folder(
    project: Path, tmp_path: Path, command: str
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "ORT_"))}
    env |= {"HOME": str(home), "NO_MKDOCS_2_WARNING": "1"}
    # Without translations, the romanizer (ONNX Runtime) spells the names the actors'
    # pages show. (Argos, translating, makes its folders in the home folder: its models
    # are there.)
    arguments = ["--no-translate"]
    if command == "mkdocs":
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        lines = "      templates: templates\n"
        config.write_text(text.replace(lines, lines + "      translate: false\n"), "utf-8")
        arguments = []
    result = subprocess.run(
        [str(Path(sys.executable).parent / command), "build", *arguments],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "index.html").is_file()
    assert [p.relative_to(home).as_posix() for p in home.rglob("*")] == []
