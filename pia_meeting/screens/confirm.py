"""A yes/no question, answered with y / n (or Enter / Esc)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "はい", id="confirm_yes", key_display="Y/Enter"),
        Binding("n,escape", "answer(False)", "いいえ", id="confirm_no", key_display="N/Esc"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-title", markup=False)
            if self.detail:
                yield Static(self.detail, markup=False)
            yield Label("Y / Enter: はい    N / Esc: いいえ", classes="dialog-keys")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
