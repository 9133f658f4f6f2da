"""The 会議一覧 read on its own: one query over a plain sqlite3 connection.

The first screen of every start shows this list, so it is read without loading the storage
layer (the model, privacy and search modules, sqlite-utils): `Store.meetings` and the app's
start-up read share this query.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pia_meeting.core import wareki
from pia_meeting.core.text import display_width, fit_width
from pia_meeting.store.integrity import connect_read_only
from pia_meeting.store.schema import pending_migrations

# Newest first. The limit applies before the per-meeting subqueries (-1: none), so the
# first screenful is read without counting the entries of every meeting in the archive.
MEETING_LIST_SQL = """
select m.*, b.name as board_name,
       (select title from agenda_items a where a.meeting_id = m.id
         order by seq limit 1) as agenda_title,
       (select count(*) from entries e where e.meeting_id = m.id) as entry_count
from (select * from meetings order by coalesce(date, '9999') desc, number desc limit ?) m
join boards b on b.id = m.board_id
order by coalesce(m.date, '9999') desc, m.number desc
"""


@dataclass(frozen=True)
class MeetingListRow:
    """One line of the 会議一覧: newest first, with the board and first agenda title."""

    meeting_id: int
    number: int
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
        number=int(row["number"]),
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


COLUMN_GAP = "  "
# Floors for the columns whose width varies from meeting to meeting, so that the first
# screenful (shown before the rest is read) and the whole list line up alike: the widest
# date (「令和10年12月31日(日)」), status (「準備中」) and entry count (「9999件」).
DATE_CELLS = 20
STATUS_CELLS = 6
COUNT_CELLS = 6
# The 審査会 column (only with several boards) at most: enough to tell the boards apart by
# their city, and room left for the 議題 on an 80-column terminal.
BOARD_CELLS = 14


def align_columns(rows: Sequence[MeetingListRow], cells: int) -> tuple[str, list[str]]:
    """The header and one line a meeting, in columns padded to display width (a kanji is
    two cells), each cut to `cells` with 「…」. The 審査会 column appears only when the list
    holds more than one board; the agenda title comes last, where a line is cut."""
    boards = len({row.board_name for row in rows}) > 1
    table: list[list[str]] = [
        ["回", "開催日", "状態", "記録", *(["審査会"] if boards else []), "議題"]
    ]
    for row in rows:
        date = wareki.format_date(dt.date.fromisoformat(row.date)) if row.date else "未定"
        table.append(
            [
                f"第{row.number}回",
                date,
                row.status,
                f"{row.entry_count}件",
                *([fit_width(row.board_name, BOARD_CELLS)] if boards else []),
                row.agenda_title,
            ]
        )
    floors = [0, DATE_CELLS, STATUS_CELLS, COUNT_CELLS, *([0] if boards else [])]
    widths = [
        max(floor, *(display_width(line[column]) for line in table))
        for column, floor in enumerate(floors)
    ]
    aligned = []
    for index, line in enumerate(table):
        padded = []
        for column, (cell, width) in enumerate(zip(line[:-1], widths, strict=True)):
            space = " " * (width - display_width(cell))
            # Counts read best right-aligned (「  12件」 over 「300件」); not the header.
            padded.append(space + cell if column == 3 and index else cell + space)
        aligned.append(fit_width(COLUMN_GAP.join([*padded, line[-1]]), cells))
    return aligned[0], aligned[1:]
