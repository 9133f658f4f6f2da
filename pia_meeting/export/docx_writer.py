"""The 議事録 as a Word file, laid out as the board's style says (SPEC §4): the header as a
two-column table, as numbered or marked sections with the value below the key, or as key
lines; the body in the style's named paragraph styles. The base document is the built-in one
or the board's own template (export.docx_base).
"""

from __future__ import annotations

import datetime as dt
import io
from copy import deepcopy
from pathlib import Path
from typing import BinaryIO

from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, Twips
from docx.styles.style import ParagraphStyle

from pia_meeting.core.styles import WordStyle
from pia_meeting.core.text import display_width
from pia_meeting.export.docx_base import (
    LANG,
    base_document,
    bold,
    centred_bold,
    clean_text,
    distributed,
    justified,
    named_style,
    open_template,
    right_aligned,
    text_width,
)
from pia_meeting.export.minutes import Block, BlockKind, MinutesDocument
from pia_meeting.export.minutes_header import HeaderRow
from pia_meeting.store.files import refuse_existing, write_atomically

LABEL_WIDTH = Mm(25)  # the header table's label column: four characters and padding
_CHAR_WIDTH_MM = 3.9  # one full-width character of the 10.5 pt body, for the label column
_clean = clean_text  # the name the 答申書 and older callers know


def _styles(document: DocxDocument, word: WordStyle) -> dict[str, ParagraphStyle]:
    """The paragraph styles the minutes are written with, by role."""

    def value_indent(style: ParagraphStyle) -> None:
        style.paragraph_format.left_indent = Pt(10.5)

    def key(style: ParagraphStyle) -> None:
        style.paragraph_format.space_before = Pt(6)

    return {
        "title": named_style(document, word.title, centred_bold(14)),
        "h1": named_style(document, word.item_heading, bold(12)),
        "h2": named_style(document, word.heading, bold(11)),
        "body": named_style(document, word.body, justified),
        "label": named_style(document, word.header_label, distributed),
        "value": named_style(document, word.header_value),
        "key": named_style(document, word.header_key, key),
        "section_value": named_style(document, word.section_value, value_indent),
        "mark": named_style(document, word.mark, right_aligned),
    }


# -- the header -------------------------------------------------------------------------------


def _set_cell_borders(table_el: BaseOxmlElement) -> None:
    """Borders on the table itself, so the grid shows whatever the style gallery says."""
    tbl_pr = table_el.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "auto")
        borders.append(line)
    # tblBorders sits after tblW/jc/tblInd in the schema; before tblLayout/tblCellMar/tblLook.
    successor = next(
        (
            tbl_pr.find(qn(tag))
            for tag in ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
            if tbl_pr.find(qn(tag)) is not None
        ),
        None,
    )
    if successor is not None:
        successor.addprevious(borders)
    else:
        tbl_pr.append(borders)


def _label_width(rows: list[HeaderRow]) -> Twips:
    """Wide enough for the longest key (「公開または非公開の別」), at least 25 mm."""
    widest = max((display_width(row.label) for row in rows), default=0) / 2
    return Twips(max(int(LABEL_WIDTH.twips), int(Mm(widest * _CHAR_WIDTH_MM + 5).twips)))


def _header_table(
    document: DocxDocument, rows: list[HeaderRow], styles: dict[str, ParagraphStyle]
) -> None:
    table = document.add_table(rows=len(rows), cols=2)
    try:
        table.style = document.styles["Table Grid"]
    except KeyError:
        pass  # a template without it: the borders below draw the grid
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    full = int(text_width(document).twips)
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
    if tbl_w is not None:  # the full text width, not "auto"
        tbl_w.set(qn("w:type"), "dxa")
        tbl_w.set(qn("w:w"), str(full))
    _set_cell_borders(table._tbl)
    label_width = _label_width(rows)
    widths = (label_width, Twips(full - int(label_width.twips)))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row, header in zip(table.rows, rows, strict=True):
        label_cell, value_cell = row.cells
        label_cell.width, value_cell.width = widths
        label_cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        label_cell.paragraphs[0].style = styles["label"]
        label_cell.paragraphs[0].add_run(header.label)
        lines = [clean_text(line) for line in header.lines]
        value_cell.paragraphs[0].style = styles["value"]
        if lines:
            value_cell.paragraphs[0].add_run(lines[0])
        for line in lines[1:]:
            value_cell.add_paragraph(line, style=styles["value"])


