"""`pia-meeting doctor`: what a help desk on a closed network asks for, in one screenful that
can be pasted into a mail (SPEC §8). Reads; never creates or changes a file."""

from __future__ import annotations

import os
import platform
import shutil
import sqlite3
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TextIO

import pia_meeting
from pia_meeting.core.text import display_width
from pia_meeting.store.integrity import connect_read_only
from pia_meeting.store.schema import SCHEMA_VERSION, pending_migrations


@dataclass(frozen=True)
class Line:
    label: str
    value: str


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "未インストール"


def versions() -> list[Line]:
    return [
        Line("pia-meeting", pia_meeting.__version__),
        Line(
            "Python",
            f"{platform.python_version()} ({platform.python_implementation()}, "
            f"{platform.platform()})",
        ),
        Line("Textual", _version("textual")),
        Line("python-docx", _version("python-docx")),
        Line("SQLite", sqlite3.sqlite_version),
    ]


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{size / 1024:.0f} KB"


def database(path: Path) -> list[Line]:
    """Where the database is and what state it is in, read through a read-only connection
    (a missing file is reported, not created)."""
    shown = str(path.absolute())
    if not path.exists():
        return [Line("データベース", f"{shown} (まだありません。初回の起動で作成されます)")]
    if path.is_dir():
        return [Line("データベース", f"{shown} (フォルダです。ファイル名を指定してください)")]
    lines = [Line("データベース", f"{shown} ({_size(path)})")]
    try:
        conn = connect_read_only(path, 2.0)
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            state = "更新が必要(次の起動で更新)" if pending_migrations(conn) else "最新"
            lines.append(Line("スキーマ", f"{version}/{SCHEMA_VERSION} ({state})"))
            check = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
            lines.append(Line("整合性", "ok" if check == ["ok"] else "; ".join(check[:3])))
            if not pending_migrations(conn):
                count = conn.execute("select count(*) from meetings").fetchone()[0]
                lines.append(Line("会議", f"{count}件"))
        finally:
            conn.close()
    except sqlite3.Error as exc:
        lines.append(Line("整合性", f"読めません ({exc})"))
    return lines


def _writable(folder: Path) -> str:
    probe = folder
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent  # the folder is created on the first export: ask its parent
    if os.access(probe, os.W_OK):
        return "書き込み可" if probe == folder else "書き込み可(初回の出力で作成)"
    return "書き込み不可"


def exports(folder: Path) -> list[Line]:
    return [Line("出力先", f"{folder.absolute()} ({_writable(folder)})")]


def _colours(environ: Mapping[str, str]) -> str:
    if environ.get("NO_COLOR"):
        return "なし (NO_COLOR)"
    colorterm = environ.get("COLORTERM", "")
    if colorterm in ("truecolor", "24bit"):
        return f"フルカラー (COLORTERM={colorterm})"
    if environ.get("WT_SESSION"):
        return "フルカラー (Windows Terminal)"
    term = environ.get("TERM", "")
    if "256color" in term:
        return f"256色 (TERM={term})"
    return f"標準 (TERM={term or '未設定'})"


def terminal(
    stdout: TextIO, environ: Mapping[str, str], console_code_page: int | None = None
) -> list[Line]:
    columns, rows = shutil.get_terminal_size((0, 0))
    size = f"{columns}×{rows}" if columns else "不明(端末ではありません)"
    if columns and (columns < 80 or rows < 24):
        size += " (80×24 以上が必要です)"
    encoding = f"出力 {stdout.encoding}"
    if console_code_page is not None:
        encoding += f"、コンソール CP{console_code_page}"
    return [
        Line("端末", f"{size}、{'端末' if stdout.isatty() else 'パイプ/ファイル'}"),
        Line("色", _colours(environ)),
        Line("文字コード", encoding),
    ]


def windows_console_code_page() -> int | None:
    """The console's output code page on Windows (CP932 on a Japanese PC); None elsewhere."""
    if sys.platform != "win32":
        return None
    import ctypes

    return int(ctypes.windll.kernel32.GetConsoleOutputCP())


def report(db: Path, export_folder: Path, stdout: TextIO, environ: Mapping[str, str]) -> str:
    lines = [
        *versions(),
        *database(db),
        *exports(export_folder),
        *terminal(stdout, environ, windows_console_code_page()),
    ]
    width = max(display_width(line.label) for line in lines)
    return "\n".join(
        f"{line.label}{' ' * (width - display_width(line.label))}  {line.value}" for line in lines
    )
