"""The live capture of 議事 as a use case (SPEC §2.4): what Enter records and what else it
changes (the meeting's status and times), the changes to entries already recorded (with the
audit kept once the meeting is closed), the privacy review of an entry, the draft of the text
being typed, and the window that follows another instance's writing.

Plain Python over a Store: the capture screen keeps one `CaptureSession` and shows it; a
follow view's worker keeps one `EntryFollower` on its own Store. Nothing here runs per key
except `note_text`, which reads no database."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from pia_meeting.core.clock import hm_of
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
from pia_meeting.core.privacy import CHECKED, KIND_LABELS, MASKED, Finding, find_personal_data
from pia_meeting.core.privacy import mask_all as mask_findings
from pia_meeting.core.quorum import meeting_quorum
from pia_meeting.core.text import clean_text
from pia_meeting.core.turns import SPEAKERLESS, CaptureState
from pia_meeting.services.editing import EntryEditor, Undone, open_pending
from pia_meeting.services.privacy import record_reviews
from pia_meeting.store.drafts import Draft, DraftWriter
from pia_meeting.store.facade import Store, entry_stamp
from pia_meeting.store.watch import ChangeWatcher

MAX_ENTRY_CHARS = 20_000  # a longer paste is refused with a message, never a freeze
FOLLOW_INTERVAL = 1.0  # seconds between looks at what another instance writes
ACTOR = "事務局"  # who changes entries and reviews findings from the capture screen

NO_AGENDA = "議題がありません。会議情報の画面で議題を追加してください"
NO_SPEAKERS = "出席者がいません。出欠の画面で委員・説明者を登録してください"


def auto_end_key(meeting_id: int | None) -> str:
    """The setting that holds the end time the capture set; a different end time on the
    meeting was set by hand, and the capture leaves it alone."""
    return f"auto_end:{meeting_id}"


@dataclass(frozen=True)
class Notice:
    """A warning for the user after a commit; the entry itself was recorded."""

    text: str
    timeout: float | None = None  # seconds on screen; None: the app's default


@dataclass(frozen=True)
class Committed:
    entry: Entry
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True)
class NextEntry:
    """What the next Enter records, as the status line beside the box shows it."""

    kind: str
    speaker: str | None  # 「(戸籍住民課) 菊竹係長」; None when nobody is on the roll
    speakerless: bool  # the kind needs no speaker (見出し)
    pages: str  # the page tag, 「p.78 Ⅵ 評価実施手続」; empty without pages
    pending: bool  # 持ち帰り

    @property
    def pages_beyond(self) -> bool:
        """A page past the end of the 評価書 (the tag says so with ※)."""
        return "※" in self.pages


@dataclass(frozen=True)
class EntryLine:
    """One entry as the log shows it."""

    entry: Entry
    label: str  # the speaker label of the minutes, 「(戸籍住民課)」
    who: str  # the speaker's name when the label does not already say it
    tags: str  # the page tag
    open_findings: str  # 「個人番号・電話番号」: possible personal data still to review


@dataclass(frozen=True)
class SavedDraft:
    """Text typed but not committed, found when the screen opens (after a crash)."""

    agenda_item_id: int | None
    text: str
    kind: str
    speaker_id: int | None
    saved_at: str | None


@dataclass(frozen=True)
class SavedEditDraft:
    """Text typed in the entry-edit dialog by a run that ended before it was saved."""

    entry_id: int
    text: str
    saved_at: str | None


@dataclass(frozen=True)
class EntryChanges:
    """What another connection changed in a meeting's entries since the last look."""

    order: tuple[int, ...]  # every entry id of the meeting, in the order of the log
    changed: tuple[Entry, ...]  # the entries added or changed
    roll: tuple[Attendance, ...] | None = None  # the roll, when a new speaker appeared


