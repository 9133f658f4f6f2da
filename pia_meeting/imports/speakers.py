"""Speaker labels at the start of a body line (DOMAIN §3) — 「(戸籍住民課)」, 「【尾関会長】」,
「〇会長」, 「(委 員 A)」, 「〈会長〉」, 「<委員A>」, 「会長:」, and a bare role alone on its line
(「会長」, 「委員」, 「事務局」, 「実施機関」): which attendee a label names (if any: an
anonymous label names no one), its side, the label style it is written in, and the kind of
entry it opens."""

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
    ROLE_TITLES,
    SIDE_WORDS,
    UNIT_END,
)

_PAIRS = {
    "(": ")",
    "（": "）",
    "【": "】",
    "〔": "〕",
    "［": "］",
    "[": "]",
    "〈": "〉",
    "<": ">",
    "＜": "＞",
    "《": "》",
}
_OPENERS = "（(【〔［\\[〈<＜"
_CLOSERS = "）)】〕］\\]〉>＞"
_BRACKET_LABEL = re.compile(
    rf"^(?P<open>[{_OPENERS}])(?P<core>[^{_OPENERS}{_CLOSERS}\n]{{1,24}})(?P<close>[{_CLOSERS}])"
    r"[ \t\u3000]*(?P<rest>.*)$",
    re.S,
)
_MARU_LABEL = re.compile(
    r"^(?P<open>[〇○◯])(?P<core>[^\s:：]{1,16})(?:$|[\s:：]+(?P<rest>.*)$)", re.S
)
_COLON_LABEL = re.compile(
    r"^(?P<core>[^\s:：、。「」()（）]{1,16})[:：][ \t\u3000]*(?P<rest>.*)$", re.S
)
# Alone on its line, these are the label of the words below (05-bare-labels).
BARE_ROLES = frozenset({*ROLE_TITLES, "委員", "事務局", "実施機関", "説明者", "説明員", "議長"})
# Words of a stage direction in brackets: 「(実施機関退室)」, 「【…が資料1に基づき説明】」.
_STAGE_WORDS = re.compile(
    r"退室|入室|退席|着席|入場|退場|声あり|異議なし|休憩|再開|説明|拍手|一同|了承|全員|中断|挙手|配付|配布"
)
_PROCEDURAL_QUESTION = re.compile(
    r"(?:御|ご)?(?:質問|意見|質疑)(?:等|など)?(?:は|が)?(?:ない|ありません|ございません|ございませんで"
    r"しょう|ありませんでしょう)か|よろしい(?:か|でしょうか)|いかがでしょうか|いかがか"
)
_QUESTION_END = re.compile(r"(?:か|かね|が)$")
_QUESTION_WORDS = re.compile(r"[？?]|教えて|伺いたい|お聞きしたい|聞きたい|お尋ねしたい")
# What the chair, the 事務局 (or, in anonymised minutes, any member) says to run the meeting.
_PROCEDURE = re.compile(
    r"答申書を作成|と認めてよろしい|異議がないので|開会(?:する|します|いたします)|閉会(?:する|します|いた"
    r"します)|議事を終了|以上で本日の|説明をお願い|(?:御|ご)(?:質問|意見).{0,6}お願い|次に議題"
)


@dataclass
class Speaker:
    literal: str  # as printed in the source, brackets included
    core: str  # what is inside, without spaces
    index: int | None  # the attendee, when the label names one
    side: Side | None
    is_chair: bool = False
    style: str | None = None  # the label style this label is written in
    brackets: str = ""  # 「()」「【】」「〈〉」「<>」「〇」「:」 or "" for a bare role
    own_line: bool = False  # nothing followed it on its line


def read_label(text: str, resolver: Resolver) -> tuple[Speaker, str] | None:
    """The speaker label `text` opens with and the rest of the line; None when it opens
    with none (brackets around something that is no label, such as 「(公開)」 or a stage
    direction 「(実施機関退室)」)."""
    found = _match_label(text)
    if found is None:
        return None
    core, open_mark, close_mark, rest = found
    index = resolver.resolve(core)
    if index is None and not _label_like(core):
        return None
    if not open_mark and index is None and core not in BARE_ROLES and not _label_words(core):
        return None  # 「会長:」 and bare roles only when they are roles
    # As printed, its colon too (「会長：」): the export prints an utterance's label in
    # other marks than the style's as the minutes did.
    literal = text[: len(text) - len(rest)].rstrip() if rest else text.strip()
    person = resolver.people[index] if index is not None else None
    side = Side(person.side) if person else _side_of_label(core)
    chair_title = person.title if person else core
    is_chair = chair_title in CHAIR_TITLES and core != MEMBER_LABEL
    style = _style_of(open_mark, core)
    brackets = "〇" if open_mark and open_mark in "〇○◯" else open_mark + close_mark
    speaker = Speaker(literal, core, index, side, is_chair, style, brackets, not rest.strip())
    return speaker, rest.strip()


