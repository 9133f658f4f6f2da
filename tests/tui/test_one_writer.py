"""One writer per meeting in the app: a second instance opens read-only and follows the
writer's new entries live; a stale lock is taken over only after confirmation."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pia_meeting.core.model import Entry
from pia_meeting.store import locks
from pia_meeting.store.facade import Store
from pia_meeting.tui.app import PiaMeetingApp
from pia_meeting.tui.screens.capture import CaptureBox, CaptureScreen, EntryLog
from pia_meeting.tui.screens.confirm import ConfirmScreen
from tests.support.meetings import make_meeting, stored
from tests.support.ui_helpers import type_text


@pytest.fixture
def other_process() -> Iterator[subprocess.Popen[bytes]]:
    """A live process standing for the first instance (pids identify lock holders)."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        yield child
    finally:
        child.kill()
        child.wait()


async def test_second_instance_is_read_only_and_follows_new_entries(
    db: Path, other_process: subprocess.Popen[bytes]
) -> None:
    writer = Store(db)
    meeting_id = make_meeting(writer, 15, entries=2)
    assert locks.acquire(writer, meeting_id, pid=other_process.pid).acquired
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaptureScreen)
        assert app.session is not None and app.session.read_only
        assert screen.query_one(CaptureBox).read_only
        await type_text(pilot, "ここからは書けない")
        await pilot.press("enter")
        await pilot.pause()
        assert len(stored(db, meeting_id)) == 2  # nothing written from here
        # The writer commits an entry: it appears here without any key.
        item_id = writer.agenda(meeting_id)[0].id
        writer.add_entry(
            Entry(meeting_id=meeting_id, agenda_item_id=item_id, text="第一の画面で記録した発言。")
        )
        await pilot.pause(1.5)
        log = screen.query_one(EntryLog)
        assert log.option_count == 3
        assert "第一の画面で記録した発言。" in str(log.get_option_at_index(2).prompt)
    assert writer.get_draft(meeting_id) is None
    writer.close()


async def test_stale_lock_is_taken_over_after_confirmation(db: Path) -> None:
    writer = Store(db)
    meeting_id = make_meeting(writer, 15)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a dead process: its lock is stale
    assert locks.acquire(writer, meeting_id, pid=gone.pid).acquired
    writer.close()
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, CaptureScreen)
        assert app.session is not None and not app.session.read_only
        await type_text(pilot, "引き継いで記録する。")
        await pilot.press("enter")
        await pilot.pause()
    assert [e.text for e in stored(db, meeting_id)] == ["引き継いで記録する。"]
