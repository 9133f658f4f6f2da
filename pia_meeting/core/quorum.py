"""Quorum and vote rules (DOMAIN §3): computed live, never typed."""

from __future__ import annotations

from dataclasses import dataclass

from pia_meeting.core.model import Attendance, MeetingBundle, Member, QuorumRule, Side


@dataclass(frozen=True)
class QuorumState:
    in_office: int
    present: int
    required: int
    rule: str

    @property
    def met(self) -> bool:
        return self.in_office > 0 and self.present >= self.required

    @property
    def line(self) -> str:
        """「委員5名中5名出席(定足数を満たす)」."""
        verdict = "定足数を満たす" if self.met else f"定足数{self.required}名に満たない"
        return f"委員{self.in_office}名中{self.present}名出席({verdict})"


def required_for(in_office: int, rule: str) -> int:
    if QuorumRule(rule) == QuorumRule.HALF_OR_MORE:
        return (in_office + 1) // 2
    return in_office // 2 + 1


def in_office_on(member: Member, date: str | None) -> bool:
    """Whether the member is in office on the meeting date (ISO): appointed on or before it
    and not retired before it. Without a date: when the term has no end recorded."""
    if date is None:
        return not member.in_office_to
    started = not member.in_office_from or member.in_office_from <= date
    return started and (not member.in_office_to or member.in_office_to >= date)


def members_in_office_on(members: list[Member], date: str | None) -> int:
    """How many of the board's members are in office on the meeting date."""
    return sum(1 for m in members if in_office_on(m, date))


def quorum_state(roll: list[Attendance], rule: str, in_office: int | None = None) -> QuorumState:
    """`in_office`: the board's members in office on the day (`members_in_office_on`). The
    quorum is of them, not only of those on the roll: a roll holding only the members who
    came must not read as full attendance. The roll's count is used when it is larger (a
    member on the roll but missing from the board's list)."""
    members = [p for p in roll if p.side == Side.MEMBER]
    present = sum(1 for p in members if p.is_present)
    total = max(len(members), in_office or 0)
    return QuorumState(total, present, required_for(total, rule), rule)


def meeting_quorum(bundle: MeetingBundle) -> QuorumState:
    """The quorum of a loaded meeting: its roll against the board's members in office on
    the meeting date."""
    in_office = members_in_office_on(bundle.members_in_office, bundle.meeting.date)
    return quorum_state(bundle.attendance, bundle.board.quorum_rule, in_office=in_office)
