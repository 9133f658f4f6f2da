"""4 議事: live capture. The log on top, the typing box docked at the bottom, the current
speaker, kind and page tags beside it. Nothing on the typing path touches the database: the
draft is handed to a background writer, and only Enter writes an entry."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult, CSSPathType
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Footer, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from pia_meeting.core import wareki
from pia_meeting.core.clock import hm_of, now_hm
from pia_meeting.core.errors import UserError
from pia_meeting.core.labels import speaker_label
from pia_meeting.core.model import (
    AgendaItem,
    Assessment,
    Attendance,
    AuditEvent,
    Entry,
    MeetingBundle,
    MeetingStatus,
)
from pia_meeting.core.pages import describe, pages_in
from pia_meeting.core.privacy import (
    CHECKED,
    KIND_LABELS,
    MASKED,
    Finding,
    find_personal_data,
    mask_all,
)
from pia_meeting.core.quorum import meeting_quorum
from pia_meeting.core.text import clean_text
from pia_meeting.core.turns import SPEAKERLESS, CaptureState
from pia_meeting.services.editing import EntryEditor, open_pending
from pia_meeting.store.drafts import Draft
from pia_meeting.store.watch import ChangeWatcher
from pia_meeting.tui.screens.add_speaker import AddSpeakerScreen
from pia_meeting.tui.screens.base import StepScreen, meeting_caption
from pia_meeting.tui.screens.confirm import ConfirmScreen
from pia_meeting.tui.screens.entry_edit import EditResult, EntryEditScreen
from pia_meeting.tui.screens.page_tags import PageTagsScreen
from pia_meeting.tui.screens.pending_picker import PendingPickerScreen
from pia_meeting.tui.screens.speaker_picker import SpeakerPickerScreen
from pia_meeting.tui.session import MeetingSession
from pia_meeting.tui.widgets.capture_box import CaptureBox
from pia_meeting.tui.widgets.entry_log import EntryLog, render_entry
from pia_meeting.tui.widgets.search_panel import SearchPanel, SearchSource
from pia_meeting.tui.widgets.step_bar import StepBar

FOLLOW_INTERVAL = 1.0  # seconds between looks for new entries when read-only
DRAFT_INTERVAL = 1.0  # seconds; the loss bound is 2 seconds of typing (SPEC §6)
SCAN_DELAY = 0.4  # seconds after the last key before the text is checked for personal data
MAX_ENTRY_CHARS = 20_000  # a longer paste is refused with a message, never a freeze


class CaptureScreen(StepScreen):
    CSS_PATH: ClassVar[CSSPathType] = ["../styles/capture.tcss", "../styles/search.tcss"]
    step = 4
    WRITE_ACTIONS = frozenset(
        {
            "delete_entry",
            "merge",
            "move",
            "toggle_closed",
            "toggle_pending",
            "link_answer",
            "undo",
            "mask_entry",
            "check_entry",
            "add_speaker",
            "mask_box",
        }
    )
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
        Binding("ctrl+o", "pick_speaker", "発言者選択", id="speaker_pick", key_display="^O"),
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
        Binding(
            "alt+e", "set_kind('説明')", "説明", id="kind_explanation", show=False, priority=True
        ),
        Binding("alt+q", "set_kind('質問')", "質問", id="kind_question", show=False, priority=True),
        Binding("alt+a", "set_kind('回答')", "回答", id="kind_answer", show=False, priority=True),
        Binding("alt+o", "set_kind('意見')", "意見", id="kind_opinion", show=False, priority=True),
        Binding(
            "alt+g",
            "set_kind('議事進行')",
            "議事進行",
            id="kind_procedure",
            show=False,
            priority=True,
        ),
        Binding(
            "alt+t", "set_kind('ト書き')", "ト書き《》", id="kind_stage", show=False, priority=True
        ),
        Binding(
            "alt+h", "set_kind('見出し')", "見出し", id="kind_heading", show=False, priority=True
        ),
        Binding("f4", "page_tags", "ページ", id="page_tags", key_display="F4"),
        Binding("f8", "pending_next", "持ち帰り", id="pending_next", key_display="F8"),
        Binding(
            "ctrl+g", "next_item", "議題切替", id="agenda_next", key_display="Ctrl+G", show=False
        ),
        Binding("f9", "mask_box", "伏字", id="mask_box", key_display="F9", show=False),
        Binding("ctrl+f", "toggle_search", "検索", id="side_search", key_display="^F"),
        Binding("escape", "focus_log", "一覧", id="focus_log", key_display="Esc"),
    ]

    def __init__(self, session: MeetingSession, *, show_entry_id: int | None = None) -> None:
        """`show_entry_id`: an entry to select and bring into view (a search hit)."""
        super().__init__(session)
        self._show_entry_id = show_entry_id
        self.bundle: MeetingBundle = self.store.load_bundle(self.session.meeting_id)
        self.item_index = 0
        self.state = CaptureState(self._speakers())
        self.state.learn(self.bundle.entries_of(self.item.id if self.item else None))
        self.editor = EntryEditor(self.store)
        self._dirty = False
        self._detected_pages: list[int] = []
        self._manual_pages: list[int] = []
        self._next_pending = False
        self._range_start: int | None = None
        self._box_findings: list[Finding] = []
        self._scan_timer: Timer | None = None
        self._reviews = self.store.finding_reviews(self.bundle.meeting.id or 0)
        self._watcher: ChangeWatcher | None = None

    # -- state ----------------------------------------------------------------------------

    @property
    def item(self) -> AgendaItem | None:
        agenda = self.bundle.agenda
        return agenda[self.item_index] if agenda else None

    @property
    def assessment(self) -> Assessment | None:
        return self.bundle.assessment_of(self.item) if self.item else None

    def _speakers(self) -> list[Attendance]:
        return [p for p in self.bundle.attendance if p.is_present]

    def _label(self, person: Attendance | None, entry: Entry | None = None) -> str:
        if person is None:
            return f"({entry.speaker_label})" if entry and entry.speaker_label else ""
        return speaker_label(self.bundle.board, person, self.bundle.attendance)

    def _item_entries(self) -> list[Entry]:
        return self.bundle.entries_of(self.item.id if self.item else None)

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StepBar(self.step, meeting_caption(self.bundle.meeting))
        yield Label("", id="agenda-line", markup=False)
        with Horizontal(id="capture-main"):
            yield EntryLog(id="log", markup=False)
            with Vertical(id="side-panel"):
                yield SearchPanel(
                    SearchSource(self.session.db_path, lambda: self.store),
                    id="side-search",
                    limit=30,
                )
                with VerticalScroll(id="hit-box"):
                    yield Static("", id="hit-detail", markup=False)
        with Vertical(id="capture-dock"):
            yield Static("", id="capture-status", markup=False)
            yield Label("", id="capture-error", markup=False)
            yield CaptureBox(
                "",
                on_commit=self._commit,
                id="box",
                soft_wrap=True,
                show_line_numbers=False,
                highlight_cursor_line=False,
                placeholder="ここに発言を入力し Enter で確定 (F2 発言者 / F3 種別 / F1 ヘルプ)",
            )
        # The palette key is in the help: the capture keys need the whole footer at 80 columns.
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self._show_item()
        self._show_status()
        self.query_one("#box", CaptureBox).focus()
        self.set_interval(DRAFT_INTERVAL, self._save_draft_if_dirty)
        if not self.bundle.agenda:
            self._error("議題がありません。会議情報の画面で議題を追加してください")
        elif not self._speakers():
            self._error("出席者がいません。出欠の画面で委員・説明者を登録してください")
        target = self._show_entry_id
        if self.read_only:
            self._watcher = ChangeWatcher(self.store.conn)
            self.set_interval(FOLLOW_INTERVAL, self._follow)
            self._error("読み取り専用: 別の画面で記録中の発言を表示し続けます")
        if target is not None:
            self._show_entry_id = None
            self.show_entry(target)
        elif not self.read_only:
            self._offer_restore()

    def _follow(self) -> None:
        """Read-only: show what the writing instance commits, as it commits it."""
        if self._watcher is None or not self._watcher.changed():
            return
        log = self.query_one("#log", EntryLog)
        at_end = log.highlighted is None or log.highlighted >= log.option_count - 1
        self.bundle = self.store.load_bundle(self.bundle.meeting.id or 0)
        self._reload_log(None if at_end else self._highlighted_id())

    def show_entry(self, entry_id: int) -> None:
        """Open the agenda item holding the entry and highlight it in the log."""
        entry = next((e for e in self.bundle.entries if e.id == entry_id), None)
        if entry is None:
            return
        for index, item in enumerate(self.bundle.agenda):
            if item.id == entry.agenda_item_id and index != self.item_index:
                self.item_index = index
                self._show_item()
        log = self.query_one("#log", EntryLog)
        log.highlighted = log.get_option_index(str(entry_id))
        log.focus()
        # After the log's own scroll to its end (queued when it was filled), not before it.
        self.call_after_refresh(log.scroll_to_highlight)

    def _show_item(self) -> None:
        item = self.item
        line = self.query_one("#agenda-line", Label)
        if item is None:
            line.update("議題: (なし)")
        else:
            count = len(self.bundle.agenda)
            openness = "公開" if item.is_public else "非公開"
            line.update(f"議題 {self.item_index + 1}/{count}: {item.title} ({openness})")
        self._reload_log()

    def _reload_log(self, highlight_id: int | None = None) -> None:
        log = self.query_one("#log", EntryLog)
        log.clear_options()
        entries = self._item_entries()
        log.add_options([self._option(e) for e in entries])
        if highlight_id is not None:
            log.highlighted = log.get_option_index(str(highlight_id))
        elif entries:
            log.highlighted = len(entries) - 1
            log.scroll_end(animate=False)

    def _option(self, entry: Entry) -> Option:
        person = self.bundle.attendee(entry.speaker_id)
        who = person.display_name if person else ""
        label = self._label(person, entry)
        if label.strip("()【】〇") == who:
            who = ""
        tags = describe(entry.page_list, self.assessment)
        line = render_entry(entry, label, who, tags)
        open_findings = self._open_findings(entry)
        if open_findings:
            kinds = "・".join(dict.fromkeys(KIND_LABELS[f.kind] for f in open_findings))
            line.append(f"  [{kinds}?]", style="bold reverse red")
        return Option(line, id=str(entry.id))

    def _open_findings(self, entry: Entry) -> list[Finding]:
        checked = {
            (r["kind"], r["matched"])
            for r in getattr(self, "_reviews", [])
            if r["entry_id"] == entry.id and r["status"] == CHECKED
        }
        return [f for f in find_personal_data(entry.text) if (f.kind, f.matched) not in checked]

    def _pages_for_next(self) -> list[int]:
        return sorted(set(self._detected_pages) | set(self._manual_pages))

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
        pages = self._pages_for_next()
        if pages:
            tag = describe(pages, self.assessment)
            status.append(f" {tag} ", style="bold red" if "※" in tag else "bold green")
        if self._next_pending:
            status.append(" 持ち帰り ", style="bold reverse yellow")
        status.append(f" {now_hm()}", style="dim")
        self.query_one("#capture-status", Static).update(status)

    def _error(self, message: str) -> None:
        error = self.query_one("#capture-error", Label)
        error.update(message)
        error.display = bool(message)

    # -- typing ---------------------------------------------------------------------------

    @on(TextArea.Changed, "#box")
    def _typed(self) -> None:
        self._dirty = True
        # Personal data is looked for once typing pauses, never on every key.
        if self._scan_timer is not None:
            self._scan_timer.stop()
        self._scan_timer = self.set_timer(SCAN_DELAY, self._scan_box)
        # Page tags as you type: a regex over one paragraph, no database work.
        detected = pages_in(self.query_one("#box", CaptureBox).text)
        if detected != self._detected_pages:
            self._detected_pages = detected
            self._show_status()

    def _scan_box(self) -> None:
        self._scan_timer = None
        findings = find_personal_data(self.query_one("#box", CaptureBox).text)
        if [(f.kind, f.start) for f in findings] == [(f.kind, f.start) for f in self._box_findings]:
            return
        self._box_findings = findings
        if findings:
            shown = "、".join(f"{KIND_LABELS[f.kind]} {f.redacted}" for f in findings[:3])
            self._error(f"個人情報の可能性: {shown}  (F9 で伏字にする)")
        else:
            self._error("")

    def action_mask_box(self) -> None:
        box = self.query_one("#box", CaptureBox)
        findings = find_personal_data(box.text)
        if not findings:
            self.notify("伏字にする個人情報は見つかりません")
            return
        box.load_text(mask_all(box.text, findings))
        box.move_cursor(box.document.end)
        self._scan_box()
        self.notify(f"{len(findings)}件を伏字にしました")

    def _save_draft_if_dirty(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        self._submit_draft(self.query_one("#box", CaptureBox).text)

    def _submit_draft(self, text: str) -> None:
        if self.read_only:
            return  # another instance writes this meeting: nothing is stored from here
        meeting_id = self.bundle.meeting.id or 0
        item_id = self.item.id if self.item else None
        writer = self.session.drafts
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
                for index, item in enumerate(self.bundle.agenda):
                    if item.id == draft["agenda_item_id"] and index != self.item_index:
                        self.item_index = index  # back to the item it was typed for
                        self._show_item()
                box.load_text(draft["text"])
                box.move_cursor(box.document.end)
                if draft["kind"]:
                    self.state.kind = draft["kind"]
                if draft["speaker_id"] in {p.id for p in self.state.speakers}:
                    self.state.speaker_id = draft["speaker_id"]
                self._show_status()
                self.notify("入力途中の文章を復元しました")
            else:
                self._submit_draft("")
            box.focus()

        saved = wareki.format_timestamp(draft["saved_at"]) if draft["saved_at"] else ""
        self.app.push_screen(
            ConfirmScreen(
                f"確定していない入力が残っています({saved} 保存)。入力欄に復元しますか?",
                draft["text"],
            ),
            answered,
        )

    def _commit(self, typed: str) -> None:
        if self.read_only:
            self._error("読み取り専用です。この会議は別の画面で記録しています")
            return
        text = clean_text(typed)
        if not text:
            self._error("発言内容が空です。文章を入力してから Enter を押してください")
            return
        if len(text) > MAX_ENTRY_CHARS:
            self._error(
                f"1件の発言が長すぎます({len(text):,}文字)。{MAX_ENTRY_CHARS:,}文字以内に分けて"
                "確定してください(入力内容はそのまま残っています)"
            )
            return
        item = self.item
        if item is None:
            self._error("議題がありません。会議情報の画面で議題を追加してください")
            return
        speaker_id = None if self.state.kind in SPEAKERLESS else self.state.speaker_id
        pages = sorted(set(pages_in(text)) | set(self._manual_pages))
        entry = Entry(
            meeting_id=self.bundle.meeting.id,
            agenda_item_id=item.id,
            kind=self.state.kind,
            speaker_id=speaker_id,
            text=text,
            pages=json.dumps(pages),
            pending=1 if self._next_pending else 0,
        )
        try:
            self.store.add_entry(entry)
        except UserError as exc:
            self._error(str(exc))  # the text stays in the box: nothing is lost
            return
        self._error("")
        self._box_findings = []
        self.bundle.entries.append(entry)
        self._keep_times(entry)
        box = self.query_one("#box", CaptureBox)
        # Keys typed right after Enter may already be in the box: keep them, take only
        # the text that was committed.
        rest = box.text[len(typed) :] if box.text.startswith(typed) else ""
        box.load_text(rest.lstrip("\n"))
        box.move_cursor(box.document.end)
        self._dirty = False
        self._submit_draft("")
        self._manual_pages = []
        self._detected_pages = []
        self._next_pending = False
        log = self.query_one("#log", EntryLog)
        log.add_option(self._option(entry))
        log.highlighted = log.option_count - 1
        log.scroll_end(animate=False)
        self.state.after(entry)
        self._show_status()
        over = describe(pages, self.assessment)
        if "※" in over:
            self.notify(f"ページが評価書の範囲外です: {over}", severity="warning")

    def _keep_times(self, entry: Entry) -> None:
        """The meeting starts with its first entry and (until set by hand) ends with its last."""
        meeting = self.bundle.meeting
        changed = False
        if meeting.status == MeetingStatus.PREPARING:
            meeting.status = MeetingStatus.IN_SESSION
            changed = True
            quorum = meeting_quorum(self.bundle)
            if not quorum.met:
                self.notify(
                    f"定足数を満たしていません: {quorum.line}", severity="warning", timeout=10
                )
        at = hm_of(entry.spoken_at)
        if not meeting.start_time:
            meeting.start_time = at
            changed = True
        auto_end_key = f"auto_end:{meeting.id}"
        auto_end = self.store.get_setting(auto_end_key)
        if (not meeting.end_time or meeting.end_time == auto_end) and at > (
            meeting.start_time or ""
        ):
            meeting.end_time = at
            self.store.set_setting(auto_end_key, at)
            changed = True
        if changed:
            try:
                self.store.update_meeting(meeting)
            except UserError as exc:
                self.notify(str(exc), severity="warning")

    # -- speaker, kind, pages, 持ち帰り ----------------------------------------------------

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

    def action_add_speaker(self) -> None:
        def added(person: Attendance | None) -> None:
            if person is not None:
                self.bundle.attendance.append(person)
                self.state = CaptureState(
                    self._speakers(),
                    kind=self.state.kind,
                    speaker_id=person.id,
                    last_answerer_id=self.state.last_answerer_id,
                    last_questioner_id=self.state.last_questioner_id,
                )
                self._show_status()
                self.notify(f"{person.display_name}を出席者に追加しました")
            self.query_one("#box", CaptureBox).focus()

        self.app.push_screen(AddSpeakerScreen(self.store, self.bundle.meeting.id or 0), added)

    def action_page_tags(self) -> None:
        def chosen(pages: list[int] | None) -> None:
            if pages is not None:
                self._manual_pages = pages
                self._show_status()
            self.query_one("#box", CaptureBox).focus()

        self.app.push_screen(PageTagsScreen(self._manual_pages, self._detected_pages), chosen)

    def action_pending_next(self) -> None:
        self._next_pending = not self._next_pending
        self._show_status()

    def action_next_item(self) -> None:
        if len(self.bundle.agenda) < 2:
            self.notify("議題は1件だけです")
            return
        self.item_index = (self.item_index + 1) % len(self.bundle.agenda)
        self.state = CaptureState(self._speakers())
        self.state.learn(self._item_entries())
        self._show_item()
        self._show_status()

    # -- the log --------------------------------------------------------------------------

    def action_focus_log(self) -> None:
        panel = self.query_one("#side-panel")
        if panel.display and panel.has_focus_within:
            self.action_toggle_search()  # Esc in the side panel closes it
            return
        self.query_one("#log", EntryLog).focus()

    # -- search in the side panel: the box and its draft stay as they are ----------------

    def action_toggle_search(self) -> None:
        panel = self.query_one("#side-panel")
        panel.display = not panel.display
        if panel.display:
            self.query_one("#side-search", SearchPanel).focus_query()
        else:
            self.query_one("#box", CaptureBox).focus()

    @on(SearchPanel.HitChosen, "#side-search")
    def _hit_chosen(self, event: SearchPanel.HitChosen) -> None:
        hit = event.hit
        detail = Text()
        detail.append(f"{hit.number_label} {hit.date_label}\n", style="bold")
        if hit.speaker:
            detail.append(f"{hit.speaker} ", style="bold cyan")
        detail.append(f"[{hit.kind}]\n", style="dim")
        text = hit.snippet_text
        if hit.entry_id is not None:
            try:
                text = self.store.get_entry(hit.entry_id).text
            except UserError:
                pass
        detail.append(text)
        detail.append("\n\nEsc: 閉じて入力欄へ", style="dim")
        self.query_one("#hit-detail", Static).update(detail)
        self.query_one("#hit-box").focus()

    def action_focus_box(self) -> None:
        self._range_start = None
        self.query_one("#box", CaptureBox).focus()

    def _highlighted_id(self) -> int | None:
        entry = self._highlighted_entry()
        return entry.id if entry else None

    def _highlighted_entry(self) -> Entry | None:
        log = self.query_one("#log", EntryLog)
        if log.highlighted is None or not log.option_count:
            return None
        option = log.get_option_at_index(log.highlighted)
        return next((e for e in self.bundle.entries if str(e.id) == option.id), None)

    def _refresh_from_store(self, highlight_id: int | None) -> None:
        self.bundle.entries = self.store.entries(self.bundle.meeting.id or 0)
        self._reload_log(highlight_id)

    def _guarded(self, action: str, run) -> None:  # type: ignore[no-untyped-def]
        try:
            run()
        except UserError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(action)

    @on(OptionList.OptionSelected, "#log")
    def _edit(self) -> None:
        entry = self._highlighted_entry()
        if entry is None or self.read_only:
            return
        speakers = [
            (p.id or 0, f"{self._label(p)} {p.display_name}") for p in self.bundle.attendance
        ]

        def edited(result: EditResult | None) -> None:
            if result is None:
                return

            def run() -> None:
                self.editor.edit(result.entry)
                if result.split_at is not None:
                    self.editor.split(result.entry.id or 0, result.split_at)
                if result.entry.text != entry.text:
                    self._audit_after_close(entry, entry.text, result.entry.text, "発言の修正")
                self._refresh_from_store(entry.id)

            self._guarded("発言を分割しました" if result.split_at else "発言を更新しました", run)

        self.app.push_screen(EntryEditScreen(entry, speakers), edited)

    def _audit_after_close(self, entry: Entry, old: str, new: str, what: str) -> None:
        """Once the meeting is closed, every change to what was said is kept (SPEC §3)."""
        meeting = self.store.get_meeting(self.bundle.meeting.id or 0)
        if meeting.status not in (MeetingStatus.CLOSED, MeetingStatus.FINAL):
            return
        self.store.record_audit(
            AuditEvent(
                meeting_id=meeting.id,
                table_name="entries",
                row_id=entry.id,
                field="text",
                old_value=old,
                new_value=new,
                reason=f"{meeting.status}後の{what}",
                actor="事務局",
            )
        )

    def action_delete_entry(self) -> None:
        entry = self._highlighted_entry()
        if entry is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            log = self.query_one("#log", EntryLog)
            index = log.highlighted or 0

            def run() -> None:
                self.editor.delete(entry.id or 0)
                self._audit_after_close(entry, entry.text, "", "発言の削除")
                self._refresh_from_store(None)
                if log.option_count:
                    log.highlighted = min(index, log.option_count - 1)

            self._guarded("発言を削除しました(Ctrl+Z で元に戻せます)", run)

        preview = entry.text if len(entry.text) < 80 else entry.text[:80] + "…"
        self.app.push_screen(ConfirmScreen("この発言を削除しますか?", preview), answered)

    def action_merge(self) -> None:
        entry = self._highlighted_entry()
        if entry is not None:
            self._guarded(
                "次の発言と結合しました",
                lambda: (
                    self.editor.merge_with_next(entry.id or 0),
                    self._refresh_from_store(entry.id),
                ),
            )

    def action_move(self, delta: int) -> None:
        entry = self._highlighted_entry()
        if entry is None:
            return
        try:
            moved = self.editor.move(entry.id or 0, delta)
        except UserError as exc:
            self.notify(str(exc), severity="error")
            return
        if moved:
            self._refresh_from_store(entry.id)

    def action_mark_range(self) -> None:
        entry = self._highlighted_entry()
        if entry is not None:
            self._range_start = entry.id
            self.notify("範囲の始点にしました。終点で p を押すと範囲を非公開にします")

    def action_toggle_closed(self) -> None:
        entry = self._highlighted_entry()
        if entry is None:
            return
        ids = [entry.id or 0]
        if self._range_start is not None:
            entries = self._item_entries()
            positions = [i for i, e in enumerate(entries) if e.id in (self._range_start, entry.id)]
            if len(positions) == 2:
                ids = [e.id or 0 for e in entries[positions[0] : positions[1] + 1]]
            self._range_start = None
        make_public = 1 if not entry.is_public else 0
        self._guarded(
            f"{len(ids)}件を{'公開' if make_public else '非公開'}にしました",
            lambda: (
                self.editor.set_flags(ids, is_public=make_public),
                self._refresh_from_store(entry.id),
            ),
        )

    def action_toggle_pending(self) -> None:
        entry = self._highlighted_entry()
        if entry is not None:
            self._guarded(
                "持ち帰りを解除しました" if entry.pending else "持ち帰りにしました",
                lambda: (
                    self.editor.set_flags([entry.id or 0], pending=0 if entry.pending else 1),
                    self._refresh_from_store(entry.id),
                ),
            )

    def action_link_answer(self) -> None:
        entry = self._highlighted_entry()
        if entry is None:
            return
        rows = open_pending(self.store, self.bundle.board.id or 0)
        questions = []
        for row in rows:
            if row["id"] == entry.id:
                continue
            where = f"第{row['number']}回 {hm_of(str(row['spoken_at']))}"
            questions.append((int(row["id"]), where, str(row["text"])))  # type: ignore[call-overload]

        def chosen(question_id: int | None) -> None:
            if question_id is not None:
                self._guarded(
                    "持ち帰りの質問への回答として結び付けました",
                    lambda: (
                        self.editor.link_answer(entry.id or 0, question_id),
                        self._refresh_from_store(entry.id),
                    ),
                )

        self.app.push_screen(PendingPickerScreen(questions), chosen)

    def action_mask_entry(self) -> None:
        entry = self._highlighted_entry()
        if entry is None:
            return
        findings = self._open_findings(entry)
        if not findings:
            self.notify("この発言に伏字にする個人情報はありません")
            return

        def run() -> None:
            self.editor.edit(replace(entry, text=mask_all(entry.text, findings)))
            for finding in findings:
                self.store.mark_finding(
                    entry.id or 0, finding.kind, finding.matched, MASKED, "事務局"
                )
            self._reviews = self.store.finding_reviews(self.bundle.meeting.id or 0)
            self._refresh_from_store(entry.id)

        self._guarded(f"{len(findings)}件を伏字にしました(Ctrl+Z で元に戻せます)", run)

    def action_check_entry(self) -> None:
        entry = self._highlighted_entry()
        if entry is None:
            return
        findings = self._open_findings(entry)
        if not findings:
            self.notify("確認が必要な個人情報はありません")
            return

        def run() -> None:
            for finding in findings:
                self.store.mark_finding(
                    entry.id or 0, finding.kind, finding.matched, CHECKED, "事務局"
                )
            self._reviews = self.store.finding_reviews(self.bundle.meeting.id or 0)
            self._refresh_from_store(entry.id)

        self._guarded("個人情報ではないことを確認済みにしました", run)

    def action_undo(self) -> None:
        try:
            done = self.editor.undo()
        except UserError as exc:
            self.notify(str(exc), severity="error")
            return
        if done is None:
            self.notify("元に戻す操作はありません")
            return
        self._refresh_from_store(None)
        self.notify(f"元に戻しました({done})")
