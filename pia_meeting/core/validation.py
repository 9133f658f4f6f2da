"""The rules a meeting's fields must meet, as pure functions: the forms call them to say what
is wrong at the field, and the store calls them again before anything is written. Each
raises ValidationError (Japanese, naming the field); the meeting check returns the values
as they are stored (ISO dates, HH:MM)."""

from __future__ import annotations

from dataclasses import replace

from pia_meeting.core.errors import ValidationError
from pia_meeting.core.model import (
    MEMBER_ROLES,
    AgendaItem,
    Assessment,
    Attendance,
    Board,
    Meeting,
    Member,
    Numbering,
    Side,
)
from pia_meeting.core.text import parse_count
from pia_meeting.core.wareki import DateInputError, parse_date, parse_time


def iso_date(text: str | None, field: str) -> str | None:
    """A date typed in 西暦 or 和暦 (「令和3年11月9日」, 「2021-11-09」) as stored; None when
    left empty."""
    if text is None or not text.strip():
        return None
    try:
        return parse_date(text).isoformat()
    except DateInputError as exc:
        raise ValidationError(field, str(exc)) from None


def hh_mm(text: str | None, field: str) -> str | None:
    """A time (「9:30」, 「午前9時30分」) as stored, 「09:30」; None when left empty."""
    if text is None or not text.strip():
        return None
    try:
        return parse_time(text).strftime("%H:%M")
    except DateInputError as exc:
        raise ValidationError(field, str(exc)) from None


def count(text: str, field: str, message: str, *, minimum: int = 0) -> int:
    """A number typed in half- or full-width digits, at least `minimum`."""
    value = parse_count(text)
    if value is None or value < minimum:
        raise ValidationError(field, message)
    return value


OBSERVERS_MESSAGE = "傍聴人数は0以上の数字で入力してください(分からないときは空欄)"


def observers(text: str, field: str = "observers") -> int | None:
    """The 傍聴人 count typed; None when left empty: the minutes then say nothing of it."""
    if not text.strip():
        return None
    return count(text, field, OBSERVERS_MESSAGE)


def checked_meeting(meeting: Meeting, *, number_required: bool = True) -> Meeting:
    """`meeting` with its dates and times normalised, or ValidationError. Dates and times
    are compared and exported as ISO text: 「9:30」 must not be later than 「10:00」.
    `number_required`: False for imported minutes, whose 回 may be unknown (None)."""
    if meeting.number is None and not number_required:
        pass
    elif meeting.number is None or meeting.number <= 0:
        raise ValidationError("number", "回を1以上の数字で入力してください")
    date = iso_date(meeting.date, "date")
    start = hh_mm(meeting.start_time, "start_time")
    end = hh_mm(meeting.end_time, "end_time")
    if start and end and end <= start:
        raise ValidationError("end_time", "終了時刻が開始時刻より前です")
    if meeting.observers is not None and meeting.observers < 0:
        raise ValidationError("observers", "傍聴人数は0以上の数字で入力してください")
    return replace(meeting, date=date, start_time=start, end_time=end)


WORD_TEMPLATE_SUFFIX = ".docx"


def check_board(board: Board) -> None:
    """The board's own settings that need no file or database: its numbering, and that a
    Word template it names is a .docx (whether it opens is the export's to say)."""
    if board.numbering not in {n.value for n in Numbering}:
        raise ValidationError("numbering", "回の数え方は「通し」か「年度」です")
    template = board.word_template.strip()
    if template and not template.lower().endswith(WORD_TEMPLATE_SUFFIX):
        raise ValidationError(
            "word_template",
            f"議事録の様式には Word の .docx ファイルを指定してください({template})",
        )


def check_board_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ValidationError("board", "審査会名を入力してください")
    return name


def check_member(member: Member) -> None:
    if not member.name.strip():
        raise ValidationError("member_name", "委員の氏名を入力してください")
    if member.role not in MEMBER_ROLES:
        raise ValidationError("member_role", "役職は 会長・副会長・委員 のいずれかです")


def check_attendee(person: Attendance) -> None:
    """What can be told of one person alone (a second 会長 needs the roll: the store)."""
    if not person.name.strip():
        raise ValidationError("name", "氏名を入力してください")
    if person.side == Side.EXPLAINER and not person.department.strip():
        raise ValidationError("department", "説明者の所属部署を入力してください")


def check_agenda_item(item: AgendaItem) -> None:
    if not item.title.strip():
        raise ValidationError("agenda_title", "議題名を入力してください")
    if not item.is_public and not item.closed_reason.strip():
        raise ValidationError("closed_reason", "非公開の理由を入力してください")


def check_assessment(assessment: Assessment) -> None:
    if assessment.page_count is not None and assessment.page_count <= 0:
        raise ValidationError("page_count", "ページ数は1以上の数字で入力してください")


def check_entry_text(text: str) -> None:
    if not text.strip():
        raise ValidationError("text", "発言内容が空です")
