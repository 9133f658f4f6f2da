"""Saving the text being typed off the typing path (SPEC §6: loss bound 2 seconds).

A single background thread owns its own SQLite connection (connections never cross threads)
and writes the newest draft it was handed; older pending drafts are superseded, not queued.
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


class DraftWriter:
    def __init__(self, db_path: str) -> None:
        self.db_path = db_path
        self._pending: Draft | None = None
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._stop = False
        self.errors: list[str] = []
        self._thread = threading.Thread(target=self._run, name="draft-writer", daemon=True)
        self._thread.start()

    def submit(self, draft: Draft) -> None:
        with self._lock:
            self._pending = draft
            self._idle.clear()
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
        while True:
            self._wake.wait()
            self._wake.clear()
            with self._lock:
                draft, self._pending = self._pending, None
            if draft is not None:
                try:
                    if store is None:
                        from pia_meeting.store.facade import Store

                        store = Store(self.db_path, checked=True)
                        # A draft write must not hold the write lock through an fsync while
                        # Enter waits for it: in WAL mode NORMAL still survives a crash of
                        # the app, and the next committed entry (FULL) syncs these frames.
                        store.conn.execute("PRAGMA synchronous=NORMAL")
                    store.save_draft(
                        draft.meeting_id,
                        draft.agenda_item_id,
                        draft.text,
                        draft.kind,
                        draft.speaker_id,
                        draft.entry_id,
                    )
                except Exception as exc:  # reported to the screen; never kill the thread
                    self.errors.append(str(exc))
            with self._lock:
                if self._pending is None:
                    self._idle.set()
                else:
                    self._wake.set()
            if self._stop:
                if store is not None:
                    store.close()
                return
