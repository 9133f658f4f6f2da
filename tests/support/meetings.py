"""Meetings built for the tests: a board, its roll, an agenda item and entries."""

from __future__ import annotations

import json
from pathlib import Path

from pia_meeting.core.model import AgendaItem, Assessment, Attendance, Entry, Meeting, Side
from pia_meeting.store.facade import Store

BOARD = "北九州市個人情報保護審査会"


def make_meeting(store: Store, number: int, *, entries: int = 0) -> int:
    board = store.board_named(BOARD)
    meeting = store.create_meeting(
        Meeting(board_id=board.id, number=number, date=f"2021-{number - 4:02d}-09")
    )
    assessment = store.save_assessment(
        Assessment(name="住民基本台帳に関する事務", page_count=78, outline=json.dumps({"Ⅵ": 78}))
    )
    item = store.add_agenda_item(
        AgendaItem(meeting_id=meeting.id, title="住民基本台帳", assessment_id=assessment.id)
    )
    roll = [
        Attendance(meeting_id=meeting.id, side=Side.MEMBER, name="時枝", title="会長"),
        Attendance(meeting_id=meeting.id, side=Side.MEMBER, name="姜", title="委員"),
        Attendance(
            meeting_id=meeting.id,
            side=Side.EXPLAINER,
            name="菊竹",
            title="係長",
            department="市民文化スポーツ局市民総務部戸籍住民課",
        ),
        Attendance(
            meeting_id=meeting.id,
            side=Side.EXPLAINER,
            name="有永",
            title="係長",
            department="デジタル市役所推進室デジタル市役所推進課",
        ),
    ]
    for person in roll:
        store.add_attendee(person)
    for index in range(entries):
        store.add_entry(
            Entry(
                meeting_id=meeting.id,
                agenda_item_id=item.id,
                speaker_id=roll[2].id,
                text=f"第{index + 1}段落の説明である。",
            )
        )
    return meeting.id or 0


def fresh_meeting(db: Path, number: int, *, entries: int = 0) -> int:
    """A meeting in the database file, with the store closed again (the app opens its own)."""
    store = Store(db)
    try:
        return make_meeting(store, number, entries=entries)
    finally:
        store.close()


def stored(db: Path, meeting_id: int) -> list[Entry]:
    store = Store(db)
    try:
        return store.entries(meeting_id)
    finally:
        store.close()


LIST_TITLE = "国民健康保険に関する事務に係る特定個人情報保護評価について"


def fill_archive(path: Path, meetings: int, *, boards: int = 1) -> list[int]:
    """`meetings` meetings over `boards` boards, one agenda item each; their ids."""
    store = Store(path)
    try:
        board_ids = [
            store.board_named(f"みなと川市個人情報保護審査会{'' if b == 0 else b + 1}").id
            for b in range(boards)
        ]
        ids = []
        for number in range(1, meetings + 1):
            meeting = store.create_meeting(
                Meeting(
                    board_id=board_ids[number % boards],
                    number=number,
                    date=f"20{10 + number // 12:02d}-{number % 12 + 1:02d}-{number % 27 + 1:02d}",
                )
            )
            store.add_agenda_item(AgendaItem(meeting_id=meeting.id, seq=1, title=LIST_TITLE))
            ids.append(meeting.id)
        return ids
    finally:
        store.close()
