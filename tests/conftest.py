"""Shared fixtures. Argos reads its folders from the environment at import time, so they
are pointed at a temporary home here, before any test imports argostranslate."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = ROOT / "seeds" / "000_83f5f90aea9c826b.txt"

_ARGOS_HOME = Path(tempfile.mkdtemp(prefix="digest-tests-argos-"))
ARGOS_ENV = {
    "ARGOS_PACKAGES_DIR": str(_ARGOS_HOME / "packages"),
    "XDG_DATA_HOME": str(_ARGOS_HOME / "data"),
    "XDG_CONFIG_HOME": str(_ARGOS_HOME / "config"),
    "XDG_CACHE_HOME": str(_ARGOS_HOME / "cache"),
    "NO_MKDOCS_2_WARNING": "1",
}
os.environ.update(ARGOS_ENV)
sys.path.insert(0, str(Path(__file__).resolve().parent))

import tiny_argos  # noqa: E402


def training_lines() -> list[str]:
    """Arabic and English text the tests carry, to train the tiny tokenizer on."""
    texts = [SEED.read_text(encoding="utf-8")]
    texts += [path.read_text(encoding="utf-8") for path in sorted((FIXTURES / "articles").iterdir())]
    texts.append((ROOT / "seeds" / "000_83f5f90aea9c826b.tm.yml").read_text(encoding="utf-8"))
    return [line.strip() for text in texts for line in text.replace("., ", "\n").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def argos_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A freshly built tiny ar→en .argosmodel file."""
    return tiny_argos.build_package(training_lines(), tmp_path_factory.mktemp("argos-package"))


@pytest.fixture
def argos_installed(argos_package: Path) -> Iterator[Path]:
    """The tiny package installed into the tests' Argos home; removed afterwards."""
    from digest.translate.packages import install_file

    install_file(argos_package)
    yield Path(ARGOS_ENV["ARGOS_PACKAGES_DIR"])
    shutil.rmtree(ARGOS_ENV["ARGOS_PACKAGES_DIR"], ignore_errors=True)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A site project in a temporary folder: the repository's site files and seeds, plus the
    tests' Markdown article."""
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in ("docs", "templates", "seeds"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(FIXTURES / "articles" / "tunisia-election.md", tmp_path / "seeds")
    return tmp_path