class CaptureSession:
    """One meeting being recorded: the bundle, the agenda item on screen, who speaks next
    (`state`), the page tags and 持ち帰り flag of the next entry, the undo history and the
    privacy reviews. `drafts` saves the text being typed off the typing path (None for a
    database in memory, where the draft is written at once)."""

    def __init__(
        self,
        store: Store,
        meeting_id: int,
        drafts: DraftWriter | None = None,
        *,
        editor: EntryEditor | None = None,
        item_id: int | None = None,
    ) -> None:
        """`editor`: the meeting's undo history, kept by the caller while the app runs (a
        new one without). `item_id`: the agenda item to open on (the one last worked on);
        the first without."""
        self.store = store
        self.drafts = drafts
        self.bundle: MeetingBundle = store.load_bundle(meeting_id)
        self.editor = editor if editor is not None else EntryEditor(store)
        indexes = [i for i, item in enumerate(self.bundle.agenda) if item.id == item_id]
        self.item_index = indexes[0] if indexes else 0
        self.state = self._fresh_state()
        self.detected_pages: list[int] = []
        self.manual_pages: list[int] = []
        self.next_pending = False
        self._checked: set[tuple[int, str, str]] = set()
        self._load_reviews()
        # Moves on with each commit; drafts typed before it are not written (see Draft).
        self.draft_epoch = store.draft_epoch(meeting_id)

    # -- what is on screen ----------------------------------------------------------------

    @property
    def meeting_id(self) -> int:
        return self.bundle.meeting.id or 0

    @property
    def item(self) -> AgendaItem | None:
        agenda = self.bundle.agenda
        return agenda[self.item_index] if agenda else None

    @property
    def assessment(self) -> Assessment | None:
        return self.bundle.assessment_of(self.item) if self.item else None

    def speakers(self) -> list[Attendance]:
        return [p for p in self.bundle.attendance if p.is_present]

    def item_entries(self) -> list[Entry]:
        return self.bundle.entries_of(self.item.id if self.item else None)

    def entry(self, entry_id: int | None) -> Entry | None:
        return next((e for e in self.bundle.entries if e.id == entry_id), None)

    def problem(self) -> str:
        """Why nothing can be recorded yet, or empty."""
        if not self.bundle.agenda:
            return NO_AGENDA
        return "" if self.speakers() else NO_SPEAKERS

    def agenda_line(self) -> str:
        item = self.item
        if item is None:
            return "議題: (なし)"
        openness = "公開" if item.is_public else "非公開"
        return f"議題 {self.item_index + 1}/{len(self.bundle.agenda)}: {item.title} ({openness})"

    def label(self, person: Attendance | None, entry: Entry | None = None) -> str:
        """The speaker label in the board's style; an entry with no one on the roll keeps
        the label it came with (an import)."""
        if person is None:
            return f"({entry.speaker_label})" if entry and entry.speaker_label else ""
        return speaker_label(self.bundle.board, person, self.bundle.attendance)

    def line(self, entry: Entry) -> EntryLine:
        person = self.bundle.attendee(entry.speaker_id)
        who = person.display_name if person else ""
        label = self.label(person, entry)
        if label.strip("()【】〇") == who:
            who = ""
        kinds = dict.fromkeys(KIND_LABELS[f.kind] for f in self.open_findings(entry))
        tags = describe(entry.page_list, self.assessment)
        return EntryLine(entry, label, who, tags, "・".join(kinds))

    def lines(self) -> list[EntryLine]:
        return [self.line(e) for e in self.item_entries()]

    def pages_for_next(self) -> list[int]:
        return sorted(set(self.detected_pages) | set(self.manual_pages))

    def next_entry(self) -> NextEntry:
        person = self.state.speaker
        speaker = f"{self.label(person)} {person.display_name}" if person else None
        return NextEntry(
            kind=self.state.kind,
            speaker=speaker,
            speakerless=self.state.kind in SPEAKERLESS,
            pages=describe(self.pages_for_next(), self.assessment),
            pending=self.next_pending,
        )

    def speaker_rows(self) -> list[tuple[str, str]]:
        """(label, name) of each speaker the next entry can have, in roll order."""
        return [(self.label(p), p.display_name) for p in self.state.speakers]

    def speaker_choices(self) -> list[tuple[int, str]]:
        """(id, 「label name」) of everyone on the roll, for editing an entry."""
        return [(p.id or 0, f"{self.label(p)} {p.display_name}") for p in self.bundle.attendance]

    def open_questions(self, entry: Entry) -> list[tuple[int, str, str]]:
        """(id, where, text) of the board's 持ち帰り questions `entry` could answer."""
        questions = []
        for row in open_pending(self.store, self.bundle.board.id or 0):
            if row["id"] != entry.id:
                where = f"第{row['number']}回 {(hm_of(str(row['spoken_at'] or '')) or '時刻不明')}"
                questions.append((int(str(row["id"])), where, str(row["text"])))
        return questions

    def full_text(self, entry_id: int | None, fallback: str) -> str:
        """The whole text of an entry of any meeting (a search hit shows only a snippet)."""
        if entry_id is None:
            return fallback
        try:
            return self.store.get_entry(entry_id).text
        except UserError:
            return fallback

    # -- who speaks next, on which item ---------------------------------------------------

    def _fresh_state(self) -> CaptureState:
        state = CaptureState(self.speakers())
        state.learn(self.item_entries())
        return state

    def go_to_item(self, index: int) -> None:
        """Show the agenda item at `index`; who speaks next is learnt from its entries."""
        if index != self.item_index and 0 <= index < len(self.bundle.agenda):
            self.item_index = index
            self.state = self._fresh_state()

    def next_item(self) -> bool:
        """On to the next agenda item (after the last, the first); False with only one."""
        if len(self.bundle.agenda) < 2:
            return False
        self.go_to_item((self.item_index + 1) % len(self.bundle.agenda))
        return True

    def go_to_entry(self, entry_id: int) -> Entry | None:
        """Show the agenda item holding the entry; None when the meeting has no such entry."""
        entry = self.entry(entry_id)
        if entry is not None:
            for index, item in enumerate(self.bundle.agenda):
                if item.id == entry.agenda_item_id:
                    self.go_to_item(index)
        return entry

    def add_speaker(self, person: Attendance) -> None:
        """`person` was added to the roll (already stored): they speak next."""
        self.bundle.attendance.append(person)
        old = self.state
        self.state = CaptureState(
            self.speakers(),
            kind=old.kind,
            speaker_id=person.id,
            last_answerer_id=old.last_answerer_id,
            last_questioner_id=old.last_questioner_id,
        )

    def note_text(self, text: str) -> bool:
        """The box now holds `text` (called per key: a regex, no database). True when the
        page tags found in it changed."""
        detected = pages_in(text)
        if detected == self.detected_pages:
            return False
        self.detected_pages = detected
        return True

    def toggle_pending(self) -> None:
        self.next_pending = not self.next_pending

    # -- Enter ----------------------------------------------------------------------------

    def commit(self, typed: str) -> Committed:
        """Record what was typed as the next entry of the current agenda item; durable when
        this returns. A UserError says, in Japanese, why nothing was recorded."""
        text = clean_text(typed)
        if not text:
            raise UserError("発言内容が空です。文章を入力してから Enter を押してください")
        if len(text) > MAX_ENTRY_CHARS:
            raise UserError(
                f"1件の発言が長すぎます({len(text):,}文字)。{MAX_ENTRY_CHARS:,}文字以内に分けて"
                "確定してください(入力内容はそのまま残っています)"
            )
        item = self.item
        if item is None:
            raise UserError(NO_AGENDA)
        pages = sorted(set(pages_in(text)) | set(self.manual_pages))
        entry = Entry(
            meeting_id=self.bundle.meeting.id,
            agenda_item_id=item.id,
            kind=self.state.kind,
            speaker_id=None if self.state.kind in SPEAKERLESS else self.state.speaker_id,
            text=text,
            pages=json.dumps(pages),
            pending=1 if self.next_pending else 0,
        )
        try:
            self.store.add_entry(entry, clears_draft=True)
        except sqlite3.IntegrityError:
            # The meeting or its item went meanwhile (another window deleted it, an old
            # release did): nothing is recorded, the text stays in the box.
            raise UserError(
                "この会議(または議題)はほかで削除されたため、記録できません。"
                "入力中の文章は消えていません(コピーして保存してください)"
            ) from None
        self.draft_epoch += 1
        self.bundle.entries.append(entry)
        notices = list(self._keep_times(entry))
        vanished = self.store.check_wal()
        if vanished is not None:
            if self.drafts is not None:
                self.drafts.reconnect()  # its connection held the deleted file too
            notices.append(Notice(vanished, timeout=30))
        self.manual_pages = []
        self.detected_pages = []
        self.next_pending = False
        self.state.after(entry)
        over = describe(pages, self.assessment)
        if "※" in over:
            notices.append(Notice(f"ページが評価書の範囲外です: {over}"))
        return Committed(entry, tuple(notices))

    def _keep_times(self, entry: Entry) -> list[Notice]:
        """The meeting is 開催中 from its first entry, starts at it and (until the end time
        is set by hand) ends at the last one."""
        meeting = self.bundle.meeting
        notices: list[Notice] = []
        changed = False
        if meeting.status == MeetingStatus.PREPARING:
            meeting.status = MeetingStatus.IN_SESSION
            changed = True
            quorum = meeting_quorum(self.bundle)
            if not quorum.met:
                notices.append(Notice(f"定足数を満たしていません: {quorum.line}", timeout=10))
        at = hm_of(entry.spoken_at)
        if not meeting.start_time:
            meeting.start_time = at
            changed = True
        try:
            key = auto_end_key(meeting.id)
            auto_end = self.store.get_setting(key)
            new_end = (not meeting.end_time or meeting.end_time == auto_end) and at > (
                meeting.start_time or ""
            )
            if new_end:
                meeting.end_time = at
            if changed or new_end:
                with self.store.atomic():  # one sync for both
                    if new_end:
                        self.store.set_setting(key, at)
                    self.store.update_meeting(meeting)
        except UserError as exc:
            notices.append(Notice(str(exc)))  # the entry is recorded all the same
        return notices

    # -- the text being typed -------------------------------------------------------------

    def draft(self, text: str) -> Draft:
        """The draft of `text` as typed for the current item, kind and speaker."""
        item_id = self.item.id if self.item else None
        return Draft(
            self.meeting_id,
            item_id,
            text,
            self.state.kind,
            self.state.speaker_id,
            epoch=self.draft_epoch,
        )

    def save_draft(self, text: str) -> None:
        """Hand the draft to the draft writer (it saves it on its own thread); an empty
        text means there is no draft."""
        draft = self.draft(text)
        if self.drafts is not None:
            self.drafts.submit(draft)
        else:
            self.store.save_draft(
                draft.meeting_id,
                draft.agenda_item_id,
                text,
                draft.kind,
                draft.speaker_id,
                epoch=draft.epoch,
            )

    def save_edit_draft(self, entry_id: int, text: str) -> None:
        """Keep what is typed in the dialog that edits `entry_id`; an empty text when the
        dialog closes (saved or not)."""
        draft = Draft(self.meeting_id, None, text, "", None, entry_id=entry_id)
        if self.drafts is not None:
            self.drafts.submit(draft)
        else:
            self.store.save_draft(self.meeting_id, None, text, "", None, entry_id)

    def saved_edit_draft(self) -> SavedEditDraft | None:
        """What a previous run typed in the entry-edit dialog and did not save, when its
        entry is still there."""
        row = self.store.get_edit_draft(self.meeting_id)
        if row is None or self.entry(int(row["entry_id"])) is None:
            return None
        return SavedEditDraft(int(row["entry_id"]), str(row["text"]), row["saved_at"])

    def saved_draft(self) -> SavedDraft | None:
        """The text a previous run typed and did not commit, to offer for restore."""
        row = self.store.get_draft(self.meeting_id)
        if row is None:
            return None
        return SavedDraft(
            row["agenda_item_id"], row["text"], row["kind"], row["speaker_id"], row["saved_at"]
        )

    def restore(self, draft: SavedDraft) -> None:
        """Back to the item, kind and speaker the draft was typed with (its text goes back
        into the box)."""
        for index, item in enumerate(self.bundle.agenda):
            if item.id == draft.agenda_item_id:
                self.go_to_item(index)
        if draft.kind:
            self.state.kind = draft.kind
        if draft.speaker_id in {p.id for p in self.state.speakers}:
            self.state.speaker_id = draft.speaker_id

    # -- entries already recorded ---------------------------------------------------------

    def reload_entries(self) -> None:
        self.bundle.entries = self.store.entries(self.meeting_id)

    def _audit_after_close(self, what: str, changes: Iterable[tuple[int | None, str, str]]) -> None:
        """Once the meeting is 閉会 or 確定, every change to what was said is kept in the
        audit log (SPEC §3): `changes` are (entry id, old text, new text)."""
        meeting = self.store.get_meeting(self.meeting_id)
        if meeting.status not in (MeetingStatus.CLOSED, MeetingStatus.FINAL):
            return
        for row_id, old, new in changes:
            if old != new:
                self.store.record_audit(
                    AuditEvent(
                        meeting_id=meeting.id,
                        table_name="entries",
                        row_id=row_id,
                        field="text",
                        old_value=old,
                        new_value=new,
                        reason=f"{meeting.status}後の{what}",
                        actor=ACTOR,
                    )
                )

    def edit(self, before: Entry, updated: Entry, split_at: int | None = None) -> None:
        """Save `updated` over `before`; with `split_at`, then split it at that character
        (the second half becomes the next entry)."""
        self.editor.edit(updated)
        if split_at is None:
            self._audit_after_close("発言の修正", [(before.id, before.text, updated.text)])
        else:
            first, second = self.editor.split(updated.id or 0, split_at)
            changes = [(before.id, before.text, first.text), (second.id, "", second.text)]
            self._audit_after_close("発言の分割", changes)
        self.reload_entries()

    def delete(self, entry: Entry) -> None:
        self.editor.delete(entry.id or 0)
        self._audit_after_close("発言の削除", [(entry.id, entry.text, "")])
        self.reload_entries()

    def merge_with_next(self, entry: Entry) -> None:
        merged = self.editor.merge_with_next(entry.id or 0)
        self._audit_after_close("発言の結合", [(entry.id, entry.text, merged.text)])
        self.reload_entries()

    def move(self, entry: Entry, delta: int) -> bool:
        """Swap with the entry above (-1) or below (+1); False at either end."""
        moved = self.editor.move(entry.id or 0, delta)
        if moved:
            self.reload_entries()
        return moved

    def run_of(self, entry: Entry, range_start: int | None = None) -> list[int]:
        """The ids from the entry `range_start` to `entry` (either way round) on the current
        item; just `entry` without a start, or when the start is not on this item."""
        ids = [entry.id or 0]
        if range_start is not None:
            entries = self.item_entries()
            ends = [i for i, e in enumerate(entries) if e.id in (range_start, entry.id)]
            if len(ends) == 2:
                ids = [e.id or 0 for e in entries[ends[0] : ends[1] + 1]]
        return ids

    def set_public(self, entry_ids: list[int], public: bool) -> None:
        """公開 or 非公開 (SPEC §7: left out of the 公開用)."""
        self.editor.set_flags(entry_ids, is_public=1 if public else 0)
        self.reload_entries()

    def toggle_entry_pending(self, entry: Entry) -> None:
        self.editor.set_flags([entry.id or 0], pending=0 if entry.pending else 1)
        self.reload_entries()

    def link_answer(self, entry: Entry, question_id: int) -> None:
        self.editor.link_answer(entry.id or 0, question_id)
        self.reload_entries()

    def undo(self) -> str | None:
        """Undo the last change to an entry; its description, or None when there is none."""
        done = self.undo_entry()
        return done.description if done is not None else None

    def undo_entry(self) -> Undone | None:
        """Undo the last change to an entry: None when there is none. The agenda item on
        screen becomes the one of the entry it concerned, so that the entry can be shown."""
        done = self.editor.undo_change()
        if done is not None:
            self.reload_entries()
            if done.entry_id is not None:
                self.go_to_entry(done.entry_id)
        return done

    def nothing_to_undo(self) -> str:
        """What to say when Ctrl+Z finds nothing to undo."""
        if self.editor.forgotten:
            return f"これより前の変更は元に戻せません(元に戻せるのは直近{self.editor.depth}件まで)"
        return "元に戻す操作はありません(元に戻せるのは、このアプリを起動してからの変更です)"

    # -- privacy review of an entry (SPEC §7) ---------------------------------------------

    def _load_reviews(self) -> None:
        self._checked = {
            (int(r["entry_id"]), str(r["kind"]), str(r["matched"]))
            for r in self.store.finding_reviews(self.meeting_id)
            if r["status"] == CHECKED
        }

    def open_findings(self, entry: Entry) -> list[Finding]:
        """Possible personal data in the entry that nobody has judged yet."""
        return [
            f
            for f in find_personal_data(entry.text)
            if (entry.id, f.kind, f.matched) not in self._checked
        ]

    def review(self, entry: Entry, status: str) -> int:
        """Deal with the entry's open findings: MASKED replaces them with ● (an edit, undone
        by `undo`), CHECKED records that they are not personal data. Returns how many."""
        findings = self.open_findings(entry)
        if not findings:
            return 0
        if status == MASKED:
            self.editor.edit(replace(entry, text=mask_findings(entry.text, findings)))
        record_reviews(self.store, entry, findings, status, ACTOR)
        self._load_reviews()
        self.reload_entries()
        return len(findings)

    # -- following another instance -------------------------------------------------------

    def apply(self, changes: EntryChanges) -> None:
        """Take in what another instance changed (read by an `EntryFollower`)."""
        if changes.roll is not None:
            self.bundle.attendance = list(changes.roll)
        by_id: dict[int | None, Entry] = {e.id: e for e in self.bundle.entries}
        by_id.update((e.id, e) for e in changes.changed)
        self.bundle.entries = [by_id[i] for i in changes.order if i in by_id]


