"""審査会の設定: name, quorum and label rules, the minutes style (書式) with a live preview of
the current meeting's first page, the Word template, how meetings are numbered, the 答申書
addressee and numbering, and the members in office. Every field is saved when it is left."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, DataTable, Footer, Input, Label, Static

from pia_meeting.core import clock, labels, styles
from pia_meeting.core.errors import UserError, ValidationError
from pia_meeting.core.model import (
    MEMBER_ROLES,
    Board,
    LabelStyle,
    Meeting,
    MeetingBundle,
    Member,
    Numbering,
    QuorumRule,
)
from pia_meeting.core.wareki import DateInputError, fiscal_year, parse_date
from pia_meeting.export.minutes import build_minutes
from pia_meeting.export.text_writer import render_text
from pia_meeting.services import styles as style_service
from pia_meeting.store.facade import Store
from pia_meeting.tui.screens.confirm import ConfirmScreen
from pia_meeting.tui.widgets.field import Field
from pia_meeting.tui.widgets.japanese import Select

LABEL_STYLES = [
    ("(審査会委員)(戸籍住民課) 役職・課名", LabelStyle.DEPARTMENT.value),
    ("【時枝会長】【事務局花本】 氏名+役職", LabelStyle.NAME_ROLE.value),
    ("(時枝会長)(菊竹係長) 氏名", LabelStyle.NAME.value),
    ("〇会長 〇委員 〇事務局 〇実施機関", LabelStyle.MARU.value),
    ("(委員A)(委員B) 記号", LabelStyle.LETTERS.value),
]
BOARD_FIELDS = (
    "board_name",
    "member_label",
    "word_template",
    "toshin_addressee",
    "toshin_number_format",
    "closed_reason_default",
)
PREVIEW_LINES = 40  # the first page, give or take: what the preview shows
MEMBER_FIELDS = ("member_name", "member_from", "member_to")


def _this_fiscal_year() -> str:
    """The first day of this 年度, as a 任期開始 is usually typed."""
    today = dt.date.fromisoformat(clock.now_iso()[:10])
    return f"{fiscal_year(today)}-04-01"


class BoardScreen(Screen[None]):
    CSS_PATH = "../styles/board.tcss"
    help_title = "審査会の設定のキー操作"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "戻る", id="board_close", key_display="Esc"),
        Binding("f1", "app.help", "ヘルプ", id="board_help", key_display="F1"),
        Binding("ctrl+n", "new_member", "委員を追加", id="board_member_new", key_display="Ctrl+N"),
        Binding(
            "ctrl+s", "save_member", "委員を保存", id="board_member_save", key_display="Ctrl+S"
        ),
        Binding(
            "delete", "delete_member", "委員を削除", id="board_member_delete", key_display="Del"
        ),
    ]

    def __init__(self, store: Store, board_id: int, meeting_id: int | None = None) -> None:
        super().__init__()
        self.store = store
        self.board: Board = store.get_board(board_id)
        self.members: list[Member] = store.members(board_id)
        self.editing: Member | None = None
        self.meeting_id = meeting_id
        self.catalogue = style_service.catalogue(store)

    def compose(self) -> ComposeResult:
        b = self.board
        with VerticalScroll(id="form"):
            yield Label("審査会の設定", classes="section-title")
            yield Field("審査会名", b.name, field_id="board_name")
            yield Label("議事録の書式 (下は現在の会議の1ページ目)", classes="section-title")
            with Vertical(classes="field select-field"):
                yield Label("書式", classes="field-label")
                yield Select(
                    [(entry.style.display, entry.name) for entry in self.catalogue],
                    value=self._style_name(),
                    allow_blank=False,
                    compact=True,
                    id="minutes_style",
                )
            yield Label("", id="style-note", classes="field-hint", markup=False)
            with VerticalScroll(id="style-preview-box"):
                yield Static("", id="style-preview", markup=False)
            with Horizontal(classes="row"):
                with Vertical(classes="field select-field"):
                    yield Label("定足数", classes="field-label")
                    yield Select(
                        [
                            ("委員の過半数", QuorumRule.MAJORITY.value),
                            ("委員の半数以上", QuorumRule.HALF_OR_MORE.value),
                        ],
                        value=b.quorum_rule,
                        allow_blank=False,
                        compact=True,
                        id="quorum_rule",
                    )
                with Vertical(classes="field select-field"):
                    yield Label("発言者ラベルの形式", classes="field-label")
                    yield Select(
                        LABEL_STYLES,
                        value=b.label_style,
                        allow_blank=False,
                        compact=True,
                        id="label_style",
                    )
            with Horizontal(classes="row"):
                with Vertical(classes="field select-field"):
                    yield Label("回の数え方", classes="field-label")
                    yield Select(
                        [
                            ("通し番号 (第84回)", Numbering.STRAIGHT.value),
                            ("年度ごと (令和5年度第3回)", Numbering.FISCAL_YEAR.value),
                        ],
                        value=b.numbering,
                        allow_blank=False,
                        compact=True,
                        id="numbering",
                    )
                yield Field(
                    "Word の様式 (.docx。空欄なら標準の A4)",
                    b.word_template,
                    field_id="word_template",
                    placeholder="例: C:\\様式\\議事録様式.docx",
                )
            with Horizontal(classes="row", id="anonymise-row"):
                yield Checkbox(
                    "委員を匿名で表記(課名ラベルの書式のみ)",
                    bool(b.anonymise_members),
                    id="anonymise_members",
                )
                yield Field("匿名の委員の表記", b.member_label, field_id="member_label")
            with Horizontal(classes="row"):
                yield Field(
                    "答申書の宛先",
                    b.toshin_addressee,
                    field_id="toshin_addressee",
                    placeholder="例: 北九州市長",
                )
                yield Field(
                    "答申番号の形式", b.toshin_number_format, field_id="toshin_number_format"
                )
            yield Field(
                "非公開部分の既定の文", b.closed_reason_default, field_id="closed_reason_default"
            )
            yield Label(
                "在任中の委員 (Ctrl+N 追加 / 一覧で Enter 編集・Del 削除)", classes="section-title"
            )
            table: DataTable[str | Text] = DataTable(id="members", cursor_type="row")
            yield table
            yield Label("", id="member-form-title", classes="field-label", markup=False)
            with Horizontal(classes="row"):
                yield Field("氏名", field_id="member_name")
                with Vertical(classes="field select-field"):
                    yield Label("役職", classes="field-label")
                    yield Select(
                        [(r, r) for r in MEMBER_ROLES],
                        value="委員",
                        allow_blank=False,
                        compact=True,
                        id="member_role",
                    )
                yield Field(
                    "任期開始", field_id="member_from", placeholder=f"例: {_this_fiscal_year()}"
                )
                yield Field("退任日", field_id="member_to", placeholder="(在任中は空欄)")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#members", DataTable).add_columns("氏名", "役職", "任期開始", "退任日")
        self._refresh_members()
        self.action_new_member()
        self._refresh_preview()
        self.query_one("#board_name", Input).focus()

    # -- the minutes style ----------------------------------------------------------------

    def _style_name(self) -> str:
        names = [entry.name for entry in self.catalogue]
        name = self.board.minutes_style
        return name if name in names else styles.DEFAULT_STYLE

    def _preview_bundle(self) -> MeetingBundle:
        """The current meeting, or the board's latest, or an empty one of this board."""
        meeting_id = self.meeting_id
        if meeting_id is None:
            rows = [r for r in self.store.meetings() if r["board_id"] == self.board.id]
            meeting_id = rows[0]["id"] if rows else None
        if meeting_id is None:
            return MeetingBundle(meeting=Meeting(board_id=self.board.id), board=self.board)
        bundle = self.store.load_bundle(meeting_id)
        bundle.board = self.board
        return bundle

    def _refresh_preview(self) -> None:
        note = ""
        try:
            style = styles.check_board(self.board)
        except UserError as exc:
            style = styles.board_style(self.board)
            note = f"この審査会の書式を読めないため、標準の書式で表示しています: {exc}"
        if self.board.style_overrides.strip():
            note = note or "書式の一部をこの審査会用に変えています(取込の際に検出した違い)。"
        lines = render_text(build_minutes(self._preview_bundle(), style=style)).splitlines()
        self.query_one("#style-preview", Static).update("\n".join(lines[:PREVIEW_LINES]))
        self.query_one("#style-note", Label).update(note)
        self.query_one("#style-note", Label).display = bool(note)
        self._show_anonymising()

    @on(Select.Changed, "#minutes_style")
    def _style_changed(self, event: Select.Changed) -> None:
        name = str(event.value)
        if name == self.board.minutes_style:
            return
        try:
            chosen = style_service.choose_for_board(self.store, self.board, name)
        except UserError as exc:
            self.notify(str(exc), severity="error")
            return
        self.board = chosen
        with self.prevent(Select.Changed):
            self.query_one("#label_style", Select).value = chosen.label_style
        self._refresh_preview()

    def _refresh_members(self, select_id: int | None = None) -> None:
        table = self.query_one("#members", DataTable)
        table.clear()
        for member in self.members:
            table.add_row(
                Text(member.name),
                member.role,
                member.in_office_from or "",
                member.in_office_to or "",
                key=str(member.id),
            )
        if select_id is not None:
            table.move_cursor(row=table.get_row_index(str(select_id)))

    # -- the board ------------------------------------------------------------------------

    def _show_error(self, field_id: str, message: str) -> None:
        found = self.query(f"#field-{field_id}")
        if found:
            found.first(Field).show_error(message)
        elif message:
            self.notify(message, severity="error")

    def _save_board(self, changes: dict[str, object], field_id: str) -> None:
        updated = replace(self.board, **changes)
        if updated == self.board:
            return
        try:
            self.store.update_board(updated)
        except ValidationError as exc:
            self._show_error(field_id, exc.message)
            return
        self.board = updated
        self._show_error(field_id, "")
        self._refresh_preview()

    def _show_anonymising(self) -> None:
        """The 匿名 setting only where the style's labels have it (labels by department)."""
        self.query_one("#anonymise-row").display = labels.anonymising_applies(self.board)

    @on(Input.Blurred)
    @on(Input.Submitted)
    def _input_done(self, event: Input.Blurred | Input.Submitted) -> None:
        field_id = event.input.id or ""
        if field_id not in BOARD_FIELDS:
            if isinstance(event, Input.Submitted) and field_id == "member_to":
                self.action_save_member()
            elif isinstance(event, Input.Submitted):
                self.focus_next()
            return
        value = event.input.value.strip()
        attribute = "name" if field_id == "board_name" else field_id
        if field_id == "word_template" and value:
            value = self._template_path(value)
        self._save_board({attribute: value}, field_id)
        if isinstance(event, Input.Submitted):
            self.focus_next()

    def _template_path(self, value: str) -> str:
        """The template as an absolute path (quotes of a dropped file removed); a file that
        is not there is said at the field, and kept so that it can be corrected."""
        from pathlib import Path

        path = Path(value.strip().strip('"').strip("'")).expanduser()
        path = path if path.is_absolute() else path.resolve()
        if not path.is_file():
            self.notify(f"ファイルが見つかりません: {path}", severity="warning")
        return str(path)

    @on(Select.Changed, "#quorum_rule, #label_style, #numbering")
    def _select_changed(self, event: Select.Changed) -> None:
        self._save_board({event.select.id or "": str(event.value)}, event.select.id or "")

    @on(Checkbox.Changed, "#anonymise_members")
    def _anonymise_changed(self, event: Checkbox.Changed) -> None:
        self._save_board({"anonymise_members": 1 if event.value else 0}, "anonymise_members")

    # -- members --------------------------------------------------------------------------

    def action_new_member(self) -> None:
        self.editing = None
        self.query_one("#member-form-title", Label).update("委員を追加")
        for field_id in MEMBER_FIELDS:
            self.query_one(f"#{field_id}", Input).value = ""
            self._show_error(field_id, "")
        self.query_one("#member_role", Select).value = "委員"

    @on(DataTable.RowSelected, "#members")
    def _edit_member(self, event: DataTable.RowSelected) -> None:
        if not 0 <= event.cursor_row < len(self.members):
            return
        member = self.members[event.cursor_row]
        self.editing = member
        self.query_one("#member-form-title", Label).update(f"編集中: {member.name}")
        self.query_one("#member_name", Input).value = member.name
        self.query_one("#member_role", Select).value = member.role
        self.query_one("#member_from", Input).value = member.in_office_from or ""
        self.query_one("#member_to", Input).value = member.in_office_to or ""
        self.query_one("#member_name", Input).focus()

    def _date_field(self, field_id: str) -> str | None:
        text = self.query_one(f"#{field_id}", Input).value
        if not text.strip():
            return None
        try:
            return parse_date(text).isoformat()
        except DateInputError as exc:
            raise ValidationError(field_id, str(exc)) from None

    def action_save_member(self) -> None:
        for field_id in MEMBER_FIELDS:
            self._show_error(field_id, "")
        try:
            member = Member(
                id=self.editing.id if self.editing else None,
                board_id=self.board.id,
                name=self.query_one("#member_name", Input).value.strip(),
                role=str(self.query_one("#member_role", Select).value),
                in_office_from=self._date_field("member_from"),
                in_office_to=self._date_field("member_to"),
            )
            if (
                member.in_office_from
                and member.in_office_to
                and member.in_office_to < member.in_office_from
            ):
                raise ValidationError("member_to", "退任日が任期開始より前です")
            if member.id is None:
                self.store.add_member(member)
            else:
                self.store.update_member(member)
        except ValidationError as exc:
            self._show_error(
                exc.field if exc.field in MEMBER_FIELDS else "member_name", exc.message
            )
            return
        except UserError as exc:
            self.notify(str(exc), severity="error")
            return
        self.members = self.store.members(self.board.id or 0)
        self._refresh_members(member.id)
        self.notify(f"{member.name}{member.role}を保存しました")
        self.action_new_member()
        self.query_one("#member_name", Input).focus()

    def action_delete_member(self) -> None:
        table = self.query_one("#members", DataTable)
        if self.focused is not table or not self.members:
            return
        member = self.members[table.cursor_row]

        def answered(yes: bool | None) -> None:
            if yes:
                self.store.delete_member(member.id or 0)
                self.members = self.store.members(self.board.id or 0)
                self._refresh_members()

        self.app.push_screen(
            ConfirmScreen(
                f"{member.name}{member.role}を委員の一覧から削除しますか?",
                "退任した委員は削除せず、退任日を入れてください(過去の会議の記録はそのままです)。",
                destructive=True,
            ),
            answered,
        )

    def action_close(self) -> None:
        self.app.pop_screen()
