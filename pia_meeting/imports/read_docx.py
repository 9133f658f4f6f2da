"""A Word file's text, for the import (python-docx is loaded only when one is read)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from pia_meeting.core.errors import UserError


def docx_text(path: Path, data: bytes) -> str:
    """Paragraphs and tables in document order, a blank line between paragraphs, each table
    row as 「label<TAB>value」 (further lines of a cell as 「<TAB>line」). Paragraphs in Word
    heading styles are marked as the reference marks its headings: 「# 」 for the title,
    「## 」 for Heading 1, 「### 」… for lower levels."""
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
