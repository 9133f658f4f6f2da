"""The meeting the step screens work on, as the app opened it (SPEC §2, §6)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pia_meeting.services.editing import EntryEditor
    from pia_meeting.store.drafts import DraftWriter
    from pia_meeting.store.facade import Store


@dataclass
class MeetingSession:
    """Given to each step screen of a meeting when the app opens it (after its lock).

    `read_only`: another instance writes this meeting (it holds the lock), so this window
    shows it and follows it, and writes nothing; the app sets it when the lock is taken
    over while the meeting is open. `drafts`: the thread that saves the text being typed
    (None for a database in memory, which no other connection sees)."""

    meeting_id: int
    store: Store
    db_path: str
    read_only: bool = False
    drafts: DraftWriter | None = None
    # Why it is read-only, as the notice says it (another window, or the file itself).
    read_only_reason: str = "別の画面で編集中"
    # The meeting's undo history, kept by the app while it runs: leaving 議事 keeps it.
    editor: EntryEditor | None = None
    # The agenda item 議事 was last on: coming back to 議事 opens it again.
    item_id: int | None = None
    # The format 出力 was last set to (docx / txt / md / toshin).
    export_format: str = "docx"
