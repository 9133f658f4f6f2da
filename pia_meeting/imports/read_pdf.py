"""A PDF's text layer, for the import (pypdfium2 is loaded only when a PDF is read).

Published minutes are mostly PDFs made from Word. Their text layer has the words, but laid
out for the page: a paragraph is wrapped at the right margin, a table row is two runs of
text side by side, every page repeats its running header and a page number 「- 3 -」. The
page is read back into the lines the later stages expect:

- runs of text on one baseline are one line; a wide gap between them (a table's columns)
  is a TAB, as a Word table's row is read (read_docx.py);
- a line that reaches the right margin was wrapped there: the next line goes on from it;
- a gap wider than a line's pitch is a blank line (a new paragraph);
- a line that starts right of the left margin is indented (a table cell's further line);
- page numbers (「- 3 -」, 「3」, 「3/12」) and a running header or footer repeated on
  several pages are dropped: they are the page's, not the minutes' words.

A PDF with no text layer (a scan) is refused with a message that says so.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pia_meeting.core.errors import UserError

_PAGE_NUMBER = re.compile(
    r"^[-－‐―—–(（]?\s*(?:p\.?\s*)?[0-9０-９]{1,4}\s*(?:[/／]\s*[0-9０-９]{1,4})?\s*[-－‐―—–)）]?$"
    r"|^[0-9０-９]{1,4}\s*ページ$|^第?\s*[0-9０-９]{1,4}\s*頁$",
    re.I,
)
# What opens a line of its own, never the rest of a wrapped one: numbering, a label.
_STARTS_LINE = re.compile(
    r"(?:[⑴-⒇①-⑳【〈<〇○◯◇◆■●※]|[(（][0-9０-９一二三四五六七八九十]{1,2}[)）]"
    r"|[0-9０-９]{1,2}[ .．、)）])"
)
MARGIN_BAND = 0.08  # of the page's height: where running headers and footers sit
MAX_PAGES = 2000


@dataclass
class _Run:
    left: float
    bottom: float
    right: float
    top: float
    text: str


@dataclass
class _Line:
    left: float
    right: float
    bottom: float
    top: float
    text: str
    page_height: float

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 1.0)


def pdf_text(path: Path, data: bytes) -> str:
    """The text of the PDF `data` as lines (see the module's docstring); UserError naming
    `path` when it cannot be read or has no text layer."""
    try:
        import pypdfium2 as pdfium
    except ImportError:  # pragma: no cover - a broken install
        raise UserError(f"{path}: PDF を読む部品(pypdfium2)がインストールされていません") from None
    try:
        document = pdfium.PdfDocument(data)
    except Exception as exc:  # pdfium's errors for a damaged or encrypted file alike
        raise UserError(f"{path}: PDF ファイルとして読めません({_reason(exc)})") from None
    try:
        if len(document) > MAX_PAGES:
            raise UserError(f"{path}: PDF のページが多すぎます({len(document)}ページ)")
        pages = [_page_lines(document[index]) for index in range(len(document))]
    except UserError:
        raise
    except Exception as exc:
        raise UserError(f"{path}: PDF ファイルとして読めません({_reason(exc)})") from None
    finally:
        document.close()
    if not any(line.text.strip() for page in pages for line in page):
        raise UserError(
            f"{path}: この PDF には文字の情報(テキスト層)がありません。スキャンした画像の PDF"
            "は取り込めません。OCR で文字を付けた PDF か、Word・テキストのファイルを使ってください"
        )
    return _join_pages(_drop_running_lines(pages))


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    return text[:80] if text else type(exc).__name__


def _page_lines(page: Any) -> list[_Line]:
    """The lines of one page, top to bottom."""
    height = float(page.get_height())
    textpage = page.get_textpage()
    try:
        runs: list[_Run] = []
        for index in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(index)
            text = textpage.get_text_bounded(left, bottom, right, top)
            text = text.replace("\r", "").replace("\n", "")
            if text.strip():
                runs.append(_Run(left, bottom, right, top, text))
    finally:
        textpage.close()
        page.close()
    return _lines_of(runs, height)


def _lines_of(runs: list[_Run], page_height: float) -> list[_Line]:
    """Runs that share a baseline, left to right, as one line each."""
    lines: list[list[_Run]] = []
    for run in sorted(runs, key=lambda r: (-r.top, r.left)):
        if lines:
            last = lines[-1][-1]
            overlap = min(last.top, run.top) - max(last.bottom, run.bottom)
            if overlap > 0.5 * min(last.top - last.bottom, run.top - run.bottom):
                lines[-1].append(run)
                continue
        lines.append([run])
    out: list[_Line] = []
    for group in lines:
        group.sort(key=lambda r: r.left)
        size = statistics.median(r.top - r.bottom for r in group) or 10.0
        text = group[0].text
        for before, run in itertools.pairwise(group):
            gap = run.left - before.right
            text += ("\t" if gap > 1.5 * size else " " if gap > 0.4 * size else "") + run.text
        out.append(
            _Line(
                group[0].left,
                group[-1].right,
                min(r.bottom for r in group),
                max(r.top for r in group),
                text,
                page_height,
            )
        )
    return out


def _in_margin(line: _Line) -> bool:
    return (
        line.top > line.page_height * (1 - MARGIN_BAND)
        or line.bottom < line.page_height * MARGIN_BAND
    )


def _drop_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Without page numbers, and without the running header and footer: a line in the
    top or bottom band of the page that repeats on several pages."""
    repeated = Counter(
        re.sub(r"[0-9０-９]+", "#", line.text.strip())
        for page in pages
        for line in page
        if _in_margin(line)
    )
    kept: list[list[_Line]] = []
    for page in pages:
        lines = []
        for line in page:
            text = line.text.strip()
            if _in_margin(line) and (
                _PAGE_NUMBER.match(text) or repeated[re.sub(r"[0-9０-９]+", "#", text)] > 1
            ):
                continue
            lines.append(line)
        kept.append(lines)
    return kept


def _join_pages(pages: list[list[_Line]]) -> str:
    """The lines of every page as text: soft wraps joined, paragraph gaps blank lines,
    indented lines indented."""
    lines = [line for page in pages for line in page]
    if not lines:
        return ""
    left = min(line.left for line in lines)
    right = max(line.right for line in lines)
    pitches = [
        a.bottom - b.bottom
        for page in pages
        for a, b in itertools.pairwise(page)
        if a.bottom > b.bottom
    ]
    pitch = statistics.median(pitches) if pitches else 14.0
    out: list[str] = []
    previous: _Line | None = None
    for page_index, page in enumerate(pages):
        for index, line in enumerate(page):
            size = line.height
            indented = line.left > left + 0.8 * size
            if previous is not None:
                same_page = index > 0
                gap = previous.bottom - line.bottom if same_page else pitch
                wrapped = (
                    previous.right >= right - 2.0 * size
                    and gap <= 1.3 * pitch
                    and not previous.text.rstrip().endswith("。")
                    and not _STARTS_LINE.match(line.text.lstrip())
                    and "\t" not in line.text  # a table's row of its own
                )
                if wrapped and (not indented or _same_column(previous, line)):
                    out[-1] += line.text.lstrip()
                    previous = line
                    continue
                out.append("\n\n" if gap > 1.6 * pitch else "\n")
            out.append(("\t" if indented else "") + line.text.strip())
            previous = line
        del page_index
    return "".join(out).strip() + "\n"


def _same_column(previous: _Line, line: _Line) -> bool:
    """A wrapped table cell goes on at its own column, right of the page's margin."""
    return "\t" in previous.text and line.left > previous.left
