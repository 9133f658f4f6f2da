"""The header reader's table: every key word leads to a handler, and each handler does its one
field (the layouts as a whole are in test_import.py and test_import_pins.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from pia_meeting.core.model import Openness, Presence, RecordStyle, Side
from pia_meeting.imports.header import FIELDS, HEADER_FIELD, HeaderReader
from pia_meeting.imports.lines import split_lines
from pia_meeting.imports.tree import ParsedMinutes
from pia_meeting.imports.vocabulary import HEADER_LABELS


def _read(text: str) -> tuple[ParsedMinutes, HeaderReader, list[str]]:
    out = ParsedMinutes()
    reader = HeaderReader(out, split_lines(text))
    body = [line.text for line in reader.read()]
    return out, reader, body


def test_every_header_key_has_a_handler() -> None:
    assert {key for _, key in HEADER_LABELS} == set(FIELDS)
    assert set(HEADER_FIELD.values()) == set(FIELDS)


@pytest.mark.parametrize(
    ("line", "check"),
    [
        ("開催日時 令和3年11月9日(火) 10:00~10:50", lambda o: o.date == dt.date(2021, 11, 9)),
        ("◇場所 市役所本庁舎3階", lambda o: o.place == "市役所本庁舎3階"),
        ("傍 聴 者 なし", lambda o: o.observers == 0),
        ("傍聴人の数\t2名", lambda o: o.observers == 2),
        ("会議名\t第5回 みどり野市個人情報保護審査会", lambda o: o.number == 5),
        ("公開または非公開の別\t一部非公開", lambda o: o.openness == Openness.PARTLY),
        ("議題 (1) 住民基本台帳に関する事務について(非公開)", lambda o: not o.items[0].is_public),
        ("欠席委員 北村委員", lambda o: o.attendees[0].presence == Presence.ABSENT),
        ("事務局 総務課 佐々木係長", lambda o: o.attendees[0].side == Side.SECRETARIAT),
    ],
)
def test_each_field_reads_its_value(line: str, check: object) -> None:
    out, reader, _ = _read(f"{line}\n")
    assert check(out), out  # type: ignore[operator]
    assert reader.extras == []


def test_a_key_alone_takes_its_value_from_the_next_line() -> None:
    out, _, body = _read(
        "開催日時\n令和6年11月21日(木曜日)午前9時30分~午前10時30分\n内容\n開会する。\n"
    )
    assert (out.date, out.start_time) == (dt.date(2024, 11, 21), dt.time(9, 30))
    assert body == ["開会する。"]


def test_the_body_key_ends_the_header_and_may_carry_the_first_line() -> None:
    out, _, body = _read("日 時\t令和3年11月9日\n議事(要旨)\t(事務局) 開会する。\n(委員) 質問。\n")
    assert out.record_style == RecordStyle.SUMMARY
    assert body == ["(事務局) 開会する。", "(委員) 質問。"]


def test_what_a_field_cannot_read_is_kept_as_printed() -> None:
    out, reader, _ = _read("日時 未定\n傍聴人 若干名\n内容\n")
    assert out.date is None
    assert [e.text for e in reader.extras] == ["日時 未定", "傍聴人 若干名"]
