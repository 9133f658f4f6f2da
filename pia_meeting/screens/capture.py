"""4 議事: live capture. The log on top, the typing box docked at the bottom, the current
speaker and kind beside it. Nothing on the typing path touches the database: the draft is
handed to a background writer, and only Enter writes an entry."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Footer, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from ..capture import SPEAKERLESS, CaptureState
from ..clock import hm_of, now_hm
from ..drafts import Draft
from ..errors import UserError
from ..labels import speaker_label
from ..model import AgendaItem, Attendance, Entry, EntryKind, MeetingBundle, MeetingStatus
from ..quorum import quorum_state
from ..text import clean_text
from ..widgets import StepBar
from .base import StepScreen, meeting_caption
from .confirm import ConfirmScreen
from .entry_edit import EntryEditScreen
from .speaker_picker import SpeakerPickerScreen

DRAFT_INTERVAL = 1.0  # seconds; the loss bound is 2 seconds of typing (SPEC §6)

KIND_KEYS = {
    "alt+e": EntryKind.EXPLANATION,
    "alt+q": EntryKind.QUESTION,
    "alt+a": EntryKind.ANSWER,
    "alt+o": EntryKind.OPINION,
    "alt+g": EntryKind.PROCEDURE,
    "alt+t": EntryKind.STAGE,
    "alt+h": EntryKind.HEADING,
}


class CaptureBox(TextArea):
    """The typing box: Enter commits, Alt+letter chords are left to the screen."""

    class Commit(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Commit(self.text))
            return
        if event.key.startswith("alt+") or event.key.startswith("ctrl+"):
            return  # a chord: never insert its character; the screen's bindings take it
        await super()._on_key(event)


class EntryLog(OptionList):
    """The running log. Enter edits an entry, Del deletes it, Esc goes back to typing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete", "screen.delete_entry", "削除", id="log_delete", key_display="Del"),
        Binding("escape,i", "screen.focus_box", "入力欄へ", id="log_back", key_display="Esc"),
    ]


def render_entry(entry: Entry, label: str, who: str) -> Text:
    line = Text()
    line.append(f"{hm_of(entry.spoken_at) or '--:--'} ", style="dim")
    if entry.kind == EntryKind.HEADING:
        line.append(f"■ {entry.text}", style="bold")
    else:
        if label:
            line.append(label, style="bold cyan")
            if who:
                line.append(f" {who} ", style="dim")
            else:
                line.append(" ")
        if entry.kind == EntryKind.STAGE:
            line.append(f"《{entry.text}》", style="italic")
        else:
            line.append(f"[{entry.kind}] ", style="dim")
            line.append(entry.text)
    pages = entry.page_list
    if pages:
        line.append("  " + " ".join(f"p.{p}" for p in pages), style="green")
    if entry.pending:
        line.append("  [持ち帰り]", style="bold yellow")
    if not entry.is_public:
        line.append("  [非公開]", style="bold red")
    return line


