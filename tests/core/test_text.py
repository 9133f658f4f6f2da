"""Display width and cutting of text, as the terminal draws it."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from pia_meeting.core.text import display_width, fit_width, parse_numeral

SAMPLES = (
    "第15回  令和3年11月9日(火)  閉会  94件",
    unicodedata.normalize("NFD", "ガイドラインに基づく"),  # decomposed kana, from a .docx
    "⭕ 確認済み ✅",
    "ＬＧＷＡＮ接続系の端末「[注]」・〇○※",
    "住民基本台帳ネットワーク 한국어 ｱｲｳ 𠮷野家",
    "plain ASCII (1-2)",
)


@pytest.mark.parametrize("text", SAMPLES)
def test_display_width_is_what_the_terminal_draws(text: str) -> None:
    assert display_width(text) == cell_len(text)


def test_every_character_is_measured_as_the_terminal_draws_it() -> None:
    """Each assigned character of the basic, supplementary and ideographic planes, one by
    one: a line padded with a wrong width would push every column after it."""
    wrong = [
        f"U+{code:04X}"
        for code in range(0x20, 0x30000)
        if unicodedata.category(chr(code)) not in ("Cn", "Co", "Cs", "Cc")
        and display_width(chr(code)) != cell_len(chr(code))
    ]
    assert wrong == []


@given(st.text(alphabet="aB1 ()第回年月日（）ＡＢ・〇ｱｲ한", max_size=40), st.integers(2, 50))
def test_a_cut_line_fits_ends_in_an_ellipsis_and_keeps_all_that_fits(text: str, cells: int) -> None:
    cut = fit_width(text, cells)
    if display_width(text) <= cells:
        assert cut == text
        return
    assert cut.endswith("…")
    assert text.startswith(cut[:-1])
    assert display_width(cut) <= cells
    kept = len(cut) - 1
    assert display_width(text[: kept + 1]) + 1 > cells  # one more character would not fit


def test_a_single_cell_holds_only_the_ellipsis() -> None:
    assert fit_width("abcdef", 1) == "…"
    assert fit_width("第15回", 1) == "…"


# -- numbers as documents print them ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15", 15),
        ("１５", 15),
        ("十五", 15),
        ("十", 10),
        ("二十", 20),
        ("百二十三", 123),
        ("三", 3),
        ("〇", 0),
    ],
)
def test_parse_numeral_reads_digits_of_either_width_and_kanji(text: str, expected: int) -> None:
    assert parse_numeral(text) == expected


@pytest.mark.parametrize("text", ["第三", "15回", "十五a", "1.5"])
def test_parse_numeral_gives_none_for_anything_else(text: str) -> None:
    assert parse_numeral(text) is None
