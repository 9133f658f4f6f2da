"""The people of a minutes: the header's attendee lines (DOMAIN §3 layouts), and the match
of a speaker label in the body to one of them (`Resolver`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pia_meeting.core.labels import department_label
from pia_meeting.core.model import Presence, Side
from pia_meeting.imports.lines import split_title, squash, title_at_end
from pia_meeting.imports.tree import ParsedAttendee
from pia_meeting.imports.vocabulary import (
    ANSWER_WORDS,
    EXPLAINER_WORDS,
    LETTER_LABEL,
    MEMBER_LABEL,
    MEMBER_TITLES,
    QUESTION_WORDS,
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
    forms: list[str] = field(default_factory=list)  # how each person was written
    name_form: str = ""  # surname / full_name / full_name_spaced
    left_over: bool = False  # a part that names no one (「総務課長ほか3名」)


# A side word opening the line, maybe after a word of its own (「審議会委員…」, 「評価実施
# 機関…」, 「関係者(担当課):」), and what follows it.
_SIDE_PREFIX = re.compile(
    r"^[【\[［〔〈<(（■●◆・]?\s*(?P<prefix>[^\s、,，:：…‥()（）]{0,6}?)(?P<word>"
    + "|".join(sorted(SIDE_WORDS, key=len, reverse=True))
    + r")(?P<note>[(（][^)）]{1,10}[)）])?"
    r"\s*(?:[】\]］〕〉>)）]\s*|[:：…‥]+\s*|\s+|$)(?P<rest>.*)$"
)
_NAME_SEPARATOR = re.compile(r"[、，,]")
_AND = re.compile(r"(?<=\S)(?:及び|および|並びに)(?=\S)")
_GROUP_JOINER = re.compile(r"\s*(?:…+|‥+|[:：])\s*")
_TITLE_ALT = "|".join(re.escape(t) for t in TITLES)
_TITLE_BEFORE = re.compile(rf"^[(（【〔\[](?P<title>{_TITLE_ALT})[)）】〕\]]\s*(?P<name>\S.*)$")
_TITLE_AFTER = re.compile(rf"^(?P<name>.+?)\s*[(（【〔\[](?P<title>{_TITLE_ALT})[)）】〕\]]$")
_NOBODY = re.compile(r"ほか|他\s*[0-9０-９]|[0-9０-９]+\s*[名人]|以下")
MAX_NAME = 10


def attendee_line(
    text: str, side: Side | None, implied_title: str, document: str = ""
) -> AttendeeLine | None:
    """People on one header line, in the layouts of DOMAIN §3: 「審査会委員 時枝会長、姜委員」,
    「市民文化スポーツ局…戸籍住民課 菊竹係長、友岡主任」 (several groups on one line when a PDF
    joined them), 「【委員】」, 「会長 尾関 栄作」, 「総務課長 鈴木 一郎」, 「(会長)長谷部隆司」,
    「淡路 和彦【会長】」, 「樋口総務部長」 (姓+部署+役職; `document`, the whole text, tells
    where the surname ends), 「…松浦委員及び嶋田委員」. None: not a line of people."""
    text = text.strip()
    marker = _SIDE_PREFIX.match(text)
    switched: Side | None = None
    if marker and _is_side_marker(marker):
        switched = side = SIDE_WORDS[marker.group("word")]
        if side == Side.MEMBER:
            implied_title = "委員"
        text = marker.group("rest").strip()
    if not text:
        return AttendeeLine(switched, [], switched is not None)
    if len(text) > 160 or any(ch in text for ch in "。「」？?"):
        return None
    text = _GROUP_JOINER.sub(" ", _AND.sub("、", text))
    parts = _NAME_SEPARATOR.split(text)
    if len(parts) > 1 and not all(part.strip() for part in parts):
        return None  # 「あ、」: a separator with no one after it is no list of people
    reader = _LineReader(side, implied_title, document)
    for part in parts:
        reader.part(part.split())
    result = reader.result(switched)
    if switched is not None:
        result.confident = True
    return result


def _is_side_marker(marker: re.Match[str]) -> bool:
    """「審議会委員…」 is the members' marker; 「野々村委員」 (a name and a title) is not."""
    prefix = marker.group("prefix")
    if not prefix:
        return True
    return prefix.endswith(("会", "評価", "審査会", "審議会")) or bool(marker.group("note"))


