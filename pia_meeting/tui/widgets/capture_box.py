"""The typing box of 議事: a TextArea in which Enter commits the entry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events
from textual.widgets import TextArea


class CaptureBox(TextArea):
    """The typing box: Enter commits the entry instead of breaking the line."""

    def __init__(self, *args: Any, on_commit: Callable[[str], None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._on_commit = on_commit

    async def _on_key(self, event: events.Key) -> None:
        # Alt+letter chords never reach here: the screen binds them with priority, because a
        # terminal sends them with a printable character that TextArea would insert.
        if event.key == "enter":
            event.stop()
            event.prevent_default()  # TextArea's own handler would insert a newline
            # Called at once, not through a message: Enter to durable is the latency that
            # matters most, and nothing typed after Enter can slip in between.
            self._on_commit(self.text)
            return
        await super()._on_key(event)
