"""和暦: dates and times as the secretariat types and reads them (DOMAIN §3)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pia_meeting.core.wareki import (
    DateInputError,
    format_date,
    format_date_time_range,
    format_stored_date,
    format_timestamp,
    parse_date,
    parse_date_time_range,
    parse_time,
    parse_year,
    weekday,
)

JAPANESE = ("日付", "時刻", "ありません", "読めません", "存在しない", "入力", "前です")


def _is_japanese_message(message: str) -> bool:
    return any(word in message for word in JAPANESE)


# -- rendering -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2021, 11, 9), "令和3年11月9日(火)"),
        (dt.date(2019, 5, 1), "令和元年5月1日(水)"),
        (dt.date(2019, 4, 30), "平成31年4月30日(火)"),
        (dt.date(1989, 1, 7), "昭和64年1月7日(土)"),
        (dt.date(1989, 1, 8), "平成元年1月8日(日)"),
        (dt.date(2025, 10, 21), "令和7年10月21日(火)"),
    ],
)
def test_format_date(day: dt.date, expected: str) -> None:
    assert format_date(day) == expected


def test_weekday_is_computed_for_every_day_of_a_week() -> None:
    monday = dt.date(2021, 11, 8)
    weekdays = [format_date(monday + dt.timedelta(days=i))[-2] for i in range(7)]
    assert "".join(weekdays) == "月火水木金土日"


def test_format_date_options() -> None:
    day = dt.date(2019, 11, 28)
    assert format_date(day, with_weekday=False) == "令和元年11月28日"
    assert format_date(day, long_weekday=True) == "令和元年11月28日(木曜日)"


def test_format_date_time_range() -> None:
    day = dt.date(2021, 11, 9)
    assert (
        format_date_time_range(day, dt.time(10, 0), dt.time(10, 50))
        == "令和3年11月9日(火) 10:00~10:50"
    )
    assert format_date_time_range(day, dt.time(9, 5), None) == "令和3年11月9日(火) 09:05~"
    assert format_date_time_range(day, None, None) == "令和3年11月9日(火)"


# -- parsing dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-11-09", dt.date(2021, 11, 9)),
        ("2021/11/9", dt.date(2021, 11, 9)),
        ("2021年11月9日", dt.date(2021, 11, 9)),
        ("２０２１年１１月９日", dt.date(2021, 11, 9)),
        ("令和3年11月9日", dt.date(2021, 11, 9)),
        ("令和３年１１月９日", dt.date(2021, 11, 9)),
        ("令和3年11月9日(火)", dt.date(2021, 11, 9)),
        ("R3.11.9", dt.date(2021, 11, 9)),
        ("r3.11.9", dt.date(2021, 11, 9)),
        ("令和元年5月1日", dt.date(2019, 5, 1)),
        ("平成31年4月30日", dt.date(2019, 4, 30)),
        ("昭和64年1月7日", dt.date(1989, 1, 7)),
        ("平成元年1月8日", dt.date(1989, 1, 8)),
        ("  2021-11-09  ", dt.date(2021, 11, 9)),
        ("2021年11月9日(火曜日)", dt.date(2021, 11, 9)),
        ("令和6年11月21日（木曜日）", dt.date(2024, 11, 21)),
        ("令和 6 年 11 月 21 日", dt.date(2024, 11, 21)),
        ("2021 年 11 月 9 日", dt.date(2021, 11, 9)),
    ],
)
def test_parse_date_accepts(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("2021-02-30", "存在しない"),
        ("令和元年4月1日", "令和の始まり"),
        ("平成31年5月1日", "令和"),
        ("昭和64年1月8日", "平成"),
        ("令和0年1月1日", "ありません"),
        ("", "入力してください"),
        ("   ", "入力してください"),
        ("garbage", "読めません"),
        ("来週の火曜日", "読めません"),
        ("2021-13-01", "存在しない"),
    ],
)
def test_parse_date_refuses_with_a_japanese_message(text: str, hint: str) -> None:
    with pytest.raises(DateInputError) as caught:
        parse_date(text)
    assert hint in str(caught.value)
    assert _is_japanese_message(str(caught.value))


def test_date_input_error_is_a_value_error() -> None:
    # Callers that catch ValueError around int()/date() conversions also catch this one.
    with pytest.raises(ValueError):
        parse_date("2021-02-30")


# -- parsing times ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10:00", dt.time(10, 0)),
        ("9:05", dt.time(9, 5)),
        ("１０：００", dt.time(10, 0)),
        ("10時", dt.time(10, 0)),
        ("午後1時半", dt.time(13, 30)),
        ("午前9時30分", dt.time(9, 30)),
        ("午後3時15分", dt.time(15, 15)),
        ("正午", dt.time(12, 0)),
    ],
)
def test_parse_time_accepts(text: str, expected: dt.time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("25:00", "存在しない"),
        ("10:61", "存在しない"),
        ("十時", "読めません"),
        ("abc", "読めません"),
        ("", "入力してください"),
    ],
)
def test_parse_time_refuses_with_a_japanese_message(text: str, hint: str) -> None:
    with pytest.raises(DateInputError) as caught:
        parse_time(text)
    assert hint in str(caught.value)
    assert _is_japanese_message(str(caught.value))


# -- properties ------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_parse_date_raises_only_date_input_error(text: str) -> None:
    try:
        parse_date(text)
    except DateInputError as exc:
        assert str(exc)


@settings(max_examples=300, deadline=None)
@given(
    st.from_regex(
        r"(令和|平成|昭和|大正|明治|R|H|S)?(元|[0-9]{1,3})[年./-][0-9]{1,2}[月./-][0-9]{1,3}日?",
        fullmatch=True,
    )
)
def test_parse_date_on_era_shaped_text_raises_only_date_input_error(text: str) -> None:
    try:
        parse_date(text)
    except DateInputError as exc:
        assert str(exc)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=15))
def test_parse_time_raises_only_date_input_error(text: str) -> None:
    try:
        parse_time(text)
    except DateInputError as exc:
        assert str(exc)


@settings(max_examples=500, deadline=None)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_format_then_parse_round_trips(day: dt.date) -> None:
    assert parse_date(format_date(day, with_weekday=True)) == day
    assert parse_date(format_date(day, with_weekday=False)) == day
    assert parse_date(format_date(day, long_weekday=True)) == day
    assert parse_date(f"{day.year}年{day.month}月{day.day}日({weekday(day)}曜日)") == day
    assert parse_date(day.isoformat()) == day


@pytest.mark.parametrize(
    "day",
    [
        dt.date(1912, 7, 29),
        dt.date(1912, 7, 30),
        dt.date(1926, 12, 24),
        dt.date(1926, 12, 25),
        dt.date(1989, 1, 7),
        dt.date(1989, 1, 8),
        dt.date(2019, 4, 30),
        dt.date(2019, 5, 1),
    ],
)
def test_round_trip_at_every_era_boundary(day: dt.date) -> None:
    assert parse_date(format_date(day)) == day


# -- properties over the characters dates and times are typed with ------------------------------

# Digits of both widths, era names and letters, separators, spaces of both widths, weekday
# brackets, 午前/午後: text a hurried secretary could type into a date or time field.
_DATE_TIME_ALPHABET = (
    "0123456789０１２３４５６７８９年月日元令和平成昭和大正明治RHSTMrhs.-/:：~〜～ 　()（）"
    "月火水木金土曜午前後時分半正"
)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_DATE_TIME_ALPHABET, max_size=20))
def test_date_and_time_shaped_noise_raises_only_a_japanese_date_input_error(text: str) -> None:
    for parse in (parse_date, parse_time):
        try:
            result = parse(text)
        except DateInputError as exc:
            assert _is_japanese_message(str(exc))
        else:
            assert isinstance(result, dt.date | dt.time)


@settings(max_examples=300, deadline=None)
@given(
    st.from_regex(r"(午前|午後)?[0-9０-９]{1,3}([:：時][0-9０-９]{0,3}分?|時半)?", fullmatch=True)
)
def test_time_shaped_text_gives_a_real_time_or_a_japanese_message(text: str) -> None:
    try:
        moment = parse_time(text)
    except DateInputError as exc:
        assert _is_japanese_message(str(exc))
    else:
        assert 0 <= moment.hour <= 23 and 0 <= moment.minute <= 59


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_any_refusal_is_worded_in_japanese(text: str) -> None:
    for parse in (parse_date, parse_time):
        try:
            parse(text)
        except DateInputError as exc:
            assert _is_japanese_message(str(exc))


_FULL_WIDTH = str.maketrans("0123456789:", "０１２３４５６７８９：")


@settings(max_examples=300, deadline=None)
@given(st.times())
def test_times_round_trip_in_every_form(moment: dt.time) -> None:
    minute = moment.replace(second=0, microsecond=0)
    typed = f"{minute.hour}:{minute.minute:02d}"
    assert parse_time(typed) == minute
    assert parse_time(typed.translate(_FULL_WIDTH)) == minute
    assert parse_time(f"{minute.hour}時{minute.minute}分") == minute
    if 1 <= minute.hour <= 11:
        assert parse_time(f"午前{minute.hour}時{minute.minute}分") == minute
    if 13 <= minute.hour <= 23:
        assert parse_time(f"午後{minute.hour - 12}時{minute.minute}分") == minute


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=dt.date(1873, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_full_width_dates_read_like_half_width_ones(day: dt.date) -> None:
    assert parse_date(format_date(day).translate(_FULL_WIDTH)) == day
    assert parse_date(f"{day.year}年{day.month}月{day.day}日".translate(_FULL_WIDTH)) == day


@pytest.mark.parametrize("text", ["令和3年11月9日(火)", "2021-11-09(火曜日)", "R3.11.9（火）"])
def test_a_weekday_typed_with_its_date_is_accepted(text: str) -> None:
    assert parse_date(text) == dt.date(2021, 11, 9)


@pytest.mark.parametrize("text", ["令和3年11月9日(水)", "2021-11-09(水曜日)", "R3.11.9（水）"])
def test_a_weekday_that_is_not_the_dates_is_refused(text: str) -> None:
    with pytest.raises(DateInputError, match=r"曜日が合いません: 令和3年11月9日は火曜日です"):
        parse_date(text)


def test_a_published_document_is_read_past_a_wrong_weekday() -> None:
    assert parse_date("令和3年11月9日(水)", check_weekday=False) == dt.date(2021, 11, 9)


# -- dates 和暦 cannot print, and eras with no end (issue: one date typo bricks the database)


def test_a_date_before_meiji_is_refused_where_it_is_typed() -> None:
    for typed in ("1021-11-09", "1867/12/31", "1021年11月9日"):
        with pytest.raises(DateInputError, match="和暦で表せません"):
            parse_date(typed)
    assert parse_date("1868-01-25") == dt.date(1868, 1, 25)


def test_a_stored_date_before_meiji_prints_in_seireki_and_never_fails() -> None:
    assert format_date(dt.date(1021, 11, 9)) == "1021年11月9日(金)"
    assert format_stored_date("1021-11-09") == "1021年11月9日(金)"
    assert format_stored_date("令和3年") == "令和3年"  # not ISO: shown as stored
    assert format_stored_date(None, missing="日付未定") == "日付未定"
    assert format_timestamp("昨日の夕方") == "昨日の夕方"


def test_reiwa_100_and_later_read_back() -> None:
    day = parse_date("令和100年1月1日")
    assert day == dt.date(2118, 1, 1)
    assert format_date(day) == "令和100年1月1日(土)"
    assert parse_date(format_date(day, with_weekday=False)) == day
    assert parse_year("令和100年") == 2118
    assert parse_year("R150") == 2168


# -- the date and time range of a published minutes' header (DOMAIN §3) --------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和3年11月9日(火) 10:00~10:50", ("2021-11-09", "10:00", "10:50")),
        ("令和3年11月9日（火）10:00〜10:50", ("2021-11-09", "10:00", "10:50")),
        ("令和6年11月21日(木曜日)午前9時30分~午前10時30分", ("2024-11-21", "09:30", "10:30")),
        ("令和6年11月21日(木曜日)午前9時30分～午前10時30分", ("2024-11-21", "09:30", "10:30")),
        ("令和元年11月28日(木曜日)午前10時から正午まで", ("2019-11-28", "10:00", "12:00")),
        ("2021年11月9日(火) 13:30～15:00", ("2021-11-09", "13:30", "15:00")),
        ("平成31年4月26日(金)午後1時半~3時", ("2019-04-26", "13:30", "15:00")),
        ("令和 6 年 11 月 21 日", ("2024-11-21", None, None)),
        ("R3.11.9 10:00-10:50", ("2021-11-09", "10:00", "10:50")),
    ],
)
def test_parse_date_time_range_reads_every_published_form(
    text: str, expected: tuple[str, str | None, str | None]
) -> None:
    read = parse_date_time_range(text)
    assert read is not None
    day, start, end = read
    assert (
        day.isoformat(),
        start.strftime("%H:%M") if start else None,
        end.strftime("%H:%M") if end else None,
    ) == expected


@pytest.mark.parametrize(
    "text",
    [
        "令和3年2月30日",
        "令和3年11月9日 10:50~10:00",
        "令和3年11月9日 14:00~13:00",  # an afternoon end before the start, not 25:00
        "令和3年11月9日 午前中",
        "未定",
    ],
)
def test_parse_date_time_range_gives_none_unless_all_of_it_is_read(text: str) -> None:
    assert parse_date_time_range(text) is None
