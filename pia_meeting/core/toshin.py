"""答申: wording from templates, the chair's vote, the freeze and the closing lines (DOMAIN §4)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from pia_meeting.core import clock
from pia_meeting.core.bundled import read_json
from pia_meeting.core.errors import FrozenError, UserError, ValidationError
from pia_meeting.core.model import (
    AgendaItem,
    Assessment,
    AuditEvent,
    Board,
    Toshin,
    ToshinTemplate,
    VoteMode,
)
from pia_meeting.core.quorum import QuorumState
from pia_meeting.store.facade import Store

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


def next_toshin_number(store: Store, board: Board, toshin_id: int | None) -> str:
    """The 答申番号 a 答申 of `board` takes when it is confirmed: one past every 答申 the
    board has given or numbered, and past the highest number of its format on record (a
    deleted meeting must not free a number that was issued)."""
    others = store.query(
        "select t.number, t.confirmed_at, t.result from toshins t"
        " join agenda_items a on a.id = t.agenda_item_id"
        " join meetings m on m.id = a.meeting_id"
        " where m.board_id = ? and t.id != ?",
        (board.id, toshin_id or 0),
    )
    counted = sum(
        1
        for row in others
        if (row["number"] or "").strip()
        or (row["confirmed_at"] and row["result"] not in (RESULT_CONTINUED, RESULT_REJECTED))
    )
    pattern = re.escape(board.toshin_number_format or DEFAULT_NUMBER_FORMAT)
    pattern = pattern.replace(re.escape("{board}"), re.escape(board.name))
    numbered = re.compile("^" + pattern.replace(re.escape("{n}"), r"(\d+)") + "$")
    highest = max(
        (int(m.group(1)) for row in others if (m := numbered.match((row["number"] or "").strip()))),
        default=0,
    )
    return format_toshin_number(board, max(counted, highest) + 1)


class ToshinService:
    """The rules around one agenda item's 答申, over a Store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get_or_draft(self, board: Board, item: AgendaItem, assessment: Assessment | None) -> Toshin:
        existing = self.store.get_toshin(item.id or 0)
        if existing:
            return existing
        return Toshin(
            agenda_item_id=item.id,
            template=ToshinTemplate.CONFORMS,
            wording=draft_wording(ToshinTemplate.CONFORMS, board, item, assessment),
        )

    def _refuse_if_frozen(self, toshin: Toshin, message: str) -> None:
        """The freeze is the stored row's, not the caller's copy: a copy loaded before the
        confirmation (another window, a screen that kept it) must not overwrite it."""
        stored = self.store.get_toshin(toshin.agenda_item_id or 0)
        if toshin.is_frozen or (stored is not None and stored.is_frozen):
            raise FrozenError(message)
        if stored is not None and toshin.id is None:
            toshin.id = stored.id  # one 答申 per agenda item: update it, never a second row

    def save_draft(self, toshin: Toshin, wording: str, riders: list[str], template: str) -> Toshin:
        self._refuse_if_frozen(
            toshin, "答申は確定済みです。変更するには理由を記入してロックを解除してください"
        )
        if not wording.strip():
            raise ValidationError("wording", "答申の文言を入力してください")
        toshin.wording = wording.strip()
        toshin.riders = json.dumps([r.strip() for r in riders if r.strip()], ensure_ascii=False)
        toshin.template = template
        return self.store.put_toshin(toshin)

    def confirm(
        self,
        toshin: Toshin,
        *,
        meeting_id: int,
        confirmed_by: str,
        quorum: QuorumState,
        vote_mode: str = VoteMode.CONSENT,
        votes: tuple[int, int, int] | None = None,
        chair_decision: str = "",
    ) -> tuple[Toshin, list[str]]:
        """Record the chair's confirmation and freeze the wording. Returns warnings."""
        self._refuse_if_frozen(toshin, "答申は既に確定しています")
        if not toshin.wording.strip():
            raise ValidationError("wording", "答申の文言が空です")
        warnings: list[str] = []
        if not quorum.met:
            warnings.append(f"定足数を満たしていません: {quorum.line}")
        if toshin.template == ToshinTemplate.CONTINUED:
            toshin.result = RESULT_CONTINUED
        elif vote_mode == VoteMode.COUNT:
            if votes is None:
                raise ValidationError("votes", "賛成・反対・棄権の数を入力してください")
            outcome = check_vote(
                *votes, present_members=quorum.present, chair_decision=chair_decision
            )
            if outcome.needs_chair:
                raise ValidationError(
                    "chair_decision", "可否同数です。会長の判断(可決/否決)を選んでください"
                )
            toshin.votes_for, toshin.votes_against, toshin.abstentions = votes
            toshin.chair_decision = chair_decision if votes[0] == votes[1] else ""
            toshin.result = RESULT_ADOPTED if outcome.adopted else RESULT_REJECTED
        else:
            toshin.result = RESULT_ADOPTED
        toshin.vote_mode = vote_mode
        toshin.confirmed_by = confirmed_by.strip() or "会長"
        toshin.confirmed_at = clock.now_iso()
        toshin.text_hash = wording_hash(toshin.wording, toshin.rider_list)
        with self.store.atomic():
            if toshin.result == RESULT_ADOPTED and not toshin.number.strip():
                # Numbered once, when first given: a 答申書 already sent keeps its number
                # whatever is confirmed, unlocked or deleted later.
                meeting = self.store.get_meeting(meeting_id)
                board = self.store.get_board(meeting.board_id or 0)
                toshin.number = next_toshin_number(self.store, board, toshin.id)
            self.store.put_toshin(toshin)
            for warning in warnings:
                self.store.record_audit(
                    AuditEvent(
                        meeting_id=meeting_id,
                        table_name="toshins",
                        row_id=toshin.id,
                        field="quorum",
                        new_value=warning,
                        reason="定足数不足のまま確定",
                        actor=toshin.confirmed_by,
                    )
                )
        return toshin, warnings

    def unlock(
        self, toshin: Toshin, *, meeting_id: int, reason: str, actor: str = "事務局"
    ) -> Toshin:
        if not toshin.is_frozen:
            raise UserError("この答申はまだ確定していません")
        if not reason.strip():
            raise ValidationError("reason", "ロック解除の理由を入力してください")
        old = json.dumps(
            {
                "wording": toshin.wording,
                "riders": toshin.rider_list,
                "confirmed_at": toshin.confirmed_at,
                "confirmed_by": toshin.confirmed_by,
                "result": toshin.result,
                "text_hash": toshin.text_hash,
            },
            ensure_ascii=False,
        )
        toshin.confirmed_at = None
        toshin.confirmed_by = ""
        toshin.text_hash = ""
        toshin.result = ""
        with self.store.atomic():
            self.store.put_toshin(toshin)
            self.store.record_audit(
                AuditEvent(
                    meeting_id=meeting_id,
                    table_name="toshins",
                    row_id=toshin.id,
                    field="unlock",
                    old_value=old,
                    reason=reason.strip(),
                    actor=actor,
                )
            )
        return toshin

    @staticmethod
    def verify(toshin: Toshin) -> bool:
        """Whether the stored wording still matches the hash taken at confirmation."""
        return toshin.is_frozen and toshin.text_hash == wording_hash(
            toshin.wording, toshin.rider_list
        )


def closing_lines(toshin: Toshin) -> list[str]:
    """The chair's closing lines of the minutes, generated from the confirmed record."""
    if not toshin.is_frozen:
        return []
    phrases = closing_phrases()
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
