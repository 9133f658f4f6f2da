"""Speaker labels in the board's style, and the quorum line (DOMAIN §3)."""

from __future__ import annotations

import pytest

from pia_meeting.core.labels import (
    chair_label,
    department_label,
    member_group_label,
    speaker_label,
)
from pia_meeting.core.model import (
    Attendance,
    Board,
    LabelStyle,
    Meeting,
    Member,
    Presence,
    QuorumRule,
    Side,
)
from pia_meeting.core.quorum import (
    meeting_quorum,
    members_in_office_on,
    quorum_state,
    required_for,
)
from pia_meeting.store.facade import Store

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


@pytest.mark.parametrize(
    ("style", "anonymise", "label"),
    [
        (LabelStyle.DEPARTMENT, 1, "(審査会委員)"),  # the reference
        (LabelStyle.DEPARTMENT, 0, "(時枝会長)"),
        (LabelStyle.NAME_ROLE, 1, "【時枝会長】"),
        (LabelStyle.NAME, 1, "(時枝会長)"),
        (LabelStyle.MARU, 1, "〇会長"),
        (LabelStyle.LETTERS, 1, "(会長)"),
    ],
)
def test_the_chair_speaks_in_the_boards_style(style: str, anonymise: int, label: str) -> None:
    board = Board(name="審査会", label_style=style, anonymise_members=anonymise)
    assert chair_label(board, _roll()) == label


def test_the_vice_chair_takes_the_chair_when_the_chair_is_absent() -> None:
    board = Board(name="審査会", label_style=LabelStyle.NAME_ROLE)
    roll = _roll()
    roll[0].presence = Presence.ABSENT
    assert chair_label(board, roll) == "【安田副会長】"
    # No one with a chair's title on the roll: the title alone, in the board's style.
    others = [p for p in roll if p.title not in ("会長", "副会長")]
    assert chair_label(board, others) == "【会長】"
    assert chair_label(Board(name="審査会"), others) == "(審査会委員)"


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


# -- the members in office, not only those on the roll -------------------------------------------


def _board_members() -> list[Member]:
    return [
        Member(name="時枝", role="会長", in_office_from="2020-04-01"),
        Member(name="姜", in_office_from="2020-04-01"),
        Member(name="佐藤", in_office_from="2020-04-01"),
        Member(name="森"),  # no dates recorded: in office
        Member(name="安田", in_office_from="2020-04-01", in_office_to="2021-11-09"),
        Member(name="前任", in_office_from="2018-04-01", in_office_to="2021-03-31"),
        Member(name="新任", in_office_from="2021-11-10"),
    ]


def test_members_in_office_on_the_meeting_date() -> None:
    members = _board_members()
    # 前任 retired before the day, 新任 starts the day after; 安田's last day is the day.
    assert members_in_office_on(members, "2021-11-09") == 5
    assert members_in_office_on(members, "2021-11-10") == 5  # 安田 gone, 新任 in
    assert members_in_office_on(members, "2020-01-01") == 2  # 森 and 前任
    # Without a date: those whose term has no end.
    assert members_in_office_on(members, None) == 5
    assert members_in_office_on([], "2021-11-09") == 0


def _present(*names: str) -> list[Attendance]:
    return [Attendance(side=Side.MEMBER, name=n, title="委員") for n in names]


def test_a_roll_of_only_those_who_came_counts_against_the_members_in_office() -> None:
    roll = _present("時枝", "姜")
    assert quorum_state(roll, QuorumRule.MAJORITY).line == "委員2名中2名出席(定足数を満たす)"
    state = quorum_state(roll, QuorumRule.MAJORITY, in_office=5)
    assert (state.in_office, state.present, state.required) == (5, 2, 3)
    assert not state.met
    assert state.line == "委員5名中2名出席(定足数3名に満たない)"
    three = quorum_state(_present("時枝", "姜", "佐藤"), QuorumRule.MAJORITY, in_office=5)
    assert three.line == "委員5名中3名出席(定足数を満たす)"


def test_the_half_or_more_rule_counts_the_members_in_office_too() -> None:
    roll = _present("時枝", "姜", "佐藤")
    state = quorum_state(roll, QuorumRule.HALF_OR_MORE, in_office=6)
    assert state.met
    assert state.line == "委員6名中3名出席(定足数を満たす)"
    assert not quorum_state(roll, QuorumRule.MAJORITY, in_office=6).met
    short = quorum_state(_present("時枝", "姜"), QuorumRule.HALF_OR_MORE, in_office=6)
    assert short.line == "委員6名中2名出席(定足数3名に満たない)"


def test_a_roll_larger_than_the_members_in_office_is_counted_as_it_is() -> None:
    state = quorum_state(_roll(), QuorumRule.MAJORITY, in_office=3)
    assert state.line == "委員5名中5名出席(定足数を満たす)"
    assert quorum_state(_roll(), QuorumRule.MAJORITY, in_office=0).in_office == 5


def test_a_loaded_meeting_counts_the_boards_members_in_office_on_its_date() -> None:
    store = Store(":memory:")
    board = store.board_named("北九州市個人情報保護審査会")
    for member in _board_members():
        member.board_id = board.id
        store.add_member(member)
    meeting = store.create_meeting(Meeting(board_id=board.id, number=15, date="2021-11-09"))
    for name in ("時枝", "姜"):
        store.add_attendee(Attendance(meeting_id=meeting.id, side=Side.MEMBER, name=name))
    state = meeting_quorum(store.load_bundle(meeting.id or 0))
    assert state.line == "委員5名中2名出席(定足数3名に満たない)"
    store.close()
