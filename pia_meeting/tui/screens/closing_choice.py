"""締めくくりの発言: the closing lines already typed for a 答申, before it is confirmed, and
what becomes of them (replaced by the lines of the 答申, kept as the closing, or left and
followed by them)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Static

from pia_meeting.services.toshin import ClosingChoice, TypedClosing


def _listed(lines: list[str]) -> str:
    return "\n".join(f"・{line}" for line in lines)


class ClosingChoiceScreen(ModalScreen[ClosingChoice | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "choose('replace')", "置き換える", id="closing_replace", key_display="Y"),
        Binding("n", "choose('keep')", "入力のまま", id="closing_keep", key_display="N"),
        Binding("a", "choose('add')", "残して追加", id="closing_add", key_display="A"),
        Binding("escape", "cancel", "確定しない", id="closing_cancel", key_display="Esc"),
    ]

    def __init__(self, typed: TypedClosing) -> None:
        super().__init__()
        self.typed = typed

    def compose(self) -> ComposeResult:
        count = len(self.typed.entries)
        with Vertical(classes="dialog wide"):
            yield Label(
                f"締めくくりの発言が議事に{count}件入力されています", classes="dialog-title"
            )
            with VerticalScroll(classes="dialog-body"):
                yield Label("入力済み:", classes="field-label")
                yield Static(_listed([e.text for e in self.typed.entries]), markup=False)
                yield Label("答申の確定で記録する発言:", classes="field-label")
                yield Static(_listed([line.text for line in self.typed.lines]), markup=False)
            yield Label(
                "Y: 確定の発言で置き換える(入力済みは監査記録に残ります)\n"
                "N: 入力のまま締めくくりとする    A: 残して後ろに追加\n"
                "Esc: 確定しない(答申の画面に戻る)",
                classes="dialog-keys",
            )
        yield Footer(show_command_palette=False)  # this dialog's keys, not the screen's

    def action_choose(self, choice: str) -> None:
        self.dismiss(ClosingChoice(choice))

    def action_cancel(self) -> None:
        self.dismiss(None)
