"""The 答申書 (SPEC §4 last bullet, §8 `toshin`): what a reader of the .docx sees, and when the
app refuses to write one. Also the closing lines the 答申 puts into the 議事録."""

from __future__ import annotations

import re
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from pia_meeting.cli import main
from pia_meeting.core.errors import UserError
from pia_meeting.core.model import ToshinTemplate
from pia_meeting.core.quorum import quorum_state
from pia_meeting.core.toshin import draft_wording, full_wording
from pia_meeting.export.toshin_doc import build_toshin_document
from pia_meeting.services.demo import load_demo
from pia_meeting.services.publish import export_minutes
from pia_meeting.services.toshin import ToshinService
from pia_meeting.store.facade import Store

DB = "t.db"
ADDRESSEE = "みなと川市長 様"
WAREKI_DATE = re.compile(r"令和(元|\d+)年\d{1,2}月\d{1,2}日")


# Every test runs in a fresh working folder (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("in_tmp")


@pytest.fixture
def demo_id() -> int:
    store = Store(DB)
    try:
        return load_demo(store)
    finally:
        store.close()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _toshin(capsys: pytest.CaptureFixture[str], meeting_id: int, *extra: str) -> tuple[int, str]:
    code, out, err = _run(capsys, "toshin", str(meeting_id), "--db", DB, *extra)
    if code == 0:
        assert err == ""
        return code, out.strip()
    assert out == ""
    assert "Traceback" not in err
    return code, err


def _docx_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def _exported() -> list[Path]:
    folder = Path("exports")
    return sorted(folder.iterdir()) if folder.exists() else []


def _with_store(action: Callable[[Store], None]) -> None:
    store = Store(DB)
    try:
        action(store)
    finally:
        store.close()


def _unlock(store: Store, meeting_id: int) -> None:
    bundle = store.load_bundle(meeting_id)
    (toshin,) = bundle.toshins.values()
    ToshinService(store).unlock(toshin, meeting_id=meeting_id, reason="文言を見直すため")


# -- the demo's 答申書 -------------------------------------------------------------------------


def test_demo_toshin_holds_the_frozen_text(
    capsys: pytest.CaptureFixture[str], demo_id: int
) -> None:
    store = Store(DB)
    (toshin,) = store.load_bundle(demo_id).toshins.values()
    store.close()

    code, printed = _toshin(capsys, demo_id)
    assert code == 0
    path = Path(printed)
    assert path == Path("exports") / "第8回_2025-10-21_答申書.docx"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = _docx_text(path)

    assert toshin.wording in text
    riders = toshin.rider_list
    assert len(riders) == 2
    for number, rider in enumerate(riders, start=1):
        assert f"({number})\t{rider}" in text
    assert "令和7年10月21日" in text
    assert WAREKI_DATE.search(text)
    assert ADDRESSEE in text
    assert "みなと川市個人情報保護審査会答申第1号" in text
    assert "会長 榊原" in text
    assert "特定個人情報保護評価書(全項目評価書)に係る第三者点検について(答申)" in text
    assert (
        "令和7年9月1日付け諮問第12号で諮問のあった国民健康保険に関する事務に係る"
        "特定個人情報保護評価書について、次のとおり答申する。"
    ) in text
    for heading in ("1 審査会の結論", "2 付帯意見", "3 審査の経過"):
        assert heading in text
    assert "第8回 令和7年10月21日(火) 第三者点検" in text
    # the order a reader meets them in
    order = [ADDRESSEE, "(答申)", "審査会の結論", toshin.wording, riders[0], "審査の経過"]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)


def test_the_toshin_file_is_a4_japanese_with_page_numbers(
    capsys: pytest.CaptureFixture[str], demo_id: int
) -> None:
    code, printed = _toshin(capsys, demo_id)
    assert code == 0
    with zipfile.ZipFile(printed) as package:
        document = package.read("word/document.xml").decode("utf-8")
        styles = package.read("word/styles.xml").decode("utf-8")
        footers = [
            package.read(name).decode("utf-8")
            for name in package.namelist()
            if name.startswith("word/footer")
        ]
    page_size = re.search(r"<w:pgSz [^>]*>", document)
    assert page_size is not None
    assert 'w:w="11906"' in page_size.group(0)
    assert 'w:h="16838"' in page_size.group(0)
    assert 'w:orient="landscape"' not in page_size.group(0)
    assert re.search(r'<w:rFonts [^>]*w:eastAsia="ＭＳ 明朝"', styles)
    assert re.search(r'<w:lang [^>]*w:eastAsia="ja-JP"', styles)
    assert re.search(r'<w:lang [^>]*w:val="ja-JP"', styles)
    assert "eastAsiaTheme" not in styles
    assert any("PAGE" in footer for footer in footers)


