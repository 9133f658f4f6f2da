"""和暦 (Japanese era) rendering and parsing of dates and times typed by the secretariat.

Dates are stored as ISO 8601 and only rendered in 和暦. The era table is our own, small and
explicit, because the boundaries (元年, 1989-01-08, 2019-05-01) must be exact.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from pia_meeting.core.errors import UserError

WEEKDAYS = "月火水木金土日"


@dataclass(frozen=True)
class Era:
    name: str
    letter: str
    start: dt.date


# Newest first: the first era whose start is on or before the date is the one.
ERAS: tuple[Era, ...] = (
    Era("令和", "R", dt.date(2019, 5, 1)),
    Era("平成", "H", dt.date(1989, 1, 8)),
    Era("昭和", "S", dt.date(1926, 12, 25)),
    Era("大正", "T", dt.date(1912, 7, 30)),
    Era("明治", "M", dt.date(1868, 1, 25)),
)
ERA_BY_NAME = {e.name: e for e in ERAS} | {e.letter: e for e in ERAS}
FIRST_DAY = ERAS[-1].start  # the first day 和暦 can print (明治元年1月25日 in this table)


class DateInputError(UserError, ValueError):
    """A date or time the user typed cannot be understood; the message is Japanese."""


def era_of(day: dt.date) -> tuple[Era, int]:
    for era in ERAS:
        if day >= era.start:
            return era, day.year - era.start.year + 1
    raise DateInputError(f"明治より前の日付は和暦で表せません: {day.isoformat()}")


def era_year_text(day: dt.date) -> str:
    """「令和3年」, 「令和元年」; 「1021年」 in 西暦 for a date before 明治, which a hand-edited
    or old file may hold: printing it must never fail."""
    if day < FIRST_DAY:
        return f"{day.year}年"
    era, year = era_of(day)
    return f"{era.name}{'元' if year == 1 else year}年"


def weekday(day: dt.date) -> str:
    return WEEKDAYS[day.weekday()]


def format_date(day: dt.date, *, with_weekday: bool = True, long_weekday: bool = False) -> str:
    """「令和3年11月9日(火)」; the weekday is always computed, never typed."""
    text = f"{era_year_text(day)}{day.month}月{day.day}日"
    if with_weekday:
        suffix = "曜日" if long_weekday else ""
        text += f"({weekday(day)}{suffix})"
    return text


def fiscal_year(day: dt.date) -> int:
    """The 年度 of `day` as its first year: April to March (2024-03-31 → 2023)."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_text(day: dt.date) -> str:
    """「令和5年度」; the 年度 takes the era in force at its end, as offices name it (the
    whole of April 2019 – March 2020 is 令和元年度), or at its start when that era began
    later (昭和63年度 ends in 平成元年)."""
    first = fiscal_year(day)
    end = dt.date(first + 1, 3, 31)
    if end < FIRST_DAY:
        return f"{first}年度"
    era, _ = era_of(end)
    if first < era.start.year:
        era, _ = era_of(max(dt.date(first, 4, 1), FIRST_DAY))
    number = first - era.start.year + 1
    return f"{era.name}{'元' if number == 1 else number}年度"


def format_stored_date(iso: str | None, *, with_weekday: bool = True, missing: str = "") -> str:
    """A date as stored (ISO) in 和暦, never failing: `missing` when there is none, the
    stored text itself when it is not a date (a file edited by hand)."""
    if not iso:
        return missing
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return format_date(day, with_weekday=with_weekday)


def format_date_time_range(day: dt.date, start: dt.time | None, end: dt.time | None) -> str:
    """「令和3年11月9日(火) 10:00~10:50」 as in the published minutes."""
    text = format_date(day)
    if start and end:
        text += f" {start:%H:%M}~{end:%H:%M}"
    elif start:
        text += f" {start:%H:%M}~"
    return text


