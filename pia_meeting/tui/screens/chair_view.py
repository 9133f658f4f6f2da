"""会長確認: the 答申 wording alone on screen, large, for the chair to put to the members."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from pia_meeting.core.model import Toshin
from pia_meeting.core.toshin import closing_phrases
from pia_meeting.core.wareki import format_timestamp
from pia_meeting.tui.screens.vote import VoteResult, VoteScreen


@dataclass(frozen=True)
class ChairDecision:
    """異議なし (votes is None) or a counted vote."""

    votes: VoteResult | None = None


class ChairViewScreen(ModalScreen[ChairDecision | None]):
    CSS_PATH = "../styles/chair_view.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "confirm", "異議なしで確定", id="chair_consent", key_display="Y"),
        Binding("c", "count", "採決(賛否の数)", id="chair_count", key_display="C"),
        Binding("escape,n", "back", "戻る", id="chair_back", key_display="Esc"),
    ]

    def __init__(
        self, toshin: Toshin, item_title: str, quorum_line: str, present_members: int = 0
    ) -> None:
        super().__init__()
        self.present_members = present_members
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
                keys = "Y: 異議なし(確定して凍結)  C: 採決  Esc: 戻る"
            with Center():
                yield Label(keys, id="chair-keys", markup=False)

    def action_confirm(self) -> None:
        self.dismiss(None if self.toshin.is_frozen else ChairDecision())

    def action_count(self) -> None:
        if self.toshin.is_frozen:
            return

        def counted(result: VoteResult | None) -> None:
            if result is not None:
                self.dismiss(ChairDecision(votes=result))

        self.app.push_screen(VoteScreen(self.present_members), counted)

    def action_back(self) -> None:
        self.dismiss(None)
