"""What the minutes styles store (issue 16): an old database opens with every board in the
default style and printing as before; a board numbering each 年度 afresh; observers that are
not known; 会議資料, 議事録署名人 and 分類; a new board made by an import takes its style."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from pia_meeting.core import styles
from pia_meeting.core.errors import ValidationError
from pia_meeting.core.model import AgendaItem, Meeting, Numbering
from pia_meeting.core.record import NewMeeting
from pia_meeting.export.minutes import build_minutes
from pia_meeting.export.text_writer import render_text
from pia_meeting.store.facade import Store

V1 = Path(__file__).resolve().parent / "fixtures" / "schema_v1.db"


def test_an_old_database_opens_with_its_boards_in_the_default_style(tmp_path: Path) -> None:
    copy = tmp_path / "old.db"
    shutil.copyfile(V1, copy)
    store = Store(copy)
    (board,) = store.boards()
    assert (board.minutes_style, board.style_overrides, board.numbering) == (
        styles.DEFAULT_STYLE,
        "",
        Numbering.STRAIGHT,
    )
    (row,) = store.meetings()
    bundle = store.load_bundle(row["id"])
    assert bundle.meeting.fiscal_year == 0
    assert (bundle.meeting.materials, bundle.meeting.signers) == ("", "")
    lines = render_text(build_minutes(bundle)).splitlines()
    assert lines[0].endswith("議事録")
    assert any(line.startswith("日 時\t令和3年11月9日(火)") for line in lines)
    store.close()
    indexes = sqlite3.connect(copy).execute(
        "select sql from sqlite_master where type = 'index' and tbl_name = 'meetings'"
    )
    unique = [sql for (sql,) in indexes if sql and "UNIQUE" in sql]
    assert len(unique) == 1 and '"fiscal_year"' in unique[0]


@pytest.fixture
def store() -> Store:
    return Store(":memory:")


def test_a_board_numbering_each_nendo_has_a_first_meeting_every_year(store: Store) -> None:
    board = store.board_named("楓ヶ丘市情報公開・個人情報保護審査会")
    board.numbering = Numbering.FISCAL_YEAR
    store.update_board(board)
    first = store.create_meeting(Meeting(board_id=board.id, number=1, date="2023-05-10"))
    assert first.fiscal_year == 2023
    again = store.create_meeting(Meeting(board_id=board.id, number=1, date="2024-05-10"))
    assert again.fiscal_year == 2024
    # March 2024 still belongs to 令和5年度.
    with pytest.raises(ValidationError, match="令和5年度第1回はこの審査会に既にあります"):
        store.create_meeting(Meeting(board_id=board.id, number=1, date="2024-03-10"))
    assert store.next_meeting_number(board.id or 0, "2024-03-10") == 2
    assert store.next_meeting_number(board.id or 0, "2024-06-01") == 2
    assert store.next_meeting_number(board.id or 0, "2025-06-01") == 1
    # Straight through, the two 第1回 would clash: refused, nothing changed.
    board.numbering = Numbering.STRAIGHT
    with pytest.raises(ValidationError, match="第1回が二つになる"):
        store.update_board(board)
    assert store.get_board(board.id or 0).numbering == Numbering.FISCAL_YEAR
    assert store.get_meeting(again.id or 0).fiscal_year == 2024


def test_switching_to_nendo_numbering_sets_each_meetings_nendo(store: Store) -> None:
    board = store.board_named("審査会")
    meeting = store.create_meeting(Meeting(board_id=board.id, number=7, date="2019-11-07"))
    assert meeting.fiscal_year == 0
    board.numbering = Numbering.FISCAL_YEAR
    store.update_board(board)
    assert store.get_meeting(meeting.id or 0).fiscal_year == 2019
    title = build_minutes(
        store.load_bundle(meeting.id or 0), style=styles.builtin_style("numbered-sections")
    ).title
    assert title == "令和元年度第7回審査会議事録"


def test_observers_may_be_unknown_and_new_fields_are_kept(store: Store) -> None:
    board = store.board_named("審査会")
    meeting = store.create_meeting(
        Meeting(
            board_id=board.id,
            number=1,
            observers=None,
            materials="資料1 評価書\n資料2 意見募集の結果",
            signers="木暮委員",
        )
    )
    item = store.add_agenda_item(
        AgendaItem(meeting_id=meeting.id, title="報告", category="報告事項")
    )
    again = store.get_meeting(meeting.id or 0)
    assert (again.observers, again.materials, again.signers) == (
        None,
        "資料1 評価書\n資料2 意見募集の結果",
        "木暮委員",
    )
    assert store.agenda(meeting.id or 0)[0].category == item.category == "報告事項"


def test_a_bad_style_or_template_is_refused_when_saving_the_board(store: Store) -> None:
    board = store.board_named("審査会")
    board.style_overrides = '{"dates": {"time": "sundial"}}'
    with pytest.raises(styles.StyleError, match=r"「dates\.time」"):
        store.update_board(board)
    board = store.board_named("審査会")
    board.word_template = "C:/様式/議事録.dotx"
    with pytest.raises(ValidationError, match=r"\.docx ファイルを指定"):
        store.update_board(board)
    assert store.board_named("審査会").word_template == ""


def test_a_new_board_made_by_an_import_takes_the_detected_style(store: Store) -> None:
    record = NewMeeting(
        board_name="月見野市個人情報保護審査会",
        meeting=Meeting(number=12, date="2025-06-11"),
        minutes_style="angle-labels",
        style_overrides='{"labels": {"open": "<", "close": ">"}}',
    )
    board = store.get_meeting(store.insert_meeting(record)).board_id or 0
    made = store.get_board(board)
    assert (made.minutes_style, made.label_style) == ("angle-labels", "maru")
    assert styles.board_style(made).labels.open == "<"
    # A style that cannot be used does not stop the import: the board prints by default.
    other = NewMeeting(board_name="別の審査会", meeting=Meeting(number=1), minutes_style="gone")
    board = store.get_meeting(store.insert_meeting(other)).board_id or 0
    assert store.get_board(board).minutes_style == styles.DEFAULT_STYLE
    # A board that exists keeps its own.
    third = NewMeeting(board_name="月見野市個人情報保護審査会", meeting=Meeting(number=13))
    third.minutes_style = "numbered-sections"
    board = store.get_meeting(store.insert_meeting(third)).board_id or 0
    assert store.get_board(board).minutes_style == "angle-labels"
