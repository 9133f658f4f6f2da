"""Import of published minutes (.txt, .docx, .pdf) into meetings (SPEC §5, DOMAIN §3), by stage:

    read.py        a file → its text (read_docx.py: Word files, read_pdf.py: PDF text layers)
    exported.py    what this program's exports add (times, ページ別一覧, checklist) → taken
                   off the text first, given back to the entries and items after
    lines.py       the text → lines, and small text helpers
    header.py      the title and the header (date, place, agenda, people …) → fields
    people.py      attendee lines; a speaker label → an attendee
    speakers.py    speaker labels in the body: style, side, entry kind
    body.py        the body → entries of agenda items (agenda.py: item titles and headings)
    closing.py     the 答申 closing lines → a confirmed 答申
    parse.py       the stages above in order → a ParsedMinutes (tree.py), nothing written
    write.py       a ParsedMinutes → one new meeting, written by the store at once
    layout.py      what the readers observe of the layout, for the board's style
    vocabulary.py  the words all of them read by (data)

The rule that shapes everything here: no text is ever dropped. A header line that cannot be
read into its field, a paragraph with no recognisable speaker, a label with nothing after it:
each is kept as an entry (未分類 when nothing better is known). What is not stored as entry
text is only what the exporter prints again by itself: speaker labels (kept in
`Entry.speaker_label` anyway), header labels, the 「議事録」 of the title line, the brackets
around a ト書き (printed again as 《》; the layout notes which were used) and the 答申 closing
lines, which are regenerated from the confirmed 答申.

An anonymous label (委員, 委員A, 回答, 事務局, 実施機関, a department alone) is never tied to a
named person of the roll.

Plain Python, no Textual; python-docx and pypdfium2 are imported only when their file is read.
"""

from __future__ import annotations

from pia_meeting.imports.parse import parse_minutes
from pia_meeting.imports.read import SUPPORTED_SUFFIXES, read_minutes_file
from pia_meeting.imports.tree import (
    ParsedAttendee,
    ParsedEntry,
    ParsedItem,
    ParsedMinutes,
    ParsedToshin,
)
from pia_meeting.imports.write import Imported, import_file, import_minutes, meeting_record

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Imported",
    "ParsedAttendee",
    "ParsedEntry",
    "ParsedItem",
    "ParsedMinutes",
    "ParsedToshin",
    "import_file",
    "import_minutes",
    "meeting_record",
    "parse_minutes",
    "read_minutes_file",
]
