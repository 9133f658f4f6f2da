"""Storage reliability (SPEC §6): the start-up check, a database held by another program, and
private file modes whatever the umask."""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pia_meeting.core.errors import UserError
from pia_meeting.core.model import Entry
from pia_meeting.services.demo import load_demo
from pia_meeting.store.backup import backup_database
from pia_meeting.store.facade import DatabaseBusyError, Store
from pia_meeting.store.files import write_atomically

BUSY = "データベースが他の処理で使用中です"
SHORT = 0.3  # seconds: the busy timeout for these tests (the app waits 5)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@contextmanager
def _umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


@contextmanager
def _held(db: Path) -> Iterator[sqlite3.Connection]:
    """Another connection inside a write transaction, as a second program would hold it."""
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield other
    finally:
        other.execute("ROLLBACK")
        other.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "pia_meeting.db"
    store = Store(path)
    load_demo(store)
    store.close()
    return path


# -- the start-up check ------------------------------------------------------------------------


def test_a_healthy_database_passes_the_start_up_check(db: Path) -> None:
    store = Store(db)
    try:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        store.close()


def test_a_folder_given_as_the_database_is_called_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    with pytest.raises(UserError) as caught:
        Store(folder)
    message = str(caught.value)
    assert "フォルダ" in message
    assert "壊れ" not in message
    assert list(folder.iterdir()) == []


def test_an_empty_file_is_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    Store(path).close()  # zero bytes is what SQLite calls an empty database


def test_the_check_reads_what_is_only_in_the_wal(db: Path) -> None:
    # A writer that has not checkpointed (still running, or killed) has its commits in the -wal.
    writer = sqlite3.connect(db)
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("insert into settings (key, value) values ('after_crash', 'kept')")
    writer.commit()
    assert Path(f"{db}-wal").stat().st_size > 0
    store = Store(db)
    try:
        assert store.get_setting("after_crash") == "kept"
    finally:
        store.close()
        writer.close()


# -- a database held by another program --------------------------------------------------------


def test_a_write_waits_for_the_busy_timeout_then_says_so_in_japanese(db: Path) -> None:
    store = Store(db, busy_timeout=SHORT)
    try:
        with _held(db):
            started = time.monotonic()
            with pytest.raises(DatabaseBusyError) as caught:
                store.set_setting("k", "v")
            waited = time.monotonic() - started
        assert isinstance(caught.value, UserError)  # the CLI and the screens show it as is
        assert BUSY in str(caught.value)
        assert waited >= SHORT * 0.9
        assert not store.db.conn.in_transaction
        store.set_setting("k", "v")  # once the other program is done, writing works again
        assert store.get_setting("k") == "v"
    finally:
        store.close()


def test_every_write_path_gets_the_busy_message(db: Path) -> None:
    store = Store(db, busy_timeout=SHORT)
    try:
        (meeting,) = store.meetings()
        item = store.agenda(meeting["id"])[0]
        writes = [
            lambda: store.add_entry(
                Entry(meeting_id=meeting["id"], agenda_item_id=item.id, text="発言")
            ),
            lambda: store.save_draft(meeting["id"], item.id, "入力中", "質問", None),
            lambda: store.clear_draft(meeting["id"]),
            lambda: store.delete_meeting(meeting["id"]),
        ]
        with _held(db):
            for write in writes:
                with pytest.raises(DatabaseBusyError, match=BUSY):
                    write()
        assert len(store.meetings()) == 1  # nothing was half written
    finally:
        store.close()


def test_opening_an_up_to_date_database_needs_no_write_lock(db: Path) -> None:
    with _held(db):
        store = Store(db, busy_timeout=SHORT)  # reading works while the other one writes
        try:
            assert len(store.meetings()) == 1
        finally:
            store.close()


def test_a_migration_blocked_by_another_program_is_a_busy_message(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("create table other (x)")
    conn.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseBusyError, match=BUSY):
            Store(path, busy_timeout=SHORT)
    finally:
        conn.execute("ROLLBACK")
        conn.close()


# -- file modes ----------------------------------------------------------------------------------


@pytest.mark.parametrize("mask", [0o022, 0o000], ids=["umask022", "umask000"])
def test_database_wal_shm_backup_and_export_are_private(tmp_path: Path, mask: int) -> None:
    db = tmp_path / "data" / "pia_meeting.db"
    with _umask(mask):
        store = Store(db)
        try:
            load_demo(store)  # writes go to the -wal; the -shm exists while a connection is open
            wal, shm = Path(f"{db}-wal"), Path(f"{db}-shm")
            assert wal.exists() and shm.exists()
            assert {p.name: _mode(p) for p in (db, wal, shm)} == {
                db.name: 0o600,
                wal.name: 0o600,
                shm.name: 0o600,
            }
            backup = backup_database(db, tmp_path / "backups" / "copy.db")
            export = write_atomically(tmp_path / "exports" / "議事録.txt", lambda f: f.write(b"x"))
        finally:
            store.close()
    assert _mode(backup) == 0o600
    assert _mode(export) == 0o600
