"""発言の編集: text, kind, speaker, 評価書 pages and flags of an entry already committed;
Ctrl+T splits the entry at the cursor."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Footer, Input, Label, TextArea

from pia_meeting.core.errors import ValidationError
from pia_meeting.core.model import Entry
from pia_meeting.core.pages import format_pages, parse_page_list
from pia_meeting.core.text import clean_text
from pia_meeting.core.turns import KIND_CYCLE, SPEAKERLESS
from pia_meeting.tui.widgets.japanese import Select

DRAFT_INTERVAL = 1.0  # seconds, as the typing box's (SPEC §6: at most 2 s of typing lost)


@dataclass(frozen=True)
class EditResult:
    entry: Entry
    split_at: int | None = None  # a character offset: split there instead of saving


class EntryEditScreen(ModalScreen[EditResult | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "保存", id="edit_save"),
        Binding("ctrl+t", "split", "カーソル位置で分割", id="edit_split"),
        Binding("escape", "cancel", "取消", id="edit_cancel"),
    ]

    def __init__(
        self,
        entry: Entry,
        speakers: list[tuple[int, str]],
        *,
        text: str | None = None,
        on_draft: Callable[[str], None] | None = None,
    ) -> None:
        """`text`: the text to start from (a draft restored), else the entry's. `on_draft`
        is given the text every DRAFT_INTERVAL while it changes, and "" when the dialog
        closes: what is typed here is kept like the typing box's."""
        super().__init__()
        self.entry = entry
        self.speakers = speakers
        self.start_text = entry.text if text is None else text
        self.on_draft = on_draft
        self._typed = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("発言の編集", classes="dialog-title")
            yield TextArea(self.start_text, id="edit-text", soft_wrap=True)
            yield Label("", id="edit-error", classes="field-error", markup=False)
            with Horizontal(classes="row"):
                yield Select(
                    [(k, k) for k in KIND_CYCLE],
                    value=self.entry.kind if self.entry.kind in KIND_CYCLE else KIND_CYCLE[0],
                    id="edit-kind",
                    allow_blank=False,
                    compact=True,
                )
                yield Select(
                    [(Text(name), pid) for pid, name in self.speakers],
                    value=self.entry.speaker_id if self.entry.speaker_id else Select.NULL,
                    id="edit-speaker",
                    prompt="(発言者なし)",
                    compact=True,
                )
            with Horizontal(classes="row", id="edit-flags"):
                yield Label("ページ ", classes="field-label")
                yield Input(
                    format_pages(self.entry.page_list).replace("p.", "").replace("–", "-"),
                    id="edit-pages",
                    placeholder="例: 14, 54-76",
                    select_on_focus=False,
                    compact=True,
                )
                yield Checkbox(
                    "非公開", bool(not self.entry.is_public), id="edit-closed", compact=True
                )
                yield Checkbox(
                    "持ち帰り", bool(self.entry.pending), id="edit-pending", compact=True
                )
        # The dialog's own keys, not those of the log underneath.
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#edit-text", TextArea).focus()
        if self.on_draft is not None:
            self.set_interval(DRAFT_INTERVAL, self._save_draft)
            if self.start_text != self.entry.text:
                self._typed = True  # a restored draft is kept until saved or dropped

    @on(TextArea.Changed, "#edit-text")
    def _changed(self) -> None:
        self._typed = True

    def _save_draft(self) -> None:
        if self._typed and self.on_draft is not None:
            self._typed = False
            self.on_draft(self.query_one("#edit-text", TextArea).text)

    def dismiss(self, result: EditResult | None = None) -> AwaitComplete:  # type: ignore[override]
        if self.on_draft is not None:
            self.on_draft("")  # saved, or given up: no longer a draft
        return super().dismiss(result)

    def _error(self, message: str) -> None:
        self.query_one("#edit-error", Label).update(message)

    def _collect(self) -> Entry | None:
        text = clean_text(self.query_one("#edit-text", TextArea).text)
        if not text:
            self._error("発言内容が空です。削除する場合は一覧で Del を押してください")
            return None
        try:
            pages = parse_page_list(self.query_one("#edit-pages", Input).value)
        except ValidationError as exc:
            self._error(exc.message)
            return None
        kind = str(self.query_one("#edit-kind", Select).value)
        speaker = self.query_one("#edit-speaker", Select).value
        speaker_id = None if kind in SPEAKERLESS or speaker is Select.NULL else int(speaker)  # type: ignore[arg-type]
        return replace(
            self.entry,
            text=text,
            kind=kind,
            speaker_id=speaker_id,
            pages=json.dumps(pages),
            is_public=0 if self.query_one("#edit-closed", Checkbox).value else 1,
            pending=1 if self.query_one("#edit-pending", Checkbox).value else 0,
        )

    def action_save(self) -> None:
        entry = self._collect()
        if entry is not None:
            self.dismiss(EditResult(entry))

    def action_split(self) -> None:
        area = self.query_one("#edit-text", TextArea)
        row, column = area.cursor_location
        lines = area.text.split("\n")
        offset = sum(len(line) + 1 for line in lines[:row]) + column
        head, tail = clean_text(area.text[:offset]), clean_text(area.text[offset:])
        if not head or not tail:
            self._error("分割する位置の前後に文章が必要です。カーソルを文の切れ目に置いてください")
            return
        entry = self._collect()
        if entry is not None:
            self.dismiss(EditResult(replace(entry, text=head + tail), split_at=len(head)))

    def action_cancel(self) -> None:
        self.dismiss(None)
