"""The Textual application: one store, one current meeting, six steps."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping
from contextlib import closing, suppress
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.actions import ActionParseResult
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.message import Message
from textual.notifications import Notification, SeverityLevel
from textual.screen import Screen

from pia_meeting.core.errors import UserError
from pia_meeting.store.integrity import BackgroundCheck
from pia_meeting.store.listing import MeetingListRow, read_meeting_list_from
from pia_meeting.tui import paste_filter
from pia_meeting.tui.messages import OpenMeeting
from pia_meeting.tui.session import MeetingSession
from pia_meeting.tui.widgets.step_bar import STEPS

if TYPE_CHECKING:
    from pia_meeting.services.editing import EntryEditor
    from pia_meeting.store.drafts import DraftWriter
    from pia_meeting.store.facade import Store
    from pia_meeting.tui.screens.base import StepScreen
    from pia_meeting.tui.widgets.search_panel import SearchSource


class PiaMeetingApp(App[None]):
    """審査会事務局のための第三者点検 会議・議事録アプリ."""

    TITLE = "pia-meeting"
    SUB_TITLE = "第三者点検 議事録"
    CSS_PATH = "styles/app.tcss"
    COMMAND_PALETTE_DISPLAY = "Ctrl+P"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+q", "quit", "終了", id="quit", key_display="Ctrl+Q", priority=True, show=False
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            "コマンド",
            id="command_palette",
            key_display="Ctrl+P",
            show=False,
            priority=True,
        ),
    ]

    def __init__(
        self,
        db_path: str | Path,
        *,
        meeting_id: int | None = None,
        step: int = 4,
        checked: bool = False,
        integrity: BackgroundCheck | None = None,
        read_only_file: bool = False,
    ):
        """`checked`: the caller ran the integrity check on the file already.
        `integrity`: a check not started yet, which the app starts once the first screen is
        up (the check reads the whole file; the first screen only reads the meeting list).
        The store, which writes, is opened only after it passed; a file that fails it ends
        the app with the reason (exit code 1)."""
        super().__init__()
        paste_filter.install()  # pastes arrive whole and in order (see the module)
        self.db_path = str(db_path)
        # This user may not write the file: everything is shown, nothing is written.
        self.read_only_file = read_only_file
        self._checked = checked
        self._integrity = integrity
        if integrity is not None:
            integrity.on_failure = self._integrity_failed
        self._store: Store | None = None
        # The meeting the step screens show, once opened (through its lock).
        self.session: MeetingSession | None = None
        self._locked_meeting: int | None = None
        self._open_on_start = (meeting_id, step)
        self._draft_writer: DraftWriter | None = None
        self._heartbeat_started = False
        # Each meeting's undo history while the app runs (SPEC §2.4: undo that stays).
        self._editors: dict[int, EntryEditor] = {}
        # Work waiting for the first frame (None once it is out): see after_first_frame.
        self._first_frame_pending: list[Callable[[], object]] | None = []

    def _drafts(self) -> DraftWriter | None:
        """The thread that saves the text being typed; started when a meeting is first
        opened for writing (none for a database in memory, which another connection
        cannot see)."""
        if self._draft_writer is None and self.db_path != ":memory:":
            from pia_meeting.store.drafts import DraftWriter

            self._draft_writer = DraftWriter(self.db_path)
        return self._draft_writer

    @property
    def store(self) -> Store:
        """The store, opened on first use: the first screen is drawn from `meeting_list`
        before the storage layer is loaded (SPEC §9, start-up)."""
        if self._store is None:
            from pia_meeting.store.facade import Store

            checked = self._checked
            if self._integrity is not None:
                self._integrity.result()  # a UserError when not sound
                checked = True
            self._store = Store(self.db_path, checked=checked, read_only=self.read_only_file)
        return self._store

    class IntegrityFailed(Message):
        """The file failed the integrity check that runs after the first screen."""

        def __init__(self, error: UserError) -> None:
            super().__init__()
            self.error = error

    def _integrity_failed(self, error: UserError) -> None:
        # On the check's thread. Posting does not wait (call_from_thread would: with the
        # main thread waiting for this thread in `store`, neither would ever go on).
        self.post_message(self.IntegrityFailed(error))

    @on(IntegrityFailed)
    def _leave_unsound_file(self, event: IntegrityFailed) -> None:
        # Nothing was written. Text, not str: a path may hold 「[」, which is not markup.
        self.exit(return_code=1, message=Text(str(event.error)))

    def meeting_list(self, limit: int = -1) -> list[MeetingListRow]:
        """The 会議一覧, newest `limit` meetings (all by default). Until something opens the
        store, read straight from a file that is at the current schema and checked, or about
        to be; otherwise (a new file, a migration to run, an unchecked file) through the
        store, which says what is wrong in Japanese."""
        sound_or_checked_soon = self._checked or self._integrity is not None
        if self._store is None and sound_or_checked_soon and self.db_path != ":memory:":
            try:
                rows = read_meeting_list_from(Path(self.db_path), limit)
            except sqlite3.Error:
                rows = None
            if rows is not None:
                return rows
        rows = self.store.meeting_list()
        return rows if limit < 0 else rows[:limit]

    def get_default_screen(self) -> Screen[None]:
        # The 会議一覧 is the screen at the bottom of the stack, composed with the app rather
        # than pushed after it: a screen pushed while the app starts is drawn once, unseen,
        # and reaches the terminal only with a later frame.
        from pia_meeting.tui.screens.meetings import MeetingListScreen

        return MeetingListScreen()

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        if self.read_only_file:
            self.notify(
                f"このファイルには書き込めないため、読み取り専用で開いています: {self.db_path}",
                severity="warning",
                timeout=15,
            )
        meeting_id, step = self._open_on_start
        if meeting_id is not None:
            self.open_meeting(meeting_id, step)
        # The first screen only reads. The integrity check, and what the first write needs,
        # start once it is on the terminal, on threads. The store (the first action that
        # writes or opens a meeting) waits for the check if it is still reading the file.
        if self._integrity is not None:
            self.after_first_frame(self._integrity.start)
        self.after_first_frame(
            lambda: self.run_worker(
                _load_for_writing, name="load-for-writing", thread=True, exit_on_error=False
            )
        )

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Run `callback` once the first screen is on the terminal.

        Not `call_after_refresh` alone: the start of the app is one batch of updates, and a
        refresh inside it draws nothing, so work queued that way would run before the first
        frame and hold it back (SPEC §9, start-up). `Ready` comes once the DOM is laid out;
        the refresh after it is the one that draws."""
        if self._first_frame_pending is None:
            self.call_after_refresh(callback)
        else:
            self._first_frame_pending.append(callback)

    def on_ready(self) -> None:
        pending, self._first_frame_pending = self._first_frame_pending or [], None
        for callback in pending:
            self.call_after_refresh(callback)

    def action_command_palette(self) -> None:
        """The command palette, in Japanese (Textual's says 「Search for commands…」)."""
        from textual.command import CommandPalette

        from pia_meeting.tui.widgets.japanese import JapaneseCommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(JapaneseCommandPalette(id="--command-palette"))

    def action_help_quit(self) -> None:
        """Ctrl+C (a reflex to quit): say how to quit, in Japanese."""
        self.notify("終了するには Ctrl+Q を押してください", title="終了しますか?")

    def get_key_display(self, binding: Binding) -> str:
        """One spelling of every key in the footer (see `keys.key_label`), whatever a
        binding of Textual's own or of a screen says."""
        from pia_meeting.tui.keys import key_label

        return key_label(binding.key)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        # Messages carry names, paths and typed text: never parse them as markup.
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def _unnotify(self, notification: Notification, refresh: bool = True) -> None:
        """A notification expired (or was clicked away). Textual removes its toast without
        repainting where it was when the screen's map was rebuilt in between (a widget off
        screen refreshed, as on 答申): the toast stayed painted until something else drew
        there. Once the toast is gone, the whole screen is drawn again."""
        super()._unnotify(notification, refresh)
        self._repaint_after_toast()

    def _repaint_after_toast(self, tries: int = 0) -> None:
        try:
            screen = self.screen
        except Exception:  # no screen any more (the app is ending)
            return
        if len(screen.query("ToastHolder")) > len(self._notifications) and tries < 40:
            self.set_timer(0.05, partial(self._repaint_after_toast, tries + 1))
            return
        screen.refresh()

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Every key's action: a user error it raises (a full disk, a busy or read-only
        database, a refused change) is said at the bottom of the screen, and the app goes
        on. Caught here, not in `_handle_exception`: by then Textual has stopped the widget
        or screen whose handler raised, and its keys would go nowhere."""
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except (UserError, sqlite3.Error) as error:
            self.notify(_said(error), severity="error", timeout=10)
            return True

    def _handle_exception(self, error: Exception) -> None:
        """An error that a handler let through has stopped that handler's widget, which
        takes no more keys: saying so and going on would leave a box that seems to work and
        swallows what is typed. What is typed is saved as a draft (offered again at the
        next start) and the app ends with the reason in Japanese."""
        if isinstance(error, UserError | sqlite3.Error):
            from pia_meeting.tui.screens.base import StepScreen

            for screen in self.screen_stack:
                if isinstance(screen, StepScreen):
                    with suppress(Exception):
                        screen.flush()
            if self._draft_writer is not None:
                self._draft_writer.flush(2.0)
            self.exit(
                return_code=1,
                message=Text(
                    f"pia-meeting: {_said(error)}\n続けられないため終了しました。"
                    "入力中の文章は保存されています(次に開くと復元できます)。"
                ),
            )
            return
        super()._handle_exception(error)

    def on_unmount(self) -> None:
        if self._draft_writer is not None:
            self._draft_writer.close()
        self._release_lock()
        if self._store is not None:
            self._store.close()
        elif self._integrity is not None and self._integrity.passed:
            # Only read so far, read-only: such a connection leaves the -wal and -shm
            # behind. The last normal connection to close takes them away (when no
            # other program has the file open).
            with suppress(sqlite3.Error), closing(sqlite3.connect(self.db_path)) as conn:
                conn.execute("select count(*) from sqlite_master").fetchone()

    # -- one writer per meeting (SPEC §6) -----------------------------------------------------

    def _release_lock(self) -> None:
        if self._locked_meeting is None:
            return
        from pia_meeting.store import locks

        try:
            locks.release(self.store, self._locked_meeting)
        except UserError:
            pass  # the row is taken over as stale by the next instance
        self._locked_meeting = None

    def _hold_lock(self, meeting_id: int) -> None:
        self._locked_meeting = meeting_id
        if not self._heartbeat_started:
            from pia_meeting.store.locks import HEARTBEAT_INTERVAL

            self._heartbeat_started = True
            self.set_interval(HEARTBEAT_INTERVAL, self._heartbeat)

    def _heartbeat(self) -> None:
        if self._locked_meeting is None:
            return
        from pia_meeting.store import locks

        try:
            still_ours = locks.heartbeat(self.store, self._locked_meeting)
        except UserError:
            return  # busy: try again at the next beat
        if not still_ours:
            self._locked_meeting = None
            if self.session is not None:
                self.session.read_only = True
            self.notify(
                "この会議の編集は別の画面に引き継がれました。読み取り専用に切り替えます。",
                severity="warning",
                timeout=15,
            )

    def _lock(self, meeting_id: int, then: Callable[[bool], None]) -> None:
        """Take the meeting's lock, or open it read-only; a stale lock is taken over only
        after the user says so. `then(read_only)` opens it."""
        from pia_meeting.store import locks

        try:
            result = locks.acquire(self.store, meeting_id)
        except UserError as exc:
            self.notify(str(exc), severity="error")
            return
        if result.acquired:
            self._hold_lock(meeting_id)
            then(False)
            return
        if result.state is locks.LockState.STALE:
            from pia_meeting.tui.screens.confirm import ConfirmScreen

            def answered(yes: bool | None) -> None:
                taken = locks.take_over(self.store, meeting_id, result.holder) if yes else None
                if taken is not None and taken.acquired:
                    self._hold_lock(meeting_id)
                    then(False)
                    return
                if taken is not None:
                    self.notify(taken.message(), severity="warning", timeout=10)
                then(True)

            self.push_screen(
                ConfirmScreen(
                    "この会議の編集を引き継ぎますか?",
                    result.message() + "\nいいえ を選ぶと読み取り専用で開きます。",
                ),
                answered,
            )
            return
        self.notify(result.message(), severity="warning", timeout=10)
        then(True)

    # -- navigation -----------------------------------------------------------------------

    def _step_screen(self, step: int, entry_id: int | None = None) -> Screen[None]:
        from pia_meeting.tui.screens.attendance import AttendanceScreen
        from pia_meeting.tui.screens.capture import CaptureScreen
        from pia_meeting.tui.screens.decision import DecisionScreen
        from pia_meeting.tui.screens.export import ExportScreen
        from pia_meeting.tui.screens.meeting_info import MeetingInfoScreen

        session = self.session
        assert session is not None
        if step == 4:
            return CaptureScreen(session, show_entry_id=entry_id)
        screens: dict[int, type[StepScreen]] = {
            2: MeetingInfoScreen,
            3: AttendanceScreen,
            5: DecisionScreen,
            6: ExportScreen,
        }
        return screens[step](session)

    def current_step(self) -> int:
        from pia_meeting.tui.screens.base import StepScreen

        screen = self.screen
        return screen.step if isinstance(screen, StepScreen) else 0

    def open_meeting(self, meeting_id: int, step: int = 2, entry_id: int | None = None) -> None:
        if meeting_id != self._locked_meeting:
            self._release_lock()

        def opened(read_only: bool) -> None:
            read_only = read_only or self.read_only_file
            self.session = MeetingSession(
                meeting_id,
                self.store,
                self.db_path,
                read_only=read_only,
                drafts=None if read_only else self._drafts(),
                read_only_reason="このファイルには書き込めません"
                if self.read_only_file
                else "別の画面で編集中",
                editor=self._editor_of(meeting_id),
            )
            self.goto(step, entry_id)

        if self.read_only_file:
            opened(True)  # no lock to take: nothing is written from here
            return
        self._lock(meeting_id, opened)

    def _editor_of(self, meeting_id: int) -> EntryEditor:
        from pia_meeting.services.editing import EntryEditor

        if meeting_id not in self._editors:
            self._editors[meeting_id] = EntryEditor(self.store)
        return self._editors[meeting_id]

    @on(OpenMeeting)
    def _open_asked(self, message: OpenMeeting) -> None:
        # Back to 会議一覧 first, so that the meeting opens afresh (through its lock) even
        # when asked from a step of another meeting, or of the same one.
        if self.goto(1):
            self.open_meeting(message.meeting_id, message.step, message.entry_id)

    def goto(self, step: int, entry_id: int | None = None) -> bool:
        """Go to `step` of the open meeting; False when it cannot be left (a dialog is
        open, or something typed there cannot be saved)."""
        from pia_meeting.tui.screens.base import StepScreen

        if not isinstance(self.screen, StepScreen):
            return False  # a dialog is open: it decides
        step = max(1, min(len(STEPS), step))
        if step == self.current_step():
            return True
        current = self.screen
        current.flush()
        refused = current.refused_input()
        if refused is not None:
            self.notify(refused + "(直すか消してから移動してください)", severity="warning")
            return False
        if step == 1:
            while len(self.screen_stack) > 1:
                self.pop_screen()
            self._release_lock()
            self.session = None  # reopening goes through open_meeting, and its lock
            return True
        if self.session is None:
            from pia_meeting.tui.screens.meetings import MeetingListScreen

            # From the list, the meeting under the cursor is the one meant.
            chosen = (
                current.selected_meeting_id() if isinstance(current, MeetingListScreen) else None
            )
            if chosen is not None:
                self.open_meeting(chosen, step)
            else:
                self.notify("先に会議一覧で会議を選ぶか作成してください", severity="warning")
            return False
        if self.current_step() == 1:
            self.push_screen(self._step_screen(step, entry_id))
        else:
            self.switch_screen(self._step_screen(step, entry_id))
        return True

    async def action_quit(self) -> None:
        from pia_meeting.tui.screens.base import StepScreen

        for screen in self.screen_stack:
            if isinstance(screen, StepScreen):
                screen.flush()
        self.exit()

    def action_step(self, delta: int) -> None:
        self.goto(self.current_step() + delta)

    def action_goto(self, step: int) -> None:
        self.goto(step)

    def action_board(self) -> None:
        from pia_meeting.tui.screens.board import BoardScreen

        session = self.session
        if session is None:
            return
        if session.read_only:
            self.notify("読み取り専用で開いているため、審査会の設定は変更できません")
            return
        board_id = self.store.get_meeting(session.meeting_id).board_id or 0
        self.push_screen(BoardScreen(self.store, board_id, session.meeting_id))

    def action_toshin(self) -> None:
        """The 答申書 in 出力 (its preview; Ctrl+E writes it)."""
        from pia_meeting.tui.screens.export import TOSHIN, ExportScreen

        if self.session is None:
            return
        self.session.export_format = TOSHIN
        if isinstance(self.screen, ExportScreen):
            self.screen.show_format(TOSHIN)
        else:
            self.goto(6)

    def action_search(self) -> None:
        from pia_meeting.tui.screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen(self.search_source()))

    def search_source(self) -> SearchSource:
        from pia_meeting.tui.widgets.search_panel import SearchSource

        return SearchSource(self.db_path, lambda: self.store)

    def action_help(self) -> None:
        from pia_meeting.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for index, name in enumerate(STEPS, start=1):
            yield SystemCommand(
                f"画面: {index} {name}", f"{name}の画面へ移動する", lambda i=index: self.goto(i)
            )
        if self.session is not None:
            yield SystemCommand(
                "審査会の設定", "定足数・発言者ラベル・答申書の宛先・委員", self.action_board
            )
            yield SystemCommand(
                "答申書を出力",
                "確定した答申の答申書(.docx)を出力の画面で書き出す",
                self.action_toshin,
            )
        yield SystemCommand("検索", "過去の会議の発言・議題・答申を検索する", self.action_search)
        yield SystemCommand("ヘルプ", "キー操作の一覧を表示する", self.action_help)
        yield SystemCommand("終了", "アプリを終了する (Ctrl+Q)", self.action_quit)
        yield SystemCommand(
            "テーマ切替 (明/暗)",
            "画面の配色を切り替える",
            lambda: setattr(
                self, "theme", "textual-light" if self.theme == "textual-dark" else "textual-dark"
            ),
        )


def _load_for_writing() -> None:
    # Import only: the connection itself is opened on the main thread, where it is used.
    import sqlite_utils  # noqa: F401  (Store.db, on the first insert)


def _said(error: Exception) -> str:
    if isinstance(error, UserError):
        return str(error)
    return f"データベースの操作に失敗しました({error})。もう一度操作してください"
