"""The reference session (../shared/reference), re-enacted through the TUI with keys only:
meeting, roll, every explanation and Q&A entry, the 答申 and 異議なし, then the export."""

from __future__ import annotations

import docx
import pytest

from pia_meeting.store.facade import Store
from pia_meeting.tui.app import PiaMeetingApp
from pia_meeting.tui.screens.attendance import AttendanceScreen
from pia_meeting.tui.screens.capture import CaptureScreen, EntryLog
from pia_meeting.tui.screens.closing_choice import ClosingChoiceScreen
from pia_meeting.tui.screens.decision import DecisionScreen
from pia_meeting.tui.screens.export import ExportScreen
from pia_meeting.tui.screens.meeting_info import MeetingInfoScreen
from tests.support.reference import RefEntry, reference_entries
from tests.support.ui_helpers import replace_text, type_text

BOARD = "北九州市個人情報保護審査会"
MEMBERS = [("時枝", "会長"), ("姜", "委員"), ("重永", "委員"), ("日高", "委員"), ("松木", "委員")]
EXPLAINERS = [
    ("菊竹", "係長", "市民文化スポーツ局市民総務部戸籍住民課"),
    ("友岡", "主任", ""),  # same department: the field keeps it for the next person
    ("有永", "係長", "デジタル市役所推進室デジタル市役所推進課"),
]
SECRETARIAT = [("花本", "館長", "総務局文書館"), ("芦屋", "係長", "")]
# Position of each label's speaker in the speaker picker (roll order, 1-based).
SPEAKER_KEY = {"審査会委員": "1", "戸籍住民課": "6", "デジタル市役所推進課": "8"}
CLOSING_AS_SAID = [
    ("説明", "以上を踏まえ、答申書を作成する。"),
    ("説明", "答申の方向性は、記載のとおり妥当であるとしてよろしいか。"),
    ("ト書き", "(「異議なし」の声あり)"),
    ("説明", "異議がないので、この旨で答申する。"),
]
KIND_KEY = {
    "説明": "alt+e",
    "質問": "alt+q",
    "意見": "alt+o",
    "回答": "alt+a",
    "ト書き": "alt+t",
    "見出し": "alt+h",
}


async def choose_side(pilot, downs: int) -> None:  # type: ignore[no-untyped-def]
    """Focus is on the 区分 Select: open it, move down, pick."""
    await pilot.press("enter")
    for _ in range(downs):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


async def add_person(pilot, name: str, title: str, department: str | None) -> None:  # type: ignore[no-untyped-def]
    await type_text(pilot, name)
    await pilot.press("enter")
    await type_text(pilot, title)
    await pilot.press("enter")
    if department is not None:
        await replace_text(pilot, department)
    await pilot.press("enter")  # Enter in 所属 adds the person
    await pilot.pause()


def is_paragraph_of(paragraph: str, ref: RefEntry) -> bool:
    """The paragraph is exactly this entry as typed, after an optional speaker label (the
    entry's own): 「(戸籍住民課) text」, or 「(戸籍住民課)《text》」 for a ト書き."""
    if ref.kind == "ト書き":
        text = f"《{ref.text}》"
        return paragraph in (text, f"({ref.label}){text}")
    return paragraph in (ref.text, f"({ref.label}) {ref.text}")


