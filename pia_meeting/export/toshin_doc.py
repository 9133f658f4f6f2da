"""The 答申書 (SPEC §4, last bullet): the board's written answer to the 諮問, as a Word file.

It carries the frozen 答申 wording and 付帯意見 exactly as the chair confirmed them, so it is
refused for anything that is not a confirmed, adopted and intact 答申. Plain Python, no Textual;
python-docx is imported only when the file is written.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from pia_meeting.core import wareki
from pia_meeting.core.errors import NotFoundError, UserError
from pia_meeting.core.model import AgendaItem, Board, MeetingBundle, Side, Toshin, ToshinTemplate
from pia_meeting.core.toshin import (
    RESULT_CONTINUED,
    RESULT_REJECTED,
    fill,
    format_toshin_number,
    is_intact,
    templates,
)
from pia_meeting.export.files import (
    DEFAULT_FOLDER,
    KIND_TOSHIN,
    default_export_name,
    resolve_target,
)
from pia_meeting.store.files import refuse_existing, write_atomically

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

    from pia_meeting.store.facade import Store

CHAIR_ROLE = "会長"
RIDERS_HEADING = "付帯意見"
NOT_CONFIRMED = "答申が確定していません"
HONORIFIC = "様"
# A head of government the board answers to, derived from the board's name when the
# addressee setting is empty: 「北九州市個人情報保護審査会」 → 「北九州市」 → 「北九州市長」.
_MUNICIPALITY = re.compile(
    r"^(.+?[都道府県市区町村])(?=特定個人情報|個人情報|情報公開|行政不服|審査会|審議会)"
)


class ParagraphKind(StrEnum):
    LEAD = "lead"  # the opening sentence referring to the 諮問
    HEADING = "heading"  # 「1 審査会の結論」
    BODY = "body"  # the wording, a line of 審査の経過
    ITEM = "item"  # 「(1)…」 a numbered 付帯意見
    END = "end"  # 「以上」


@dataclass(frozen=True)
class ToshinParagraph:
    kind: ParagraphKind
    text: str


@dataclass
class ToshinDocument:
    """What the 答申書 says, independent of how it is laid out."""

    number: str  # 「みなと川市個人情報保護審査会答申第1号」
    date: str  # 「令和7年10月21日」
    addressee: str  # 「みなと川市長 様」
    sender: list[str]  # board name, then 「会長 榊原」
    title: str
    paragraphs: list[ToshinParagraph] = field(default_factory=list)
    agenda_item_id: int | None = None

    def lines(self) -> list[str]:
        """Every line in reading order (for plain-text checks and previews)."""
        head = [self.number, self.date, self.addressee, *self.sender, self.title]
        return head + [p.text for p in self.paragraphs]


# -- which 答申, and may it be written --------------------------------------------------------


def agenda_item_by_number(bundle: MeetingBundle, number: int) -> int:
    """The id of the agenda item shown as 議題 `number` (1, 2, … in the meeting's order)."""
    for item in bundle.agenda:
        if item.seq == number and item.id is not None:
            return item.id
    known = "、".join(str(i.seq) for i in bundle.agenda) or "なし"
    raise NotFoundError(f"議題 {number} はこの会議にありません(この会議の議題: {known})")


def _issuable(toshin: Toshin) -> bool:
    return toshin.is_frozen and toshin.result not in (RESULT_CONTINUED, RESULT_REJECTED)


def _choose_item(bundle: MeetingBundle, agenda_item_id: int | None) -> AgendaItem:
    if agenda_item_id is not None:
        for item in bundle.agenda:
            if item.id == agenda_item_id:
                return item
        raise NotFoundError(f"議題 {agenda_item_id} はこの会議にありません")
    with_toshin = [item for item in bundle.agenda if item.id in bundle.toshins]
    if not with_toshin:
        raise UserError(f"{NOT_CONFIRMED}(この会議の議題にはまだ答申がありません)")
    if len(with_toshin) == 1:
        return with_toshin[0]
    issuable = [item for item in with_toshin if _issuable(bundle.toshins[item.id or 0])]
    if len(issuable) == 1:
        return issuable[0]
    numbers = "、".join(str(item.seq) for item in (issuable or with_toshin))
    raise UserError(f"答申のある議題が複数あります。議題を指定してください(議題 {numbers})")


def _refuse_unless_issuable(toshin: Toshin | None) -> Toshin:
    if toshin is None or not toshin.is_frozen:
        raise UserError(f"{NOT_CONFIRMED}。答申画面で会長の確認を経て確定してください")
    if toshin.result == RESULT_CONTINUED or toshin.template == ToshinTemplate.CONTINUED:
        raise UserError("この議題は継続審議となったため、答申書は作成できません")
    if toshin.result == RESULT_REJECTED:
        raise UserError("答申案が否決されたため、答申書は作成できません")
    if not is_intact(toshin):
        # The text no longer matches what was confirmed: printing it would put words in the
        # board's mouth that it never agreed to.
        raise UserError(
            "答申の文言が確定時の記録と一致しません(確定後に書き換えられています)。"
            "答申画面で内容を確認し、理由を記入してロックを解除したうえで確定し直してください"
        )
    return toshin


# -- the parts --------------------------------------------------------------------------------


def _moment(iso: str | None) -> dt.datetime:
    """Confirmation times compare as instants; one without an offset is local time."""
    try:
        moment = dt.datetime.fromisoformat(iso or "")
    except ValueError:
        return dt.datetime.max.replace(tzinfo=dt.UTC)
    return moment if moment.tzinfo else moment.astimezone()


def _ordinal(bundle: MeetingBundle, toshin: Toshin, store: Store | None) -> int:
    """{n}: this 答申's place among the board's issued 答申, by confirmation time.

    The whole board needs the database; without `store` only this meeting is counted."""
    issued: list[tuple[str | None, int]]
    if store is not None and bundle.board.id is not None:
        rows = store.query(
            "select t.id, t.confirmed_at, t.result, t.template from toshins t"
            " join agenda_items a on a.id = t.agenda_item_id"
            " join meetings m on m.id = a.meeting_id"
            " where m.board_id = ? and t.confirmed_at is not null",
            (bundle.board.id,),
        )
        issued = [
            (row["confirmed_at"], int(row["id"]))
            for row in rows
            if row["result"] not in (RESULT_CONTINUED, RESULT_REJECTED)
            and row["template"] != ToshinTemplate.CONTINUED
        ]
    else:
        issued = [(t.confirmed_at, t.id or 0) for t in bundle.toshins.values() if _issuable(t)]
    issued.sort(key=lambda pair: (_moment(pair[0]), pair[1]))
    ids = [toshin_id for _, toshin_id in issued]
    return ids.index(toshin.id) + 1 if toshin.id in ids else len(ids) + 1


def _number(bundle: MeetingBundle, toshin: Toshin, store: Store | None) -> str:
    if toshin.number.strip():
        return toshin.number.strip()
    # Given before 答申番号 were stored at confirmation: counted as then.
    return format_toshin_number(bundle.board, _ordinal(bundle, toshin, store))


def _derived_addressee(board_name: str) -> str:
    match = _MUNICIPALITY.match(board_name.strip())
    if not match:
        return ""
    body = match.group(1)
    return f"{body}知事" if body[-1] in "都道府県" else f"{body}長"


def _addressee(board: Board) -> str:
    name = board.toshin_addressee.strip() or _derived_addressee(board.name)
    if not name:
        raise UserError(
            "答申書の宛先(諮問した機関)が決まりません。"
            "審査会の設定で答申書の宛先(例: 北九州市長)を入力してください"
        )
    if name.endswith((HONORIFIC, "殿")):
        return name
    return f"{name} {HONORIFIC}"


def _sender(bundle: MeetingBundle) -> list[str]:
    """The board, then its chair: from the meeting's roll, else from the members in office."""
    lines = [bundle.board.name]
    chair = next(
        (p for p in bundle.attendance if p.side == Side.MEMBER and p.title == CHAIR_ROLE), None
    )
    if chair is not None and chair.name:
        lines.append(f"{chair.title} {chair.name}")
    else:
        member = next((m for m in bundle.members_in_office if m.role == CHAIR_ROLE), None)
        if member is not None and member.name:
            lines.append(f"{CHAIR_ROLE} {member.name}")
    return lines


def _inquiry(item: AgendaItem) -> str:
    """「令和7年9月1日付け諮問第12号で」: the 諮問 as the agenda item records it. The meeting's
    date is not the 諮問's, so a 諮問 without its date is cited by number alone."""
    number = item.inquiry_number.strip()
    date = ""
    if item.inquiry_date:
        date = wareki.format_stored_date(item.inquiry_date, with_weekday=False)
        date += "付け"
    return f"{date}{number}で" if number else (f"{date}で" if date else "")


def _meeting_day(bundle: MeetingBundle) -> dt.date:
    if not bundle.meeting.date:
        raise UserError("会議の日付が入力されていません。会議情報で開催日を入力してください")
    try:
        return dt.date.fromisoformat(bundle.meeting.date)
    except ValueError:
        raise UserError(
            f"会議の日付を読めません: {bundle.meeting.date}。会議情報で開催日を入力し直してください"
        ) from None


def _issue_day(toshin: Toshin, bundle: MeetingBundle) -> dt.date:
    if toshin.issued_on:
        try:
            return wareki.parse_date(toshin.issued_on)
        except wareki.DateInputError as exc:
            raise UserError(f"答申日を読めません: {exc}") from None
    return _meeting_day(bundle)


def build_toshin_document(
    bundle: MeetingBundle, agenda_item_id: int | None = None, *, store: Store | None = None
) -> ToshinDocument:
    """The 答申書 of one agenda item's confirmed 答申 (the only one with a 答申 when
    `agenda_item_id` is None). `store` lets the number count the board's earlier 答申.

    Refused (UserError, Japanese) when the 答申 is not confirmed, is 継続審議 or 否決, or its
    wording no longer matches the hash taken at confirmation."""
    item = _choose_item(bundle, agenda_item_id)
    toshin = _refuse_unless_issuable(bundle.toshins.get(item.id or 0))
    assessment = bundle.assessment_of(item)
    meeting_day = _meeting_day(bundle)

    kind = f"({assessment.kind}評価書)" if assessment and assessment.kind else ""
    title = f"特定個人情報保護評価書{kind}に係る第三者点検について(答申)"
    subject = fill("{事務名}", bundle.board, item, assessment)
    lead = (
        f"{_inquiry(item)}諮問のあった{subject}に係る"
        "特定個人情報保護評価書について、次のとおり答申する。"
    )

    paragraphs = [ToshinParagraph(ParagraphKind.LEAD, lead)]
    section = 0

    def heading(text: str) -> None:
        nonlocal section
        section += 1
        paragraphs.append(ToshinParagraph(ParagraphKind.HEADING, f"{section} {text}"))

    heading("審査会の結論")
    paragraphs.append(ToshinParagraph(ParagraphKind.BODY, toshin.wording))
    riders = toshin.rider_list
    if riders:
        # 条件付き (C) lists 修正を求める事項, not 付帯意見: the template says which.
        heading(templates().get(toshin.template, {}).get("riders_heading") or RIDERS_HEADING)
        paragraphs.extend(
            ToshinParagraph(ParagraphKind.ITEM, f"({i}){text}")
            for i, text in enumerate(riders, start=1)
        )
    heading("審査の経過")
    number = f"第{bundle.meeting.number}回 " if bundle.meeting.number else ""
    paragraphs.append(
        ToshinParagraph(ParagraphKind.BODY, f"{number}{wareki.format_date(meeting_day)} 第三者点検")
    )
    paragraphs.append(ToshinParagraph(ParagraphKind.END, "以上"))

    return ToshinDocument(
        number=_number(bundle, toshin, store),
        date=wareki.format_date(_issue_day(toshin, bundle), with_weekday=False),
        addressee=_addressee(bundle.board),
        sender=_sender(bundle),
        title=title,
        paragraphs=paragraphs,
        agenda_item_id=item.id,
    )


# -- the Word file ----------------------------------------------------------------------------

TOSHIN_SIZE_PT = 12  # 公用文: A4 横書き 12 ポイント
CHAR_PT = TOSHIN_SIZE_PT  # one full-width character, for indents
_ITEM_MARKER = re.compile(r"^(\(\d+\))")


# The paragraph styles of the 答申書, so that a secretariat can restyle it in Word.
STYLE_NUMBER = "答申書 番号・日付"
STYLE_ADDRESSEE = "答申書 宛先"
STYLE_SENDER = "答申書 差出人"
STYLE_TITLE = "答申書 件名"
STYLE_LEAD = "答申書 前文"
STYLE_HEADING = "答申書 見出し"
STYLE_BODY = "答申書 本文"
STYLE_ITEM = "答申書 項目"
STYLE_END = "答申書 結び"


def _toshin_styles(document: DocxDocument) -> dict[str, Any]:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from pia_meeting.export.docx_base import named_style

    def make(
        *,
        align: Any = None,
        before: float = 0,
        after: float = 0,
        left: float = 0,
        first: float = 0,
        bold: bool = False,
    ) -> Any:
        def setup(style: Any) -> None:
            fmt = style.paragraph_format
            if align is not None:
                fmt.alignment = align
            if before:
                fmt.space_before = Pt(before)
            if after:
                fmt.space_after = Pt(after)
            if left:
                fmt.left_indent = Pt(left)
            if first:
                fmt.first_line_indent = Pt(first)
            if bold:
                style.font.bold = True

        return setup

    right, centre = WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.CENTER
    specs = {
        # name: how it is set up when the document has no style of that name
        STYLE_NUMBER: make(align=right),
        STYLE_ADDRESSEE: make(before=2 * CHAR_PT),
        STYLE_SENDER: make(align=right),
        STYLE_TITLE: make(align=centre, before=3 * CHAR_PT, after=2 * CHAR_PT, bold=True),
        STYLE_LEAD: make(first=CHAR_PT),
        STYLE_HEADING: make(before=CHAR_PT),
        STYLE_BODY: make(left=CHAR_PT, first=CHAR_PT),
        # 「(1)」 hangs in front of the text; wrapped lines start under the text.
        STYLE_ITEM: make(left=2.5 * CHAR_PT, first=-1.5 * CHAR_PT),
        STYLE_END: make(align=right, before=CHAR_PT),
    }
    return {name: named_style(document, name, setup) for name, setup in specs.items()}


_KIND_STYLE = {
    ParagraphKind.LEAD: STYLE_LEAD,
    ParagraphKind.HEADING: STYLE_HEADING,
    ParagraphKind.BODY: STYLE_BODY,
    ParagraphKind.ITEM: STYLE_ITEM,
    ParagraphKind.END: STYLE_END,
}


def render_toshin_docx(doc: ToshinDocument) -> DocxDocument:
    from docx.shared import Pt

    from pia_meeting.export.docx_base import LANG, base_document, clean_text

    document = base_document()  # A4 portrait, Japanese fonts, 「- 1 -」 page numbers
    document.styles["Normal"].font.size = Pt(TOSHIN_SIZE_PT)
    styles = _toshin_styles(document)

    props = document.core_properties
    props.title = doc.title
    props.subject = "答申書"
    props.author = props.last_modified_by = doc.sender[0] if doc.sender else ""
    props.comments = ""
    props.language = LANG
    props.created = props.modified = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props.revision = 1

    def add(text: str, style: str, *, before: float = 0) -> None:
        paragraph = document.add_paragraph(clean_text(text), style=styles[style])
        if before:
            paragraph.paragraph_format.space_before = Pt(before)

    add(doc.number, STYLE_NUMBER)
    add(doc.date, STYLE_NUMBER)
    add(doc.addressee, STYLE_ADDRESSEE)
    for index, line in enumerate(doc.sender):
        add(line, STYLE_SENDER, before=2 * CHAR_PT if index == 0 else 0)
    add(doc.title, STYLE_TITLE)

    for part in doc.paragraphs:
        style = styles[_KIND_STYLE[part.kind]]
        marker = _ITEM_MARKER.match(part.text) if part.kind == ParagraphKind.ITEM else None
        if marker:
            # A tab after 「(1)」 lands on the hanging indent whatever the width of the
            # half-width characters in the font that ends up being used.
            paragraph = document.add_paragraph(marker.group(1), style=style)
            paragraph.add_run().add_tab()
            paragraph.add_run(clean_text(part.text[marker.end() :]))
        else:
            document.add_paragraph(clean_text(part.text), style=style)
    return document


def export_toshin(
    bundle: MeetingBundle,
    *,
    agenda_item_id: int | None = None,
    out: str | Path | None = None,
    folder: Path = DEFAULT_FOLDER,
    force: bool = False,
    store: Store | None = None,
) -> Path:
    """Write the 答申書 of `bundle` and return where it went.

    Without `out`, the file is `folder/第15回_2021-11-09_答申書.docx` (with 「_議題2」 when
    more than one agenda item has a 答申); an `out` that is an existing folder receives that
    name. Atomic, mode 0600, and an existing file is refused (UserError) unless `force`.
    Nothing is written when the 答申 cannot be issued (see `build_toshin_document`).
    """
    doc = build_toshin_document(bundle, agenda_item_id, store=store)
    name = default_export_name(bundle.meeting, KIND_TOSHIN, "docx")
    if len([item for item in bundle.agenda if item.id in bundle.toshins]) > 1:
        seq = next(item.seq for item in bundle.agenda if item.id == doc.agenda_item_id)
        name = name.removesuffix(".docx") + f"_議題{seq}.docx"  # one 答申書 per item
    target = resolve_target(name, out, folder)
    refuse_existing(target, force=force)  # before the work of rendering
    document = render_toshin_docx(doc)

    # Made in memory, then written at once: a disk that fills up half-way then fails one
    # plain write, not the zip library in the middle of its work (which leaves a half-made
    # archive behind that complains when it is collected).
    data = io.BytesIO()
    document.save(data)

    def save(handle: BinaryIO) -> None:
        handle.write(data.getbuffer())

    return write_atomically(target, save, force=force)
