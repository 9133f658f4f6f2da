"""What an imported minutes printed that its style prints otherwise comes back as printed: a
label written in other marks for one utterance (「〇会長」 among 〈会長〉), and the lines of the
header the meeting has no field for, in their rows — in every format, and never in the 公開用
when they are not public."""

from __future__ import annotations

from pathlib import Path

import docx

from pia_meeting.export.minutes import build_minutes, label_variant
from pia_meeting.export.text_writer import render_text
from pia_meeting.imports import import_file
from pia_meeting.services.publish import export_minutes
from pia_meeting.store.facade import Store
from tests.support.specimens import specimen


def test_a_label_in_other_marks_is_printed_so_with_the_speakers_label_as_it_is_now() -> None:
    assert label_variant("〇会長", "会長", "〈会長〉") == "〇会長"
    assert label_variant("会長：", "会長", "会長") == "会長："
    assert label_variant("〈会長〉", "会長", "〈会長〉") is None  # the style's own
    assert label_variant("", "会長", "〈会長〉") is None  # typed in the app
    # A label that named the person otherwise (a name since changed) gives the style's.
    assert label_variant("【三好会長】", "三谷会長", "【三谷会長】") is None
    assert label_variant("(三好会長)", "三好会長", "【三好会長】") == "(三好会長)"
    assert label_variant("[事務局が説明]", "会長", "〈会長〉") is None


def test_an_inline_label_among_labels_on_their_own_line_stays_inline() -> None:
    store = Store(":memory:")
    angle = render_text(build_minutes(store.load_bundle(import_file(store, specimen("06")))))
    assert "\n〇会長 皆さん、こんにちは。" in angle
    assert "\n〈会長〉\nそれでは、諮問第15号について" in angle
    bare = render_text(build_minutes(store.load_bundle(import_file(store, specimen("05")))))
    assert "\n会長：事務局に確認するが、" in bare
    assert "\n会長\n以上を踏まえ、答申書を作成する。" in bare


def _table_cells(path: Path) -> dict[str, list[str]]:
    document = docx.Document(str(path))
    return {
        row.cells[0].text.strip(): [p.text for p in row.cells[1].paragraphs]
        for row in document.tables[0].rows
    }


def test_the_header_lines_come_back_in_their_rows_in_word(tmp_path: Path) -> None:
    store = Store(":memory:")
    bundle = store.load_bundle(import_file(store, specimen("02")))
    cells = _table_cells(export_minutes(bundle, fmt="docx", out=tmp_path / "02.docx"))
    place = ["白樺台市役所 本庁舎4階 大会議室", "(所在地:白樺台市中央三丁目5番1号)"]
    assert cells["開催場所"] == place
    assert cells["会議録の確定"] == ["令和6年9月10日 会長承認"]
    assert cells["問い合わせ先"] == ["白樺台市総務部文書法制課法制係"]
    assert cells[""] == ["電話 000-000-0000(直通)"]
    keys = list(cells)
    assert keys.index("会議資料") < keys.index("会議録の確定") < keys.index("問い合わせ先")


def test_a_header_line_that_is_not_public_is_left_out_of_the_public_version() -> None:
    store = Store(":memory:")
    bundle = store.load_bundle(import_file(store, specimen("04")))
    [dated] = [e for e in bundle.entries if e.header_anchor == "title"]
    assert dated.text in render_text(build_minutes(bundle, public=True))
    dated.is_public = 0
    store.update_entry(dated)
    bundle = store.load_bundle(bundle.meeting.id or 0)
    assert dated.text not in render_text(build_minutes(bundle, public=True))
    assert dated.text in render_text(build_minutes(bundle))
