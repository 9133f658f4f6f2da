"""The 会議一覧 (SPEC §2 step 1): read without the storage layer, in aligned columns that
fit the terminal, the first screenful before the rest."""

from __future__ import annotations

from pathlib import Path

from pia_meeting.core.model import AgendaItem, Meeting
from pia_meeting.store.facade import Store
from pia_meeting.store.listing import read_meeting_list, read_meeting_list_from

TITLE = "国民健康保険に関する事務に係る特定個人情報保護評価について"


def _fill(path: Path, meetings: int, *, boards: int = 1) -> list[int]:
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
            store.add_agenda_item(AgendaItem(meeting_id=meeting.id, seq=1, title=TITLE))
            ids.append(meeting.id)
        return ids
    finally:
        store.close()


# -- display width --------------------------------------------------------------------------


# -- reading and laying out -----------------------------------------------------------------


def test_the_first_screenful_is_the_head_of_the_whole_list(tmp_path: Path) -> None:
    path = tmp_path / "pia_meeting.db"
    _fill(path, 12)
    whole = read_meeting_list_from(path)
    head = read_meeting_list_from(path, 5)
    assert whole is not None and head is not None
    assert head == whole[:5]
    assert [row.date for row in whole] == sorted((row.date for row in whole), reverse=True)
    store = Store(path)
    try:
        assert read_meeting_list(store.conn) == store.meeting_list() == whole
    finally:
        store.close()


def test_a_file_still_to_migrate_or_missing_is_not_read_directly(tmp_path: Path) -> None:
    assert read_meeting_list_from(tmp_path / "none.db") is None
    assert not (tmp_path / "none.db").exists()


# -- the screen -----------------------------------------------------------------------------


# -- the list: keys, wheel, click, place --------------------------------------------------
