"""The last stage: a parsed minutes → a new meeting in the store, and `import_file`, which runs
every stage for one file.

The record of the whole meeting is built first, outside any transaction; the store then
writes it at once (`Store.insert_meeting`), so that reading a long file never holds the
database's write lock.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from pia_meeting.core import clock, styles
from pia_meeting.core.errors import UserError
from pia_meeting.core.model import (
    AgendaItem,
    Attendance,
    AuditEvent,
    Meeting,
    MeetingStatus,
    Toshin,
    VoteMode,
)
from pia_meeting.core.pages import pages_in
from pia_meeting.core.record import NewEntry, NewMeeting
from pia_meeting.core.style_detect import Detection
from pia_meeting.core.styles import MinutesStyle
from pia_meeting.core.toshin import RESULT_ADOPTED, wording_hash
from pia_meeting.imports.fit import fit_to_style
from pia_meeting.imports.parse import parse_minutes
from pia_meeting.imports.read import read_minutes
from pia_meeting.imports.style_observed import detect_style
from pia_meeting.imports.tree import ParsedEntry, ParsedMinutes, ParsedToshin
from pia_meeting.store.facade import Store

# The board of minutes that name none: 「(取込)」 and the file's name.
IMPORTED_BOARD_PREFIX = "(取込)"


@dataclass
class Imported:
    """One file imported: the new meeting's id, what was read, and what the user should
    know about how it was stored (a 回 left empty because the board has it already)."""

    meeting_id: int
    parsed: ParsedMinutes
    notes: list[str] = field(default_factory=list)
    number: int | None = None  # the 回 stored: the minutes', or None (see import_minutes)


def import_file(store: Store, path: Path) -> int:
    """Import one minutes file as a new meeting (status 確定) and return its id (see
    `import_minutes`)."""
    return import_minutes(store, path).meeting_id


def import_minutes(store: Store, path: Path) -> Imported:
    """Import one minutes file as a new meeting (status 確定).

    Nothing of this file is stored on any error, and the UserError names the file. The
    回 is stored as written. When the board has that 回 already: on the same date it is
    this minutes imported again, which is refused; on another date (a board that numbers
    its meetings per 年度: 「令和5年度第3回」 and 「令和6年度第3回」) the meeting is stored
    with its 回 empty, and a note says so — never under a number it does not have.
    """
    path = Path(path)
    text, read_notes = read_minutes(path)
    try:
        parsed = parse_minutes(text, join_broken_sentences=path.suffix.lower() != ".docx")
        record = meeting_record(
            parsed,
            f"{IMPORTED_BOARD_PREFIX}{path.stem}",
            path.name,
            style_of=lambda new: styles.board_style(store.board_for(new)),
        )
        notes = [*read_notes, *_number_decision(store, record)]
        meeting_id = store.insert_meeting(record)
        return Imported(meeting_id, parsed, notes, record.meeting.number)
    except UserError as exc:
        raise UserError(f"{path}: 取り込めませんでした({exc})") from None
    except sqlite3.Error as exc:
        raise UserError(f"{path}: 取り込めませんでした(データベースのエラー: {exc})") from None


def _number_decision(store: Store, record: NewMeeting) -> list[str]:
    number = record.meeting.number
    if number is None:
        return ["回の記載がないため、回は空欄です"]
    existing = store.meeting_numbered(record.board_name, number, record.meeting.date)
    if existing is None:
        return []
    if existing.date == record.meeting.date:
        raise UserError(
            f"{record.board_name} 第{number}回({existing.date or '日付なし'})は既にあります"
            f"(会議ID {existing.id})。同じ議事録を二度取り込もうとしていませんか"
        )
    record.meeting.number = None
    note = f"第{number}回はこの審査会に既にある(会議ID {existing.id})ため、回は空欄です"
    if record.audit is not None:
        record.audit.reason += f"。{note}"
    return [note]


def _detected(found: Detection) -> MinutesStyle:
    try:
        return styles.resolve(found.style, "", found.overrides_json())
    except styles.StyleError:
        return styles.builtin_style(styles.DEFAULT_STYLE)


def meeting_record(
    parsed: ParsedMinutes,
    fallback_board: str,
    source: str,
    style_of: Callable[[NewMeeting], MinutesStyle] | None = None,
) -> NewMeeting:
    """The rows of a new, final (確定) meeting from `parsed`, with the audit event of its
    import from the file named `source`. Entries with no text are left out; each entry
    carries the pages its text refers to (and those an export listed it under), and no
    time unless an export 「時刻付き」 printed one: published minutes do not say when each
    thing was said, and a made-up time would be printed as if recorded.

    What the style the meeting will be printed in prints itself is left out (imports.fit):
    that style is `style_of(record)` (the board's, when it has one), else the detected one.
    """
    # A new board prints its minutes the way these are printed (a board that exists keeps
    # its own style).
    found = detect_style(parsed.layout, parsed.title)
    record = NewMeeting(
        board_name=parsed.board_name or fallback_board,
        label_style=parsed.label_style,  # print the labels the way this body does
        minutes_style=found.style,
        style_overrides=found.overrides_json(),
        numbering=found.numbering or "",
    )
    fit_to_style(parsed, style_of(record) if style_of else _detected(found))
    entries = _entries(parsed.preamble, None, parsed.date)
    for index, item in enumerate(parsed.items):
        entries += _entries(item.entries, index, parsed.date)
    return replace(
        record,
        meeting=Meeting(
            number=parsed.number,
            title=parsed.title,
            date=parsed.date.isoformat() if parsed.date else None,
            start_time=parsed.start_time.strftime("%H:%M") if parsed.start_time else None,
            end_time=parsed.end_time.strftime("%H:%M") if parsed.end_time else None,
            place=parsed.place,
            openness=parsed.meeting_openness(),
            record_style=parsed.record_style,
            observers=parsed.observers,
            materials="\n".join(parsed.materials),
            signers=parsed.signer,
            status=MeetingStatus.FINAL,
        ),
        attendees=[
            Attendance(
                side=person.side,
                name=person.name,
                title=person.title,
                department=person.department,
                label=person.label,
                presence=person.presence,
            )
            for person in parsed.attendees
        ],
        agenda=[
            AgendaItem(
                title=item.title,
                heading=item.heading,
                is_public=int(item.is_public),
                closed_reason=item.closed_reason,  # the board's default when left empty
                inquiry_number=item.inquiry,
                category=item.category,
            )
            for item in parsed.items
        ],
        entries=entries,
        toshins={
            index: _toshin(item.toshin)
            for index, item in enumerate(parsed.items)
            if item.toshin is not None
        },
        checklist={
            index: dict(item.checklist) for index, item in enumerate(parsed.items) if item.checklist
        },
        audit=AuditEvent(
            table_name="meetings",
            field="import",
            new_value=source,
            reason="公開された議事録からの取込",
            actor="事務局",
        ),
    )


def _entries(entries: list[ParsedEntry], item: int | None, day: dt.date | None) -> list[NewEntry]:
    return [
        NewEntry(
            kind=entry.kind,
            text=entry.text,
            item=item,
            speaker=entry.speaker,
            speaker_label=entry.label,
            spoken_at=(
                dt.datetime.combine(day, entry.time).isoformat()
                if day is not None and entry.time is not None
                else None
            ),
            pages=sorted({*_pages_of(entry.text), *entry.pages}),
            header_anchor=entry.anchor if item is None else "",
        )
        for entry in entries
        if entry.text.strip()
    ]


# Every page reference has a digit and a page word (「78ページ」「14頁」「p.14」「ｐ．２３」,
# 「㌻」); most entries have neither, and reading them costs an import of megabytes dearly.
_DIGIT = re.compile(r"[\d①-⑳⑴-⒇¹²³⁰-⁹₀-₉]")
_PAGE_WORD = re.compile(r"ページ|頁|ﾍﾟｰｼﾞ|[pPｐＰ㌻]")


def _pages_of(text: str) -> list[int]:
    if _DIGIT.search(text) is None or _PAGE_WORD.search(text) is None:
        return []
    return pages_in(text)


def _toshin(parsed: ParsedToshin) -> Toshin:
    """A 答申 the closing lines confirmed is stored confirmed, with its hash, as if the chair
    had confirmed it in the app; a wording found elsewhere is a draft."""
    toshin = Toshin(template=parsed.template, wording=parsed.wording, vote_mode=VoteMode.CONSENT)
    if parsed.confirmed:
        toshin.result = parsed.result or RESULT_ADOPTED
        toshin.confirmed_at = clock.now_iso()
        toshin.confirmed_by = "会長"
        toshin.text_hash = wording_hash(toshin.wording, toshin.rider_list)
    return toshin
