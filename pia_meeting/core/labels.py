"""Speaker labels in the board's style (DOMAIN §3): what is printed before an utterance,
e.g. 「(戸籍住民課)」「【三好会長】」「〇実施機関」「〈会長〉」.

The board's minutes style (core.styles) says the label's form: what stands between the
brackets for each side, the brackets, the name form (surname, a short display name, the
full name) and the role form (the title as typed, or its last role word).
"""

from __future__ import annotations

import re
from functools import cache

from pia_meeting.core.bundled import read_json
from pia_meeting.core.model import Attendance, Board, LabelStyle, Side
from pia_meeting.core.styles import LabelsStyle, MinutesStyle, board_style

_UNIT = re.compile(r".+?(?:局|部|室|課|係|センター|事務所)")
SECRETARIAT_WORD = "事務局"
DEFAULT_MEMBER_LABEL = "審査会委員"

# Each label form of today as the contents (member, secretariat, explainer) and brackets.
FORM_CORES: dict[str, tuple[str, str, str]] = {
    LabelStyle.DEPARTMENT: ("group", "group", "unit"),
    LabelStyle.NAME_ROLE: ("name_role", "group_name", "name_role"),
    LabelStyle.NAME: ("name_role", "name_role", "name_role"),
    LabelStyle.MARU: ("role", "group", "word"),
    LabelStyle.LETTERS: ("letter", "group", "unit"),
}
FORM_BRACKETS: dict[str, tuple[str, str]] = {
    LabelStyle.DEPARTMENT: ("(", ")"),
    LabelStyle.NAME_ROLE: ("【", "】"),
    LabelStyle.NAME: ("(", ")"),
    LabelStyle.MARU: ("〇", ""),
    LabelStyle.LETTERS: ("(", ")"),
}
# A unit the department ends with and the title starts with is written once:
# 総務課 + 課長 → 総務課長, 総務部 + 部長 → 総務部長.
_SHARED_UNITS = ("センター", "課", "部", "室", "局", "係", "館", "所", "班")


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


def surname(name: str) -> str:
    """The part of a name before its first space: 「青木 正人」 → 「青木」 (a name written
    without a space is taken whole)."""
    parts = name.split()
    return parts[0] if parts else ""


@cache
def _role_words() -> list[str]:
    words: list[str] = read_json("role_words.json")["words"]
    return sorted(words, key=len, reverse=True)


def role_word(title: str) -> str:
    """The last role word of a title: 「住民記録担当主査」 → 「主査」, 「総務部次長」 → 「次長」;
    a title ending in none of the known words is kept whole."""
    title = title.strip()
    for word in _role_words():
        if title.endswith(word):
            return word
    return title


def post(department: str, title: str) -> str:
    """Department and title as one: 「情報政策課」+「主査」 → 「情報政策課主査」, and a unit written
    once: 「総務課」+「課長」 → 「総務課長」."""
    department, title = (department or "").strip(), (title or "").strip()
    for unit in _SHARED_UNITS:
        if department.endswith(unit) and title.startswith(unit):
            return department + title[len(unit) :]
    return department + title


def brackets(labels: LabelsStyle) -> tuple[str, str]:
    default = FORM_BRACKETS.get(labels.form, ("(", ")"))
    return (
        default[0] if labels.open is None else labels.open,
        default[1] if labels.close is None else labels.close,
    )


def _name_part(person: Attendance, labels: LabelsStyle) -> str:
    if labels.name == "surname":
        return surname(person.name)
    if labels.name == "display":
        return (person.label or "").strip() or surname(person.name)
    return "".join(person.name.split())  # a full name is one word in a label: 【青木正人会長】


def _name_role(person: Attendance, labels: LabelsStyle) -> str:
    name = _name_part(person, labels)
    role = role_word(person.title) if labels.role == "short" else person.title
    return name if role and name.endswith(role) else f"{name}{role}"


def _kinds(board: Board, labels: LabelsStyle) -> tuple[str, str, str]:
    member, secretariat, explainer = FORM_CORES.get(labels.form, FORM_CORES[LabelStyle.NAME])
    if labels.form == LabelStyle.DEPARTMENT and not board.anonymise_members:
        member = "name_role"
    return (
        labels.member or member,
        labels.secretariat or secretariat,
        labels.explainer or explainer,
    )


