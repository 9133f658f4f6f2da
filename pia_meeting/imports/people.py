"""The people of a minutes: the header's attendee lines (DOMAIN §3 layouts), and the match
of a speaker label in the body to one of them (`Resolver`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from pia_meeting.core.labels import department_label
from pia_meeting.core.model import Presence, Side
from pia_meeting.imports.lines import split_title, squash, title_at_end
from pia_meeting.imports.tree import ParsedAttendee
from pia_meeting.imports.vocabulary import (
    CHAIR_TITLES,
    EXPLAINER_WORDS,
    LETTER_LABEL,
    MEMBER_LABEL,
    MEMBER_TITLES,
    ROLE_TITLES,
    SIDE_WORDS,
    TITLES,
    UNIT_END,
    UNIT_TITLE,
)

# -- attendee lines of the header -------------------------------------------------------------


@dataclass
class AttendeeLine:
    side: Side | None  # the side this line switches to (a marker such as 【委員】)
    people: list[ParsedAttendee]
    confident: bool  # the line could not be anything but a list of people


_SIDE_PREFIX = re.compile(
    r"^[【\[［〔〈<(（■●◆・]?\s*(?P<word>"
    + "|".join(sorted(SIDE_WORDS, key=len, reverse=True))
    + r")\s*(?:[】\]］〕〉>)）]\s*|[:：]\s*|\s+|$)(?P<rest>.*)$"
)
_NAME_SEPARATOR = re.compile(r"[、，,]")


def attendee_line(text: str, side: Side | None, implied_title: str) -> AttendeeLine | None:
    """People on one header line, in the layouts of DOMAIN §3: 「審査会委員 時枝会長、姜委員」,
    「市民文化スポーツ局…戸籍住民課 菊竹係長、友岡主任」 (several groups on one line when a PDF
    joined them), 「【委員】」, 「会長 尾関 栄作」, 「総務課長 鈴木 一郎」. None: not a line of
    people."""
    text = text.strip()
    marker = _SIDE_PREFIX.match(text)
    switched: Side | None = None
    if marker:
        switched = side = SIDE_WORDS[marker.group("word")]
        if marker.group("word") == "委員":
            implied_title = "委員"
        text = marker.group("rest").strip()
    if not text:
        return AttendeeLine(switched, [], switched is not None)
    if len(text) > 120 or any(ch in text for ch in "。「」？?"):
        return None
    segments: list[tuple[str, list[str]]] = []
    group_parts: list[str] = []
    last_group: str | None = None
    for token in text.split():
        if _is_names(token) and (group_parts or last_group is not None or "、" in token):
            group = "".join(group_parts) if group_parts else (last_group or "")
            segments.append((group, _NAME_SEPARATOR.split(token)))
            last_group, group_parts = group, []
        else:
            group_parts.append(token)
    people = [person for group, names in segments for person in _group(group, names, side)]
    confident = bool(segments) or switched is not None
    if group_parts:
        person, has_title = _one_person(group_parts, side, implied_title, last_group)
        people.append(person)
        confident = confident or has_title
    return AttendeeLine(switched, people, confident)


def people_on_line(
    text: str,
    side: Side | None,
    implied_title: str,
    presence: str,
    *,
    same_line: bool,
    chair_known: bool,
) -> list[ParsedAttendee] | None:
    """The people of a header line as they are stored, or None when the line is to be kept
    as it was printed: not a list of people, a person with no name, or a second 会長
    (`chair_known`: the roll has one already), who could not be stored. `same_line`: the
    line is the value after its key (「出席者 …」), where a lone side word is no list."""
    parsed = attendee_line(text, side, implied_title)
    if parsed is None or (not parsed.people and not parsed.side and same_line):
        return None
    chairs = [p for p in parsed.people if p.side == Side.MEMBER and p.title == "会長"]
    if len(chairs) + chair_known > 1:
        return None
    for person in parsed.people:
        person.name = squash(person.name)
        person.department = squash(person.department)
        if not person.name:
            return None
    for person in parsed.people:
        person.presence = presence
        if person.side == Side.EXPLAINER and not person.department:
            person.department = "説明者"  # a 説明者 must have one; the side word is all we know
    return parsed.people


def has_chair(people: list[ParsedAttendee]) -> bool:
    return any(p.side == Side.MEMBER and p.title == "会長" for p in people)


def _group(group: str, names: list[str], side: Side | None) -> list[ParsedAttendee]:
    """「審査会委員」+「時枝会長、姜委員」, 「…戸籍住民課」+「菊竹係長、友岡主任」."""
    split = [split_title(n) for n in names]
    person_side = _side_of_group(group, side, [t for _, t in split])
    department = "" if group in SIDE_WORDS else group
    if person_side == Side.MEMBER and group.endswith("委員"):
        department = ""  # 「審査会委員」 is the member label, printed again by the exporter
    return [ParsedAttendee(person_side, n, t, department) for n, t in split]


def _side_of_group(group: str, side: Side | None, titles: list[str]) -> Side:
    if group in SIDE_WORDS:
        return SIDE_WORDS[group]
    if group.endswith("委員") and not UNIT_END.search(group[:-2]):
        return Side.MEMBER
    if UNIT_END.search(group):
        # A department is never the members' side, even on the line that began with them.
        return Side.SECRETARIAT if side == Side.SECRETARIAT else Side.EXPLAINER
    if side is not None:
        return side
    if titles and all(t in MEMBER_TITLES for t in titles):
        return Side.MEMBER
    return Side.EXPLAINER


def _department_of(prefix: str, title: str) -> str:
    """「総務課長」 → 総務課; 「市民課主査」 → 市民課."""
    if not prefix:
        return ""
    unit = UNIT_TITLE.match(title)
    if unit and not UNIT_END.search(prefix):
        return prefix + unit.group(1)
    return prefix


def _is_names(token: str) -> bool:
    """「時枝会長、姜委員」: names, each with its title."""
    for part in _NAME_SEPARATOR.split(token):
        name, title = split_title(part)
        if not part or not title or len(name) > 10:
            return False
    return True


def _one_person(
    tokens: list[str], side: Side | None, implied_title: str, group: str | None
) -> tuple[ParsedAttendee, bool]:
    """「会長 尾関 栄作」, 「総務課 主査 田村 花子」, 「尾関栄作 会長」, 「大野 健」."""
    index = next((i for i, t in enumerate(tokens) if title_at_end(t)), None)
    if len(tokens) == 1:
        name, title = split_title(tokens[0])
        department = group or ""
    elif index is None:
        name, title, department = "".join(tokens), "", group or ""
    elif index == len(tokens) - 1 and tokens[index] in TITLES:
        name, title, department = "".join(tokens[:index]), tokens[index], group or ""
    else:
        title = title_at_end(tokens[index])
        prefix = tokens[index][: -len(title)]
        department = "".join(tokens[:index]) + _department_of(prefix, title)
        if not department and group:
            department = group
        name = "".join(tokens[index + 1 :]) or prefix
    has_title = bool(title)
    if not title:
        title = implied_title
    person_side = _side_of_group("", side, [title] if title else [])
    if side is None and not title:
        person_side = Side.MEMBER
    return ParsedAttendee(person_side, name, title, department, Presence.PRESENT), has_title


# -- speaker labels → attendees ---------------------------------------------------------------


class Resolver:
    """Matches a label's core (「時枝会長」, 「会長」, 「委員A」, 「戸籍住民課」) to an attendee
    (DOMAIN §3 label styles). An anonymous label is matched by side and role only."""

    def __init__(self, people: list[ParsedAttendee], member_label: str = MEMBER_LABEL) -> None:
        self.people = people  # the parsed roll itself: labels name its indexes
        self.member_label = member_label

    def resolve(self, core: str) -> int | None:
        named = self._first(lambda p: _names(core, p))
        if named is not None:
            return named
        if self._is_role(core):
            return self._by_role(core)  # a role word answers for itself, found or not
        family = self._first(lambda p: _family_match(core, p))
        if family is not None:
            return family
        return self._first(lambda p: _department_match(core, p))

    def _first(self, predicate: Callable[[ParsedAttendee], bool]) -> int | None:
        return next((i for i, p in enumerate(self.people) if predicate(p)), None)

    def _is_role(self, core: str) -> bool:
        return (
            core in (self.member_label, MEMBER_LABEL, *ROLE_TITLES, "委員", "事務局")
            or core in EXPLAINER_WORDS
            or LETTER_LABEL.match(core) is not None
        )

    def _by_role(self, core: str) -> int | None:
        people = self.people
        members = [i for i, p in enumerate(people) if p.side == Side.MEMBER]
        if core in (self.member_label, MEMBER_LABEL):
            chair = next((i for i in members if people[i].title in CHAIR_TITLES), None)
            return chair if chair is not None else (members[0] if members else None)
        if core in ROLE_TITLES:
            return next((i for i in members if people[i].title == core), None)
        if core == "委員":
            candidates = [i for i in members if people[i].title == "委員"] or members
            return candidates[0] if candidates else None
        letter = LETTER_LABEL.match(core)
        if letter:
            index = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".find(
                unicodedata.normalize("NFKC", letter.group(1)).upper()
            )
            plain = [i for i in members if people[i].title not in ("会長", "副会長")]
            return plain[index] if 0 <= index < len(plain) else None
        if core == "事務局":
            return self._first(lambda p: p.side == Side.SECRETARIAT)
        return self._first(lambda p: p.side == Side.EXPLAINER)


def _names(core: str, p: ParsedAttendee) -> bool:
    """「時枝会長」 or 「時枝」 for 時枝 会長; 「事務局花本」 for 花本 of the 事務局."""
    return core in (p.name + p.title, p.name) or (
        p.side == Side.SECRETARIAT and core == f"事務局{p.name}"
    )


def _family_match(core: str, p: ParsedAttendee) -> bool:
    """「尾関会長」 for 尾関栄作 会長, 「森市民課長」 for 森正樹 市民課 課長, 「事務局鈴木」."""
    if p.side == Side.SECRETARIAT and core.startswith("事務局") and len(core) > 3:
        rest = core[3:]
        if p.name.startswith(rest) or rest in (p.title, p.name + p.title):
            return True
        core = rest
    if not p.title:
        return False
    endings = {p.title}
    if p.department:
        endings |= {p.department + p.title, department_label(p.department) + p.title}
        unit = UNIT_TITLE.match(p.title)
        if unit and p.department.endswith(unit.group(1)):
            endings.add(p.department[: -len(unit.group(1))] + p.title)
    return any(
        core.startswith(p.name[:k]) and core[k:] in endings for k in range(len(p.name), 0, -1)
    )


def _department_match(core: str, p: ParsedAttendee) -> bool:
    """「戸籍住民課」 for a 説明者 of 市民文化スポーツ局…戸籍住民課 (the reference's labels)."""
    return (
        p.side != Side.MEMBER
        and bool(p.department)
        and (p.department.endswith(core) or department_label(p.department) == core)
    )
