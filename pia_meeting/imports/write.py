"""The last stage: a parsed minutes → a new meeting in the store, and `import_file`, which runs
every stage for one file.

The record of the whole meeting is built first, outside any transaction; the store then
writes it at once (`Store.insert_meeting`), so that reading a long file never holds the
database's write lock.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from pia_meeting.core import clock
from pia_meeting.core.errors import UserError
from pia_meeting.core.model import (
    AgendaItem,
    Attendance,
    AuditEvent,
    Meeting,
    MeetingStatus,
    Toshin,
    VoteMode,
)
from pia_meeting.core.pages import pages_in
from pia_meeting.core.record import NewEntry, NewMeeting
from pia_meeting.core.toshin import RESULT_ADOPTED, wording_hash
from pia_meeting.imports.parse import parse_minutes
from pia_meeting.imports.read import read_minutes_file
from pia_meeting.imports.tree import ParsedEntry, ParsedMinutes, ParsedToshin
from pia_meeting.store.facade import Store

# The board of minutes that name none: 「(取込)」 and the file's name.
IMPORTED_BOARD_PREFIX = "(取込)"


def import_file(store: Store, path: Path) -> int:
    """Import one minutes file as a new meeting (status 確定) and return its id.

    The meeting is written in one transaction: on any error nothing of this file is
    stored, and the UserError names the file.
    """
    path = Path(path)
    text = read_minutes_file(path)
    try:
        parsed = parse_minutes(text, join_broken_sentences=path.suffix.lower() != ".docx")
        record = meeting_record(parsed, f"{IMPORTED_BOARD_PREFIX}{path.stem}", path.name)
        return store.insert_meeting(record)
    except UserError as exc:
        raise UserError(f"{path}: 取り込めませんでした({exc})") from None
    except sqlite3.Error as exc:
        raise UserError(f"{path}: 取り込めませんでした(データベースのエラー: {exc})") from None


def meeting_record(parsed: ParsedMinutes, fallback_board: str, source: str) -> NewMeeting:
    """The rows of a new, final (確定) meeting from `parsed`, with the audit event of its
    import from the file named `source`. Entries with no text are left out; each entry
    carries the pages its text refers to and the meeting's date and start as its time."""
    spoken_at = None
    if parsed.date:
        moment = dt.datetime.combine(parsed.date, parsed.start_time or dt.time(0, 0))
        spoken_at = moment.isoformat()
    entries = _entries(parsed.preamble, None, spoken_at)
    for index, item in enumerate(parsed.items):
        entries += _entries(item.entries, index, spoken_at)
    return NewMeeting(
        board_name=parsed.board_name or fallback_board,
        label_style=parsed.label_style,  # print the labels the way this body does
        meeting=Meeting(
            number=parsed.number,
            title=parsed.title,
            date=parsed.date.isoformat() if parsed.date else None,
            start_time=parsed.start_time.strftime("%H:%M") if parsed.start_time else None,
            end_time=parsed.end_time.strftime("%H:%M") if parsed.end_time else None,
            place=parsed.place,
            openness=parsed.meeting_openness(),
            record_style=parsed.record_style,
            observers=parsed.observers,
            status=MeetingStatus.FINAL,
        ),
        attendees=[
            Attendance(
                side=person.side,
                name=person.name,
                title=person.title,
                department=person.department,
                presence=person.presence,
            )
            for person in parsed.attendees
        ],
        agenda=[
            AgendaItem(
                title=item.title,
                heading=item.heading,
                is_public=int(item.is_public),
                closed_reason=item.closed_reason,  # the board's default when left empty
            )
            for item in parsed.items
        ],
        entries=entries,
        toshins={
            index: _toshin(item.toshin)
            for index, item in enumerate(parsed.items)
            if item.toshin is not None
        },
        audit=AuditEvent(
            table_name="meetings",
            field="import",
            new_value=source,
            reason="公開された議事録からの取込",
            actor="事務局",
        ),
    )


def _entries(entries: list[ParsedEntry], item: int | None, spoken_at: str | None) -> list[NewEntry]:
    return [
        NewEntry(
            kind=entry.kind,
            text=entry.text,
            item=item,
            speaker=entry.speaker,
            speaker_label=entry.label,
            spoken_at=spoken_at,
            pages=pages_in(entry.text),
        )
        for entry in entries
        if entry.text.strip()
    ]


def _toshin(parsed: ParsedToshin) -> Toshin:
    """A 答申 the closing lines confirmed is stored confirmed, with its hash, as if the chair
    had confirmed it in the app; a wording found elsewhere is a draft."""
    toshin = Toshin(template=parsed.template, wording=parsed.wording, vote_mode=VoteMode.CONSENT)
    if parsed.confirmed:
        toshin.result = parsed.result or RESULT_ADOPTED
        toshin.confirmed_at = clock.now_iso()
        toshin.confirmed_by = "会長"
        toshin.text_hash = wording_hash(toshin.wording, toshin.rider_list)
    return toshin
