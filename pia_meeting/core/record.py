"""A whole new meeting as one plain value, to be written at once (`Store.insert_meeting`).

An import builds it outside any transaction, from the minutes it has read; the store then
writes it in one short transaction. The rows are the model's own dataclasses, as they will
be stored: their ids, `meeting_id`, `board_id`, `agenda_item_id` and `seq` are the store's
to fill. Entries and 答申 refer to the attendees and agenda items of the record by their
index in its lists, since none of them has an id yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pia_meeting.core.errors import ValidationError
from pia_meeting.core.model import (
    AgendaItem,
    Attendance,
    AuditEvent,
    EntryKind,
    LabelStyle,
    Meeting,
    Side,
    Toshin,
)
from pia_meeting.core.validation import check_attendee, check_entry_text

# Printed for a closed agenda item that gives no reason, when the board has no default.
FALLBACK_CLOSED_REASON = "非公開部分のため省略"
# The status of a meeting while `Store.insert_meeting` writes it (store.bulk): in no list
# and no search until the last part is written and it takes its own status.
IMPORTING = "取込中"


@dataclass
class NewEntry:
    """One entry of a new meeting, in the order it is to be read."""

    kind: str = EntryKind.UNCLASSIFIED
    text: str = ""
    item: int | None = None  # index into NewMeeting.agenda; None: before the first item
    speaker: int | None = None  # index into NewMeeting.attendees
    speaker_label: str = ""
    spoken_at: str | None = None  # ISO datetime; None: not known (an import)
    pages: list[int] = field(default_factory=list)  # stored as given
    section: str = ""
    is_public: int = 1
    header_anchor: str = ""  # a line of the header with no field: where it was printed


@dataclass
class NewMeeting:
    """Everything of one new meeting, its board named rather than given by id."""

    board_name: str
    # The number as written, or None when the minutes give none; one already taken on the
    # board is refused by the store. Its board_id is the store's.
    meeting: Meeting = field(default_factory=Meeting)
    # The style of a board this write creates; a board that exists keeps its own.
    label_style: str = LabelStyle.DEPARTMENT
    # Its minutes style (core.styles: a built-in or imported style's name, empty for the
    # default) and overrides as JSON, e.g. what core.style_detect found in the minutes. With
    # a style, the board's label form is the style's (label_style above is for no style).
    minutes_style: str = ""
    style_overrides: str = ""
    # How a new board counts its meetings (core.model.Numbering), "" for the default: a
    # title that numbers within a 年度 (「令和5年度第3回」) tells.
    numbering: str = ""
    attendees: list[Attendance] = field(default_factory=list)
    # A closed item with an empty reason gets its board's default (FALLBACK_CLOSED_REASON
    # when the board has none).
    agenda: list[AgendaItem] = field(default_factory=list)
    entries: list[NewEntry] = field(default_factory=list)
    toshins: dict[int, Toshin] = field(default_factory=dict)  # agenda index → its 答申
    # agenda index → checklist item no → (judgement, memo)
    checklist: dict[int, dict[int, tuple[str, str]]] = field(default_factory=dict)
    # Written with the meeting; its meeting_id and row_id become the new meeting's id.
    audit: AuditEvent | None = None


def check_new_meeting(record: NewMeeting) -> None:
    """The checks of the single-row writes that need no database (the board, the number and
    a closed item's reason need the store's): a ValidationError in Japanese for what a user
    could cause, ValueError for a record that refers to rows it does not have."""
    for person in record.attendees:
        check_attendee(person)
    chairs = [p for p in record.attendees if p.side == Side.MEMBER and p.title == "会長"]
    if len(chairs) > 1:
        raise ValidationError("title", "会長は既に登録されています")
    people, items = len(record.attendees), len(record.agenda)
    for index, entry in enumerate(record.entries):
        check_entry_text(entry.text)
        if entry.item is not None and not 0 <= entry.item < items:
            raise ValueError(f"entry {index}: no agenda item {entry.item}")
        if entry.speaker is not None and not 0 <= entry.speaker < people:
            raise ValueError(f"entry {index}: no attendee {entry.speaker}")
        if entry.header_anchor and entry.item is not None:
            raise ValueError(f"entry {index}: a line of the header belongs to no agenda item")
    for item in record.toshins:
        if not 0 <= item < items:
            raise ValueError(f"toshin of agenda item {item}: there is no such item")
