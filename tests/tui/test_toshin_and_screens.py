"""The 答申書 from 出力, the confirmation time, 閉会/確定, what an imported 答申 lacks; every
screen's keys and columns at 80×24; 禁則 in the log and the wording box; Japanese only; and
notifications that go when they expire (issue 18, items 2–5, 8, 11–16)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Input, Label, Static, TextArea

from pia_meeting.core.linebreak import NO_END, NO_START
from pia_meeting.core.model import Toshin
from pia_meeting.services.demo import load_demo
from pia_meeting.store.facade import Store
from pia_meeting.store.locks import LockHolder
from pia_meeting.tui.app import PiaMeetingApp
from pia_meeting.tui.keys import key_label
from pia_meeting.tui.screens.confirm import ConfirmScreen
from pia_meeting.tui.screens.decision import DecisionScreen
from pia_meeting.tui.screens.entry_edit import EntryEditScreen
from pia_meeting.tui.screens.export import ExportScreen
from pia_meeting.tui.screens.help import HelpScreen, binding_rows
from pia_meeting.tui.widgets.field import Field
from pia_meeting.tui.widgets.kinsoku_text_area import KinsokuTextArea
from tests.support.ui_helpers import replace_text, screen_lines, type_text
from tests.tui.test_decision_ui import make_meeting as past_meeting


def demo(db: Path) -> int:
    store = Store(db)
    try:
        return load_demo(store)
    finally:
        store.close()


def footer(app: PiaMeetingApp) -> str:
    return screen_lines(app)[-1]


# -- 2. the 答申書 in 出力 ------------------------------------------------------------------


async def test_the_toshin_document_is_previewed_and_written_from_export(db: Path) -> None:
    meeting_id = demo(db)
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=4)
    async with app.run_test(size=(80, 24)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "答申書を出力" in titles  # in the palette
        app.action_toshin()
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        preview = str(app.screen.query_one("#preview", Static).render())
        assert "次のとおり答申する。" in preview and "答申第" in preview
        await pilot.press("ctrl+e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        written = sorted((db.parent / "exports").glob("*_答申書*.docx"))
        assert len(written) == 1
        result = str(app.screen.query_one("#export-result", Label).render())
        assert str(written[0].resolve()) in result  # the full path, as in the notification
        await pilot.press("ctrl+e")  # again: the question names the same full path
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert str(written[0].resolve()) in app.screen.detail


# -- 3. the confirmation time -------------------------------------------------------------


async def test_a_past_meeting_is_confirmed_at_its_end_or_at_the_time_typed(db: Path) -> None:
    meeting_id = past_meeting(db)
    store = Store(db)
    meeting = store.get_meeting(meeting_id)
    meeting.start_time, meeting.end_time = "10:00", "10:50"
    store.update_meeting(meeting)
    store.close()
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=5)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, DecisionScreen)
        field = screen.query_one("#confirmed_at", Input)
        assert field.value == "2021-11-09 10:50"
        field.focus()
        await replace_text(pilot, "きのうの夕方")
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, DecisionScreen)  # refused at the field, not confirmed
        error = screen.query_one("#field-confirmed_at", Field).error
        assert "読めません" in str(error.render())
        field.focus()
        await replace_text(pilot, "令和3年11月9日 10:48")
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    store = Store(db)
    try:
        item = store.agenda(meeting_id)[0]
        toshin = store.get_toshin(item.id or 0)
        assert toshin is not None and (toshin.confirmed_at or "").startswith("2021-11-09T10:48")
        assert [a.new_value[:16] for a in store.audit(meeting_id) if a.field == "confirmed_at"] == [
            "2021-11-09T10:48"
        ]
    finally:
        store.close()


# -- 4. 閉会 and 確定 ------------------------------------------------------------------------


async def test_f6_closes_the_meeting_then_finalises_it_saying_what_it_means(db: Path) -> None:
    meeting_id = past_meeting(db)
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=5)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "F6 閉会/確定" in footer(app)
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        shown = " ".join(screen_lines(app))
        assert "閉会にしますか" in shown and "監査記録" in shown
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("f6", "y")
        await pilot.pause()
    store = Store(db)
    try:
        assert store.get_meeting(meeting_id).status == "確定"
    finally:
        store.close()


# -- 5. what the 答申書 of an imported meeting lacks ---------------------------------------


async def test_an_imported_toshin_says_what_its_document_lacks_and_takes_it(db: Path) -> None:
    meeting_id = past_meeting(db)
    store = Store(db)
    item = store.agenda(meeting_id)[0]
    # As the importer leaves it: confirmed, no 答申番号, no 諮問.
    store.put_toshin(
        Toshin(
            agenda_item_id=item.id,
            wording="妥当である。",
            result="答申",
            confirmed_at="2021-11-09T10:48:00+09:00",
            confirmed_by="時枝会長",
            text_hash=__import__("pia_meeting.core.toshin", fromlist=["x"]).wording_hash(
                "妥当である。", []
            ),
        )
    )
    store.close()
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=6)
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_toshin()
        await pilot.pause()
        preview = str(app.screen.query_one("#preview", Static).render())
        assert "諮問番号・諮問日・答申番号がありません" in preview
        await pilot.press("alt+left")
        await pilot.pause()
        assert isinstance(app.screen, DecisionScreen)
        gaps = str(app.screen.query_one("#toshin-gaps", Label).render())
        assert "諮問番号・諮問日・答申番号" in gaps
        for field_id, typed in (
            ("inquiry_number", "73"),
            ("inquiry_date", "令和3年10月1日"),
            ("toshin_number", "答申第41号"),
        ):
            app.screen.query_one(f"#{field_id}", Input).focus()
            await type_text(pilot, typed)
            await pilot.press("enter")
            await pilot.pause()
        assert not app.screen.query_one("#toshin-gaps", Label).display
    store = Store(db)
    try:
        item = store.agenda(meeting_id)[0]
        assert (item.inquiry_number, item.inquiry_date) == ("諮問第73号", "2021-10-01")
        assert (store.get_toshin(item.id or 0) or Toshin()).number == "答申第41号"
    finally:
        store.close()


# -- 8. the entry edit dialog at 80×24 -----------------------------------------------------


async def test_the_edit_dialog_shows_its_flags_and_its_own_keys(db: Path) -> None:
    app = PiaMeetingApp(db, meeting_id=demo(db), step=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryEditScreen)
        shown = " ".join(screen_lines(app))
        assert "非公開" in shown and "持ち帰り" in shown
        assert "Ctrl+S 保存" in footer(app) and "削除" not in footer(app)


# -- 11. keys and columns at 80×24 ----------------------------------------------------------


async def test_every_footer_holds_its_keys_at_80_columns(db: Path) -> None:
    app = PiaMeetingApp(db, meeting_id=demo(db), step=4)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Esc 一覧" in footer(app)
        await pilot.press("escape")
        await pilot.pause()
        for key in ("Enter 編集", "Del 削除", "p 非公開", "v 範囲", "x 伏字", "c 確認", "Ctrl+Z"):
            assert key in footer(app), key
        assert "Esc 入力欄へ" in screen_lines(app)[1]
        await pilot.press("i", "alt+left")
        await pilot.pause()
        assert "Ctrl+B 委員名簿から" in footer(app)
        lines = screen_lines(app)
        header = next(line for line in lines if "氏名" in line and "区分" in line)
        assert "出欠" in header and "発言者ラベル" in header
        assert any("出席" in line and "榊原" in line for line in lines)


async def test_agenda_table_and_checklist_are_not_cut(db: Path) -> None:
    app = PiaMeetingApp(db, meeting_id=demo(db), step=2)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        screen.query_one("#agenda").scroll_visible(animate=False)
        await pilot.pause()
        row = next(line for line in screen_lines(app) if line.startswith("  1 "))
        assert "公開" in row and "国民健康保険に関する" in row
        await pilot.press("alt+right", "alt+right", "alt+right")
        await pilot.pause()
        table = app.screen.query_one("#checklist")
        table.focus()
        table.scroll_visible(animate=False)
        await pilot.pause()
        shown = "".join(line.strip() for line in screen_lines(app))
        assert "様式の全項目を事務の実態に基づき" in shown
        assert re.search(r"\(6\).*様式の全項目", shown)


# -- 12. 禁則 ---------------------------------------------------------------------------------


def assert_kinsoku(lines: list[str]) -> None:
    for line in lines:
        body = line.strip(" ▊▎▁▔▂▃▄▅▆▇█")
        if body:
            assert body[0] not in NO_START, line
            assert body[-1] not in NO_END, line


async def test_no_line_of_the_log_starts_with_punctuation(db: Path) -> None:
    app = PiaMeetingApp(db, meeting_id=demo(db), step=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = screen_lines(app)[2:17]
        assert any("、" in line for line in lines)
        assert_kinsoku(lines)


class Boxes(App[None]):
    """The wording box beside a plain TextArea, both wide enough for 38 characters a row."""

    def compose(self) -> ComposeResult:
        for box in (KinsokuTextArea(WORDING, id="kinsoku"), TextArea(WORDING, id="plain")):
            box.styles.width = 82
            yield box


WORDING = (
    "アクセス権限の見直しについても、システム移行後に同じような事例が起きないよう、"
    "付帯意見として付けてはどうか。"
)


async def test_the_wording_box_wraps_by_the_rules(db: Path) -> None:
    app = Boxes()
    async with app.run_test(size=(90, 24)) as pilot:
        await pilot.pause()
        plain = app.query_one("#plain", TextArea).wrapped_document.lines[0]
        assert plain[1].startswith("、")  # Textual's own wrap
        rows = app.query_one("#kinsoku", KinsokuTextArea).wrapped_document.lines[0]
        assert rows[1].startswith("う、") and "".join(rows) == WORDING
        assert_kinsoku(rows)
        box = app.query_one("#kinsoku", KinsokuTextArea)
        box.focus()
        box.move_cursor(box.document.end)
        await type_text(pilot, "また、「委託先」の監督についても付帯意見とする。")
        rows = box.wrapped_document.lines[0]
        assert_kinsoku(rows)
    decision = PiaMeetingApp(db, meeting_id=past_meeting(db), step=5)
    async with decision.run_test(size=(80, 24)):
        assert isinstance(decision.screen.query_one("#wording"), KinsokuTextArea)
        assert isinstance(decision.screen.query_one("#riders"), KinsokuTextArea)


# -- 13. Japanese only, one spelling of keys -------------------------------------------------


async def test_palette_select_and_ctrl_c_speak_japanese(db: Path) -> None:
    app = PiaMeetingApp(db, meeting_id=demo(db), step=6)
    notes: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        original = app.notify

        def noted(message: str, **kwargs: object) -> None:
            notes.append(f"{kwargs.get('title', '')} {message}")
            original(message, **kwargs)  # type: ignore[arg-type]

        app.notify = noted  # type: ignore[method-assign,assignment]
        await pilot.press("enter")  # the format select opens
        await pilot.pause()
        assert "Esc 閉じる" in footer(app) and "Dismiss" not in footer(app)
        await pilot.press("escape", "ctrl+c")
        await pilot.pause()
        assert notes and "Ctrl+Q" in notes[-1] and "quit" not in notes[-1]
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen.query_one(Input)
        assert "コマンドを検索" in palette.placeholder
        await type_text(pilot, "zzzz")
        await asyncio.sleep(0.7)
        await pilot.pause()
        shown = " ".join(screen_lines(app))
        assert "該当するコマンドはありません" in shown and "No matches" not in shown


CANONICAL = re.compile(
    r"^((Ctrl|Shift|Alt)\+)*(F\d{1,2}|Esc|Enter|Del|BS|Space|Tab|Home|End|PgUp|PgDn|Ins"
    r"|[↑↓←→]|[A-Z0-9]|[a-z0-9?/])$"
)


async def test_help_spells_every_key_one_way(db: Path) -> None:
    app = PiaMeetingApp(db, meeting_id=demo(db), step=4)
    async with app.run_test(size=(80, 24)) as pilot:
        for step in ("alt+left", "alt+left", "alt+right", "alt+right", "alt+right", "alt+right"):
            for keys, _ in binding_rows(app.screen):
                for key in keys.split(" / "):
                    assert CANONICAL.match(key), (type(app.screen).__name__, key)
            await pilot.press(step)
            await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
    assert key_label("shift+f2") == "Shift+F2"
    assert key_label("ctrl+o") == "Ctrl+O"
    assert key_label("alt+left") == "Alt+←"


# -- 14. a notification goes when it expires --------------------------------------------------


class Terminal:
    """What a terminal shows of the bytes the app writes: cursor moves and text."""

    MOVE = re.compile(r"\x1b\[(\d+);(\d+)H")
    CONTROL = re.compile(
        r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78])"
    )

    def __init__(self, columns: int, rows: int) -> None:
        self.cells = [[" "] * columns for _ in range(rows)]
        self.x = self.y = 0

    def feed(self, data: str) -> None:
        from rich.cells import get_character_cell_size

        position = 0
        while position < len(data):
            if data[position] == "\x1b":
                move = self.MOVE.match(data, position)
                if move:
                    self.y, self.x = int(move[1]) - 1, int(move[2]) - 1
                    position = move.end()
                    continue
                control = self.CONTROL.match(data, position)
                position = control.end() if control else position + 1
                continue
            char = data[position]
            position += 1
            if char in "\r\n":
                continue
            size = get_character_cell_size(char)
            if 0 <= self.y < len(self.cells) and 0 <= self.x < len(self.cells[0]):
                self.cells[self.y][self.x] = char
                if size == 2 and self.x + 1 < len(self.cells[0]):
                    self.cells[self.y][self.x + 1] = ""
            self.x += size

    def text(self) -> str:
        return "\n".join("".join(row) for row in self.cells)


async def test_an_expired_notification_leaves_the_screen(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PiaMeetingApp, "NOTIFICATION_TIMEOUT", 1.5)
    app = PiaMeetingApp(db, meeting_id=past_meeting(db), step=5)
    terminal = Terminal(80, 24)
    notice = "異議なしとして答申を確定しました"

    async def until(shown: bool, seconds: float) -> bool:
        for _ in range(int(seconds / 0.05)):
            await asyncio.sleep(0.05)
            if (notice in terminal.text()) is shown:
                return True
        return False

    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        driver = app._driver
        assert driver is not None
        # The frames a terminal would get (a headless run draws none).
        monkeypatch.setattr(type(driver), "is_headless", property(lambda _: False))
        monkeypatch.setattr(driver, "write", terminal.feed)
        app.screen.refresh()
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("y")  # the notice comes while 答申 redraws what it shows
        assert await until(True, 1.5)
        assert await until(False, 5.0), terminal.text()


# -- 15, 16. how things are said; Home in 出欠; the board of a search hit -----------------------


def test_the_take_over_question_names_the_window_not_a_process() -> None:
    import socket

    holder = LockHolder(
        pid=24484,
        host=socket.gethostname(),
        started_at="2025-10-21T05:02:00+00:00",
        heartbeat_at="2025-10-21T05:30:00+00:00",
        heartbeat_age=600,
    )
    said = holder.described()
    assert "このパソコン" in said and "に開いた画面" in said
    assert "24484" not in said and "プロセス" not in said
    other = LockHolder(24484, "窓口PC-2", "2025-10-21T05:02:00+00:00", "", 600).described()
    assert "別のパソコン「窓口PC-2」" in other


async def test_home_goes_to_the_first_row_of_the_roll(db: Path) -> None:
    app = PiaMeetingApp(db, meeting_id=demo(db), step=3)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.screen.query_one("#roll")
        table.focus()
        await pilot.press("down", "down", "down", "home")
        await pilot.pause()
        assert table.cursor_row == 0  # type: ignore[attr-defined]
        await pilot.press("end")
        assert table.cursor_row == table.row_count - 1  # type: ignore[attr-defined]


async def test_start_and_end_suggest_no_made_up_time(db: Path) -> None:
    app = PiaMeetingApp(db, meeting_id=past_meeting(db), step=2)
    async with app.run_test(size=(80, 24)):
        start = app.screen.query_one("#start_time", Input)
        end = app.screen.query_one("#end_time", Input)
        assert "10:00" not in start.placeholder and "10:50" not in end.placeholder


def test_a_search_hit_names_its_board() -> None:
    from pia_meeting.services.search import SearchHit
    from pia_meeting.tui.widgets.search_panel import hit_prompt

    hit = SearchHit(
        meeting_id=1,
        entry_id=1,
        agenda_item_id=1,
        meeting_number=2,
        date="2021-11-09",
        speaker="(審査会委員)",
        kind="質問",
        snippet=[("委託先", True)],
        snippet_text="委託先",
        board_name="みなと川市個人情報保護審査会",
    )
    assert "みなと川市個人情報保護審査会" in hit_prompt(hit).plain
