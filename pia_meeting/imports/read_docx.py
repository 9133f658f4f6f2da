"""A Word file's text, for the import (python-docx is loaded only when one is read)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from pia_meeting.core.errors import UserError

# What a Word file may unpack to before it is refused: a zip's directory declares each part's
# size, and Python's zipfile never inflates a part past its declared size, so checking the
# directory first bounds the memory the reading takes (a 1 MB zip bomb declares gigabytes).
MAX_UNPACKED = 256 * 1024 * 1024  # all parts together (pictures included)
MAX_XML_PART = 64 * 1024 * 1024  # one XML part: parsed whole, at several times its size
MAX_PARTS = 20000
MAX_RATIO = 200  # a declared size this many times the compressed one is a bomb, not text


def check_archive(path: Path, data: bytes, what: str = "Word ファイル") -> None:
    """Refuse a zip whose directory declares more than can be read safely (UserError)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UserError(f"{path}: {what}として読めません({type(exc).__name__})") from None
    total = sum(info.file_size for info in infos)
    too_big = len(infos) > MAX_PARTS or total > MAX_UNPACKED
    for info in infos:
        xml = info.filename.endswith((".xml", ".rels"))
        if xml and info.file_size > MAX_XML_PART:
            too_big = True
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            too_big = True
    if too_big:
        raise UserError(
            f"{path}: 展開後の大きさが大きすぎるため読みません(宣言 {total // (1024 * 1024)} MB、"
            f"{len(infos)} 個)。壊れたファイルか、議事録ではないファイルの可能性があります"
        )


def docx_text(path: Path, data: bytes) -> str:
    """Paragraphs and tables in document order, a blank line between paragraphs, each table
    row as 「label<TAB>value」 (further lines of a cell as 「<TAB>line」). Paragraphs in Word
    heading styles are marked as the reference marks its headings: 「# 」 for the title,
    「## 」 for Heading 1, 「### 」… for lower levels."""
    check_archive(path, data)
    try:
        import docx
        from docx.oxml.ns import qn
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        blocks: list[str] = []

        def walk(parent: Any) -> None:
            for child in parent.iterchildren():
                if child.tag == qn("w:p"):
                    paragraph = Paragraph(child, document)
                    text = paragraph.text
                    if text.strip():
                        blocks.append(_heading_mark(paragraph) + text)
                elif child.tag == qn("w:tbl"):
                    blocks.append(_table_text(Table(child, document)))
                elif child.tag == qn("w:sdt"):  # content controls hold ordinary paragraphs
                    content = child.find(qn("w:sdtContent"))
                    if content is not None:
                        walk(content)

        walk(document.element.body)
    except Exception as exc:  # any failure to read a foreign file is the same to the user
        raise UserError(f"{path}: Word ファイルとして読めません({type(exc).__name__})") from None
    return "\n\n".join(b for b in blocks if b.strip()) + "\n"


def _heading_mark(paragraph: Any) -> str:
    try:
        name = (paragraph.style.name or "") if paragraph.style is not None else ""
    except (KeyError, AttributeError):
        return ""
    lowered = name.lower()
    if lowered in ("title", "表題"):
        return "# "
    match = re.match(r"(?:heading|見出し)\s*(\d)", lowered)
    if match:
        return "#" * (int(match.group(1)) + 1) + " "
    return ""


def _table_text(table: Any) -> str:
    lines: list[str] = []
    for row in table.rows:
        cells: list[Any] = []
        for cell in row.cells:  # a merged cell is repeated: keep it once
            if not cells or cell._tc is not cells[-1]._tc:
                cells.append(cell)
        texts = [c.text.split("\n") for c in cells]
        first = "\t".join(t[0] for t in texts)
        rest = [line for t in texts for line in t[1:]]
        if first.strip() or rest:
            lines.append(first)
            lines += [f"\t{line}" for line in rest]
    return "\n".join(lines)
