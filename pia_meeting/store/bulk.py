"""A whole new meeting written at once (`Store.insert_meeting`), in short transactions.

A long minutes (thousands of entries, megabytes of text) written in one transaction would
hold the database's write lock for seconds, while the secretariat may be typing in another
window, whose every Enter needs that lock. So the meeting is written in parts, each its
own short transaction, while it is invisible:

1. the board (made when new) and the meeting, with status IMPORTING, and a lock row naming
   this process (meeting_locks);
2. its roll and agenda;
3. its entries, a part at a time (`ENTRY_CHARACTERS` of text, `ENTRY_ROWS` rows at most);
4. its 答申, its audit event, and the status it is to have: from then on it is seen.

A meeting in IMPORTING is in no list and no search (store.listing, services.search). When
any part fails, everything written of it is deleted, in one transaction, before the error
goes on: as the user sees it, nothing of the file is stored. When the process dies
half-way, the next `Store` to open the file deletes what it left (`remove_abandoned`).

Each part is fast because of two things. The search index's normalised text and tokens are
worked out before any transaction begins (`fts.prepared`), so the triggers only look them
up. And the entries of a part go in with one INSERT … SELECT from a staging table: FTS5
writes its pending index data out at every statement inside a transaction (a statement
savepoint), so a row at a time would write thousands of tiny index segments.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator, Sequence
from dataclasses import fields, replace
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from pia_meeting.core import clock, styles
from pia_meeting.core.errors import ValidationError
from pia_meeting.core.model import AgendaItem, Board, Entry, Meeting
from pia_meeting.core.numbering import meeting_fiscal_year
from pia_meeting.core.record import FALLBACK_CLOSED_REASON, IMPORTING, NewMeeting
from pia_meeting.store import fts

if TYPE_CHECKING:
    from pia_meeting.store.facade import Store

ENTRY_CHARACTERS = 60_000  # of entry text a transaction: some 50 ms of index work
ENTRY_ROWS = 2_000


def write_new_meeting(store: Store, record: NewMeeting, board_name: str) -> int:
    """Write `record` (checked by the caller) as a new meeting; its id. See the module."""
    now = clock.now_iso()
    agenda_texts = [f"{a.title}\n{a.heading}\n{a.inquiry_number}" for a in record.agenda]
    with fts.prepared(agenda_texts):
        meeting_id, board, made_board = _begin(store, record, board_name, now)
        try:
            with store.atomic():
                people = _insert_rows(
                    store,
                    "attendances",
                    [
                        replace(p, meeting_id=meeting_id, seq=s)
                        for s, p in enumerate(record.attendees, 1)
                    ],
                )
                items = _insert_rows(
                    store,
                    "agenda_items",
                    [_agenda_row(a, meeting_id, s, board) for s, a in enumerate(record.agenda, 1)],
                )
            for part in _parts(_entry_rows(record, meeting_id, people, items, now)):
                # Each part's index text is worked out between two transactions: the time
                # it takes is the gap in which another window's commit gets the lock.
                with fts.prepared([row.text for row in part]), store.atomic():
                    _insert_entries(store, part)
            with store.atomic():
                _finish(store, record, meeting_id, items, now)
        except BaseException:
            _remove(store, meeting_id, board.id if made_board else None)
            raise
    return meeting_id


def _begin(store: Store, record: NewMeeting, board_name: str, now: str) -> tuple[int, Board, bool]:
    """The meeting, IMPORTING, its lock row, and its board: (ids, whether it made it)."""
    from pia_meeting.core import validation

    with store.atomic():
        board, made_board = _board(store, board_name, record)
        assert board.id is not None
        number = record.meeting.number
        year = meeting_fiscal_year(board.numbering, record.meeting.date)
        if number is not None and store.query(
            "select 1 from meetings where board_id = ? and fiscal_year = ? and number = ?",
            (board.id, year, number),
        ):
            raise ValidationError("number", f"第{number}回はこの審査会に既にあります")
        meeting = validation.checked_meeting(
            replace(
                record.meeting,
                board_id=board.id,
                fiscal_year=year,
                created_at=now,
                updated_at=now,
            ),
            number_required=False,
        )
        [meeting_id] = _insert_rows(store, "meetings", [replace(meeting, status=IMPORTING)])
        store.conn.execute(
            "insert or replace into meeting_locks (meeting_id, pid, host, started_at,"
            " heartbeat_at) values (?, ?, ?, ?, ?)",
            (meeting_id, os.getpid(), socket.gethostname(), now, now),
        )
    return meeting_id, board, made_board


def _finish(store: Store, record: NewMeeting, meeting_id: int, items: list[int], now: str) -> None:
    _insert_rows(
        store,
        "toshins",
        [replace(record.toshins[i], agenda_item_id=items[i]) for i in sorted(record.toshins)],
    )
    for index in sorted(record.checklist):
        for no, (status, memo) in sorted(record.checklist[index].items()):
            store.conn.execute(
                "insert into checklist_items (agenda_item_id, item_no, status, memo)"
                " values (?, ?, ?, ?)",
                (items[index], no, status, memo),
            )
    if record.audit is not None:
        event = record.audit
        _insert_rows(
            store,
            "audit_events",
            [replace(event, meeting_id=meeting_id, row_id=meeting_id, at=event.at or now)],
        )
    store.conn.execute(
        "update meetings set status = ? where id = ?", (record.meeting.status, meeting_id)
    )
    store.conn.execute("delete from meeting_locks where meeting_id = ?", (meeting_id,))


def _remove(store: Store, meeting_id: int, made_board: int | None) -> None:
    """Delete what was written of a meeting whose import failed, and the board it made (a
    second error here is left to the next open, `remove_abandoned`: the first is the one
    to report)."""
    try:
        with store.atomic():
            store.delete_meeting(meeting_id)
            if made_board is not None and not store.query(
                "select 1 from meetings where board_id = ?", (made_board,)
            ):
                store.conn.execute("delete from boards where id = ?", (made_board,))
    except Exception:  # the import's own error goes on; the next open cleans up
        pass


def remove_abandoned(store: Store) -> list[int]:
    """Delete the meetings an import left IMPORTING when its process died (its lock row
    names a process that is gone, or there is none). A read when there is nothing to do:
    opening a database never needs the write lock for it."""
    from pia_meeting.store.locks import holder, is_stale

    rows = store.query("select id from meetings where status = ?", (IMPORTING,))
    removed: list[int] = []
    for row in rows:
        meeting_id = int(row["id"])
        lock = holder(store, meeting_id)
        if lock is None or is_stale(lock):
            store.delete_meeting(meeting_id)
            removed.append(meeting_id)
    return removed


def _board(store: Store, name: str, record: NewMeeting) -> tuple[Board, bool]:
    """The board of `planned_board`, inserted when it is new."""
    board, made = planned_board(store, name, record)
    if made:
        [board.id] = _insert_rows(store, "boards", [board])
    return board, made


def planned_board(store: Store, name: str, record: NewMeeting) -> tuple[Board, bool]:
    """The board of that name (it keeps its settings), or the new one that writing `record`
    makes, not yet stored: printing the labels the minutes use and, when the importer
    detected it, their style. Whether it is new."""
    rows = store.query("select * from boards where name = ?", (name,))
    if rows:
        return Board.from_row(rows[0]), False
    board = Board(name=name, label_style=record.label_style)
    if record.numbering:
        board.numbering = record.numbering
    if record.minutes_style:
        try:
            source = store.style_library().get(record.minutes_style, "")
            chosen = styles.choose(board, record.minutes_style, source)
            chosen.style_overrides = record.style_overrides
            styles.check_board(chosen)
            board = chosen
        except styles.StyleError:
            # A detected style that cannot be used: the board prints as by default, with
            # the labels the minutes use, and the meeting is imported all the same.
            pass
    return board, True


def _agenda_row(item: AgendaItem, meeting_id: int, seq: int, board: Board) -> AgendaItem:
    from pia_meeting.core import validation

    reason = item.closed_reason
    if not item.is_public and not reason.strip():
        reason = board.closed_reason_default.strip() or FALLBACK_CLOSED_REASON
    row = replace(item, meeting_id=meeting_id, seq=seq, closed_reason=reason)
    validation.check_agenda_item(row)
    return row


def _entry_rows(
    record: NewMeeting, meeting_id: int, people: list[int], items: list[int], now: str
) -> list[Entry]:
    import json

    seqs: dict[int | None, int] = {}  # each agenda item numbers its entries from 1
    rows: list[Entry] = []
    for new in record.entries:
        seqs[new.item] = seq = seqs.get(new.item, 0) + 1
        rows.append(
            Entry(
                meeting_id=meeting_id,
                agenda_item_id=items[new.item] if new.item is not None else None,
                seq=seq,
                kind=new.kind,
                speaker_id=people[new.speaker] if new.speaker is not None else None,
                speaker_label=new.speaker_label,
                text=new.text,
                spoken_at=new.spoken_at,
                pages=json.dumps(new.pages) if new.pages else "[]",
                section=new.section,
                is_public=new.is_public,
                header_anchor=new.header_anchor,
                created_at=now,
                updated_at=now,
            )
        )
    return rows


def _parts(rows: list[Entry]) -> Iterator[list[Entry]]:
    part: list[Entry] = []
    size = 0
    for row in rows:
        if part and (size + len(row.text) > ENTRY_CHARACTERS or len(part) >= ENTRY_ROWS):
            yield part
            part, size = [], 0
        part.append(row)
        size += len(row.text)
    if part:
        yield part


_ENTRY_COLUMNS = [f.name for f in fields(Entry) if f.name != "id"]


def _insert_entries(store: Store, rows: list[Entry]) -> None:
    """Entries in one INSERT … SELECT (see the module's docstring), last id first: the
    index keys a row by its day and then its id descending, and FTS5 also writes out its
    pending data whenever a key is lower than the one before."""
    conn = store.conn
    columns = ", ".join(["id", *_ENTRY_COLUMNS])
    conn.execute(
        f"create temp table if not exists import_entries as select {columns} from entries where 0"
    )
    conn.execute("delete from temp.import_entries")
    first = _next_id(store, "entries")
    values = attrgetter(*_ENTRY_COLUMNS)
    marks = ", ".join("?" * (len(_ENTRY_COLUMNS) + 1))
    conn.executemany(
        f"insert into temp.import_entries ({columns}) values ({marks})",
        [(first + offset, *values(row)) for offset, row in enumerate(rows)],
    )
    conn.execute(
        f"insert into entries ({columns}) select {columns} from temp.import_entries"
        " order by id desc"
    )
    conn.execute("delete from temp.import_entries")


def _next_id(store: Store, table: str) -> int:
    return int(store.conn.execute(f"select coalesce(max(id), 0) + 1 from {table}").fetchone()[0])


def _insert_rows(store: Store, table: str, rows: Sequence[Any]) -> list[int]:
    """Insert dataclass rows with executemany; their `id` is ignored and the new ids, the
    next free ones, are returned in order. Only inside a write transaction: the ids are
    only free while the write lock is held."""
    if not rows:
        return []
    assert store.conn.in_transaction
    names = [f.name for f in fields(rows[0]) if f.name != "id"]
    values = attrgetter(*names)
    first = _next_id(store, table)
    marks = ", ".join("?" * (len(names) + 1))
    store.conn.executemany(
        f"insert into {table} (id, {', '.join(names)}) values ({marks})",
        [(first + offset, *values(row)) for offset, row in enumerate(rows)],
    )
    return list(range(first, first + len(rows)))


__all__ = ["ENTRY_CHARACTERS", "ENTRY_ROWS", "Meeting", "remove_abandoned", "write_new_meeting"]
