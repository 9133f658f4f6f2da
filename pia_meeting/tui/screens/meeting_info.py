"""2 会議情報: the header of the minutes and the agenda items with the 評価書 under review."""

from __future__ import annotations

import json
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Input, Label, TextArea

from pia_meeting.core import validation, wareki
from pia_meeting.core.errors import UserError, ValidationError
from pia_meeting.core.model import (
    AgendaItem,
    Assessment,
    AssessmentKind,
    Meeting,
    Openness,
    RecordStyle,
)
from pia_meeting.core.numbering import parse_number
from pia_meeting.core.pages import format_outline, parse_outline
from pia_meeting.core.text import parse_count
from pia_meeting.services.meetings import rename_or_move_board, usual_times
from pia_meeting.tui.screens.base import StepScreen, meeting_caption
from pia_meeting.tui.screens.confirm import ConfirmScreen
from pia_meeting.tui.session import MeetingSession
from pia_meeting.tui.widgets.field import Field
from pia_meeting.tui.widgets.japanese import Select
from pia_meeting.tui.widgets.row_table import RowTable
from pia_meeting.tui.widgets.step_bar import StepBar

MEETING_FIELDS = (
    "board",
    "number",
    "title",
    "date",
    "start_time",
    "end_time",
    "place",
    "observers",
    "signers",
)
ITEM_FIELDS = (
    "item_title",
    "item_heading",
    "closed_reason",
    "inquiry_number",
    "inquiry_date",
    "assessment_name",
    "page_count",
    "assessment_version",
    "outline",
    "item_category",
)


ASSESSMENT_WIDTH = 22  # cells of the 評価書 column (its 事務名, cut with …)


def _cut(text: str, width: int = ASSESSMENT_WIDTH) -> Text:
    """`text` in at most `width` cells, ending in … when cut."""
    shown = Text(text, no_wrap=True)
    shown.truncate(width, overflow="ellipsis")
    return shown


