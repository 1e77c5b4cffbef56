"""The seeds folder's watch: listings that look again at the changed files only, and
are always the folder as it is."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

import digest.watch
from digest.reuse import Snapshot, snapshot
from digest.watch import SeedsWatch


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for n in range(6):
        (seeds / f"s{n}.md").write_text(f"# خبر {n}\n\nنص الخبر.\n", "utf-8")
    (seeds / "sub").mkdir()
    return seeds


@pytest.fixture
def watch(folder: Path) -> Iterator[SeedsWatch]:
    watch = SeedsWatch(folder)
    watch.start()
    yield watch
    watch.stop()


@pytest.fixture
def looked_at(monkeypatch: pytest.MonkeyPatch) -> list[list[str] | None]:
    """The names each listing looked at (None: the whole folder)."""
    calls: list[list[str] | None] = []

    def counted(folder: Path, names: Iterable[str] | None = None) -> Snapshot:
        names = None if names is None else sorted(names)
        calls.append(names)
        return snapshot(folder, names)

    monkeypatch.setattr(digest.watch, "snapshot", counted)
    return calls


def seen(watch: SeedsWatch, *names: str) -> None:
    """Wait until the watch has been told of changes to the names (events come from its
    own thread)."""
    deadline = time.monotonic() + 20
    while not set(names) <= watch.changed():
        assert time.monotonic() < deadline, f"no event for {set(names) - watch.changed()}"
        time.sleep(0.02)


def test_a_listing_looks_again_at_the_changed_files_only(
    folder: Path, watch: SeedsWatch, looked_at: list[list[str] | None]
) -> None:
    assert watch._last == snapshot(folder)  # listed whole at start
    assert watch.listing() == (snapshot(folder), set()) and looked_at == [[]]
    (folder / "s4.md").read_text("utf-8")  # read, not changed (told before the rest)
    edited = folder / "s1.md"
    edited.write_text(edited.read_text("utf-8") + "\nسطر جديد.\n", "utf-8")
    (folder / "new.md").write_text("# جديد\n", "utf-8")
    (folder / "s2.md").unlink()
    (folder / "s3.md").rename(folder / "renamed.md")
    (folder / "sub" / "inner.md").write_text("not a seed of this folder", "utf-8")
    seen(watch, "s1.md", "new.md", "s2.md", "s3.md", "renamed.md")
    before = dict(watch._last or {})
    listing, changed = watch.listing()
    assert listing == snapshot(folder)
    assert changed == {"new.md", "renamed.md", "s1.md", "s2.md", "s3.md"}
    assert looked_at == [[], sorted(changed)]
    assert watch._last is listing and before != listing  # (the last listing is not changed)
    assert watch.listing() == (listing, set()) and looked_at[-1] == []


def test_a_listing_is_whole_when_the_watch_cannot_tell(
    folder: Path,
    watch: SeedsWatch,
    looked_at: list[list[str] | None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    watch.listing()
    monkeypatch.setattr(digest.watch, "WHOLE_LISTING_FROM", 3)
    for n in range(3):
        (folder / f"s{n}.md").write_text("# تغيير\n", "utf-8")
    seen(watch, "s0.md", "s1.md", "s2.md")
    assert watch.listing() == (snapshot(folder), None) and looked_at[-1] is None

    watch.stop()  # stopped: nothing tells what changes
    (folder / "s4.md").write_text("# تغيير آخر\n", "utf-8")
    assert watch.listing() == (snapshot(folder), None) and looked_at[-1] is None


def test_the_folder_itself_going_makes_the_next_listing_whole(
    folder: Path, watch: SeedsWatch, looked_at: list[list[str] | None]
) -> None:
    watch.listing()
    watch.on_any_event(_Moved(str(folder), str(folder) + "-old"))
    assert watch.listing() == (snapshot(folder), None) and looked_at[-1] is None
    # A folder made in its place is not watched: every listing is whole from now on.
    assert watch.listing() == (snapshot(folder), None) and looked_at[-1] is None
    watch.on_any_event(_Moved(os.fsencode(folder / "s0.md"), b""))  # (bytes paths too)
    assert watch.changed() == {"s0.md"}


class _Moved:
    event_type = "moved"

    def __init__(self, src_path: str | bytes, dest_path: str | bytes) -> None:
        self.src_path, self.dest_path = src_path, dest_path