class EntryFollower:
    """Reads what other connections change in a meeting's entries, reading in full only
    the entries that changed. Made and polled on one thread, with a Store of its own.

    `known` are the entries as shown when following starts; the first `poll` compares with
    them whatever the data version says, so nothing written in between is missed."""

    def __init__(
        self, store: Store, meeting_id: int, known: Iterable[Entry], roll: Iterable[Attendance]
    ) -> None:
        self.store = store
        self.meeting_id = meeting_id
        self._watcher = ChangeWatcher(store.conn)
        self._stamps: dict[int, tuple[Any, ...]] = {}
        self._texts: dict[int, int] = {}
        for entry in known:
            self._remember(entry)
        self._order = tuple(self._stamps)
        self._newest = max((s[-2] or "" for s in self._stamps.values()), default="")
        self._recent: set[int] = set()  # the entries that changed at the last look
        self._speakers = {p.id for p in roll}
        self._first = True

    def _remember(self, entry: Entry) -> None:
        if entry.id is not None:
            self._stamps[entry.id] = entry_stamp(entry)
            self._texts[entry.id] = hash(entry.text)

    def _differs(self, entry: Entry) -> bool:
        return (
            entry.id not in self._stamps
            or entry_stamp(entry) != self._stamps[entry.id or 0]
            or hash(entry.text) != self._texts.get(entry.id or 0)
        )

    def poll(self) -> EntryChanges | None:
        """What changed since the last look, or None (one cheap statement when nothing
        was committed anywhere)."""
        if not self._watcher.changed() and not self._first:
            return None
        self._first = False
        rows = self.store.entry_stamps(self.meeting_id)
        # A row whose stamp differs changed. The stamp keeps the time to the second: a row
        # stamped in the newest second seen, or changed at the last look, may have changed
        # again within that second (to a text of the same length), so it is read again.
        suspects = [
            r[0]
            for r in rows
            if self._stamps.get(r[0]) != r or (r[-2] or "") >= self._newest or r[0] in self._recent
        ]
        changed = [e for e in self.store.entries_by_id(suspects) if self._differs(e)]
        self._recent = {e.id or 0 for e in changed}
        order = tuple(r[0] for r in rows)
        self._newest = max((r[-2] or "" for r in rows), default=self._newest)
        for gone in set(self._stamps) - set(order):
            del self._stamps[gone], self._texts[gone]
        for entry in changed:
            self._remember(entry)
        if not changed and order == self._order:
            return None
        self._order = order
        roll = None
        if any(e.speaker_id is not None and e.speaker_id not in self._speakers for e in changed):
            roll = tuple(self.store.attendance(self.meeting_id))
            self._speakers = {p.id for p in roll}
        return EntryChanges(order, tuple(changed), roll)


def follow_meeting(
    db_path: str,
    meeting_id: int,
    known: list[Entry],
    roll: list[Attendance],
    *,
    report: Callable[[EntryChanges], object],
    stop: threading.Event,
    interval: float = FOLLOW_INTERVAL,
) -> None:
    """Look every `interval` seconds, until `stop` is set, for what other connections change
    in the meeting's entries, and `report` it. Run on a thread of its own: it opens its own
    Store, which never leaves that thread. A busy database is looked at again next time."""
    store: Store | None = None
    follower: EntryFollower | None = None
    try:
        while not stop.wait(interval):
            try:
                store = store or Store(db_path, checked=True)
                follower = follower or EntryFollower(store, meeting_id, known, roll)
                changes = follower.poll()
            except (UserError, sqlite3.Error):
                continue
            if changes is not None:
                report(changes)
    finally:
        if store is not None:
            store.close()
