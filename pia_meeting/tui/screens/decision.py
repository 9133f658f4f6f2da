"""5 答申: wording from a template, 付帯意見, the chair's confirmation and the freeze."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Footer, Input, Label, Static, TextArea

from pia_meeting.core import validation
from pia_meeting.core.checklist import ChecklistRow, next_status
from pia_meeting.core.clock import hm_of
from pia_meeting.core.errors import UserError, ValidationError
from pia_meeting.core.labels import chair_label
from pia_meeting.core.model import (
    AgendaItem,
    MeetingBundle,
    Side,
    Toshin,
    ToshinTemplate,
    VoteMode,
)
from pia_meeting.core.quorum import meeting_quorum
from pia_meeting.core.text import parse_count
from pia_meeting.core.toshin import closing_lines, draft_wording, is_intact, templates
from pia_meeting.core.wareki import format_timestamp
from pia_meeting.services import checklist
from pia_meeting.services.editing import open_pending
from pia_meeting.services.toshin import (
    ClosingChoice,
    ToshinService,
    default_confirmation_time,
    describe_gaps,
    parse_confirmation_time,
    toshin_document_gaps,
)
from pia_meeting.services.toshin import next_status as meeting_next_status
from pia_meeting.tui.screens.base import StepScreen, meeting_caption
from pia_meeting.tui.screens.chair_view import ChairDecision, ChairViewScreen
from pia_meeting.tui.screens.closing_choice import ClosingChoiceScreen
from pia_meeting.tui.screens.confirm import ConfirmScreen
from pia_meeting.tui.screens.prompt import PromptScreen
from pia_meeting.tui.screens.unlock import UnlockScreen
from pia_meeting.tui.session import MeetingSession
from pia_meeting.tui.widgets.field import Field
from pia_meeting.tui.widgets.japanese import Select
from pia_meeting.tui.widgets.kinsoku_text_area import KinsokuTextArea
from pia_meeting.tui.widgets.row_table import RowTable
from pia_meeting.tui.widgets.step_bar import StepBar

# The fields the 答申書 cites: 諮問番号 and 諮問日 are the agenda item's, 答申番号 the 答申's.
DOCUMENT_FIELDS = ("confirmed_at", "inquiry_number", "inquiry_date", "toshin_number")


class DecisionScreen(StepScreen):
    CSS_PATH = "../styles/decision.tcss"
    step = 5
    WRITE_ACTIONS = frozenset({"chair_view", "unlock", "save", "checklist_status", "end_meeting"})
    help_title = "答申のキー操作"
    help_text = (
        "文言はテンプレートから作られ、自由に直せます(その場で保存)。F5 で会長確認の画面を開き、"
        "異議なしを確定すると文言は凍結されます。凍結後の変更は F8 で理由を記入して解除します"
        "(監査記録に残ります)。\n"
        "確定日時は、その場で確定するなら今、後日入力する会議ならその会議の終了時刻が入ります"
        "(直して確定できます。監査記録に残ります)。諮問番号・諮問日・答申番号は答申書に"
        "記載されます。F6 で会議を閉会に、閉会後はもう一度 F6 で議事録を確定にします。"
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "chair_view", "会長確認", id="toshin_confirm"),
        Binding("f6", "end_meeting", "閉会/確定", id="meeting_end"),
        Binding("f8", "unlock", "ロック解除", id="toshin_unlock"),
        Binding("ctrl+s", "save", "保存", id="toshin_save"),
        Binding("ctrl+g", "next_item", "議題切替", id="toshin_next_item", show=False),
        Binding("space", "checklist_status", "判定切替", id="checklist_status", show=False),
    ]

    def __init__(self, session: MeetingSession) -> None:
        super().__init__(session)
        self.bundle: MeetingBundle = self.store.load_bundle(self.session.meeting_id)
        self.service = ToshinService(self.store)
        self.item_index = 0
        self.toshin: Toshin | None = None
        self.checklist_rows: list[ChecklistRow] = []

    def compose(self) -> ComposeResult:
        yield StepBar(self.step, meeting_caption(self.bundle.meeting))
        with VerticalScroll(id="form"):
            yield Label("", id="toshin-item", classes="section-title", markup=False)
            yield Static("", id="toshin-status", markup=False)
            yield Label("", id="toshin-gaps", classes="field-error", markup=False)
            with Horizontal(classes="row", id="toshin-document"):
                yield Field("確定日時", field_id="confirmed_at", placeholder="例: 2025-10-21 15:05")
                yield Field("諮問番号", field_id="inquiry_number", placeholder="例: 73")
                yield Field("諮問日", field_id="inquiry_date", placeholder="例: R7.9.1")
                yield Field("答申番号", field_id="toshin_number", placeholder="確定時に採番")
            yield Label("テンプレート", classes="field-label")
            yield Select(
                [(f"{key} {value['name']}", key) for key, value in templates().items()],
                value=ToshinTemplate.CONFORMS.value,
                allow_blank=False,
                compact=True,
                id="template",
            )
            yield Label("答申の文言", classes="field-label")
            yield KinsokuTextArea("", id="wording", soft_wrap=True)
            yield Label("", id="wording-error", classes="field-error", markup=False)
            yield Label("付帯意見 (1行に1項目)", classes="field-label")
            yield KinsokuTextArea("", id="riders", soft_wrap=True)
            yield Label(
                "第三者点検チェックリスト (一覧で Space 判定切替 / Enter メモ)",
                classes="field-label",
            )
            yield RowTable(id="checklist", cursor_type="row")
            yield Label("未回答の持ち帰り", classes="field-label")
            yield Static("", id="pending-list", markup=False)
            yield Label("議事録の結び (確定後に自動生成)", classes="field-label")
            yield Static("", id="closing", markup=False)
        yield Footer(show_command_palette=False)  # the palette key is in the help

    def on_mount(self) -> None:
        # 項目 wraps (the checklist's questions are long): none is cut at 80 columns.
        table = self.query_one("#checklist", DataTable)
        table.add_column("No")
        table.add_column("判定")
        table.add_column("区分")
        table.add_column("項目", width=40)
        table.add_column("メモ")
        self._load_item()
        self._show_pending()

    # -- the checklist (DOMAIN §5) ----------------------------------------------------------

    def _show_checklist(self, cursor: int = 0) -> None:
        table = self.query_one("#checklist", DataTable)
        table.clear()
        item = self.item
        if item is None:
            return
        self.checklist_rows = checklist.load(self.store, item.id or 0)
        for row in self.checklist_rows:
            table.add_row(
                f"({row.no})",
                Text(row.status, style="bold red" if row.status == "指摘あり" else ""),
                row.group,
                Text(row.text),
                Text(row.memo),
                height=None,
            )
        table.move_cursor(row=cursor)

    def action_checklist_status(self) -> None:
        table = self.query_one("#checklist", DataTable)
        item = self.item
        if self.focused is not table or item is None:
            return
        row = self.checklist_rows[table.cursor_row]
        checklist.save(self.store, item.id or 0, row.no, next_status(row.status), row.memo)
        self._show_checklist(table.cursor_row)

    @on(DataTable.RowSelected, "#checklist")
    def _checklist_memo(self, event: DataTable.RowSelected) -> None:
        item = self.item
        if item is None or self.read_only:
            return
        row = self.checklist_rows[event.cursor_row]

        def given(memo: str | None) -> None:
            if memo is not None:
                checklist.save(self.store, item.id or 0, row.no, row.status, memo)
                self._show_checklist(event.cursor_row)

        self.app.push_screen(PromptScreen(f"({row.no}) {row.text}", "メモ", row.memo), given)

    def _show_pending(self) -> None:
        rows = open_pending(self.store, self.bundle.board.id or 0)
        lines = [
            f"第{row['number']}回 {hm_of(str(row['spoken_at'] or '')) or '時刻不明'} {row['text']}"
            for row in rows
        ]
        self.query_one("#pending-list", Static).update("\n".join(lines) if lines else "(なし)")

    @property
    def item(self) -> AgendaItem | None:
        agenda = self.bundle.agenda
        return agenda[self.item_index] if agenda else None

    def _load_item(self) -> None:
        item = self.item
        if item is None:
            self.query_one("#toshin-item", Label).update("議題がありません(会議情報で追加)")
            self.toshin = None
            return
        self.query_one("#toshin-item", Label).update(f"議題: {item.title}")
        self.toshin = self.service.get_or_draft(
            self.bundle.board, item, self.bundle.assessment_of(item)
        )
        with self.prevent(Select.Changed, TextArea.Changed):
            self.query_one("#template", Select).value = self.toshin.template
            self.query_one("#wording", TextArea).load_text(self.toshin.wording)
            self.query_one("#riders", TextArea).load_text("\n".join(self.toshin.rider_list))
        self._show_document_fields()
        self._show_state()
        self._show_checklist()

    # -- what the 答申書 cites: confirmation time, 諮問, 答申番号 -----------------------------

    def _show_document_fields(self) -> None:
        item, toshin = self.item, self.toshin
        if item is None or toshin is None:
            return
        values = {
            "confirmed_at": _typed_time(
                toshin.confirmed_at or default_confirmation_time(self.bundle.meeting)
            ),
            "inquiry_number": item.inquiry_number,
            "inquiry_date": item.inquiry_date or "",
            "toshin_number": toshin.number,
        }
        for field_id, value in values.items():
            self.query_one(f"#{field_id}", Input).value = value
            self.query_one(f"#field-{field_id}", Field).show_error("")
        self.query_one("#confirmed_at", Input).disabled = toshin.is_frozen or self.read_only
        self._show_gaps()

    def _show_gaps(self) -> None:
        item = self.item
        gaps = toshin_document_gaps(self.bundle, item) if item is not None else []
        label = self.query_one("#toshin-gaps", Label)
        label.update(describe_gaps(gaps, "下の欄に入力してください"))
        label.display = bool(gaps)

    @on(Input.Submitted)
    def _document_field_submitted(self, event: Input.Submitted) -> None:
        if event.input.id in DOCUMENT_FIELDS and self._save_document_field(event.input.id or ""):
            self.focus_next()

    @on(Input.Blurred)
    def _document_field_blurred(self, event: Input.Blurred) -> None:
        if event.input.id in DOCUMENT_FIELDS:
            self._save_document_field(event.input.id or "")

    def _save_document_field(self, field_id: str) -> bool:
        """Save 諮問番号, 諮問日 or 答申番号 (確定日時 is used at F5 → Y); an error is shown at
        the field and nothing is saved."""
        item, toshin = self.item, self.toshin
        if item is None or toshin is None or self.read_only or field_id == "confirmed_at":
            return True
        field = self.query_one(f"#field-{field_id}", Field)
        value = self.query_one(f"#{field_id}", Input).value.strip()
        try:
            if field_id == "toshin_number":
                if value == toshin.number or (not value and not toshin.number):
                    return True
                if toshin.id is None:
                    self.action_save(quiet=True)
                self.service.set_toshin_number(
                    toshin, value, meeting_id=self.bundle.meeting.id or 0
                )
            else:
                updated = AgendaItem(**vars(item))
                if field_id == "inquiry_number":
                    count = parse_count(value)
                    updated.inquiry_number = f"諮問第{count}号" if count is not None else value
                else:
                    updated.inquiry_date = validation.iso_date(value, "inquiry_date")
                if vars(updated) != vars(item):
                    self.store.update_agenda_item(updated)
                    self.bundle.agenda[self.item_index] = updated
        except ValidationError as exc:
            field.show_error(exc.message)
            return False
        except UserError as exc:
            field.show_error(str(exc))
            return False
        field.show_error("")
        self.bundle = self.store.load_bundle(self.session.meeting_id)
        self.toshin = self.bundle.toshins.get(item.id or 0, toshin)
        self._show_document_fields()
        return True

    def _confirmation_time(self) -> str | None:
        """The time typed for the confirmation, as stored; None (and the reason shown at
        the field) when it cannot be read."""
        field = self.query_one("#field-confirmed_at", Field)
        try:
            value = parse_confirmation_time(
                self.query_one("#confirmed_at", Input).value, self.bundle.meeting
            )
        except ValidationError as exc:
            field.show_error(exc.message)
            self.query_one("#confirmed_at", Input).focus()
            return None
        field.show_error("")
        return value

    # -- the meeting's end: 閉会, then 確定 ---------------------------------------------------

    def action_end_meeting(self) -> None:
        meeting = self.store.get_meeting(self.session.meeting_id)
        step = meeting_next_status(meeting)
        if step is None:
            self.notify("この会議は確定済みです(議事録の修正は監査記録に残ります)")
            return
        detail = f"いまの状態: {meeting.status} → {step.status}\n{step.consequences}"

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            status = self.service.end_meeting(self.session.meeting_id)
            self.bundle.meeting = self.store.get_meeting(self.session.meeting_id)
            self._show_state()
            self.notify(f"会議を{status}にしました(監査記録に残りました)")

        self.app.push_screen(ConfirmScreen(step.question, detail), answered)

    def _show_state(self) -> None:
        toshin = self.toshin
        if toshin is None:
            return
        frozen = toshin.is_frozen
        self.query_one("#wording", TextArea).read_only = frozen
        self.query_one("#riders", TextArea).read_only = frozen
        self.query_one("#template", Select).disabled = frozen
        status = Text()
        if frozen:
            intact = is_intact(toshin)
            status.append(" 確定済み ", style="bold reverse green")
            status.append(
                f" {format_timestamp(toshin.confirmed_at)} {toshin.confirmed_by} ({toshin.result}) "
                f"照合値 {toshin.text_hash[:12]}"
            )
            if not intact:
                status.append("  文言が確定時と一致しません", style="bold red")
        else:
            status.append(" 未確定 ", style="bold reverse yellow")
            status.append(" F5 で会長確認の画面を開きます")
        quorum = meeting_quorum(self.bundle)
        status.append(f"\n{quorum.line}", style="" if quorum.met else "bold red")
        status.append(f"  会議: {self.bundle.meeting.status}")
        step = meeting_next_status(self.bundle.meeting)
        if step is not None:
            status.append(f" (F6 で{step.status})", style="dim")
        self.query_one("#toshin-status", Static).update(status)
        lines = closing_lines(toshin)
        if lines:  # as the minutes will read, the chair's label first
            lines[0] = f"{chair_label(self.bundle.board, self.bundle.attendance)} {lines[0]}"
        if lines and toshin.closing_in_log:
            lines.append("(議事に記録しました。修正は議事の画面で)")
        self.query_one("#closing", Static).update(
            "\n".join(lines) if lines else "(答申の確定で議事に記録されます)"
        )

    # -- editing --------------------------------------------------------------------------

    @on(Select.Changed, "#template")
    def _template_changed(self, event: Select.Changed) -> None:
        item = self.item
        if item is None or self.toshin is None or self.toshin.is_frozen:
            return
        template = str(event.value)
        # Only a choice of another template replaces the wording. The select also reports
        # its first value once mounted, after the saved 答申 was loaded into it: that must
        # not overwrite what was typed.
        if template != str(self.query_one("#template", Select).value):
            return
        if template == self.toshin.template:
            return
        wording = draft_wording(template, self.bundle.board, item, self.bundle.assessment_of(item))
        self.query_one("#wording", TextArea).load_text(wording)
        self.toshin.template = template
        self.action_save()
        self.notify(f"テンプレート「{templates()[template]['name']}」の文言にしました")

    @on(TextArea.Changed)
    def _edited(self) -> None:
        self.query_one("#wording-error", Label).update("")

    def on_descendant_blur(self) -> None:
        if self.toshin is not None and not self.toshin.is_frozen:
            self.action_save(quiet=True)

    def flush(self) -> None:
        if self.toshin is not None and not self.toshin.is_frozen:
            self.action_save(quiet=True)

    def action_save(self, quiet: bool = False) -> None:
        toshin = self.toshin
        if toshin is None or self.read_only:
            return
        wording = self.query_one("#wording", TextArea).text
        riders = self.query_one("#riders", TextArea).text.splitlines()
        template = str(self.query_one("#template", Select).value)
        try:
            self.service.save_draft(toshin, wording, riders, template)
        except ValidationError as exc:
            self.query_one("#wording-error", Label).update(exc.message)
            return
        except UserError as exc:
            if not quiet:
                self.notify(str(exc), severity="error")
            return
        if not quiet:
            self.notify("答申の文言を保存しました")

    # -- confirmation ---------------------------------------------------------------------

    def _chair_name(self) -> str:
        chair = next(
            (
                p
                for p in self.bundle.attendance
                if p.side == Side.MEMBER and p.title == "会長" and p.is_present
            ),
            None,
        )
        return chair.display_name if chair else "会長職務代理者"

    def action_chair_view(self) -> None:
        toshin = self.toshin
        item = self.item
        if toshin is None or item is None:
            return
        if not toshin.is_frozen:
            self.action_save(quiet=True)
            if not toshin.wording.strip():
                self.query_one("#wording-error", Label).update("答申の文言を入力してください")
                return
        quorum = meeting_quorum(self.bundle)
        confirmed_at = None if toshin.is_frozen else self._confirmation_time()
        if confirmed_at is None and not toshin.is_frozen:
            return

        def confirm(decision: ChairDecision, closing: ClosingChoice) -> None:
            counted = decision.votes
            try:
                _, warnings = self.service.confirm(
                    toshin,
                    meeting_id=self.bundle.meeting.id or 0,
                    confirmed_by=self._chair_name(),
                    quorum=quorum,
                    vote_mode=VoteMode.COUNT if counted else VoteMode.CONSENT,
                    votes=counted.votes if counted else None,
                    chair_decision=counted.chair_decision if counted else "",
                    confirmed_at=confirmed_at,
                    closing=closing,
                )
            except UserError as exc:
                self.notify(str(exc), severity="error")
                return
            for warning in warnings:
                self.notify(warning, severity="warning", timeout=10)
            self._close_meeting_when_done()
            if counted:
                self.notify(f"採決の結果を記録し、答申を確定しました({toshin.result})")
            else:
                self.notify("異議なしとして答申を確定しました(締めくくりの発言は議事にあります)")
            self.bundle = self.store.load_bundle(self.session.meeting_id)
            self._show_document_fields()
            self._show_state()

        def decided(decision: ChairDecision | None) -> None:
            if decision is None or toshin.is_frozen:
                return
            typed = self.service.closing_of(toshin, meeting_id=self.bundle.meeting.id or 0)
            if not typed.entries or typed.same:
                confirm(decision, ClosingChoice.REPLACE)
                return

            def chosen(choice: ClosingChoice | None) -> None:
                if choice is None:
                    self.notify("答申は確定していません")
                    return
                confirm(decision, choice)

            self.app.push_screen(ClosingChoiceScreen(typed), chosen)

        self.app.push_screen(
            ChairViewScreen(toshin, item.title, quorum.line, quorum.present), decided
        )

    def _close_meeting_when_done(self) -> None:
        meeting_id = self.bundle.meeting.id or 0
        if self.service.close_meeting_when_done(meeting_id):
            self.bundle.meeting = self.store.get_meeting(meeting_id)

    def action_unlock(self) -> None:
        toshin = self.toshin
        if toshin is None or not toshin.is_frozen:
            self.notify("確定済みの答申はありません")
            return

        def reason_given(reason: str | None) -> None:
            if reason is None:
                return
            try:
                self.service.unlock(toshin, meeting_id=self.bundle.meeting.id or 0, reason=reason)
            except UserError as exc:
                self.notify(str(exc), severity="error")
                return
            self.notify("ロックを解除しました(理由と元の文言は監査記録に残りました)")
            self._show_document_fields()
            self._show_state()

        self.app.push_screen(UnlockScreen(), reason_given)

    def action_next_item(self) -> None:
        if len(self.bundle.agenda) < 2:
            self.notify("議題は1件だけです")
            return
        self.flush()
        self.item_index = (self.item_index + 1) % len(self.bundle.agenda)
        self._load_item()


def _typed_time(iso: str) -> str:
    """「2025-10-21 15:05」: an ISO moment as it is typed in the 確定日時 field."""
    return iso[:16].replace("T", " ")
