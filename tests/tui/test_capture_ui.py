"""Live capture through the keys: speakers, kinds, page tags, 持ち帰り, editing with undo,
非公開 runs, and a 2,000-entry meeting."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual import events
from textual.binding import Binding

from pia_meeting.core.turns import KIND_CYCLE
from pia_meeting.store.facade import Store
from pia_meeting.tui.app import PiaMeetingApp
from pia_meeting.tui.screens.capture import CaptureBox, CaptureScreen, EntryLog
from pia_meeting.tui.screens.decision import DecisionScreen
from tests.support.meetings import fresh_meeting, make_meeting, stored
from tests.support.ui_helpers import type_text


def open_capture(db: Path, meeting_id: int) -> PiaMeetingApp:
    return PiaMeetingApp(db, meeting_id=meeting_id, step=4)


def status(screen: CaptureScreen) -> str:
    return str(screen.query_one("#capture-status").render())


async def commit(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await type_text(pilot, text)
    await pilot.press("enter")
    await pilot.pause()


async def test_speaker_and_kind_switch_without_leaving_the_box(db: Path) -> None:
    meeting_id = fresh_meeting(db, 15)
    app = open_capture(db, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, CaptureScreen)
        box = screen.query_one(CaptureBox)
        assert "(戸籍住民課) 菊竹係長" in status(screen)  # the first 説明者 explains first
        await pilot.press("f2")
        assert "(デジタル市役所推進課) 有永係長" in status(screen)
        await pilot.press("ctrl+o", "1")
        await pilot.press("alt+q")
        assert "(審査会委員) 時枝会長" in status(screen) and "質問" in status(screen)
        assert app.focused is box
        await commit(pilot, "前回から変更になったところはどこか。")
        # After a 質問: a 回答 by the department (none has answered yet: the first 説明者).
        assert screen.capture.state.kind == "回答"
        assert "(戸籍住民課)" in status(screen)
        await pilot.press("f2")  # the other department answers
        await commit(pilot, "大きな変更点はない。")
        await pilot.press("alt+q")
        await pilot.press("ctrl+o", "2")
        await commit(pilot, "リモートワークの対策は。")
        # After the next 質問: the department that answered last.
        assert "(デジタル市役所推進課) 有永係長" in status(screen)
        assert app.focused is box
    entries = stored(db, meeting_id)
    assert [(e.kind, e.text) for e in entries] == [
        ("質問", "前回から変更になったところはどこか。"),
        ("回答", "大きな変更点はない。"),
        ("質問", "リモートワークの対策は。"),
    ]


async def test_page_tags_as_you_type_and_beyond_the_document(db: Path) -> None:
    meeting_id = fresh_meeting(db, 15)
    app = open_capture(db, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, CaptureScreen)
        await type_text(pilot, "全項目評価書の７８ページに記載している。")
        assert "p.78 Ⅵ 評価実施手続" in status(screen)
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "99ページの記載について")
        assert "※評価書は78ページまで" in status(screen)
        await pilot.press("enter")
        await pilot.pause()
        # A tag set by hand (F4) is added to the ones found in the text.
        await pilot.press("f4")
        await type_text(pilot, "14, 54-55")
        await pilot.press("enter")
        await pilot.pause()
        await commit(pilot, "リスク対策の記載である。")
    assert [e.page_list for e in stored(db, meeting_id)] == [[78], [99], [14, 54, 55]]


async def test_pending_question_is_answered_in_a_later_meeting(db: Path) -> None:
    store = Store(db)
    first = make_meeting(store, 14)
    second = make_meeting(store, 15)
    store.close()
    app = open_capture(db, first)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("alt+q", "f8")
        assert "持ち帰り" in status(app.screen)  # type: ignore[arg-type]
        await commit(pilot, "アクセスログの点検結果を次回示してほしい。")
    question = stored(db, first)[0]
    assert question.pending == 1

    app = open_capture(db, second)
    async with app.run_test(size=(80, 24)) as pilot:
        await commit(pilot, "前回持ち帰りとなったアクセスログの点検結果を報告する。")
        await pilot.press("escape")  # to the log
        await pilot.press("l")  # link to an open 持ち帰り
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        answer = stored(db, second)[0]
        assert answer.answers_entry_id == question.id
        # The 答申 screen lists what is still open: nothing now.
        await pilot.press("alt+right")
        await pilot.pause()
        assert isinstance(app.screen, DecisionScreen)
        assert str(app.screen.query_one("#pending-list").render()) == "(なし)"


async def test_open_pending_is_listed_on_the_toshin_screen(db: Path) -> None:
    meeting_id = fresh_meeting(db, 15)
    app = open_capture(db, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("alt+q", "f8")
        await commit(pilot, "委託先の監査結果を示してほしい。")
        await pilot.press("alt+right")
        await pilot.pause()
        assert "委託先の監査結果を示してほしい。" in str(
            app.screen.query_one("#pending-list").render()
        )


async def test_delete_then_undo_restores_the_entry_in_place(db: Path) -> None:
    meeting_id = fresh_meeting(db, 15, entries=3)
    before = [(e.id, e.seq, e.text) for e in stored(db, meeting_id)]
    app = open_capture(db, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await pilot.press("escape", "up")  # the log, second entry
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert [e.text for e in stored(db, meeting_id)] == [before[0][2], before[2][2]]
        assert screen.query_one(EntryLog).option_count == 2
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert screen.query_one(EntryLog).option_count == 3
    assert [(e.id, e.seq, e.text) for e in stored(db, meeting_id)] == before


async def test_split_merge_move_and_closed_run(db: Path) -> None:
    meeting_id = fresh_meeting(db, 15, entries=3)
    app = open_capture(db, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape", "home")  # the first entry
        await pilot.press("m")  # merge with the next
        await pilot.pause()
        texts = [e.text for e in stored(db, meeting_id)]
        assert texts == ["第1段落の説明である。第2段落の説明である。", "第3段落の説明である。"]
        await pilot.press("enter")  # edit: the cursor goes to the split point
        await pilot.pause()
        await pilot.press("home", *["right"] * len("第1段落の説明である。"), "ctrl+t")
        await pilot.pause()
        texts = [e.text for e in stored(db, meeting_id)]
        assert texts == ["第1段落の説明である。", "第2段落の説明である。", "第3段落の説明である。"]
        await pilot.press("shift+down")  # move the first entry down
        await pilot.pause()
        assert [e.text[:4] for e in stored(db, meeting_id)] == ["第2段落", "第1段落", "第3段落"]
        await pilot.press("home", "v", "end", "p")  # a run of entries made 非公開
        await pilot.pause()
        assert [e.is_public for e in stored(db, meeting_id)] == [0, 0, 0]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [e.is_public for e in stored(db, meeting_id)] == [1, 1, 1]


async def test_add_a_speaker_from_the_capture_screen(db: Path) -> None:
    meeting_id = fresh_meeting(db, 15)
    app = open_capture(db, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        await type_text(pilot, "坂本")
        await pilot.press("enter")
        await type_text(pilot, "主任")
        await pilot.press("enter")
        await type_text(pilot, "総務局情報政策課")
        await pilot.press("enter")
        await pilot.pause()
        assert "(情報政策課) 坂本主任" in status(app.screen)  # type: ignore[arg-type]
        await commit(pilot, "システム面から補足する。")
    assert stored(db, meeting_id)[0].speaker_id is not None


async def test_two_thousand_entries_open_and_scroll_to_the_end(db: Path) -> None:
    meeting_id = fresh_meeting(db, 15, entries=2000)
    app = open_capture(db, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        log = app.screen.query_one(EntryLog)
        assert log.option_count == 2000
        assert log.highlighted == 1999
        await pilot.press("escape", "home")
        await pilot.pause()
        assert log.highlighted == 0
        await pilot.press("end")
        await pilot.pause()
        assert log.highlighted == 1999
        assert log.scroll_y == log.max_scroll_y


async def test_alt_chords_from_a_terminal_switch_kind_without_typing(db: Path) -> None:
    """A terminal sends Alt+Q with the character 「q」: it must not land in the box."""
    meeting_id = fresh_meeting(db, 15)
    app = open_capture(db, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, CaptureScreen)
        await type_text(pilot, "確認する")
        app.post_message(events.Key("alt+q", "q"))
        await pilot.pause()
        assert screen.capture.state.kind == "質問"
        assert screen.query_one(CaptureBox).text == "確認する"


def shown_kind(screen: CaptureScreen) -> str:
    """The kind as the status line shows it: 「… 種別  質問  10:05」."""
    found = re.search(r"種別\s+(\S+)", status(screen))
    assert found, status(screen)
    return found.group(1)


ALT_KIND_BINDINGS = [
    binding
    for binding in CaptureScreen.BINDINGS
    if isinstance(binding, Binding) and binding.key.startswith("alt+")
]


async def test_every_alt_chord_from_a_terminal_switches_the_kind_shown_and_types_nothing(
    db: Path,
) -> None:
    """Each Alt chord as a terminal sends it (the key with its letter, posted while the box
    has the focus): the status line shows the binding's kind, the box keeps its text."""
    assert len(ALT_KIND_BINDINGS) == len(KIND_CYCLE)  # one chord per kind
    meeting_id = fresh_meeting(db, 15)
    app = open_capture(db, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, CaptureScreen)
        box = screen.query_one(CaptureBox)
        await type_text(pilot, "確認する")
        for binding in ALT_KIND_BINDINGS:
            wanted = re.fullmatch(r"set_kind\('(.+)'\)", binding.action)
            assert wanted, binding.action
            kind = wanted.group(1)
            if shown_kind(screen) == kind:
                await pilot.press("f3")  # start from another kind, so that a change shows
            assert shown_kind(screen) != kind
            letter = binding.key.removeprefix("alt+")
            app.post_message(events.Key(binding.key, letter))
            await pilot.pause()
            assert shown_kind(screen) == kind, binding.key
            assert box.text == "確認する", binding.key
            assert app.focused is box


