"""発言の編集: text, kind, speaker and flags of an entry already committed."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Label, Select, TextArea

from ..capture import KIND_CYCLE, SPEAKERLESS
from ..model import Entry
from ..text import clean_text


class EntryEditScreen(ModalScreen[Entry | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "保存", id="edit_save", key_display="Ctrl+S"),
        Binding("escape", "cancel", "取消", id="edit_cancel", key_display="Esc"),
    ]

    def __init__(self, entry: Entry, speakers: list[tuple[int, str]]) -> None:
        super().__init__()
        self.entry = entry
        self.speakers = speakers

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("発言の編集 (Ctrl+S 保存 / Esc 取消)", classes="dialog-title")
            yield TextArea(self.entry.text, id="edit-text", soft_wrap=True)
            yield Label("", id="edit-error", classes="field-error", markup=False)
            with Horizontal(classes="row"):
                yield Select(
                    [(k, k) for k in KIND_CYCLE],
                    value=self.entry.kind,
                    id="edit-kind",
                    allow_blank=False,
                )
                yield Select(
                    [(name, pid) for pid, name in self.speakers],
                    value=self.entry.speaker_id if self.entry.speaker_id else Select.NULL,
                    id="edit-speaker",
                    prompt="(発言者なし)",
                )
            with Horizontal(classes="row"):
                yield Checkbox("非公開", bool(not self.entry.is_public), id="edit-closed")
                yield Checkbox("持ち帰り", bool(self.entry.pending), id="edit-pending")

    def on_mount(self) -> None:
        self.query_one("#edit-text", TextArea).focus()

    def action_save(self) -> None:
        text = clean_text(self.query_one("#edit-text", TextArea).text)
        if not text:
            self.query_one("#edit-error", Label).update(
                "発言内容が空です。削除する場合は一覧で Del"
            )
            return
        kind = str(self.query_one("#edit-kind", Select).value)
        speaker = self.query_one("#edit-speaker", Select).value
        speaker_id = None if kind in SPEAKERLESS or speaker is Select.NULL else int(speaker)  # type: ignore[arg-type]
        self.dismiss(
            replace(
                self.entry,
                text=text,
                kind=kind,
                speaker_id=speaker_id,
                is_public=0 if self.query_one("#edit-closed", Checkbox).value else 1,
                pending=1 if self.query_one("#edit-pending", Checkbox).value else 0,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
