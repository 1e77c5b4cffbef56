"""The cache on disk: names spelt once, read back by the next build, never trusted blind."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from support import ROOT

import digest.actors.discover
import digest.cache
from digest.actors.discover import ROMANIZED
from digest.build import prepare
from digest.cache import FOLDER, SPELLINGS, entry_path, load, spellings_key
from digest.project import Project


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    for name in ("mkdocs.yml", "actors.yml", "glossary.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copy(
        ROOT / "tests" / "fixtures" / "articles" / "tunisia-election.md", tmp_path / "seeds"
    )
    return tmp_path


def spellings(root: Path) -> dict[str, tuple[str, bool]]:
    return load(root, spellings_key(), SPELLINGS, dict) or {}


def _discovered(root: Path) -> list[tuple[str, str]]:
    prepared = prepare(Project.from_section(root, {}), None)
    return sorted((c.ar, c.en) for _, c in prepared.state.candidates.values())


def test_a_second_build_reads_the_names_spelt_by_the_first(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ROMANIZED.clear()
    first = _discovered(demo)
    spelt = spellings(demo)
    assert spelt and set(spelt) <= set(ROMANIZED)
    assert first  # (the Tunisian article introduces names the registry does not know)
    assert (demo / FOLDER / ".gitignore").read_text(encoding="utf-8").endswith("*\n")
    # A new process: nothing spelt in memory, and the romanizer is not to be asked.
    ROMANIZED.clear()

    def never(name: str) -> tuple[str, bool]:
        raise AssertionError(f"{name!r} spelt again")

    monkeypatch.setattr(digest.actors.discover, "_spelt", never)
    assert _discovered(demo) == first


@pytest.mark.parametrize(
    "spoil",
    [lambda data: data[:-20], lambda data: data[:-10] + bytes([data[-10] ^ 1]) + data[-9:]],
    ids=["cut", "a bit changed"],
)
def test_a_spoilt_spellings_entry_is_ignored_and_made_again(
    demo: Path, spoil: Callable[[bytes], bytes]
) -> None:
    ROMANIZED.clear()
    first = _discovered(demo)
    path = entry_path(demo, spellings_key(), SPELLINGS)
    path.write_bytes(spoil(path.read_bytes()))
    ROMANIZED.clear()
    assert spellings(demo) == {}
    assert _discovered(demo) == first
    assert spellings(demo)


def test_another_version_does_not_read_this_ones_file(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ROMANIZED.clear()
    _discovered(demo)
    assert spellings(demo)
    monkeypatch.setattr(digest.cache, "__version__", "0.0.0-other")
    assert spellings(demo) == {}