def format_time(
    moment: dt.time, form: str = "clock", *, zero_minutes: bool = True, noon: str = ""
) -> str:
    """A time as minutes print it: clock 「09:30」, kanji 「9時30分」「13時00分」 (「13時」 without
    `zero_minutes`), ampm 「午前9時30分」「午後2時」, and 12:00 as `noon` (「正午」) when given."""
    if form == "clock":
        return f"{moment:%H:%M}"
    minutes = f"{moment.minute}分" if moment.minute else ("00分" if zero_minutes else "")
    if form == "kanji":
        return f"{moment.hour}時{minutes}"
    if noon and moment.hour == 12 and moment.minute == 0:
        return noon
    half = "午前" if moment.hour < 12 else "午後"
    return f"{half}{moment.hour % 12}時{minutes}"


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    return text.replace("〜", "~").replace("～", "~")


_ISO = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s*[(（](.{1,3})[)）])?$")
_WAREKI = re.compile(
    r"^(令和|平成|昭和|大正|明治|[RHSTMrhstm])\.?\s*(元|\d{1,3})[年./-]\s*(\d{1,2})[月./-]\s*(\d{1,2})日?"
    r"(?:\s*[(（](.{1,3})[)）])?$"
)


def _same_weekday(day: dt.date, typed: str | None, check: bool) -> dt.date:
    if check and typed and typed[0] in WEEKDAYS and typed[0] != weekday(day):
        raise DateInputError(
            f"曜日が合いません: {format_date(day, with_weekday=False)}は"
            f"{weekday(day)}曜日です(入力は{typed[0]}曜日)"
        )
    return day


def _in_wareki(day: dt.date) -> dt.date:
    if day < FIRST_DAY:
        raise DateInputError(
            f"{day.year}年{day.month}月{day.day}日は和暦で表せません"
            f"({FIRST_DAY.year}年{FIRST_DAY.month}月{FIRST_DAY.day}日以降の日付を入力してください)"
        )
    return day


def parse_date(text: str, *, check_weekday: bool = True) -> dt.date:
    """Accept 2021-11-09, 2021/11/9, 2021年11月9日, 令和3年11月9日, R3.11.9, 令和元年5月1日.

    A weekday typed with the date (「(水)」, 「(水曜日)」) must be the date's: a slip in one
    of the two would otherwise reach the minutes. `check_weekday=False` reads past it (a
    published document is taken as it is)."""
    # Spaces inside a date (「令和 6 年 11 月 21 日」, common in PDF text) carry no meaning.
    raw = re.sub(r"\s+", "", _normalise(text))
    if not raw:
        raise DateInputError("日付を入力してください(例: 2021-11-09 または 令和3年11月9日)")
    m = _ISO.match(raw)
    try:
        if m:
            day = _in_wareki(dt.date(int(m[1]), int(m[2]), int(m[3])))
            return _same_weekday(day, m[4], check_weekday)
        m = _WAREKI.match(raw)
        if m:
            era = ERA_BY_NAME[m[1].upper() if len(m[1]) == 1 else m[1]]
            year = 1 if m[2] == "元" else int(m[2])
            if year < 1:
                raise DateInputError(f"{era.name}0年はありません")
            day = dt.date(era.start.year + year - 1, int(m[3]), int(m[4]))
            if day < era.start:
                raise DateInputError(
                    f"{era.name}{m[2]}年{m[3]}月{m[4]}日は{era.name}の始まり"
                    f"({era.start.month}月{era.start.day}日)より前です"
                )
            following = [e for e in ERAS if e.start > era.start]
            if following and day >= following[-1].start:
                nxt = following[-1]
                raise DateInputError(
                    f"{era.name}{m[2]}年{m[3]}月{m[4]}日はありません"
                    f"({nxt.start.isoformat()}からは{nxt.name}です)"
                )
            return _same_weekday(day, m[5], check_weekday)
    except ValueError as exc:
        if isinstance(exc, DateInputError):
            raise
        raise DateInputError(f"存在しない日付です: {text.strip()}") from None
    raise DateInputError(
        f"日付として読めません: {text.strip()}(例: 2021-11-09 または 令和3年11月9日)"
    )


_TIME = re.compile(r"^(午前|午後)?\s*(\d{1,2})(?:[:時](\d{1,2})?分?|時半)?$")


