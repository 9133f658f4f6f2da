"""The header of the 議事録 in the board's style: which rows, in what order, with what keys,
and each value made from the stored meeting (never from imported header text)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dc_field

from pia_meeting.core import wareki
from pia_meeting.core.labels import post, surname
from pia_meeting.core.model import (
    AFTER_ROW,
    MEMBER_ROLES,
    AgendaItem,
    Attendance,
    Board,
    Entry,
    MeetingBundle,
    Presence,
    RecordStyle,
    Side,
)
from pia_meeting.core.styles import (
    AgendaStyle,
    DateStyle,
    GroupStyle,
    MinutesStyle,
    RowStyle,
    fill,
    fill_lines,
)

OFFICERS = ("会長", "副会長")
DEFAULT_MEMBER_LABEL = "審査会委員"
# Rows a table keeps when they are empty (the reference prints them so); any other row with
# nothing to show is left out.
_KEPT_EMPTY_IN_TABLE = frozenset({"date", "agenda", "attendees", "body"})


@dataclass(frozen=True)
class HeaderRow:
    label: str  # the key as printed: 「日 時」「1 開催日時」「◇日時」; empty: the value alone
    lines: tuple[str, ...]
    field: str = "text"
    in_table: bool = True  # table form: a row of the table (else printed after it)

    @property
    def is_body(self) -> bool:
        return self.field == "body"


# -- values -----------------------------------------------------------------------------------


def _day(iso: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def _time(text: str | None) -> dt.time | None:
    try:
        return dt.time.fromisoformat(text) if text else None
    except ValueError:
        return None


def date_lines(style: DateStyle, date: str | None, start: str | None, end: str | None) -> list[str]:
    """「令和3年11月9日(火) 10:00~10:50」, 「令和5年10月18日(水曜日)午前9時30分~午前10時45分」,
    「令和6年8月27日(火曜日)午後2時から午後3時40分まで」 …, as the style says."""
    if not date:
        return []
    day = _day(date)
    begin, finish = _time(start), _time(end)
    if day is None or (start and begin is None) or (end and finish is None):
        # A hand-edited database: show what is stored rather than fail the export.
        return [" ".join(p for p in (date, f"{start or ''}~{end or ''}".strip("~")) if p)]
    text = f"{wareki.era_year_text(day)}{day.month}月{day.day}日"
    if style.weekday != "none":
        text += f"({wareki.weekday(day)}{'曜日' if style.weekday == 'long' else ''})"

    def clock(moment: dt.time) -> str:
        return wareki.format_time(
            moment, style.time, zero_minutes=style.zero_minutes, noon=style.noon
        )

    times = ""
    if begin is not None:
        times = clock(begin) + style.range
        if finish is not None:
            times += clock(finish) + style.until
    if not times:
        return [text]
    if style.time_line == "next":
        return [text, times]
    return [f"{text}{style.between}{times}"]


def observers_text(count: int | None, unit: str, none: str) -> str:
    """「0人」「1名」「なし」; empty when the minutes do not say (count None)."""
    if count is None:
        return ""
    if count == 0 and none:
        return none
    return f"{count}{unit}"


def meeting_values(bundle: MeetingBundle, style: MinutesStyle) -> dict[str, str]:
    """The placeholders of the title and the text rows, from the stored meeting."""
    meeting, board = bundle.meeting, bundle.board
    day = _day(meeting.date)
    when = date_lines(style.dates, meeting.date, meeting.start_time, meeting.end_time)
    return {
        "年度": wareki.fiscal_year_text(day) if day else "",
        "回": str(meeting.number) if meeting.number else "",
        "審査会名": board.name,
        "会議名": meeting.title,
        "開催日時": " ".join(when),
        "場所": next(iter(_lines(meeting.place)), ""),
        "傍聴人": observers_text(meeting.observers, "人", ""),
        "公開区分": meeting.openness,
        "記録方式": meeting.record_style,
        "署名人": " ".join(_lines(meeting.signers)),
    }


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


# -- people -----------------------------------------------------------------------------------


def _role_rank(person: Attendance) -> int:
    # 会長, then 副会長, then everyone else in roll order (sorted() is stable).
    title = person.title if person.title in MEMBER_ROLES else "委員"
    return MEMBER_ROLES.index(title)


def people_of(bundle: MeetingBundle, side: str, presence: str | None = None) -> list[Attendance]:
    """Who of `side` is printed: those present (or of `presence`), members chair first."""
    people = [
        p
        for p in bundle.attendance
        if p.side == side and (p.presence == presence if presence else p.is_present)
    ]
    return sorted(people, key=_role_rank) if side == Side.MEMBER else people


def person_text(group: GroupStyle, person: Attendance, *, department: bool = True) -> str:
    title = person.title or ("委員" if person.side == Side.MEMBER else "")
    name = person.name or ""
    dept = (person.department or "").strip() if department else ""
    values = {
        "氏名": name.strip(),
        "姓": surname(name),
        "役職": title,
        "所属": dept,
        "所属役職": post(dept, title),
    }
    pattern = group.officer if group.officer and person.title in OFFICERS else group.person
    # A pattern with nothing to fill for this person (a post, for one who has none) shows
    # the name: no one is listed as nothing.
    return fill(pattern, values).strip() or values["氏名"]


def _joined(group: GroupStyle, texts: list[str]) -> str:
    if group.last_join and len(texts) > 1:
        return group.join.join(texts[:-1]) + group.last_join + texts[-1]
    return group.join.join(texts)


def _texts(group: GroupStyle, people: list[Attendance]) -> list[str]:
    texts: list[str] = []
    previous: str | None = None
    for person in people:
        dept = (person.department or "").strip()
        repeat = group.repeat_department or dept != previous
        texts.append(person_text(group, person, department=repeat))
        previous = dept
    return texts


def group_lines(group: GroupStyle, people: list[Attendance], board: Board) -> list[str]:
    """The lines of one group of attendees, e.g. 「審査会委員 時枝会長、姜委員」, or
    「【委員】」 and one line a person, or one line a department."""
    if not people:
        return []
    if group.layout == "by_department":
        departments: dict[str, list[Attendance]] = {}
        for person in people:
            departments.setdefault((person.department or "").strip(), []).append(person)
        lines = [
            f"{dept} {_joined(group, texts)}" if dept else _joined(group, texts)
            for dept, members in departments.items()
            for texts in [[person_text(group, p, department=False) for p in members]]
        ]
    elif group.layout == "one_per_line":
        lines = _texts(group, people)
    elif group.layout == "first_and_count":
        first = person_text(group, people[0])
        rest = len(people) - 1
        lines = [first + (group.count.replace("{n}", str(rest)) if rest else "")]
    else:
        lines = [_joined(group, _texts(group, people))]
    lines[0] = (
        fill(group.prefix, {"委員表記": board.member_label or DEFAULT_MEMBER_LABEL}) + lines[0]
    )
    return [group.heading, *lines] if group.heading else lines


# -- the agenda -------------------------------------------------------------------------------

_CIRCLED_PAREN = 0x2474  # ⑴
_CIRCLED = 0x2460  # ①


def item_number(pattern: str, n: int) -> str:
    """「(1)」「1」「⑴」「①」 as the style's agenda number says (beyond ⒇/⑳: 「(21)」)."""
    text = pattern.replace("{n}", str(n))
    for form, base in (("{⑴}", _CIRCLED_PAREN), ("{①}", _CIRCLED)):
        if form in text:
            text = text.replace(form, chr(base + n - 1) if n <= 20 else f"({n})")
    return text


