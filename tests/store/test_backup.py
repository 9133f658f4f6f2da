"""`pia-meeting backup` (SPEC §6, §8): an online, consistent, private, atomic copy."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
import threading
import time
from pathlib import Path

import pytest

from pia_meeting.cli import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, main
from pia_meeting.core.errors import UserError
from pia_meeting.core.model import Entry
from pia_meeting.services.demo import load_demo
from pia_meeting.store.backup import backup_database
from pia_meeting.store.facade import Store

COUNTER = "backup_test_writes"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "pia_meeting.db"
    store = Store(path)
    load_demo(store)
    store.close()
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _quick_check(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("PRAGMA quick_check")]
    finally:
        conn.close()


def test_cli_backup_writes_a_checked_private_single_file(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "backups" / "pia_meeting_backup.db"
    assert main(["backup", "--db", str(db), "--out", str(out)]) == EXIT_OK
    assert capsys.readouterr().out.strip() == str(out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert _quick_check(out) == ["ok"]
    assert out.read_bytes()[18:20] == b"\x01\x01"  # no WAL: the file is the whole backup
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]  # no temp left behind
    copy = Store(out)
    try:
        original = Store(db)
        try:
            (meeting,) = original.meetings()
            assert [e.text for e in copy.entries(meeting["id"])] == [
                e.text for e in original.entries(meeting["id"])
            ]
        finally:
            original.close()
    finally:
        copy.close()


def test_backup_refuses_an_existing_file_unless_forced(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "old_backup.db"
    out.write_bytes(b"an older backup")
    assert main(["backup", "--db", str(db), "--out", str(out)]) == EXIT_REFUSED
    assert "--force" in capsys.readouterr().err
    assert out.read_bytes() == b"an older backup"
    assert main(["backup", "--db", str(db), "--out", str(out), "--force"]) == EXIT_OK
    assert _quick_check(out) == ["ok"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_backup_refuses_to_write_over_the_database_itself(
    db: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store(db)  # open, so that the -wal and -shm exist
    try:
        before = _digest(db)
        # The same file under another spelling of its path.
        out = db.parent / ".." / db.parent.name / f"{db.name}{suffix}"
        code = main(["backup", "--db", str(db), "--out", str(out), "--force"])
        assert code == EXIT_REFUSED
        assert "データベースそのもの" in capsys.readouterr().err
        assert _digest(db) == before
    finally:
        store.close()


def test_backup_of_a_missing_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="ありません"):
        backup_database(tmp_path / "none.db", tmp_path / "out.db")
    assert not (tmp_path / "none.db").exists()  # a backup never creates a database


def test_backup_into_a_folder_gets_a_dated_name(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    written = backup_database(db, folder)
    assert written.parent == folder
    assert written.name.startswith("pia_meeting_") and written.suffix == ".db"


def test_backup_without_out_is_a_usage_error(db: Path) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["backup", "--db", str(db)])
    assert caught.value.code == EXIT_USAGE


def test_backup_while_the_app_writes_is_a_consistent_snapshot(db: Path, tmp_path: Path) -> None:
    """A writer commits an entry and a counter together, again and again; each backup taken
    meanwhile holds exactly as many of those entries as its counter says."""
    setup = Store(db)
    (meeting,) = setup.meetings()
    item_id = setup.agenda(meeting["id"])[0].id
    setup.close()
    stop = threading.Event()
    started = threading.Event()
    errors: list[BaseException] = []
    done: list[int] = []

    def write() -> None:
        store = Store(db)  # its own connection, as the app's thread has
        count = 0
        try:
            while not stop.is_set():
                with store.atomic():
                    store.add_entry(
                        Entry(meeting_id=meeting["id"], agenda_item_id=item_id, text=f"並行{count}")
                    )
                    count += 1
                    store.set_setting(COUNTER, str(count))
                if count >= 5:
                    started.set()
        except BaseException as exc:
            errors.append(exc)
        finally:
            done.append(count)
            started.set()
            store.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert started.wait(10)
        backups = []
        for i in range(5):
            backups.append(backup_database(db, tmp_path / f"snapshot{i}.db"))
            time.sleep(0.05)  # the writer goes on between the backups
    finally:
        stop.set()
        writer.join(10)
    assert not errors  # the backups never held the writer up past its busy timeout
    counts = []
    for backup in backups:
        assert _quick_check(backup) == ["ok"]
        copy = Store(backup)
        try:
            counted = int(copy.get_setting(COUNTER))
            texts = [e.text for e in copy.entries(meeting["id"]) if e.text.startswith("並行")]
        finally:
            copy.close()
        assert texts == [f"並行{i}" for i in range(counted)]
        counts.append(counted)
    assert 5 <= counts[0] < counts[-1] <= done[0]  # taken while the writer was writing
    assert counts == sorted(counts)
