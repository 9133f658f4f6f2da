"""The minutes in each board's style (issue 16): every built-in style renders the sample
meeting to .docx and .txt (a text snapshot per style), prints the 開催場所 and says nothing of
observers it does not know, marks the 公開用, takes a board's Word template, and is made from
the stored meeting rather than from the text an import read."""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.shared import Mm, Pt

from pia_meeting.core import styles
from pia_meeting.core.errors import UserError
from pia_meeting.core.model import MeetingBundle
from pia_meeting.export.minutes import build_minutes
from pia_meeting.export.text_writer import render_text
from pia_meeting.imports import import_file
from pia_meeting.services.demo import load_demo
from pia_meeting.services.publish import export_minutes
from pia_meeting.store.facade import Store
from tests.support.specimens import specimen

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("PIA_UPDATE_SNAPSHOTS") == "1"  # write them anew, then read the diff
STYLES = list(styles.builtin_styles())
PLACE = "みなと川市役所本庁舎8階 第2会議室"  # the sample meeting's


@pytest.fixture
def demo() -> MeetingBundle:
    store = Store(":memory:")
    bundle = store.load_bundle(load_demo(store))
    store.close()
    return bundle


def in_style(bundle: MeetingBundle, name: str) -> MeetingBundle:
    return replace(bundle, board=styles.choose(bundle.board, name))


def recorded_in_style(name: str) -> MeetingBundle:
    """The sample meeting as a board printing in `name` recorded it: the chair's closing
    lines, written into the log at the confirmation, are in the style's wording."""
    store = Store(":memory:")
    bundle = store.load_bundle(load_demo(store, style=name))
    store.close()
    return bundle


def docx_lines(path: Path) -> list[str]:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return [p.text for p in document.paragraphs] + cells


def part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


@pytest.mark.parametrize("name", STYLES)
def test_each_style_renders_the_sample_meeting_as_its_snapshot(name: str, tmp_path: Path) -> None:
    bundle = recorded_in_style(name)
    text = export_minutes(bundle, fmt="txt", folder=tmp_path).read_text(encoding="utf-8")
    snapshot = SNAPSHOTS / f"{name}.txt"
    if UPDATE or not snapshot.exists():
        snapshot.parent.mkdir(exist_ok=True)
        snapshot.write_text(text, encoding="utf-8")
    assert text == snapshot.read_text(encoding="utf-8"), f"{name}: see {snapshot}"
    # The Word file carries the same lines (the header as a table or as paragraphs).
    lines = docx_lines(export_minutes(bundle, folder=tmp_path))
    joined = re.sub(r"\s+", "", "".join(lines))
    for line in text.splitlines():
        assert re.sub(r"\s+", "", line) in joined, f"{name}: {line!r} not in the .docx"


@pytest.mark.parametrize("name", STYLES)
def test_every_style_prints_the_place_and_not_unknown_observers(
    name: str, demo: MeetingBundle
) -> None:
    bundle = in_style(demo, name)

    def header() -> str:
        doc = build_minutes(bundle)
        lines = (line for row in doc.header for line in (row.label, *row.lines))
        return "\n".join(re.sub(r"\s+", "", line) for line in lines)  # 「傍 聴 者」 too

    assert PLACE.replace(" ", "") in header()
    assert "傍聴" in header()  # the sample meeting had 1 observer
    bundle.meeting.observers = None
    assert "傍聴" not in header()
    assert PLACE in render_text(build_minutes(bundle))


@pytest.mark.parametrize("name", [n for n in STYLES if n != styles.DEFAULT_STYLE])
def test_the_public_version_is_marked_on_its_first_page(name: str, demo: MeetingBundle) -> None:
    bundle = in_style(demo, name)
    public = render_text(build_minutes(bundle, public=True)).splitlines()
    internal = render_text(build_minutes(bundle)).splitlines()
    assert public[0] == "【公開用】"
    assert internal[0] == "【内部用】"


