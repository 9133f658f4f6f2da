"""The fictional specimens of ../shared/specimens, read at test time (never copied).

`session_01()` reads specimen 01 (numbered sections) as the secretariat would have entered
it by hand: the header fields, the roll with full names, the agenda, every turn in order, the
答申 wording, and which turns come after the 答申 was confirmed. The chair's closing lines
that the app generates from the confirmed 答申 (「以上を踏まえ…」, the question, the reaction and
「異議がないので…」) are not turns: what the chair said around them is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from pia_meeting.core.labels import role_word
from pia_meeting.core.wareki import parse_date_time_range
from tests.support.paths import SHARED

SPECIMENS = SHARED / "specimens"
REFERENCE = SHARED / "reference" / "minutes-kitakyushu-2021-11-09.txt"


def specimen(prefix: str) -> Path:
    (path,) = sorted(SPECIMENS.glob(f"{prefix}-*.txt"))
    return path


def all_sources() -> list[Path]:
    return [REFERENCE, *sorted(SPECIMENS.glob("0*.txt"))]


@dataclass
class Person:
    side: str  # 委員 / 事務局 / 説明者
    name: str  # full name, 「三好 達也」
    title: str  # 会長, 課長, 主査 …
    department: str = ""

    @property
    def label(self) -> str:
        """How the minutes name this person: 【三好会長】 【事務局宇佐見】 【芳賀主査】."""
        surname = self.name.split()[0]
        if self.side == "事務局":
            return f"事務局{surname}"
        return f"{surname}{self.title}"


@dataclass
class Turn:
    item: int  # 1-based agenda item
    kind: str  # 説明 / 質問 / 回答 / 議事進行 / ト書き
    speaker: str | None  # a Person.label, None for a ト書き
    text: str
    after_toshin: bool = False  # said after the 答申 was confirmed


@dataclass
class Item:
    title: str
    inquiry: str
    public: bool


@dataclass
class Session01:
    board: str
    number: int
    date: dt.date
    start: dt.time
    end: dt.time
    place: str
    observers: int
    people: list[Person] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    materials: list[str] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    wording: str = ""
    closed_reason: str = ""


_ITEM = re.compile(
    r"^[⑴⑵⑶⑷⑸]\s*(?P<title>.+?)(?:\((?P<inquiry>諮問第\d+号)\))?(?P<closed>\(非公開\))?$"
)
_TURN = re.compile(r"^【(?P<label>[^】]+)】\s*(?P<text>.+)$")
_QUESTION = re.compile(r"^答申の方向性は、「(?P<wording>.+)」と認めてよろしいか。$")
INTRO = "以上を踏まえ、答申書を作成する。"
CONSENT = "異議がないので、この旨で答申する。"
REACTION = "(「異議なし」の声あり)"
_GROUP_SIDE = {"【委員】": "委員", "【事務局】": "事務局", "【実施機関】": "説明者"}


def _person(side: str, line: str) -> Person:
    """「会長 三好 達也」, 「総務課文書法制担当主査 篠崎 裕美」 → who, with department and title."""
    post, name = line.split(" ", 1)
    if side == "委員":
        return Person(side, name, post)
    title = role_word(post)
    department = post[: len(post) - len(title)]
    if title[0] in "課部室局係" and not department.endswith(title[0]):
        department += title[0]  # 「総務課長」: 総務課 and 課長
    return Person(side, name, title, department)


def _sections(lines: list[str]) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for line in lines[1:]:
        key = re.match(r"^\d\s+(\S+)$", line)
        if key and (not current or current != "議事内容"):
            current = key.group(1)
            sections[current] = []
            continue
        sections[current].append(line)
    return sections


def session_01() -> Session01:
    lines = [line.strip() for line in specimen("01").read_text("utf-8").splitlines()]
    lines = [line for line in lines if line]
    title = lines[0]
    head = re.match(r"^(?P<year>.+年度)第(?P<n>\d+)回(?P<board>.+)議事録$", title)
    assert head, title
    sections = _sections(lines)
    when = parse_date_time_range(sections["開催日時"][0])
    assert when and when[1] and when[2]
    session = Session01(
        board=head.group("board"),
        number=int(head.group("n")),
        date=when[0],
        start=when[1],
        end=when[2],
        place=sections["開催場所"][0],
        observers=int(re.sub(r"\D", "", sections["傍聴者"][0])),
        materials=sections["会議資料"],
    )
    side = ""
    for line in sections["出席者"]:
        if line in _GROUP_SIDE:
            side = _GROUP_SIDE[line]
        else:
            session.people.append(_person(side, line))
    for line in sections["議題"]:
        match = _ITEM.match(line)
        assert match, line
        session.items.append(
            Item(match.group("title"), match.group("inquiry") or "", not match.group("closed"))
        )
    _turns(session, sections["議事内容"])
    return session


def _turns(session: Session01, body: list[str]) -> None:
    item = 0
    speaker: str | None = None
    after = False
    labels = {p.label for p in session.people}
    for line in body:
        heading = _ITEM.match(line)
        if heading and any(line.endswith(f"({i.inquiry})") for i in session.items):
            item += 1
            speaker = None
            continue
        question = _QUESTION.match(line)
        if question:  # generated from the confirmed 答申
            session.wording = question.group("wording")
            continue
        if line == REACTION:
            continue
        match = _TURN.match(line)
        if match:
            speaker, text = match.group("label"), match.group("text")
            assert speaker in labels, speaker
        elif line.startswith("(") and line.endswith(")"):
            session.turns.append(Turn(item, "ト書き", None, line, after))
            continue
        elif item == 2 and speaker is None:
            # The closed item's one sentence, with its legal reason.
            session.turns.append(Turn(item, "ト書き", None, line, after))
            reason = re.search(r"、(.+の規定)により非公開", line)
            session.closed_reason = reason.group(1) if reason else ""
            continue
        else:
            text = line
        if text.endswith(INTRO):
            text = text.removesuffix(INTRO)  # the generated intro follows what was said
            after = False
        if text.startswith(CONSENT):
            text = text.removeprefix(CONSENT)
            after = True
        if text:
            session.turns.append(Turn(item, _kind(speaker, session), speaker, text, after))


def _kind(label: str | None, session: Session01) -> str:
    person = next(p for p in session.people if p.label == label)
    if person.side == "委員":
        return "議事進行" if person.title == "会長" else "質問"
    return "議事進行" if person.side == "事務局" else "回答"