def _match_label(text: str) -> tuple[str, str, str, str] | None:
    """(core, opening mark, closing mark, rest) of a label at the start of `text`."""
    match = _BRACKET_LABEL.match(text)
    if match and _PAIRS.get(match.group("open")) == match.group("close"):
        return (
            squash(match.group("core")),
            match.group("open"),
            match.group("close"),
            (match.group("rest") or ""),
        )
    match = _MARU_LABEL.match(text)
    if match:
        return squash(match.group("core")), match.group("open"), "", match.group("rest") or ""
    match = _COLON_LABEL.match(text)
    if match and squash(match.group("core")) in BARE_ROLES:
        return squash(match.group("core")), "", ":", match.group("rest") or ""
    bare = squash(text)
    if bare in BARE_ROLES or LETTER_LABEL.match(bare):
        return bare, "", "", ""
    return None


def looks_like_label(text: str) -> bool:
    """Whether a line opens with a speaker label, without knowing the roll: where a
    header with no body key ends."""
    found = _match_label(text)
    return (
        found is not None
        and _label_like(found[0])
        and (bool(found[1]) or found[0] in BARE_ROLES or _label_words(found[0]))
    )


def is_stage_line(text: str) -> str | None:
    """The inside of a line that is wholly one bracketed stage direction (「(実施機関退室)」,
    「【「異議なし」の声あり】」, 「(委員全員異議なし)」), or None."""
    text = text.strip()
    if len(text) < 3 or _PAIRS.get(text[0]) != text[-1] or text[0] in "〈<＜":
        return None
    inner = text[1:-1]
    if text[0] in inner or text[-1] in inner:  # 「(a)と(b)」: not one bracket around all
        if _balanced(text) != len(text):
            return None
    return inner.strip() or None


def _balanced(text: str) -> int:
    """Where the bracket opening `text` closes (the index after it), nesting counted."""
    opener, closer = text[0], _PAIRS[text[0]]
    depth = 0
    for index, ch in enumerate(text):
        if ch == opener:
            depth += 1
        elif ch == closer:
            depth -= 1
            if depth == 0:
                return index + 1
    return -1


@dataclass
class Turn:
    """What came before an utterance in its agenda item, for its kind."""

    question_seen: bool = False  # a member asked or remarked earlier in the item
    last_member_turn: bool = False  # the turn just before was a member's 質問 or 意見


def entry_kind(speaker: Speaker | None, text: str, turn: Turn) -> str:
    """The kind of an utterance by `speaker` (DOMAIN §3; specimens/README.md): a member's
    質問 (it asks) or 意見 (it asks nothing); the chair's and the 事務局's 議事進行; the
    department's 説明 before any question, 回答 after one."""
    if speaker is None:
        return EntryKind.UNCLASSIFIED
    if speaker.core in ANSWER_WORDS:
        return EntryKind.ANSWER
    if speaker.core in QUESTION_WORDS:
        return EntryKind.QUESTION
    if speaker.side == Side.MEMBER:
        return _member_kind(speaker, text)
    if speaker.side == Side.EXPLAINER:
        return EntryKind.ANSWER if turn.question_seen else EntryKind.EXPLANATION
    if speaker.side == Side.SECRETARIAT:
        return EntryKind.ANSWER if turn.last_member_turn else EntryKind.PROCEDURE
    return EntryKind.UNCLASSIFIED


def _member_kind(speaker: Speaker, text: str) -> str:
    asks = asks_something(text)
    if speaker.is_chair:
        return EntryKind.QUESTION if asks else EntryKind.PROCEDURE
    if _PROCEDURE.search(text) and not asks:
        return EntryKind.PROCEDURE  # a member chairing (anonymised minutes) or closing
    return EntryKind.QUESTION if asks else EntryKind.OPINION


def asks_something(text: str) -> bool:
    """Whether a sentence of `text` asks (「…のか。」, 「…ありますか。」, 「教えてください」,
    「…と聞いたが。」), leaving out the chair's 「他に質問はないか」 and 「…よろしいか」."""
    plain = _PROCEDURAL_QUESTION.sub("", text)
    if _QUESTION_WORDS.search(plain):
        return True
    sentences = re.split(r"[。\n]", plain)
    return any(_QUESTION_END.search(s.strip().rstrip("」）)")) for s in sentences if s.strip())


def _label_words(core: str) -> bool:
    return core in LABEL_WORDS or bool(LETTER_LABEL.match(core))


def _label_like(core: str) -> bool:
    if not core or core in NOT_LABELS or any(ch in core for ch in "、。「」，,.．！？!?"):
        return False
    if _label_words(core):
        return True
    if _STAGE_WORDS.search(core) or "が" in core:
        return False  # 「実施機関退室」, 「情報政策課が説明」: a stage direction
    if core.startswith("事務局") and len(core) <= 12:
        return True
    if title_at_end(core) and len(core) <= 16:
        return True
    return bool(UNIT_END.search(core)) and len(core) <= 20


def _style_of(open_mark: str, core: str) -> str | None:
    if open_mark == "【":
        return LabelStyle.NAME_ROLE
    if open_mark in "〇○◯" and open_mark:
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


def label_content(speaker: Speaker) -> str:
    """What a label names, for the layout: name_role / role / department / letters /
    answer."""
    core = speaker.core
    if LETTER_LABEL.match(core):
        return "letters"
    if core in ANSWER_WORDS or core in QUESTION_WORDS:
        return "answer"
    if core in BARE_ROLES or core in SIDE_WORDS or core == MEMBER_LABEL:
        return "role"
    if speaker.index is not None and not title_at_end(core) and not UNIT_END.search(core):
        return "name"
    if title_at_end(core) and not UNIT_END.search(core[: -len(title_at_end(core))]):
        return "name_role"
    return "department"
