"""What must be known before the database is opened for writing — where it is, and whether
it is sound — kept free of heavy imports, so that the check can start at once, on its own
thread, while the screen is being built (SPEC §6, §9)."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from pia_meeting.core.errors import UserError

DEFAULT_DB = Path("data") / "pia_meeting.db"
DB_ENV = "PIA_MEETING_DB"


def resolve_db_path(cli_value: str | os.PathLike[str] | None) -> Path:
    """--db wins, then PIA_MEETING_DB, then data/pia_meeting.db under the current folder."""
    if cli_value:
        return Path(cli_value)
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env)
    return DEFAULT_DB


# How long a write waits for another program's transaction before giving up (SPEC §6).
BUSY_TIMEOUT = 5.0


class DatabaseBusyError(UserError):
    """Another connection held the database longer than the busy timeout."""


def busy_message(path: str) -> str:
    return (
        f"データベースが他の処理で使用中です: {path}"
        "(別の画面で開いている pia-meeting や、実行中のバックアップなど)。"
        "しばらく待ってから、もう一度操作してください。"
    )


def is_busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(exc) or "busy" in str(exc)


def _restore_hint(path: Path) -> str:
    return (
        "アプリを閉じ、このファイル(と、名前の後に -wal・-shm が付いたファイル)を別の名前に"
        "変えてから、pia-meeting backup で作ったバックアップを元の場所 "
        f"{path} にコピーしてください(README「バックアップと復元」)。"
    )


def _remove_if_new_and_empty(companions: dict[Path, bool]) -> None:
    """Take away the -wal/-shm that the read-only check itself created next to a damaged file,
    so that the folder is left as it was found."""
    wal = next(p for p in companions if p.name.endswith("-wal"))
    if companions[wal] or not wal.exists() or wal.stat().st_size:
        return
    for companion, existed in companions.items():
        if not existed:
            companion.unlink(missing_ok=True)


def companion_files(path: Path) -> dict[Path, bool]:
    """The -wal and -shm files next to `path`, and whether each exists now."""
    return {
        companion: companion.exists()
        for companion in (Path(f"{path}{suffix}") for suffix in ("-wal", "-shm"))
    }


class DiskFullError(UserError):
    """The disk (or the database's size limit) has no room for what was to be written."""


class WriteFailedError(UserError):
    """The file could not be written (an I/O error, a file gone or damaged meanwhile)."""


# SQLite's primary result codes of a write the file system refused.
_FULL = (sqlite3.SQLITE_FULL,)
_WRITE_FAILED = (
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_CORRUPT,
    sqlite3.SQLITE_NOTADB,
)


def write_error(exc: sqlite3.Error, path: str) -> UserError | None:
    """The Japanese error for a write the file system refused; None for other errors,
    which are the program's and stay as they are."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if code in _FULL:
        return DiskFullError(
            f"ディスクの空き容量が足りないため、保存できませんでした: {path}。"
            "空きを作ってから、もう一度操作してください(入力中の文章は消えていません)。"
        )
    if code == sqlite3.SQLITE_READONLY:
        return ReadOnlyDatabaseError(read_only_message(path))
    if code in _WRITE_FAILED:
        return WriteFailedError(
            f"データベースに書き込めませんでした: {path} ({exc})。"
            "ファイルの置き場所(共有フォルダ、USBメモリなど)を確かめてください。"
        )
    return None


class ReadOnlyDatabaseError(UserError):
    """A write to a database this user may only read."""


def read_only_message(path: str) -> str:
    return (
        f"このデータベースには書き込めません(読み取り専用で開いています): {path}。"
        "表示・検索・出力はできます。編集するには、ファイルとフォルダの書き込み権限を確かめてください。"
    )


def is_writable(path: Path) -> bool:
    """Whether this user may write the database and create its -wal/-shm beside it. A file
    without write permission, or in a folder that cannot be written (a read-only share), is
    opened read-only. A file still to be created is writable until creating it fails."""
    if not path.exists():
        return True
    folder = path.absolute().parent
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK)


def connect_read_only(path: Path, busy_timeout: float = BUSY_TIMEOUT) -> sqlite3.Connection:
    """A connection that cannot write to the file (it may create an empty -wal/-shm)."""
    uri = f"{path.absolute().as_uri()}?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=busy_timeout)


def check_integrity(
    path: Path, busy_timeout: float, *, companions: dict[Path, bool] | None = None
) -> None:
    """PRAGMA quick_check through a read-only connection, before anything writes to the file
    (migrations, the switch to WAL): a damaged file is left exactly as it was, for recovery.
    `companions`: which of -wal/-shm existed before anything opened the file (by default,
    now), so that those opening it created are taken away again when it is damaged."""
    if path.is_dir():
        raise UserError(
            f"データベースの場所にフォルダがあります: {path}。"
            "--db (または PIA_MEETING_DB) にはファイルの名前を指定してください。"
        )
    if companions is None:
        companions = companion_files(path)
    try:
        conn = connect_read_only(path, busy_timeout)
    except sqlite3.Error as exc:
        raise UserError(f"データベースを開けません: {path} ({exc})") from None
    try:
        problems = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):
            raise DatabaseBusyError(busy_message(str(path))) from None
        if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_NOTADB:
            problems = ["not a database"]
        elif isinstance(exc, sqlite3.OperationalError):  # unreadable: permissions, I/O
            raise UserError(f"データベースを開けません: {path} ({exc})") from None
        else:
            problems = [str(exc)]
    finally:
        conn.close()
    if problems == ["ok"]:
        return
    _remove_if_new_and_empty(companions)
    if problems == ["not a database"]:
        raise UserError(
            f"このファイルは pia-meeting のデータベースではありません: {path}"
            "(SQLite のデータベースとして読めません)。ファイルには何も書き込んでいません。"
            "--db で指定したファイルを確認してください。データベースのファイルが壊れた場合は、"
            + _restore_hint(path)
        )
    raise UserError(
        f"データベースが壊れています: {path}(起動時の検査で見つかった問題: "
        f"{'; '.join(problems[:3])})。ファイルには何も書き込んでいません。復元するには、"
        + _restore_hint(path)
    )


class BackgroundCheck:
    """`check_integrity` on its own thread (SQLite releases the GIL while it reads), so that
    nothing waits for it until something is about to write. `on_failure` is called on that
    thread with the error when the file is not sound."""

    def __init__(
        self,
        path: Path,
        busy_timeout: float = BUSY_TIMEOUT,
        *,
        on_failure: Callable[[UserError], None] | None = None,
        start: bool = True,
    ) -> None:
        """`start=False`: note the file's -wal/-shm now, run the check at `start()`; what
        reads the file in between is then cleaned up after like the check itself."""
        self._error: UserError | None = None
        self._thread: threading.Thread | None = None
        self.on_failure = on_failure
        self._started = threading.Lock()
        if path.exists() or path.is_symlink():
            self._thread = threading.Thread(
                target=self._run,
                args=(path, busy_timeout, companion_files(path)),
                name="integrity",
                daemon=True,
            )
            if start:
                self.start()

    def start(self) -> None:
        """Start the check (once; later calls do nothing)."""
        if self._thread is not None and self._started.acquire(blocking=False):
            self._thread.start()

    def _run(self, path: Path, busy_timeout: float, companions: dict[Path, bool]) -> None:
        try:
            check_integrity(path, busy_timeout, companions=companions)
        except UserError as exc:
            self._error = exc
        except Exception as exc:  # a check that could not run is not a pass
            self._error = UserError(f"データベースを確認できません: {path} ({exc})")
        if self._error is not None and self.on_failure is not None:
            self.on_failure(self._error)

    @property
    def passed(self) -> bool:
        """The check has finished and found the file sound (or there was no file)."""
        finished = self._thread is None or (self._started.locked() and not self._thread.is_alive())
        return finished and self._error is None

    def result(self) -> None:
        """Wait for the check (starting it if need be); raise its UserError when the file is
        not sound."""
        self.start()
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error