class _LineReader:
    """The parts of one attendee line, separated by 、: each a person, maybe after the
    department (or side) they are of; the department carries on to the parts after it."""

    def __init__(self, side: Side | None, implied_title: str, document: str) -> None:
        self.side = side
        self.implied_title = implied_title
        self.document = document
        self.group: str | None = None
        self.people: list[ParsedAttendee] = []
        self.forms: list[str] = []
        self.name_forms: list[str] = []
        self.confident = False
        self.left_over = False
        self.parts = 0

    def part(self, tokens: list[str]) -> None:
        if not tokens:
            return
        self.parts += 1
        if _NOBODY.search("".join(tokens)):
            self.left_over = True
            return
        # A person ending the group before (「松木委員」 of 「…松木委員 戸籍住民課 菊竹係長」).
        while len(tokens) > 1 and _is_names(tokens[0]) and _is_names(tokens[-1]):
            self._token(tokens.pop(0))
        if len(tokens) > 1 and _TITLE_AFTER.match(tokens[-1]) and not _units(tokens[:-1]):
            # 「淡路 和彦【会長】」: a full name, then its title
            last = _TITLE_AFTER.match(tokens[-1])
            words = [*tokens[:-1], last.group("name") if last else tokens[-1]]
            tokens = [_name_of(words) + tokens[-1][len(words[-1]) :]]
            self.name_forms.append("full_name_spaced")
        if len(tokens) == 1:
            self._token(tokens[0])
        elif _is_names(tokens[-1]) or _bracketed(tokens[-1]):
            self.group = "".join(tokens[:-1])
            self._token(tokens[-1])
        else:
            person, has_title = _one_person(tokens, self.side, self.implied_title, self.group)
            self._add(person, "title_then_name" if has_title else "name", spaced=True)
            self.confident = self.confident or has_title

    def _token(self, token: str) -> None:
        bracket = _TITLE_BEFORE.match(token) or _TITLE_AFTER.match(token)
        if bracket:
            name, title, department = bracket.group("name"), bracket.group("title"), ""
            form = "title_in_brackets"
            self.confident = True
        else:
            name, title = split_title(token)
            department = ""
            form = "name_title" if title else "name"
            if title:
                self.confident = True
                if self.group is None:  # with a department before it, it is a name alone
                    name, department = _surname_and_department(name, title, self.document)
                if not name:
                    self.left_over = True  # a post no one is named for: kept as printed
                    return
                if department:
                    form = "name_department_title"
        group = self.group or ""
        person_side = _side_of_group(group, self.side, [title] if title else [])
        if not department and group not in SIDE_WORDS and person_side != Side.MEMBER:
            department = group
        if person_side == Side.MEMBER:
            department = ""  # 「審査会委員」 is the members' label, printed by the exporter
            title = title or self.implied_title or "委員"
        elif not title:
            title = self.implied_title
        # 「新堂国民健康保険課資格賦課係長、久保主任」: a department is not written again for
        # the next person of it
        before = self.people[-1] if self.people else None
        if not department and person_side != Side.MEMBER and before and before.side == person_side:
            department = before.department
        self._add(ParsedAttendee(person_side, name, title, department), form, spaced=False)

    def _add(self, person: ParsedAttendee, form: str, *, spaced: bool) -> None:
        self.people.append(person)
        self.forms.append(("grouped_" if self.group else "") + form)
        if person.name:
            self.name_forms.append("full_name_spaced" if spaced else _name_form(person.name))

    def result(self, switched: Side | None) -> AttendeeLine:
        confident = self.confident or (self.parts > 1 and bool(self.people))
        forms = list(dict.fromkeys(self.forms))
        name_form = max(set(self.name_forms), key=self.name_forms.count) if self.name_forms else ""
        return AttendeeLine(
            switched, self.people, confident, forms, name_form, left_over=self.left_over
        )


def _name_form(name: str) -> str:
    return "surname" if len(name) <= 3 else "full_name"


def _units(tokens: list[str]) -> bool:
    """Whether any of `tokens` is a department (「市民課」) rather than part of a name."""
    return any(UNIT_END.search(t) or len(t) > 4 for t in tokens)


def _bracketed(token: str) -> bool:
    return bool(_TITLE_BEFORE.match(token) or _TITLE_AFTER.match(token))


def _surname_and_department(prefix: str, title: str, document: str) -> tuple[str, str]:
    """Split 「樋口総務」+部長 into (樋口, 総務部), 「佐久間文書法制課法制」+係長 into
    (佐久間, 文書法制課法制係): a surname, then a department, no space between. Where the
    surname ends is read from the rest of the document: the department is written
    elsewhere on its own (「…総務部文書法制課法制係」), or it begins with a unit written
    elsewhere; else, when the prefix holds a unit, a surname of two characters (the
    most common length). (prefix, "") when it is a name alone."""
    unit = UNIT_TITLE.match(title)
    candidate = prefix + (unit.group(1) if unit and not UNIT_END.search(prefix) else "")
    if len(prefix) < 4 or not UNIT_END.search(candidate[2:]):
        return prefix, ""
    here = document.count(candidate)
    for k in range(1, min(5, len(candidate) - 1)):
        if document.count(candidate[k:]) > here:
            return candidate[:k], candidate[k:]
    for k in range(1, min(5, len(candidate) - 1)):
        # a unit of three characters at least (「務部」, which 税務部 holds, is none)
        for end in range(len(candidate), k + 2, -1):
            unit_text = candidate[k:end]
            if UNIT_END.search(unit_text) and document.count(unit_text) > here:
                return candidate[:k], candidate[k:]
    if UNIT_END.search(prefix[2:]) or re.search(r"[局部課係室]", prefix[2:]):
        if re.match(r"[局部課係室班]", candidate[2:]):
            return "", candidate  # 「総務部総務課長」: a post, no one named
        return candidate[:2], candidate[2:]
    return prefix, ""


