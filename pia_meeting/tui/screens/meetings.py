"""1 会議一覧: past and upcoming meetings; new, open, duplicate, sample.

This is the screen every start waits for (SPEC §9): it reads the list through
`listing` and loads what an action needs when the action is taken.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, Protocol, cast

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Footer, Static

from pia_meeting.core.errors import UserError
from pia_meeting.core.text import display_width, fit_width
from pia_meeting.store.listing import MeetingListRow
from pia_meeting.tui.columns import align_columns
from pia_meeting.tui.messages import OpenMeeting
from pia_meeting.tui.screens.base import StepScreen

if TYPE_CHECKING:
    from pia_meeting.store.facade import Store
    from pia_meeting.tui.widgets.search_panel import SearchSource
from pia_meeting.tui.widgets.line_list import LineList
from pia_meeting.tui.widgets.step_bar import StepBar

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


# Meetings read before the first frame: more than a screen shows; the rest follow at once.
FIRST_SCREENFUL = 60


class ListHost(Protocol):
    """What the 会議一覧 asks of the app: the list (read before the store is opened, at
    start-up), the store for what an action writes, and work to run once on screen."""

    db_path: str
    read_only_file: bool

    @property
    def store(self) -> Store: ...

    def meeting_list(self, limit: int = -1) -> list[MeetingListRow]: ...

    def after_first_frame(self, callback: Callable[[], object]) -> None: ...

    def search_source(self) -> SearchSource: ...


class MeetingListScreen(StepScreen):
    step = 1
    WRITE_ACTIONS = frozenset({"new", "sample", "duplicate", "delete", "import_minutes"})
    help_title = "会議一覧のキー操作"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "新規", id="meeting_new"),
        Binding("s", "sample", "サンプル", id="meeting_sample"),
        Binding("d", "duplicate", "複製", id="meeting_duplicate"),
        Binding("delete", "delete", "削除", id="meeting_delete", key_display="Del"),
        Binding("slash", "search", "検索", id="meeting_search", key_display="/"),
        Binding("i", "import_minutes", "取込", id="meeting_import"),
    ]

    def compose(self) -> ComposeResult:
        yield StepBar(self.step)
        yield Static(WELCOME, id="welcome", markup=False)
        yield Static(id="meetings-header", markup=False)
        # Lines aligned and cut here, drawn by a list that draws only what is in view: the
        # same columns as a table at a fraction of the work, on the screen every start
        # waits for.
        yield LineList(id="meetings")
        yield Footer(show_command_palette=False)  # at 80 columns 「i 取込」 needs the room

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[MeetingListRow] = []
        self._header = ""
        self._cut_at = 0  # the width the lines were cut to
        self._shown_once = False
        self._complete = False  # every meeting read, not only the first screenful

    @property
    def host(self) -> ListHost:
        return cast(ListHost, self.app)

    @property
    def store(self) -> Store:
        return self.host.store

    @property
    def read_only(self) -> bool:
        return self.host.read_only_file

    def on_screen_resume(self) -> None:
        if self._shown_once:
            self.refresh_rows(self.selected_meeting_id())
            return
        # The first time (the start of the app): a screenful first, the rest once it shows.
        self._shown_once = True
        self._rows = self.host.meeting_list(limit=FIRST_SCREENFUL)
        self._complete = len(self._rows) < FIRST_SCREENFUL
        self._show()
        self.host.after_first_frame(lambda: self.refresh_rows(self.selected_meeting_id()))

    def refresh_rows(self, select_id: int | None = None) -> None:
        self._rows = self.host.meeting_list()
        self._complete = True
        self._show(select_id)

    def _line_cells(self) -> int:
        # Less a cell of margin on either side. Lines are cut here, once, not at each draw.
        return max(20, (self.size.width or self.app.size.width) - 2)

    def _show(self, select_id: int | None = None) -> None:
        listing = self.query_one("#meetings", LineList)
        self._cut_at = self._line_cells()
        self._header, lines = align_columns(self._rows, self._cut_at)
        wanted = [(str(row.meeting_id), line) for row, line in zip(self._rows, lines, strict=True)]
        shown = listing.rows
        if shown and wanted[: len(shown)] == shown:
            # The rest of a list whose first lines are already on screen: add, not redraw.
            listing.extend_rows(wanted[len(shown) :])
        else:
            listing.set_rows(wanted)
        if select_id is not None:
            listing.select_id(str(select_id))
        empty = not self._rows
        self.query_one("#welcome").display = empty
        self.query_one("#meetings-header").display = not empty
        listing.display = not empty
        if not empty:
            listing.focus()
        self._show_header()

    def _show_header(self) -> None:
        """The column names, and at the right end the cursor's place in the whole list (the
        list has no scroll bar) once every meeting is read."""
        listing = self.query_one("#meetings", LineList)
        header = self._header
        if self._complete and listing.row_count:
            place = f"{listing.cursor + 1}/{listing.row_count}件"
            room = self._cut_at - display_width(place) - 1
            header = fit_width(header, room)
            header += " " * (room - display_width(header) + 1) + place
        self.query_one("#meetings-header", Static).update(Content(header))

    @on(LineList.Highlighted, "#meetings")
    def _moved(self, event: LineList.Highlighted) -> None:
        event.stop()
        self._show_header()

    def on_resize(self, event: events.Resize) -> None:
        if self._rows and self._line_cells() != self._cut_at:
            self._show(self.selected_meeting_id())

    def selected_meeting_id(self) -> int | None:
        row_id = self.query_one("#meetings", LineList).highlighted_id
        return int(row_id) if row_id is not None else None

    @on(LineList.Selected, "#meetings")
    def _row_selected(self, event: LineList.Selected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        meeting_id = self.selected_meeting_id()
        if meeting_id is not None:
            self.post_message(OpenMeeting(meeting_id, 2))

    def action_new(self) -> None:
        def created(meeting_id: int | None) -> None:
            if meeting_id is not None:
                self.refresh_rows(meeting_id)
                self.post_message(OpenMeeting(meeting_id, 2))

        from pia_meeting.tui.screens.new_meeting import NewMeetingScreen

        self.app.push_screen(NewMeetingScreen(self.store), created)

    def action_import_minutes(self) -> None:
        from pia_meeting.tui.screens.prompt import PromptScreen

        def given(text: str | None) -> None:
            if text:
                self.notify("取り込み中…")
                self._import(text)

        self.app.push_screen(
            PromptScreen(
                "公開された議事録を取り込む (.txt / .docx / .pdf)",
                "ファイルのパス (複数はスペース区切り)",
            ),
            given,
        )

    @work(thread=True, exclusive=True, group="import")
    def _import(self, text: str) -> None:
        from pia_meeting.services.importing import import_files
        from pia_meeting.store.facade import Store
        from pia_meeting.tui.import_paths import split_paths

        # A worker thread needs its own connection: connections do not cross threads. The
        # summary is the command line's (services.importing), a notification a file.
        store = Store(self.host.db_path)
        try:
            result = import_files(store, split_paths(text))
        finally:
            store.close()
        lines = [summary.line() for summary in result.imported]
        problems = [refusal.message for refusal in result.refused]
        if result.refused:
            problems.append(result.refused_line())
        last = result.imported[-1].meeting_id if result.imported else None
        self.app.call_from_thread(self._imported, lines, problems, last)

    def _imported(self, lines: list[str], problems: list[str], last: int | None) -> None:
        for line in lines:
            self.notify(line, title="取り込みました", timeout=15)
        for problem in problems:
            self.notify(problem, severity="error", timeout=15)
        if last is not None:
            self.refresh_rows(last)

    def action_search(self) -> None:
        from pia_meeting.tui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen(self.host.search_source()))

    def action_sample(self) -> None:
        from pia_meeting.services.demo import load_demo

        try:
            meeting_id = load_demo(self.store)
        except UserError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify("サンプル会議を読み込みました")
        self.refresh_rows(meeting_id)
        self.post_message(OpenMeeting(meeting_id, 4))

    def action_duplicate(self) -> None:
        meeting_id = self.selected_meeting_id()
        if meeting_id is None:
            return
        try:
            from pia_meeting.services.meetings import duplicate_meeting

            new = duplicate_meeting(self.store, meeting_id)
        except UserError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(f"第{new.number}回として複製しました(委員・説明者・議題を引き継ぎ)")
        self.refresh_rows(new.id)

    def action_delete(self) -> None:
        meeting_id = self.selected_meeting_id()
        if meeting_id is None:
            return
        from pia_meeting.services.meetings import prepare_deletion

        try:
            deletion = prepare_deletion(self.store, meeting_id)
        except UserError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        from pia_meeting.tui.screens.confirm import ConfirmScreen

        def delete() -> None:
            from pia_meeting.services.meetings import delete_meeting

            try:
                delete_meeting(self.store, meeting_id)
            except UserError as exc:
                self.notify(str(exc), severity="error", timeout=10)
                return
            self.notify(f"第{deletion.meeting.number}回を削除しました(監査記録に残しました)")
            self.refresh_rows()

        def again(yes: bool | None) -> None:
            if yes:
                delete()

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if not deletion.frozen:
                delete()
                return
            # A confirmed 答申 is the board's decision: asked once more, by name.
            self.app.push_screen(
                ConfirmScreen(
                    "確定した答申も削除されます。本当に削除しますか?",
                    "\n".join(deletion.frozen)
                    + "\n答申の文言は監査記録に残ります。答申番号は再び使われません。",
                    destructive=True,
                ),
                again,
            )

        self.app.push_screen(
            ConfirmScreen(
                f"{deletion.title}の会議を削除しますか?",
                f"出欠・発言記録({deletion.entries}件)・答申もすべて削除されます。元に戻せません。",
                destructive=True,
            ),
            answered,
        )
