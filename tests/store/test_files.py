"""Files with personal names: folders made private whatever the umask, and what an export
or backup killed half-way left behind taken away by the next run."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pia_meeting.store.backup import backup_database
from pia_meeting.store.facade import Store
from pia_meeting.store.files import PARTIAL_MARK, remove_leftovers, write_atomically


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
@pytest.mark.usefixtures("open_umask")
def test_folders_are_created_private_under_umask_000(tmp_path: Path) -> None:
    Store(tmp_path / "data" / "sub" / "pia_meeting.db").close()
    assert _mode(tmp_path / "data") == 0o700 and _mode(tmp_path / "data" / "sub") == 0o700
    write_atomically(tmp_path / "exports" / "第1回.txt", lambda handle: handle.write(b"x"))
    assert _mode(tmp_path / "exports") == 0o700
    assert _mode(tmp_path / "exports" / "第1回.txt") == 0o600


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_the_next_write_takes_away_what_a_killed_one_left(tmp_path: Path) -> None:
    dead = _dead_pid()
    left = [
        tmp_path / f".第15回_議事録.docx{PARTIAL_MARK}{dead}-k3j2.tmp",
        tmp_path / f".b.db{PARTIAL_MARK}{dead}-x9.tmp",
        tmp_path / f".b.db{PARTIAL_MARK}{dead}-x9.tmp-wal",
        tmp_path / f".b.db{PARTIAL_MARK}{dead}-x9.tmp-shm",
    ]
    alive = tmp_path / f".他の画面.docx{PARTIAL_MARK}{os.getpid()}-aa.tmp"  # still being written
    mine = tmp_path / "手で置いた.tmp"
    for path in [*left, alive, mine]:
        path.write_bytes(b"half a file")
    write_atomically(tmp_path / "第16回_議事録.txt", lambda handle: handle.write(b"ok"))
    assert not any(p.exists() for p in left)
    assert alive.exists() and mine.exists()
    assert remove_leftovers(tmp_path) == []


def test_a_backup_leaves_only_the_copy(tmp_path: Path) -> None:
    db = tmp_path / "pia_meeting.db"
    Store(db).close()
    out = backup_database(db, tmp_path / "backups" / "b.db")
    assert sorted(p.name for p in out.parent.iterdir()) == ["b.db"]
