"""File I/O for the build: translation-memory sidecars and the built site, replaced
atomically.

Every write goes to a temporary file in the same folder and is moved into place, so a
killed process leaves each file either as it was or complete. A file whose content would
not change is not touched (so `mkdocs serve`, which watches the seeds, is not woken up).
A site is built into a folder beside the old one and exchanged with it in one step.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from digest import yamlio
from digest.errors import InputError, Problem
from digest.model import Article
from digest.reading.decoding import confine
from digest.translation.memory import (
    Memory,
    dump_memory,
    memory_path,
    parse_memory,
    remember,
    same_memory,
)


def atomic_write(path: Path, text: str) -> bool:
    """Write text to path atomically; False when the file already holds exactly that text."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{os.fsencode(path.name)[:120].decode(errors='ignore')}."  # (room for the rest)
    handle, temporary = tempfile.mkstemp(prefix=prefix, suffix=TEMPORARY, dir=path.parent)
    try:
        os.fchmod(handle, _mode_for(path))  # (mkstemp's file is private; ours are not)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def _mode_for(path: Path) -> int:
    """The permissions a file written again keeps, or a new file gets from the umask."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def load_memories(articles: list[Article]) -> tuple[dict[str, Memory], list[Problem]]:
    """The memory of every article that has one; unreadable sidecars are reported, and
    their articles are marked so the broken file is not overwritten."""
    memories: dict[str, Memory] = {}
    problems: list[Problem] = []
    for article in articles:
        path = memory_path(article)
        if not path.is_file():
            continue
        try:
            confine(path)
            memories[article.key] = parse_memory(path, yamlio.read_text(path))
        except (InputError, yamlio.Refused) as error:
            problem = (
                error.problem if isinstance(error, InputError) else yamlio.problem(path, error)
            )
            problems.append(
                Problem(
                    problem.path,
                    problem.message + " It is left as it is and its article is translated afresh.",
                    problem.hint,
                    problem.line,
                )
            )
            memories[article.key] = Memory(article.key, [], readable=False)
    return memories, problems


def save_memories(articles: list[Article], memories: dict[str, Memory]) -> list[Path]:
    """Write the memory of every article that has English; returns the files changed."""
    written = []
    for article in articles:
        previous = memories.get(article.key)
        if previous is not None and not previous.readable:
            continue
        memory = remember(article, previous)
        if not memory.entries and not memory.notes:
            continue
        if previous is not None and previous.entries and same_memory(previous, memory):
            continue  # already written so (the file may be laid out differently by hand)
        path = memory_path(article)
        if atomic_write(path, dump_memory(memory)):
            written.append(path)
    return written


TEMPORARY = ".tmp"
"""Suffix of the temporary files `atomic_write` creates (`.<name>.<random>.tmp`)."""


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Delete the temporary files a killed write left in a folder."""
    stale = [p for p in folder.glob(f".*{TEMPORARY}") if p.is_file()]
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux `renameat2` with RENAME_EXCHANGE)."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    return bool(result == 0)


def _staging_folders(target: Path) -> list[Path]:
    return sorted(target.parent.glob(f".{target.name}.building-*"))


@contextlib.contextmanager
def staged_folder(target: Path) -> Iterator[Path]:
    """A fresh folder beside `target` to build into; when the block ends without error, it
    replaces `target` in one step, so a killed build leaves the old folder as it was.
    Folders left by killed builds are removed first."""
    for stale in _staging_folders(target):
        shutil.rmtree(stale, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    staging.chmod(0o777 & ~_umask())  # mkdtemp's folder is private; a site is not
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if not target.exists():
        staging.rename(target)
    elif _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the old site
    else:  # no atomic exchange here: the old folder is out of the way for a moment
        old = staging.with_name(staging.name + "-old")
        target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
