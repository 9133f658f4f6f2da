"""Speaker labels in the board's style, and the quorum line (DOMAIN §3)."""

from __future__ import annotations

import pytest

from pia_meeting.labels import department_label, member_group_label, speaker_label
from pia_meeting.model import Attendance, Board, LabelStyle, Presence, QuorumRule, Side
from pia_meeting.quorum import quorum_state, required_for

KOSEKI = "市民文化スポーツ局市民総務部戸籍住民課"


def _roll() -> list[Attendance]:
    """The reference's roll: 会長 and four 委員, a department's 説明者, the 事務局."""
    members = [
        Attendance(id=1, side=Side.MEMBER, name="時枝", title="会長"),
        Attendance(id=2, side=Side.MEMBER, name="姜", title="委員"),
        Attendance(id=3, side=Side.MEMBER, name="佐藤", title="委員"),
        Attendance(id=4, side=Side.MEMBER, name="森", title="委員"),
        Attendance(id=5, side=Side.MEMBER, name="安田", title="副会長"),
    ]
    others = [
        Attendance(id=6, side=Side.EXPLAINER, name="菊竹", title="係長", department=KOSEKI),
        Attendance(id=7, side=Side.EXPLAINER, name="友岡", title="主任", department=KOSEKI),
        Attendance(id=8, side=Side.SECRETARIAT, name="花本", title="係長", department="総務課"),
    ]
    return members + others


def _labels(board: Board) -> dict[str, str]:
    roll = _roll()
    return {p.name: speaker_label(board, p, roll) for p in roll}


# -- department names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("department", "expected"),
    [
        (KOSEKI, "戸籍住民課"),
        ("デジタル市役所推進室デジタル市役所推進課", "デジタル市役所推進課"),
        ("総務局文書館", "文書館"),
        ("保健福祉局保険年金課", "保険年金課"),
        ("情報政策課", "情報政策課"),
        ("総務局", "総務局"),
    ],
)
def test_department_label_is_the_last_unit(department: str, expected: str) -> None:
    assert department_label(department) == expected


# -- speaker labels --------------------------------------------------------------------------


def test_department_style_anonymises_members_as_in_the_reference() -> None:
    labels = _labels(Board(name="審査会", label_style=LabelStyle.DEPARTMENT, anonymise_members=1))
    assert labels["時枝"] == "(審査会委員)"
    assert labels["姜"] == "(審査会委員)"
    assert labels["菊竹"] == "(戸籍住民課)"
    assert labels["友岡"] == "(戸籍住民課)"
    assert labels["花本"] == "(事務局)"


def test_department_style_without_anonymisation_names_members() -> None:
    labels = _labels(Board(name="審査会", label_style=LabelStyle.DEPARTMENT, anonymise_members=0))
    assert labels["時枝"] == "(時枝会長)"
    assert labels["姜"] == "(姜委員)"
    assert labels["菊竹"] == "(戸籍住民課)"


def test_member_label_setting_is_used() -> None:
    board = Board(name="審議会", member_label="審議会委員")
    assert _labels(board)["姜"] == "(審議会委員)"
    assert member_group_label(board) == "(審議会委員)"


def test_attendee_label_override_wins_over_the_department() -> None:
    board = Board(name="審査会")
    person = Attendance(
        id=9, side=Side.EXPLAINER, name="山田", title="課長", department=KOSEKI, label="戸籍課"
    )
    assert speaker_label(board, person, [*_roll(), person]) == "(戸籍課)"


def test_name_role_style() -> None:
    labels = _labels(Board(name="審査会", label_style=LabelStyle.NAME_ROLE))
    assert labels["時枝"] == "【時枝会長】"
    assert labels["姜"] == "【姜委員】"
    assert labels["花本"] == "【事務局花本】"
    assert labels["菊竹"] == "【菊竹係長】"


def test_maru_style() -> None:
    labels = _labels(Board(name="審査会", label_style=LabelStyle.MARU))
    assert labels["時枝"] == "〇会長"
    assert labels["安田"] == "〇副会長"
    assert labels["姜"] == "〇委員"
    assert labels["菊竹"] == "〇実施機関"
    assert labels["花本"] == "〇事務局"


def test_letters_style_gives_each_plain_member_a_stable_letter() -> None:
    labels = _labels(Board(name="審査会", label_style=LabelStyle.LETTERS))
    assert labels["時枝"] == "(会長)"
    assert labels["安田"] == "(副会長)"
    assert [labels["姜"], labels["佐藤"], labels["森"]] == ["(委員A)", "(委員B)", "(委員C)"]
    assert labels["菊竹"] == "(戸籍住民課)"
    assert labels["花本"] == "(事務局)"


def test_name_style() -> None:
    labels = _labels(Board(name="審査会", label_style=LabelStyle.NAME))
    assert labels["時枝"] == "(時枝会長)"
    assert labels["菊竹"] == "(菊竹係長)"


# -- quorum ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("in_office", "rule", "required"),
    [
        (5, QuorumRule.MAJORITY, 3),
        (5, QuorumRule.HALF_OR_MORE, 3),
        (4, QuorumRule.MAJORITY, 3),
        (4, QuorumRule.HALF_OR_MORE, 2),
        (6, QuorumRule.MAJORITY, 4),
        (6, QuorumRule.HALF_OR_MORE, 3),
    ],
)
def test_required_for(in_office: int, rule: str, required: int) -> None:
    assert required_for(in_office, rule) == required


def test_full_attendance_line_is_exact() -> None:
    state = quorum_state(_roll(), QuorumRule.MAJORITY)
    assert (state.in_office, state.present, state.required) == (5, 5, 3)
    assert state.met
    assert state.line == "委員5名中5名出席(定足数を満たす)"


def test_absent_members_are_not_counted_and_others_never_count() -> None:
    roll = _roll()
    for person in roll:
        if person.name in ("姜", "佐藤", "森"):
            person.presence = Presence.ABSENT
    state = quorum_state(roll, QuorumRule.MAJORITY)
    # 3 explainers/secretariat are present but are not members.
    assert (state.in_office, state.present) == (5, 2)
    assert not state.met
    assert state.line == "委員5名中2名出席(定足数3名に満たない)"


def test_late_and_left_early_members_count_as_present() -> None:
    roll = _roll()
    roll[1].presence = Presence.LATE
    roll[2].presence = Presence.LEFT_EARLY
    assert quorum_state(roll, QuorumRule.MAJORITY).present == 5


def test_rule_decides_with_four_in_office_and_two_present() -> None:
    members = [Attendance(id=i, side=Side.MEMBER, name=f"委員{i}") for i in range(4)]
    members[0].presence = members[1].presence = Presence.ABSENT
    assert not quorum_state(members, QuorumRule.MAJORITY).met
    half = quorum_state(members, QuorumRule.HALF_OR_MORE)
    assert half.met
    assert half.line == "委員4名中2名出席(定足数を満たす)"


def test_no_members_is_never_a_quorum() -> None:
    assert not quorum_state([], QuorumRule.HALF_OR_MORE).met
