"""Export file names and the one safe way to write an export (SPEC §4, §6).

Exports hold personal names: they are created mode 0600, written to a temporary file in the
target folder and moved into place, so that a crash never leaves half a 議事録 under the real
name, and an existing file is never replaced unless the user asked for it.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from pia_meeting.core.errors import FileExistsUserError, UserError
from pia_meeting.core.model import Meeting

FILE_MODE = 0o600
DEFAULT_FOLDER = Path("exports")
FORMATS = ("docx", "txt", "md")

KIND_MINUTES = "minutes"
KIND_PUBLIC = "public"
KIND_TOSHIN = "toshin"
_KIND_SUFFIX = {
    KIND_MINUTES: "議事録",
    KIND_PUBLIC: "議事録_公開用",
    KIND_TOSHIN: "答申書",
}


def check_format(fmt: str) -> str:
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise UserError(f"出力形式 {fmt} には対応していません(docx / txt / md)")
    return fmt


def default_export_name(meeting: Meeting, kind: str = KIND_MINUTES, fmt: str = "docx") -> str:
    """「第15回_2021-11-09_議事録.docx」, 「第15回_2021-11-09_議事録_公開用.docx」."""
    if kind not in _KIND_SUFFIX:
        raise ValueError(f"unknown export kind: {kind}")
    number = f"第{meeting.number}回" if meeting.number else f"会議{meeting.id or ''}"
    parts = [number, meeting.date or "", _KIND_SUFFIX[kind]]
    return "_".join(p for p in parts if p) + f".{check_format(fmt)}"


def resolve_target(name: str, out: Path | None, folder: Path) -> Path:
    """Where an export goes: `folder/name`, or `out` — and when `out` is an existing folder,
    `out/name`."""
    if out is None:
        return Path(folder) / name
    target = Path(out)
    return target / name if target.is_dir() else target


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "書き込み権限がありません"
    if exc.errno == errno.ENOSPC:
        return "ディスクの空き容量が足りません"
    if isinstance(exc, FileExistsError | NotADirectoryError):
        return "同じ名前のファイルがあり、フォルダとして使えません"
    return exc.strerror or str(exc)


def _ensure_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"出力先のフォルダを作成できません: {folder} ({_reason(exc)})") from None
    if not folder.is_dir():
        raise UserError(f"出力先のフォルダを作成できません: {folder} (フォルダではありません)")


def _exists_message(path: Path) -> str:
    return f"既にファイルがあります: {path} (上書きするには --force)"


def refuse_existing(path: Path, *, force: bool) -> None:
    """UserError when `path` cannot be written: a folder, or a file and no `force`."""
    if path.is_dir():
        raise UserError(f"出力先はフォルダです。ファイル名を指定してください: {path}")
    if path.exists() and not force:
        raise FileExistsUserError(_exists_message(path))


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every platform lets a folder be opened."""
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
        raise FileExistsUserError(_exists_message(path)) from None
    except OSError:
        # Filesystems without hard links (some network shares): check, then move.
        if path.exists():
            raise FileExistsUserError(_exists_message(path)) from None
        os.replace(tmp, path)
        return
    tmp.unlink()


def write_atomically(path: Path, write: Callable[[BinaryIO], None], *, force: bool = False) -> Path:
    """Write through `write(fileobj)` into `path`: mode 0600, all or nothing, and never over
    an existing file unless `force`. Problems the user can fix raise UserError (Japanese)."""
    path = Path(path)
    refuse_existing(path, force=force)  # before any work, so a refusal leaves nothing behind
    folder = path.parent
    _ensure_folder(folder)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UserError(f"出力先のフォルダに書き込めません: {folder} ({_reason(exc)})") from None
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, FILE_MODE)  # mkstemp already uses 0600; say so whatever the platform
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        _move_into_place(tmp, path, force=force)
        os.chmod(path, FILE_MODE)
    except OSError as exc:
        raise UserError(f"ファイルを書き込めません: {path} ({_reason(exc)})") from None
    finally:
        tmp.unlink(missing_ok=True)
    _sync_folder(folder)
    return path