def test_the_reference_style_prints_as_before(demo: MeetingBundle) -> None:
    lines = render_text(build_minutes(demo)).splitlines()
    assert lines[0] == "第8回 特定個人情報保護評価「第三者点検」 議事録"
    keys = [line.split("\t")[0] for line in lines if "\t" in line and line.split("\t")[0]]
    assert keys == ["日 時", "場 所", "項 目", "出席者", "事務局", "傍聴人", "内 容"]
    demo.meeting.place = ""
    keys = [
        line.split("\t")[0]
        for line in render_text(build_minutes(demo)).splitlines()
        if "\t" in line and line.split("\t")[0]
    ]
    assert keys == ["日 時", "項 目", "出席者", "事務局", "傍聴人", "内 容"]  # the reference


def test_a_closed_item_reads_as_the_style_says(demo: MeetingBundle) -> None:
    bundle = in_style(demo, "numbered-sections")
    item = bundle.agenda[0]
    item.is_public, item.closed_reason = 0, "楓ヶ丘市情報公開・個人情報保護審査会条例第9条の規定"
    text = render_text(build_minutes(bundle, public=True))
    assert (
        "本議題は、楓ヶ丘市情報公開・個人情報保護審査会条例第9条の規定により非公開で審議したため、"
        "その内容は記載しない。"
    ) in text
    # The default reason the 会議情報 screen fills in still reads well.
    item.closed_reason = "審査会の規定により非公開"
    text = render_text(build_minutes(bundle, public=True))
    assert "本議題は、審査会の規定により非公開で審議したため" in text
    # A style that leaves closed items out says so after the body.
    bundle = in_style(bundle, "key-line-value-line")
    text = render_text(build_minutes(bundle, public=True))
    assert "なお、議題1については、審査会の規定により公開しない。" in text
    assert bundle.entries[5].text not in text


# -- the Word file ----------------------------------------------------------------------------


def test_the_built_in_base_is_a4_current_word_without_leftovers(
    demo: MeetingBundle, tmp_path: Path
) -> None:
    path = export_minutes(in_style(demo, "numbered-sections"), folder=tmp_path)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    assert not [n for n in names if "thumbnail" in n or "stylesWithEffects" in n]
    settings = part(path, "word/settings.xml")
    assert re.search(r'w:name="compatibilityMode"[^>]*w:val="15"', settings)
    app = part(path, "docProps/app.xml")
    assert "<Application>pia-meeting</Application>" in app and "Microsoft" not in app
    document = part(path, "word/document.xml")
    assert 'w:w="11906"' in document and 'w:h="16838"' in document  # A4
    styles_xml = part(path, "word/styles.xml")
    body = re.search(r'<w:style [^>]*w:styleId="MinutesBody".*?</w:style>', styles_xml, re.S)
    assert body and '<w:jc w:val="both"/>' in body.group(0)  # 両端揃え
    assert re.search(r'w:eastAsia="ＭＳ 明朝"', styles_xml)
    assert re.search(
        r"<w:instrText[^>]*>\s*PAGE\s*</w:instrText>",
        "".join(part(path, n) for n in names if n.startswith("word/footer")),
    )


def test_the_header_keys_of_a_table_are_spread_evenly(demo: MeetingBundle, tmp_path: Path) -> None:
    path = export_minutes(demo, folder=tmp_path)
    styles_xml = part(path, "word/styles.xml")
    label = re.search(
        r'<w:style [^>]*w:styleId="MinutesHeaderLabel".*?</w:style>', styles_xml, re.S
    )
    assert label and '<w:jc w:val="distribute"/>' in label.group(0)  # 均等割付
    table = docx.Document(str(path)).tables[0]
    assert table.rows[0].cells[0].paragraphs[0].style.name == "Minutes Header Label"


def make_template(path: Path) -> Path:
    """A city's 議事録様式: 25 mm margins, BIZ UD明朝 in Normal, a header line, and a sample
    paragraph in its body (which the export must not keep)."""
    document = docx.Document()
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
            setattr(section, side, Mm(25))
        section.header.paragraphs[0].text = "楓ヶ丘市 情報公開・個人情報保護審査会 議事録"
    normal = document.styles["Normal"]
    normal.font.name = "BIZ UD明朝"
    normal.font.size = Pt(11)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "BIZ UD明朝"
    )
    document.add_paragraph("ここに本文を書く(様式の見本)")
    document.save(str(path))
    return path


