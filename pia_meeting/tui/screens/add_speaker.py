"""発言者を追加: someone not on the roll speaks (a vendor's engineer, a late member)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from pia_meeting.core.errors import ValidationError
from pia_meeting.core.model import Attendance, Side
from pia_meeting.store.facade import Store
from pia_meeting.tui.widgets.field import Field
from pia_meeting.tui.widgets.japanese import Select


class AddSpeakerScreen(ModalScreen[Attendance | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消", id="add_speaker_cancel", key_display="Esc"),
    ]

    def __init__(self, store: Store, meeting_id: int) -> None:
        super().__init__()
        self.store = store
        self.meeting_id = meeting_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("発言者を出席者に追加", classes="dialog-title")
            yield Select(
                [(s.value, s.value) for s in Side],
                value=Side.EXPLAINER.value,
                allow_blank=False,
                compact=True,
                id="side",
            )
            yield Field("氏名", field_id="name")
            yield Field("役職", field_id="title", placeholder="係長/主任/委員…")
            yield Field("所属", field_id="department", placeholder="例: 総務局情報政策課")
            yield Label("Enter: 次の欄 / 所属で追加    Esc: 取消", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "department":
            self.focus_next()
            return
        person = Attendance(
            meeting_id=self.meeting_id,
            side=str(self.query_one("#side", Select).value),
            name=self.query_one("#name", Input).value.strip(),
            title=self.query_one("#title", Input).value.strip(),
            department=self.query_one("#department", Input).value.strip(),
        )
        for field in self.query(Field):
            field.show_error("")
        try:
            self.store.add_attendee(person)
        except ValidationError as exc:
            target = exc.field if exc.field in ("name", "title", "department") else "name"
            self.query_one(f"#field-{target}", Field).show_error(exc.message)
            return
        self.dismiss(person)

    def action_cancel(self) -> None:
        self.dismiss(None)
