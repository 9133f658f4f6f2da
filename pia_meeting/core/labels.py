"""Speaker labels in the board's style (DOMAIN §3)."""

from __future__ import annotations

import re

from pia_meeting.core.model import Attendance, Board, LabelStyle, Side

_UNIT = re.compile(r".+?(?:局|部|室|課|係|センター|事務所)")


def department_label(department: str) -> str:
    """The last organisational unit: 「市民文化スポーツ局市民総務部戸籍住民課」 → 「戸籍住民課」."""
    units = _UNIT.findall(department)
    if not units:
        return department
    tail = department[sum(len(u) for u in units) :]
    return tail if tail else units[-1]


def member_letter(index: int) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return letters[index] if index < len(letters) else str(index + 1)


def _core(board: Board, person: Attendance, members: list[Attendance]) -> str:
    style = LabelStyle(board.label_style)
    if person.side == Side.MEMBER:
        if style == LabelStyle.DEPARTMENT and board.anonymise_members:
            return board.member_label or "審査会委員"
        if style == LabelStyle.MARU:
            return person.title or "委員"
        if style == LabelStyle.LETTERS:
            if person.title in ("会長", "副会長"):
                return person.title
            plain = [m for m in members if m.title not in ("会長", "副会長")]
            index = next((i for i, m in enumerate(plain) if m.id == person.id), 0)
            return f"委員{member_letter(index)}"
        return person.display_name
    if person.side == Side.SECRETARIAT:
        if style in (LabelStyle.DEPARTMENT, LabelStyle.MARU, LabelStyle.LETTERS):
            return "事務局"
        return f"事務局{person.name}" if style == LabelStyle.NAME_ROLE else person.display_name
    # 説明者
    if style in (LabelStyle.DEPARTMENT, LabelStyle.LETTERS):
        return person.label or department_label(person.department) or person.display_name
    if style == LabelStyle.MARU:
        return "実施機関"
    return person.display_name


def wrap_label(style: str, core: str) -> str:
    if LabelStyle(style) == LabelStyle.NAME_ROLE:
        return f"【{core}】"
    if LabelStyle(style) == LabelStyle.MARU:
        return f"〇{core}"
    return f"({core})"


def speaker_label(board: Board, person: Attendance, roll: list[Attendance]) -> str:
    """The label that opens an utterance in the minutes, e.g. 「(戸籍住民課)」."""
    members = [p for p in roll if p.side == Side.MEMBER]
    return wrap_label(board.label_style, _core(board, person, members))


CHAIR_TITLES = ("会長", "副会長")  # who takes the chair, in order


def chair_label(board: Board, roll: list[Attendance]) -> str:
    """The label of whoever chairs the session: the 会長, or the 副会長 when the 会長 is
    absent. The chair speaks the closing lines of each 答申 (「以上を踏まえ…」), so they carry
    the chair's label in the board's style: 「(審査会委員)」 where members are anonymised,
    「【時枝会長】」, 「(時枝会長)」, 「〇会長」 or 「(会長)」 otherwise."""
    present = [p for p in roll if p.side == Side.MEMBER and p.is_present]
    for title in CHAIR_TITLES:
        chair = next((p for p in present if p.title == title), None)
        if chair is not None:
            return speaker_label(board, chair, roll)
    if LabelStyle(board.label_style) == LabelStyle.DEPARTMENT and board.anonymise_members:
        return member_group_label(board)
    return wrap_label(board.label_style, CHAIR_TITLES[0])


def member_group_label(board: Board) -> str:
    """The label for 「the members」 as a body, used for the chair's closing lines when the
    board anonymises members."""
    return wrap_label(board.label_style, board.member_label or "審査会委員")
