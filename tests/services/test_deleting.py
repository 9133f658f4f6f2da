"""Deleting what the board decided: a meeting another window is recording is never deleted,
a confirmed 答申 is named before it goes and kept in the audit log, and a 答申番号 once
issued is never issued again."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from pia_meeting.core.errors import UserError
from pia_meeting.core.model import AgendaItem, Attendance, Meeting, Side
from pia_meeting.core.quorum import quorum_state
from pia_meeting.core.toshin import draft_wording
from pia_meeting.services.meetings import delete_meeting, prepare_deletion
from pia_meeting.services.toshin import ToshinService
from pia_meeting.store import locks
from pia_meeting.store.facade import Store

BOARD = "みなと川市個人情報保護審査会"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "pia_meeting.db")
    yield store
    store.close()


def _meeting(store: Store, number: int) -> tuple[int, AgendaItem]:
    board = store.board_named(BOARD)
    meeting = store.create_meeting(
        Meeting(board_id=board.id, number=number, date=f"2025-0{number}-10")
    )
    item = store.add_agenda_item(AgendaItem(meeting_id=meeting.id, title="国民健康保険について"))
    for name, title in (("榊原", "会長"), ("有沢", "委員"), ("篠宮", "委員")):
        store.add_attendee(
            Attendance(meeting_id=meeting.id, side=Side.MEMBER, name=name, title=title)
        )
    return meeting.id or 0, item


def _confirm(store: Store, meeting_id: int, item: AgendaItem) -> str:
    service = ToshinService(store)
    board = store.get_board(store.get_meeting(meeting_id).board_id or 0)
    toshin = service.get_or_draft(board, item, None)
    service.save_draft(toshin, draft_wording("A", board, item, None), [], "A")
    quorum = quorum_state(store.attendance(meeting_id), board.quorum_rule)
    toshin, _ = service.confirm(toshin, meeting_id=meeting_id, confirmed_by="会長", quorum=quorum)
    return toshin.number


def test_a_toshin_number_is_never_issued_twice(store: Store) -> None:
    first, first_item = _meeting(store, 1)
    second, second_item = _meeting(store, 2)
    assert _confirm(store, first, first_item).endswith("答申第1号")
    assert _confirm(store, second, second_item).endswith("答申第2号")
    delete_meeting(store, second)  # 答申第2号 went out with its meeting
    third, third_item = _meeting(store, 3)
    assert _confirm(store, third, third_item).endswith("答申第3号")


def test_a_deleted_meeting_keeps_its_confirmed_toshin_in_the_audit_log(store: Store) -> None:
    meeting_id, item = _meeting(store, 1)
    number = _confirm(store, meeting_id, item)
    deletion = prepare_deletion(store, meeting_id)
    assert len(deletion.frozen) == 1 and number in deletion.frozen[0]
    assert "第1回" in deletion.title and "令和7年1月10日" in deletion.title
    delete_meeting(store, meeting_id)
    (event,) = store.audit(meeting_id)
    kept = json.loads(event.old_value)
    assert event.field == "delete" and kept["toshins"][0]["number"] == number
    assert "適合性及び妥当性" in kept["toshins"][0]["wording"]


def test_a_meeting_another_window_records_cannot_be_deleted(store: Store) -> None:
    meeting_id, _ = _meeting(store, 1)
    # Another live instance (this test's parent process) holds the meeting's lock.
    assert locks.acquire(store, meeting_id, pid=os.getppid()).acquired
    with pytest.raises(UserError, match="別の画面で記録・編集中"):
        prepare_deletion(store, meeting_id)
    with pytest.raises(UserError, match="別の画面で記録・編集中"):
        delete_meeting(store, meeting_id)
    assert store.get_meeting(meeting_id).id == meeting_id
    # Our own lock, or one its holder left behind, is no reason to refuse.
    locks.release(store, meeting_id, pid=os.getppid())
    assert locks.acquire(store, meeting_id).acquired
    delete_meeting(store, meeting_id)


def test_an_item_with_a_confirmed_toshin_cannot_be_deleted(store: Store) -> None:
    meeting_id, item = _meeting(store, 1)
    _confirm(store, meeting_id, item)
    for entry in store.entries(meeting_id):  # the closing lines the confirmation wrote
        store.delete_entry(entry.id or 0)
    with pytest.raises(UserError, match="確定した答申のある議題は削除できません"):
        store.delete_agenda_item(item.id or 0)
    assert store.get_toshin(item.id or 0) is not None
    service = ToshinService(store)
    toshin = store.get_toshin(item.id or 0)
    assert toshin is not None
    service.unlock(toshin, meeting_id=meeting_id, reason="議題を取り下げるため")
    store.delete_agenda_item(item.id or 0)  # unlocked: it goes, its text into the audit log
    deleted = [e for e in store.audit(meeting_id) if e.field == "delete"]
    assert deleted and "適合性及び妥当性" in deleted[0].old_value
    other, other_item = _meeting(store, 2)
    assert _confirm(store, other, other_item).endswith("答申第2号")  # 第1号 stays taken
