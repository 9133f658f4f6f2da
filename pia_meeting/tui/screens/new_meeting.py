"""新しい会議: the three facts without which a meeting cannot exist (審査会, 回, 開催日)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from pia_meeting.core.errors import UserError, ValidationError
from pia_meeting.core.model import AgendaItem, Meeting
from pia_meeting.core.text import parse_count
from pia_meeting.core.wareki import DateInputError, parse_date
from pia_meeting.store.facade import Store
from pia_meeting.tui.widgets.field import Field


class NewMeetingScreen(ModalScreen[int | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "create", "作成", id="new_meeting_create", key_display="Ctrl+S"),
        Binding("escape", "cancel", "取消", id="new_meeting_cancel", key_display="Esc"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        boards = store.boards()
        self.default_board = boards[-1].name if boards else ""
        number = store.next_meeting_number(boards[-1].id or 0) if boards else 1
        self.default_number = str(number)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("新しい会議", classes="dialog-title")
            yield Field(
                "審査会名",
                self.default_board,
                field_id="board",
                placeholder="例: 北九州市個人情報保護審査会",
            )
            yield Field("回", self.default_number, field_id="number", placeholder="例: 15")
            yield Field(
                "開催日",
                "",
                field_id="date",
                placeholder="例: 2021-11-09 または 令和3年11月9日",
            )
            yield Label("Enter: 次の欄 / 作成    Ctrl+S: 作成    Esc: 取消", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#board", Input).focus()

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "date":
            self.action_create()
        else:
            self.focus_next()

    def _error(self, field: str, message: str) -> None:
        for each in self.query(Field):
            each.show_error("")
        self.query_one(f"#field-{field}", Field).show_error(message)
        self.query_one(f"#{field}", Input).focus()

    def action_create(self) -> None:
        board_name = self.query_one("#board", Input).value.strip()
        number_text = self.query_one("#number", Input).value.strip()
        date_text = self.query_one("#date", Input).value
        if not board_name:
            return self._error("board", "審査会名を入力してください")
        number = parse_count(number_text)
        if number is None or number < 1:
            return self._error("number", "回を1以上の数字で入力してください")
        try:
            day: dt.date | None = parse_date(date_text) if date_text.strip() else None
        except DateInputError as exc:
            return self._error("date", str(exc))
        try:
            with self.store.atomic():
                board = self.store.board_named(board_name)
                meeting = self.store.create_meeting(
                    Meeting(
                        board_id=board.id,
                        number=number,
                        date=day.isoformat() if day else None,
                    )
                )
                self.store.add_agenda_item(
                    AgendaItem(meeting_id=meeting.id, title="特定個人情報保護評価について")
                )
        except ValidationError as exc:
            field = exc.field if exc.field in ("board", "number", "date") else "number"
            return self._error(field, exc.message)
        except UserError as exc:
            return self._error("board", str(exc))
        self.dismiss(meeting.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
