"""File I/O for the build: translation-memory sidecars, written atomically.

Every write goes to a temporary file in the same folder and is moved into place, so a
killed process leaves each file either as it was or complete. A file whose content would
not change is not touched (so `mkdocs serve`, which watches the seeds, is not woken up).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from digest.errors import InputError, Problem
from digest.memory import Memory, dump_memory, memory_path, parse_memory, remember
from digest.model import Article


def atomic_write(path: Path, text: str) -> bool:
    """Write text to path atomically; False when the file already holds exactly that text."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


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
            memories[article.key] = parse_memory(path, path.read_text(encoding="utf-8-sig"))
        except (InputError, UnicodeDecodeError) as error:
            problem = (
                error.problem
                if isinstance(error, InputError)
                else Problem(path, "is not valid UTF-8.", "Save it as UTF-8.")
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
        path = memory_path(article)
        if atomic_write(path, dump_memory(memory)):
            written.append(path)
    return written
