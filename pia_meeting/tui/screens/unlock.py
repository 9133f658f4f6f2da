"""ロック解除: a confirmed 答申 is reopened only with a stated reason (kept in the audit log)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from pia_meeting.tui.widgets.field import Field


class UnlockScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消", id="unlock_cancel", key_display="Esc"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("確定済みの答申のロックを解除します", classes="dialog-title")
            yield Field("理由 (監査記録に残ります)", field_id="reason")
            yield Label("Enter: 解除    Esc: 取消", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        reason = event.value.strip()
        if not reason:
            self.query_one(Field).show_error("理由を入力してください")
            return
        self.dismiss(reason)

    def action_cancel(self) -> None:
        self.dismiss(None)