async def test_search_in_the_side_panel_keeps_the_text_being_typed(db: Path) -> None:
    store = Store(db)
    make_meeting(store, 14, entries=3)
    current = make_meeting(store, 15)
    store.close()
    app = open_capture(db, current)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, CaptureScreen)
        box = screen.query_one(CaptureBox)
        await type_text(pilot, "前回の説明では")
        await pilot.press("ctrl+f")
        await type_text(pilot, "第2段落")
        await pilot.press("enter")  # search now, focus the hits
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")  # open the first hit in the panel
        await pilot.pause()
        detail = str(screen.query_one("#hit-detail").render())
        assert "第2段落の説明である。" in detail
        assert "第14回" in detail
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.query_one("#side-panel").display
        assert app.focused is box
        assert box.text == "前回の説明では"


async def test_a_my_number_is_flagged_as_typed_and_masked_in_the_entry(db: Path) -> None:
    meeting_id = fresh_meeting(db, 15)
    app = open_capture(db, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, CaptureScreen)
        await type_text(pilot, "申請書の個人番号欄に１２３４ ５６７８ ９０１８と記入された")
        await pilot.pause(0.6)  # the check runs once typing pauses
        warning = str(screen.query_one("#capture-error").render())
        assert "個人番号" in warning and "９０１８" in warning and "１２３４" not in warning
        await pilot.press("enter")
        await pilot.pause()
        log = screen.query_one(EntryLog)
        assert "個人番号?" in str(log.get_option_at_index(0).prompt)
        await pilot.press("escape", "x")  # mask it in the committed entry
        await pilot.pause()
        assert "個人番号?" not in str(log.get_option_at_index(0).prompt)
    text = stored(db, meeting_id)[0].text
    assert "１２３４" not in text and "●●●●" in text
    assert text.startswith("申請書の個人番号欄に") and text.endswith("と記入された")


