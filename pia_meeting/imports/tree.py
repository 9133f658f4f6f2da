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
    name: str
    title: str = ""
    department: str = ""
    presence: str = Presence.PRESENT


@dataclass
class ParsedEntry:
    kind: str
    text: str
    label: str = ""  # the label as printed in the source, e.g. 「（戸籍住民課）」
    speaker: int | None = None  # index into ParsedMinutes.attendees
    time: dt.time | None = None  # printed before it by an export 「時刻付き」
    pages: list[int] = field(default_factory=list)  # the 評価書 pages an export listed it under


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
    entries: list[ParsedEntry] = field(default_factory=list)
    toshin: ParsedToshin | None = None
    # An export's checklist of the item: item no → (judgement, memo)
    checklist: dict[int, tuple[str, str]] = field(default_factory=dict)


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
    signer: str = ""  # 議事録署名人, as written (its line is kept in the preamble too)
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
