"""The 会議一覧 (SPEC §2 step 1): read without the storage layer, in aligned columns that
fit the terminal, the first screenful before the rest."""

from __future__ import annotations

from pathlib import Path

from pia_meeting.store.facade import Store
from pia_meeting.store.listing import read_meeting_list, read_meeting_list_from
from tests.support.meetings import LIST_TITLE, fill_archive

TITLE = LIST_TITLE


# -- display width --------------------------------------------------------------------------


# -- reading and laying out -----------------------------------------------------------------


def test_the_first_screenful_is_the_head_of_the_whole_list(tmp_path: Path) -> None:
    path = tmp_path / "pia_meeting.db"
    fill_archive(path, 12)
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