def people_on_line(
    text: str,
    side: Side | None,
    implied_title: str,
    presence: str,
    *,
    same_line: bool,
    chair_known: bool,
    document: str = "",
) -> AttendeeLine | None:
    """The people of a header line as they are stored, or None when the line is to be kept
    as it was printed: not a list of people, a person with no name, or a second 会長
    (`chair_known`: the roll has one already), who could not be stored. `same_line`: the
    line is the value after its key (「出席者 …」), where a lone side word is no list."""
    parsed = attendee_line(text, side, implied_title, document)
    if parsed is None or (not parsed.people and not parsed.side and same_line):
        return None
    if not parsed.people and parsed.left_over:
        return None
    chairs = [p for p in parsed.people if p.side == Side.MEMBER and p.title == "会長"]
    if len(chairs) + chair_known > 1:
        return None
    for person in parsed.people:
        person.name = spaced_name(person.name)
        person.department = squash(person.department)
        if not _LETTER.search(person.name) or len(squash(person.name)) > 2 * MAX_NAME:
            return None  # no name (「《」 of 「《、》」): the line is no list of people
    for person in parsed.people:
        person.presence = presence
        if person.side == Side.EXPLAINER and not person.department:
            person.department = "説明者"  # a 説明者 must have one; the side word is all we know
    return parsed


class PeopleReader:
    """`people_on_line` with the whole document at hand (see `_surname_and_department`)."""

    def __init__(self, document: str) -> None:
        self.document = document

    def read(
        self,
        text: str,
        side: Side | None,
        implied_title: str,
        presence: str,
        *,
        same_line: bool,
        chair_known: bool,
    ) -> AttendeeLine | None:
        return people_on_line(
            text,
            side,
            implied_title,
            presence,
            same_line=same_line,
            chair_known=chair_known,
            document=self.document,
        )


def spaced_name(name: str) -> str:
    """A name as written, one space where it has any (「三好 達也」: its surname is known)."""
    return re.sub(r"\s+", lambda space: space.group(0)[0], name.strip())


def has_chair(people: list[ParsedAttendee]) -> bool:
    return any(p.side == Side.MEMBER and p.title == "会長" for p in people)


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
    if not titles:
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
    """「時枝会長」: a name with its title."""
    name, title = split_title(token)
    return bool(title) and 0 < len(name) <= MAX_NAME and not UNIT_END.search(name)


_LETTER = re.compile(r"[\u3041-\u30ff\u4e00-\u9fffA-Za-zＡ-Ｚａ-ｚ]")
_NAME_WORD = re.compile(r"^[\u3041-\u30ff\u4e00-\u9fff々〆ヶ]+$")


def _name_of(words: list[str]) -> str:
    """A name of several words as written, one space between (「三好 達也」: its surname is
    known); words that are not all of a name's characters are taken as one."""
    return (" " if all(_NAME_WORD.match(w) for w in words) else "").join(words)


def _one_person(
    tokens: list[str], side: Side | None, implied_title: str, group: str | None
) -> tuple[ParsedAttendee, bool]:
    """「会長 尾関 栄作」, 「総務課 主査 田村 花子」, 「尾関栄作 会長」, 「大野 健」."""
    index = next((i for i, t in enumerate(tokens) if title_at_end(t)), None)
    if len(tokens) == 1:
        name, title = split_title(tokens[0])
        department = group or ""
    elif index is None:
        name, title, department = _name_of(tokens), "", group or ""
    elif index == len(tokens) - 1 and tokens[index] in TITLES:
        name, title, department = _name_of(tokens[:index]), tokens[index], group or ""
    else:
        title = title_at_end(tokens[index])
        prefix = tokens[index][: -len(title)]
        department = "".join(tokens[:index]) + _department_of(prefix, title)
        if not department and group:
            department = group
        name = _name_of(tokens[index + 1 :]) or prefix
    has_title = bool(title)
    if not title:
        title = implied_title
    person_side = _side_of_group("", side, [title] if title else [])
    if side is None and not title:
        person_side = Side.MEMBER
    if person_side == Side.MEMBER:
        title = title or "委員"
        department = "" if department == group else department
    return ParsedAttendee(person_side, name, title, department, Presence.PRESENT), has_title


