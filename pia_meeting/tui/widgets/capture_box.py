"""The typing box of 議事: a TextArea in which Enter commits the entry, that hands what is
typed to a draft saver every second while it changes, and looks for personal data once
typing pauses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events, on
from textual.message import Message
from textual.timer import Timer
from textual.widgets import TextArea

from pia_meeting.core.privacy import Finding, find_personal_data, mask_all

DRAFT_INTERVAL = 1.0  # seconds; the loss bound is 2 seconds of typing (SPEC §6)
SCAN_DELAY = 0.4  # seconds after the last key before the text is checked for personal data
PLACEHOLDER = "ここに発言を入力し Enter で確定 (F2・Ctrl+O 発言者 / F3 種別 / F1 ヘルプ)"


class CaptureBox(TextArea):
    """The typing box: Enter calls `on_commit` with the text instead of breaking the line;
    `on_draft` is given the text at most every DRAFT_INTERVAL while it changes."""

    class Findings(Message):
        """What the box holds that may be personal data changed (after a pause)."""

        def __init__(self, findings: list[Finding]) -> None:
            super().__init__()
            self.findings = findings

    def __init__(
        self,
        *args: Any,
        on_commit: Callable[[str], None],
        on_draft: Callable[[str], None],
        **kwargs: Any,
    ) -> None:
        options = {"soft_wrap": True, "show_line_numbers": False, "highlight_cursor_line": False}
        super().__init__(*args, **({"placeholder": PLACEHOLDER, **options} | kwargs))
        self._on_commit = on_commit
        self._on_draft = on_draft
        self._dirty = False
        self._findings: list[Finding] = []
        self._scan_timer: Timer | None = None

    def on_mount(self) -> None:
        self.set_interval(DRAFT_INTERVAL, self.save_draft)

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

    @on(TextArea.Changed)
    def _changed(self) -> None:
        self._dirty = True
        # Personal data is looked for once typing pauses, never on every key.
        if self._scan_timer is not None:
            self._scan_timer.stop()
        self._scan_timer = self.set_timer(SCAN_DELAY, self._scan)

    def save_draft(self) -> None:
        """Hand the text to `on_draft` if it changed since the last time."""
        if self._dirty:
            self._dirty = False
            self._on_draft(self.text)

    def _scan(self) -> None:
        self._scan_timer = None
        findings = find_personal_data(self.text)
        if [(f.kind, f.start) for f in findings] != [(f.kind, f.start) for f in self._findings]:
            self._findings = findings
            self.post_message(self.Findings(findings))

    def show_text(self, text: str) -> None:
        """Replace the text, the cursor at its end."""
        self.load_text(text)
        self.move_cursor(self.document.end)

    def mask(self) -> int:
        """Replace what may be personal data with ●; how many were found."""
        findings = find_personal_data(self.text)
        if findings:
            self.show_text(mask_all(self.text, findings))
            self._scan()
        return len(findings)

    def take(self, committed: str) -> None:
        """`committed` became an entry: it leaves the box. Keys typed right after Enter may
        already be in the box: they stay."""
        text = self.text
        self.show_text((text[len(committed) :] if text.startswith(committed) else "").lstrip("\n"))
        self._dirty = False
        self._findings = []
