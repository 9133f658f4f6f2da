"""What the import observes of each layout (imports/layout.py), for the board's published
style: the header form, the labels, the forms of names, dates and attendees, the 傍聴人
unit, the ト書き brackets, the title words and the record style."""

from __future__ import annotations

from pathlib import Path

import pytest

from pia_meeting.imports import parse_minutes, read_minutes_file
from pia_meeting.imports.layout import (
    BARE_PDF_TABLE,
    DIAMOND_KEYS,
    INLINE,
    KEY_COLON_VALUE,
    KEY_LINE_VALUE_LINE,
    NUMBERED_SECTIONS,
    OWN_LINE,
    TWO_COLUMN_TABLE,
    date_form,
)
from tests.support.paths import SHARED
from tests.support.reference import REFERENCE

SPECIMENS = SHARED / "specimens"

# file → (header form, label brackets, placement, label content, name form, observers unit,
#         ト書き brackets, title words, record style, body key)
EXPECTED = {
    "01-numbered-sections": (
        NUMBERED_SECTIONS, "【】", INLINE, "name_role", "full_name_spaced", "名", "()",
        "議事録", "全文", "議事内容",
    ),
    "02-table-summary": (
        TWO_COLUMN_TABLE, "()", INLINE, "name_role", "surname", "名", "",
        "開催結果", "要点", "議事(要旨)",
    ),
    "03-diamond-keys": (
        DIAMOND_KEYS, "〇", INLINE, "role", "surname", "なし", "()",
        "会議の概要", "要点", "議事概要",
    ),
    "04-key-line-value-line": (
        KEY_LINE_VALUE_LINE, "()", OWN_LINE, "name_role", "full_name_spaced", "", "【】",
        "審議結果", "全文", "会議記録",
    ),
    "05-bare-labels": (
        BARE_PDF_TABLE, "", OWN_LINE, "role", "surname", "なし", "()",
        "会議録", "要点", "会議の経過(要点)",
    ),
    "06-angle-labels": (
        KEY_COLON_VALUE, "〈〉", OWN_LINE, "role", "surname", "人", "()",
        "会議録", "全文", "",
    ),
    REFERENCE.stem: (
        TWO_COLUMN_TABLE, "()", INLINE, "department", "surname", "人", "《》",
        "議事録", "全文", "内容",
    ),
}  # fmt: skip


def _source(stem: str) -> Path:
    return REFERENCE if stem == REFERENCE.stem else SPECIMENS / f"{stem}.txt"


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_the_layout_observed_in_each_specimen(stem: str) -> None:
    layout = parse_minutes(read_minutes_file(_source(stem))).layout
    got = (
        layout.header_form,
        layout.label_brackets,
        layout.label_placement,
        layout.label_content,
        layout.name_form,
        layout.observers_unit,
        layout.stage_brackets,
        layout.title_words,
        layout.record_style,
        layout.body_key,
    )
    assert got == EXPECTED[stem]
    assert layout.counts["header_form"][layout.header_form] >= 1  # the evidence is kept


def test_header_keys_are_listed_in_the_order_printed() -> None:
    layout = parse_minutes(read_minutes_file(REFERENCE)).layout
    assert layout.header_keys == ["日時", "項目", "出席者", "事務局", "傍聴人", "内容"]
    numbered = parse_minutes(read_minutes_file(SPECIMENS / "01-numbered-sections.txt")).layout
    assert numbered.header_keys[:3] == ["開催日時", "開催場所", "出席者"]
    assert numbered.header_keys.count("委員") == 1  # 【委員】, not each member's line


def test_attendee_forms() -> None:
    forms = {
        stem: parse_minutes(read_minutes_file(_source(stem))).layout.attendee_form
        for stem in ("01-numbered-sections", "04-key-line-value-line", "03-diamond-keys")
    }
    assert forms == {
        "01-numbered-sections": "title_then_name",  # 「会長 三好 達也」
        "04-key-line-value-line": "title_in_brackets",  # 「淡路 和彦【会長】」
        "03-diamond-keys": "grouped_name_title",  # 「市町村課 真鍋課長、戸川主査」
    }


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("令和3年11月9日(火) 10:00~10:50", "wareki weekday hh:mm ~"),
        ("令和6年8月27日(火曜日)午後2時から午後3時40分まで", "wareki weekday_long gozen kara_made"),
        ("令和3年2月16日(火) 13時30分~15時00分", "wareki weekday ji ~"),
        ("2023年7月3日(月) 14:00～15:30", "seireki weekday hh:mm ~"),
    ],
)
def test_date_forms(text: str, form: str) -> None:
    assert date_form(text) == form
