"""Export formats and file names (SPEC §4). Writing goes through `store.files`: mode 0600,
atomic, never over an existing file unless asked."""

from __future__ import annotations

import os
from pathlib import Path

from pia_meeting.core.errors import UserError
from pia_meeting.core.model import Meeting

DEFAULT_FOLDER = Path("exports")
FORMATS = ("docx", "txt", "md", "json")

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
        raise UserError(f"出力形式 {fmt} には対応していません(docx / txt / md / json)")
    return fmt


def default_export_name(meeting: Meeting, kind: str = KIND_MINUTES, fmt: str = "docx") -> str:
    """「第15回_2021-11-09_議事録.docx」, 「第15回_2021-11-09_議事録_公開用.docx」."""
    if kind not in _KIND_SUFFIX:
        raise ValueError(f"unknown export kind: {kind}")
    number = f"第{meeting.number}回" if meeting.number else f"会議{meeting.id or ''}"
    parts = [number, meeting.date or "", _KIND_SUFFIX[kind]]
    return "_".join(p for p in parts if p) + f".{check_format(fmt)}"


def names_a_folder(out: str | Path) -> bool:
    """`out` is meant as a folder: it is one, or it was typed ending in a separator
    (「--out 新しいフォルダ/」, which is created)."""
    return Path(out).is_dir() or str(out).endswith(("/", os.sep))


def resolve_target(name: str, out: str | Path | None, folder: Path) -> Path:
    """Where an export goes: `folder/name`, or `out` — and when `out` names a folder
    (`names_a_folder`), `out/name`."""
    if out is None:
        return Path(folder) / name
    return Path(out) / name if names_a_folder(out) else Path(out)