@pytest.fixture
def workdir(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    return tmp_path


async def test_reference_session_end_to_end(workdir) -> None:  # type: ignore[no-untyped-def]
    db = workdir / "data" / "pia_meeting.db"
    expected = reference_entries()
    app = PiaMeetingApp(db)
    async with app.run_test(size=(100, 30)) as pilot:
        # 1 会議一覧: the empty database explains itself.
        assert app.screen.query_one("#welcome").display
        await pilot.press("n")
        await type_text(pilot, BOARD)
        await pilot.press("enter")
        await replace_text(pilot, "15")
        await pilot.press("enter")
        await type_text(pilot, "2021-11-09")
        await pilot.press("enter")
        await pilot.pause()

        # 2 会議情報: times and the agenda item with its 評価書.
        assert isinstance(app.screen, MeetingInfoScreen)
        await pilot.press("enter", "enter", "enter")  # 審査会名 → 回 → 会議名 → 開催日
        await pilot.press("enter")  # → 開始
        await type_text(pilot, "10:00")
        await pilot.press("enter")
        await type_text(pilot, "10:50")
        await pilot.press("enter", "enter", "enter")  # 終了 → 場所 → 傍聴人数 → 公開区分
        await pilot.press("tab", "tab", "tab")  # 記録方式 → 議題一覧 → 議題名
        await replace_text(pilot, "住民基本台帳に関する事務に係る特定個人情報保護評価について")
        await pilot.press("enter")
        await type_text(pilot, "住民記録台帳に関する事務について")
        await pilot.press("enter")  # → 公開/非公開
        await pilot.press("tab")  # → 非公開の理由
        await pilot.press("enter")  # → 諮問番号
        await pilot.press("enter")  # → 諮問日
        await pilot.press("enter")  # → 事務名
        await type_text(pilot, "住民基本台帳に関する事務")
        await pilot.press("enter")  # → 種別
        await pilot.press("tab")  # → ページ数
        await type_text(pilot, "78")
        await pilot.press("enter")
        await pilot.pause()

        # 3 出欠
        await pilot.press("alt+right")
        await pilot.pause()
        assert isinstance(app.screen, AttendanceScreen)
        await pilot.press("tab")  # 区分 (委員) → 氏名
        for name, title in MEMBERS:
            await add_person(pilot, name, title, None)
        await pilot.press("shift+tab")
        await choose_side(pilot, 1)  # 説明者
        await pilot.press("tab")
        for name, title, department in EXPLAINERS:
            await add_person(pilot, name, title, department or None)
        await pilot.press("shift+tab")
        await choose_side(pilot, 1)  # 事務局
        await pilot.press("tab")
        for name, title, department in SECRETARIAT:
            await add_person(pilot, name, title, department or None)
        quorum = str(app.screen.query_one("#quorum").render())
        assert "委員5名中5名出席(定足数を満たす)" in quorum

        # 4 議事: every paragraph of the reference, speaker and kind set by keys.
        await pilot.press("alt+right")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaptureScreen)
        for ref in expected:
            if ref.kind != "見出し":
                speaker = SPEAKER_KEY[ref.label]
                current = screen.capture.state.speakers.index(screen.capture.state.speaker) + 1  # type: ignore[arg-type]
                if str(current) != speaker:
                    await pilot.press("ctrl+o", speaker)
            if screen.capture.state.kind != ref.kind:
                await pilot.press(KIND_KEY[ref.kind])
            assert app.focused is screen.query_one("#box")  # never leaves the typing box
            await type_text(pilot, ref.text)
            await pilot.press("enter")
        await pilot.pause()
        assert screen.query_one(EntryLog).option_count == len(expected)
        # The chair's closing, typed as it is said (the 事務局 does not know yet that the
        # confirmation writes it).
        await pilot.press("ctrl+o", "1")
        for kind, text in CLOSING_AS_SAID:
            if screen.capture.state.kind != kind:
                await pilot.press(KIND_KEY[kind])
            await type_text(pilot, text)
            await pilot.press("enter")
        await pilot.pause()

        # 5 答申: template A filled from the meeting, then the chair's 異議なし; the lines
        # typed for it are offered for replacement, not doubled.
        await pilot.press("alt+right")
        await pilot.pause()
        assert isinstance(app.screen, DecisionScreen)
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ClosingChoiceScreen)
        await pilot.press("y")  # 置き換える
        await pilot.pause()
        assert isinstance(app.screen, DecisionScreen)
        assert app.screen.toshin.is_frozen  # type: ignore[attr-defined]

        # 6 出力
        await pilot.press("alt+right")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("ctrl+e")
        await app.workers.wait_for_complete()
        await pilot.pause()

    exported = workdir / "exports" / "第15回_2021-11-09_議事録.docx"
    assert exported.exists()
    document = docx.Document(str(exported))
    header = {row.cells[0].text.strip(): row.cells[1].text for row in document.tables[0].rows}
    assert header["日 時"] == "令和3年11月9日(火) 10:00~10:50"
    assert "住民基本台帳に関する事務に係る特定個人情報保護評価について(公開審議)" in header["項 目"]
    attendees = header["出席者"].splitlines()
    assert attendees == [
        "審査会委員 時枝会長、姜委員、重永委員、日高委員、松木委員",
        "市民文化スポーツ局市民総務部戸籍住民課 菊竹係長、友岡主任",
        "デジタル市役所推進室デジタル市役所推進課 有永係長",
    ]
    assert header["事務局"] == "総務局文書館 花本館長、芦屋係長"
    assert header["傍聴人"] == "0人"

    body = [p.text for p in document.paragraphs]
    position = 0
    for ref in expected:
        while position < len(body) and not is_paragraph_of(body[position], ref):
            position += 1
        assert position < len(body), f"missing, changed or out of order: {ref.text[:40]}"
        position += 1
    wording = (
        "住民基本台帳に関する事務について、適合性及び妥当性の観点から審査を行った結果、全項目"
        "評価書の記載は保護評価指針に定める実施手続等に適合し、同指針に定める保護評価の目的等に"
        "照らし妥当である。"
    )
    # The closing lines once, in order, the chair named again after the room's 異議なし.
    assert [p for p in body[position:] if p.strip()] == [
        "(審査会委員) 以上を踏まえ、答申書を作成する。",
        f"第三者点検についての答申の方向性は、「{wording}」と認めてよろしいか。",
        "《「異議なし」の声あり》",
        "(審査会委員) 異議がないのでこの旨で答申する。",
    ]

    # Quitting and restarting on the same file shows the same meeting and entries.
    store = Store(db)
    meetings = store.meetings()
    assert [(m["number"], m["date"]) for m in meetings] == [(15, "2021-11-09")]
    closing = [
        "以上を踏まえ、答申書を作成する。",
        f"第三者点検についての答申の方向性は、「{wording}」と認めてよろしいか。",
        "「異議なし」の声あり",
        "異議がないのでこの旨で答申する。",
    ]
    stored = [e.text for e in store.entries(meetings[0]["id"])]
    assert stored == [r.text for r in expected] + closing
    store.close()
    again = PiaMeetingApp(db)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")  # open the (only) meeting
        await pilot.press("alt+right", "alt+right")
        await pilot.pause()
        assert isinstance(again.screen, CaptureScreen)
        assert again.screen.query_one(EntryLog).option_count == len(expected) + len(closing)