def item_values(agenda: AgendaStyle, item: AgendaItem, number: int, heading: str) -> dict[str, str]:
    return {
        "番号": item_number(agenda.number, number),
        "議題": (item.title or "").strip(),
        "諮問番号": (item.inquiry_number or "").strip(),
        "分類": (item.category or "").strip(),
        "公開区分": agenda.public_mark if item.is_public else agenda.closed_mark,
        "見出し": heading,
    }


def agenda_lines(bundle: MeetingBundle, style: MinutesStyle) -> list[str]:
    agenda = style.agenda
    lines: list[str] = []
    previous = ""
    for number, item in enumerate(bundle.agenda, start=1):
        heading = item.body_heading(bundle.assessment_of(item))
        values = item_values(agenda, item, number, heading)
        category = (item.category or "").strip()
        if agenda.category_line and category and category != previous:
            lines += fill_lines(agenda.category_line, values)
        previous = category
        lines += fill_lines(agenda.line, values)
    return lines


# -- rows -------------------------------------------------------------------------------------


def _row_lines(row: RowStyle, bundle: MeetingBundle, style: MinutesStyle) -> list[str]:
    meeting, board = bundle.meeting, bundle.board
    kinds: dict[str, Callable[[], list[str]]] = {
        "date": lambda: date_lines(style.dates, meeting.date, meeting.start_time, meeting.end_time),
        "place": lambda: _lines(meeting.place),
        "attendees": lambda: [
            line
            for group in row.groups
            for line in group_lines(group, people_of(bundle, group.side), board)
        ],
        "absent": lambda: _absent(row, bundle),
        "observers": lambda: [observers_text(meeting.observers, row.unit, row.none)],
        "agenda": lambda: agenda_lines(bundle, style),
        "materials": lambda: _lines(meeting.materials),
        "openness": lambda: _openness(row, bundle, style),
        "closed_reason": lambda: _closed_reasons(row, bundle),
        "signers": lambda: _lines(meeting.signers),
        "record_style": lambda: [
            row.summary if meeting.record_style == RecordStyle.SUMMARY else row.full
        ],
        "body": lambda: [],
    }
    if row.field in kinds:
        return [line for line in kinds[row.field]() if line]
    values = meeting_values(bundle, style)
    return [*fill_lines(row.pattern, values), *(fill(line, values) for line in row.lines)]


