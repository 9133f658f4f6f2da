"""The app opened on what an older release, a hand edit or a file system left behind."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pia_meeting.services.demo import load_demo
from pia_meeting.store.facade import Store
from pia_meeting.store.fts import register_functions
from pia_meeting.store.locks import holder
from pia_meeting.tui.app import PiaMeetingApp
from pia_meeting.tui.messages import OpenMeeting
from pia_meeting.tui.screens.capture import CaptureScreen
from pia_meeting.tui.screens.meetings import MeetingListScreen


def _demo(db: Path) -> int:
    store = Store(db)
    meeting_id = load_demo(store)
    store.close()
    return meeting_id


async def test_a_stored_date_before_meiji_is_listed_in_seireki(db: Path) -> None:
    meeting_id = _demo(db)
    with sqlite3.connect(db) as conn:
        register_functions(conn)
        conn.execute("update meetings set date = '1021-11-09' where id = ?", (meeting_id,))
    app = PiaMeetingApp(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MeetingListScreen)
        rows = [text for _, text in app.screen.query_one("#meetings").rows]  # type: ignore[attr-defined]
        assert any("1021年11月9日" in row for row in rows)
        await pilot.press("enter")  # opens 会議情報, whose hint shows the date too
        await pilot.pause()
        assert app.screen.step == 2  # type: ignore[attr-defined]
    assert app.return_code in (None, 0)


async def test_a_file_that_cannot_be_written_opens_read_only(db: Path) -> None:
    meeting_id = _demo(db)
    before = db.read_bytes()
    app = PiaMeetingApp(db, read_only_file=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MeetingListScreen)
        shown = [n.message for n in app._notifications]
        assert any("読み取り専用で開いています" in m for m in shown)
        await pilot.press("n")  # a new meeting would write: nothing happens
        await pilot.pause()
        assert isinstance(app.screen, MeetingListScreen)
        app.post_message(OpenMeeting(meeting_id, 4))
        await pilot.pause()
        assert isinstance(app.screen, CaptureScreen)
        assert app.session is not None and app.session.read_only
    store = Store(db)
    try:
        assert holder(store, meeting_id) is None  # no lock was written
    finally:
        store.close()
    assert db.read_bytes() == before


async def test_a_second_window_cannot_delete_the_meeting_the_first_records(db: Path) -> None:
    import os

    from pia_meeting.store import locks
    from pia_meeting.tui.screens.confirm import ConfirmScreen

    meeting_id = _demo(db)
    store = Store(db)
    assert locks.acquire(store, meeting_id, pid=os.getppid()).acquired  # window A
    store.close()
    app = PiaMeetingApp(db)  # window B
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)  # not even asked
        assert any("別の画面で記録・編集中" in n.message for n in app._notifications)
    store = Store(db)
    try:
        assert store.get_meeting(meeting_id).id == meeting_id
        assert len(store.entries(meeting_id)) == 54  # the sample meeting, whole (closing lines too)
    finally:
        store.close()


async def test_deleting_a_meeting_with_a_confirmed_toshin_asks_again_naming_it(db: Path) -> None:
    from pia_meeting.tui.screens.confirm import ConfirmScreen

    meeting_id = _demo(db)  # the sample's 答申 is confirmed
    app = PiaMeetingApp(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "確定した答申も削除されます" in app.screen.question
        assert "答申第" in app.screen.detail  # type: ignore[attr-defined]
        await pilot.press("enter")  # いいえ: nothing is deleted
        await pilot.pause()
        assert isinstance(app.screen, MeetingListScreen)
        await pilot.press("delete", "y")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    store = Store(db)
    try:
        assert store.meetings() == []
        assert [e.field for e in store.audit(meeting_id)][-1] == "delete"
    finally:
        store.close()
