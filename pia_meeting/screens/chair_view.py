"""会長確認: the 答申 wording alone on screen, large, for the chair to put to the members."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ..model import Toshin
from ..toshin import closing_phrases
from ..wareki import format_timestamp


class ChairViewScreen(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "confirm", "異議なしで確定", id="chair_consent", key_display="Y"),
        Binding("escape,n", "back", "戻る", id="chair_back", key_display="Esc"),
    ]

    def __init__(self, toshin: Toshin, item_title: str, quorum_line: str) -> None:
        super().__init__()
        self.toshin = toshin
        self.item_title = item_title
        self.quorum_line = quorum_line

    def compose(self) -> ComposeResult:
        body = Text(justify="left")
        question = closing_phrases()["question"].split("{wording}")
        body.append(f"{question[0]}\n\n", style="bold")
        body.append(f"{self.toshin.wording}\n", style="bold")
        for index, rider in enumerate(self.toshin.rider_list, start=1):
            body.append(f"\n({index}){rider}", style="bold")
        body.append(f"\n\n{question[1] if len(question) > 1 else ''}", style="bold")
        with Vertical(id="chair-view"):
            yield Label(f"答申の確認 — {self.item_title}", id="chair-title", markup=False)
            with VerticalScroll(id="chair-scroll"):
                yield Static(body, id="chair-wording", markup=False)
            yield Label(self.quorum_line, id="chair-quorum", markup=False)
            if self.toshin.is_frozen:
                keys = f"確定済み: {format_timestamp(self.toshin.confirmed_at)} "
                keys += f"{self.toshin.confirmed_by}    Esc: 戻る"
            else:
                keys = "Y: 異議なし(確定して文言を凍結)    Esc: 戻る"
            with Center():
                yield Label(keys, id="chair-keys", markup=False)

    def action_confirm(self) -> None:
        self.dismiss(not self.toshin.is_frozen)

    def action_back(self) -> None:
        self.dismiss(False)
