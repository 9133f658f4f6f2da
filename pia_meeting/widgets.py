"""Small widgets shared by the screens."""

from __future__ import annotations

from rich.text import Text
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

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


class Field(Vertical):
    """A labelled input with its own error line (errors are shown at the field)."""

    DEFAULT_CLASSES = "field"

    def __init__(
        self,
        label: str,
        value: str = "",
        *,
        field_id: str,
        placeholder: str = "",
        restrict: str | None = None,
        max_length: int = 0,
    ) -> None:
        super().__init__(id=f"field-{field_id}")
        self.label_text = label
        self.input = Input(
            value,
            placeholder=placeholder,
            id=field_id,
            select_on_focus=False,
            restrict=restrict,
            max_length=max_length,
            compact=True,
        )
        self.error = Label("", classes="field-error", markup=False)
        self.hint = Label("", classes="field-hint", markup=False)

    def compose(self):  # type: ignore[no-untyped-def]
        yield Label(self.label_text, classes="field-label", markup=False)
        yield self.input
        yield self.hint
        yield self.error

    def show_hint(self, message: str) -> None:
        self.hint.update(message)
        self.hint.display = bool(message)

    def show_error(self, message: str) -> None:
        self.error.update(message)
        self.set_class(bool(message), "-invalid")
