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
        Binding("y", "answer(True)", "はい", id="confirm_yes", key_display="Y"),
        Binding("n,escape", "answer(False)", "いいえ", id="confirm_no", key_display="N/Esc"),
        Binding("enter", "default_answer", "既定の答え", id="confirm_default", key_display="Enter"),
    ]

    def __init__(self, question: str, detail: str = "", *, destructive: bool = False) -> None:
        """`destructive`: what cannot be undone (a meeting deleted). Enter then means いいえ,
        so that an Enter meant for the screen below never says yes to it."""
        super().__init__()
        self.question = question
        self.detail = detail
        self.destructive = destructive

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-title", markup=False)
            if self.detail:
                yield Static(self.detail, markup=False)
            keys = (
                "Y: はい    N / Esc / Enter: いいえ"
                if self.destructive
                else "Y / Enter: はい    N / Esc: いいえ"
            )
            yield Label(keys, classes="dialog-keys")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def action_default_answer(self) -> None:
        self.dismiss(not self.destructive)
