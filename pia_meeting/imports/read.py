"""The first stage: a minutes file → its text.

Each kind of file has its reader in READERS, chosen by the file's suffix: .txt here,
.docx in read_docx.py, .pdf (its text layer) in read_pdf.py. A reader for another kind is
a module of its own and a row in READERS; the later stages only ever see text.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from pathlib import Path

from pia_meeting.core.errors import UserError
from pia_meeting.imports.read_docx import docx_text
from pia_meeting.imports.read_pdf import pdf_text

# A text file's NUL bytes beyond this share make it a binary file, not a text with a stray NUL.
MAX_NUL_SHARE = 0.01
_ISO_2022_JP = (b"\x1b$B", b"\x1b$@", b"\x1b(J", b"\x1b(I", b"\x1b$(D", b"\x1b$(Q")
_PLAUSIBLE = re.compile(
    "[\u0020-\u007e\t\n\r\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef\u2010-\u2312"
    "\u2460-\u24ff\u25a0-\u25ff\u3200-\u33ff\u00a0-\u00ff\uf900-\ufaff]"
)


def decode_text(path: Path, data: bytes) -> tuple[str, list[str]]:
    """A text file's characters, and what the user should know about them.

    UTF-8 (with or without BOM), UTF-16 with BOM or without (told by where its NUL bytes
    fall), ISO-2022-JP (JIS, as mail programs save it: told by its escape sequences), or
    CP932 (Shift_JIS). A stray NUL byte in a text file is dropped, with a note naming its
    line; a file with many is binary and refused."""
    if data.startswith(codecs.BOM_UTF8):
        return _decoded(path, data[len(codecs.BOM_UTF8) :], ("utf-8",)), []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decoded(path, data, ("utf-16",)), []
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16, []
        if data.count(b"\x00") > len(data) * MAX_NUL_SHARE:
            raise UserError(f"{path}: テキストファイルではないようです(バイナリが含まれています)")
        return _without_nul(path, data)
    if data.isascii() and any(mark in data for mark in _ISO_2022_JP):
        return _decoded(path, data, ("iso2022_jp", "iso2022_jp_2004", "iso2022_jp_ext")), []
    # Valid UTF-8 is almost never valid-looking Japanese CP932 by accident: try it first.
    return _decoded(path, data, ("utf-8", "cp932")), []


def _decoded(path: Path, data: bytes, encodings: tuple[str, ...]) -> str:
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserError(
        f"{path}: 文字コードを判別できません(UTF-8 または Shift_JIS で保存してください)"
    )


def _utf16_without_bom(data: bytes) -> str | None:
    """The text when `data` reads as UTF-16 (little or big endian) with no BOM: even in
    length, and what it decodes to is text a minutes holds (kana, kanji, ASCII …)."""
    if len(data) % 2:
        return None
    best: tuple[float, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        share = len(_PLAUSIBLE.findall(text)) / max(len(text), 1)
        if share >= 0.95 and (best is None or share > best[0]):
            best = (share, text)
    return best[1] if best else None


def _without_nul(path: Path, data: bytes) -> tuple[str, list[str]]:
    """The text without its stray NUL bytes, and a note naming the lines they were on."""
    lines = [number for number, line in enumerate(data.split(b"\n"), 1) if b"\x00" in line]
    text = _decoded(path, data.replace(b"\x00", b""), ("utf-8", "cp932"))
    shown = "、".join(f"{n}行目" for n in lines[:5]) + (" ほか" if len(lines) > 5 else "")
    return text, [f"NUL 文字を取り除きました({shown})"]


def _only_text(
    reader: Callable[[Path, bytes], str],
) -> Callable[[Path, bytes], tuple[str, list[str]]]:
    def read(path: Path, data: bytes) -> tuple[str, list[str]]:
        return reader(path, data), []

    return read


# Suffix (lower case) → reader of the file's bytes, giving its text and notes for the user;
# a reader raises UserError naming the file.
READERS: dict[str, Callable[[Path, bytes], tuple[str, list[str]]]] = {
    ".txt": decode_text,
    ".docx": _only_text(docx_text),
    ".pdf": _only_text(pdf_text),
}
SUPPORTED_SUFFIXES = tuple(READERS)


def read_minutes_file(path: Path) -> str:
    """The text of a minutes file (see `read_minutes`)."""
    return read_minutes(path)[0]


def read_minutes(path: Path) -> tuple[str, list[str]]:
    """The text of a minutes file, and notes for the user (a NUL byte dropped, say).

    .txt: see `decode_text`. .docx: see `read_docx.docx_text`. .pdf: `read_pdf.pdf_text`.
    Anything else, or a file that cannot be read, is a UserError naming the file.
    """
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UserError(
            f"{path}: 取り込めるのは .txt・.docx・.pdf のファイルです(この形式には対応していません)"
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
