"""The status line of 議事, between the log and the typing box: who speaks next, in what
kind, with which page tags, 持ち帰り or not, and the clock."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from pia_meeting.core.clock import now_hm
from pia_meeting.services.capture import NextEntry


class CaptureStatus(Static):
    """Shows a `NextEntry`; built as Text, so a name is never read as markup."""

    def show(self, next_entry: NextEntry) -> None:
        status = Text()
        status.append(" 発言者 ", style="reverse")
        if next_entry.speakerless:
            status.append(" (なし) ")
        elif next_entry.speaker is not None:
            status.append(f" {next_entry.speaker} ", style="bold")
        else:
            status.append(" (未登録) ", style="bold red")
        status.append(" 種別 ", style="reverse")
        status.append(f" {next_entry.kind} ", style="bold")
        if next_entry.pages:
            style = "bold red" if next_entry.pages_beyond else "bold green"
            status.append(f" {next_entry.pages} ", style=style)
        if next_entry.pending:
            status.append(" 持ち帰り ", style="bold reverse yellow")
        status.append(f" {now_hm()}", style="dim")
        self.update(status)
