"""Quorum and vote rules (DOMAIN §3): computed live, never typed."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Attendance, QuorumRule, Side


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


def quorum_state(roll: list[Attendance], rule: str) -> QuorumState:
    members = [p for p in roll if p.side == Side.MEMBER]
    present = sum(1 for p in members if p.is_present)
    return QuorumState(len(members), present, required_for(len(members), rule), rule)
