"""The domain model (SPEC §3): plain dataclasses, no I/O, no Textual."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any, Self


class QuorumRule(StrEnum):
    MAJORITY = "majority"  # 委員の過半数
    HALF_OR_MORE = "half_or_more"  # 委員の半数以上


class LabelStyle(StrEnum):
    """Speaker label styles seen in published minutes (DOMAIN §3)."""

    DEPARTMENT = "department"  # (審査会委員) / (戸籍住民課): the reference
    NAME_ROLE = "name_role"  # 【時枝会長】【事務局花本】
    NAME = "name"  # (時枝会長)(姜委員)(菊竹係長)
    MARU = "maru"  # 〇会長 〇委員 〇事務局 〇実施機関
    LETTERS = "letters"  # (委員A)(委員B)


class Numbering(StrEnum):
    """How a board counts its meetings (第N回)."""

    STRAIGHT = "通し"  # on and on: 第84回
    FISCAL_YEAR = "年度"  # afresh each 年度 (April to March): 令和5年度第3回


class Openness(StrEnum):
    PUBLIC = "公開"
    PARTLY = "一部非公開"
    CLOSED = "非公開"


class RecordStyle(StrEnum):
    VERBATIM = "全文"
    SUMMARY = "要点"


class MeetingStatus(StrEnum):
    PREPARING = "準備中"
    IN_SESSION = "開催中"
    CLOSED = "閉会"
    FINAL = "確定"


class Side(StrEnum):
    MEMBER = "委員"
    EXPLAINER = "説明者"
    SECRETARIAT = "事務局"


class Presence(StrEnum):
    PRESENT = "出席"
    ABSENT = "欠席"
    LATE = "遅刻"
    LEFT_EARLY = "早退"


class EntryKind(StrEnum):
    EXPLANATION = "説明"
    QUESTION = "質問"
    ANSWER = "回答"
    OPINION = "意見"
    PROCEDURE = "議事進行"
    STAGE = "ト書き"
    HEADING = "見出し"
    UNCLASSIFIED = "未分類"


class AssessmentKind(StrEnum):
    FULL = "全項目"
    FOCUSED = "重点項目"
    BASIC = "基礎項目"


class ToshinTemplate(StrEnum):
    CONFORMS = "A"  # 適合・妥当
    WITH_RIDERS = "B"  # 付帯意見付き
    CONDITIONAL = "C"  # 条件付き
    CONTINUED = "D"  # 継続審議


class VoteMode(StrEnum):
    CONSENT = "consent"  # 異議なし
    COUNT = "count"  # 賛成・反対・棄権


MEMBER_ROLES = ("会長", "副会長", "委員")

# Where in the header an entry's line is printed (Entry.header_anchor):
#   "title"          under the title line, before the style's own lines under it;
#   "preamble"       after the style's own lines under the title, before the header;
#   "<row>"          a further line of the value of that header row;
#   "after:<row>"    a line of its own after that header row.
# A row is named by its field (core.styles.RowStyle.field), and an attendees row by the
# side it lists too: "place", "materials", "attendees:事務局". A row the board's style does
# not print puts the line after the header, as an entry of the body before the first item.
TITLE_ANCHOR = "title"
PREAMBLE_ANCHOR = "preamble"
AFTER_ROW = "after:"


class Row:
    """Mixin: build a dataclass from a database row, ignoring unknown columns."""

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Self:
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        return cls(**{k: v for k, v in row.items() if k in names})


@dataclass
class Board(Row):
    id: int | None = None
    name: str = ""
    quorum_rule: str = QuorumRule.MAJORITY
    label_style: str = LabelStyle.DEPARTMENT
    anonymise_members: int = 1  # members shown as 「審査会委員」 in the minutes
    member_label: str = "審査会委員"
    toshin_addressee: str = ""  # e.g. 北九州市長
    toshin_number_format: str = "{board}答申第{n}号"
    closed_reason_default: str = "非公開部分のため省略"
    # The minutes style (core.styles): a built-in style's name, or an imported one's with
    # its TOML text in style_source; style_overrides is JSON laid on it (keys of the file).
    minutes_style: str = "department-table"
    style_source: str = ""
    style_overrides: str = ""
    word_template: str = ""  # a .docx whose page setup, fonts and styles the minutes take
    numbering: str = Numbering.STRAIGHT


@dataclass
class Member(Row):
    id: int | None = None
    board_id: int | None = None
    name: str = ""
    role: str = "委員"
    in_office_from: str | None = None
    in_office_to: str | None = None


@dataclass
class Assessment(Row):
    id: int | None = None
    name: str = ""  # 事務名, e.g. 住民基本台帳に関する事務
    kind: str = AssessmentKind.FULL
    page_count: int | None = None
    version: str = ""  # e.g. パブリックコメント案 / 確定版
    outline: str = "{}"  # JSON: section id -> start page

    @property
    def kind_document(self) -> str:
        return f"{self.kind}評価書"


@dataclass
class Meeting(Row):
    id: int | None = None
    board_id: int | None = None
    number: int | None = None  # 回
    # The 年度 (its first year, 2023 for 令和5年度) the number counts in, for a board that
    # numbers each 年度 afresh; 0 when the board numbers straight through. Set by the store.
    fiscal_year: int = 0
    title: str = "特定個人情報保護評価「第三者点検」"
    date: str | None = None  # ISO date
    start_time: str | None = None  # HH:MM
    end_time: str | None = None
    place: str = ""
    openness: str = Openness.PUBLIC
    record_style: str = RecordStyle.VERBATIM
    observers: int | None = 0  # None: the minutes do not say (nothing is printed)
    materials: str = ""  # 会議資料, one a line
    signers: str = ""  # 議事録署名人, e.g. 「木暮委員」
    status: str = MeetingStatus.PREPARING
    created_at: str | None = None
    updated_at: str | None = None


@dataclass
class AgendaItem(Row):
    id: int | None = None
    meeting_id: int | None = None
    seq: int = 0
    title: str = ""
    heading: str = ""  # body heading; default 「{事務名}について」
    is_public: int = 1
    closed_reason: str = ""
    assessment_id: int | None = None
    inquiry_number: str = ""  # 諮問番号
    inquiry_date: str | None = None  # 諮問日 (ISO): the date of the 諮問 the 答申書 answers
    category: str = ""  # 審議事項 / 報告事項 …, for styles that group the agenda by it

    def body_heading(self, assessment: Assessment | None) -> str:
        if self.heading:
            return self.heading
        if assessment and assessment.name:
            return f"{assessment.name}について"
        return self.title


@dataclass
class Attendance(Row):
    id: int | None = None
    meeting_id: int | None = None
    seq: int = 0
    side: str = Side.MEMBER
    name: str = ""
    title: str = ""  # 会長/副会長/委員 for members; 係長, 主任, 館長 … for others
    department: str = ""  # full name, e.g. 市民文化スポーツ局市民総務部戸籍住民課
    label: str = ""  # label override, e.g. 戸籍住民課
    member_id: int | None = None
    presence: str = Presence.PRESENT
    arrived_at: str | None = None
    left_at: str | None = None

    @property
    def is_present(self) -> bool:
        return self.presence != Presence.ABSENT

    @property
    def display_name(self) -> str:
        """「時枝会長」「菊竹係長」."""
        return f"{self.name}{self.title}"


@dataclass
class Entry(Row):
    id: int | None = None
    meeting_id: int | None = None
    agenda_item_id: int | None = None
    seq: int = 0
    kind: str = EntryKind.EXPLANATION
    speaker_id: int | None = None  # Attendance id
    speaker_label: str = ""  # literal label from an import when no attendee matches
    text: str = ""
    spoken_at: str | None = None  # ISO datetime, local clock
    pages: str = "[]"  # JSON list of page numbers
    section: str = ""
    is_public: int = 1
    pending: int = 0  # 持ち帰り
    answers_entry_id: int | None = None
    # Where the header printed a line of it that the meeting has no field for (an imported
    # minutes' 「掲載日:…」, an address under the place): "" for an entry of the body; see
    # TITLE_ANCHOR and the anchors beside it. Such an entry has no agenda item.
    header_anchor: str = ""
    created_at: str | None = None
    updated_at: str | None = None

    @property
    def page_list(self) -> list[int]:
        return list(json.loads(self.pages or "[]"))


@dataclass
class Toshin(Row):
    id: int | None = None
    agenda_item_id: int | None = None
    template: str = ToshinTemplate.CONFORMS
    wording: str = ""
    riders: str = "[]"  # JSON list of 付帯意見
    vote_mode: str = VoteMode.CONSENT
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None
    chair_decision: str = ""  # 可決 / 否決 on a tie
    result: str = ""  # 承認 / 否決 / 継続審議
    confirmed_at: str | None = None
    confirmed_by: str = ""
    text_hash: str = ""
    number: str = ""  # 答申番号
    issued_on: str | None = None  # 答申日 (ISO)
    # The entry after which the chair's closing lines are printed: the item's last when the
    # 答申 was confirmed (entries typed afterwards follow them). None: at the item's end.
    closing_after: int | None = None
    # 1: the closing lines are entries of the log, written at the confirmation (or typed and
    # kept): the minutes print those. 0: generated at export after `closing_after` (a 答申
    # confirmed before they were logged, or one an import gave).
    closing_in_log: int = 0

    @property
    def rider_list(self) -> list[str]:
        return list(json.loads(self.riders or "[]"))

    @property
    def is_frozen(self) -> bool:
        return bool(self.confirmed_at)


@dataclass
class AuditEvent(Row):
    id: int | None = None
    meeting_id: int | None = None
    table_name: str = ""
    row_id: int | None = None
    field: str = ""
    old_value: str = ""
    new_value: str = ""
    reason: str = ""
    actor: str = ""
    at: str = ""


@dataclass
class MeetingBundle:
    """Everything about one meeting, loaded at once (for screens and export)."""

    meeting: Meeting
    board: Board
    agenda: list[AgendaItem] = field(default_factory=list)
    assessments: dict[int, Assessment] = field(default_factory=dict)
    attendance: list[Attendance] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    toshins: dict[int, Toshin] = field(default_factory=dict)
    members_in_office: list[Member] = field(default_factory=list)
    # agenda item id → checklist item no → (判定, メモ); only the rows filled in
    checklist: dict[int, dict[int, tuple[str, str]]] = field(default_factory=dict)

    def attendee(self, attendance_id: int | None) -> Attendance | None:
        if attendance_id is None:
            return None
        for person in self.attendance:
            if person.id == attendance_id:
                return person
        return None

    def entries_of(self, agenda_item_id: int | None) -> list[Entry]:
        return [e for e in self.entries if e.agenda_item_id == agenda_item_id]

    def assessment_of(self, item: AgendaItem) -> Assessment | None:
        return self.assessments.get(item.assessment_id) if item.assessment_id else None
