"""3 出欠: members with their roles, the departments' 説明者, 事務局, 傍聴人; quorum live."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Input, Label, Static

from pia_meeting.core import validation
from pia_meeting.core.errors import UserError, ValidationError
from pia_meeting.core.labels import speaker_label
from pia_meeting.core.model import Attendance, Meeting, Member, Presence, Side
from pia_meeting.core.quorum import in_office_on, members_in_office_on, quorum_state
from pia_meeting.tui.screens.base import StepScreen, meeting_caption
from pia_meeting.tui.screens.confirm import ConfirmScreen
from pia_meeting.tui.session import MeetingSession
from pia_meeting.tui.widgets.field import Field
from pia_meeting.tui.widgets.japanese import Select
from pia_meeting.tui.widgets.row_table import RowTable
from pia_meeting.tui.widgets.step_bar import StepBar

PRESENCE_CYCLE = [p.value for p in Presence]
FORM_FIELDS = ("name", "title", "department", "label", "time")


class AttendanceScreen(StepScreen):
    CSS_PATH = "../styles/attendance.tcss"
    step = 3
    WRITE_ACTIONS = frozenset(
        {"save_person", "new_person", "delete_person", "add_board_members", "cycle_presence"}
    )
    help_title = "出欠のキー操作"
    help_text = (
        "区分・氏名・役職・所属を入れて Enter で追加します。区分と所属は次の人のために残ります。\n"
        "一覧で Enter を押すとその人を編集、Space で出席→欠席→遅刻→早退を切り替えます。"
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save_person", "追加/更新", id="roll_save"),
        Binding("ctrl+n", "new_person", "新しい人", id="roll_new"),
        Binding("delete", "delete_person", "削除", id="roll_delete"),
        Binding("ctrl+b", "add_board_members", "委員名簿から", id="roll_from_board"),
        Binding("space", "cycle_presence", "出欠切替", id="roll_presence"),
    ]

    def __init__(self, session: MeetingSession) -> None:
        super().__init__(session)
        self.meeting: Meeting = self.store.get_meeting(self.session.meeting_id)
        self.board = self.store.get_board(self.meeting.board_id or 0)
        self.roll: list[Attendance] = self.store.attendance(self.meeting.id or 0)
        self.editing_id: int | None = None

    def compose(self) -> ComposeResult:
        yield StepBar(self.step, meeting_caption(self.meeting))
        with VerticalScroll(id="form"):
            with Horizontal(classes="row"):
                yield Static("", id="quorum", markup=False)
                yield Field(
                    "傍聴人数",
                    "" if self.meeting.observers is None else str(self.meeting.observers),
                    field_id="observers",
                    placeholder="空欄: 記載しない",
                )
            yield RowTable(id="roll", cursor_type="row", zebra_stripes=True)
            yield Label("", id="form-title", classes="section-title", markup=False)
            with Horizontal(classes="row"):
                with Vertical(classes="field select-field"):
                    yield Label("区分", classes="field-label")
                    yield Select(
                        [(s.value, s.value) for s in Side],
                        value=Side.MEMBER.value,
                        allow_blank=False,
                        compact=True,
                        id="side",
                    )
                yield Field("氏名", field_id="name", placeholder="例: 時枝")
                yield Field("役職", field_id="title", placeholder="会長/副会長/委員/係長…")
            with Horizontal(classes="row"):
                yield Field(
                    "所属",
                    field_id="department",
                    placeholder="例: ○○局○○部戸籍住民課",
                )
                yield Field("発言者ラベル", field_id="label", placeholder="空欄なら課名・姓")
            with Horizontal(classes="row"):
                with Vertical(classes="field select-field"):
                    yield Label("出欠", classes="field-label")
                    yield Select(
                        [(p, p) for p in PRESENCE_CYCLE],
                        value=Presence.PRESENT.value,
                        allow_blank=False,
                        compact=True,
                        id="presence",
                    )
                yield Field("遅刻・早退の時刻", field_id="time", placeholder="10:20")
        # The palette key is in the help: this screen's keys need the 80 columns.
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one("#roll", DataTable)
        # 出欠 (what Space toggles) before the long 所属, which is last and the one cut.
        table.add_columns("区分", "氏名", "役職", "出欠", "発言者ラベル", "所属")
        self._refresh()
        self.action_new_person()

    # -- display --------------------------------------------------------------------------

    def _refresh(self, select_id: int | None = None) -> None:
        table = self.query_one("#roll", DataTable)
        table.clear()
        for person in self.roll:
            presence = person.presence
            if person.presence == Presence.LATE and person.arrived_at:
                presence += f" {person.arrived_at}"
            if person.presence == Presence.LEFT_EARLY and person.left_at:
                presence += f" {person.left_at}"
            table.add_row(
                person.side,
                Text(person.name),
                Text(person.title),
                presence,
                Text(speaker_label(self.board, person, self.roll)),
                Text(person.department),
                key=str(person.id),
            )
        if select_id is not None:
            table.move_cursor(row=table.get_row_index(str(select_id)))
        in_office = members_in_office_on(self.store.members(self.board.id or 0), self.meeting.date)
        state = quorum_state(self.roll, self.board.quorum_rule, in_office=in_office)
        quorum = self.query_one("#quorum", Static)
        quorum.update(state.line if state.in_office else "委員が登録されていません")
        quorum.set_class(not state.met, "-warning")

    def _field(self, field_id: str) -> Input:
        return self.query_one(f"#{field_id}", Input)

    def _clear_errors(self) -> None:
        for each in self.query(Field):
            each.show_error("")

    # -- the form -------------------------------------------------------------------------

    def action_new_person(self) -> None:
        self.editing_id = None
        self.query_one("#form-title", Label).update("出席者を追加")
        for field_id in ("name", "title", "label", "time"):
            self._field(field_id).value = ""
        self.query_one("#presence", Select).value = Presence.PRESENT.value
        self._clear_errors()
        self.query_one("#side", Select).focus()

    @on(DataTable.RowSelected, "#roll")
    def _edit_person(self, event: DataTable.RowSelected) -> None:
        person = self._person_at(event.cursor_row)
        if person is None:
            return
        self.editing_id = person.id
        self.query_one("#form-title", Label).update(f"編集中: {person.display_name}")
        self.query_one("#side", Select).value = person.side
        self._field("name").value = person.name
        self._field("title").value = person.title
        self._field("department").value = person.department
        self._field("label").value = person.label
        self.query_one("#presence", Select).value = person.presence
        self._field("time").value = person.arrived_at or person.left_at or ""
        self._clear_errors()
        self._field("name").focus()

    def _person_at(self, row: int) -> Attendance | None:
        return self.roll[row] if 0 <= row < len(self.roll) else None

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "observers":
            self._save_observers()
        elif event.input.id in ("department", "label", "time"):
            self.action_save_person()
        else:
            self.focus_next()

    @on(Input.Blurred, "#observers")
    def _observers_blurred(self) -> None:
        self._save_observers()

    def _save_observers(self) -> bool:
        if self.read_only:
            return True
        field = self.query_one("#field-observers", Field)
        if not field.input.value.strip() and self.meeting.observers is None:
            field.show_error("")
            return True  # still not known: left as the imported minutes had it
        try:
            observers = validation.observers(field.input.value)
        except ValidationError as exc:
            field.show_error(exc.message)
            return False
        field.show_error("")
        if observers != self.meeting.observers:
            before = self.meeting.observers
            self.meeting.observers = observers
            try:
                self.store.update_meeting(self.meeting)
            except UserError as exc:
                self.meeting.observers = before
                field.show_error(str(exc))
                return False
        return True

    def flush(self) -> None:
        self._save_observers()

    def action_save_person(self) -> None:
        self._clear_errors()
        side = str(self.query_one("#side", Select).value)
        presence = str(self.query_one("#presence", Select).value)
        time_text = self._field("time").value.strip()
        times: dict[str, str | None] = {"arrived_at": None, "left_at": None}
        if time_text:
            try:
                time_value = validation.hh_mm(time_text, "time") or ""
            except ValidationError as exc:
                self.query_one("#field-time", Field).show_error(exc.message)
                return
            if presence == Presence.LATE:
                times["arrived_at"] = time_value
            elif presence == Presence.LEFT_EARLY:
                times["left_at"] = time_value
        person = Attendance(
            id=self.editing_id,
            meeting_id=self.meeting.id,
            side=side,
            name=self._field("name").value.strip(),
            title=self._field("title").value.strip(),
            department=self._field("department").value.strip(),
            label=self._field("label").value.strip(),
            presence=presence,
            **times,
        )
        try:
            if self.editing_id is None:
                self.store.add_attendee(person)
                self._remember_member(person)
            else:
                old = next(p for p in self.roll if p.id == self.editing_id)
                person.seq, person.member_id = old.seq, old.member_id
                self.store.update_attendee(person)
        except ValidationError as exc:
            target = exc.field if exc.field in FORM_FIELDS else "name"
            self.query_one(f"#field-{target}", Field).show_error(exc.message)
            return
        except UserError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.roll = self.store.attendance(self.meeting.id or 0)
        self._refresh(person.id)
        self.notify(
            f"{person.display_name}を{'追加' if self.editing_id is None else '更新'}しました",
            markup=False,
        )
        if self.editing_id is None:
            # Keep 区分 and 所属: the next person is usually of the same department.
            for field_id in ("name", "title", "label", "time"):
                self._field(field_id).value = ""
            self._field("name").focus()
        else:
            self.action_new_person()

    def _remember_member(self, person: Attendance) -> None:
        """A member added to the roll joins the board's list of members in office."""
        if person.side != Side.MEMBER:
            return
        members = self.store.members(self.board.id or 0)
        match = next((m for m in members if m.name == person.name), None)
        if match is None:
            role = person.title if person.title in ("会長", "副会長") else "委員"
            match = self.store.add_member(
                Member(board_id=self.board.id, name=person.name, role=role)
            )
        person.member_id = match.id
        self.store.update_attendee(person)

    def action_add_board_members(self) -> None:
        """Put the board's members in office on the meeting date on the roll. One the roll
        refuses (a second 会長, say) is left out and named, and the others still go on."""
        members = self.store.members(self.board.id or 0)
        on_roll = {p.name for p in self.roll if p.side == Side.MEMBER}
        added = 0
        skipped: list[str] = []
        for member in members:
            if member.name in on_roll or not in_office_on(member, self.meeting.date):
                continue
            try:
                self.store.add_attendee(
                    Attendance(
                        meeting_id=self.meeting.id,
                        side=Side.MEMBER,
                        name=member.name,
                        title=member.role,
                        member_id=member.id,
                    )
                )
            except UserError as exc:
                skipped.append(f"{member.name}{member.role}({exc})")
                continue
            added += 1
        self.roll = self.store.attendance(self.meeting.id or 0)
        self._refresh()
        if skipped:
            self.notify(
                f"委員名簿から{added}名を追加しました。追加しなかった委員: {'、'.join(skipped)}",
                severity="warning",
                markup=False,
            )
        else:
            self.notify(
                f"委員名簿から{added}名を追加しました" if added else "追加する委員はいません",
                markup=False,
            )

    def _selected(self) -> Attendance | None:
        table = self.query_one("#roll", DataTable)
        return self._person_at(table.cursor_row) if table.row_count else None

    def action_cycle_presence(self) -> None:
        if self.focused is not self.query_one("#roll", DataTable):
            return
        person = self._selected()
        if person is None:
            return
        index = PRESENCE_CYCLE.index(person.presence) if person.presence in PRESENCE_CYCLE else 0
        person.presence = PRESENCE_CYCLE[(index + 1) % len(PRESENCE_CYCLE)]
        try:
            self.store.update_attendee(person)
        except UserError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._refresh(person.id)

    def action_delete_person(self) -> None:
        person = self._selected()
        if person is None or self.focused is not self.query_one("#roll", DataTable):
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.store.delete_attendee(person.id or 0)
            except UserError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.roll = self.store.attendance(self.meeting.id or 0)
            self._refresh()

        self.app.push_screen(
            ConfirmScreen(f"{person.display_name}を出席者から削除しますか?"), answered
        )
