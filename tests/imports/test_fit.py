"""What of a minutes the style it is printed in prints itself is not kept twice, and what the
meeting has no field for is printed where the minutes printed it (imports.fit; issue 16's
round trip). The same lines stay, as printed, for a board whose style does not print them."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from pia_meeting.core.model import MeetingBundle
from pia_meeting.export.minutes import build_minutes
from pia_meeting.export.text_writer import render_text
from pia_meeting.imports import import_file
from pia_meeting.services.publish import export_minutes
from pia_meeting.store.facade import Store
from tests.support.specimens import all_sources, specimen


def _imported(name: str, store: Store | None = None) -> MeetingBundle:
    store = store or Store(":memory:")
    return store.load_bundle(import_file(store, specimen(name)))


def _header_lines(bundle: MeetingBundle) -> list[tuple[str, str]]:
    return [(e.header_anchor, e.text) for e in bundle.entries if e.header_anchor]


def _text(bundle: MeetingBundle) -> str:
    return render_text(build_minutes(bundle))


def _docx_lines(path: Path) -> list[str]:
    """The paragraphs and table cells of a Word file, in document order."""
    document = docx.Document(str(path))
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif child.tag.endswith("}tbl"):
            for row in docx.table.Table(child, document).rows:
                lines += [p.text for cell in row.cells for p in cell.paragraphs]
    return [line for line in lines if line.strip()]


# -- a new board, in the style detected ---------------------------------------------------------


def test_a_preamble_line_is_printed_under_the_title_and_the_styles_own_lines_are_not_kept() -> None:
    bundle = _imported("04")
    assert bundle.board.minutes_style == "key-line-value-line"
    # 「会議概要」 and 「審議会を開催しましたので…」 are the style's own lines under the title.
    assert _header_lines(bundle) == [
        ("title", "掲載日:令和4年8月5日"),
        ("attendees:事務局", "総務課長ほか3名"),  # the 事務局's value, which names no one
    ]
    head = _text(bundle).split("審議会等名称")[0].split("\n")
    assert [line for line in head if line][1:] == [
        "第27回若葉川市情報公開・個人情報保護審議会審議結果",
        "掲載日:令和4年8月5日",
        "会議概要",
        "審議会を開催しましたので、その概要をお知らせします。",
    ]
    assert "事務局\n\n総務課長ほか3名\n" in _text(bundle)


def test_lines_of_a_table_header_stay_in_their_rows() -> None:
    bundle = _imported("02")
    meeting = bundle.meeting
    assert meeting.materials.split("\n")[0] == "資料1 国民健康保険に関する事務 全項目評価書(案)"
    assert _header_lines(bundle) == [
        ("place", "(所在地:白樺台市中央三丁目5番1号)"),
        ("after:materials", "会議録の確定\t令和6年9月10日 会長承認"),
        ("after:materials", "問い合わせ先\t白樺台市総務部文書法制課法制係"),
        ("after:materials", "電話 000-000-0000(直通)"),
    ]
    text = _text(bundle)
    place = "開催場所\t白樺台市役所 本庁舎4階 大会議室\n\t(所在地:白樺台市中央三丁目5番1号)\n"
    assert place in text
    assert "\t参考資料 特定個人情報保護評価の流れ\n会議録の確定\t令和6年9月10日 会長承認\n" in text
    # 「欠席者 なし」 and 「非公開の理由 ―」 are what the style prints for none: not kept.
    assert "欠席者\tなし\n" in text and "非公開の理由\t―\n" in text
    assert not [e for e in bundle.entries if e.text.startswith(("欠席者", "非公開の理由"))]


def test_the_agenda_categories_are_fields_and_quoted_titles_the_styles_quotes() -> None:
    bundle = _imported("02")
    assert [(a.category, a.title) for a in bundle.agenda] == [
        ("審議事項", "国民健康保険に関する事務の全項目評価書に係る第三者点検について"),
        ("報告事項", "令和5年度個人情報保護制度の運用状況について"),
    ]
    # The body's 「3 審議事項」 heads the item: its heading prints it, it is no entry.
    assert not [e for e in bundle.entries if e.text in ("3 審議事項", "4 報告事項")]
    text = _text(bundle)
    assert "議題\t審議事項\n\t「国民健康保険に関する事務の全項目評価書に係る" in text
    first = "「国民健康保険に関する事務の全項目評価書に係る第三者点検について」"
    assert f"\n3 審議事項\n\n{first}\n" in text
    assert "\n4 報告事項\n\n「令和5年度個人情報保護制度の運用状況について」\n" in text


def test_full_names_keep_their_space_and_a_name_written_solid_gets_its_label() -> None:
    numbered = _imported("01")
    assert [p.name for p in numbered.attendance][:2] == ["三好 達也", "野々村 恵"]
    assert all(not p.label for p in numbered.attendance)  # the surname is the name's first
    text = _text(numbered)
    assert "\n会長 三好 達也\n" in text and "【三好会長】 ただいまから" in text
    table = _imported("02")
    chair = table.attendance[0]
    assert (chair.name, chair.label) == ("長谷部隆司", "長谷部")  # as the labels name him
    assert "(長谷部会長)以上を踏まえ" in _text(table)
    assert "(会長)長谷部隆司、(副会長)宮内奈緒子" in _text(table)


def test_materials_and_signers_are_fields_the_style_prints() -> None:
    bundle = _imported("06")
    assert bundle.meeting.signers == "木暮委員"
    assert not [e for e in bundle.entries if e.text.startswith("議事録署名人")]
    assert "傍聴者:0人\n議事録署名人:木暮委員\n" in _text(bundle)
    diamond = _imported("03")
    assert diamond.meeting.materials.split("\n")[1:3] == [
        "資料2 住民基本台帳ネットワークシステムの運用に関する事務 全項目評価書(案)及び",
        "評価書の新旧対照表",  # wrapped by the PDF's table: still under 会議資料
    ]
    assert "\n※ 会議資料一覧\n資料1 諮問書\n" in _text(diamond)


# -- a board that has a style of its own --------------------------------------------------------


def _in_reference_board(name: str, board: str) -> MeetingBundle:
    store = Store(":memory:")
    store.board_named(board)  # made by hand: the reference's style, the default
    return _imported(name, store)


def test_into_a_board_of_another_style_the_lines_it_does_not_print_are_kept() -> None:
    bundle = _in_reference_board("04", "若葉川市情報公開・個人情報保護審議会")
    assert bundle.board.minutes_style == "department-table"
    kept = [text for _, text in _header_lines(bundle)]
    assert "会議概要" in kept and "審議会を開催しましたので、その概要をお知らせします。" in kept
    text = _text(bundle)
    for line in ("掲載日:令和4年8月5日", "会議概要", "総務課長ほか3名", "議事録全文"):
        assert line in text, line


def test_into_a_board_with_no_row_for_materials_they_stay_lines_of_the_header() -> None:
    bundle = _in_reference_board("01", "楓ヶ丘市情報公開・個人情報保護審査会")
    assert bundle.meeting.materials == ""  # the board's style prints no 会議資料
    [kept] = [text for _, text in _header_lines(bundle) if "会議資料" in text]
    assert kept.split("\n") == [
        "6 会議資料",
        "資料1 住民基本台帳に関する事務 全項目評価書(案)",
        "資料2 パブリックコメントの実施結果",
    ]
    text = _text(bundle)
    assert "傍聴人\t1人\n" in text
    assert "資料2 パブリックコメントの実施結果" in text.split("内 容")[0]


def test_a_category_the_board_does_not_print_stays_in_the_title(tmp_path: Path) -> None:
    bundle = _in_reference_board("03", "瑞穂県個人情報保護審議会")
    assert [(a.category, a.title) for a in bundle.agenda][1] == (
        "",
        "報告事項 瑞穂県個人情報保護条例の運用状況について",
    )
    assert "(2)報告事項 瑞穂県個人情報保護条例の運用状況について" in _text(bundle)


# -- the app's own export, in the style detected, reads back the same ---------------------------


@pytest.mark.parametrize("fmt", ["txt", "docx"])
@pytest.mark.parametrize("source", all_sources(), ids=lambda p: p.name[:2])
def test_an_export_in_the_detected_style_imports_back_the_same(
    source: Path, fmt: str, tmp_path: Path
) -> None:
    store = Store(":memory:")
    first = export_minutes(
        store.load_bundle(import_file(store, source)), fmt=fmt, out=tmp_path / f"1.{fmt}"
    )
    again = Store(":memory:")
    bundle = again.load_bundle(import_file(again, first))
    second = export_minutes(bundle, fmt=fmt, out=tmp_path / f"2.{fmt}")
    if fmt == "txt":
        assert second.read_text("utf-8") == first.read_text("utf-8")
    else:  # a multi-line entry comes back as one a paragraph: what a reader sees is the same
        assert _docx_lines(second) == _docx_lines(first)
