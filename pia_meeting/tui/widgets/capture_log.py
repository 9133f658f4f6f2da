"""The log of 議事 with its own keys: edit, split, delete, merge, move, 非公開 runs, 持ち帰り,
linking an answer, the privacy review of an entry, undo. Each key calls the capture session
(where the rules are, the audit after the meeting's close among them) and draws the log
again; nothing is written while another instance writes the meeting."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList

from pia_meeting.core.errors import UserError
from pia_meeting.core.model import Entry
from pia_meeting.core.privacy import CHECKED, MASKED
from pia_meeting.services.capture import CaptureSession
from pia_meeting.tui.screens.confirm import ConfirmScreen
from pia_meeting.tui.screens.entry_edit import EditResult, EntryEditScreen
from pia_meeting.tui.screens.pending_picker import PendingPickerScreen
from pia_meeting.tui.widgets.entry_log import EntryLog


class CaptureLog(EntryLog):
    """Enter edits the entry under the cursor; the other keys are listed in the help.
    `read_only()` says whether another instance writes the meeting (it can change while the
    meeting is open)."""

    # The footer shows these while the log has the focus (the box's keys are hidden then):
    # short words, so that all of them fit 80 columns; the help gives the rest.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "編集", id="log_edit"),
        Binding("delete", "delete_entry", "削除", id="log_delete"),
        Binding("m", "merge", "結合", id="log_merge"),
        Binding("shift+up", "move(-1)", "上へ移動", id="log_move_up", show=False),
        Binding("shift+down", "move(1)", "下へ移動", id="log_move_down", show=False),
        Binding("p", "toggle_closed", "非公開", id="log_closed"),
        Binding("v", "mark_range", "範囲", id="log_range"),
        Binding("t", "toggle_pending", "持ち帰り", id="log_pending"),
        Binding("l", "link_answer", "持ち帰りへの回答", id="log_link", show=False),
        Binding("x", "review('masked')", "伏字", id="log_mask"),
        Binding("c", "review('checked')", "確認", id="log_checked"),
        Binding("ctrl+z", "undo", "戻す", id="log_undo"),
        # Off the footer (the agenda line says it while the log has the focus).
        Binding("escape,i", "back_to_box", "入力欄へ", id="log_back", show=False),
        # Works as everywhere, off the footer: the log's keys need all 80 columns.
        Binding("f1", "app.help", "ヘルプ", id="log_help", show=False),
    ]
    WRITE_ACTIONS = frozenset(
        {"delete_entry", "merge", "move", "toggle_closed", "toggle_pending", "link_answer"}
        | {"review", "undo"}
    )
    REVIEWS: ClassVar[dict[str, tuple[str, str]]] = {  # status → (nothing to do, done)
        MASKED: (
            "この発言に伏字にする個人情報はありません",
            "{}件を伏字にしました(Ctrl+Z で元に戻せます)",
        ),
        CHECKED: ("確認が必要な個人情報はありません", "個人情報ではないことを確認済みにしました"),
    }

    class ItemChanged(Message):
        """The log now shows another agenda item (an undo went to the entry it concerned)."""

    def __init__(self, capture: CaptureSession, read_only: Callable[[], bool], **kwargs: Any):
        super().__init__(**kwargs)
        self.capture = capture
        self._read_only = read_only
        self._range_start: int | None = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in self.WRITE_ACTIONS and self._read_only())

    def reload(self, highlight_id: int | None = None) -> None:
        """Draw the current agenda item's entries again, the cursor on `highlight_id`."""
        self.show_lines(self.capture.lines(), highlight_id)

    def _entry(self) -> Entry | None:
        return self.capture.entry(self.highlighted_id)

    def _change(self, done: str, run: Callable[[], object], highlight: int | None) -> bool:
        """Change entries through the session, then draw the log again and say `done`."""
        try:
            run()
        except UserError as exc:
            self.notify(str(exc), severity="error")
            return False
        self.reload(highlight)
        self.notify(done)
        return True

    async def action_back_to_box(self) -> None:
        self._range_start = None
        await self.run_action("screen.focus_box")

    @on(OptionList.OptionSelected)
    def _edit(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if (entry := self._entry()) is None or self._read_only():
            return
        self.open_editor(entry)

    def open_editor(self, entry: Entry, text: str | None = None) -> None:
        """The dialog that edits `entry`, starting from `text` (a restored draft) if given;
        what is typed there is kept as a draft until it is saved or given up."""

        def edited(result: EditResult | None) -> None:
            if result is not None:
                done = "発言を分割しました" if result.split_at else "発言を更新しました"
                edit = partial(self.capture.edit, entry, result.entry, result.split_at)
                self._change(done, edit, entry.id)

        keep = partial(self.capture.save_edit_draft, entry.id or 0)
        dialog = EntryEditScreen(entry, self.capture.speaker_choices(), text=text, on_draft=keep)
        self.app.push_screen(dialog, edited)

    def action_delete_entry(self) -> None:
        if (entry := self._entry()) is None:
            return

        def answered(yes: bool | None) -> None:
            index = self.highlighted or 0
            done = "発言を削除しました(Ctrl+Z で元に戻せます)"
            if yes and self._change(done, partial(self.capture.delete, entry), None):
                self.highlighted = min(index, self.option_count - 1) if self.option_count else None

        preview = entry.text if len(entry.text) < 80 else entry.text[:80] + "…"
        self.app.push_screen(ConfirmScreen("この発言を削除しますか?", preview), answered)

    def action_merge(self) -> None:
        if (entry := self._entry()) is not None:
            merge = partial(self.capture.merge_with_next, entry)
            self._change("次の発言と結合しました", merge, entry.id)

    def action_move(self, delta: int) -> None:
        if (entry := self._entry()) is None:
            return
        try:
            if self.capture.move(entry, delta):
                self.reload(entry.id)
        except UserError as exc:
            self.notify(str(exc), severity="error")

    def action_mark_range(self) -> None:
        if (entry := self._entry()) is not None:
            self._range_start = entry.id
            self.notify("範囲の始点にしました。終点で p を押すと範囲を非公開にします")

    def action_toggle_closed(self) -> None:
        if (entry := self._entry()) is None:
            return
        ids = self.capture.run_of(entry, self._range_start)
        self._range_start = None
        public = not entry.is_public
        done = f"{len(ids)}件を{'公開' if public else '非公開'}にしました"
        self._change(done, partial(self.capture.set_public, ids, public), entry.id)

    def action_toggle_pending(self) -> None:
        if (entry := self._entry()) is not None:
            done = "持ち帰りを解除しました" if entry.pending else "持ち帰りにしました"
            self._change(done, partial(self.capture.toggle_entry_pending, entry), entry.id)

    def action_link_answer(self) -> None:
        if (entry := self._entry()) is None:
            return

        def chosen(question_id: int | None) -> None:
            if question_id is not None:
                link = partial(self.capture.link_answer, entry, question_id)
                self._change("持ち帰りの質問への回答として結び付けました", link, entry.id)

        questions = self.capture.open_questions(entry)
        self.app.push_screen(PendingPickerScreen(questions), chosen)

    def action_review(self, status: str) -> None:
        """伏字 (masked) or 確認済み (checked) for the entry's findings still open."""
        if (entry := self._entry()) is None:
            return
        nothing, done = self.REVIEWS[status]
        if not (count := len(self.capture.open_findings(entry))):
            self.notify(nothing)
            return
        self._change(done.format(count), partial(self.capture.review, entry, status), entry.id)

    def action_undo(self) -> None:
        """Undo the last change; the entry it concerned is selected and in view (on its
        agenda item), so that the next key acts on what the user is looking at."""
        item = self.capture.item
        try:
            done = self.capture.undo_entry()
        except UserError as exc:
            self.reload(self.highlighted_id)
            self.notify(f"元に戻せません: {exc}", severity="error")
            return
        if done is None:
            self.notify(self.capture.nothing_to_undo())
            return
        if self.capture.item is not item:
            self.post_message(self.ItemChanged())
        self.reload(done.entry_id)
        if done.entry_id is not None:
            self.select_entry(done.entry_id)
        self.notify(f"元に戻しました({done.description})")
