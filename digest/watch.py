"""The seeds folder's listing kept up to date by the system's file events, for `mkdocs serve`.

A rebuild compares every seed's files with how the last build found them (`digest.reuse`):
listing a folder of 20,000 files, one stat each, is a good part of a rebuild of a large
digest. While `mkdocs serve` runs, a watch (watchdog, as MkDocs' own server uses) notes
the names of the files created, changed, moved or deleted, and the next listing looks at
those again only. When the watch cannot tell (when it stopped, or when so many files
changed at once that events may have been dropped), the folder is listed whole, as
without a watch; after the folder itself was moved or deleted, every listing is.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from watchdog.events import (
    EVENT_TYPE_CLOSED_NO_WRITE,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MOVED,
    EVENT_TYPE_OPENED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from digest.reuse import Snapshot, snapshot

WHOLE_LISTING_FROM = 2_000
"""Changed names from which the folder is listed whole: the system's event queue is not
far beyond (16,384 events by default), and listing costs little next to such a rebuild."""

_GONE = {EVENT_TYPE_DELETED, EVENT_TYPE_MOVED}
_READ = {EVENT_TYPE_OPENED, EVENT_TYPE_CLOSED_NO_WRITE}
"""Events of files read, not changed (by the build itself, among others)."""


class SeedsWatch(FileSystemEventHandler):
    """A folder's files as of the last `listing`, and the names changed since."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._folder = os.path.normpath(folder)
        self._prefix = os.path.join(self._folder, "")
        self._lock = threading.Lock()
        self._changed: set[str] = set()
        self._lost = True
        """Whether events may have been missed since the last listing."""
        self._gone = False
        """Whether the folder watched was moved or deleted (one made in its place is not
        watched)."""
        self._last: Snapshot | None = None
        self._observer: BaseObserver | None = None

    def start(self) -> Snapshot | None:
        """Watch the folder (its files, not its subfolders) from now on, and list it whole
        once (then, not in the next rebuild); that listing, or None when the folder is not
        there to watch."""
        if self._observer is not None or not self.folder.is_dir():
            return None
        observer = Observer()
        observer.daemon = True
        observer.schedule(self, str(self.folder), recursive=False)
        observer.start()
        self._observer = observer
        # Watching first, then listing: a change during the listing is noted (and looked
        # at again next time), none is missed.
        with self._lock:
            self._lost = False
        self._last = snapshot(self.folder)
        return self._last

    def stop(self) -> None:
        """Stop watching; listings are whole again."""
        observer, self._observer = self._observer, None
        if observer is not None:
            observer.stop()
            observer.join()
        with self._lock:
            self._lost = True

    def on_any_event(self, event: FileSystemEvent) -> None:
        """Note the names an event is about (called in the watch's thread)."""
        if event.event_type in _READ:
            return
        paths = [event.src_path, getattr(event, "dest_path", "")]
        with self._lock:
            for path in map(os.fsdecode, paths):
                if path.startswith(self._prefix) and os.sep not in path[len(self._prefix) :]:
                    self._changed.add(path[len(self._prefix) :])
                elif event.event_type in _GONE and os.path.normpath(path) == self._folder:
                    self._gone = True  # the folder itself was moved or deleted

    def changed(self) -> set[str]:
        """The names changed since the last listing, as far as the watch has been told."""
        with self._lock:
            return set(self._changed)

    def listing(self) -> tuple[Snapshot, set[str] | None]:
        """The folder's files as they are now (`digest.reuse.snapshot`): the last listing
        with the names changed since looked at again, or a whole new listing; and the
        names looked at again (None when the folder was listed whole). The result is a
        new dictionary; the last is left as it was."""
        with self._lock:
            changed, self._changed = self._changed, set()
            lost, self._lost = self._lost, False
            gone = self._gone
        if gone:
            self.stop()  # (from now on, every listing is whole)
        watching = self._observer is not None and self._observer.is_alive()
        if lost or not watching or self._last is None or len(changed) >= WHOLE_LISTING_FROM:
            self._last = snapshot(self.folder)
            return self._last, None
        files = dict(self._last)
        for name in changed:
            files.pop(name, None)
        files.update(snapshot(self.folder, changed))
        self._last = files
        return files, changed
