"""答申 as a use case (SPEC §2.5): a draft per agenda item, the chair's confirmation that
freezes it and numbers it, the unlock that needs a reason, and the meeting's close once every
item is confirmed. What is audited is decided here."""

from __future__ import annotations

import json
import re

from pia_meeting.core import clock
from pia_meeting.core.errors import FrozenError, UserError, ValidationError
from pia_meeting.core.model import (
    AgendaItem,
    Assessment,
    AuditEvent,
    Board,
    MeetingStatus,
    Toshin,
    ToshinTemplate,
    VoteMode,
)
from pia_meeting.core.quorum import QuorumState
from pia_meeting.core.toshin import (
    DEFAULT_NUMBER_FORMAT,
    RESULT_ADOPTED,
    RESULT_CONTINUED,
    RESULT_REJECTED,
    check_vote,
    draft_wording,
    format_toshin_number,
    wording_hash,
)
from pia_meeting.store.facade import Store


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
    # Every number ever issued stays taken, whatever was deleted since.
    issued = store.query("select number from issued_toshin_numbers where board_id = ?", (board.id,))
    counted = max(counted, len(issued))
    pattern = re.escape(board.toshin_number_format or DEFAULT_NUMBER_FORMAT)
    pattern = pattern.replace(re.escape("{board}"), re.escape(board.name))
    numbered = re.compile("^" + pattern.replace(re.escape("{n}"), r"(\d+)") + "$")
    written = [(row["number"] or "").strip() for row in [*others, *issued]]
    highest = max((int(m.group(1)) for text in written if (m := numbered.match(text))), default=0)
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
            # The closing lines follow what was said up to now; entries typed after the
            # confirmation (「実施機関の方は退室を…」) are printed after them.
            last = self.store.query(
                "select id from entries where agenda_item_id = ? order by seq desc, id desc"
                " limit 1",
                (toshin.agenda_item_id,),
            )
            toshin.closing_after = last[0]["id"] if last else None
            # Numbered once, when first given: a 答申書 already sent keeps its number
            # whatever is confirmed, unlocked or deleted later.
            numbering = toshin.result == RESULT_ADOPTED and not toshin.number.strip()
            board_id = self.store.get_meeting(meeting_id).board_id or 0
            if numbering:
                board = self.store.get_board(board_id)
                toshin.number = next_toshin_number(self.store, board, toshin.id)
            self.store.put_toshin(toshin)
            if numbering:
                self.store.conn.execute(
                    "insert or ignore into issued_toshin_numbers"
                    " (board_id, number, toshin_id, issued_at) values (?, ?, ?, ?)",
                    (board_id, toshin.number, toshin.id, toshin.confirmed_at),
                )
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

    def close_meeting_when_done(self, meeting_id: int) -> bool:
        """With every agenda item's 答申 confirmed the session is over: 閉会. From then on,
        changes to what was said are kept in the audit log. True when it closed now."""
        meeting = self.store.get_meeting(meeting_id)
        agenda = self.store.agenda(meeting_id)
        done = bool(agenda) and all(
            (t := self.store.get_toshin(item.id or 0)) is not None and t.is_frozen
            for item in agenda
        )
        if done and meeting.status in (MeetingStatus.PREPARING, MeetingStatus.IN_SESSION):
            meeting.status = MeetingStatus.CLOSED
            self.store.update_meeting(meeting)
            return True
        return False
