"""Specimen 01 (numbered sections, ../shared/specimens), re-enacted through the TUI with keys
only, from an empty database: the board and its style, the meeting, the attendees with full
names, every turn, the 答申 and its confirmation, then the export. The .docx read back gives
at least 99 % of the specimen's lines and 。-sentences, in order (issue 16)."""

from __future__ import annotations

import docx
from textual.widgets import OptionList, TextArea

from pia_meeting.store.facade import Store
from pia_meeting.tui.app import PiaMeetingApp
from pia_meeting.tui.screens.attendance import AttendanceScreen
from pia_meeting.tui.screens.board import BoardScreen
from pia_meeting.tui.screens.capture import CaptureScreen
from pia_meeting.tui.screens.decision import DecisionScreen
from pia_meeting.tui.screens.export import ExportScreen
from pia_meeting.tui.screens.meeting_info import MeetingInfoScreen
from tests.support.roundtrip import measure
from tests.support.specimens import Session01, Turn, session_01, specimen
from tests.support.ui_helpers import replace_text, type_text

KIND_KEY = {
    "説明": "alt+e",
    "質問": "alt+q",
    "回答": "alt+a",
    "議事進行": "alt+g",
    "ト書き": "alt+t",
}
STYLE = "numbered-sections"


async def enter_meeting_info(pilot, app, session: Session01) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(app.screen, MeetingInfoScreen)
    await pilot.press("enter", "enter", "enter")  # 審査会名 → 回 → 会議名 → 開催日
    await pilot.press("enter")  # → 開始
    await type_text(pilot, session.start.strftime("%H:%M"))
    await pilot.press("enter")
    await type_text(pilot, session.end.strftime("%H:%M"))
    await pilot.press("enter")  # → 場所
    await type_text(pilot, session.place)
    await pilot.press("enter")  # → 傍聴人数
    await replace_text(pilot, str(session.observers))
    await pilot.press("enter")  # → 公開区分
    await pilot.press("tab", "tab", "tab")  # 記録方式 → 議題一覧 → 議題名
    for index, item in enumerate(session.items):
        if index:
            await pilot.press("ctrl+n")  # a new item, its title selected
            await pilot.pause()
        assert app.focused is app.screen.query_one("#item_title")
        if not index:
            await replace_text(pilot, item.title)
        else:
            await type_text(pilot, item.title)
        await pilot.press("enter")  # → 見出し
        await pilot.press("enter")  # → 公開/非公開
        if not item.public:
            await pilot.press("enter", "down", "enter")  # 非公開
            await pilot.pause()
        await pilot.press("tab")  # → 非公開の理由
        if not item.public:
            await replace_text(pilot, session.closed_reason)
        await pilot.press("enter")  # → 諮問番号
        await type_text(pilot, item.inquiry)
        await pilot.press("enter")  # → 諮問日
    # 諮問日 → 事務名 → 種別 → ページ数 → 版 → 章の開始ページ → 分類 → 会議資料
    await pilot.press("enter", "enter", "tab", "enter", "enter", "enter", "enter")
    await pilot.pause()
    assert app.focused is app.screen.query_one("#materials", TextArea)
    for number, line in enumerate(session.materials):
        if number:
            await pilot.press("enter")
        await type_text(pilot, line)
    await pilot.press("tab")  # → 議事録署名人: 会議資料 is saved on leaving
    await pilot.pause()


async def choose_style(pilot, app) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+b")
    await pilot.pause()
    assert isinstance(app.screen, BoardScreen)
    await pilot.press("tab")  # 審査会名 → 書式
    names = [entry.name for entry in app.screen.catalogue]
    await pilot.press("enter")
    await pilot.pause()
    for _ in range(names.index(STYLE)):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()
    assert app.screen.board.minutes_style == STYLE
    assert "【内部用】" in str(app.screen.query_one("#style-preview").render())
    await pilot.press("escape")
    await pilot.pause()