def test_a_boards_word_template_gives_page_fonts_and_header(
    demo: MeetingBundle, tmp_path: Path
) -> None:
    template = make_template(tmp_path / "議事録様式.docx")
    bundle = in_style(demo, "numbered-sections")
    bundle.board.word_template = str(template)
    path = export_minutes(bundle, folder=tmp_path / "out")
    document = part(path, "word/document.xml")
    margins = re.search(r"<w:pgMar [^>]*>", document)
    assert margins is not None
    for side in ("top", "bottom", "left", "right"):
        assert f'w:{side}="1417"' in margins.group(0), margins.group(0)  # 25 mm
    styles_xml = part(path, "word/styles.xml")
    normal = re.search(r'<w:style [^>]*w:styleId="Normal".*?</w:style>', styles_xml, re.S)
    assert normal and 'w:eastAsia="BIZ UD明朝"' in normal.group(0)
    assert "ＭＳ 明朝" not in styles_xml  # the built-in base's fonts are not laid over it
    headers = "".join(
        part(path, n) for n in zipfile.ZipFile(path).namelist() if n.startswith("word/header")
    )
    assert "楓ヶ丘市 情報公開・個人情報保護審査会 議事録" in headers
    assert "様式の見本" not in document
    # The body is written with named styles, which the template may define.
    paragraphs = docx.Document(str(path)).paragraphs
    used = {p.style.name for p in paragraphs if p.text}
    assert {"Minutes Body", "Minutes Header Key", "Title", "Minutes Mark"} <= used


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("様式.dotx", b"PK", "は .docx ではありません"),
        ("様式.docx", b"not a zip file", "Word 文書として開けません"),
        ("ない.docx", None, "が見つかりません"),
    ],
)
def test_a_template_that_is_not_a_docx_is_refused_in_japanese(
    demo: MeetingBundle, tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    template = tmp_path / name
    if content is not None:
        template.write_bytes(content)
    bundle = replace(demo, board=replace(demo.board, word_template=str(template)))
    out = tmp_path / "out"
    with pytest.raises(UserError, match=message):
        export_minutes(bundle, folder=out)
    assert not out.exists() or not list(out.iterdir())  # nothing written


# -- made from the stored meeting -------------------------------------------------------------


def test_the_export_shows_the_stored_values_not_the_imported_text(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite")
    meeting_id = import_file(store, specimen("01"))
    bundle = store.load_bundle(meeting_id)
    store.update_board(styles.choose(bundle.board, "numbered-sections"))
    meeting = bundle.meeting
    old_place, old_date = meeting.place, "令和5年10月18日"
    assert old_place == "楓ヶ丘市役所本庁舎7階 第2委員会室"
    meeting.place, meeting.date = "楓ヶ丘市役所別館2階 第1会議室", "2023-11-15"
    store.update_meeting(meeting)
    person = next(p for p in bundle.attendance if p.name.startswith("岩渕"))
    person.name = "岩田 孝之"
    store.update_attendee(person)
    text = render_text(build_minutes(store.load_bundle(meeting_id)))
    store.close()
    header = text.split("議事内容")[0]
    assert "楓ヶ丘市役所別館2階 第1会議室" in header
    assert "令和5年11月15日(水曜日)午前9時30分~午前10時45分" in header
    assert "総務部次長 岩田 孝之" in header
    for old in (old_place, old_date, "岩渕"):
        assert old not in text


def test_the_toshin_is_written_with_named_styles(tmp_path: Path) -> None:
    from pia_meeting.export.toshin_doc import export_toshin

    store = Store(":memory:")
    bundle = store.load_bundle(load_demo(store))
    path = export_toshin(bundle, folder=tmp_path, store=store)
    store.close()
    used = {p.style.name for p in docx.Document(str(path)).paragraphs if p.text}
    assert {"答申書 番号・日付", "答申書 宛先", "答申書 件名", "答申書 本文", "答申書 結び"} <= used
    with zipfile.ZipFile(path) as archive:
        assert not [n for n in archive.namelist() if "thumbnail" in n]
