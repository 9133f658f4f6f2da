"""Files that hold personal names, written safely (SPEC §4, §6): mode 0600, into a temporary
file beside the target that is moved into place only when complete, so that a crash never
leaves half a file under the real name, and an existing file is never replaced unless the
caller asks. Exports (議事録, 答申書) and backups share it."""

from __future__ import annotations

import errno
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from pia_meeting.core.errors import FileExistsUserError, UserError

FILE_MODE = 0o600
FOLDER_MODE = 0o700  # data/ and exports/ hold the same names as the files in them
# In the name of every file being written, so that one a crash left behind is known as ours
# and taken away by the next run: 「.第15回_…_議事録.docx.pia-partial-4242-k3j2.tmp」.
PARTIAL_MARK = ".pia-partial-"
LEFTOVER_AGE = 24 * 3600.0  # seconds: no export or backup takes a day


def make_private_folders(folder: Path) -> None:
    """Create `folder` and the missing folders above it, mode 0700 whatever the umask (on
    Windows the mode means nothing: the folder's place and its access rights protect it)."""
    missing: list[Path] = []
    probe = folder
    while not probe.exists() and probe.parent != probe:
        missing.append(probe)
        probe = probe.parent
    for created in reversed(missing):
        created.mkdir(mode=FOLDER_MODE, exist_ok=True)
        os.chmod(created, FOLDER_MODE)


def remove_leftovers(folder: Path) -> list[Path]:
    """Take away the partial files (and their SQLite companions) that an export or backup
    killed half-way left in `folder`: those of a process that is gone, or a day old."""
    from pia_meeting.store.processes import running

    removed: list[Path] = []
    try:
        candidates = [p for p in folder.iterdir() if PARTIAL_MARK in p.name]
    except OSError:
        return removed
    for path in candidates:
        pid_text = path.name.split(PARTIAL_MARK, 1)[1].split("-", 1)[0]
        try:
            old = time.time() - path.stat().st_mtime > LEFTOVER_AGE
        except OSError:
            continue
        if old or not (pid_text.isdigit() and running(int(pid_text))):
            try:
                path.unlink()
            except OSError:
                continue
            removed.append(path)
    return removed


def reason(exc: OSError) -> str:
    """Why an OS call failed, as the user can act on it (Japanese)."""
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "書き込み権限がありません"
    if exc.errno == errno.ENOSPC:
        return "ディスクの空き容量が足りません"
    if isinstance(exc, FileExistsError | NotADirectoryError):
        return "同じ名前のファイルがあり、フォルダとして使えません"
    return exc.strerror or str(exc)


def ensure_folder(folder: Path) -> None:
    try:
        make_private_folders(folder)
    except OSError as exc:
        raise UserError(f"出力先のフォルダを作成できません: {folder} ({reason(exc)})") from None
    if not folder.is_dir():
        raise UserError(f"出力先のフォルダを作成できません: {folder} (フォルダではありません)")


def _exists_message(path: Path) -> str:
    return f"既にファイルがあります: {path}"


def refuse_existing(path: Path, *, force: bool) -> None:
    """UserError when `path` cannot be written: a folder, or a file and no `force`."""
    if path.is_dir():
        raise UserError(f"出力先はフォルダです。ファイル名を指定してください: {path}")
    if path.exists() and not force:
        raise FileExistsUserError(_exists_message(path), path)


def sync_folder(folder: Path) -> None:
    """Make a rename itself durable; not every platform lets a folder be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _move_into_place(tmp: Path, path: Path, *, force: bool) -> None:
    if force:
        os.replace(tmp, path)
        return
    # A hard link fails when the name is taken, so the no-overwrite check and the move are
    # one step: nothing can appear at `path` between the check and the write.
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise FileExistsUserError(_exists_message(path), path) from None
    except OSError:
        # Filesystems without hard links (some network shares): check, then move.
        if path.exists():
            raise FileExistsUserError(_exists_message(path), path) from None
        os.replace(tmp, path)
        return
    tmp.unlink()


@contextmanager
def atomic_path(path: Path, *, force: bool = False) -> Iterator[Path]:
    """A temporary file (mode 0600) beside `path` to write into; when the block ends without
    an error it is synced and moved to `path`, never over an existing file unless `force`.
    The temporary file is gone afterwards either way."""
    path = Path(path)
    refuse_existing(path, force=force)  # before any work, so a refusal leaves nothing behind
    folder = path.parent
    ensure_folder(folder)
    remove_leftovers(folder)
    prefix = f".{path.name}{PARTIAL_MARK}{os.getpid()}-"
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UserError(f"出力先のフォルダに書き込めません: {folder} ({reason(exc)})") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, FILE_MODE)  # mkstemp already uses 0600; say so whatever the platform
        yield tmp
        _fsync(tmp)
        _move_into_place(tmp, path, force=force)
        os.chmod(path, FILE_MODE)
    except OSError as exc:
        raise UserError(f"ファイルを書き込めません: {path} ({reason(exc)})") from None
    finally:
        tmp.unlink(missing_ok=True)
    sync_folder(folder)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(
    path: Path, write: Callable[[BinaryIO], object], *, force: bool = False
) -> Path:
    """Write through `write(fileobj)` into `path`: mode 0600, all or nothing, and never over
    an existing file unless `force`. Problems the user can fix raise UserError (Japanese)."""
    path = Path(path)
    with atomic_path(path, force=force) as tmp, open(tmp, "wb") as handle:
        write(handle)
    return path
