"""発言者一覧: pick the speaker with one digit (1–9) or the arrows and Enter."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option


class SpeakerPickerScreen(ModalScreen[int | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消", id="picker_cancel", key_display="Esc"),
    ]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        options = []
        for index, (label, name) in enumerate(self.rows, start=1):
            prompt = Text()
            prompt.append(f"{index if index < 10 else ' '} ", style="bold")
            prompt.append(label, style="bold cyan")
            prompt.append(f" {name}")
            options.append(Option(prompt))
        with Vertical(classes="dialog"):
            yield Label("発言者を選ぶ (数字キー / ↑↓ Enter / Esc 取消)", classes="dialog-title")
            yield OptionList(*options, id="speakers", markup=False)

    def on_key(self, event: Key) -> None:
        if event.character and event.character.isdigit() and event.character != "0":
            index = int(event.character) - 1
            if index < len(self.rows):
                event.stop()
                self.dismiss(index)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)

    def action_cancel(self) -> None:
        self.dismiss(None)
