"""PDF import (issue 17): the text layer, read back into lines; page numbers and running
headers dropped; a scan refused with a message that says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from pia_meeting.core.errors import UserError
from pia_meeting.imports import import_file, read_minutes_file
from pia_meeting.store.facade import Store
from tests.support.paths import SHARED

FIXTURES = Path(__file__).with_name("fixtures")
# A page and nothing on it: what a scan is to a reader of text (its image left out).
NO_TEXT_PDF = (
    b"%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n"
    b"3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>> endobj\n"
    b"trailer <</Root 1 0 R>>\n%%EOF\n"
)


def _normal(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("name", ["01-numbered-sections", "02-table-summary", "05-bare-labels"])
def test_the_text_of_a_pdf_is_the_text_of_its_source(name: str) -> None:
    # Wrapped lines joined, page numbers and the running header gone: every line of the
    # source is there, in order, and nothing else is.
    text = read_minutes_file(FIXTURES / f"{name}.pdf")
    source = (SHARED / "specimens" / f"{name}.txt").read_text("utf-8")
    assert _normal(text) == _normal(source)
    assert "- 1 -" not in text and "- 2 -" not in text


def test_table_rows_keep_their_tab_and_wrapped_paragraphs_are_one_line() -> None:
    text = read_minutes_file(FIXTURES / "02-table-summary.pdf")
    lines = text.splitlines()
    assert "開催場所 \t白樺台市役所 本庁舎4階 大会議室" in lines
    assert "\t(所在地:白樺台市中央三丁目5番1号)" in lines  # a cell's second line: indented
    wrapped = [line for line in lines if line.startswith("(回答)対象人数は約12万人")]
    assert len(wrapped) == 1 and wrapped[0].endswith("全項目評価の対象となる。")


def test_a_pdf_without_a_text_layer_is_refused_saying_so(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(NO_TEXT_PDF)
    store = Store(":memory:")
    with pytest.raises(UserError) as refused:
        import_file(store, path)
    assert "scan.pdf" in str(refused.value) and "テキスト層" in str(refused.value)
    assert store.meetings() == []


def test_a_damaged_pdf_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\nnot really")
    with pytest.raises(UserError, match=r"broken\.pdf: PDF ファイルとして読めません"):
        read_minutes_file(path)