async def test_keys_typed_right_after_enter_are_kept(db: Path) -> None:
    meeting_id = fresh_meeting(db, 15)
    app = open_capture(db, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        box = app.screen.query_one(CaptureBox)
        # All in one burst, as an IME commit or a fast typist delivers them.
        for char in "最初の発言。":
            app.post_message(events.Key(char, char))
        app.post_message(events.Key("enter", None))
        for char in "次の発言":
            app.post_message(events.Key(char, char))
        await pilot.pause()
        assert box.text == "次の発言"
    assert [e.text for e in stored(db, meeting_id)] == ["最初の発言。"]


async def test_meeting_times_follow_the_first_and_last_entry(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id = fresh_meeting(db, 15)
    now = ["2021-11-09T10:00:12+09:00"]
    monkeypatch.setattr("pia_meeting.core.clock.now_iso", lambda: now[0])
    app = open_capture(db, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await commit(pilot, "ただいまから会議を開会する。")
        now[0] = "2021-11-09T10:48:40+09:00"
        await commit(pilot, "以上で本日の議事を終了する。")
    store = Store(db)
    meeting = store.get_meeting(meeting_id)
    store.close()
    assert meeting.status == "開催中"
    assert (meeting.start_time, meeting.end_time) == ("10:00", "10:48")


async def test_a_huge_paste_is_refused_with_a_message_and_kept(db: Path) -> None:
    meeting_id = fresh_meeting(db, 15)
    app = open_capture(db, meeting_id)
    huge = "長い貼り付けの文章。" * 10_000  # 100,000 characters
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        box = screen.query_one(CaptureBox)
        app.post_message(events.Paste(huge))
        await pilot.pause()
        assert len(box.text) == len(huge)
        await pilot.press("enter")
        await pilot.pause()
        error = str(screen.query_one("#capture-error").render())
        assert "長すぎます" in error
        assert len(box.text) == len(huge)  # nothing lost
    assert stored(db, meeting_id) == []