class MeetingInfoScreen(StepScreen):
    CSS_PATH = "../styles/meeting_info.tcss"
    step = 2
    WRITE_ACTIONS = frozenset({"add_item", "delete_item", "board"})
    help_title = "会議情報のキー操作"
    help_text = (
        "各欄は Enter で次の欄へ進み、その場で保存されます。誤りがあれば欄の下に表示され、"
        "保存済みの内容は変わりません。"
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "add_item", "議題を追加", id="agenda_add", key_display="Ctrl+N"),
        Binding("ctrl+b", "board", "審査会の設定", id="board_settings", key_display="Ctrl+B"),
        Binding("delete", "delete_item", "議題を削除", id="agenda_delete", key_display="Del"),
    ]

    def __init__(self, session: MeetingSession) -> None:
        super().__init__(session)
        self.meeting: Meeting = self.store.get_meeting(self.session.meeting_id)
        self.board = self.store.get_board(self.meeting.board_id or 0)
        self.items: list[AgendaItem] = self.store.agenda(self.meeting.id or 0)
        self.item_index = 0
        self._refused: dict[str, str] = {}  # field → why what is typed there is not saved

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        m = self.meeting
        yield StepBar(self.step, meeting_caption(m))
        with VerticalScroll(id="form"):
            yield Label("会議", classes="section-title")
            with Horizontal(classes="row"):
                yield Field("審査会名", self.board.name, field_id="board")
                yield Field(
                    "回",
                    str(m.number or ""),
                    field_id="number",
                    placeholder="例: 15、令和元年度第2回",
                )
            yield Field("会議名", m.title, field_id="title")
            with Horizontal(classes="row"):
                yield Field(
                    "開催日",
                    m.date or "",
                    field_id="date",
                    placeholder="2021-11-09 / 令和3年11月9日",
                )
                start, end = usual_times(self.store, m)
                yield Field(
                    "開始",
                    m.start_time or "",
                    field_id="start_time",
                    placeholder=f"前回 {start}" if start else "",
                )
                yield Field(
                    "終了",
                    m.end_time or "",
                    field_id="end_time",
                    placeholder=f"前回 {end}" if end else "",
                )
            with Horizontal(classes="row"):
                yield Field("場所", m.place, field_id="place")
                yield Field(
                    "傍聴人数",
                    "" if m.observers is None else str(m.observers),
                    field_id="observers",
                    placeholder="空欄: 記載しない",
                )
            with Horizontal(classes="row"):
                with Vertical(classes="field select-field"):
                    yield Label("公開区分", classes="field-label")
                    yield Select(
                        [(o.value, o.value) for o in Openness],
                        value=m.openness,
                        allow_blank=False,
                        compact=True,
                        id="openness",
                    )
                with Vertical(classes="field select-field"):
                    yield Label("記録方式", classes="field-label")
                    yield Select(
                        [(r.value, r.value) for r in RecordStyle],
                        value=m.record_style,
                        allow_blank=False,
                        compact=True,
                        id="record_style",
                    )
            yield Label("議題 (Ctrl+N 追加 / 一覧で Del 削除)", classes="section-title")
            yield RowTable(id="agenda", cursor_type="row")
            yield Field("議題名", field_id="item_title")
            yield Field("本文の見出し(空欄なら「事務名について」)", field_id="item_heading")
            with Horizontal(classes="row"):
                with Vertical(classes="field select-field"):
                    yield Label("公開/非公開", classes="field-label")
                    yield Select(
                        [("公開", 1), ("非公開", 0)], value=1, allow_blank=False, id="item_public"
                    )
                yield Field("非公開の理由", field_id="closed_reason")
            with Horizontal(classes="row"):
                yield Field("諮問番号", field_id="inquiry_number", placeholder="例: 諮問第73号")
                yield Field("諮問日", field_id="inquiry_date", placeholder="例: 令和3年10月1日")
            yield Label("評価書", classes="section-title")
            yield Field(
                "事務名", field_id="assessment_name", placeholder="例: 住民基本台帳に関する事務"
            )
            with Horizontal(classes="row"):
                with Vertical(classes="field select-field"):
                    yield Label("種別", classes="field-label")
                    yield Select(
                        [(f"{k.value}評価書", k.value) for k in AssessmentKind],
                        value=AssessmentKind.FULL.value,
                        allow_blank=False,
                        compact=True,
                        id="assessment_kind",
                    )
                yield Field("ページ数", field_id="page_count", placeholder="例: 78")
                yield Field(
                    "版", field_id="assessment_version", placeholder="例: パブリックコメント後"
                )
            yield Field(
                "章の開始ページ (ページのタグに章名を付けます)",
                field_id="outline",
                placeholder="例: Ⅰ=2 Ⅱ=8 Ⅲ=54 Ⅳ=75 Ⅴ=77 Ⅵ=78",
            )
            yield Field(
                "議題の分類 (審議事項・報告事項など。書式が使うときに表示)",
                field_id="item_category",
            )
            yield Label("議事録の見出しに載せるもの", classes="section-title")
            yield Label("会議資料 (1行に1点。Tab で次へ)", classes="field-label")
            yield TextArea(m.materials, id="materials", soft_wrap=True, tab_behavior="focus")
            yield Field("議事録署名人", m.signers, field_id="signers", placeholder="例: 木暮委員")
        yield Footer(show_command_palette=False)  # the palette key is in the help

    def on_mount(self) -> None:
        table = self.query_one("#agenda", DataTable)
        # The short columns first: the long 議題 is last, and the one cut at 80 columns.
        table.add_column("#")
        table.add_column("公開", width=6)
        table.add_column("評価書", width=ASSESSMENT_WIDTH)
        table.add_column("議題")
        self._refresh_agenda()
        self._show_hints()
        self.query_one("#board", Input).focus()

    def action_board(self) -> None:
        from pia_meeting.tui.screens.board import BoardScreen

        self.flush()
        self.app.push_screen(BoardScreen(self.store, self.meeting.board_id or 0, self.meeting.id))

    def on_screen_resume(self) -> None:
        self.board = self.store.get_board(self.meeting.board_id or 0)
        self.query_one("#board", Input).value = self.board.name

    # -- agenda ---------------------------------------------------------------------------

    @property
    def item(self) -> AgendaItem | None:
        return self.items[self.item_index] if self.items else None

    def _assessment(self, item: AgendaItem | None) -> Assessment | None:
        if item is None or not item.assessment_id:
            return None
        return self.store.get_assessment(item.assessment_id)

    def _refresh_agenda(self) -> None:
        table = self.query_one("#agenda", DataTable)
        table.clear()
        for index, item in enumerate(self.items, start=1):
            assessment = self._assessment(item)
            table.add_row(
                str(index),
                "公開" if item.is_public else "非公開",
                _cut(assessment.name if assessment else ""),
                Text(item.title),
                key=str(item.id),
            )
        if self.items:
            table.move_cursor(row=self.item_index)
        self._load_item_form()

    def _load_item_form(self) -> None:
        item = self.item
        assessment = self._assessment(item)
        values = {
            "item_title": item.title if item else "",
            "item_heading": item.heading if item else "",
            "closed_reason": item.closed_reason if item else "",
            "inquiry_number": item.inquiry_number if item else "",
            "inquiry_date": item.inquiry_date or "" if item else "",
            "assessment_name": assessment.name if assessment else "",
            "page_count": str(assessment.page_count or "") if assessment else "",
            "assessment_version": assessment.version if assessment else "",
            "outline": format_outline(json.loads(assessment.outline or "{}"), assessment.kind)
            if assessment
            else "",
            "item_category": item.category if item else "",
        }
        for field_id, value in values.items():
            self.query_one(f"#{field_id}", Input).value = value
            self._show_error(field_id, "")
        with self.prevent(Select.Changed):
            self.query_one("#item_public", Select).value = item.is_public if item else 1
            self.query_one("#assessment_kind", Select).value = (
                assessment.kind if assessment else AssessmentKind.FULL.value
            )
        for field_id in ITEM_FIELDS:
            self.query_one(f"#{field_id}", Input).disabled = item is None
        self._show_inquiry_hint()

    @on(DataTable.RowHighlighted, "#agenda")
    def _item_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row != self.item_index and 0 <= event.cursor_row < len(self.items):
            self.item_index = event.cursor_row
            self._load_item_form()

    def action_add_item(self) -> None:
        try:
            item = self.store.add_agenda_item(
                AgendaItem(meeting_id=self.meeting.id, title="新しい議題")
            )
        except UserError as exc:
            self.notify(str(exc), severity="error")
            return
        self.items.append(item)
        self.item_index = len(self.items) - 1
        self._refresh_agenda()
        title = self.query_one("#item_title", Input)
        title.focus()
        title.action_select_all()

    def action_delete_item(self) -> None:
        item = self.item
        if item is None or self.focused is not self.query_one("#agenda", DataTable):
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.store.delete_agenda_item(item.id or 0)
            except UserError as exc:
                self.notify(str(exc), severity="error")
                return
            self.items.remove(item)
            self.item_index = max(0, self.item_index - 1)
            self._refresh_agenda()

        self.app.push_screen(
            ConfirmScreen(f"議題「{item.title}」を削除しますか?", destructive=True), answered
        )

    # -- saving ---------------------------------------------------------------------------

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if self._save(event.input.id or ""):
            self.focus_next()

    @on(Input.Blurred)
    def _blurred(self, event: Input.Blurred) -> None:
        self._save(event.input.id or "")

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        self._save(event.select.id or "")

    @on(events.DescendantBlur, "#materials")
    def _materials_left(self) -> None:
        self._save("materials")

    def flush(self) -> None:
        for field_id in (*MEETING_FIELDS, *ITEM_FIELDS, "materials"):
            self._save(field_id, quiet=True)

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value

    def _iso_date(self, field_id: str) -> str | None:
        """The date typed in the field (西暦 or 和暦), as stored; None when left empty."""
        return validation.iso_date(self._value(field_id), field_id)

    def _save(self, field_id: str, *, quiet: bool = False) -> bool:
        """Save one field. Returns False (and shows why at the field) when it is invalid."""
        if self.read_only:
            return True
        try:
            if field_id in MEETING_FIELDS or field_id in ("openness", "record_style", "materials"):
                self._save_meeting_field(field_id)
            elif field_id in ITEM_FIELDS or field_id in ("item_public", "assessment_kind"):
                self._save_item_field(field_id)
            else:
                return True
        except ValidationError as exc:
            target = exc.field if exc.field in (*MEETING_FIELDS, *ITEM_FIELDS) else field_id
            if exc.field == "agenda_title":
                target = "item_title"
            self._show_error(target, exc.message)
            return False
        except UserError as exc:
            if not quiet:
                self.notify(str(exc), severity="error")
            return False
        self._show_error(field_id, "")
        self._show_hints()
        return True

    def _show_error(self, field_id: str, message: str) -> None:
        fields = self.query(f"#field-{field_id}")
        if fields:
            fields.first(Field).show_error(message)
        if message:
            self._refused[field_id] = message
        else:
            self._refused.pop(field_id, None)

    def refused_input(self) -> str | None:
        for field_id, message in self._refused.items():
            self.query_one(f"#{field_id}", Input).focus()
            return f"保存できない入力があります: {message}"
        return None

    def _show_hints(self) -> None:
        hint = wareki.format_stored_date(self.meeting.date)
        self.query_one("#field-date", Field).show_hint(hint)
        self._show_inquiry_hint()
        self.query_one(StepBar).update(
            StepBar._render_steps(self.step, meeting_caption(self.meeting))
        )

    def _show_inquiry_hint(self) -> None:
        # As the 答申書 cites it: 「令和7年9月1日付け諮問第12号で諮問のあった…」.
        item = self.item
        hint = ""
        if item is not None and item.inquiry_date:
            day = wareki.format_stored_date(item.inquiry_date, with_weekday=False)
            hint = f"{day}付け{item.inquiry_number}で諮問"
        self.query_one("#field-inquiry_date", Field).show_hint(hint)

    def _save_meeting_field(self, field_id: str) -> None:
        current = self.meeting
        updated = Meeting(**vars(current))
        if field_id == "board":
            self._rename_or_move_board(self._value("board").strip())
            return
        elif field_id == "number":
            updated.number = parse_number(self._value("number"), current.date)
            self.query_one("#number", Input).value = str(updated.number)
        elif field_id == "title":
            title = self._value("title").strip()
            if not title:
                raise ValidationError("title", "会議名を入力してください")
            updated.title = title
        elif field_id == "date":
            updated.date = self._iso_date("date")
        elif field_id in ("start_time", "end_time"):
            setattr(updated, field_id, validation.hh_mm(self._value(field_id), field_id))
        elif field_id in ("place", "signers", "materials", "observers"):
            self._text_field(field_id, updated)
        elif field_id == "openness":
            updated.openness = str(self.query_one("#openness", Select).value)
        elif field_id == "record_style":
            updated.record_style = str(self.query_one("#record_style", Select).value)
        if vars(updated) == vars(current):
            return
        self.store.update_meeting(updated)
        self.meeting = updated
        if field_id == "board":
            self.board = self.store.get_board(updated.board_id or 0)
        if field_id in ("start_time", "end_time", "date"):
            # Show the normalised form (「9:5」 → 「09:05」) once it is saved.
            value = getattr(updated, field_id) or ""
            self.query_one(f"#{field_id}", Input).value = value

    def _text_field(self, field_id: str, updated: Meeting) -> None:
        if field_id == "observers":
            updated.observers = validation.observers(self._value("observers"))
        elif field_id == "materials":
            text = self.query_one("#materials", TextArea).text
            updated.materials = "\n".join(line.rstrip() for line in text.strip().splitlines())
        else:
            setattr(updated, field_id, self._value(field_id).strip())

    def _rename_or_move_board(self, name: str) -> None:
        done = rename_or_move_board(self.store, self.meeting, self.board, name)
        if done:
            self.meeting = self.store.get_meeting(self.meeting.id or 0)
            self.board = self.store.get_board(self.meeting.board_id or 0)
            self.notify(done)

    def _save_item_field(self, field_id: str) -> None:
        item = self.item
        if item is None:
            return
        updated = AgendaItem(**vars(item))
        assessment = self._assessment(item)
        if field_id == "item_title":
            updated.title = self._value("item_title").strip()
        elif field_id == "item_heading":
            updated.heading = self._value("item_heading").strip()
        elif field_id == "closed_reason":
            updated.closed_reason = self._value("closed_reason").strip()
        elif field_id == "inquiry_number":
            number = self._value("inquiry_number").strip()
            # A bare number (「73」) is the usual 諮問第73号: the 答申書 cites it so.
            count = parse_count(number)
            updated.inquiry_number = f"諮問第{count}号" if count is not None else number
            if updated.inquiry_number != number:
                self.query_one("#inquiry_number", Input).value = updated.inquiry_number
        elif field_id == "inquiry_date":
            updated.inquiry_date = self._iso_date("inquiry_date")
        elif field_id == "item_category":
            updated.category = self._value("item_category").strip()
        elif field_id == "item_public":
            updated.is_public = int(self.query_one("#item_public", Select).value)  # type: ignore[arg-type]
            if not updated.is_public and not updated.closed_reason:
                updated.closed_reason = self._value("closed_reason").strip() or (
                    "審査会の規定により非公開"
                )
                self.query_one("#closed_reason", Input).value = updated.closed_reason
        else:
            self._save_assessment_field(field_id, updated, assessment)
        if vars(updated) != vars(item):
            self.store.update_agenda_item(updated)
            self.items[self.item_index] = updated
            if field_id == "inquiry_date":  # shown as stored (「R7.9.1」 → 「2025-09-01」)
                self.query_one("#inquiry_date", Input).value = updated.inquiry_date or ""
            row = self.query_one("#agenda", DataTable)
            if row.row_count > self.item_index:
                row.update_cell_at((self.item_index, 3), Text(updated.title))
                row.update_cell_at((self.item_index, 1), "公開" if updated.is_public else "非公開")

    def _save_assessment_field(
        self, field_id: str, item: AgendaItem, assessment: Assessment | None
    ) -> None:
        original = vars(assessment).copy() if assessment else None
        assessment = assessment or Assessment()
        if field_id == "assessment_name":
            assessment.name = self._value("assessment_name").strip()
        elif field_id == "page_count":
            text = self._value("page_count").strip()
            assessment.page_count = (
                validation.count(
                    text, "page_count", "ページ数は1以上の数字で入力してください", minimum=1
                )
                if text
                else None
            )
        elif field_id == "assessment_version":
            assessment.version = self._value("assessment_version").strip()
        elif field_id == "outline":
            starts = parse_outline(self._value("outline"), assessment.kind)
            assessment.outline = json.dumps(starts, ensure_ascii=False)
        elif field_id == "assessment_kind":
            assessment.kind = str(self.query_one("#assessment_kind", Select).value)
        if original == vars(assessment) or (
            original is None
            and not (assessment.name or assessment.page_count or assessment.version)
        ):
            return
        self.store.save_assessment(assessment)
        item.assessment_id = assessment.id
        table = self.query_one("#agenda", DataTable)
        if table.row_count > self.item_index:
            table.update_cell_at((self.item_index, 2), _cut(assessment.name))
