"""digest's cache on disk: `.digest-cache/` beside `mkdocs.yml`, ignored by git (it holds
its own `.gitignore`), small and safe to delete.

It holds what is slow to work out again and depends only on what its file's name says:
- `seeds/<key>.pickle`: a seed's articles as a build finished them (`SeedEntry`), under a
  hash of the seed's bytes and its metadata sidecar's, of digest's code and of everything
  else every article depends on (settings, registry, glossary: `inputs_key`); the entry
  holds the hashes of its memories' bytes, and is taken only while they are the same;
- `parts/<key>.pickle`: what a seed's articles add to the site-wide files (export
  records, search documents), under a hash of the seed's key and of what the pages depend
  on besides (site name, links, templates, discovered actors);
- `generated/`: the pages and files the last build generated, which MkDocs reads, and
  `generated.json`, the key of each (a hash of what it was made from: `build.page_key`)
  with its size and time as written: a file that is not as written is made again;
- `stories/<key>.pickle`: the articles' grouping into stories as the last build left it,
  to continue with the articles added since (`digest.stories.threads.find_stories`: it
  checks that the articles it holds are the same), under a hash of digest's code;
- `spellings/<key>.pickle`: the English spelling of each name discovery found, under a
  hash of digest's and the name romanizer's versions.
A file that cannot be read back whole, or holds anything but what it should, is ignored
and made again: the entries are written atomically, and a generated file a killed build
left half written is not as recorded.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TypeVar

from digest import __version__
from digest.actors.discover import Found
from digest.errors import Problem
from digest.model import Article
from digest.project import Project
from digest.store import atomic_write
from digest.text.ids import is_safe_page_path

T = TypeVar("T")

FOLDER = ".digest-cache"
"""The cache's folder, beside `mkdocs.yml`."""


def spellings_key() -> str:
    """The key of the spellings entry: a hash of digest's and the name romanizer's versions
    (another version never reads it)."""
    try:
        romanizer = version("arabic-name-romanizer")
    except PackageNotFoundError:
        romanizer = "none"
    return hashlib.sha256(f"digest {__version__} romanizer {romanizer}".encode()).hexdigest()


SEEDS = "seeds"
"""The folder of the seeds' entries, in the cache's."""

SPELLINGS = "spellings"
"""The folder of the spellings entry (`spellings_key`), in the cache's."""

PARTS = "parts"
"""The folder of the rendered parts of each seed's articles, in the cache's."""

STORIES = "stories"
"""The folder of the stories' grouping (`digest.stories.group.Grouping`), in the cache's."""

GENERATED = "generated"
"""The folder of the pages and files the last build generated, in the cache's."""

_WRITTEN = "generated.json"
"""The key, size and time of each file in GENERATED, by its path in the site."""

_MAGIC = b"digest cache entry 3 "
"""How an entry starts; then its key, a newline and the entry, pickled and gzipped."""


