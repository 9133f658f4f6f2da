"""The whole meeting as one JSON object (`export --format json`): the machine-readable
contract for archives, other systems and tests. Its shape is described by the JSON Schema
shipped as `resources/meeting.schema.json` (and in the README); `SCHEMA_NAME` names it.

Entries are every utterance in reading order, as a reader of the minutes sees them: those
before the first agenda item (`item` null), then each item's, then the 答申 closing lines
that the minutes print for a confirmed 答申 (generated, as in the Word file, and marked
`generated`). A speaker is the person of the roll the entry is tied to, or null: an
anonymous label (「(委員)」「(回答)」「〈こども家庭課〉」) names no one, and `label` carries it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pia_meeting.core import labels
from pia_meeting.core.model import Attendance, Entry, EntryKind, MeetingBundle, Side
from pia_meeting.core.toshin import closing_lines
from pia_meeting.export.minutes import OMITTED_REASON
from pia_meeting.store.files import write_atomically

SCHEMA_NAME = "meeting.schema.json"
FORMAT_VERSION = 1


def _speaker(person: Attendance | None) -> dict[str, str] | None:
    if person is None:
        return None
    return {"side": person.side, "name": person.name, "title": person.title}


def _attendee(person: Attendance) -> dict[str, Any]:
    return {
        "side": person.side,
        "name": person.name,
        "title": person.title,
        "department": person.department,
        "presence": person.presence,
        "label": person.label,
    }


class _Entries:
    """Turns the bundle's entries into JSON objects, one speaker label per person."""

    def __init__(self, bundle: MeetingBundle, *, public: bool) -> None:
        self.bundle = bundle
        self.public = public
        self.labels: dict[int, str] = {}

    def label(self, entry: Entry, person: Attendance | None) -> str:
        # As printed: the imported label when there is one, else the board's for the person.
        if entry.speaker_label.strip():
            return entry.speaker_label.strip()
        if person is None or person.id is None:
            return ""
        if person.id not in self.labels:
            self.labels[person.id] = labels.speaker_label(
                self.bundle.board, person, self.bundle.attendance
            )
        return self.labels[person.id]

    def of(self, entries: list[Entry], item: int | None) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for entry in entries:
            if self.public and not entry.is_public:
                continue
            person = self.bundle.attendee(entry.speaker_id)
            no_speaker = entry.kind in (EntryKind.STAGE, EntryKind.HEADING)
            out.append(
                {
                    "item": item,
                    "kind": entry.kind,
                    # A ト書き or 見出し is spoken by no one, even under a speaker's label.
                    "speaker": None if no_speaker else _speaker(person),
                    "label": self.label(entry, person),
                    "text": entry.text,
                    "pages": entry.page_list,
                    "public": bool(entry.is_public),
                    "header": entry.header_anchor,
                }
            )
        return out


def _chair(bundle: MeetingBundle) -> Attendance | None:
    present = [p for p in bundle.attendance if p.side == Side.MEMBER and p.is_present]
    for title in labels.CHAIR_TITLES:
        chair = next((p for p in present if p.title == title), None)
        if chair is not None:
            return chair
    return None


def _closing(bundle: MeetingBundle, item_id: int, index: int) -> list[dict[str, Any]]:
    toshin = bundle.toshins.get(item_id)
    if toshin is None or not toshin.is_frozen or toshin.closing_in_log:
        return []  # lines in the log are entries like the others
    chair = _chair(bundle)
    label = labels.chair_label(bundle.board, bundle.attendance)
    return [
        {
            "item": index,
            "kind": EntryKind.PROCEDURE.value,
            "speaker": _speaker(chair),
            "label": label,
            "text": line,
            "pages": [],
            "public": True,
            "generated": True,
        }
        for line in closing_lines(toshin)
    ]


def meeting_json(bundle: MeetingBundle, *, public: bool = False) -> dict[str, Any]:
    """The meeting of `bundle` as plain JSON values (see the module's docstring and the
    schema). `public`: the 公開用 content: closed items keep their title and reason only,
    非公開 entries are left out."""
    meeting, board = bundle.meeting, bundle.board
    entries = _Entries(bundle, public=public)
    known = {item.id for item in bundle.agenda}
    body = entries.of([e for e in bundle.entries if e.agenda_item_id not in known], None)
    agenda: list[dict[str, Any]] = []
    for index, item in enumerate(bundle.agenda, 1):
        toshin = bundle.toshins.get(item.id or 0)
        agenda.append(
            {
                "title": item.title,
                "heading": item.heading,
                "public": bool(item.is_public),
                "closed_reason": item.closed_reason,
                "inquiry": item.inquiry_number,
                "category": item.category,
                "toshin": None
                if toshin is None
                else {
                    "wording": toshin.wording,
                    "riders": toshin.rider_list,
                    "template": toshin.template,
                    "result": toshin.result,
                    "confirmed": toshin.is_frozen,
                    "number": toshin.number,
                },
            }
        )
        if public and not item.is_public:
            reason = item.closed_reason.strip() or board.closed_reason_default or OMITTED_REASON
            agenda[-1]["closed_reason"] = reason
            continue
        body += entries.of(bundle.entries_of(item.id), index)
        body += _closing(bundle, item.id or 0, index)
    return {
        "format": FORMAT_VERSION,
        "public": public,
        "board": {"name": board.name, "label_style": board.label_style},
        "meeting": {
            "id": meeting.id,
            "number": meeting.number,
            "title": meeting.title,
            "date": meeting.date,
            "start": meeting.start_time,
            "end": meeting.end_time,
            "place": meeting.place,
            "openness": meeting.openness,
            "record_style": meeting.record_style,
            "observers": meeting.observers,
            "materials": meeting.materials,
            "signers": meeting.signers,
            "status": meeting.status,
        },
        "attendees": [_attendee(p) for p in bundle.attendance],
        "agenda": agenda,
        "entries": body,
    }


def write_json(
    bundle: MeetingBundle, path: Path, *, public: bool = False, force: bool = False
) -> Path:
    """Write `meeting_json(bundle)` as UTF-8 JSON, atomically, mode 0600, never over a
    file unless `force`."""
    text = json.dumps(meeting_json(bundle, public=public), ensure_ascii=False, indent=1)
    data = (text + "\n").encode("utf-8")
    return write_atomically(path, lambda handle: handle.write(data), force=force)