def _header(
    document: DocxDocument, doc: MinutesDocument, styles: dict[str, ParagraphStyle]
) -> None:
    form = doc.header_form
    if form == "table":
        inside = [row for row in doc.header if row.in_table]
        if inside:
            _header_table(document, inside, styles)
        rows = [row for row in doc.header if not row.in_table]
    else:
        rows = doc.header
    suffix = doc.style.header.key_suffix
    for row in rows:
        lines = [clean_text(line) for line in row.lines]
        if form == "inline" and row.label and lines:
            document.add_paragraph(f"{row.label}{suffix}{lines[0]}", style=styles["value"])
            for line in lines[1:]:
                document.add_paragraph(line, style=styles["value"])
            continue
        if row.label:
            keyed = styles["h1"] if row.is_body and form == "table" else styles["key"]
            document.add_paragraph(row.label, style=keyed)
        for line in lines:
            style = styles["section_value"] if row.label and form != "inline" else styles["value"]
            document.add_paragraph(line, style=style)


# -- the body ---------------------------------------------------------------------------------


class _BodyWriter:
    """Appends body paragraphs quickly: each is a copy of a prepared `<w:p>` for its style.

    Going through python-docx's `add_paragraph(text, style)` costs a style lookup and a
    character-by-character text conversion per paragraph; a long meeting has thousands.
    """

    def __init__(self, document: DocxDocument, styles: dict[str, ParagraphStyle]) -> None:
        self.document = document
        self.anchor = document.element.body.find(qn("w:sectPr"))  # paragraphs go before it
        self.prototypes = {
            key: self._prototype(styles[key].style_id) for key in ("h1", "h2", "body")
        }

    @staticmethod
    def _prototype(style_id: str) -> BaseOxmlElement:
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        pstyle = OxmlElement("w:pStyle")
        pstyle.set(qn("w:val"), style_id)
        ppr.append(pstyle)
        p.append(ppr)
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.set(qn("xml:space"), "preserve")
        run.append(text)
        p.append(run)
        return p

    def add(self, block: Block) -> None:
        if block.kind in (BlockKind.ITEM_HEADING, BlockKind.APPENDIX_TITLE):
            key = "h1"
        elif block.is_heading:
            key = "h2"
        else:
            key = "body"
        # A multi-line entry becomes consecutive paragraphs; read back joined by newlines
        # they give the text exactly as typed.
        for line in clean_text(block.render()).split("\n"):
            if "\t" in line:
                # A tab must become <w:tab/>; python-docx knows how.
                paragraph = self.document.add_paragraph(line)
                paragraph._p.style = self.prototypes[key][0][0].get(qn("w:val"))
                continue
            p = deepcopy(self.prototypes[key])
            p[1][0].text = line
            if self.anchor is not None:
                self.anchor.addprevious(p)
            else:
                self.document.element.body.append(p)


def render_docx(doc: MinutesDocument, template: str | Path | None = None) -> DocxDocument:
    """The Word document of `doc`, on the built-in base or on `template` (a board's .docx;
    UserError in Japanese when it cannot be opened)."""
    document = open_template(template) if template else base_document()
    styles = _styles(document, doc.style.word)

    props = document.core_properties
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props.title = doc.title
    props.subject = "議事録(公開用)" if doc.public else "議事録"
    props.author = props.last_modified_by = doc.board_name
    props.comments = ""
    props.language = LANG
    props.created = props.modified = now
    props.revision = 1

    if doc.mark:
        document.add_paragraph(clean_text(doc.mark), style=styles["mark"])
    title = document.add_paragraph(style=styles["title"])
    run = title.add_run(clean_text(doc.title))
    run.bold = True
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in doc.preamble:
        document.add_paragraph(clean_text(line), style=styles["body"])
    _header(document, doc, styles)
    body = _BodyWriter(document, styles)
    for block in doc.body:
        body.add(block)
    if doc.appendix:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for block in doc.appendix:
            body.add(block)
    return document


def write_docx(
    doc: MinutesDocument,
    path: Path,
    *,
    force: bool = False,
    template: str | Path | None = None,
) -> Path:
    """Write `doc` as .docx, atomically, mode 0600, never over a file unless `force`."""
    refuse_existing(Path(path), force=force)  # before the work of rendering
    document = render_docx(doc, template)

    # Made in memory, then written at once: a disk that fills up half-way then fails one
    # plain write, not the zip library in the middle of its work (which leaves a half-made
    # archive behind that complains when it is collected).
    data = io.BytesIO()
    document.save(data)

    def save(handle: BinaryIO) -> None:
        handle.write(data.getbuffer())

    return write_atomically(path, save, force=force)
