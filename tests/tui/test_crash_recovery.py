"""Acceptance: `kill -9` while typing loses at most 2 seconds of typing (SPEC §6).

The real `pia-meeting` process runs in a pseudo-terminal, is driven with the bytes a terminal
sends, is killed with SIGKILL, and is started again on the same database.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
from pathlib import Path

import pytest

from pia_meeting.services.demo import load_demo
from pia_meeting.store.facade import Store
from tests.support.terminal import Terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

ENTER = b"\r"
ALT_RIGHT = b"\x1b[1;3C"  # what xterm sends for Alt+→ (next step)
CTRL_Q = b"\x11"
COMMITTED = "確定した発言として残るはずの一文です。"
TYPED = "持ち帰りの件について確認する"
SAVE_WAIT = 3.0  # past the 2-second loss bound, so the draft must be on disk


def _open_capture(term: Terminal, *, take_over: bool = False) -> int:
    """会議一覧 → Enter (会議情報) → Alt+→ twice (出欠, 議事); returns where 議事 began.
    `take_over`: the killed instance left its lock; confirm taking the meeting over."""
    term.wait_for("会議一覧")
    term.wait_for("国民健康保険")  # the demo meeting is listed and selected
    mark = term.mark()
    term.send(ENTER)
    if take_over:
        term.wait_for("引き継ぎますか", since=mark)
        mark = term.mark()
        term.send(b"y")
    term.wait_for("傍聴人数", since=mark)  # 会議情報
    term.send(ALT_RIGHT)
    term.pause(0.3)
    mark = term.mark()
    term.send(ALT_RIGHT)
    term.wait_for("ここに発言を入力", since=mark)
    return mark


def test_kill_9_while_typing_keeps_the_committed_entry_and_offers_the_draft(
    tmp_path: Path,
) -> None:
    db = tmp_path / "pia_meeting.db"
    store = Store(db)
    meeting_id = load_demo(store)
    entries_before = len(store.entries(meeting_id))
    store.close()

    term = Terminal(db)
    try:
        _open_capture(term)
        mark = term.mark()
        term.send(COMMITTED.encode())
        term.wait_for(COMMITTED, since=mark)
        mark = term.mark()
        term.send(ENTER)
        # The box is empty again (its placeholder shows) once the entry is stored.
        term.wait_for("ここに発言を入力", since=mark)
        term.send(TYPED.encode())  # no Enter: the text stays in the box
        term.pause(SAVE_WAIT)
        os.kill(term.process.pid, signal.SIGKILL)
        assert term.process.wait(timeout=10) == -signal.SIGKILL
    finally:
        term.close()

    store = Store(db)
    try:
        texts = [e.text for e in store.entries(meeting_id)]
        draft = store.get_draft(meeting_id)
    finally:
        store.close()
    assert len(texts) == entries_before + 1
    assert texts.count(COMMITTED) == 1
    assert draft is not None
    assert draft["text"] == TYPED

    term = Terminal(db)
    try:
        capture = _open_capture(term, take_over=True)
        term.wait_for("確定していない入力が残っています", since=capture)
        mark = term.mark()
        term.send(b"y")
        term.wait_for("入力途中の文章を復元しました", since=mark)
        term.send(CTRL_Q)
        assert term.process.wait(timeout=10) == 0
    finally:
        term.close()


def test_a_damaged_file_is_shown_then_left_with_the_reason_and_nothing_written(
    tmp_path: Path,
) -> None:
    # The first screen is drawn before the integrity check (which reads the whole file) has
    # finished; the check must still stop the app before anything writes, and say why.
    db = tmp_path / "pia_meeting.db"
    store = Store(db)
    load_demo(store)
    root = store.conn.execute(
        "select rootpage from sqlite_master where name = 'entries'"
    ).fetchone()[0]
    page_size = store.conn.execute("PRAGMA page_size").fetchone()[0]
    store.close()
    data = bytearray(db.read_bytes())
    start = (root - 1) * page_size
    data[start + 8 : start + page_size] = bytes(range(256)) * ((page_size - 8) // 256)
    db.write_bytes(bytes(data))
    folder_before = sorted(p.name for p in tmp_path.iterdir())

    term = Terminal(db)
    try:
        term.wait_for("データベースが壊れています")
        assert term.process.wait(timeout=10) == 1
        assert "Traceback" not in term.text()
        assert "バックアップ" in term.text()
    finally:
        term.close()
    assert db.read_bytes() == bytes(data)
    assert sorted(p.name for p in tmp_path.iterdir()) == folder_before  # no -wal, no -shm


def _damage_page(db: Path, page: int, *, cells_only: bool) -> bytes:
    """Overwrite a page after its 8-byte header (its cell pointers and cells), or only the
    last 300 bytes, where its cells are (the page still reads as a page, its rows do not)."""
    conn = sqlite3.connect(db)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(db.read_bytes())
    start, end = (page - 1) * page_size, page * page_size
    if cells_only:
        data[end - 300 : end] = b"\xff" * 300
    else:
        data[start + 8 : end] = bytes(range(256)) * ((page_size - 8) // 256)
    db.write_bytes(bytes(data))
    return bytes(data)


@pytest.mark.parametrize(
    ("damaged", "shown"),
    [
        # A page the meeting list does not read: the list shows, then the check stops the app.
        ("search_docs", "国民健康保険"),
        # The meetings' rows: the list cannot be read, so the store is asked for it and
        # waits for the check, which fails: the app must leave with the reason, not hang.
        ("meetings", None),
    ],
)
def test_a_file_damaged_where_the_start_does_not_look_is_left_with_the_reason(
    tmp_path: Path, damaged: str, shown: str | None
) -> None:
    db = tmp_path / "pia_meeting.db"
    store = Store(db)
    load_demo(store)
    page = store.conn.execute(
        "select pageno from dbstat where name = ? and pagetype = 'leaf' order by pageno desc",
        (damaged,),
    ).fetchone()[0]
    store.close()
    data = _damage_page(db, page, cells_only=damaged == "meetings")
    folder_before = sorted(p.name for p in tmp_path.iterdir())

    term = Terminal(db)
    try:
        if shown is not None:
            term.wait_for(shown)
        term.wait_for("データベースが壊れています")
        assert term.process.wait(timeout=10) == 1
        assert "Traceback" not in term.text()
    finally:
        term.close()
    assert db.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == folder_before  # no -wal, no -shm


def test_quitting_from_the_meeting_list_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "pia_meeting.db"
    store = Store(db)
    load_demo(store)
    store.close()
    folder_before = sorted(p.name for p in tmp_path.iterdir())
    term = Terminal(db)
    try:
        term.wait_for("国民健康保険")
        term.pause(1.0)  # the integrity check runs once the list is up
        term.send(CTRL_Q)
        assert term.process.wait(timeout=10) == 0
    finally:
        term.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == folder_before
