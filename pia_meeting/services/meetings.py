"""Meetings as a whole: a new meeting copied from an earlier one, deleting one (never while
another window writes it; a confirmed 答申 is named first and kept in the audit log), and
the board a meeting belongs to (renamed, or another board)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace

from pia_meeting.core import validation, wareki
from pia_meeting.core.errors import UserError
from pia_meeting.core.model import AgendaItem, Assessment, Attendance, AuditEvent, Board, Meeting
from pia_meeting.store import locks
from pia_meeting.store.facade import Store


def usual_times(store: Store, meeting: Meeting) -> tuple[str, str]:
    """The start and end time of the board's latest other meeting that recorded them, to
    suggest for this one; empty when there is none (no made-up 10:00)."""
    rows = store.query(
        "select start_time, end_time from meetings where board_id = ? and id != ?"
        " and coalesce(start_time, '') != '' order by date desc, number desc limit 1",
        (meeting.board_id, meeting.id or 0),
    )
    if not rows:
        return "", ""
    return str(rows[0]["start_time"] or ""), str(rows[0]["end_time"] or "")


def duplicate_meeting(store: Store, meeting_id: int) -> Meeting:
    """A new meeting of the same board with the same members, departments and agenda
    titles, each with its own copy of the 評価書; no entries, no 答申, everyone present."""
    source = store.load_bundle(meeting_id)
    with store.atomic():
        new = Meeting(
            board_id=source.meeting.board_id,
            number=store.next_meeting_number(source.board.id or 0),
            title=source.meeting.title,
            place=source.meeting.place,
            openness=source.meeting.openness,
            record_style=source.meeting.record_style,
        )
        store.create_meeting(new)
        assert new.id is not None
        # The 評価書 is copied too: editing it (a new version, the page count) for the new
        # meeting must not change what the old meeting's minutes say.
        copied: dict[int, int] = {}
        for old_id, assessment in source.assessments.items():
            copy_of = Assessment.from_row({**asdict(assessment), "id": None})
            copied[old_id] = store.save_assessment(copy_of).id or 0
        for item in source.agenda:
            copy = AgendaItem(
                meeting_id=new.id,
                title=item.title,
                heading=item.heading,
                is_public=item.is_public,
                closed_reason=item.closed_reason,
                assessment_id=copied.get(item.assessment_id or 0),
                inquiry_number="",
            )
            store.add_agenda_item(copy)
        for person in source.attendance:
            copy_person = Attendance(
                meeting_id=new.id,
                side=person.side,
                name=person.name,
                title=person.title,
                department=person.department,
                label=person.label,
                member_id=person.member_id,
            )
            store.add_attendee(copy_person)
    return new


def rename_or_move_board(store: Store, meeting: Meeting, board: Board, name: str) -> str:
    """A name of another board moves the meeting to it; a new name renames this board (its
    rules and members stay: a typo fix must not start a fresh board). Returns what was
    done, as a sentence for the user; empty when nothing changed."""
    name = validation.check_board_name(name)
    if name == board.name:
        return ""
    other = next((b for b in store.boards() if b.name == name), None)
    if other is None:
        store.update_board(replace(board, name=name))
        return f"審査会名を「{name}」に変更しました(この審査会の他の会議にも反映)"
    store.update_meeting(replace(meeting, board_id=other.id))
    return f"この会議を「{name}」の会議にしました"


@dataclass(frozen=True)
class MeetingDeletion:
    """What deleting a meeting takes with it: what the question put to the user names."""

    meeting: Meeting
    board: Board
    entries: int
    frozen: tuple[str, ...]  # the confirmed 答申: 「議題1 みなと川市…答申第1号」

    @property
    def title(self) -> str:
        day = wareki.format_stored_date(self.meeting.date, missing="日付未定")
        number = f"第{self.meeting.number}回" if self.meeting.number else "回不明"
        return f"{self.board.name} {number}({day})"


def _refuse_if_held(store: Store, meeting_id: int) -> None:
    other = locks.held_by_another(store, meeting_id)
    if other is not None:
        raise UserError(
            "この会議は別の画面で記録・編集中のため、削除できません"
            f"({other.host}、{other.started_at} から)。その画面を閉じてから操作してください"
        )


def prepare_deletion(store: Store, meeting_id: int) -> MeetingDeletion:
    """What a deletion would remove, or UserError when it may not be deleted now."""
    _refuse_if_held(store, meeting_id)
    bundle = store.load_bundle(meeting_id)
    frozen = tuple(
        f"議題{item.seq} {toshin.number or '答申'}「{_cut(toshin.wording)}」"
        for item in bundle.agenda
        if (toshin := bundle.toshins.get(item.id or 0)) is not None and toshin.is_frozen
    )
    return MeetingDeletion(bundle.meeting, bundle.board, len(bundle.entries), frozen)


def _cut(text: str, length: int = 30) -> str:
    return text if len(text) <= length else text[:length] + "…"


def delete_meeting(store: Store, meeting_id: int, *, actor: str = "事務局") -> None:
    """Delete the meeting; what it held is summed up in the audit log, confirmed 答申 in
    full. Refused while another instance writes it (checked again inside the transaction:
    it may have opened the meeting since the question was asked)."""
    with store.atomic():
        _refuse_if_held(store, meeting_id)
        bundle = store.load_bundle(meeting_id)
        summary = {
            "board": bundle.board.name,
            "number": bundle.meeting.number,
            "date": bundle.meeting.date,
            "title": bundle.meeting.title,
            "agenda": [item.title for item in bundle.agenda],
            "entries": len(bundle.entries),
            "toshins": [
                {
                    "number": t.number,
                    "wording": t.wording,
                    "riders": t.rider_list,
                    "confirmed_at": t.confirmed_at,
                    "text_hash": t.text_hash,
                }
                for t in bundle.toshins.values()
            ],
        }
        store.record_audit(
            AuditEvent(
                meeting_id=meeting_id,
                table_name="meetings",
                row_id=meeting_id,
                field="delete",
                old_value=json.dumps(summary, ensure_ascii=False),
                reason="会議の削除",
                actor=actor,
            )
        )
        store.delete_meeting(meeting_id)
