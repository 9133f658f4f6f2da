"""採決: a counted vote (賛成・反対・棄権) against those present; the chair decides a tie."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from pia_meeting.core.errors import ValidationError
from pia_meeting.core.text import parse_count
from pia_meeting.core.toshin import check_vote
from pia_meeting.tui.widgets.field import Field
from pia_meeting.tui.widgets.japanese import Select


@dataclass(frozen=True)
class VoteResult:
    votes: tuple[int, int, int]  # 賛成, 反対, 棄権
    chair_decision: str  # 可決 / 否決 on a tie, else ""


class VoteScreen(ModalScreen[VoteResult | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消", id="vote_cancel", key_display="Esc"),
        Binding("ctrl+s", "record", "記録", id="vote_record", key_display="Ctrl+S"),
    ]

    def __init__(self, present_members: int) -> None:
        super().__init__()
        self.present_members = present_members

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"採決 (出席委員 {self.present_members}名)", classes="dialog-title")
            with Horizontal(classes="row"):
                yield Field("賛成", field_id="votes_for")
                yield Field("反対", "0", field_id="votes_against")
                yield Field("棄権", "0", field_id="abstentions")
            yield Label("可否同数のときの会長の判断", classes="field-label")
            yield Select(
                [("可決", "可決"), ("否決", "否決")],
                prompt="(同数でなければ不要)",
                compact=True,
                id="chair_decision",
            )
            yield Label("", id="vote-error", classes="field-error", markup=False)
            yield Label("Enter: 次の欄 / 記録    Ctrl+S: 記録    Esc: 取消", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#votes_for", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "abstentions":
            self.action_record()
        else:
            self.focus_next()

    def _count(self, field_id: str, label: str) -> int:
        value = parse_count(self.query_one(f"#{field_id}", Input).value)
        if value is None:
            raise ValidationError(field_id, f"{label}の数を0以上の数字で入力してください")
        return value

    def action_record(self) -> None:
        for field in self.query(Field):
            field.show_error("")
        error = self.query_one("#vote-error", Label)
        error.update("")
        try:
            votes = (
                self._count("votes_for", "賛成"),
                self._count("votes_against", "反対"),
                self._count("abstentions", "棄権"),
            )
            decision = self.query_one("#chair_decision", Select).value
            chair = decision if isinstance(decision, str) else ""
            outcome = check_vote(*votes, present_members=self.present_members, chair_decision=chair)
        except ValidationError as exc:
            fields = self.query(f"#field-{exc.field}")
            if fields:
                fields.first(Field).show_error(exc.message)
            else:
                error.update(exc.message)
            return
        if outcome.needs_chair:
            error.update("可否同数です。会長の判断(可決/否決)を選んでください")
            self.query_one("#chair_decision", Select).focus()
            return
        self.dismiss(VoteResult(votes, chair if votes[0] == votes[1] else ""))

    def action_cancel(self) -> None:
        self.dismiss(None)
