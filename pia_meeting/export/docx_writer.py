"""The 議事録 as a Word file, laid out like the published minutes (SPEC §4).

python-docx's bundled template is a US Letter document with theme fonts; theme fonts win over
named fonts in Word, so they are removed and every style that text can reach is given a
Japanese font on the East Asian slot, the ja-JP language and A4 page geometry.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from copy import deepcopy
from pathlib import Path
from typing import BinaryIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, Twips
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

from pia_meeting.export.minutes import Block, BlockKind, MinutesDocument
from pia_meeting.store.files import refuse_existing, write_atomically

MINCHO = "ＭＳ 明朝"
GOTHIC = "ＭＳ ゴシック"
LANG = "ja-JP"

A4_WIDTH = Twips(11906)  # 210 mm, as Word writes it
A4_HEIGHT = Twips(16838)  # 297 mm
# Word's Japanese defaults for A4: 35 mm top, 30 mm elsewhere.
MARGIN_TOP = Mm(35)
MARGIN_BOTTOM = Mm(30)
MARGIN_SIDE = Mm(30)
TEXT_WIDTH = Twips(11906 - 2 * 1701)  # 150 mm between the side margins
LABEL_WIDTH = Mm(25)  # the header table's label column: four characters and padding
BODY_SIZE = Pt(10.5)

BODY_STYLE = "Minutes Body"
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
# Characters XML 1.0 cannot carry; python-docx refuses them. They can only come from pasted
# or imported text and are invisible anyway.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# -- styles ---------------------------------------------------------------------------------


def _japanese_run_props(rpr: BaseOxmlElement, font: str) -> None:
    """Font on every script slot (eastAsia is the one Japanese text uses) and ja-JP."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(slot), font)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)  # the styles touched here carry nothing that must follow w:lang
    lang.set(qn("w:val"), LANG)
    lang.set(qn("w:eastAsia"), LANG)


def _drop_complex_size(style_el: BaseOxmlElement) -> None:
    """The template's complex-script sizes no longer match the sizes set here."""
    rpr = style_el.find(qn("w:rPr"))
    size = rpr.find(qn("w:szCs")) if rpr is not None else None
    if size is not None:
        rpr.remove(size)


def _strip_theme_fonts(document: DocxDocument) -> None:
    for rfonts in document.styles.element.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            rfonts.attrib.pop(qn(attr), None)


def _set_tabs(style: ParagraphStyle, center: int, right: int) -> None:
    """Replace the template's Letter-width tab stops of the header/footer styles."""
    ppr = style.element.get_or_add_pPr()
    old = ppr.find(qn("w:tabs"))
    if old is not None:
        ppr.remove(old)
    style.paragraph_format.tab_stops.add_tab_stop(Twips(center), WD_TAB_ALIGNMENT.CENTER)
    style.paragraph_format.tab_stops.add_tab_stop(Twips(right), WD_TAB_ALIGNMENT.RIGHT)


