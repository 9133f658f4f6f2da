"""1 会議一覧: past and upcoming meetings; new, open, duplicate, sample."""

from __future__ import annotations

import datetime as dt
import shlex
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Static

from .. import wareki
from ..errors import UserError
from ..storage import Store
from ..widgets import StepBar
from .base import StepScreen
from .confirm import ConfirmScreen
from .new_meeting import NewMeetingScreen
from .prompt import PromptScreen

WELCOME = (
    "pia-meeting へようこそ。\n\n"
    "特定個人情報保護評価の第三者点検について、会議の準備(会議情報・出欠)、"
    "当日の発言記録、答申の確認、議事録(Word)の出力までを順に進めます。\n"
    "入力はその場で保存されます(保存ボタンはありません)。\n\n"
    "  n  新しい会議を作成する\n"
    "  s  サンプル会議(架空の市の第三者点検)を読み込んで、操作を試す\n"
    "  i  公開済みの議事録(.txt / .docx)を取り込む\n"
    "  F1 キー操作の一覧"
)


class MeetingListScreen(StepScreen):
    step = 1
    help_title = "会議一覧のキー操作"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "新規", id="meeting_new"),
        Binding("enter", "open", "開く", id="meeting_open", show=False),
        Binding("s", "sample", "サンプル", id="meeting_sample"),
        Binding("d", "duplicate", "複製", id="meeting_duplicate"),
        Binding("delete", "delete", "削除", id="meeting_delete", key_display="Del"),
        Binding("slash", "search", "検索", id="meeting_search", key_display="/"),
        Binding("i", "import_minutes", "取込", id="meeting_import"),
    ]

    def compose(self) -> ComposeResult:
        yield StepBar(self.step)
        yield Static(WELCOME, id="welcome", markup=False)
        table: DataTable[str | Text] = DataTable(
            id="meetings", cursor_type="row", zebra_stripes=True
        )
        yield table
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("回", "開催日", "審査会", "議題", "状態", "記録")

    def on_screen_resume(self) -> None:
        # Also the first time the screen is shown (right after on_mount): filling the table
        # in both places measured every row twice at start-up (~60 ms with 200 meetings).
        self.refresh_rows()

    def refresh_rows(self, select_id: int | None = None) -> None:
        table = self.query_one(DataTable)
        table.clear()
        rows = self.store.meetings()
        for row in rows:
            date = wareki.format_date(dt.date.fromisoformat(row["date"])) if row["date"] else "未定"
            table.add_row(
                f"第{row['number']}回",
                date,
                Text(row["board_name"]),
                Text(row["agenda_title"] or ""),
                row["status"],
                f"{row['entry_count']}件",
                key=str(row["id"]),
            )
        empty = not rows
        self.query_one("#welcome").display = empty
        table.display = not empty
        if not empty:
            table.focus()
            if select_id is not None:
                table.move_cursor(row=table.get_row_index(str(select_id)))

    def _selected_id(self) -> int | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(key.value) if key.value else None

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        meeting_id = self._selected_id()
        if meeting_id is not None:
            self.pia.open_meeting(meeting_id, 2)

    def action_new(self) -> None:
        def created(meeting_id: int | None) -> None:
            if meeting_id is not None:
                self.refresh_rows(meeting_id)
                self.pia.open_meeting(meeting_id, 2)

        self.app.push_screen(NewMeetingScreen(self.store), created)

    def action_import_minutes(self) -> None:
        def given(text: str | None) -> None:
            if text:
                self.notify("取り込み中…")
                self._import(text)

        self.app.push_screen(
            PromptScreen(
                "公開された議事録を取り込む (.txt / .docx)",
                "ファイルのパス (複数はスペース区切り)",
            ),
            given,
        )

    @work(thread=True, exclusive=True, group="import")
    def _import(self, text: str) -> None:
        from ..importer import import_file

        # A worker thread needs its own connection: connections do not cross threads.
        store = Store(self.pia.db_path)
        imported: list[int] = []
        problems: list[str] = []
        try:
            try:
                names = shlex.split(text)
            except ValueError:  # an unbalanced quote: take the text as one path
                names = [text.strip()]
            for name in names:
                try:
                    imported.append(import_file(store, Path(name).expanduser()))
                except UserError as exc:
                    problems.append(str(exc))
        finally:
            store.close()
        self.app.call_from_thread(self._imported, imported, problems)

    def _imported(self, imported: list[int], problems: list[str]) -> None:
        for problem in problems:
            self.notify(problem, severity="error", timeout=10)
        if imported:
            self.notify(f"{len(imported)}件の議事録を取り込みました")
            self.refresh_rows(imported[-1])

    def action_search(self) -> None:
        from .search import SearchScreen

        self.app.push_screen(SearchScreen())

    def action_sample(self) -> None:
        from ..demo import load_demo

        try:
            meeting_id = load_demo(self.store)
        except UserError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify("サンプル会議を読み込みました")
        self.refresh_rows(meeting_id)
        self.pia.open_meeting(meeting_id, 4)

    def action_duplicate(self) -> None:
        meeting_id = self._selected_id()
        if meeting_id is None:
            return
        try:
            new = self.store.duplicate_meeting(meeting_id)
        except UserError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(f"第{new.number}回として複製しました(委員・説明者・議題を引き継ぎ)")
        self.refresh_rows(new.id)

    def action_delete(self) -> None:
        meeting_id = self._selected_id()
        if meeting_id is None:
            return
        meeting = self.store.get_meeting(meeting_id)

        def answered(yes: bool | None) -> None:
            if yes:
                self.store.delete_meeting(meeting_id)
                self.notify(f"第{meeting.number}回を削除しました")
                self.refresh_rows()

        self.app.push_screen(
            ConfirmScreen(
                f"第{meeting.number}回の会議を削除しますか?",
                "出欠・発言記録・答申もすべて削除されます。元に戻せません。",
            ),
            answered,
        )
