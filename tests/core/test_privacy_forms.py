"""Every written form of a 個人番号 is found (SPEC §7): any width of digit, any grouping, any
mix of the separators people type between the groups, in lists, in brackets, next to kana
and kanji; and a 13-digit 法人番号 is never taken for one, however it is laid out."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from pia_meeting.core.privacy import (
    MY_NUMBER,
    find_personal_data,
    is_valid_corporate_number,
    my_number_check_digit,
)

FULL = str.maketrans("0123456789", "０１２３４５６７８９")
SEPARATORS = [" ", "\u00a0", "\u3000", "-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014",
              "\u2015", "\u2212", "ー", "－", ".", "．"]  # fmt: skip
CONTEXT = st.text(
    alphabet=st.sampled_from(
        [chr(c) for c in range(0x3041, 0x3097)]  # ひらがな
        + [chr(c) for c in range(0x30A1, 0x30F7)]  # カタカナ
        + list("個人番号委員会事務局評価書住民基本台帳市区町村申請者")
        + list("、。「」（）【】！？")
    ),
    max_size=12,
)
BRACKETS = st.sampled_from([("", ""), ("（", "）"), ("(", ")"), ("「", "」"), ("【", "】")])
EXAMPLES = settings(max_examples=1000, deadline=None)


def my_number(base: list[int]) -> str:
    digits = "".join(map(str, base))
    return digits + str(my_number_check_digit(digits))


def corporate_number(base: list[int]) -> str:
    digits = "".join(map(str, base))
    total = sum(int(d) * (1 if n % 2 else 2) for n, d in enumerate(reversed(digits), start=1))
    return str(9 - total % 9) + digits


def write(digits: str, rng: random.Random, *, smallest_group: int) -> str:
    """`digits` in groups of random sizes (each at least `smallest_group`), a random run of
    separators between them, each digit half or full width at random."""
    cuts: list[int] = []
    position = 0
    while len(digits) - position > 2 * smallest_group and rng.random() < 0.7:
        position = rng.randint(position + smallest_group, len(digits) - smallest_group)
        cuts.append(position)
    groups = [digits[a:b] for a, b in zip([0, *cuts], [*cuts, len(digits)], strict=True)]
    parts = []
    for index, group in enumerate(groups):
        if index:
            separator = rng.choice(SEPARATORS)
            if rng.random() < 0.2:  # 「1234 - 5678」
                separator = f" {separator} "
            parts.append(separator)
        parts.append("".join(d.translate(FULL) if rng.random() < 0.3 else d for d in group))
    return "".join(parts)


BASE_11 = st.lists(st.integers(0, 9), min_size=11, max_size=11)
BASE_12 = st.lists(st.integers(0, 9), min_size=12, max_size=12)


@EXAMPLES
@given(base=BASE_11, seed=st.integers(), before=CONTEXT, after=CONTEXT, brackets=BRACKETS)
def test_a_my_number_is_found_in_any_written_form(
    base: list[int], seed: int, before: str, after: str, brackets: tuple[str, str]
) -> None:
    written = write(my_number(base), random.Random(seed), smallest_group=2)
    text = f"{before}{brackets[0]}{written}{brackets[1]}{after}"
    found = [f for f in find_personal_data(text) if f.kind == MY_NUMBER]
    start = len(before) + len(brackets[0])
    assert [(f.start, f.end, f.matched) for f in found] == [(start, start + len(written), written)]


@EXAMPLES
@given(
    first=BASE_11,
    second=BASE_11,
    seed=st.integers(),
    comma=st.sampled_from([",", "、", "，", ", ", "、 ", "及び", "と"]),
)
def test_every_number_of_a_list_is_found(
    first: list[int], second: list[int], seed: int, comma: str
) -> None:
    rng = random.Random(seed)
    one = write(my_number(first), rng, smallest_group=2)
    two = write(my_number(second), rng, smallest_group=2)
    found = find_personal_data(f"個人番号は{one}{comma}{two}である。")
    assert [f.matched for f in found if f.kind == MY_NUMBER] == [one, two]


@EXAMPLES
@given(base=BASE_12, seed=st.integers(), before=CONTEXT, after=CONTEXT, brackets=BRACKETS)
def test_a_corporate_number_is_never_a_my_number(
    base: list[int], seed: int, before: str, after: str, brackets: tuple[str, str]
) -> None:
    number = corporate_number(base)
    assert is_valid_corporate_number(number)
    written = write(number, random.Random(seed), smallest_group=1)
    text = f"法人番号{before}{brackets[0]}{written}{brackets[1]}{after}"
    assert [f for f in find_personal_data(text) if f.kind == MY_NUMBER] == []


def test_the_forms_the_guard_missed() -> None:
    # Each passed `check` and reached the 公開用 before.
    listed = [f.matched for f in find_personal_data("個人番号123456789018,987654321093")]
    assert listed == ["123456789018", "987654321093"]
    for written in (
        "1234\u00a05678\u00a09018",
        "1234-5678 9018",
        "1234 − 5678 − 9018",
        "1234.5678.9018",
        "123-456-789-018",
        "１２３４ ５６７８－９０１８",
    ):
        found = [f.matched for f in find_personal_data(f"個人番号{written}") if f.kind == MY_NUMBER]
        assert found == [written]


def test_corporate_layouts_and_longer_numbers_stay_quiet() -> None:
    for text in (
        "4 0110 0109 8993",
        "4011-0010-9899-3",
        "4-011001-098993",
        "1234 5678 9018 3456",  # a card number
        "123456789018-1",  # a code with a suffix
        "1.23456789018",  # a decimal
    ):
        assert [f for f in find_personal_data(text) if f.kind == MY_NUMBER] == [], text
