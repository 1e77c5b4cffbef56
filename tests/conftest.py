"""Shared fixtures: a tiny genuine Argos package, and a site project to build."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tiny_argos
from support import ARGOS_ENV, FIXTURES, ROOT, training_lines


@pytest.fixture(scope="session")
def argos_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A freshly built tiny ar→en .argosmodel file."""
    return tiny_argos.build_package(training_lines(), tmp_path_factory.mktemp("argos-package"))


@pytest.fixture
def argos_installed(argos_package: Path) -> Iterator[Path]:
    """The tiny package installed into the tests' Argos home; removed afterwards."""
    from digest.translation.packages import install_file

    install_file(argos_package)
    packages = Path(ARGOS_ENV["ARGOS_PACKAGES_DIR"])
    yield packages
    shutil.rmtree(packages, ignore_errors=True)
    packages.mkdir()  # Argos, once imported, expects its folder to exist


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A site project in a temporary folder: the repository's site files and seeds, plus the
    tests' Markdown article."""
    for name in ("mkdocs.yml", "actors.yml", "glossary.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in ("docs", "templates", "seeds"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(FIXTURES / "articles" / "tunisia-election.md", tmp_path / "seeds")
    return tmp_path
