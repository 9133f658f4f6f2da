"""答申: template wording, the chair's confirmation, the freeze, the unlock and the closing lines
(SPEC §2.5, DOMAIN §4)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pia_meeting.core.errors import FrozenError, UserError, ValidationError
from pia_meeting.core.model import (
    AgendaItem,
    Assessment,
    AssessmentKind,
    Attendance,
    Board,
    Meeting,
    Presence,
    Side,
    Toshin,
    ToshinTemplate,
    VoteMode,
)
from pia_meeting.core.quorum import QuorumState, quorum_state
from pia_meeting.core.toshin import (
    RESULT_ADOPTED,
    RESULT_CONTINUED,
    RESULT_REJECTED,
    check_vote,
    closing_lines,
    draft_wording,
    is_intact,
)
from pia_meeting.services.toshin import ToshinService
from pia_meeting.store.facade import Store

DOMAIN_A = (
    "住民基本台帳に関する事務について、適合性及び妥当性の観点から審査を行った結果、全項目評価書の"
    "記載は保護評価指針に定める実施手続等に適合し、同指針に定める保護評価の目的等に照らし妥当である。"
)
CONTINUED = "本日は結論を出さず、次回に審議を継続することとした。"


@dataclass
class Session:
    store: Store
    service: ToshinService
    board: Board
    meeting: Meeting
    item: AgendaItem
    assessment: Assessment

    @property
    def meeting_id(self) -> int:
        assert self.meeting.id is not None
        return self.meeting.id

    def quorum(self) -> QuorumState:
        return quorum_state(self.store.attendance(self.meeting_id), self.board.quorum_rule)

    def stored(self) -> Toshin:
        toshin = self.store.get_toshin(self.item.id or 0)
        assert toshin is not None
        return toshin

    def drafted(
        self, template: str = ToshinTemplate.CONFORMS, riders: list[str] | None = None
    ) -> Toshin:
        toshin = self.service.get_or_draft(self.board, self.item, self.assessment)
        wording = draft_wording(template, self.board, self.item, self.assessment)
        return self.service.save_draft(toshin, wording, riders or [], template)

    def confirmed(self, **kwargs: object) -> Toshin:
        toshin = self.drafted()
        toshin, _ = self.service.confirm(
            toshin,
            meeting_id=self.meeting_id,
            confirmed_by="時枝会長",
            quorum=self.quorum(),
            **kwargs,  # type: ignore[arg-type]
        )
        return toshin


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    store = Store(tmp_path / "toshin.db")
    board = store.board_named("北九州市個人情報保護審査会")
    meeting = store.create_meeting(Meeting(board_id=board.id, number=15, date="2021-11-09"))
    assessment = store.save_assessment(
        Assessment(name="住民基本台帳に関する事務", kind=AssessmentKind.FULL, page_count=78)
    )
    item = store.add_agenda_item(
        AgendaItem(
            meeting_id=meeting.id,
            title="住民基本台帳に関する事務に係る特定個人情報保護評価について",
            assessment_id=assessment.id,
        )
    )
    for name, title in [
        ("時枝", "会長"),
        ("姜", "委員"),
        ("佐藤", "委員"),
        ("森", "委員"),
        ("安田", "委員"),
    ]:
        store.add_attendee(
            Attendance(meeting_id=meeting.id, side=Side.MEMBER, name=name, title=title)
        )
    yield Session(store, ToshinService(store), board, meeting, item, assessment)
    store.close()


def _mark_absent(session: Session, *names: str) -> None:
    for person in session.store.attendance(session.meeting_id):
        if person.name in names:
            person.presence = Presence.ABSENT
            session.store.update_attendee(person)


# -- wording ---------------------------------------------------------------------------------


def test_template_a_equals_the_domain_sentence(session: Session) -> None:
    assert draft_wording("A", session.board, session.item, session.assessment) == DOMAIN_A
    assert (
        session.service.get_or_draft(session.board, session.item, session.assessment).wording
        == DOMAIN_A
    )


def test_template_names_the_assessment_kind(session: Session) -> None:
    focused = Assessment(name="児童手当に関する事務", kind=AssessmentKind.FOCUSED)
    wording = draft_wording("A", session.board, session.item, focused)
    assert wording.startswith("児童手当に関する事務について、")
    assert "重点項目評価書の記載は" in wording


def test_without_an_assessment_the_subject_comes_from_the_agenda_title(session: Session) -> None:
    wording = draft_wording("A", session.board, session.item, None)
    assert wording.startswith("住民基本台帳に関する事務について、")
    assert "評価書の記載は" in wording


def test_empty_wording_is_refused(session: Session) -> None:
    toshin = session.drafted()
    with pytest.raises(ValidationError) as caught:
        session.service.save_draft(toshin, "  ", [], "A")
    assert caught.value.field == "wording"
    assert session.stored().wording == DOMAIN_A


# -- confirmation and the freeze ---------------------------------------------------------------


def test_confirm_by_consent_freezes(session: Session) -> None:
    toshin = session.confirmed()
    stored = session.stored()
    assert stored.confirmed_at
    assert stored.confirmed_by == "時枝会長"
    assert len(stored.text_hash) == 64
    assert stored.result == RESULT_ADOPTED
    assert is_intact(stored)
    assert is_intact(toshin)


def test_verify_detects_wording_changed_behind_the_freeze(session: Session) -> None:
    session.confirmed()
    session.store.db.execute("update toshins set wording = wording || '(改変)'")
    assert not is_intact(session.stored())


def test_save_after_freeze_is_refused_and_the_wording_kept(session: Session) -> None:
    toshin = session.confirmed()
    with pytest.raises(FrozenError) as caught:
        session.service.save_draft(toshin, "別の文言", [], "A")
    assert "ロックを解除" in str(caught.value)
    stored = session.stored()
    assert stored.wording == DOMAIN_A
    assert is_intact(stored)


def test_a_copy_loaded_before_the_freeze_cannot_overwrite_it(session: Session) -> None:
    # A second window (or a screen that kept its copy) still holds the draft.
    session.drafted()
    stale = session.stored()
    fresh = session.stored()
    session.service.confirm(
        fresh, meeting_id=session.meeting_id, confirmed_by="時枝会長", quorum=session.quorum()
    )
    with pytest.raises(FrozenError):
        session.service.save_draft(stale, "別の文言", [], "A")
    with pytest.raises(FrozenError):
        session.service.confirm(
            stale, meeting_id=session.meeting_id, confirmed_by="事務局", quorum=session.quorum()
        )
    stored = session.stored()
    assert stored.wording == DOMAIN_A
    assert stored.confirmed_by == "時枝会長"
    assert is_intact(stored)


def test_two_unsaved_drafts_of_one_item_end_as_one_row(session: Session) -> None:
    first = session.service.get_or_draft(session.board, session.item, session.assessment)
    second = session.service.get_or_draft(session.board, session.item, session.assessment)
    session.service.save_draft(first, DOMAIN_A, [], "A")
    session.service.save_draft(second, CONTINUED, [], "D")
    rows = list(session.store.db.query("select wording from toshins"))
    assert rows == [{"wording": CONTINUED}]


def test_confirming_twice_is_refused(session: Session) -> None:
    toshin = session.confirmed()
    with pytest.raises(FrozenError):
        session.service.confirm(
            toshin, meeting_id=session.meeting_id, confirmed_by="会長", quorum=session.quorum()
        )


def test_unlock_needs_a_reason(session: Session) -> None:
    toshin = session.confirmed()
    with pytest.raises(ValidationError) as caught:
        session.service.unlock(toshin, meeting_id=session.meeting_id, reason="   ")
    assert caught.value.field == "reason"
    assert "理由" in caught.value.message
    stored = session.stored()
    assert stored.is_frozen and is_intact(stored)
    assert session.store.audit(session.meeting_id) == []


def test_unlock_is_audited_with_the_old_wording(session: Session) -> None:
    toshin = session.confirmed()
    session.service.unlock(
        toshin, meeting_id=session.meeting_id, reason="付帯意見の追加のため", actor="事務局花本"
    )
    stored = session.stored()
    assert not stored.is_frozen
    assert stored.text_hash == ""
    events = session.store.audit(session.meeting_id)
    assert len(events) == 1
    event = events[0]
    assert event.table_name == "toshins"
    assert event.row_id == stored.id
    assert event.reason == "付帯意見の追加のため"
    assert event.actor == "事務局花本"
    assert event.at[:4].isdigit() and "T" in event.at
    assert json.loads(event.old_value)["wording"] == DOMAIN_A
    # Now the wording can change, and be confirmed again.
    edited = session.service.save_draft(stored, DOMAIN_A + "なお、", [], "B")
    assert session.stored().wording == edited.wording


def test_unlocking_a_draft_is_refused(session: Session) -> None:
    with pytest.raises(UserError):
        session.service.unlock(session.drafted(), meeting_id=session.meeting_id, reason="誤り")


# -- closing lines ---------------------------------------------------------------------------


def test_closing_lines_by_consent(session: Session) -> None:
    toshin = session.confirmed()
    assert closing_lines(toshin) == [
        "以上を踏まえ、答申書を作成する。",
        f"第三者点検についての答申の方向性は、「{DOMAIN_A}」と認めてよろしいか。",
        "異議がないのでこの旨で答申する。",
    ]


def test_no_closing_lines_before_confirmation(session: Session) -> None:
    assert closing_lines(session.drafted()) == []


def test_riders_are_numbered_in_the_question(session: Session) -> None:
    toshin = session.drafted(
        "B", riders=["研修を毎年実施すること。", " ", "委託先を監査すること。"]
    )
    toshin, _ = session.service.confirm(
        toshin, meeting_id=session.meeting_id, confirmed_by="会長", quorum=session.quorum()
    )
    question = closing_lines(toshin)[1]
    assert (
        "次の事項に留意されたい。(1)研修を毎年実施すること。(2)委託先を監査すること。」" in question
    )


# -- counted votes ---------------------------------------------------------------------------


def test_more_votes_than_members_present_is_refused(session: Session) -> None:
    _mark_absent(session, "安田")
    toshin = session.drafted()
    with pytest.raises(ValidationError) as caught:
        session.service.confirm(
            toshin,
            meeting_id=session.meeting_id,
            confirmed_by="会長",
            quorum=session.quorum(),
            vote_mode=VoteMode.COUNT,
            votes=(3, 1, 1),
        )
    assert caught.value.field == "votes"
    assert "4名" in caught.value.message
    assert not session.stored().is_frozen


def test_negative_votes_are_refused() -> None:
    with pytest.raises(ValidationError):
        check_vote(-1, 0, 0, present_members=5)


def test_a_tie_needs_the_chairs_decision(session: Session) -> None:
    toshin = session.drafted()
    with pytest.raises(ValidationError) as caught:
        session.service.confirm(
            toshin,
            meeting_id=session.meeting_id,
            confirmed_by="会長",
            quorum=session.quorum(),
            vote_mode=VoteMode.COUNT,
            votes=(2, 2, 1),
        )
    assert caught.value.field == "chair_decision"
    assert "会長" in caught.value.message
    stored = session.stored()
    assert not stored.is_frozen
    assert stored.result == ""


def test_a_tie_decided_by_the_chair_is_adopted(session: Session) -> None:
    toshin = session.confirmed(vote_mode=VoteMode.COUNT, votes=(2, 2, 1), chair_decision="可決")
    stored = session.stored()
    assert stored.result == RESULT_ADOPTED
    assert (stored.votes_for, stored.votes_against, stored.abstentions) == (2, 2, 1)
    assert stored.chair_decision == "可決"
    assert (
        closing_lines(toshin)[-1] == "可否同数のため、会長の決するところにより、この旨で答申する。"
    )


def test_a_counted_majority_against_rejects(session: Session) -> None:
    toshin = session.confirmed(vote_mode=VoteMode.COUNT, votes=(1, 3, 1))
    assert session.stored().result == RESULT_REJECTED
    # No 答申書 is made: the question, then the rejection.
    assert closing_lines(toshin) == [
        f"第三者点検についての答申の方向性は、「{DOMAIN_A}」と認めてよろしいか。",
        "賛成1名、反対3名、棄権1名により、この案による答申は行わないこととした。",
    ]


def test_more_for_than_against_is_not_enough_without_a_majority_of_those_present(
    session: Session,
) -> None:
    # 議事は出席委員の過半数で決する: 2 of 5 present is not a majority, abstentions or not.
    toshin = session.confirmed(vote_mode=VoteMode.COUNT, votes=(2, 1, 2))
    stored = session.stored()
    assert stored.result == RESULT_REJECTED
    assert (stored.votes_for, stored.votes_against, stored.abstentions) == (2, 1, 2)
    lines = closing_lines(toshin)
    assert not any("答申書を作成する" in line for line in lines)
    assert lines[0].endswith("と認めてよろしいか。")
    assert lines[-1] == "賛成2名、反対1名、棄権2名により、この案による答申は行わないこととした。"


@pytest.mark.parametrize(
    ("votes", "present", "adopted", "needs_chair"),
    [
        ((3, 0, 2), 5, True, False),  # 3 of 5 present: a majority
        ((2, 1, 2), 5, False, False),  # more for than against, but 2 of 5
        ((2, 0, 0), 4, False, False),  # half of those present is not more than half
        ((3, 1, 0), 4, True, False),
        ((1, 3, 1), 5, False, False),
        ((2, 2, 1), 5, False, True),  # 可否同数: the chair decides
        ((1, 1, 3), 5, False, True),
    ],
)
def test_check_vote_is_a_majority_of_the_members_present(
    votes: tuple[int, int, int], present: int, adopted: bool, needs_chair: bool
) -> None:
    outcome = check_vote(*votes, present_members=present)
    assert (outcome.adopted, outcome.needs_chair) == (adopted, needs_chair)


def test_a_tie_is_what_the_chair_decides() -> None:
    assert check_vote(1, 1, 3, present_members=5, chair_decision="可決").adopted
    assert not check_vote(2, 2, 0, present_members=4, chair_decision="否決").adopted


def test_a_counted_majority_for_is_recorded_in_the_closing_line(session: Session) -> None:
    toshin = session.confirmed(vote_mode=VoteMode.COUNT, votes=(4, 0, 1))
    assert session.stored().result == RESULT_ADOPTED
    assert closing_lines(toshin)[-1] == "賛成4名、反対0名、棄権1名により、この旨で答申する。"


def test_count_without_numbers_is_refused(session: Session) -> None:
    with pytest.raises(ValidationError):
        session.service.confirm(
            session.drafted(),
            meeting_id=session.meeting_id,
            confirmed_by="会長",
            quorum=session.quorum(),
            vote_mode=VoteMode.COUNT,
        )
    assert not session.stored().is_frozen


# -- quorum and 継続審議 ------------------------------------------------------------------------


def test_confirming_without_quorum_warns_and_is_audited(session: Session) -> None:
    _mark_absent(session, "姜", "佐藤", "森")
    toshin, warnings = session.service.confirm(
        session.drafted(),
        meeting_id=session.meeting_id,
        confirmed_by="会長",
        quorum=session.quorum(),
    )
    assert toshin.is_frozen  # warned, not blocked
    assert len(warnings) == 1
    assert "定足数" in warnings[0]
    assert "委員5名中2名出席" in warnings[0]
    events = session.store.audit(session.meeting_id)
    assert [(e.field, e.new_value) for e in events] == [("quorum", warnings[0])]
    assert events[0].at


def test_confirming_with_quorum_records_nothing_in_the_audit(session: Session) -> None:
    _, warnings = session.service.confirm(
        session.drafted(),
        meeting_id=session.meeting_id,
        confirmed_by="会長",
        quorum=session.quorum(),
    )
    assert warnings == []
    assert session.store.audit(session.meeting_id) == []


def test_template_d_continues_the_deliberation(session: Session) -> None:
    toshin = session.drafted(ToshinTemplate.CONTINUED)
    assert toshin.wording == CONTINUED
    toshin, _ = session.service.confirm(
        toshin, meeting_id=session.meeting_id, confirmed_by="会長", quorum=session.quorum()
    )
    assert session.stored().result == RESULT_CONTINUED
    assert closing_lines(toshin) == [CONTINUED]
