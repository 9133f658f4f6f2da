"""The last stage: a parsed minutes → a new meeting in the store, and `import_file`, which runs
every stage for one file."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

from pia_meeting.core import clock
from pia_meeting.core.errors import UserError
from pia_meeting.core.model import (
    AgendaItem,
    Attendance,
    AuditEvent,
    Entry,
    Meeting,
    MeetingStatus,
    Toshin,
    VoteMode,
)
from pia_meeting.core.pages import pages_in
from pia_meeting.core.record import FALLBACK_CLOSED_REASON
from pia_meeting.core.toshin import RESULT_ADOPTED, wording_hash
from pia_meeting.imports.parse import parse_minutes
from pia_meeting.imports.read import read_minutes_file
from pia_meeting.imports.tree import ParsedEntry, ParsedMinutes, ParsedToshin
from pia_meeting.store.facade import Store

# The board of minutes that name none: 「(取込)」 and the file's name.
IMPORTED_BOARD_PREFIX = "(取込)"


def import_file(store: Store, path: Path) -> int:
    """Import one minutes file as a new meeting (status 確定) and return its id.

    Everything is written in one transaction: on any error nothing of this file is stored,
    and the UserError names the file.
    """
    path = Path(path)
    text = read_minutes_file(path)
    try:
        parsed = parse_minutes(text, join_broken_sentences=path.suffix.lower() != ".docx")
        with store.atomic():
            return _write(store, parsed, f"{IMPORTED_BOARD_PREFIX}{path.stem}", path.name)
    except UserError as exc:
        raise UserError(f"{path}: 取り込めませんでした({exc})") from None
    except sqlite3.Error as exc:
        raise UserError(f"{path}: 取り込めませんでした(データベースのエラー: {exc})") from None


def _write(store: Store, parsed: ParsedMinutes, fallback_board: str, source: str) -> int:
    name = parsed.board_name or fallback_board
    is_new_board = all(b.name != name.strip() for b in store.boards())
    board = store.board_named(name)
    assert board.id is not None
    if is_new_board and board.label_style != parsed.label_style:
        board.label_style = parsed.label_style  # print the labels the way this body does
        store.update_board(board)
    number = parsed.number
    taken = {r["number"] for r in store.meetings() if r["board_id"] == board.id}
    if number is None or number in taken:
        number = store.next_meeting_number(board.id)
    meeting = store.create_meeting(
        Meeting(
            board_id=board.id,
            number=number,
            title=parsed.title,
            date=parsed.date.isoformat() if parsed.date else None,
            start_time=parsed.start_time.strftime("%H:%M") if parsed.start_time else None,
            end_time=parsed.end_time.strftime("%H:%M") if parsed.end_time else None,
            place=parsed.place,
            openness=parsed.meeting_openness(),
            record_style=parsed.record_style,
            observers=parsed.observers,
            status=MeetingStatus.FINAL,
        )
    )
    assert meeting.id is not None
    people: list[int] = []
    for person in parsed.attendees:
        row = store.add_attendee(
            Attendance(
                meeting_id=meeting.id,
                side=person.side,
                name=person.name,
                title=person.title,
                department=person.department,
                presence=person.presence,
            )
        )
        assert row.id is not None
        people.append(row.id)
    spoken_at = None
    if parsed.date:
        moment = dt.datetime.combine(parsed.date, parsed.start_time or dt.time(0, 0))
        spoken_at = moment.isoformat()

    def add_entries(entries: list[ParsedEntry], item_id: int | None) -> None:
        for entry in entries:
            if not entry.text.strip():
                continue
            store.add_entry(
                Entry(
                    meeting_id=meeting.id,
                    agenda_item_id=item_id,
                    kind=entry.kind,
                    speaker_id=people[entry.speaker] if entry.speaker is not None else None,
                    speaker_label=entry.label,
                    text=entry.text,
                    spoken_at=spoken_at,
                    pages=json.dumps(pages_in(entry.text)),
                )
            )

    add_entries(parsed.preamble, None)
    for parsed_item in parsed.items:
        reason = parsed_item.closed_reason
        if not parsed_item.is_public and not reason.strip():
            reason = board.closed_reason_default.strip() or FALLBACK_CLOSED_REASON
        item = store.add_agenda_item(
            AgendaItem(
                meeting_id=meeting.id,
                title=parsed_item.title,
                heading=parsed_item.heading,
                is_public=int(parsed_item.is_public),
                closed_reason=reason,
            )
        )
        add_entries(parsed_item.entries, item.id)
        if parsed_item.toshin is not None:
            store.put_toshin(_toshin(parsed_item.toshin, item.id))
    store.record_audit(
        AuditEvent(
            meeting_id=meeting.id,
            table_name="meetings",
            row_id=meeting.id,
            field="import",
            new_value=source,
            reason="公開された議事録からの取込",
            actor="事務局",
        )
    )
    return meeting.id


def _toshin(parsed: ParsedToshin, item_id: int | None) -> Toshin:
    toshin = Toshin(
        agenda_item_id=item_id,
        template=parsed.template,
        wording=parsed.wording,
        vote_mode=VoteMode.CONSENT,
    )
    if parsed.confirmed:
        toshin.result = parsed.result or RESULT_ADOPTED
        toshin.confirmed_at = clock.now_iso()
        toshin.confirmed_by = "会長"
        toshin.text_hash = wording_hash(toshin.wording, toshin.rider_list)
    return toshin