def test_the_number_counts_the_boards_earlier_toshin(
    capsys: pytest.CaptureFixture[str], demo_id: int
) -> None:
    store = Store(DB)
    second = load_demo(store)  # same board, a later 回, confirmed at the same time: id order
    store.close()
    code, printed = _toshin(capsys, second)
    assert code == 0
    assert "みなと川市個人情報保護審査会答申第2号" in _docx_text(Path(printed))


def test_a_stored_number_and_issue_date_are_used(
    capsys: pytest.CaptureFixture[str], demo_id: int
) -> None:
    def set_number(store: Store) -> None:
        (toshin,) = store.load_bundle(demo_id).toshins.values()
        toshin.number = "みな個審答申第37号"
        toshin.issued_on = "2025-11-04"
        store.put_toshin(toshin)  # number and date are outside the frozen hash

    _with_store(set_number)
    code, printed = _toshin(capsys, demo_id)
    assert code == 0
    text = _docx_text(Path(printed))
    assert "みな個審答申第37号" in text
    assert "令和7年11月4日" in text


def _reconfirm(store: Store, meeting_id: int) -> None:
    _unlock(store, meeting_id)
    bundle = store.load_bundle(meeting_id)
    (toshin,) = bundle.toshins.values()
    quorum = quorum_state(bundle.attendance, bundle.board.quorum_rule)
    ToshinService(store).confirm(toshin, meeting_id=meeting_id, confirmed_by="会長", quorum=quorum)


def test_a_toshin_keeps_the_number_it_was_first_given(
    capsys: pytest.CaptureFixture[str], demo_id: int
) -> None:
    """A 答申書 once sent keeps its number: confirming the first 答申 again after the second
    was given, or deleting a meeting, renumbers nothing and frees no number."""
    store = Store(DB)
    second = load_demo(store)
    _reconfirm(store, demo_id)  # now the most recently confirmed of the two
    store.close()
    for meeting_id, number in ((demo_id, 1), (second, 2)):
        code, printed = _toshin(capsys, meeting_id, "--force")
        assert code == 0
        assert f"みなと川市個人情報保護審査会答申第{number}号" in _docx_text(Path(printed))

    store = Store(DB)
    store.delete_meeting(demo_id)
    third = load_demo(store)
    store.close()
    code, printed = _toshin(capsys, third, "--force")  # its 回 and file name are free again
    assert code == 0
    assert "みなと川市個人情報保護審査会答申第3号" in _docx_text(Path(printed))


def test_the_lead_cites_the_inquiry_by_its_own_date_or_by_number_alone(
    capsys: pytest.CaptureFixture[str], demo_id: int
) -> None:
    def forget_the_date(store: Store) -> None:
        (item,) = store.agenda(demo_id)
        item.inquiry_date = None
        store.update_agenda_item(item)

    _with_store(forget_the_date)
    code, printed = _toshin(capsys, demo_id)
    assert code == 0
    text = _docx_text(Path(printed))
    assert "\n諮問第12号で諮問のあった国民健康保険に関する事務に係る" in text
    # Not the meeting's date in its place: the 諮問 came before the session.
    assert "日付け" not in text


# -- the addressee ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("board_name", "addressee"),
    [
        ("北九州市個人情報保護審査会", "北九州市長 様"),
        ("京都府個人情報保護審議会", "京都府知事 様"),
        ("東京都港区情報公開・個人情報保護審査会", "東京都港区長 様"),
    ],
)
def test_an_empty_addressee_falls_back_to_the_city(
    demo_id: int, board_name: str, addressee: str
) -> None:
    store = Store(DB)
    bundle = store.load_bundle(demo_id)
    store.close()
    bundle.board.toshin_addressee = ""
    bundle.board.name = board_name
    doc = build_toshin_document(bundle)
    assert doc.addressee == addressee
    assert doc.sender[0] == board_name


