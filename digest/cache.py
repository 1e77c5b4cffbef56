"""digest's cache on disk: `.digest-cache/` beside `mkdocs.yml`, ignored by git (it holds
its own `.gitignore`), small and safe to delete.

It holds what is slow to work out again and depends only on what its file's name says:
the English spelling of each name discovery found (`spellings-<hash>.json`, the hash of
digest's and the name romanizer's versions, so that another version never reads it). A
file that cannot be read back whole, or holds anything but what it should, is ignored
and made again; a killed build leaves the last whole file (written atomically).
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from digest import __version__
from digest.store import atomic_write

FOLDER = ".digest-cache"
"""The cache's folder, beside `mkdocs.yml`."""

Spellings = dict[str, tuple[str, bool]]
"""A name's English spelling, and whether the romanizer's dictionary knows it, by name."""


def spellings_path(root: Path) -> Path:
    """The spellings file of this digest and this name romanizer."""
    try:
        romanizer = version("arabic-name-romanizer")
    except PackageNotFoundError:
        romanizer = "none"
    made_by = f"digest {__version__} arabic-name-romanizer {romanizer}"
    return root / FOLDER / f"spellings-{hashlib.sha256(made_by.encode()).hexdigest()[:16]}.json"


def load_spellings(path: Path) -> Spellings:
    """The spellings in the file; none when it is missing or not what it should be."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    found: Spellings = {}
    for name, answer in data.items():
        if not (
            isinstance(answer, list)
            and len(answer) == 2
            and isinstance(answer[0], str)
            and isinstance(answer[1], bool)
        ):
            return {}  # (not a file this module wrote: nothing in it is taken)
        found[name] = (answer[0], answer[1])
    return found


def save_spellings(path: Path, spellings: Spellings) -> bool:
    """Write the spellings (atomically, sorted: the same spellings, the same bytes), and
    the cache folder's `.gitignore`; False when the file held them already."""
    atomic_write(path.parent / ".gitignore", "# digest's cache: safe to delete\n*\n")
    text = json.dumps(
        {name: list(spellings[name]) for name in sorted(spellings)}, ensure_ascii=False, indent=0
    )
    return atomic_write(path, text + "\n")
