"""What reading a minutes gives: a tree of plain values, not yet in any database
(`parse.parse_minutes` makes it, `write.meeting_record` turns it into rows)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pia_meeting.core.model import (
    LabelStyle,
    Meeting,
    Openness,
    Presence,
    RecordStyle,
    ToshinTemplate,
)
from pia_meeting.imports.layout import LayoutObservations

DEFAULT_TITLE = Meeting().title  # what a meeting typed in the app is called; never imported


@dataclass
class ParsedAttendee:
    side: str
    name: str  # as written: 「三好 達也」 keeps its space, so that its surname is known
    title: str = ""
    department: str = ""
    presence: str = Presence.PRESENT
    # How the labels name the person when it is not the surname of `name` (「長谷部」 of
    # 長谷部隆司, written without a space): the 発言者ラベル, Attendance.label.
    label: str = ""


@dataclass
class ParsedEntry:
    kind: str
    text: str
    label: str = ""  # the label as printed in the source, e.g. 「（戸籍住民課）」
    speaker: int | None = None  # index into ParsedMinutes.attendees
    time: dt.time | None = None  # printed before it by an export 「時刻付き」
    pages: list[int] = field(default_factory=list)  # the 評価書 pages an export listed it under
    # A line of the header with no field: where it was printed (core.model.Entry.header_anchor)
    anchor: str = ""
    # What of a style prints this line again (imports.fit): kept only when the style the
    # meeting is printed in does not (a 会議資料 read into its field, for a style with no row
    # for it). "" for any other line.
    printed_by: str = ""
    position: int = 0  # a line of the header: its place among them (from 1)


@dataclass
class ParsedToshin:
    wording: str
    template: str = ToshinTemplate.CONFORMS
    confirmed: bool = False  # the closing lines were found and are not kept as entries
    result: str = ""


@dataclass
class ParsedItem:
    title: str
    heading: str = ""  # the body heading, when it differs from the title
    is_public: bool = True
    closed_reason: str = ""
    inquiry: str = ""  # 諮問番号 as written: 「諮問第41号」, 「第85号諮問事案」
    category: str = ""  # 分類: 審議事項, 報告事項 …, under which the header lists it
    # Where the category was written: "prefix" (「(2)報告事項 …について」), "line" (a line
    # of its own before the item), "" when none.
    category_form: str = ""
    # The body's heading line of the category just before the item's heading (「3 審議事項」),
    # printed again by a style whose heading carries the category (imports.fit).
    category_heading: ParsedEntry | None = None
    entries: list[ParsedEntry] = field(default_factory=list)
    toshin: ParsedToshin | None = None
    # An export's checklist of the item: item no → (judgement, memo)
    checklist: dict[int, tuple[str, str]] = field(default_factory=dict)
    # The chair's closing lines taken for a confirmed 答申 (imports.closing), in order, and the
    # entries as they were before: a style that prints other closing lines gives them back
    # (imports.fit).
    closing_taken: list[str] = field(default_factory=list)
    before_closing: tuple[list[ParsedEntry], list[str]] | None = None


@dataclass
class ParsedMinutes:
    number: int | None = None  # 第N回 as written; None when the minutes give none
    title: str = ""  # as written, without 第N回 and the document word; "" when none
    board_name: str = ""
    date: dt.date | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    place: str = ""
    openness: str = ""  # stated in the header; empty = derived from the agenda
    record_style: str = RecordStyle.VERBATIM
    observers: int | None = None  # None: the minutes do not say
    label_style: str = LabelStyle.DEPARTMENT
    attendees: list[ParsedAttendee] = field(default_factory=list)
    items: list[ParsedItem] = field(default_factory=list)
    preamble: list[ParsedEntry] = field(default_factory=list)  # before the first agenda item
    # Lines of the header read into a field that a style may not print, kept for one that
    # does not (ParsedEntry.printed_by; imports.fit puts those among the preamble)
    reprinted: list[ParsedEntry] = field(default_factory=list)
    signer: str = ""  # 議事録署名人, as written
    materials: list[str] = field(default_factory=list)  # 会議資料, a line each
    # The header rows read, in the order printed (「date」, 「place」, 「attendees:委員」 …):
    # where a line kept after a row goes when the style prints no such row (imports.fit).
    header_rows: list[str] = field(default_factory=list)
    layout: LayoutObservations = field(default_factory=LayoutObservations)

    def all_entries(self) -> list[ParsedEntry]:
        return [*self.preamble, *(e for item in self.items for e in item.entries)]

    def meeting_openness(self) -> str:
        if self.openness:
            return self.openness
        if not self.items or all(i.is_public for i in self.items):
            return Openness.PUBLIC
        if not any(i.is_public for i in self.items):
            return Openness.CLOSED
        return Openness.PARTLY
