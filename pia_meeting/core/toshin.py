"""答申: wording from templates, the vote rule, the text hash and the closing lines (DOMAIN §4).

Pure rules; the service that stores, confirms and unlocks a 答申 is `services.toshin`."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from pia_meeting.core.bundled import read_json
from pia_meeting.core.errors import ValidationError
from pia_meeting.core.model import AgendaItem, Assessment, Board, Toshin, ToshinTemplate, VoteMode

RESULT_ADOPTED = "答申"
RESULT_REJECTED = "否決"
RESULT_CONTINUED = "継続審議"


def templates() -> dict[str, dict[str, str]]:
    data = read_json("toshin_templates.json")
    return {k: v for k, v in data.items() if k in {t.value for t in ToshinTemplate}}


def closing_phrases() -> dict[str, str]:
    return dict(read_json("toshin_templates.json")["closing"])


def fill(text: str, board: Board, item: AgendaItem, assessment: Assessment | None) -> str:
    subject = (
        assessment.name
        if assessment and assessment.name
        else re.sub(r"(に係る特定個人情報保護評価)?について$", "", item.title)
    )
    document = assessment.kind_document if assessment else "評価書"
    return (
        text.replace("{事務名}", subject)
        .replace("{評価書}", document)
        .replace("{審査会名}", board.name)
    )


def draft_wording(
    template: str, board: Board, item: AgendaItem, assessment: Assessment | None
) -> str:
    return fill(templates()[template]["wording"], board, item, assessment)


def wording_hash(wording: str, riders: list[str]) -> str:
    payload = json.dumps({"wording": wording, "riders": riders}, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def full_wording(toshin: Toshin) -> str:
    """The wording with its numbered 付帯意見: 「…留意されたい。(1)… (2)…」."""
    riders = toshin.rider_list
    if not riders:
        return toshin.wording
    numbered = "".join(f"({i}){r}" for i, r in enumerate(riders, start=1))
    return f"{toshin.wording}{numbered}"


@dataclass(frozen=True)
class VoteOutcome:
    adopted: bool
    needs_chair: bool


def check_vote(
    votes_for: int, against: int, abstain: int, present_members: int, chair_decision: str = ""
) -> VoteOutcome:
    """Counted vote (DOMAIN §3): 「議事は出席委員の過半数で決し、可否同数のときは会長の決する
    ところによる」. Adopted when more than half of the members present vote for it, so
    abstentions count against; a tie between for and against is the chair's to decide."""
    for value, label in ((votes_for, "賛成"), (against, "反対"), (abstain, "棄権")):
        if value < 0:
            raise ValidationError("votes", f"{label}の数は0以上で入力してください")
    total = votes_for + against + abstain
    if total > present_members:
        raise ValidationError(
            "votes",
            f"票数の合計{total}名が出席委員{present_members}名を超えています",
        )
    if votes_for == against:
        if chair_decision not in ("可決", "否決"):
            return VoteOutcome(adopted=False, needs_chair=True)
        return VoteOutcome(adopted=chair_decision == "可決", needs_chair=False)
    return VoteOutcome(adopted=votes_for * 2 > present_members, needs_chair=False)


DEFAULT_NUMBER_FORMAT = "{board}答申第{n}号"


def format_toshin_number(board: Board, n: int) -> str:
    """The board's 答申番号 format with its name and `n` filled in. The full board name: a
    city's several boards (情報公開, 個人情報保護) each number their own 答申."""
    pattern = board.toshin_number_format or DEFAULT_NUMBER_FORMAT
    return pattern.replace("{board}", board.name).replace("{n}", str(n))


def closing_lines(toshin: Toshin, wording: Mapping[str, str] | None = None) -> list[str]:
    """The chair's closing lines of the minutes, generated from the confirmed record.
    `wording` replaces phrases of toshin_templates.json by key (a minutes style's own: an
    empty value keeps the template's)."""
    if not toshin.is_frozen:
        return []
    phrases = closing_phrases() | {k: v for k, v in (wording or {}).items() if v}
    if toshin.result == RESULT_CONTINUED:
        return [phrases["continued"]]
    question = phrases["question"].replace("{wording}", full_wording(toshin))
    # No 答申書 is made when the vote rejects it: the question, then the rejection.
    lines = [question] if toshin.result == RESULT_REJECTED else [phrases["intro"], question]
    if toshin.vote_mode == VoteMode.COUNT:
        counts = {
            "{for}": str(toshin.votes_for or 0),
            "{against}": str(toshin.votes_against or 0),
            "{abstain}": str(toshin.abstentions or 0),
        }
        if toshin.result == RESULT_REJECTED:
            key = "rejected"
        elif toshin.votes_for == toshin.votes_against:
            key = "counted_tie"
        else:
            key = "counted"
        text = phrases[key]
        for placeholder, value in counts.items():
            text = text.replace(placeholder, value)
        lines.append(text)
    else:
        lines.append(phrases["consent"])
    return lines


def is_intact(toshin: Toshin) -> bool:
    """Whether a confirmed 答申's wording still matches the hash taken at confirmation."""
    return toshin.is_frozen and toshin.text_hash == wording_hash(toshin.wording, toshin.rider_list)
