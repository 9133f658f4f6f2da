"""The 会議一覧's lines: columns aligned by display width (a kanji takes two cells) and cut
to the terminal's width once, so that the list widget only draws them."""

from __future__ import annotations

from collections.abc import Sequence

from pia_meeting.core import wareki
from pia_meeting.core.text import display_width, fit_width
from pia_meeting.store.listing import MeetingListRow

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
        date = wareki.format_stored_date(row.date, missing="未定")
        table.append(
            [
                f"第{row.number}回" if row.number else "回不明",
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
