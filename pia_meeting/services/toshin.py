"""答申 as a use case (SPEC §2.5): a draft per agenda item, the chair's confirmation that
freezes it and numbers it, the unlock that needs a reason, and the meeting's close once every
item is confirmed. What is audited is decided here."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, replace
from enum import StrEnum

from pia_meeting.core import clock, labels, wareki
from pia_meeting.core.closing import ClosingLine, reads_as, script, typed_closing
from pia_meeting.core.errors import FrozenError, UserError, ValidationError
from pia_meeting.core.model import (
    AgendaItem,
    Assessment,
    AuditEvent,
    Board,
    Entry,
    EntryKind,
    Meeting,
    MeetingBundle,
    MeetingStatus,
    Toshin,
    ToshinTemplate,
    VoteMode,
)
from pia_meeting.core.quorum import QuorumState
from pia_meeting.core.styles import board_style
from pia_meeting.core.toshin import (
    DEFAULT_NUMBER_FORMAT,
    RESULT_ADOPTED,
    RESULT_CONTINUED,
    RESULT_REJECTED,
    check_vote,
    draft_wording,
    format_toshin_number,
    wording_hash,
)
from pia_meeting.store.facade import Store


def next_toshin_number(store: Store, board: Board, toshin_id: int | None) -> str:
    """The 答申番号 a 答申 of `board` takes when it is confirmed: one past every 答申 the
    board has given or numbered, and past the highest number of its format on record (a
    deleted meeting must not free a number that was issued)."""
    others = store.query(
        "select t.number, t.confirmed_at, t.result from toshins t"
        " join agenda_items a on a.id = t.agenda_item_id"
        " join meetings m on m.id = a.meeting_id"
        " where m.board_id = ? and t.id != ?",
        (board.id, toshin_id or 0),
    )
    counted = sum(
        1
        for row in others
        if (row["number"] or "").strip()
        or (row["confirmed_at"] and row["result"] not in (RESULT_CONTINUED, RESULT_REJECTED))
    )
    # Every number ever issued stays taken, whatever was deleted since.
    issued = store.query("select number from issued_toshin_numbers where board_id = ?", (board.id,))
    counted = max(counted, len(issued))
    pattern = re.escape(board.toshin_number_format or DEFAULT_NUMBER_FORMAT)
    pattern = pattern.replace(re.escape("{board}"), re.escape(board.name))
    numbered = re.compile("^" + pattern.replace(re.escape("{n}"), r"(\d+)") + "$")
    written = [(row["number"] or "").strip() for row in [*others, *issued]]
    highest = max((int(m.group(1)) for text in written if (m := numbered.match(text))), default=0)
    return format_toshin_number(board, max(counted, highest) + 1)


def _local(moment: dt.datetime) -> str:
    """ISO 8601 with the local offset, to the second (as `clock.now_iso` writes it)."""
    return moment.replace(microsecond=0).astimezone().isoformat()


def default_confirmation_time(meeting: Meeting, now: str | None = None) -> str:
    """When a 答申 is confirmed unless the user says otherwise: now, or, for a meeting held
    on an earlier day (entered after the fact), the end of that meeting (its start, else
    noon, when no end was recorded)."""
    now = now or clock.now_iso()
    today = dt.datetime.fromisoformat(now).date()
    try:
        day = dt.date.fromisoformat(meeting.date or "")
    except ValueError:
        return now
    if day >= today:
        return now
    at = wareki.parse_time(meeting.end_time or meeting.start_time or "12:00")
    return _local(dt.datetime.combine(day, at))


def parse_confirmation_time(text: str, meeting: Meeting) -> str:
    """The confirmation time typed by the user: 「2025-10-21 15:05」「令和7年10月21日 15:05」
    or a time alone (「15:05」, on the meeting's day). ISO with the local offset; a
    ValidationError (field `confirmed_at`) says in Japanese what is wrong."""
    cleaned = text.strip().replace("　", " ")
    if not cleaned:
        raise ValidationError("confirmed_at", "確定日時を入力してください(例: 2025-10-21 15:05)")
    date_part, _, time_part = cleaned.rpartition(" ")
    try:
        if date_part:
            day = wareki.parse_date(date_part, check_weekday=False)
        elif meeting.date:
            day = dt.date.fromisoformat(meeting.date)
        else:
            raise ValidationError("confirmed_at", "確定日時は日付と時刻で入力してください")
        at = wareki.parse_time(time_part)
    except (wareki.DateInputError, ValueError):
        raise ValidationError(
            "confirmed_at", "確定日時を読めません(例: 2025-10-21 15:05 / R7.10.21 15:05)"
        ) from None
    moment = dt.datetime.combine(day, at)
    if moment.astimezone() > dt.datetime.now().astimezone() + dt.timedelta(minutes=5):
        raise ValidationError("confirmed_at", "確定日時が未来になっています")
    return _local(moment)


@dataclass(frozen=True)
class Missing:
    """What the 答申書 of an agenda item lacks, and where it is filled in."""

    field: str  # inquiry_number / inquiry_date / toshin_number
    label: str  # 「諮問番号」


def toshin_document_gaps(bundle: MeetingBundle, item: AgendaItem) -> list[Missing]:
    """What the 答申書 of `item` would print without, or make up: the 諮問's number and date
    (cited in its first sentence) and, for a 答申 that came in with an import, its number
    (which would be counted, 「答申第1号」, not the one the board gave)."""
    gaps: list[Missing] = []
    if not item.inquiry_number.strip():
        gaps.append(Missing("inquiry_number", "諮問番号"))
    if not item.inquiry_date:
        gaps.append(Missing("inquiry_date", "諮問日"))
    toshin = bundle.toshins.get(item.id or 0)
    if toshin is not None and toshin.is_frozen and not toshin.number.strip():
        gaps.append(Missing("toshin_number", "答申番号"))
    return gaps


def describe_gaps(gaps: list[Missing], where: str = "答申の画面で入力できます") -> str:
    """「答申書に諮問番号・諮問日がありません。…」 (`where` says where to fill them in), or
    empty."""
    if not gaps:
        return ""
    names = "・".join(g.label for g in gaps)
    return f"答申書に{names}がありません。{where}"


@dataclass(frozen=True)
class MeetingEnd:
    """What closing (閉会) or finalising (確定) a meeting means, as said before doing it."""

    status: str  # the status it becomes
    question: str
    consequences: str


def next_status(meeting: Meeting) -> MeetingEnd | None:
    """The next step of the meeting's end, and what it implies: 閉会 after 開催中 (or 準備中),
    確定 after 閉会; None once it is 確定."""
    if meeting.status in (MeetingStatus.PREPARING, MeetingStatus.IN_SESSION):
        return MeetingEnd(
            MeetingStatus.CLOSED,
            "会議を閉会にしますか?",
            "閉会後も発言は修正できますが、修正・削除・結合はすべて監査記録に残ります。"
            "会議一覧の状態は「閉会」になります。",
        )
    if meeting.status == MeetingStatus.CLOSED:
        return MeetingEnd(
            MeetingStatus.FINAL,
            "議事録を確定しますか?",
            "確定後も発言は修正できますが、修正はすべて監査記録に残ります。"
            "公表した議事録と同じ内容であることを確かめてから確定してください。",
        )
    return None


class ClosingChoice(StrEnum):
    """What confirming a 答申 does with the closing lines already typed for it."""

    REPLACE = "replace"  # the closing lines take their place (at the item's end when none)
    ADD = "add"  # they stay what they are; the closing lines follow at the item's end
    KEEP = "keep"  # they are the closing lines: nothing is added


@dataclass(frozen=True)
class TypedClosing:
    """The closing lines a secretariat typed for an item's 答申, and what confirming would
    write: the question put before confirming when they differ."""

    entries: list[Entry]
    lines: list[ClosingLine]

    @property
    def same(self) -> bool:
        return reads_as(self.entries, self.lines)


class ToshinService:
    """The rules around one agenda item's 答申, over a Store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get_or_draft(self, board: Board, item: AgendaItem, assessment: Assessment | None) -> Toshin:
        existing = self.store.get_toshin(item.id or 0)
        if existing:
            return existing
        return Toshin(
            agenda_item_id=item.id,
            template=ToshinTemplate.CONFORMS,
            wording=draft_wording(ToshinTemplate.CONFORMS, board, item, assessment),
        )

    def _refuse_if_frozen(self, toshin: Toshin, message: str) -> None:
        """The freeze is the stored row's, not the caller's copy: a copy loaded before the
        confirmation (another window, a screen that kept it) must not overwrite it."""
        stored = self.store.get_toshin(toshin.agenda_item_id or 0)
        if toshin.is_frozen or (stored is not None and stored.is_frozen):
            raise FrozenError(message)
        if stored is not None and toshin.id is None:
            toshin.id = stored.id  # one 答申 per agenda item: update it, never a second row

    def save_draft(self, toshin: Toshin, wording: str, riders: list[str], template: str) -> Toshin:
        self._refuse_if_frozen(
            toshin, "答申は確定済みです。変更するには理由を記入してロックを解除してください"
        )
        if not wording.strip():
            raise ValidationError("wording", "答申の文言を入力してください")
        toshin.wording = wording.strip()
        toshin.riders = json.dumps([r.strip() for r in riders if r.strip()], ensure_ascii=False)
        toshin.template = template
        return self.store.put_toshin(toshin)

    def confirm(
        self,
        toshin: Toshin,
        *,
        meeting_id: int,
        confirmed_by: str,
        quorum: QuorumState,
        vote_mode: str = VoteMode.CONSENT,
        votes: tuple[int, int, int] | None = None,
        chair_decision: str = "",
        confirmed_at: str | None = None,
        closing: ClosingChoice = ClosingChoice.REPLACE,
    ) -> tuple[Toshin, list[str]]:
        """Record the chair's confirmation and freeze the wording. Returns warnings.
        `confirmed_at`: when the chair confirmed it (ISO), for a meeting entered after the
        fact; now without. A time other than now is kept in the audit log, with when it
        was recorded. The chair's closing lines become entries of the log where the 答申
        was put (`closing`: what becomes of those already typed)."""
        self._refuse_if_frozen(toshin, "答申は既に確定しています")
        if not toshin.wording.strip():
            raise ValidationError("wording", "答申の文言が空です")
        warnings: list[str] = []
        if not quorum.met:
            warnings.append(f"定足数を満たしていません: {quorum.line}")
        if toshin.template == ToshinTemplate.CONTINUED:
            toshin.result = RESULT_CONTINUED
        elif vote_mode == VoteMode.COUNT:
            if votes is None:
                raise ValidationError("votes", "賛成・反対・棄権の数を入力してください")
            outcome = check_vote(
                *votes, present_members=quorum.present, chair_decision=chair_decision
            )
            if outcome.needs_chair:
                raise ValidationError(
                    "chair_decision", "可否同数です。会長の判断(可決/否決)を選んでください"
                )
            toshin.votes_for, toshin.votes_against, toshin.abstentions = votes
            toshin.chair_decision = chair_decision if votes[0] == votes[1] else ""
            toshin.result = RESULT_ADOPTED if outcome.adopted else RESULT_REJECTED
        else:
            toshin.result = RESULT_ADOPTED
        toshin.vote_mode = vote_mode
        toshin.confirmed_by = confirmed_by.strip() or "会長"
        recorded_at = clock.now_iso()
        toshin.confirmed_at = confirmed_at or recorded_at
        stated = _differs(toshin.confirmed_at, recorded_at)
        toshin.text_hash = wording_hash(toshin.wording, toshin.rider_list)
        with self.store.atomic():
            # The closing lines follow what was said up to now; entries typed after the
            # confirmation (「実施機関の方は退室を…」) are printed after them.
            last = self.store.query(
                "select id from entries where agenda_item_id = ? order by seq desc, id desc"
                " limit 1",
                (toshin.agenda_item_id,),
            )
            toshin.closing_after = last[0]["id"] if last else None
            # Numbered once, when first given: a 答申書 already sent keeps its number
            # whatever is confirmed, unlocked or deleted later.
            numbering = toshin.result == RESULT_ADOPTED and not toshin.number.strip()
            board_id = self.store.get_meeting(meeting_id).board_id or 0
            if numbering:
                board = self.store.get_board(board_id)
                toshin.number = next_toshin_number(self.store, board, toshin.id)
            toshin.closing_in_log = 1
            self.store.put_toshin(toshin)
            self._log_closing(toshin, meeting_id, closing)
            if numbering:
                self.store.conn.execute(
                    "insert or ignore into issued_toshin_numbers"
                    " (board_id, number, toshin_id, issued_at) values (?, ?, ?, ?)",
                    (board_id, toshin.number, toshin.id, toshin.confirmed_at),
                )
            if stated:
                self.store.record_audit(
                    AuditEvent(
                        meeting_id=meeting_id,
                        table_name="toshins",
                        row_id=toshin.id,
                        field="confirmed_at",
                        old_value=recorded_at,
                        new_value=toshin.confirmed_at,
                        reason=f"確定日時を指定して記録({wareki.format_timestamp(recorded_at)}に入力)",
                        actor=toshin.confirmed_by,
                    )
                )
            for warning in warnings:
                self.store.record_audit(
                    AuditEvent(
                        meeting_id=meeting_id,
                        table_name="toshins",
                        row_id=toshin.id,
                        field="quorum",
                        new_value=warning,
                        reason="定足数不足のまま確定",
                        actor=toshin.confirmed_by,
                    )
                )
        return toshin, warnings

    def _chair(self, meeting_id: int) -> tuple[set[int], str, Entry]:
        """The ids that speak as the chair, and an entry spoken by the chair (its speaker,
        or the label when the roll has no chair)."""
        meeting = self.store.get_meeting(meeting_id)
        board = self.store.get_board(meeting.board_id or 0)
        roll = self.store.attendance(meeting_id)
        chair = labels.chair_person(roll)
        if chair is not None and chair.id is not None:
            return {chair.id}, "", Entry(speaker_id=chair.id)
        label = labels.chair_label(board, roll, board_style(board))
        return set(), label, Entry(speaker_label=label)

    def closing_of(self, toshin: Toshin, *, meeting_id: int) -> TypedClosing:
        """The closing lines already in the item's log, and those the 答申 as it would be
        confirmed now writes (for a counted vote, its figures are filled in at the
        confirmation; the lines here are the 異議なし ones)."""
        meeting = self.store.get_meeting(meeting_id)
        style = board_style(self.store.get_board(meeting.board_id or 0)).closing
        chair_ids, _, _ = self._chair(meeting_id)
        entries = [
            e for e in self.store.entries(meeting_id) if e.agenda_item_id == toshin.agenda_item_id
        ]
        frozen = (
            toshin
            if toshin.is_frozen
            else replace(toshin, confirmed_at="now", result=RESULT_ADOPTED)
        )
        if toshin.template == ToshinTemplate.CONTINUED and not toshin.is_frozen:
            frozen = replace(frozen, result=RESULT_CONTINUED)
        return TypedClosing(
            typed_closing(entries, chair_ids, style), script(frozen, style, in_log=True)
        )

    def _log_closing(self, toshin: Toshin, meeting_id: int, choice: ClosingChoice) -> None:
        """The closing lines of a just-confirmed 答申 into the log (the caller's transaction)."""
        typed = self.closing_of(toshin, meeting_id=meeting_id)
        if typed.entries and (choice == ClosingChoice.KEEP or typed.same):
            return
        item_id = toshin.agenda_item_id
        _, chair_label, chair = self._chair(meeting_id)
        added = [
            Entry(
                kind=EntryKind.STAGE if line.is_stage else EntryKind.PROCEDURE,
                speaker_id=None if line.is_stage else chair.speaker_id,
                speaker_label="" if line.is_stage else chair_label,
                text=line.text,
                spoken_at=toshin.confirmed_at,
            )
            for line in typed.lines
        ]
        removed = typed.entries if choice == ClosingChoice.REPLACE else []
        if removed:
            at = removed[0].seq
        else:
            rows = self.store.query(
                "select coalesce(max(seq), 0) + 1 as n from entries where meeting_id = ?"
                " and agenda_item_id is ?",
                (meeting_id, item_id),
            )
            at = int(rows[0]["n"])
        self.store.splice_entries(meeting_id, item_id, at, [e.id or 0 for e in removed], added)
        for entry in removed:
            # What was typed is not lost: the audit log keeps it.
            self.store.record_audit(
                AuditEvent(
                    meeting_id=meeting_id,
                    table_name="entries",
                    row_id=entry.id,
                    field="text",
                    old_value=entry.text,
                    new_value="",
                    reason="答申の確定で締めくくりの発言に置き換え",
                    actor=toshin.confirmed_by or "事務局",
                )
            )

    def unlock(
        self, toshin: Toshin, *, meeting_id: int, reason: str, actor: str = "事務局"
    ) -> Toshin:
        if not toshin.is_frozen:
            raise UserError("この答申はまだ確定していません")
        if not reason.strip():
            raise ValidationError("reason", "ロック解除の理由を入力してください")
        old = json.dumps(
            {
                "wording": toshin.wording,
                "riders": toshin.rider_list,
                "confirmed_at": toshin.confirmed_at,
                "confirmed_by": toshin.confirmed_by,
                "result": toshin.result,
                "text_hash": toshin.text_hash,
            },
            ensure_ascii=False,
        )
        toshin.confirmed_at = None
        toshin.confirmed_by = ""
        toshin.text_hash = ""
        toshin.result = ""
        return self._save_audited(
            toshin, meeting_id, field="unlock", old=old, reason=reason.strip(), actor=actor
        )

    def end_meeting(self, meeting_id: int, *, actor: str = "事務局") -> str:
        """The meeting's next status (閉会, then 確定), kept in the audit log; the new
        status. A UserError when it is 確定 already."""
        meeting = self.store.get_meeting(meeting_id)
        step = next_status(meeting)
        if step is None:
            raise UserError("この会議は確定済みです")
        before = meeting.status
        meeting.status = step.status
        with self.store.atomic():
            self.store.update_meeting(meeting)
            self.store.record_audit(
                AuditEvent(
                    meeting_id=meeting_id,
                    table_name="meetings",
                    row_id=meeting_id,
                    field="status",
                    old_value=before,
                    new_value=step.status,
                    reason=f"{step.status}にした",
                    actor=actor,
                )
            )
        return step.status

    def set_toshin_number(self, toshin: Toshin, number: str, *, meeting_id: int) -> Toshin:
        """The 答申番号 the board gave (an imported 答申 has none): kept with the 答申 and in
        the audit log. Allowed on a frozen 答申: the number is not part of its wording."""
        number = number.strip()
        if not number:
            raise ValidationError("toshin_number", "答申番号を入力してください(例: 答申第12号)")
        if toshin.id is None:
            raise UserError("答申がまだ保存されていません")
        before = toshin.number
        toshin.number = number
        return self._save_audited(
            toshin, meeting_id, field="number", old=before, new=number, reason="答申番号を入力"
        )

    def _save_audited(
        self,
        toshin: Toshin,
        meeting_id: int,
        *,
        field: str,
        reason: str,
        old: str = "",
        new: str = "",
        actor: str = "事務局",
    ) -> Toshin:
        """`toshin` saved with the audit event of its change, in one transaction."""
        with self.store.atomic():
            self.store.put_toshin(toshin)
            self.store.record_audit(
                AuditEvent(
                    meeting_id=meeting_id,
                    table_name="toshins",
                    row_id=toshin.id,
                    field=field,
                    old_value=old,
                    new_value=new,
                    reason=reason,
                    actor=actor,
                )
            )
        return toshin

    def close_meeting_when_done(self, meeting_id: int) -> bool:
        """With every agenda item's 答申 confirmed the session is over: 閉会. From then on,
        changes to what was said are kept in the audit log. True when it closed now."""
        meeting = self.store.get_meeting(meeting_id)
        agenda = self.store.agenda(meeting_id)
        done = bool(agenda) and all(
            (t := self.store.get_toshin(item.id or 0)) is not None and t.is_frozen
            for item in agenda
        )
        if done and meeting.status in (MeetingStatus.PREPARING, MeetingStatus.IN_SESSION):
            meeting.status = MeetingStatus.CLOSED
            self.store.update_meeting(meeting)
            return True
        return False


def _differs(stated: str, recorded: str) -> bool:
    """Whether a stated confirmation time is another moment than the recording (a minute
    apart or more)."""
    try:
        gap = dt.datetime.fromisoformat(stated) - dt.datetime.fromisoformat(recorded)
    except ValueError:
        return True
    return abs(gap) >= dt.timedelta(minutes=1)