def anonymising_applies(board: Board, style: MinutesStyle | None = None) -> bool:
    """Whether 「委員を匿名で表記」 changes anything in the board's style: only labels by
    department (「(審査会委員)」 for every member) name members by a group; other label forms
    print the members by name (【時枝会長】) or by letter whatever the setting."""
    labels = _labels(board, style)
    return labels.form == LabelStyle.DEPARTMENT and not labels.member


def _member_core(kind: str, board: Board, person: Attendance, roll: list[Attendance]) -> str:
    if kind == "group":
        return board.member_label or DEFAULT_MEMBER_LABEL
    if kind == "role":
        return person.title or "委員"
    if person.title in ("会長", "副会長"):
        return person.title
    members = [m for m in roll if m.side == Side.MEMBER and m.title not in ("会長", "副会長")]
    index = next((i for i, m in enumerate(members) if m.id == person.id), 0)
    return f"委員{member_letter(index)}"


def _labels(board: Board, style: MinutesStyle | None) -> LabelsStyle:
    return (style or board_style(board)).labels


def label_core(
    board: Board, person: Attendance, roll: list[Attendance], style: MinutesStyle | None = None
) -> str:
    """What stands between the brackets of `person`'s label (in `style`, the board's own
    when None)."""
    labels = _labels(board, style)
    member, secretariat, explainer = _kinds(board, labels)
    if person.side == Side.MEMBER:
        if member == "name_role":
            return _name_role(person, labels)
        return _member_core(member, board, person, roll)
    if person.side == Side.SECRETARIAT:
        if secretariat == "group_name":
            return SECRETARIAT_WORD + _name_part(person, labels)
        if secretariat == "post":
            return post(person.department, person.title) or SECRETARIAT_WORD
        if secretariat == "name_role":
            return _name_role(person, labels)
        return SECRETARIAT_WORD
    if explainer == "word":
        return labels.word
    if explainer == "post":
        return post(person.department, person.title) or person.display_name
    if explainer == "name_role":
        return _name_role(person, labels)
    unit = department_label(person.department or "")
    return person.label or unit or person.display_name


def wrap(board: Board, core: str, style: MinutesStyle | None = None) -> str:
    """`core` in the brackets of the board's style (or of `style`)."""
    open_, close = brackets(_labels(board, style))
    return f"{open_}{core}{close}"


def wrap_label(style: str, core: str) -> str:
    """`core` in the brackets of one of the label forms (without a board's style)."""
    open_, close = FORM_BRACKETS.get(style, ("(", ")"))
    return f"{open_}{core}{close}"


def speaker_label(
    board: Board, person: Attendance, roll: list[Attendance], style: MinutesStyle | None = None
) -> str:
    """The label that opens an utterance in the minutes, e.g. 「(戸籍住民課)」."""
    return wrap(board, label_core(board, person, roll, style), style)


CHAIR_TITLES = ("会長", "副会長")  # who takes the chair, in order


def chair_person(roll: list[Attendance]) -> Attendance | None:
    """Who chairs the session: the 会長 present, else the 副会長 present."""
    present = [p for p in roll if p.side == Side.MEMBER and p.is_present]
    for title in CHAIR_TITLES:
        chair = next((p for p in present if p.title == title), None)
        if chair is not None:
            return chair
    return None


def chair_label(board: Board, roll: list[Attendance], style: MinutesStyle | None = None) -> str:
    """The label of whoever chairs the session: the 会長, or the 副会長 when the 会長 is
    absent. The chair speaks the closing lines of each 答申 (「以上を踏まえ…」), so they carry
    the chair's label in the board's style: 「(審査会委員)」 where members are anonymised,
    「【時枝会長】」, 「(時枝会長)」, 「〇会長」 or 「(会長)」 otherwise."""
    chair = chair_person(roll)
    if chair is not None:
        return speaker_label(board, chair, roll, style)
    member, _, _ = _kinds(board, _labels(board, style))
    if member == "group":
        return member_group_label(board, style)
    return wrap(board, CHAIR_TITLES[0], style)


def member_group_label(board: Board, style: MinutesStyle | None = None) -> str:
    """The label for 「the members」 as a body, used for the chair's closing lines when the
    board anonymises members."""
    return wrap(board, board.member_label or DEFAULT_MEMBER_LABEL, style)
