"""The messages screens send to the app (and the app to screens). Declared in one place, so
that who asks for what is read here rather than found in attribute writes."""

from __future__ import annotations

from textual.message import Message


class OpenMeeting(Message):
    """Open a meeting at a step of the journey (through its lock), showing `entry_id` when
    the step is 議事: a search hit, a row of 会議一覧, a meeting just created."""

    def __init__(self, meeting_id: int, step: int = 2, entry_id: int | None = None) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.step = step
        self.entry_id = entry_id
