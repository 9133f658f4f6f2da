"""The 会議一覧 read on its own: one query over a plain sqlite3 connection.

The first screen of every start shows this list, so it is read without loading the storage
layer (the model, privacy and search modules, sqlite-utils): `Store.meetings` and the app's
start-up read share this query.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pia_meeting.store.integrity import connect_read_only
from pia_meeting.store.schema import pending_migrations

# Newest first, without a meeting an import is still writing (core.record.IMPORTING). The
# limit applies before the per-meeting subqueries (-1: none), so the
# first screenful is read without counting the entries of every meeting in the archive.
MEETING_LIST_SQL = """
select m.*, b.name as board_name,
       (select title from agenda_items a where a.meeting_id = m.id
         order by seq limit 1) as agenda_title,
       (select count(*) from entries e where e.meeting_id = m.id) as entry_count
from (select * from meetings where status != '取込中'
      order by coalesce(date, '9999') desc, number desc limit ?) m
join boards b on b.id = m.board_id
order by coalesce(m.date, '9999') desc, m.number desc
"""


@dataclass(frozen=True)
class MeetingListRow:
    """One line of the 会議一覧: newest first, with the board and first agenda title."""

    meeting_id: int
    number: int | None  # None: an imported minutes that gives none
    date: str | None  # ISO date, or None while undecided
    status: str
    board_name: str
    agenda_title: str
    entry_count: int


def read_meeting_list(conn: sqlite3.Connection, limit: int = -1) -> list[MeetingListRow]:
    """The newest `limit` meetings (all by default)."""
    cursor = conn.execute(MEETING_LIST_SQL, (limit,))
    columns = [d[0] for d in cursor.description]
    return [meeting_list_row(dict(zip(columns, values, strict=True))) for values in cursor]


def meeting_list_row(row: dict[str, Any]) -> MeetingListRow:
    return MeetingListRow(
        meeting_id=int(row["id"]),
        number=None if row["number"] is None else int(row["number"]),
        date=row["date"],
        status=row["status"],
        board_name=row["board_name"],
        agenda_title=row["agenda_title"] or "",
        entry_count=int(row["entry_count"]),
    )


def read_meeting_list_from(path: Path, limit: int = -1) -> list[MeetingListRow] | None:
    """The list straight from the file, or None when the file must first go through the
    store: it does not exist yet, or a migration is pending."""
    if not path.is_file():
        return None
    # Read-only: the app checks the file only after this (integrity.BackgroundCheck).
    conn = connect_read_only(path)
    try:
        if pending_migrations(conn):
            return None
        return read_meeting_list(conn, limit)
    finally:
        conn.close()
