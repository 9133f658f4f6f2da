"""評価書 page references: every written form of DOMAIN §2–§3, and the outline's sections."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pia_meeting.core.errors import ValidationError
from pia_meeting.core.model import Assessment
from pia_meeting.core.pages import (
    describe,
    format_pages,
    pages_in,
    parse_outline,
    parse_page_list,
    section_of,
)


@pytest.mark.parametrize(
    ("text", "pages"),
    [
        ("全項目評価書の78ページの評価実施手続きについて", [78]),
        ("全項目評価書の54ページから76ページまで、リスク対策を記載", list(range(54, 77))),
        ("54ページ～76ページ", list(range(54, 77))),
        ("54～76ページ", list(range(54, 77))),
        ("資料の14頁をご覧いただきたい", [14]),
        ("p.14の記載", [14]),
        ("ｐ．２３の記載", [23]),
        ("pp.54-56", [54, 55, 56]),
        ("全項目評価書７８ページ", [78]),
        ("次に全項目評価書 3 ページより", [3]),
        ("全項目評価書　３　ページ", [3]),
        ("評価書50ページの4.のところで", [50]),
        ("資料の71ページ、及び14頁", [14, 71]),
        ("令和3年10月1日現在、対象者は約93万2,000人", []),
        ("4情報(氏名、性別、生年月日、住所)", []),
        ("iPhone 14の話", []),
    ],
)
def test_page_references_are_recognised(text: str, pages: list[int]) -> None:
    assert pages_in(text) == pages


def test_pages_are_shown_compressed() -> None:
    assert format_pages([78, *range(54, 77), 14]) == "p.14, p.54–76, p.78"


@pytest.mark.parametrize(
    ("typed", "pages"),
    [("14, 54-56", [14, 54, 55, 56]), ("１４、７８", [14, 78]), ("p.3 p.5", [3, 5]), ("", [])],
)
def test_hand_typed_tags(typed: str, pages: list[int]) -> None:
    assert parse_page_list(typed) == pages


@pytest.mark.parametrize("typed", ["十四", "5-3", "0"])
def test_bad_hand_typed_tags_are_refused_in_japanese(typed: str) -> None:
    with pytest.raises(ValidationError) as raised:
        parse_page_list(typed)
    assert "ページ" in raised.value.message


def reference_like_assessment() -> Assessment:
    outline = parse_outline("Ⅰ=2 Ⅱ=8 Ⅲ=54 Ⅳ=75 Ⅴ=77 Ⅵ=78", "全項目")
    return Assessment(name="住民基本台帳に関する事務", page_count=78, outline=json.dumps(outline))


def test_outline_maps_pages_to_sections() -> None:
    assessment = reference_like_assessment()
    assert section_of(78, assessment) == "Ⅵ 評価実施手続"
    assert section_of(14, assessment) == "Ⅱ 特定個人情報ファイルの概要"
    assert describe([78], assessment) == "p.78 Ⅵ 評価実施手続"


def test_page_beyond_the_document_is_flagged() -> None:
    assert "※評価書は78ページまで" in describe([99], reference_like_assessment())


def test_outline_accepts_arabic_numbers_and_refuses_disorder() -> None:
    assert parse_outline("1=2, 2:8", "全項目") == {"Ⅰ": 2, "Ⅱ": 8}
    with pytest.raises(ValidationError):
        parse_outline("Ⅰ=20 Ⅱ=8", "全項目")
    with pytest.raises(ValidationError):
        parse_outline("Ⅸ=3", "全項目")


@given(st.text(max_size=200))
def test_recogniser_never_fails(text: str) -> None:
    pages = pages_in(text)
    assert pages == sorted(set(pages))
    assert all(page > 0 for page in pages)