def test_no_addressee_and_none_derivable_is_refused(demo_id: int) -> None:
    store = Store(DB)
    bundle = store.load_bundle(demo_id)
    store.close()
    bundle.board.toshin_addressee = ""
    bundle.board.name = "第三者点検委員会"
    with pytest.raises(UserError, match="宛先"):
        build_toshin_document(bundle)


# -- refusals -----------------------------------------------------------------------------------


def test_an_unconfirmed_toshin_is_refused(capsys: pytest.CaptureFixture[str], demo_id: int) -> None:
    _with_store(lambda store: _unlock(store, demo_id))
    code, err = _toshin(capsys, demo_id)
    assert code == 1
    assert "答申が確定していません" in err
    assert _exported() == []


def test_a_continued_deliberation_has_no_toshin(
    capsys: pytest.CaptureFixture[str], demo_id: int
) -> None:
    def continue_next_time(store: Store) -> None:
        _unlock(store, demo_id)
        bundle = store.load_bundle(demo_id)
        item = bundle.agenda[0]
        (toshin,) = bundle.toshins.values()
        service = ToshinService(store)
        wording = draft_wording(
            ToshinTemplate.CONTINUED, bundle.board, item, bundle.assessment_of(item)
        )
        service.save_draft(toshin, wording, [], ToshinTemplate.CONTINUED)
        quorum = quorum_state(bundle.attendance, bundle.board.quorum_rule)
        service.confirm(toshin, meeting_id=demo_id, confirmed_by="榊原会長", quorum=quorum)

    _with_store(continue_next_time)
    code, err = _toshin(capsys, demo_id)
    assert code == 1
    assert "継続審議" in err
    assert _exported() == []


def test_a_wording_changed_behind_the_apps_back_is_refused(
    capsys: pytest.CaptureFixture[str], demo_id: int
) -> None:
    def tamper(store: Store) -> None:
        with store.atomic():
            store.db.execute("update toshins set wording = wording || '(追記)'")

    _with_store(tamper)
    code, err = _toshin(capsys, demo_id)
    assert code == 1
    assert "一致しません" in err
    assert _exported() == []


def test_an_existing_file_is_kept_without_force(
    capsys: pytest.CaptureFixture[str], demo_id: int
) -> None:
    code, printed = _toshin(capsys, demo_id)
    assert code == 0
    path = Path(printed)
    path.write_bytes(b"the secretariat's edited copy")

    code, err = _toshin(capsys, demo_id)
    assert code == 1
    assert "既にファイルがあります" in err
    assert path.read_bytes() == b"the secretariat's edited copy"
    assert [p.name for p in _exported()] == [path.name]  # no temporary file left behind

    code, printed = _toshin(capsys, demo_id, "--force")
    assert code == 0
    assert Path(printed) == path
    assert "審査会の結論" in _docx_text(path)


def test_out_path_and_agenda_item_number(
    capsys: pytest.CaptureFixture[str], demo_id: int, in_tmp: Path
) -> None:
    target = in_tmp / "答申" / "答申書.docx"
    code, printed = _toshin(capsys, demo_id, "--out", str(target), "--item", "1")
    assert code == 0
    assert Path(printed) == target
    assert target.exists()

    code, err = _toshin(capsys, demo_id, "--item", "5")
    assert code == 1
    assert "議題 5" in err


def test_an_unknown_meeting(capsys: pytest.CaptureFixture[str], demo_id: int) -> None:
    code, err = _toshin(capsys, 999)
    assert code == 1
    assert "999" in err


# -- the 議事録 ends with the generated closing lines (issue 4, acceptance 3) ---------------------


def test_the_demo_minutes_end_with_the_closing_lines(demo_id: int, in_tmp: Path) -> None:
    store = Store(DB)
    bundle = store.load_bundle(demo_id)
    store.close()
    (toshin,) = bundle.toshins.values()
    path = export_minutes(bundle, fmt="txt", folder=in_tmp / "exports")
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert lines[-4:] == [
        "(審査会委員) 以上を踏まえ、答申書を作成する。",
        f"第三者点検についての答申の方向性は、「{full_wording(toshin)}」と認めてよろしいか。",
        "《「異議なし」の声あり》",
        "(審査会委員) 異議がないのでこの旨で答申する。",
    ]
    for rider in toshin.rider_list:
        assert rider in lines[-3]
