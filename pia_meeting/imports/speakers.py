"""Speaker labels at the start of a body line (DOMAIN §3): 「(戸籍住民課)」, 「【尾関会長】」,
「〇会長」, 「(委員A)」, 「会長:」 …: which attendee a label names, its side, the label style it
is written in, and the kind of entry it opens."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pia_meeting.core.model import EntryKind, LabelStyle, Side
from pia_meeting.imports.lines import squash, title_at_end
from pia_meeting.imports.people import Resolver
from pia_meeting.imports.vocabulary import (
    ANSWER_WORDS,
    CHAIR_TITLES,
    LABEL_WORDS,
    LETTER_LABEL,
    MEMBER_LABEL,
    MEMBER_TITLES,
    NOT_LABELS,
    QUESTION_WORDS,
    SIDE_WORDS,
    UNIT_END,
)

_PAIRS = {"(": ")", "（": "）", "【": "】", "〔": "〕", "［": "］", "[": "]"}
_BRACKET_LABEL = re.compile(
    r"^(?P<open>[（(【〔［\[])(?P<core>[^（）()【】〔〕［］\[\]\n]{1,24})(?P<close>[）)】〕］\]])"
    r"[ \t\u3000]*(?P<rest>.*)$",
    re.S,
)
_MARU_LABEL = re.compile(
    r"^(?P<open>[〇○◯])(?P<core>[^\s:：]{1,16})(?:$|[\s:：]+(?P<rest>.*)$)", re.S
)
_QUESTION = re.compile(
    r"(?:か|のか|ですか|ますか)[。？?]|[？?]$|いただきたい|教えて|伺いたい|聞きたい"
)


@dataclass
class Speaker:
    literal: str  # as printed in the source, brackets included
    core: str  # what is inside, without spaces
    index: int | None  # the attendee, when one matches
    side: Side | None
    is_chair: bool = False
    style: str | None = None  # the label style this label is written in


def read_label(text: str, resolver: Resolver) -> tuple[Speaker, str] | None:
    """The speaker label `text` opens with and the rest of the line; None when it opens
    with none (brackets around something that is no label, such as 「(公開)」)."""
    match = _BRACKET_LABEL.match(text)
    if match and _PAIRS.get(match.group("open")) != match.group("close"):
        match = None
    if match is None:
        match = _MARU_LABEL.match(text)
    if match is None:
        return None
    core = squash(match.group("core"))
    index = resolver.resolve(core)
    if index is None and not _label_like(core):
        return None
    rest = (match.group("rest") or "").strip()
    literal = text[: len(text) - len(match.group("rest") or "")].rstrip()
    literal = literal.rstrip(":：").rstrip()
    person = resolver.people[index] if index is not None else None
    side = Side(person.side) if person else _side_of_label(core)
    is_chair = bool(person and person.title in CHAIR_TITLES and core != MEMBER_LABEL)
    style = _style_of(match.group("open"), core)
    return Speaker(literal, core, index, side, is_chair, style), rest


def entry_kind(speaker: Speaker | None, text: str, *, after_question: bool) -> str:
    """The kind of an utterance by `speaker`; `after_question`: a question was asked
    earlier in the item, so what the department says is an answer."""
    if speaker is None:
        return EntryKind.UNCLASSIFIED
    if speaker.core in ANSWER_WORDS:
        return EntryKind.ANSWER
    if speaker.core in QUESTION_WORDS:
        return EntryKind.QUESTION
    if speaker.side == Side.MEMBER:
        if speaker.is_chair and not _QUESTION.search(text):
            return EntryKind.PROCEDURE
        return EntryKind.QUESTION
    if speaker.side == Side.EXPLAINER:
        return EntryKind.ANSWER if after_question else EntryKind.EXPLANATION
    if speaker.side == Side.SECRETARIAT:
        return EntryKind.PROCEDURE
    return EntryKind.UNCLASSIFIED


def _label_like(core: str) -> bool:
    if not core or core in NOT_LABELS or any(ch in core for ch in "、。「」，,.．！？!?"):
        return False
    if core in LABEL_WORDS or LETTER_LABEL.match(core):
        return True
    if core.startswith("事務局") and len(core) <= 12:
        return True
    if title_at_end(core) and len(core) <= 16:
        return True
    return bool(UNIT_END.search(core)) and len(core) <= 20


def _style_of(open_mark: str, core: str) -> str | None:
    if open_mark == "【":
        return LabelStyle.NAME_ROLE
    if open_mark in "〇○◯":
        return LabelStyle.MARU
    if LETTER_LABEL.match(core):
        return LabelStyle.LETTERS
    if core in (*ANSWER_WORDS, *QUESTION_WORDS, "意見"):
        return None
    if core in (MEMBER_LABEL, *SIDE_WORDS) or UNIT_END.search(core):
        return LabelStyle.DEPARTMENT
    if title_at_end(core):
        return LabelStyle.NAME
    return None


def _side_of_label(core: str) -> Side | None:
    """The side an unmatched label names: 「(回答)」 the department's, 「(委員A)」 a member's."""
    if core in ANSWER_WORDS:
        return Side.EXPLAINER
    if core in QUESTION_WORDS or LETTER_LABEL.match(core):
        return Side.MEMBER
    if core in SIDE_WORDS:
        return SIDE_WORDS[core]
    if core.startswith("事務局"):
        return Side.SECRETARIAT
    title = title_at_end(core)
    if title in MEMBER_TITLES:
        return Side.MEMBER
    if title or UNIT_END.search(core):
        return Side.EXPLAINER
    return None
