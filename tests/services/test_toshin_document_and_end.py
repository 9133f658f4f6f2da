"""The 答申's confirmation time, what its 答申書 lacks, and the meeting's end (閉会 / 確定)
(issue 18, items 3, 4 and 5)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pia_meeting.core.errors import UserError, ValidationError
from pia_meeting.core.model import AgendaItem, Meeting, MeetingStatus, Toshin
from pia_meeting.core.quorum import QuorumState
from pia_meeting.services.toshin import (
    ToshinService,
    default_confirmation_time,
    next_status,
    parse_confirmation_time,
    toshin_document_gaps,
)
from pia_meeting.store.facade import Store
from tests.support.meetings import make_meeting

QUORUM = QuorumState(in_office=2, present=2, required=2, rule="majority")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "t.db")


def test_confirmation_time_defaults_to_now_or_the_end_of_a_past_meeting() -> None:
    now = "2025-10-21T15:10:00+09:00"
    today = Meeting(date="2025-10-21", start_time="14:00", end_time="15:05")
    assert default_confirmation_time(today, now) == now
    earlier = Meeting(date="2021-11-09", start_time="10:00", end_time="10:50")
    stamp = dt.datetime.fromisoformat(default_confirmation_time(earlier, now))
    assert (stamp.date(), stamp.strftime("%H:%M")) == (dt.date(2021, 11, 9), "10:50")
    started_only = Meeting(date="2021-11-09", start_time="10:00")
    assert default_confirmation_time(started_only, now)[11:16] == "10:00"
    undated = Meeting()
    assert default_confirmation_time(undated, now) == now


def test_a_typed_confirmation_time_is_read_or_refused_in_japanese() -> None:
    meeting = Meeting(date="2021-11-09")
    assert parse_confirmation_time("2021-11-09 10:48", meeting)[:16] == "2021-11-09T10:48"
    assert parse_confirmation_time("令和3年11月9日 10:48", meeting)[:16] == "2021-11-09T10:48"
    assert parse_confirmation_time("10:48", meeting)[:16] == "2021-11-09T10:48"
    for bad in ("", "きのう", "2021-13-40 10:00", "2999-01-01 10:00"):
        with pytest.raises(ValidationError) as caught:
            parse_confirmation_time(bad, meeting)
        assert caught.value.field == "confirmed_at"
        assert "確定日時" in caught.value.message


def confirmed(store: Store, at: str | None) -> tuple[int, Toshin]:
    meeting_id = make_meeting(store, 15)
    item = store.agenda(meeting_id)[0]
    service = ToshinService(store)
    toshin = service.save_draft(Toshin(agenda_item_id=item.id), "妥当である。", [], "A")
    service.confirm(
        toshin, meeting_id=meeting_id, confirmed_by="時枝会長", quorum=QUORUM, confirmed_at=at
    )
    return meeting_id, toshin


def test_a_stated_confirmation_time_is_stored_and_audited(store: Store) -> None:
    meeting_id, toshin = confirmed(store, "2021-11-09T10:48:00+09:00")
    assert store.get_toshin(toshin.agenda_item_id or 0).confirmed_at == "2021-11-09T10:48:00+09:00"
    audit = [a for a in store.audit(meeting_id) if a.field == "confirmed_at"]
    assert len(audit) == 1
    assert audit[0].new_value == "2021-11-09T10:48:00+09:00"
    assert audit[0].old_value  # when it was recorded


def test_a_confirmation_made_now_is_not_audited(store: Store) -> None:
    meeting_id, _ = confirmed(store, None)
    assert not [a for a in store.audit(meeting_id) if a.field == "confirmed_at"]


def test_what_the_toshin_document_lacks(store: Store) -> None:
    meeting_id, toshin = confirmed(store, None)
    bundle = store.load_bundle(meeting_id)
    item = bundle.agenda[0]
    assert [g.label for g in toshin_document_gaps(bundle, item)] == ["諮問番号", "諮問日"]
    # An imported 答申: confirmed, with no number of its own.
    toshin.number = ""
    store.put_toshin(toshin)
    bundle = store.load_bundle(meeting_id)
    assert "答申番号" in [g.label for g in toshin_document_gaps(bundle, item)]
    ToshinService(store).set_toshin_number(toshin, "答申第73号", meeting_id=meeting_id)
    store.update_agenda_item(
        AgendaItem(**{**vars(item), "inquiry_number": "諮問第9号", "inquiry_date": "2021-10-01"})
    )
    bundle = store.load_bundle(meeting_id)
    assert toshin_document_gaps(bundle, bundle.agenda[0]) == []
    assert [a.new_value for a in store.audit(meeting_id) if a.field == "number"] == ["答申第73号"]


def test_the_meeting_ends_in_two_steps_each_audited(store: Store) -> None:
    meeting_id = make_meeting(store, 15)
    service = ToshinService(store)
    meeting = store.get_meeting(meeting_id)
    step = next_status(meeting)
    assert step is not None and step.status == MeetingStatus.CLOSED
    assert "監査記録" in step.consequences
    assert service.end_meeting(meeting_id) == MeetingStatus.CLOSED
    assert service.end_meeting(meeting_id) == MeetingStatus.FINAL
    assert next_status(store.get_meeting(meeting_id)) is None
    with pytest.raises(UserError):
        service.end_meeting(meeting_id)
    changes = [(a.old_value, a.new_value) for a in store.audit(meeting_id) if a.field == "status"]
    assert changes == [("準備中", "閉会"), ("閉会", "確定")]
