"""第N回: how a board counts its meetings, straight through or afresh each 年度.

A board numbering each 年度 may hold 第1回 every year; the store keeps a meeting's number
unique within its board and its 年度 (`Meeting.fiscal_year`, 0 for a board numbered straight
through), and the title of its minutes says which 年度 (「令和5年度第3回」).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from pia_meeting.core.errors import ValidationError
from pia_meeting.core.model import Board, Numbering
from pia_meeting.core.text import parse_numeral
from pia_meeting.core.wareki import ERA_BY_NAME, fiscal_year, fiscal_year_text


def _day(date: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(date) if date else None
    except ValueError:
        return None


def meeting_fiscal_year(numbering: str, date: str | None) -> int:
    """The 年度 a meeting's number counts in: its first year for a board numbering each
    年度 afresh, 0 for one numbered straight through (or a meeting without a date)."""
    day = _day(date)
    if numbering != Numbering.FISCAL_YEAR or day is None:
        return 0
    return fiscal_year(day)


def number_text(number: int | None, date: str | None, board: Board) -> str:
    """「第3回」, or 「令和5年度第3回」 for a board numbering each 年度 afresh."""
    if number is None:
        return ""
    day = _day(date)
    if board.numbering == Numbering.FISCAL_YEAR and day is not None:
        return f"{fiscal_year_text(day)}第{number}回"
    return f"第{number}回"


_NUMBER = re.compile(
    r"^(?:(?P<era>令和|平成|昭和|[RHS])\.?(?P<year>元|\d{1,3})年度)?第?(?P<n>[0-9〇一二三四五六七八九十百]+)回?$"
)
MESSAGE = "回を1以上の数字で入力してください(例: 15、第15回、令和元年度第2回)"


def parse_number(text: str, date: str | None = None) -> int:
    """The 回 typed as 「15」「第15回」「十五」 or 「令和元年度第2回」. A 年度 typed with it must
    be the one of the meeting's date, when there is one (ValidationError otherwise)."""
    raw = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    match = _NUMBER.match(raw)
    number = parse_numeral(match.group("n")) if match else None
    if match is None or number is None or number < 1:
        raise ValidationError("number", MESSAGE)
    day = _day(date)
    if match.group("era") and day is not None:
        era = ERA_BY_NAME[match.group("era")]
        year = 1 if match.group("year") == "元" else int(match.group("year"))
        if era.start.year + year - 1 != fiscal_year(day):
            raise ValidationError(
                "number",
                f"開催日は{fiscal_year_text(day)}です(入力は{match.group('era')}"
                f"{match.group('year')}年度)",
            )
    return number