def _setup_styles(document: DocxDocument) -> dict[str, ParagraphStyle]:
    _strip_theme_fonts(document)
    styles_el = document.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _japanese_run_props(rpr_default, MINCHO)
    # Western defaults (10 pt after, 1.15 lines) make Japanese minutes sparse; single spacing.
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    if spacing is not None:
        spacing.set(qn("w:after"), "0")
        spacing.set(qn("w:line"), "240")

    styles = document.styles
    normal = styles["Normal"]
    _japanese_run_props(normal.element.get_or_add_rPr(), MINCHO)
    normal.font.size = BODY_SIZE

    body = styles.add_style(BODY_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = normal
    body.quick_style = True
    body.paragraph_format.space_after = Pt(6)
    _japanese_run_props(body.element.get_or_add_rPr(), MINCHO)

    found: dict[str, ParagraphStyle] = {"body": body}
    for name, size, key in (("Heading 1", 12, "h1"), ("Heading 2", 11, "h2"), ("Title", 14, "")):
        style = styles[name]
        _japanese_run_props(style.element.get_or_add_rPr(), GOTHIC)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = None  # the template's blue is not for official minutes
        _drop_complex_size(style.element)
        linked = style.element.find(qn("w:link"))
        if linked is not None:  # 「Heading 1 Char」, used when applied to a selection: no blue
            char_style = styles_el.get_by_id(linked.get(qn("w:val")))
            if char_style is not None:
                rpr = char_style.get_or_add_rPr()
                color = rpr.find(qn("w:color"))
                if color is not None:
                    rpr.remove(color)
                _drop_complex_size(char_style)
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)
        if key:
            found[key] = style
    title = styles["Title"]
    border = title.element.get_or_add_pPr().find(qn("w:pBdr"))
    if border is not None:
        border.getparent().remove(border)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    found["title"] = title

    text_width = int(TEXT_WIDTH.twips)
    for name in ("Header", "Footer"):
        _set_tabs(styles[name], text_width // 2, text_width)
    return found


# -- page -----------------------------------------------------------------------------------


def _page_number_field(paragraph: Paragraph) -> None:
    """「- 1 -」 with a live PAGE field: Word fills in each page's number."""

    def run_with(child: BaseOxmlElement) -> None:
        paragraph.add_run()._r.append(child)

    paragraph.add_run("- ")
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    paragraph.add_run("1")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)
    paragraph.add_run(" -")


def _setup_page(document: DocxDocument) -> None:
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = A4_WIDTH
        section.page_height = A4_HEIGHT
        section.top_margin = MARGIN_TOP
        section.bottom_margin = MARGIN_BOTTOM
        section.left_margin = MARGIN_SIDE
        section.right_margin = MARGIN_SIDE
        section.header_distance = Mm(15)
        section.footer_distance = Mm(15)
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_number_field(paragraph)


# -- content --------------------------------------------------------------------------------


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


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


def _header_table(document: DocxDocument, doc: MinutesDocument) -> None:
    table = document.add_table(rows=len(doc.header), cols=2)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
    if tbl_w is not None:  # the full text width, not "auto"
        tbl_w.set(qn("w:type"), "dxa")
        tbl_w.set(qn("w:w"), str(int(TEXT_WIDTH.twips)))
    _set_cell_borders(table._tbl)
    widths = (LABEL_WIDTH, Twips(int(TEXT_WIDTH.twips) - int(LABEL_WIDTH.twips)))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row, header in zip(table.rows, doc.header, strict=True):
        label_cell, value_cell = row.cells
        label_cell.width, value_cell.width = widths
        label_cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        label_cell.paragraphs[0].add_run(header.label)
        lines = [_clean(line) for line in header.lines]
        if lines:
            value_cell.paragraphs[0].add_run(lines[0])
        for line in lines[1:]:
            value_cell.add_paragraph(line)


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
        for line in _clean(block.render()).split("\n"):
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


def render_docx(doc: MinutesDocument) -> DocxDocument:
    document = Document()
    styles = _setup_styles(document)
    _setup_page(document)

    props = document.core_properties
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props.title = doc.title
    props.subject = "議事録(公開用)" if doc.public else "議事録"
    props.author = props.last_modified_by = doc.board_name
    props.comments = ""
    props.language = LANG
    props.created = props.modified = now
    props.revision = 1

    title = document.add_paragraph(style=styles["title"])
    run = title.add_run(_clean(doc.title))
    run.bold = True
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _header_table(document, doc)
    body = _BodyWriter(document, styles)
    for block in doc.body:
        body.add(block)
    if doc.appendix:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for block in doc.appendix:
            body.add(block)
    return document


def write_docx(doc: MinutesDocument, path: Path, *, force: bool = False) -> Path:
    """Write `doc` as .docx, atomically, mode 0600, never over a file unless `force`."""
    refuse_existing(Path(path), force=force)  # before the work of rendering
    document = render_docx(doc)

    # Made in memory, then written at once: a disk that fills up half-way then fails one
    # plain write, not the zip library in the middle of its work (which leaves a half-made
    # archive behind that complains when it is collected).
    data = io.BytesIO()
    document.save(data)

    def save(handle: BinaryIO) -> None:
        handle.write(data.getbuffer())

    return write_atomically(path, save, force=force)