# -- speaker labels → attendees ---------------------------------------------------------------


class Resolver:
    """Matches a label's core (「時枝会長」, 「会長」, 「情報政策課長」) to an attendee (DOMAIN §3
    label styles).

    A label that names one person, directly (「芳賀主査」, 「事務局宇佐見」) or through the roll
    (「会長」 when the roll has one 会長, 「情報政策課長」 when it has one 課長 of 情報政策課), is
    that person. An anonymous label names no one, whoever is on the roll: 「委員」,
    「審査会委員」, 「委員A」, 「(回答)」, 「実施機関」, 「事務局」, a department alone
    (「(戸籍住民課)」, 「〈こども家庭課〉」); the minutes print it so on purpose."""

    def __init__(self, people: list[ParsedAttendee], member_label: str = MEMBER_LABEL) -> None:
        self.people = people  # the parsed roll itself: labels name its indexes
        self.member_label = member_label

    def resolve(self, core: str) -> int | None:
        if self.is_anonymous(core):
            return None
        named = self._only(lambda p: _names(core, p))
        if named is not None:
            return named
        if core in ROLE_TITLES:
            members = [i for i, p in enumerate(self.people) if p.side == Side.MEMBER]
            holders = [i for i in members if self.people[i].title == core]
            return holders[0] if len(holders) == 1 else None
        family = self._only(lambda p: _family_match(core, p))
        if family is not None:
            return family
        return self._only(lambda p: _title_match(core, p))

    def is_anonymous(self, core: str) -> bool:
        """「委員」, 「委員A」, 「回答」, 「事務局」, 「実施機関」, a department with no title."""
        if core in (self.member_label, MEMBER_LABEL, "委員", "事務局", *EXPLAINER_WORDS):
            return True
        if core in ANSWER_WORDS or core in QUESTION_WORDS or LETTER_LABEL.match(core):
            return True
        return bool(UNIT_END.search(core)) and not title_at_end(core)

    def _only(self, predicate: Callable[[ParsedAttendee], bool]) -> int | None:
        """The one attendee `predicate` holds for; None when none or several do (a label
        that could be either of two people names neither)."""
        found = [i for i, p in enumerate(self.people) if predicate(p)]
        return found[0] if len(found) == 1 else None


def _names(core: str, p: ParsedAttendee) -> bool:
    """「時枝会長」 or 「時枝」 for 時枝 会長; 「事務局花本」 for 花本 of the 事務局."""
    name = squash(p.name)
    return core in (name + p.title, name) or (
        p.side == Side.SECRETARIAT and core == f"事務局{name}"
    )


def _endings(p: ParsedAttendee) -> set[str]:
    """How a label may print the person's title: 「課長」, 「市民課長」, 「戸籍住民課係長」."""
    endings = {p.title}
    if p.department:
        endings |= {p.department + p.title, department_label(p.department) + p.title}
        unit = UNIT_TITLE.match(p.title)
        if unit and p.department.endswith(unit.group(1)):
            endings.add(p.department[: -len(unit.group(1))] + p.title)
            short = department_label(p.department)
            endings.add(short[: -len(unit.group(1))] + p.title)
    return endings


def _family_match(core: str, p: ParsedAttendee) -> bool:
    """「尾関会長」 for 尾関栄作 会長, 「森市民課長」 for 森正樹 市民課 課長, 「事務局鈴木」."""
    name = squash(p.name)
    if p.side == Side.SECRETARIAT and core.startswith("事務局") and len(core) > 3:
        rest = core[3:]
        if name.startswith(rest) or rest in (p.title, name + p.title):
            return True
        core = rest
    if not p.title:
        return False
    endings = _endings(p)
    return any(core.startswith(name[:k]) and core[k:] in endings for k in range(len(name), 0, -1))


def label_name(core: str, p: ParsedAttendee) -> str:
    """How the label `core` names `p`: 「長谷部」 of 「長谷部会長」 for 長谷部隆司 会長, 「宇佐見」
    of 「事務局宇佐見」; "" when it names them by title and department only."""
    name = squash(p.name)
    if p.side == Side.SECRETARIAT and core.startswith("事務局") and len(core) > 3:
        core = core[3:]
    for ending in sorted(_endings(p), key=len, reverse=True):
        part = core[: -len(ending)] if ending and core.endswith(ending) else ""
        if part and name.startswith(part):
            return part
    return core if name.startswith(core) else ""


def _title_match(core: str, p: ParsedAttendee) -> bool:
    """「情報政策課長」 for the 課長 of 情報政策課: a department and a title, no name."""
    return (
        p.side != Side.MEMBER
        and bool(p.title)
        and bool(p.department)
        and core != p.title
        and core in _endings(p)
    )
