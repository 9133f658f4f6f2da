"""The messages screens send to the app (and the app to screens). Declared in one place, so
that who asks for what is read here rather than found in attribute writes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from pia_meeting.services.capture import EntryChanges


class OpenMeeting(Message):
    """Open a meeting at a step of the journey (through its lock), showing `entry_id` when
    the step is 議事: a search hit, a row of 会議一覧, a meeting just created."""

    def __init__(self, meeting_id: int, step: int = 2, entry_id: int | None = None) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.step = step
        self.entry_id = entry_id


class EntriesChanged(Message):
    """Read-only 議事: another instance changed the meeting's entries (`changes`, read by
    the follow worker on its own connection). The screen shows them; the worker touches no
    widget."""

    def __init__(self, changes: EntryChanges) -> None:
        super().__init__()
        self.changes = changes
