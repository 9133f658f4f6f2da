"""禁則: no wrapped line starts with 。、」）』】 or ends with 「（『【 (issue 18, item 12)."""

from __future__ import annotations

import random

import pytest

from pia_meeting.core.linebreak import NO_END, NO_START, cell_width, line_breaks, wrap

SENTENCES = [
    "アクセス権限の見直しについても、システム移行後に同じような事例が起きないよう、"
    "付帯意見として付けてはどうか。",
    "全項目評価書の記載は保護評価指針に定める実施手続等に適合し、同指針に定める保護評価の"
    "目的等に照らし妥当である。",
    "なお、「評価書」（案）の『第三者点検』【p.30】について、再委託先の監督はどうしているか。",
    "LGWAN 接続系の端末では、USBメモリの利用を禁止している(2,000台)。",
]


def width_of(line: str) -> int:
    return sum(cell_width(c) for c in line)


@pytest.mark.parametrize("width", range(8, 81))
def test_no_line_starts_or_ends_with_a_forbidden_character(width: int) -> None:
    for text in SENTENCES:
        lines = wrap(text, width)
        assert "".join(lines) == text  # nothing lost, nothing added
        for index, line in enumerate(lines):
            assert width_of(line) <= width, (width, line)
            if index:
                assert line[0] not in NO_START, (width, lines)
            if index < len(lines) - 1:
                assert line[-1] not in NO_END, (width, lines)


def test_the_comma_goes_down_with_the_character_before_it() -> None:
    # 78 cells: 「…起きないよう」 fills the line and 「、」 would start the next one.
    text = SENTENCES[0]
    plain = [text[:38], text[38:]]  # what a plain wrap at 76 cells gives
    assert plain[1].startswith("、")
    lines = wrap(text, 76)
    assert lines[1].startswith("う、")
    assert lines[0] == text[:37]


def test_latin_words_are_not_cut_and_spaces_break() -> None:
    assert wrap("LGWAN 接続系", 6) == ["LGWAN ", "接続系"]
    assert wrap("LGWAN 接続系", 5) == ["LGWAN", " 接続", "系"]
    assert wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]  # longer than a line: cut


def test_a_run_of_punctuation_longer_than_a_line_is_still_cut() -> None:
    lines = wrap("あ」」」」」」」」」", 6)
    assert "".join(lines) == "あ」」」」」」」」」"
    assert all(width_of(line) <= 6 for line in lines)


def test_random_japanese_keeps_the_rules() -> None:
    rng = random.Random(18)
    alphabet = "あいうえおかきくけこ漢字、。「」（）『』【】ーっゃabc 12"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 120))).strip()
        width = rng.randint(4, 40)
        cuts = line_breaks(text, width)
        assert cuts == sorted(set(cuts)) and all(0 < c < len(text) for c in cuts)
        lines = wrap(text, width)
        assert "".join(lines) == text
        assert all(width_of(line) <= width for line in lines)