async def enter_roll(pilot, app, session: Session01) -> list[str]:  # type: ignore[no-untyped-def]
    """Members, then 説明者, then 事務局; returns the labels in roll order."""
    await pilot.press("alt+right")
    await pilot.pause()
    assert isinstance(app.screen, AttendanceScreen)
    await pilot.press("tab")  # 区分 (委員) → 氏名
    order: list[str] = []
    for side in ("委員", "説明者", "事務局"):
        if side != "委員":
            await pilot.press("shift+tab")
            await pilot.press("enter", "down", "enter")  # the next 区分
            await pilot.pause()
            await pilot.press("tab")
        for person in (p for p in session.people if p.side == side):
            await type_text(pilot, person.name)
            await pilot.press("enter")
            await type_text(pilot, person.title)
            await pilot.press("enter")
            if side != "委員":
                await replace_text(pilot, person.department)
            await pilot.press("enter")  # Enter in 所属 adds the person
            await pilot.pause()
            order.append(person.label)
    return order


async def pick_speaker(pilot, app, screen: CaptureScreen, index: int) -> None:  # type: ignore[no-untyped-def]
    if screen.capture.state.speakers.index(screen.capture.state.speaker) == index:
        return
    await pilot.press("ctrl+o")
    await pilot.pause()
    if index < 9:
        await pilot.press(str(index + 1))
    else:
        options = app.screen.query_one(OptionList)
        while options.highlighted != index:
            await pilot.press("down")
        await pilot.press("enter")
    await pilot.pause()


async def say(pilot, app, screen: CaptureScreen, order: list[str], turn: Turn) -> None:  # type: ignore[no-untyped-def]
    if turn.speaker is not None:
        await pick_speaker(pilot, app, screen, order.index(turn.speaker))
    if screen.capture.state.kind != turn.kind:
        await pilot.press(KIND_KEY[turn.kind])
    assert app.focused is screen.query_one("#box")
    await type_text(pilot, turn.text)
    await pilot.press("enter")


async def test_specimen_01_session_end_to_end(db) -> None:  # type: ignore[no-untyped-def]
    session = session_01()
    workdir = db.parent
    app = PiaMeetingApp(db)
    async with app.run_test(size=(100, 30)) as pilot:
        # 1 会議一覧: a new meeting of a new board.
        await pilot.press("n")
        await type_text(pilot, session.board)
        await pilot.press("enter")
        await replace_text(pilot, str(session.number))
        await pilot.press("enter")
        await type_text(pilot, session.date.isoformat())
        await pilot.press("enter")
        await pilot.pause()

        # 2 会議情報, and the board's style in 審査会の設定.
        await enter_meeting_info(pilot, app, session)
        await choose_style(pilot, app)

        # 3 出欠: full names, titles and departments.
        order = await enter_roll(pilot, app, session)
        assert len(order) == len(session.people)

        # 4 議事: every turn said before the 答申 of item 1.
        await pilot.press("alt+right")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaptureScreen)
        before = [t for t in session.turns if not t.after_toshin]
        after = [t for t in session.turns if t.after_toshin]
        assert {t.item for t in before} == {1}
        for turn in before:
            await say(pilot, app, screen, order, turn)
        await pilot.pause()

        # 5 答申: the wording as the chair put it, then 異議なし.
        await pilot.press("alt+right")
        await pilot.pause()
        assert isinstance(app.screen, DecisionScreen)
        app.screen.query_one("#wording", TextArea).focus()
        await pilot.pause()
        await pilot.press("f7")  # select all
        await type_text(pilot, session.wording)
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen.toshin.is_frozen  # type: ignore[attr-defined]

        # 4 議事 again: what was said after it, and the closed item.
        await pilot.press("alt+left")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaptureScreen)
        for turn in after:
            if turn.item == 2 and screen.capture.item.seq != 2:  # type: ignore[union-attr]
                await pilot.press("ctrl+g")
                await pilot.pause()
            await say(pilot, app, screen, order, turn)
        await pilot.pause()

        # 6 出力
        await pilot.press("alt+right", "alt+right")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("ctrl+e")
        await app.workers.wait_for_complete()
        await pilot.pause()

    store = Store(db)
    (row,) = store.meetings()
    number = row["number"]
    store.close()
    exported = workdir / "exports" / f"第{number}回_{session.date.isoformat()}_議事録.docx"
    paragraphs = [p.text for p in docx.Document(str(exported)).paragraphs]
    figures = measure(specimen("01").read_text(encoding="utf-8"), "\n".join(paragraphs))
    assert figures.meets(0.99), (figures, figures.missing_lines, figures.missing_sentences)
    assert paragraphs[0] == "【内部用】"
    assert "【三好会長】 他に質問はないか。なければ、" in paragraphs
    assert "【事務局宇佐見】 議題⑴は公開で行う。" in "\n".join(paragraphs)
