"""The Word file's base (SPEC §4): the built-in one, or a board's own template.

python-docx's bundled template is a US Letter document with theme fonts; theme fonts win over
named fonts in Word, so they are removed and every style that text can reach is given a
Japanese font on the East Asian slot, the ja-JP language and A4 page geometry. The package is
cleaned of what the bundled template leaves behind: its thumbnail, a stale
stylesWithEffects.xml, app.xml naming another application, and Word 2010 compatibility mode.

A board's template (a .docx) is opened instead: its page size, margins, fonts, paragraph
styles, header and footer are kept, its body is emptied, and the styles the export writes
with are taken from it by name (added, plainly, when it lacks one).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length, Mm, Pt, Twips
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

from pia_meeting.core.errors import UserError

MINCHO = "ＭＳ 明朝"
GOTHIC = "ＭＳ ゴシック"
LANG = "ja-JP"
APPLICATION = "pia-meeting"

A4_WIDTH = Twips(11906)  # 210 mm, as Word writes it
A4_HEIGHT = Twips(16838)  # 297 mm
# Word's Japanese defaults for A4: 35 mm top, 30 mm elsewhere.
MARGIN_TOP = Mm(35)
MARGIN_BOTTOM = Mm(30)
MARGIN_SIDE = Mm(30)
TEXT_WIDTH = Twips(11906 - 2 * 1701)  # 150 mm between the side margins
BODY_SIZE = Pt(10.5)

BODY_STYLE = "Minutes Body"
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
# Characters XML 1.0 cannot carry; python-docx refuses them. They can only come from pasted
# or imported text and are invisible anyway.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_WORD_URI = "http://schemas.microsoft.com/office/word"
CURRENT_WORD = "15"  # compatibilityMode of Word 2013 and later: no 互換モード
_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    f"<Application>{APPLICATION}</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def clean_text(text: str) -> str:
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


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


def setup_styles(document: DocxDocument) -> dict[str, ParagraphStyle]:
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
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY  # 両端揃え
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


def setup_page(document: DocxDocument) -> None:
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


# -- the package ------------------------------------------------------------------------------


def mark_current_word(document: DocxDocument) -> None:
    """compatibilityMode 15 in settings.xml: Word opens the file without 互換モード."""
    settings = document.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        settings.append(compat)  # the schema wants it late; Word reads it anywhere here
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), CURRENT_WORD)
            return
    setting = OxmlElement("w:compatSetting")
    setting.set(qn("w:name"), "compatibilityMode")
    setting.set(qn("w:uri"), _WORD_URI)
    setting.set(qn("w:val"), CURRENT_WORD)
    compat.append(setting)


def clean_package(document: DocxDocument) -> None:
    """No thumbnail (of another document), no stylesWithEffects.xml, and app.xml naming this
    application rather than the one that made the bundled template."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rel_id]
        elif rel.reltype == RT.EXTENDED_PROPERTIES and not rel.is_external:
            rel.target_part._blob = _APP_XML.encode("utf-8")  # a plain Part: its bytes
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:
            del document.part.rels[rel_id]


def base_document() -> DocxDocument:
    """The built-in base: A4 portrait, Japanese fonts and language, page numbers."""
    document = Document()
    setup_styles(document)
    setup_page(document)
    clean_package(document)
    mark_current_word(document)
    return document


def open_template(path: str | Path) -> DocxDocument:
    """A board's Word template as the base: everything of it but its body. UserError (in
    Japanese) for a file that is missing or is not a Word .docx."""
    path = Path(path)
    if path.suffix.lower() != ".docx":
        raise UserError(
            f"議事録の様式 {path} は .docx ではありません(Word で「Word 文書 (*.docx)」として"
            "保存したファイルを指定してください)"
        )
    if not path.is_file():
        raise UserError(f"議事録の様式 {path} が見つかりません(審査会の設定で指定し直してください)")
    try:
        document = Document(str(path))
    except (PackageNotFoundError, ValueError, KeyError, OSError, zipfile.BadZipFile) as exc:
        raise UserError(
            f"議事録の様式 {path} を Word 文書として開けません({type(exc).__name__}: {exc})"
        ) from None
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    clean_package(document)
    mark_current_word(document)
    return document


def text_width(document: DocxDocument) -> Length:
    """The width between the margins of the (first) section."""
    section = document.sections[0]
    width = (
        (section.page_width or A4_WIDTH) - (section.left_margin or 0) - (section.right_margin or 0)
    )
    return Length(width) if width > 0 else TEXT_WIDTH


def named_style(
    document: DocxDocument,
    name: str,
    setup: Callable[[ParagraphStyle], None] | None = None,
) -> ParagraphStyle:
    """The paragraph style called `name`: the document's own when it has one (a template's
    look is kept), else a new one based on Normal, made by `setup`."""
    try:
        style = document.styles[name]
    except KeyError:
        style = None
    if isinstance(style, ParagraphStyle):
        return style
    added: ParagraphStyle = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    added.base_style = document.styles["Normal"]
    added.quick_style = True
    if setup is not None:
        setup(added)
    return added


def justified(style: ParagraphStyle) -> None:
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY  # 両端揃え


def distributed(style: ParagraphStyle) -> None:
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.DISTRIBUTE  # 均等割付


def right_aligned(style: ParagraphStyle) -> None:
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def centred_bold(size: float) -> Callable[[ParagraphStyle], None]:
    def setup(style: ParagraphStyle) -> None:
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        style.font.bold = True
        style.font.size = Pt(size)

    return setup


def bold(size: float, before: float = 12, after: float = 6) -> Callable[[ParagraphStyle], None]:
    def setup(style: ParagraphStyle) -> None:
        style.font.bold = True
        style.font.size = Pt(size)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)

    return setup
