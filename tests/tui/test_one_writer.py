"""One writer per meeting in the app: a second instance opens read-only and follows the
writer's new entries live; a stale lock is taken over only after confirmation."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from textual.message import Message
from textual.pilot import Pilot

from pia_meeting.core.model import Entry
from pia_meeting.services.editing import EntryEditor
from pia_meeting.store import locks
from pia_meeting.store.facade import Store
from pia_meeting.tui.app import PiaMeetingApp
from pia_meeting.tui.messages import EntriesChanged
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


async def until(pilot: Pilot[object], done: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline:
        await pilot.pause(0.1)
    assert done()


def shown(log: EntryLog) -> list[str]:
    return [str(log.get_option_at_index(i).prompt) for i in range(log.option_count)]


async def test_the_read_only_window_follows_edits_and_deletes(
    db: Path, other_process: subprocess.Popen[bytes]
) -> None:
    writer = Store(db)
    meeting_id = make_meeting(writer, 15, entries=5)
    assert locks.acquire(writer, meeting_id, pid=other_process.pid).acquired
    entries = writer.entries(meeting_id)
    ids = [e.id for e in entries]
    posted: list[EntriesChanged] = []

    def hook(message: Message) -> None:
        if isinstance(message, EntriesChanged):
            posted.append(message)

    app = PiaMeetingApp(db, meeting_id=meeting_id, step=4)
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await pilot.pause()
        log = app.screen.query_one(EntryLog)
        assert log.option_count == 5
        # The writing instance corrects the first entry and deletes the last one.
        editor = EntryEditor(writer)
        editor.edit(replace(entries[0], text="第1段落の説明を直した。"))
        editor.delete(ids[4] or 0)
        await until(pilot, lambda: log.option_count == 4)
        await until(pilot, lambda: "第1段落の説明を直した。" in shown(log)[0])
        assert "第2段落" in shown(log)[1] and "第4段落" in shown(log)[3]
        # What the worker posted: the entry that changed and the ids in order, not the
        # whole meeting.
        assert {e.id for message in posted for e in message.changes.changed} == {ids[0]}
        assert posted[-1].changes.order == tuple(ids[:4])
        # A delete in the middle, then the writer's undo: it comes back in its place.
        editor.delete(ids[2] or 0)
        await until(pilot, lambda: log.option_count == 3)
        assert not any("第3段落" in line for line in shown(log))
        editor.undo()
        await until(pilot, lambda: log.option_count == 4)
        assert "第3段落の説明である。" in shown(log)[2]
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
