"""The 答申 screen through the keys: the counted vote and its rules, the checklist, the
freeze and the unlock; and the board settings changing how speakers are labelled."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Label, Select, Static

from pia_meeting.core.model import (
    AgendaItem,
    Assessment,
    Attendance,
    Entry,
    Meeting,
    Presence,
    Side,
)
from pia_meeting.services import checklist
from pia_meeting.store.facade import Store
from pia_meeting.tui.app import PiaMeetingApp
from pia_meeting.tui.screens.board import BoardScreen
from pia_meeting.tui.screens.capture import CaptureScreen
from pia_meeting.tui.screens.closing_choice import ClosingChoiceScreen
from pia_meeting.tui.screens.decision import DecisionScreen
from pia_meeting.tui.screens.vote import VoteScreen
from pia_meeting.tui.widgets.field import Field
from tests.support.ui_helpers import replace_text, type_text


def make_meeting(path: Path, *, present: int = 5) -> int:
    store = Store(path)
    board = store.board_named("北九州市個人情報保護審査会")
    meeting = store.create_meeting(Meeting(board_id=board.id, number=15, date="2021-11-09"))
    assessment = store.save_assessment(Assessment(name="住民基本台帳に関する事務", page_count=78))
    store.add_agenda_item(
        AgendaItem(meeting_id=meeting.id, title="住民基本台帳", assessment_id=assessment.id)
    )
    for index, (name, title) in enumerate(
        [("時枝", "会長"), ("姜", "委員"), ("重永", "委員"), ("日高", "委員"), ("松木", "委員")]
    ):
        store.add_attendee(
            Attendance(
                meeting_id=meeting.id,
                side=Side.MEMBER,
                name=name,
                title=title,
                presence=Presence.PRESENT if index < present else Presence.ABSENT,
            )
        )
    store.add_attendee(
        Attendance(
            meeting_id=meeting.id,
            side=Side.EXPLAINER,
            name="菊竹",
            title="係長",
            department="市民文化スポーツ局市民総務部戸籍住民課",
        )
    )
    store.close()
    return meeting.id or 0


async def open_vote(app: PiaMeetingApp, pilot) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(app.screen, DecisionScreen)
    await pilot.press("f5")
    await pilot.pause()
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(app.screen, VoteScreen)


async def enter_votes(pilot, yes: str, no: str, abstain: str) -> None:  # type: ignore[no-untyped-def]
    await replace_text(pilot, yes)
    await pilot.press("enter")
    await replace_text(pilot, no)
    await pilot.press("enter")
    await replace_text(pilot, abstain)
    await pilot.press("enter")
    await pilot.pause()


def error_text(app: PiaMeetingApp) -> str:
    texts = [str(f.error.render()) for f in app.screen.query(Field)]
    texts.append(str(app.screen.query_one("#vote-error", Label).render()))
    return " ".join(texts)


async def test_counted_vote_larger_than_present_is_refused_then_recorded(db: Path) -> None:
    meeting_id = make_meeting(db, present=4)
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vote(app, pilot)
        await enter_votes(pilot, "4", "1", "0")
        assert "出席委員4名を超えています" in error_text(app)
        assert isinstance(app.screen, VoteScreen)
        await pilot.press("shift+tab", "shift+tab")  # back to 賛成
        await enter_votes(pilot, "3", "1", "0")
        assert isinstance(app.screen, DecisionScreen)
        toshin = app.screen.toshin
        assert toshin is not None and toshin.is_frozen
        assert (toshin.votes_for, toshin.votes_against, toshin.abstentions) == (3, 1, 0)
        closing = str(app.screen.query_one("#closing").render())
        assert "賛成3名、反対1名、棄権0名" in closing
        # As the minutes will read: the first line carries the chair's label.
        assert closing.startswith("(審査会委員) 以上を踏まえ、答申書を作成する。")


async def test_a_tie_needs_the_chairs_decision(db: Path) -> None:
    meeting_id = make_meeting(db, present=4)
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vote(app, pilot)
        await enter_votes(pilot, "2", "2", "0")
        assert "会長の判断" in error_text(app)
        assert isinstance(app.screen, VoteScreen)
        await pilot.press("enter", "down", "enter")  # the Select has focus: 可決
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DecisionScreen)
        assert app.screen.toshin is not None and app.screen.toshin.chair_decision == "可決"
        assert "会長の決する" in str(app.screen.query_one("#closing").render())


async def test_confirmed_wording_is_frozen_until_unlocked_with_a_reason(db: Path) -> None:
    meeting_id = make_meeting(db)
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5", "y")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DecisionScreen)
        wording = screen.query_one("#wording")
        assert wording.read_only  # type: ignore[attr-defined]
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("enter")  # no reason
        await pilot.pause()
        assert "理由を入力してください" in str(app.screen.query_one(Field).error.render())
        await type_text(pilot, "付帯意見の誤字を訂正するため")
        await pilot.press("enter")
        await pilot.pause()
        assert not wording.read_only  # type: ignore[attr-defined]
    store = Store(db)
    events = store.audit(meeting_id)
    store.close()
    assert events[-1].reason == "付帯意見の誤字を訂正するため"
    assert "住民基本台帳に関する事務について" in events[-1].old_value


async def test_checklist_status_and_memo(db: Path) -> None:
    meeting_id = make_meeting(db)
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=5)
    async with app.run_test(size=(80, 30)) as pilot:
        screen = app.screen
        screen.query_one("#checklist").focus()
        await pilot.press("down", "down", "down", "down")  # (5) 意見聴取
        await pilot.press("space", "space")  # 未確認 → 問題なし → 指摘あり
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "意見が0件であった点について質疑")
        await pilot.press("enter")
        await pilot.pause()
    store = Store(db)
    item_id = store.agenda(meeting_id)[0].id or 0
    row = checklist.load(store, item_id)[4]
    store.close()
    assert (row.no, row.status, row.memo) == (5, "指摘あり", "意見が0件であった点について質疑")


async def test_board_label_style_changes_the_capture_labels(db: Path) -> None:
    meeting_id = make_meeting(db)
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=2)
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        select = app.screen.query_one("#label_style")
        select.focus()
        await pilot.press("enter", "down", "enter")  # 【氏名+役職】
        await pilot.pause()
        await pilot.press("escape")
        await pilot.press("alt+right", "alt+right")
        await pilot.pause()
        assert isinstance(app.screen, CaptureScreen)
        assert "【菊竹係長】" in str(app.screen.query_one("#capture-status").render())


async def test_meeting_closes_with_the_answer_and_later_edits_are_audited(db: Path) -> None:
    meeting_id = make_meeting(db)
    store = Store(db)
    item_id = store.agenda(meeting_id)[0].id
    store.add_entry(Entry(meeting_id=meeting_id, agenda_item_id=item_id, text="元の発言。"))
    store.close()
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5", "y")
        await pilot.pause()
        await pilot.press("alt+left")
        await pilot.pause()
        assert isinstance(app.screen, CaptureScreen)
        # The confirmation wrote the closing lines after it: edit the first entry.
        await pilot.press("escape", "home", "enter")
        await pilot.pause()
        await pilot.press("end")
        await type_text(pilot, "(訂正)")
        await pilot.press("ctrl+s")
        await pilot.pause()
    store = Store(db)
    assert store.get_meeting(meeting_id).status == "閉会"
    events = [e for e in store.audit(meeting_id) if e.table_name == "entries"]
    store.close()
    assert [(e.old_value, e.new_value) for e in events] == [("元の発言。", "元の発言。(訂正)")]


@pytest.mark.parametrize("template", ["A", "B"])
async def test_the_saved_wording_is_shown_as_it_was_typed(db: Path, template: str) -> None:
    """Opening 答申 (again) keeps the wording and template that were saved; only choosing
    another template replaces the text."""
    from pia_meeting.services.toshin import ToshinService

    meeting_id = make_meeting(db)
    store = Store(db)
    bundle = store.load_bundle(meeting_id)
    (item,) = bundle.agenda
    service = ToshinService(store)
    toshin = service.get_or_draft(bundle.board, item, bundle.assessment_of(item))
    service.save_draft(toshin, "事務局が書き直した答申の文言。", ["付帯意見の一つ目"], template)
    store.close()

    app = PiaMeetingApp(db, meeting_id=meeting_id, step=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(2):  # on opening, and on coming back from 出力
            assert isinstance(app.screen, DecisionScreen)
            assert app.screen.query_one("#wording").text == "事務局が書き直した答申の文言。"
            await pilot.press("alt+right")
            await pilot.pause()
            await pilot.press("alt+left")
            await pilot.pause()
    store = Store(db)
    try:
        saved = store.get_toshin(item.id or 0)
    finally:
        store.close()
    assert saved is not None
    assert (saved.template, saved.wording) == (template, "事務局が書き直した答申の文言。")

    # Choosing another template does replace the text with that template's.
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#template", Select).value = "C"
        await pilot.pause()
        assert app.screen.query_one("#wording").text != "事務局が書き直した答申の文言。"
        assert app.screen.toshin.template == "C"  # type: ignore[attr-defined]


def type_closing(path: Path, meeting_id: int) -> list[str]:
    """The chair's closing as the 事務局 typed it live, before the confirmation."""
    store = Store(path)
    chair = next(p for p in store.attendance(meeting_id) if p.name == "時枝")
    item = store.agenda(meeting_id)[0]
    lines = ["以上を踏まえ、答申書を作成する。", "この方向性でよろしいか。"]
    for text in lines:
        store.add_entry(
            Entry(meeting_id=meeting_id, agenda_item_id=item.id, speaker_id=chair.id, text=text)
        )
    store.close()
    return lines


async def test_closing_lines_already_typed_are_offered_for_replacement(db: Path) -> None:
    meeting_id = make_meeting(db)
    typed = type_closing(db, meeting_id)
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ClosingChoiceScreen)
        shown = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "この方向性でよろしいか。" in shown  # what was typed
        assert "と認めてよろしいか。" in shown  # what the confirmation would write
        await pilot.press("escape")  # the 事務局 thinks again: nothing is confirmed
        await pilot.pause()
        assert isinstance(app.screen, DecisionScreen)
        assert app.screen.toshin is not None and not app.screen.toshin.is_frozen
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("n")  # 入力のまま: the typed lines are the closing
        await pilot.pause()
        assert isinstance(app.screen, DecisionScreen)
        assert app.screen.toshin is not None and app.screen.toshin.is_frozen
    store = Store(db)
    assert [e.text for e in store.entries(meeting_id)] == typed
    store.close()
