"""The first stage: a minutes file → its text.

Each kind of file has its reader in READERS, chosen by the file's suffix: .txt here,
.docx in read_docx.py. A reader for another kind (a PDF's text layer, say) is a module of
its own and a row in READERS; the later stages only ever see text.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

from pia_meeting.core.errors import UserError
from pia_meeting.imports.read_docx import docx_text


def decode_text(path: Path, data: bytes) -> str:
    """A text file's characters: UTF-8 (with or without BOM), UTF-16 with BOM, or CP932
    (Shift_JIS)."""
    if data.startswith(codecs.BOM_UTF8):
        candidates: tuple[tuple[str, bytes], ...] = (("utf-8", data[len(codecs.BOM_UTF8) :]),)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = (("utf-16", data),)
    elif b"\x00" in data:
        raise UserError(f"{path}: テキストファイルではないようです(バイナリが含まれています)")
    else:
        # Valid UTF-8 is almost never valid-looking Japanese CP932 by accident: try it first.
        candidates = (("utf-8", data), ("cp932", data))
    for encoding, payload in candidates:
        try:
            return payload.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserError(
        f"{path}: 文字コードを判別できません(UTF-8 または Shift_JIS で保存してください)"
    )


# Suffix (lower case) → reader of the file's bytes; a reader raises UserError naming the file.
READERS: dict[str, Callable[[Path, bytes], str]] = {
    ".txt": decode_text,
    ".docx": docx_text,
}
SUPPORTED_SUFFIXES = tuple(READERS)


def read_minutes_file(path: Path) -> str:
    """The text of a minutes file.

    .txt: see `decode_text`. .docx: see `read_docx.docx_text`.
    Anything else, or a file that cannot be read, is a UserError naming the file.
    """
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UserError(
            f"{path}: 取り込めるのは .txt と .docx のファイルです(この形式には対応していません)"
        )
    if not path.exists():
        raise UserError(f"{path}: ファイルが見つかりません")
    if not path.is_file():
        raise UserError(f"{path}: ファイルではありません")
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = "読み取り権限がありません" if isinstance(exc, PermissionError) else exc.strerror
        raise UserError(f"{path}: ファイルを読めません({reason})") from None
    return reader(path, data)
