"""Nothing typed is lost when the disk is full or a write fails, a paste arrives whole and in
order, and what is typed in the entry-edit dialog is kept like the box's."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from pia_meeting.store.facade import Store
from pia_meeting.tui.app import PiaMeetingApp
from pia_meeting.tui.screens.capture import CaptureBox, CaptureScreen
from pia_meeting.tui.screens.confirm import ConfirmScreen
from pia_meeting.tui.screens.entry_edit import EntryEditScreen
from tests.support.meetings import fresh_meeting, stored
from tests.support.terminal import Terminal
from tests.support.ui_helpers import type_text

LONG = "再委託先の監督について、" * 400  # needs new pages: a full database must refuse it


def _error_line(app: PiaMeetingApp) -> str:
    return str(app.screen.query_one("#capture-error").render())


async def test_a_full_disk_on_enter_keeps_the_text_and_enter_works_once_space_is_back(
    db: Path,
) -> None:
    meeting_id = fresh_meeting(db, 15)
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=4)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CaptureScreen)
        conn = app.store.conn
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count={pages}")  # the disk is full
        box = app.screen.query_one(CaptureBox)
        box.show_text(LONG)
        await pilot.press("enter")
        await pilot.pause()
        assert "ディスクの空き容量が足りない" in _error_line(app)
        assert box.text == LONG and box.has_focus  # the box is alive and still holds it
        await type_text(pilot, "追記")
        assert box.text.endswith("追記")
        conn.execute("PRAGMA max_page_count=1073741823")  # space again
        await pilot.press("enter")
        await pilot.pause()
        assert box.text == ""
        await pilot.press("ctrl+q")
    assert app.return_code in (None, 0)
    assert [e.text for e in stored(db, meeting_id)][-1] == (LONG + "追記").strip()


async def test_an_error_no_handler_expected_ends_the_app_with_the_text_saved(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id = fresh_meeting(db, 15)

    def broken(self: object, typed: str) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    # An error the commit path does not expect stops the box's handler: going on would
    # leave a box that swallows what is typed.
    monkeypatch.setattr("pia_meeting.services.capture.CaptureSession.commit", broken)
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=4)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await type_text(pilot, "止まる前に打った文")
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_code == 1
    store = Store(db)
    try:
        draft = store.get_draft(meeting_id)
    finally:
        store.close()
    assert draft is not None and draft["text"] == "止まる前に打った文"


async def test_what_is_typed_in_the_edit_dialog_is_kept_and_offered_again(db: Path) -> None:
    meeting_id = fresh_meeting(db, 15, entries=3)
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=4)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("escape", "enter")  # the log, then edit the entry under the cursor
        await pilot.pause()
        assert isinstance(app.screen, EntryEditScreen)
        edited = app.screen.entry
        await pilot.press("end")
        await type_text(pilot, "(追記中)")
        await asyncio.sleep(1.3)  # the dialog's draft interval
        await pilot.pause()
        assert app.session is not None and app.session.drafts is not None
        app.session.drafts.flush()
        store = Store(db)
        try:
            draft = store.get_edit_draft(meeting_id)
        finally:
            store.close()
        assert draft is not None and draft["entry_id"] == edited.id
        assert draft["text"].endswith("(追記中)")
        app._drafts = lambda: None  # type: ignore[method-assign]  # as a crash: nothing more
    # The next start offers the dialog's text back, in the dialog.
    again = PiaMeetingApp(db, meeting_id=meeting_id, step=4)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, ConfirmScreen)
        assert "修正の途中" in again.screen.question
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(again.screen, EntryEditScreen)
        assert again.screen.start_text.endswith("(追記中)")
        await pilot.press("ctrl+s")
        await pilot.pause()
    texts = [e.text for e in stored(db, meeting_id)]
    assert any(text.endswith("(追記中)") for text in texts)
    store = Store(db)
    try:
        assert store.get_edit_draft(meeting_id) is None  # saved: no longer a draft
    finally:
        store.close()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_a_paste_with_escape_sequences_is_stored_whole_and_in_order(tmp_path: Path) -> None:
    db = tmp_path / "pia_meeting.db"
    meeting_id = fresh_meeting(db, 15)
    term = Terminal(db)
    try:
        term.wait_for("会議一覧")
        term.wait_for("第15回")
        mark = term.mark()
        term.send(b"\r")
        term.wait_for("傍聴人数", since=mark)
        term.send(b"\x1b[1;3C")
        term.pause(0.3)
        mark = term.mark()
        term.send(b"\x1b[1;3C")
        term.wait_for("ここに発言を入力", since=mark)
        # Copied from a coloured terminal: the colours' escape sequences come along.
        term.send(b"\x1b[200~ABC\x1b[31mDEF\x1b[0mGHI\x1b[201~")
        term.pause(0.5)
        term.send(b"\r")
        term.pause(1.0)
        term.send(b"\x11")
        assert term.process.wait(timeout=10) == 0
    finally:
        term.close()
    assert [e.text for e in stored(db, meeting_id)][-1] == "ABCDEFGHI"
    assert os.path.exists(db)