class CaptureScreen(StepScreen):
    step = 4
    help_title = "議事(発言の記録)のキー操作"
    help_text = (
        "入力欄で Enter を押すと発言を確定します(確定した時点で保存)。入力中の文章も数秒ごとに"
        "自動保存され、異常終了後の起動時に復元できます。\n"
        "質問を確定すると次は直前に回答した説明者の「回答」に、回答の後は質問した委員の「質問」に"
        "切り替わります。\n"
        "Esc で記録一覧へ移り、Enter で編集、Del で削除、Esc で入力欄に戻ります。"
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "speaker(1)", "発言者▶", id="speaker_next", key_display="F2"),
        Binding("shift+f2", "speaker(-1)", "発言者◀", id="speaker_prev", show=False),
        Binding("ctrl+o", "pick_speaker", "発言者一覧", id="speaker_pick", key_display="Ctrl+O"),
        Binding("f3", "kind(1)", "種別▶", id="kind_next", key_display="F3"),
        Binding("shift+f3", "kind(-1)", "種別◀", id="kind_prev", show=False),
        Binding("alt+e", "set_kind('説明')", "説明", id="kind_explanation", show=False),
        Binding("alt+q", "set_kind('質問')", "質問", id="kind_question", show=False),
        Binding("alt+a", "set_kind('回答')", "回答", id="kind_answer", show=False),
        Binding("alt+o", "set_kind('意見')", "意見", id="kind_opinion", show=False),
        Binding("alt+g", "set_kind('議事進行')", "議事進行", id="kind_procedure", show=False),
        Binding("alt+t", "set_kind('ト書き')", "ト書き《》", id="kind_stage", show=False),
        Binding("alt+h", "set_kind('見出し')", "見出し", id="kind_heading", show=False),
        Binding(
            "ctrl+g", "next_item", "議題切替", id="agenda_next", key_display="Ctrl+G", show=False
        ),
        Binding("escape", "focus_log", "記録一覧", id="focus_log", key_display="Esc"),
    ]

    def __init__(self) -> None:
        super().__init__()
        assert self.pia.meeting_id is not None
        self.bundle: MeetingBundle = self.store.load_bundle(self.pia.meeting_id)
        self.item_index = 0
        self.state = CaptureState(self._speakers())
        self.state.learn(self.bundle.entries_of(self.item.id if self.item else None))
        self._dirty = False

    # -- state ----------------------------------------------------------------------------

    @property
    def item(self) -> AgendaItem | None:
        agenda = self.bundle.agenda
        return agenda[self.item_index] if agenda else None

    def _speakers(self) -> list[Attendance]:
        return [p for p in self.bundle.attendance if p.is_present]

    def _label(self, person: Attendance | None, entry: Entry | None = None) -> str:
        if person is None:
            return f"({entry.speaker_label})" if entry and entry.speaker_label else ""
        return speaker_label(self.bundle.board, person, self.bundle.attendance)

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StepBar(self.step, meeting_caption(self.bundle.meeting))
        yield Label("", id="agenda-line", markup=False)
        yield EntryLog(id="log", markup=False)
        with Vertical(id="capture-dock"):
            yield Static("", id="capture-status", markup=False)
            yield Label("", id="capture-error", markup=False)
            yield CaptureBox(
                "",
                id="box",
                soft_wrap=True,
                show_line_numbers=False,
                highlight_cursor_line=False,
                placeholder="ここに発言を入力し Enter で確定 (F2 発言者 / F3 種別 / F1 ヘルプ)",
            )
        yield Footer()

    def on_mount(self) -> None:
        self._show_item()
        self._show_status()
        self.query_one("#box", CaptureBox).focus()
        self.set_interval(DRAFT_INTERVAL, self._save_draft_if_dirty)
        if not self.bundle.agenda:
            self._error("議題がありません。会議情報の画面で議題を追加してください")
        elif not self._speakers():
            self._error("出席者がいません。出欠の画面で委員・説明者を登録してください")
        self._offer_restore()

    def _show_item(self) -> None:
        item = self.item
        line = self.query_one("#agenda-line", Label)
        if item is None:
            line.update("議題: (なし)")
        else:
            count = len(self.bundle.agenda)
            openness = "公開" if item.is_public else "非公開"
            line.update(f"議題 {self.item_index + 1}/{count}: {item.title} ({openness})")
        log = self.query_one("#log", EntryLog)
        log.clear_options()
        entries = self.bundle.entries_of(item.id if item else None)
        log.add_options([self._option(e) for e in entries])
        if entries:
            log.highlighted = len(entries) - 1
            log.scroll_end(animate=False)

    def _option(self, entry: Entry) -> Option:
        person = self.bundle.attendee(entry.speaker_id)
        who = person.display_name if person else ""
        label = self._label(person, entry)
        if label.strip("()【】〇") == who:
            who = ""
        return Option(render_entry(entry, label, who), id=str(entry.id))

    def _show_status(self) -> None:
        person = self.state.speaker
        status = Text()
        status.append(" 発言者 ", style="reverse")
        if self.state.kind in SPEAKERLESS:
            status.append(" (なし) ")
        elif person is not None:
            status.append(f" {self._label(person)} {person.display_name} ", style="bold")
        else:
            status.append(" (未登録) ", style="bold red")
        status.append(" 種別 ", style="reverse")
        status.append(f" {self.state.kind} ", style="bold")
        status.append(f"  {now_hm()}", style="dim")
        self.query_one("#capture-status", Static).update(status)

    def _error(self, message: str) -> None:
        error = self.query_one("#capture-error", Label)
        error.update(message)
        error.display = bool(message)

    # -- typing ---------------------------------------------------------------------------

    @on(TextArea.Changed, "#box")
    def _typed(self) -> None:
        self._dirty = True

    def _save_draft_if_dirty(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        self._submit_draft(self.query_one("#box", CaptureBox).text)

    def _submit_draft(self, text: str) -> None:
        meeting_id = self.bundle.meeting.id or 0
        item_id = self.item.id if self.item else None
        writer = self.pia.draft_writer
        draft = Draft(meeting_id, item_id, text, self.state.kind, self.state.speaker_id)
        if writer is not None:
            writer.submit(draft)
        else:
            self.store.save_draft(meeting_id, item_id, text, draft.kind, draft.speaker_id)

    def flush(self) -> None:
        self._save_draft_if_dirty()

    def _offer_restore(self) -> None:
        draft = self.store.get_draft(self.bundle.meeting.id or 0)
        box = self.query_one("#box", CaptureBox)
        if draft is None or box.text.strip():
            return

        def answered(yes: bool | None) -> None:
            if yes:
                box.load_text(draft["text"])
                box.move_cursor(box.document.end)
                if draft["kind"]:
                    self.state.kind = draft["kind"]
                if draft["speaker_id"] in {p.id for p in self.state.speakers}:
                    self.state.speaker_id = draft["speaker_id"]
                self._show_status()
                self.notify("入力途中の文章を復元しました")
            box.focus()

        self.app.push_screen(
            ConfirmScreen(
                f"確定していない入力が残っています({draft['saved_at'][11:19]} 保存)。復元しますか?",
                draft["text"],
            ),
            answered,
        )

    @on(CaptureBox.Commit)
    def _commit(self, event: CaptureBox.Commit) -> None:
        text = clean_text(event.text)
        if not text:
            self._error("発言内容が空です。文章を入力してから Enter を押してください")
            return
        item = self.item
        if item is None:
            self._error("議題がありません。会議情報の画面で議題を追加してください")
            return
        speaker_id = None if self.state.kind in SPEAKERLESS else self.state.speaker_id
        entry = Entry(
            meeting_id=self.bundle.meeting.id,
            agenda_item_id=item.id,
            kind=self.state.kind,
            speaker_id=speaker_id,
            text=text,
        )
        try:
            self.store.add_entry(entry)
        except UserError as exc:
            self._error(str(exc))  # the text stays in the box: nothing is lost
            return
        self._error("")
        self.bundle.entries.append(entry)
        self._start_session_if_needed(entry)
        box = self.query_one("#box", CaptureBox)
        box.clear()
        self._dirty = False
        self._submit_draft("")
        log = self.query_one("#log", EntryLog)
        log.add_option(self._option(entry))
        log.highlighted = log.option_count - 1
        log.scroll_end(animate=False)
        self.state.after(entry)
        self._show_status()

    def _start_session_if_needed(self, entry: Entry) -> None:
        meeting = self.bundle.meeting
        if meeting.status != MeetingStatus.PREPARING:
            return
        meeting.status = MeetingStatus.IN_SESSION
        if not meeting.start_time:
            meeting.start_time = hm_of(entry.spoken_at)
        try:
            self.store.update_meeting(meeting)
        except UserError as exc:
            self.notify(str(exc), severity="warning")
        quorum = quorum_state(self.bundle.attendance, self.bundle.board.quorum_rule)
        if not quorum.met:
            self.notify(f"定足数を満たしていません: {quorum.line}", severity="warning", timeout=10)

    # -- speaker and kind -----------------------------------------------------------------

    def action_speaker(self, step: int) -> None:
        self.state.cycle_speaker(step)
        self._show_status()

    def action_kind(self, step: int) -> None:
        self.state.cycle_kind(step)
        self._show_status()

    def action_set_kind(self, kind: str) -> None:
        self.state.kind = kind
        self._show_status()

    def action_pick_speaker(self) -> None:
        rows = [(self._label(p), p.display_name) for p in self.state.speakers]

        def picked(index: int | None) -> None:
            if index is not None:
                self.state.choose_speaker(index)
                self._show_status()
            self.query_one("#box", CaptureBox).focus()

        self.app.push_screen(SpeakerPickerScreen(rows), picked)

    def action_next_item(self) -> None:
        if len(self.bundle.agenda) < 2:
            self.notify("議題は1件だけです")
            return
        self.item_index = (self.item_index + 1) % len(self.bundle.agenda)
        self._show_item()

    # -- the log --------------------------------------------------------------------------

    def action_focus_log(self) -> None:
        self.query_one("#log", EntryLog).focus()

    def action_focus_box(self) -> None:
        self.query_one("#box", CaptureBox).focus()

    def _highlighted_entry(self) -> Entry | None:
        log = self.query_one("#log", EntryLog)
        if log.highlighted is None:
            return None
        option = log.get_option_at_index(log.highlighted)
        return next((e for e in self.bundle.entries if str(e.id) == option.id), None)

    @on(OptionList.OptionSelected, "#log")
    def _edit(self) -> None:
        entry = self._highlighted_entry()
        if entry is None:
            return
        speakers = [
            (p.id or 0, f"{self._label(p)} {p.display_name}") for p in self.bundle.attendance
        ]

        def edited(result: Entry | None) -> None:
            if result is None:
                return
            try:
                self.store.update_entry(result)
            except UserError as exc:
                self.notify(str(exc), severity="error")
                return
            index = self.bundle.entries.index(entry)
            self.bundle.entries[index] = result
            self.query_one("#log", EntryLog).replace_option_prompt(
                str(result.id), self._option(result).prompt
            )
            self.notify("発言を更新しました")

        self.app.push_screen(EntryEditScreen(entry, speakers), edited)

    def action_delete_entry(self) -> None:
        entry = self._highlighted_entry()
        if entry is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            self.store.delete_entry(entry.id or 0)
            self.bundle.entries.remove(entry)
            log = self.query_one("#log", EntryLog)
            log.remove_option(str(entry.id))
            self.notify("発言を削除しました")

        preview = entry.text if len(entry.text) < 80 else entry.text[:80] + "…"
        self.app.push_screen(ConfirmScreen("この発言を削除しますか?", preview), answered)
