"""What the import makes of the reference and of every specimen today, pinned: header fields,
the roll, the agenda, each entry's item, kind, label, speaker, pages and first words, the 答申.

Not a statement of what is right (the specimens' *.expected.json and importgrade.py say
that), but of what the importer does: a rewrite that changes any of it shows here, entry by
entry. When a change is meant, write the pins again and review their diff:

    PIA_UPDATE_IMPORT_PINS=1 .venv/bin/python -m pytest -q tests/imports/test_import_pins.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from pia_meeting.core.model import MeetingBundle
from pia_meeting.imports import import_file
from pia_meeting.store.facade import Store
from tests.support.paths import SHARED
from tests.support.reference import REFERENCE

PINS = Path(__file__).with_name("import_pins.json")
SOURCES = [*sorted((SHARED / "specimens").glob("[0-9]*.txt")), REFERENCE]
UPDATE = os.environ.get("PIA_UPDATE_IMPORT_PINS") == "1"
PREFIX = 24  # characters of each entry's text


def summary(bundle: MeetingBundle) -> dict[str, Any]:
    """The imported meeting as plain values, without ids and clock times."""
    meeting, board = bundle.meeting, bundle.board
    items = {item.id: index for index, item in enumerate(bundle.agenda, 1)}

    def who(speaker_id: int | None) -> str:
        person = bundle.attendee(speaker_id)
        return f"{person.side}/{person.name}/{person.title}" if person else "-"

    return {
        "board": {"name": board.name, "label_style": board.label_style},
        "meeting": {
            key: getattr(meeting, key)
            for key in (
                "number",
                "title",
                "date",
                "start_time",
                "end_time",
                "place",
                "openness",
                "record_style",
                "observers",
                "materials",
                "signers",
                "status",
            )
        },
        "attendees": [
            f"{p.seq} {p.side}/{p.name}/{p.title}/{p.department}/{p.presence}"
            + (f" label={p.label}" if p.label else "")
            for p in bundle.attendance
        ],
        "agenda": [
            f"{a.seq} {a.title} | public={a.is_public} | heading={a.heading}"
            f" | reason={a.closed_reason}" + (f" | category={a.category}" if a.category else "")
            for a in bundle.agenda
        ],
        "entries": [
            f"{items.get(e.agenda_item_id, 0)}.{e.seq} {e.kind} [{e.speaker_label}]"
            f" {who(e.speaker_id)} p{json.loads(e.pages)}"
            + (f" @{e.header_anchor}" if e.header_anchor else "")
            + f" | {e.text[:PREFIX]}"
            for e in bundle.entries
        ],
        "toshins": [
            f"{items[item_id]} {t.template} result={t.result} confirmed={t.is_frozen}"
            f" hash={bool(t.text_hash)} | {t.wording[:PREFIX]}"
            for item_id, t in sorted(bundle.toshins.items(), key=lambda pair: items[pair[0]])
        ],
    }


def _pins() -> dict[str, Any]:
    return json.loads(PINS.read_text(encoding="utf-8")) if PINS.exists() else {}


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.stem)
def test_import_is_as_pinned(source: Path) -> None:
    store = Store(":memory:")
    actual = summary(store.load_bundle(import_file(store, source)))
    if UPDATE:
        pins = _pins()
        pins[source.name] = actual
        PINS.write_text(
            json.dumps(pins, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        pytest.skip("pins written")
    expected = _pins().get(source.name)
    assert expected is not None, f"no pins for {source.name}: write them (see the docstring)"
    for part in ("board", "meeting", "attendees", "agenda", "toshins"):
        assert actual[part] == expected[part], part
    # Entry by entry, so that a change shows where it starts.
    for index, (got, want) in enumerate(zip(actual["entries"], expected["entries"], strict=False)):
        assert got == want, f"entry {index}"
    assert len(actual["entries"]) == len(expected["entries"])


def test_every_source_is_pinned() -> None:
    # A specimen added to ../shared without pins fails above; one removed leaves stale pins.
    assert sorted(_pins()) == sorted(path.name for path in SOURCES)
