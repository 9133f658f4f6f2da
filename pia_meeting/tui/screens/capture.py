"""4 議事: live capture. The log on top, the typing box docked at the bottom, the current
speaker, kind and page tags beside it. The rules are the `CaptureSession`'s; this screen
shows it, takes the keys and calls it. Nothing on the typing path touches the database: the
draft is handed to a background writer, and only Enter writes an entry."""

from __future__ import annotations

import threading
from functools import partial
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult, CSSPathType
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Label, TextArea

from pia_meeting.core import wareki
from pia_meeting.core.errors import UserError
from pia_meeting.core.model import Attendance, Entry
from pia_meeting.core.privacy import KIND_LABELS
from pia_meeting.services.capture import CaptureSession, EntryChanges, SavedDraft, follow_meeting
from pia_meeting.tui.messages import EntriesChanged
from pia_meeting.tui.screens.add_speaker import AddSpeakerScreen
from pia_meeting.tui.screens.base import StepScreen, meeting_caption
from pia_meeting.tui.screens.confirm import ConfirmScreen
from pia_meeting.tui.screens.page_tags import PageTagsScreen
from pia_meeting.tui.screens.speaker_picker import SpeakerPickerScreen
from pia_meeting.tui.session import MeetingSession
from pia_meeting.tui.widgets.capture_box import CaptureBox
from pia_meeting.tui.widgets.capture_log import CaptureLog
from pia_meeting.tui.widgets.capture_status import CaptureStatus
from pia_meeting.tui.widgets.entry_log import EntryLog
from pia_meeting.tui.widgets.search_panel import SearchSource
from pia_meeting.tui.widgets.side_search import SideSearch
from pia_meeting.tui.widgets.step_bar import StepBar

__all__ = ["CaptureBox", "CaptureScreen", "EntryLog"]

DRAFT_CHECK = 1.0  # seconds between looks at whether the draft writer is failing


def _kind_key(key: str, kind: str, binding_id: str, label: str = "") -> Binding:
    """Alt+letter picks a kind. With priority: a terminal sends the chord with its letter,
    which the box would otherwise insert."""
    action = f"set_kind('{kind}')"
    return Binding(key, action, label or kind, id=binding_id, show=False, priority=True)


