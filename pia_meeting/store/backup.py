"""Online backup of the database (SPEC §6, §8: `pia-meeting backup --out PATH`).

SQLite's backup API copies the database while the app keeps running: the whole copy is one
read transaction, which in WAL mode neither waits for the app's writes nor holds them up, so
the backup is a consistent snapshot of one moment. The copy goes to a temporary file (mode
0600: it holds personal names) next to the target, is checked with quick_check, turned into a
single self-contained file and only then moved into place, so a half-written backup never
carries the real name, and an existing file is never replaced without `force`.

Restoring is a file copy with the app closed; see README 「バックアップと復元」.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from pia_meeting.core.errors import UserError
from pia_meeting.store.files import atomic_path, reason
from pia_meeting.store.integrity import (
    BUSY_TIMEOUT,
    DatabaseBusyError,
    DiskFullError,
    busy_message,
    is_busy,
    write_error,
)

# The files SQLite keeps next to a database: a backup must never land on one of them.
_COMPANIONS = ("", "-wal", "-shm", "-journal")


def default_backup_name(now: dt.datetime | None = None) -> str:
    """「pia_meeting_20211109-1530.db」: sorts by time in a folder listing."""
    return f"pia_meeting_{(now or dt.datetime.now()):%Y%m%d-%H%M%S}.db"


def _is_database_file(db: Path, out: Path) -> bool:
    target = out.resolve()
    for suffix in _COMPANIONS:
        companion = Path(f"{db}{suffix}")
        if target == companion.resolve():
            return True
        if out.exists() and companion.exists() and os.path.samefile(out, companion):
            return True  # the same file under another name (a hard link)
    return False


def _copy(db: Path, tmp: Path, busy_timeout: float) -> None:
    # Read-only: a backup never writes to the database it copies.
    source = sqlite3.connect(f"{db.absolute().as_uri()}?mode=ro", uri=True, timeout=busy_timeout)
    try:
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)  # pages=-1: all in one step, so one consistent snapshot
            problems = [row[0] for row in target.execute("PRAGMA quick_check").fetchall()]
            if problems != ["ok"]:
                raise UserError(
                    f"データベースに問題があるため、バックアップを作れませんでした: {db}"
                    f"({'; '.join(problems[:3])})。以前のバックアップを残しておいてください。"
                )
            # The copy carries the WAL flag of the source; one file is what a backup should be.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    finally:
        source.close()


def backup_database(
    db_path: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    force: bool = False,
    busy_timeout: float = BUSY_TIMEOUT,
) -> Path:
    """Copy the database at `db_path` to `out` (a file, or a folder to put a dated file in).
    Returns the path written. Problems the user can fix raise UserError (Japanese)."""
    db = Path(db_path)
    into_folder = Path(out).is_dir() or str(out).endswith(("/", os.sep))  # 「--out 新規/」
    out = Path(out)
    if not db.is_file():
        raise UserError(f"バックアップするデータベースがありません: {db}")
    if into_folder:
        out = out / default_backup_name()
    if _is_database_file(db, out):
        raise UserError(
            f"バックアップの出力先がデータベースそのものです: {out}。別の場所を指定してください。"
        )
    try:
        with atomic_path(out, force=force) as tmp:
            try:
                _copy(db, tmp, busy_timeout)
            finally:
                for companion in ("-journal", "-wal", "-shm"):  # none is left beside a copy
                    Path(f"{tmp}{companion}").unlink(missing_ok=True)
    except sqlite3.Error as exc:
        if is_busy(exc):
            raise DatabaseBusyError(busy_message(str(db))) from None
        if isinstance(write_error(exc, str(out)), DiskFullError):
            raise DiskFullError(
                f"ディスクの空き容量が足りないため、バックアップを作れませんでした: {out}"
            ) from None
        raise UserError(f"バックアップを作れませんでした: {db} ({exc})") from None
    except OSError as exc:
        raise UserError(f"バックアップを書き込めません: {out} ({reason(exc)})") from None
    return out
