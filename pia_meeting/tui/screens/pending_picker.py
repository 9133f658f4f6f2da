"""持ち帰りの質問を選ぶ: link an answer to a question left open (this meeting or earlier)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option


class PendingPickerScreen(ModalScreen[int | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消", id="pending_cancel", key_display="Esc"),
    ]

    def __init__(self, questions: list[tuple[int, str, str]]) -> None:
        """`questions`: (entry id, where — 「第14回 10:20」, text)."""
        super().__init__()
        self.questions = questions

    def compose(self) -> ComposeResult:
        options = []
        for entry_id, where, text in self.questions:
            prompt = Text()
            prompt.append(f"{where} ", style="bold")
            prompt.append(text if len(text) <= 60 else text[:60] + "…")
            options.append(Option(prompt, id=str(entry_id)))
        with Vertical(classes="dialog wide"):
            yield Label(
                "どの持ち帰り質問への回答ですか (Enter 決定 / Esc 取消)", classes="dialog-title"
            )
            if options:
                yield OptionList(*options, id="pending", markup=False)
            else:
                yield Label("未回答の持ち帰り質問はありません", markup=False)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        self.dismiss(None)
