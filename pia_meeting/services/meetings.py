"""Meetings as a whole: a new meeting copied from an earlier one, and the board a meeting
belongs to (renamed, or another board)."""

from __future__ import annotations

from dataclasses import asdict, replace

from pia_meeting.core import validation
from pia_meeting.core.model import AgendaItem, Assessment, Attendance, Board, Meeting
from pia_meeting.store.facade import Store


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
