"""Paths and the Argos home shared by the tests.

Argos reads its folders from the environment when first imported, so they point at a
temporary home, set once per test process (this module is imported once), removed at exit.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = ROOT / "seeds" / "000_83f5f90aea9c826b.txt"

_ARGOS_HOME = Path(tempfile.mkdtemp(prefix="digest-tests-argos-"))
atexit.register(shutil.rmtree, _ARGOS_HOME, True)
ARGOS_ENV = {
    "ARGOS_PACKAGES_DIR": str(_ARGOS_HOME / "packages"),
    "XDG_DATA_HOME": str(_ARGOS_HOME / "data"),
    "XDG_CONFIG_HOME": str(_ARGOS_HOME / "config"),
    "XDG_CACHE_HOME": str(_ARGOS_HOME / "cache"),
    "NO_MKDOCS_2_WARNING": "1",
}
os.environ.update(ARGOS_ENV)


def training_lines() -> list[str]:
    """Arabic and English text the tests carry, to train the tiny tokenizer on."""
    texts = [SEED.read_text(encoding="utf-8")]
    texts += [
        path.read_text(encoding="utf-8") for path in sorted((FIXTURES / "articles").iterdir())
    ]
    texts.append((ROOT / "seeds" / "000_83f5f90aea9c826b.tm.yml").read_text(encoding="utf-8"))
    return [
        line.strip()
        for text in texts
        for line in text.replace("., ", "\n").splitlines()
        if line.strip()
    ]


def generated(file: Any) -> bool:
    """Whether an MkDocs file is one of the pages or files digest generates (not one of
    its stylesheets, scripts and fonts)."""
    return bool(file.generated_by) and not file.src_uri.startswith("assets/digest/")


def render_site(
    articles: list[Any],
    env: Any,
    site_title: str = "Digest",
    actors: dict[str, Any] | None = None,
    entries: dict[str, Any] | None = None,
    stories: list[Any] | None = None,
) -> dict[str, str]:
    """Every generated page, rendered, by path (the articles' stories found unless given)."""
    from digest.site.render import site_specs

    specs = site_specs(articles, env, site_title, actors, True, entries, stories=stories)
    return {spec.path: spec.render() for spec in specs}
