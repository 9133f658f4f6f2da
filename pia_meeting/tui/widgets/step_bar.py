"""The journey, always visible at the top of a step screen."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

STEPS: tuple[str, ...] = ("会議一覧", "会議情報", "出欠", "議事", "答申", "出力")


class StepBar(Static):
    """The journey, always visible: 1 会議一覧 › 2 会議情報 › … with the current step lit."""

    DEFAULT_CLASSES = "step-bar"

    def __init__(self, current: int, meeting_caption: str = "") -> None:
        super().__init__(self._render_steps(current, meeting_caption), markup=False)

    @staticmethod
    def _render_steps(current: int, meeting_caption: str) -> Text:
        text = Text()
        for index, name in enumerate(STEPS, start=1):
            if index > 1:
                text.append(" › ", style="dim")
            style = "bold reverse" if index == current else ""
            text.append(f" {index} {name} ", style=style)
        text.append("  Alt+←→", style="dim")
        if meeting_caption:
            text.append("  ")
            text.append(meeting_caption, style="italic")
        return text
