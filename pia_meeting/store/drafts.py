"""Saving the text being typed off the typing path (SPEC §6: loss bound 2 seconds).

A single background thread owns its own SQLite connection (connections never cross threads)
and writes the newest draft it was handed; older pending drafts are superseded, not queued.
A save that fails (a full disk, another program holding the database) is tried again every
RETRY_INTERVAL until it succeeds or a newer draft takes its place; `last_error` says why
it is failing meanwhile, for the screen to show.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pia_meeting.store.facade import Store


@dataclass(frozen=True)
class Draft:
    meeting_id: int
    agenda_item_id: int | None
    text: str
    kind: str
    speaker_id: int | None
    entry_id: int | None = None
    # The meeting's draft epoch when it was typed: a commit moves it on, and a draft of an
    # older epoch (the text just committed, still on its way) is not written.
    epoch: int | None = None


RETRY_INTERVAL = 0.5  # seconds between tries of a draft that could not be saved


class DraftWriter:
    def __init__(self, db_path: str) -> None:
        self.db_path = db_path
        # The newest draft of each place it is typed in: the box (entry_id None) and the
        # entry-edit dialog. A newer draft of the same place supersedes the older.
        self._pending: dict[bool, Draft] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._stop = False
        self.last_error: str | None = None  # why the newest draft is not saved yet
        self._reconnect = False
        self._thread = threading.Thread(target=self._run, name="draft-writer", daemon=True)
        self._thread.start()

    def submit(self, draft: Draft) -> None:
        with self._lock:
            self._pending[draft.entry_id is not None] = draft
            self._idle.clear()
        self._wake.set()

    def reconnect(self) -> None:
        """Open a new connection for the next save (the -wal the old one held is gone)."""
        with self._lock:
            self._reconnect = True
        self._wake.set()

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until every submitted draft is on disk."""
        return self._idle.wait(timeout)

    def close(self) -> None:
        self.flush()
        self._stop = True
        self._wake.set()
        self._thread.join(timeout=5.0)

    def _run(self) -> None:
        store: Store | None = None
        failed: dict[bool, Draft] = {}
        while True:
            self._wake.wait(RETRY_INTERVAL if failed else None)
            self._wake.clear()
            with self._lock:
                drafts, self._pending = failed | self._pending, {}  # newer ones win
                if self._reconnect and store is not None:
                    store.close()
                    store = None
                self._reconnect = False
            failed = {}
            for place, draft in drafts.items():
                try:
                    store = store or self._open()
                    store.save_draft(
                        draft.meeting_id,
                        draft.agenda_item_id,
                        draft.text,
                        draft.kind,
                        draft.speaker_id,
                        draft.entry_id,
                        epoch=draft.epoch,
                    )
                    self.last_error = None
                except Exception as exc:  # shown by the screen; never kill the thread
                    self.last_error = str(exc)
                    failed[place] = draft
            with self._lock:
                if self._pending:
                    self._wake.set()
                elif not failed:
                    self._idle.set()
            if self._stop:
                if store is not None:
                    store.close()
                return

    def _open(self) -> Store:
        from pia_meeting.store.facade import Store

        store = Store(self.db_path, checked=True)
        # A draft write must not hold the write lock through an fsync while Enter waits for
        # it: in WAL mode NORMAL still survives a crash of the app, and the next committed
        # entry (FULL) syncs these frames.
        store.conn.execute("PRAGMA synchronous=NORMAL")
        return store