@cache
def code_hash() -> str:
    """A hash of digest's code and data files (word lists, templates) and of the Python
    that runs it: another version of either never reads an entry."""
    package = Path(__file__).parent
    digest = hashlib.sha256(f"{__version__} {sys.version}".encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yml", ".json", ".j2") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def files_hash(folder: Path, names: Iterable[str]) -> str:
    """A hash of the named files' bytes (a missing file hashed as missing)."""
    digest = hashlib.sha256()
    for name in names:
        digest.update(os.fsencode(name) + b"\0")
        try:
            data = (folder / name).read_bytes()
        except OSError:
            digest.update(b"-")
            continue
        digest.update(b"+%d\0" % len(data) + data)
    return digest.hexdigest()


def inputs_key(project: Project) -> str:
    """A hash of what every article depends on besides its own files: digest's code, the
    settings (not the number of processes, which changes no result), the registry and
    the glossary."""
    described = repr(replace(project, workers=0)).encode()
    extra = hashlib.sha256(described).hexdigest()
    files = files_hash(Path("/"), [str(project.actors), str(project.glossary)])
    return hashlib.sha256(f"{code_hash()} {extra} {files}".encode()).hexdigest()


def seed_key(inputs: str, seed: Path) -> str:
    """The key of a seed's entry: `inputs_key`, the seed's bytes and its metadata
    sidecar's."""
    own = files_hash(seed.parent, [seed.name, seed.with_suffix(".yml").name])
    return hashlib.sha256(f"{inputs} {own}".encode()).hexdigest()


@dataclass(slots=True)
class SeedEntry:
    """A seed's articles as a build finished them, and what they were made from."""

    memories: dict[str, str]
    """The hash of each of its articles' memory files (`files_hash`), by name in the seeds
    folder: the entry is taken only while they are the same."""

    articles: list[Article]
    """Its articles, annotated (with the slugs that build chose)."""

    asked: list[str]
    """Each article's slug as the seed asks for it (a slug depends on the other articles)."""

    found: list[list[Found]]
    """The names each article introduces (discovery's per-article part)."""

    problems: list[Problem]
    """What was wrong with the seed."""

    discovered: tuple[tuple[str, str, str, str], ...]
    """The discovered actors the articles were annotated with."""


def entry_path(root: Path, key: str, kind: str) -> Path:
    """Where the entry of a key lives."""
    return root / FOLDER / kind / f"{key}.pickle"


def load(root: Path, key: str, kind: str, of: type[T]) -> T | None:
    """The entry under the key, if it is `of` that type; None when there is none, or it is
    not whole (gzip's check of its length and CRC) or not written under this key."""
    try:
        with entry_path(root, key, kind).open("rb") as stream:
            if stream.readline() != _MAGIC + key.encode() + b"\n":
                return None
            with gzip.GzipFile(fileobj=stream, mode="rb") as unzipped:
                entry: object = pickle.load(unzipped)
                if unzipped.read(1):  # (and to the end: the check comes there)
                    return None
    except Exception:  # (a spoilt entry is made again, whatever spoilt it)
        return None
    return entry if isinstance(entry, of) else None


def save(root: Path, key: str, entry: object, kind: str) -> None:
    """Write the entry under the key, gzipped as it is pickled (zlib's fastest level: text,
    mostly, a fifth of the size; a large entry is never held whole in memory, pickled),
    atomically (not synced: a spoilt entry is ignored)."""
    path = entry_path(root, key, kind)
    _ignored(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(_MAGIC + key.encode() + b"\n")
            with gzip.GzipFile(fileobj=stream, mode="wb", compresslevel=1, mtime=0) as zipped:
                pickle.dump(entry, zipped, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except FileNotFoundError:  # (another build emptied the folder meanwhile)
        Path(temporary).unlink(missing_ok=True)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def keep(root: Path, keys: Iterable[str], kind: str) -> None:
    """Delete the entries (and temporaries) of every other key: the cache holds the last
    build's only."""
    folder = root / FOLDER / kind
    if not folder.is_dir():
        return
    kept = {f"{key}.pickle" for key in keys}
    for path in folder.iterdir():
        if path.name not in kept:
            path.unlink(missing_ok=True)


def _ignored(root: Path) -> None:
    """The cache folder's `.gitignore`."""
    atomic_write(root / FOLDER / ".gitignore", "# digest's cache: safe to delete\n*\n")


def written(root: Path) -> dict[str, str]:
    """The key of each file the last build generated, by its path in the site; "" for one
    that is not as written (another size or modification time)."""
    folder = root / FOLDER / GENERATED
    try:
        listed = json.loads((root / FOLDER / _WRITTEN).read_text("utf-8"))
        found = {path: (key, size, time) for path, (key, size, time) in listed.items()}
        if not all(isinstance(path, str) and is_safe_page_path(path) for path in found):
            raise ValueError(listed)  # (not a record this module wrote)
    except (OSError, UnicodeDecodeError, ValueError, TypeError, AttributeError):
        shutil.rmtree(folder, ignore_errors=True)  # (what is there is unknown)
        return {}
    kept = {}
    for path, (key, size, time) in found.items():
        try:
            stat = os.stat(folder / path)
        except (OSError, ValueError):
            stat = None
        same = stat is not None and (stat.st_size, stat.st_mtime_ns) == (size, time)
        kept[path] = key if same else ""
    return kept


def write_generated(
    root: Path,
    keys: Mapping[str, str],
    data: Iterable[tuple[str, str | bytes]],
    before: Mapping[str, str],
) -> Path:
    """Write the files of `data` whose path (in the site) `keys` holds into the generated
    folder, unless one is there under its key already (`before`: `written`); delete the
    files not in `keys`; record the key, size and time of each, once all are written (a
    file a killed build left half written is not as recorded, and is made again). The
    folder."""
    folder = root / FOLDER / GENERATED
    _ignored(root)
    made: set[Path] = set()
    for path, text in data:
        target = folder / path
        if path in keys and (not keys[path] or before.get(path) != keys[path]):
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            target.write_bytes(text.encode() if isinstance(text, str) else text)
    recorded = {}
    for path, key in keys.items():
        stat = (folder / path).stat()
        recorded[path] = (key, stat.st_size, stat.st_mtime_ns)
    for path in set(before) - set(keys):
        (folder / path).unlink(missing_ok=True)  # (paths this module wrote, from its record)
    for other in (root / FOLDER).iterdir():  # (what another version of digest kept)
        if other.name not in (SEEDS, PARTS, SPELLINGS, STORIES, GENERATED, _WRITTEN, ".gitignore"):
            if other.is_dir():
                shutil.rmtree(other, ignore_errors=True)
            elif not other.name.startswith("."):  # (not a file being written)
                other.unlink(missing_ok=True)
    atomic_write(root / FOLDER / _WRITTEN, json.dumps(recorded))
    return folder