class CaptureScreen(StepScreen):
    CSS_PATH: ClassVar[CSSPathType] = ["../styles/capture.tcss", "../styles/search.tcss"]
    step = 4
    # The box has the keys as soon as the screen is up (not the log, the first in order):
    # a typist goes on typing the moment 議事 comes back.
    AUTO_FOCUS = "#box"
    WRITE_ACTIONS = frozenset({"add_speaker", "mask_box"})  # and CaptureLog's own
    help_title = "議事(発言の記録)のキー操作"
    help_text = (
        "入力欄で Enter を押すと発言を確定します(確定した時点で保存)。入力中の文章も1秒ごとに"
        "自動保存され、異常終了後の起動時に復元できます。\n"
        "質問を確定すると次は直前に回答した説明者の「回答」に、回答の後は質問した委員の「質問」に"
        "切り替わります。Alt+E 説明 / Alt+Q 質問 / Alt+A 回答 / Alt+O 意見 / Alt+G 議事進行 / "
        "Alt+T ト書き / Alt+H 見出し で種別を直接選べます。\n"
        "本文中の「78ページ」「54ページから76ページまで」「p.14」などはページのタグになります。\n"
        "Esc で記録一覧へ: Enter 編集(Ctrl+T で分割)、Del 削除、m 次と結合、Shift+↑↓ 移動、"
        "p 非公開(v で範囲の始点)、t 持ち帰り、l 持ち帰りへの回答として結び付け、Ctrl+Z 元に戻す。"
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "speaker(1)", "発言者", id="speaker_next", key_display="F2"),
        Binding("shift+f2", "speaker(-1)", "発言者◀", id="speaker_prev", show=False),
        Binding("ctrl+o", "pick_speaker", "発言者選択", id="speaker_pick", show=False),
        Binding(
            "ctrl+n",
            "add_speaker",
            "発言者を追加",
            id="speaker_add",
            key_display="Ctrl+N",
            show=False,
        ),
        Binding("f3", "kind(1)", "種別", id="kind_next", key_display="F3"),
        Binding("shift+f3", "kind(-1)", "種別◀", id="kind_prev", show=False),
        _kind_key("alt+e", "説明", "kind_explanation"),
        _kind_key("alt+q", "質問", "kind_question"),
        _kind_key("alt+a", "回答", "kind_answer"),
        _kind_key("alt+o", "意見", "kind_opinion"),
        _kind_key("alt+g", "議事進行", "kind_procedure"),
        _kind_key("alt+t", "ト書き", "kind_stage", "ト書き《》"),
        _kind_key("alt+h", "見出し", "kind_heading"),
        Binding("f4", "page_tags", "ページ", id="page_tags", key_display="F4"),
        Binding("f8", "pending_next", "持ち帰り", id="pending_next", key_display="F8"),
        Binding(
            "ctrl+g", "next_item", "議題切替", id="agenda_next", key_display="Ctrl+G", show=False
        ),
        Binding("f9", "mask_box", "伏字", id="mask_box", key_display="F9", show=False),
        Binding("ctrl+f", "toggle_search", "検索", id="side_search"),
        Binding("escape", "focus_log", "一覧", id="focus_log", key_display="Esc"),
    ]

    # The box's keys, hidden (and off) while the log has the focus: the footer is the log's.
    BOX_ACTIONS: ClassVar[frozenset[str]] = frozenset(
        {"speaker", "pick_speaker", "kind", "page_tags", "pending_next", "toggle_search"}
        | {"focus_log"}
    )

    capture: CaptureSession  # loaded in compose, when the screen is mounted

    def __init__(self, session: MeetingSession, *, show_entry_id: int | None = None) -> None:
        """`show_entry_id`: an entry to select and bring into view (a search hit)."""
        super().__init__(session)
        self._show_entry_id = show_entry_id
        self._stop_following = threading.Event()
        self._draft_problem = False

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        session = self.session
        self.capture = CaptureSession(
            self.store,
            session.meeting_id,
            session.drafts,
            editor=session.editor,
            item_id=session.item_id,
        )
        yield StepBar(self.step, meeting_caption(self.capture.bundle.meeting))
        yield Label("", id="agenda-line", markup=False)
        with Horizontal(id="capture-main"):
            yield CaptureLog(self.capture, lambda: self.read_only, id="log", markup=False)
            source = SearchSource(self.session.db_path, lambda: self.store)
            yield SideSearch(source, self.capture.full_text, id="side-panel")
        with Vertical(id="capture-dock"):
            yield CaptureStatus("", id="capture-status", markup=False)
            yield Label("", id="capture-error", markup=False)
            yield CaptureBox("", on_commit=self._commit, on_draft=self._save_draft, id="box")
        # The palette key is in the help: the capture keys need the whole footer at 80 columns.
        yield Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        self._show_item()
        self._box().focus()
        self._error(self.capture.problem())
        if self.read_only:
            if self.session.db_path != ":memory:":
                bundle = self.capture.bundle
                self._follow(self.session.db_path, list(bundle.entries), list(bundle.attendance))
            self._error("読み取り専用: 別の画面で記録中の発言を表示し続けます")
        if self._show_entry_id is not None:
            self.show_entry(self._show_entry_id)
        elif not self.read_only:
            self._offer_restore()
        if self.session.drafts is not None:
            self.set_interval(DRAFT_CHECK, self._watch_drafts)

    def _watch_drafts(self) -> None:
        """Say when what is typed cannot be saved (a full disk, another program holding the
        database); the draft writer keeps trying, and the message goes once it succeeds."""
        drafts = self.session.drafts
        problem = drafts.last_error if drafts is not None else None
        if problem is not None and not self._draft_problem:
            self._error(
                f"入力中の文章を自動保存できません: {problem} "
                "保存できるようになると自動で保存します(入力はそのまま続けられます)"
            )
        elif problem is None and self._draft_problem:
            self._error("")
        self._draft_problem = problem is not None

    def on_unmount(self) -> None:
        self._stop_following.set()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.BOX_ACTIONS and isinstance(self.focused, CaptureLog):
            return False
        return super().check_action(action, parameters)

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()  # the footer shows the keys of what has the focus
        self._show_agenda_line()

    def _show_agenda_line(self) -> None:
        line = self.capture.agenda_line()
        if isinstance(self.focused, CaptureLog):
            line = f"記録の一覧 (Esc 入力欄へ)  {line}"
        self.query_one("#agenda-line", Label).update(line)

    def _box(self) -> CaptureBox:
        return self.query_one("#box", CaptureBox)

    def _log(self) -> CaptureLog:
        return self.query_one("#log", CaptureLog)

    def _show_item(self) -> None:
        item = self.capture.item
        self.session.item_id = item.id if item is not None else None
        self._show_agenda_line()
        self._log().reload()
        self._show_status()

    @on(CaptureLog.ItemChanged)
    def _item_changed(self) -> None:
        item = self.capture.item
        self.session.item_id = item.id if item is not None else None
        self._show_agenda_line()
        self._show_status()

    def _show_status(self) -> None:
        self.query_one(CaptureStatus).show(self.capture.next_entry())

    def _error(self, message: str) -> None:
        error = self.query_one("#capture-error", Label)
        error.update(message)
        error.display = bool(message)

    def show_entry(self, entry_id: int) -> None:
        """Open the agenda item holding the entry and highlight it in the log."""
        item_index = self.capture.item_index
        if self.capture.go_to_entry(entry_id) is None:
            return
        if self.capture.item_index != item_index:
            self._show_item()
        self._log().select_entry(entry_id)
        self._log().focus()

    # -- following the writing instance (read-only) ---------------------------------------

    @work(thread=True, exclusive=True, group="follow", exit_on_error=False)
    def _follow(self, db_path: str, known: list[Entry], roll: list[Attendance]) -> None:
        """A thread with a connection of its own: it posts what the writing instance
        changes, and never touches a widget."""
        meeting_id, stop = self.session.meeting_id, self._stop_following
        follow_meeting(db_path, meeting_id, known, roll, report=self._report_changes, stop=stop)

    def _report_changes(self, changes: EntryChanges) -> None:  # on the worker's thread
        self.post_message(EntriesChanged(changes))

    @on(EntriesChanged)
    def _followed(self, message: EntriesChanged) -> None:
        self.capture.apply(message.changes)
        changed = {e.id or 0 for e in message.changes.changed}
        self._log().follow(self.capture.item_entries(), changed, self.capture.line)

    # -- typing ---------------------------------------------------------------------------

    @on(TextArea.Changed, "#box")
    def _typed(self, event: TextArea.Changed) -> None:
        # Page tags as you type: a regex over one paragraph, no database work.
        if self.capture.note_text(event.text_area.text):
            self._show_status()

    @on(CaptureBox.Findings)
    def _findings(self, event: CaptureBox.Findings) -> None:
        shown = "、".join(f"{KIND_LABELS[f.kind]} {f.redacted}" for f in event.findings[:3])
        self._error(f"個人情報の可能性: {shown}  (F9 で伏字にする)" if shown else "")

    def action_mask_box(self) -> None:
        count = self._box().mask()
        self.notify(f"{count}件を伏字にしました" if count else "伏字にする個人情報は見つかりません")

    def _save_draft(self, text: str) -> None:
        if not self.read_only:  # another instance writes this meeting: nothing from here
            self.capture.save_draft(text)

    def flush(self) -> None:
        self._box().save_draft()

    def _offer_restore(self) -> None:
        draft = self.capture.saved_draft()
        if draft is None or self._box().text.strip():
            self._offer_edit_restore()
            return
        saved = wareki.format_timestamp(draft.saved_at) if draft.saved_at else ""
        question = f"確定していない入力が残っています({saved} 保存)。入力欄に復元しますか?"
        self.app.push_screen(ConfirmScreen(question, draft.text), partial(self._restore, draft))

    def _offer_edit_restore(self) -> None:
        """The text a previous run typed in the entry-edit dialog, back into that dialog."""
        draft = self.capture.saved_edit_draft()
        if draft is None:
            return
        saved = wareki.format_timestamp(draft.saved_at) if draft.saved_at else ""
        question = f"発言の修正の途中の文章が残っています({saved} 保存)。修正の画面に戻しますか?"

        def answered(yes: bool | None) -> None:
            entry = self.capture.entry(draft.entry_id)
            if yes and entry is not None:
                self.show_entry(draft.entry_id)
                self._log().open_editor(entry, draft.text)
            else:
                self.capture.save_edit_draft(draft.entry_id, "")

        self.app.push_screen(ConfirmScreen(question, draft.text), answered)

    def _restore(self, draft: SavedDraft, yes: bool | None) -> None:
        if yes:
            self.capture.restore(draft)  # back to the item, kind and speaker it was typed with
            self._show_item()
            self._box().show_text(draft.text)
            self.notify("入力途中の文章を復元しました")
        else:
            self._save_draft("")
        self._box().focus()
        self._offer_edit_restore()

    def _commit(self, typed: str) -> None:
        """Enter in the box: called directly, not through a message (Enter → durable)."""
        if self.read_only:
            self._error("読み取り専用です。この会議は別の画面で記録しています")
            return
        try:
            done = self.capture.commit(typed)
        except UserError as exc:
            self._error(str(exc))  # the text stays in the box: nothing is lost
            return
        self._error("")
        self._box().take(typed)
        self._save_draft("")
        self._log().append_line(self.capture.line(done.entry))
        self._show_status()
        for notice in done.notices:
            self.notify(notice.text, severity="warning", timeout=notice.timeout)

    # -- speaker, kind, pages, 持ち帰り, agenda item --------------------------------------

    def action_speaker(self, step: int) -> None:
        self.capture.state.cycle_speaker(step)
        self._show_status()

    def action_kind(self, step: int) -> None:
        self.capture.state.cycle_kind(step)
        self._show_status()

    def action_set_kind(self, kind: str) -> None:
        self.capture.state.kind = kind
        self._show_status()

    def action_pending_next(self) -> None:
        self.capture.toggle_pending()
        self._show_status()

    def _back_to_box(self, changed: bool) -> None:
        if changed:
            self._show_status()
        self._box().focus()

    def action_pick_speaker(self) -> None:
        def picked(index: int | None) -> None:
            self._back_to_box(index is not None and self.capture.state.choose_speaker(index))

        self.app.push_screen(SpeakerPickerScreen(self.capture.speaker_rows()), picked)

    def action_add_speaker(self) -> None:
        def added(person: Attendance | None) -> None:
            if person is not None:
                self.capture.add_speaker(person)
                self.notify(f"{person.display_name}を出席者に追加しました")
            self._back_to_box(person is not None)

        self.app.push_screen(AddSpeakerScreen(self.store, self.capture.meeting_id), added)

    def action_page_tags(self) -> None:
        def chosen(pages: list[int] | None) -> None:
            if pages is not None:
                self.capture.manual_pages = pages
            self._back_to_box(pages is not None)

        screen = PageTagsScreen(self.capture.manual_pages, self.capture.detected_pages)
        self.app.push_screen(screen, chosen)

    def action_next_item(self) -> None:
        if self.capture.next_item():
            self._show_item()
        else:
            self.notify("議題は1件だけです")

    # -- the side panel: search while the box and its draft stay as they are -------------

    def action_focus_log(self) -> None:
        panel = self.query_one(SideSearch)
        if panel.display and panel.has_focus_within:
            self.action_toggle_search()  # Esc in the side panel closes it
        else:
            self._log().focus()

    def action_toggle_search(self) -> None:
        if not self.query_one(SideSearch).toggle():
            self._box().focus()

    def action_focus_box(self) -> None:
        self._box().focus()
