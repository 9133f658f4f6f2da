"""The chair's closing lines of a 答申 (DOMAIN §4 E) in a minutes style, and the lines a
secretariat already typed for them.

Since the closing lines became entries of the log (they are said, and the 事務局 types what
is said), confirming a 答申 writes them where the 答申 was put; lines typed live for it are
recognised here so that they are replaced, or kept, instead of printed twice."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from pia_meeting.core.model import Entry, EntryKind, Toshin, VoteMode
from pia_meeting.core.styles import ClosingStyle
from pia_meeting.core.toshin import RESULT_CONTINUED, closing_lines

# The ト書き between the question and the consent when the style prints none of its own: in
# the log it records what the room said (the 事務局 may edit or delete it).
REACTION = "「異議なし」の声あり"

# What marks a line as one of the closing: whatever the wording of the style, a chair
# closing an item says one of these (「…としてよろしいか」, 「異議がないので…」).
_MARKS = (
    "答申書を作成",
    "答申の方向性",
    "よろしいか",
    "よろしいでしょうか",
    "異議なし",
    "異議無し",
    "異議がない",
    "異議がありません",
    "この旨で答申",
    "旨答申",
    "答申は行わない",
    "審議を継続",
    "継続審議",
)
# A line that only reports the room (「異議なし」) may be typed under anyone's name; a run
# of closing lines needs one line of the chair's own besides.
_REACTION_MARKS = ("異議なし", "異議無し", "委員全員")


@dataclass(frozen=True)
class ClosingLine:
    text: str
    is_stage: bool = False  # the room's reaction, a ト書き


def script(toshin: Toshin, style: ClosingStyle, *, in_log: bool) -> list[ClosingLine]:
    """The closing lines of a confirmed 答申 in the style's wording (the 答申 templates'
    where the style has none). `in_log`: for the log, where the room's 「異議なし」 is always
    recorded, as a ト書き of its own when the style prints none."""
    lines = closing_lines(
        toshin,
        {
            "intro": style.intro,
            "question": style.question,
            "consent": style.consent,
            "counted": style.counted,
            "counted_tie": style.counted_tie,
            "rejected": style.rejected,
            "continued": style.continued,
        },
    )
    script = [ClosingLine(text) for text in lines]
    reaction = style.reaction.strip()
    if not reaction and in_log and toshin.vote_mode == VoteMode.CONSENT:
        reaction = REACTION
    if reaction and len(script) >= 2 and toshin.result != RESULT_CONTINUED:
        script.insert(len(script) - 1, ClosingLine(reaction, is_stage=True))
    return script


def _squash(text: str) -> str:
    return re.sub(r"[\s。、,.「」『』()()《》【】〈〉]+", "", unicodedata.normalize("NFKC", text))


def _marked(text: str, marks: Sequence[str]) -> bool:
    squashed = _squash(text)
    return any(_squash(mark) in squashed for mark in marks)


def _style_marks(style: ClosingStyle) -> list[str]:
    """The fixed pieces (six characters or more) of the style's own closing wording."""
    pieces: list[str] = []
    for text in (style.intro, style.question, style.consent, style.reaction, style.continued):
        for piece in re.split(r"\{[^}]*\}", text):
            if len(_squash(piece)) >= 6:
                pieces.append(piece)
    return pieces


def typed_closing(
    entries: Sequence[Entry], chair_ids: set[int], style: ClosingStyle
) -> list[Entry]:
    """The closing lines already typed among an agenda item's `entries` (in log order): the
    last unbroken run of the chair's lines that read as a closing (「以上を踏まえ…」
    「…としてよろしいか。」), with the room's 「異議なし」 between them. Empty when there is
    none. A run of 「異議なし」 alone is not one: the chair has to have put the question."""
    marks = (*_MARKS, *_style_marks(style))

    def is_chair(entry: Entry) -> bool:
        if entry.speaker_id is not None:
            return entry.speaker_id in chair_ids
        return not chair_ids or not entry.speaker_label.strip()

    def closing_like(entry: Entry) -> bool:
        if entry.kind == EntryKind.HEADING:
            return False
        if entry.kind == EntryKind.STAGE:
            return _marked(entry.text, (*_REACTION_MARKS, *marks))
        if is_chair(entry):  # whatever its kind: the 質問↔回答 default may have set 質問
            return _marked(entry.text, marks)
        # 「異議なし。」 typed as a member's line.
        return _marked(entry.text, _REACTION_MARKS) and len(_squash(entry.text)) <= 12

    run: list[Entry] = []
    last: list[Entry] = []
    for entry in entries:
        if closing_like(entry):
            run.append(entry)
            continue
        if run:
            last = run
        run = []
    last = run or last
    if not any(e.kind != EntryKind.STAGE and is_chair(e) for e in last):
        return []
    if all(_marked(e.text, _REACTION_MARKS) for e in last):
        return []
    return last


def reads_as(typed: Sequence[Entry], lines: Sequence[ClosingLine]) -> bool:
    """Whether the typed lines are the closing lines, word for word (brackets and spacing
    aside): nothing to replace."""
    return [_squash(e.text) for e in typed] == [_squash(line.text) for line in lines]
