"""What the secretariat would notice: reopening a meeting goes through its lock again; a
board name typed on 会議情報 renames the board instead of starting a new one; names full of
brackets do not break the screens."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pia_meeting.core.model import Attendance, Side
from pia_meeting.store import locks
from pia_meeting.store.facade import Store
from pia_meeting.tui.app import PiaMeetingApp
from pia_meeting.tui.screens.capture import CaptureScreen
from pia_meeting.tui.screens.meeting_info import MeetingInfoScreen
from pia_meeting.tui.screens.meetings import MeetingListScreen
from tests.support.meetings import make_meeting, stored
from tests.support.ui_helpers import replace_text, type_text


async def test_back_to_the_list_and_forward_does_not_skip_the_lock(db: Path) -> None:
    store = Store(db)
    meeting_id = make_meeting(store, 15)
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        assert locks.acquire(store, meeting_id, pid=child.pid).acquired
        app = PiaMeetingApp(db, meeting_id=meeting_id, step=2)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert app.session is not None and app.session.read_only
            await pilot.press("alt+left")
            await pilot.pause()
            assert isinstance(app.screen, MeetingListScreen)
            # Alt+→ from the list opens the meeting under the cursor, through its lock.
            await pilot.press("alt+right", "alt+right", "alt+right")
            await pilot.pause()
            assert (
                isinstance(app.screen, CaptureScreen)
                and app.session is not None
                and app.session.read_only
            )
            await type_text(pilot, "書けないはずの発言")
            await pilot.press("enter")
            await pilot.pause()
    finally:
        child.kill()
        child.wait()
    assert stored(db, meeting_id) == []
    store.close()


async def test_board_name_on_meeting_info_renames_the_board(db: Path) -> None:
    store = Store(db)
    meeting_id = make_meeting(store, 15)
    board = store.get_board(store.get_meeting(meeting_id).board_id or 0)
    board.label_style = "name_role"
    store.update_board(board)
    store.close()
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MeetingInfoScreen)
        await replace_text(pilot, "北九州市情報公開・個人情報保護審査会")
        await pilot.press("enter")
        await pilot.pause()
    store = Store(db)
    boards = store.boards()
    store.close()
    assert [(b.name, b.label_style) for b in boards] == [
        ("北九州市情報公開・個人情報保護審査会", "name_role")
    ]


async def test_names_with_brackets_are_shown_literally(db: Path) -> None:
    store = Store(db)
    meeting_id = make_meeting(store, 15)
    store.add_attendee(
        Attendance(
            meeting_id=meeting_id,
            side=Side.EXPLAINER,
            name="[/]佐藤",
            title="[b]主任",
            department="総務局[情報]政策課",
        )
    )
    store.close()
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("5")  # the new speaker
        await pilot.pause()
        await commit_text(pilot, "[注]補足する。")
        await pilot.press("escape", "enter")  # edit: the speaker Select lists the names
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CaptureScreen)
        assert "[/]佐藤[b]主任" in str(app.screen.query_one("#capture-status").render())


async def commit_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await type_text(pilot, text)
    await pilot.press("enter")
    await pilot.pause()