def parse_time(text: str) -> dt.time:
    """Accept 10:00, 9:30, 10時, 午前9時30分, 午後1時半."""
    raw = _normalise(text).replace("：", ":")
    if not raw:
        raise DateInputError("時刻を入力してください(例: 10:00)")
    if raw == "正午":
        return dt.time(12, 0)
    m = _TIME.match(raw)
    if not m:
        raise DateInputError(f"時刻として読めません: {text.strip()}(例: 10:00)")
    hour = int(m[2])
    minute = 30 if raw.endswith("時半") else int(m[3] or 0)
    if m[1] == "午後" and hour < 12:
        hour += 12
    if hour > 23 or minute > 59:
        raise DateInputError(f"存在しない時刻です: {text.strip()}")
    return dt.time(hour, minute)


# A date as minutes print it, then whatever follows (a time or a range of times).
_DATE_THEN_REST = re.compile(
    r"^(?P<date>(?:令和|平成|昭和|大正|明治|[RHSTM]\.?)\s*(?:元|\d{1,2})\s*(?:年|[./])\s*\d{1,2}"
    r"\s*(?:月|[./])\s*\d{1,2}\s*日?|\d{4}\s*(?:年|[-/.])\s*\d{1,2}\s*(?:月|[-/.])\s*\d{1,2}\s*日?)"
    r"\s*(?:[(（][月火水木金土日](?:曜日?)?[)）])?\s*(?P<rest>.*)$"
)
_RANGE_SPLIT = re.compile(r"\s*(?:~|から|-|‐|－|―|—|–)\s*")


def parse_date_time_range(text: str) -> tuple[dt.date, dt.time | None, dt.time | None] | None:
    """The date and time range of a published minutes' header: 「令和3年11月9日(火) 10:00~10:50」,
    「令和6年11月21日(木曜日)午前9時30分~午前10時30分」, 「令和元年11月28日(木曜日)午前10時から
    正午まで」, 西暦 too. The end may be missing; None unless all of the text is read.

    The printed weekday is not checked (a published document is taken as it is); a morning
    end without 午前 after an afternoon start is in the afternoon too (「午後1時半~3時」)."""
    match = _DATE_THEN_REST.match(_normalise(text))
    if not match:
        return None
    try:
        day = parse_date(match.group("date"), check_weekday=False)
    except DateInputError:
        return None
    rest = match.group("rest").strip()
    if not rest:
        return day, None, None
    parts = _RANGE_SPLIT.split(rest, maxsplit=1)
    texts = [re.sub(r"(?:まで|迄)$", "", p).strip() for p in parts]
    try:
        start = parse_time(texts[0])
        end = parse_time(texts[1]) if len(texts) > 1 and texts[1] else None
    except DateInputError:
        return None
    if end is not None and end <= start and end.hour < 12 <= start.hour and "午前" not in texts[1]:
        end = dt.time(end.hour + 12, end.minute)
    if end is not None and end <= start:
        return None
    return day, start, end


def format_timestamp(iso: str | None) -> str:
    """「令和7年10月21日(火) 15:03」 from an ISO datetime; empty when there is none."""
    if not iso:
        return ""
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso  # stored by hand: shown as it is rather than failing
    return f"{format_date(moment.date())} {moment:%H:%M}"


_YEAR = re.compile(r"^(令和|平成|昭和|大正|明治|[RHSTM])\.?(元|\d{1,3})年?$")
_GREGORIAN = re.compile(r"^(\d{4})年?$")


def parse_year(text: str | int) -> int:
    """「令和3年」「R3」「2021」「令和元年」 → the Gregorian year (a search filter)."""
    if isinstance(text, int):
        raw = str(text)
    else:
        raw = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()
    match = _GREGORIAN.match(raw)
    if match:
        year = int(match[1])
        if 1868 <= year <= 9998:
            return year
        raise DateInputError(
            f"{year}年は検索できる年ではありません(1868年以降の西暦で指定してください)"
        )
    match = _YEAR.match(raw.replace("元年", "元"))
    if match:
        era = ERA_BY_NAME[match[1]]
        number = 1 if match[2] == "元" else int(match[2])
        later = [e for e in ERAS if e.start > era.start]
        # The current era has no end: 令和100年 is a year like any other.
        last = later[-1].start.year - era.start.year + 1 if later else 9999 - era.start.year
        if not 1 <= number <= last:
            raise DateInputError(f"{era.name}{number}年はありません")
        return era.start.year + number - 1
    shown = text if isinstance(text, str) else str(text)
    raise DateInputError(f"年として読めません: {shown.strip()}(例: 令和3年、R3、2021)")
