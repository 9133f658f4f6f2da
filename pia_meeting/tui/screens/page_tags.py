"""評価書ページ: set the page tags of the entry being typed by hand (added to those found)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from pia_meeting.core.errors import ValidationError
from pia_meeting.core.pages import format_pages, parse_page_list
from pia_meeting.tui.widgets.field import Field


class PageTagsScreen(ModalScreen[list[int] | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消", id="pages_cancel", key_display="Esc"),
    ]

    def __init__(self, manual: list[int], detected: list[int]) -> None:
        super().__init__()
        self.manual = manual
        self.detected = detected

    def compose(self) -> ComposeResult:
        current = format_pages(self.manual).replace("p.", "").replace("–", "-")
        with Vertical(classes="dialog"):
            yield Label("評価書のページ(手入力のタグ)", classes="dialog-title")
            if self.detected:
                yield Label(f"本文から認識: {format_pages(self.detected)}", markup=False)
            yield Field("ページ", current, field_id="pages", placeholder="例: 14, 54-76")
            yield Label("Enter: 決定(空欄で手入力のタグを消す)    Esc: 取消", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#pages", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            pages = parse_page_list(event.value)
        except ValidationError as exc:
            self.query_one(Field).show_error(exc.message)
            return
        self.dismiss(pages)

    def action_cancel(self) -> None:
        self.dismiss(None)