def _absent(row: RowStyle, bundle: MeetingBundle) -> list[str]:
    group = row.groups[0] if row.groups else GroupStyle()
    people = people_of(bundle, Side.MEMBER, Presence.ABSENT)
    if not people:
        return [row.none] if row.none else []
    return [_joined(group, [person_text(group, p) for p in people])]


def _openness(row: RowStyle, bundle: MeetingBundle, style: MinutesStyle) -> list[str]:
    if not row.pattern:
        return [bundle.meeting.openness]
    values = meeting_values(bundle, style)
    values["傍聴人"] = observers_text(bundle.meeting.observers, row.unit, row.none)
    return fill_lines(row.pattern, values)


def _closed_reasons(row: RowStyle, bundle: MeetingBundle) -> list[str]:
    reasons = list(
        dict.fromkeys(
            (item.closed_reason or "").strip()
            for item in bundle.agenda
            if not item.is_public and (item.closed_reason or "").strip()
        )
    )
    return reasons or ([row.none] if row.none else [])


def row_anchors(row: RowStyle) -> tuple[str, ...]:
    """The names an entry's header_anchor gives this row by (core.model.TITLE_ANCHOR …):
    its field, and for an attendees row its field with each side it lists."""
    if row.field == "attendees":
        return tuple(f"{row.field}:{group.side}" for group in row.groups)
    return (row.field,)


def _anchored_rows(rows: tuple[RowStyle, ...], anchor: str) -> int | None:
    """The index of the row `anchor` (without 「after:」) names: the first that has that
    name, else the first of its field (an attendees row of another side); None: none."""
    for index, row in enumerate(rows):
        if anchor in row_anchors(row):
            return index
    field = anchor.split(":", 1)[0]
    return next((index for index, row in enumerate(rows) if row.field == field), None)


@dataclass
class HeaderNotes:
    """Entries that are lines of the header (Entry.header_anchor), by the row they go with:
    further lines of its value, and lines of their own after it. `placed` holds the ids of
    those a row took; the rest the writer puts after the header."""

    values: dict[int, list[Entry]] = dc_field(default_factory=dict)
    after: dict[int, list[Entry]] = dc_field(default_factory=dict)
    placed: set[int] = dc_field(default_factory=set)

    @classmethod
    def of(cls, entries: list[Entry], rows: tuple[RowStyle, ...]) -> HeaderNotes:
        notes = cls()
        for entry in entries:
            anchor = entry.header_anchor
            after = anchor.startswith(AFTER_ROW)
            index = _anchored_rows(rows, anchor.removeprefix(AFTER_ROW))
            if index is None or entry.id is None:
                continue
            (notes.after if after else notes.values).setdefault(index, []).append(entry)
            notes.placed.add(entry.id)
        return notes


def _note_rows(entries: list[Entry], *, table: bool, in_table: bool) -> list[HeaderRow]:
    """Lines of their own in the header, as printed: in a table, the key before a tab is
    the row's label (「会議録の確定<TAB>令和6年9月10日 会長承認」)."""
    rows: list[HeaderRow] = []
    for entry in entries:
        label, lines = "", entry.text.split("\n")
        if table and "\t" in lines[0]:
            label, first = lines[0].split("\t", 1)
            lines = [first.strip(), *lines[1:]]
        rows.append(HeaderRow(label.strip(), tuple(lines), "note", in_table))
    return rows


def header_rows(
    bundle: MeetingBundle, style: MinutesStyle, notes: HeaderNotes | None = None
) -> list[HeaderRow]:
    """The header rows of the minutes, in the style's order; a row with nothing to show is
    left out (a table keeps its date, agenda, attendee and body rows, as the reference).
    `notes`: lines of the header that are entries, printed with the row they go with."""
    header = style.header
    notes = notes or HeaderNotes()
    table = header.form == "table"
    rows: list[HeaderRow] = []
    number = 0
    for index, row in enumerate(header.rows):
        lines = _row_lines(row, bundle, style)
        lines += [line for e in notes.values.get(index, []) for line in e.text.split("\n")]
        kept = row.field == "body" or (table and row.field in _KEPT_EMPTY_IN_TABLE)
        if lines or kept:
            label = row.label
            if row.field == "body" and bundle.meeting.record_style == RecordStyle.SUMMARY:
                label = row.label_summary or label
            if label and row.marked:
                number += 1
                label = f"{item_number(header.number, number)}{header.key_prefix}{label}"
            rows.append(HeaderRow(label, tuple(lines), row.field, row.in_table))
        rows += _note_rows(notes.after.get(index, []), table=table, in_table=row.in_table)
    return rows
