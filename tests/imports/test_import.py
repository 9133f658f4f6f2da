"""Import of published minutes (SPEC §5, issue 5): the reference, this app's own exports and
other layouts of DOMAIN §3, with the rule that no text is ever dropped."""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections import Counter
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pia_meeting.cli import main
from pia_meeting.core.errors import UserError
from pia_meeting.core.model import EntryKind, LabelStyle, MeetingBundle, MeetingStatus, Side
from pia_meeting.core.toshin import closing_lines, is_intact
from pia_meeting.export.minutes import build_minutes
from pia_meeting.export.text_writer import render_text
from pia_meeting.imports import import_file, import_minutes, parse_minutes, read_minutes_file
from pia_meeting.services.publish import export_minutes
from pia_meeting.store.facade import Store
from pia_meeting.tui.import_paths import split_paths
from tests.support.reference import REFERENCE, reference_entries, reference_text

DATE_LINE = "令和3年11月9日(火) 10:00~10:50"
ATTENDEE_LINES = [
    "審査会委員 時枝会長、姜委員、重永委員、日高委員、松木委員",
    "市民文化スポーツ局市民総務部戸籍住民課 菊竹係長、友岡主任",
    "デジタル市役所推進室デジタル市役所推進課 有永係長",
]
SECRETARIAT_LINE = "総務局文書館 花本館長、芦屋係長"
WORDING = (
    "住民基本台帳に関する事務について、適合性及び妥当性の観点から審査を行った結果、全項目"
    "評価書の記載は保護評価指針に定める実施手続等に適合し、同指針に定める保護評価の目的等に"
    "照らし妥当である。"
)

# A fictional city: one person a line under 【委員】【事務局】【実施機関】, 【name+role】 labels,
# a label alone on its own line, the closing lines in one paragraph.
LAYOUT_ONE_A_LINE = """\
第3回 あおば市個人情報保護審査会 会議録

開催日時　令和6年11月21日(木曜日)午前9時30分～午前10時30分
開催場所　あおば市役所本庁舎3階 302会議室
出席者
【委員】
会長　尾関 栄作
副会長　三好 和子
委員　大野 健
委員　北村 直美
【事務局】
総務課長　鈴木 一郎
総務課 主査　田村 花子
【実施機関】
市民課長　森 正樹
市民課 係長　平井 恵
傍聴者　1名
議題
住民基本台帳に関する事務に係る特定個人情報保護評価について(公開)
会議資料
資料1 全項目評価書(案)
議事内容

【尾関会長】
ただいまから第3回あおば市個人情報保護審査会を開会する。本日は全員が出席しており定足数を満たしているため、会議は有効に成立している。

【事務局鈴木】 資料の確認をさせていただく。資料1は全項目評価書(案)である。

【森市民課長】 評価書(案)の概要を説明する。対象者は評価書の12ページに記載している。

【大野委員】 委託先の監査はどのように行っているのか。

【平井係長】 年に一度、委託先を訪問して監査を行っている。

【三好副会長】 職員の研修はどの程度の頻度で実施しているか。

【森市民課長】 毎年4月に全職員を対象として実施している。

【尾関会長】 以上を踏まえ、答申書を作成する。
第三者点検についての答申の方向性は、「住民基本台帳に関する事務について、適合性及び妥当性の観点から審査を行った結果、全項目評価書の記載は保護評価指針に定める実施手続等に適合し、同指針に定める保護評価の目的等に照らし妥当である。」と認めてよろしいか。
異議がないのでこの旨で答申する。
"""

# Another fictional city: a 要旨 (summary) record, numbered header, (name委員) and (回答)
# labels, one item closed with the legal reason.
LAYOUT_SUMMARY = """\
第8回 みどり野市情報公開・個人情報保護審査会 会議録(要旨)

1 開催日時 令和元年11月28日(木曜日)午前10時から正午まで
2 開催場所 みどり野市役所 本庁舎5階 第2会議室
3 出席者
 委員 大野委員、北村委員、坂口委員
 実施機関 税務部市民税課 山本課長、川口主査
 事務局 総務部総務課 佐々木課長
4 傍聴人の数 2人
5 議題
 (1) 個人住民税の賦課に関する事務に係る特定個人情報保護評価について(公開)
 (2) 個人情報の開示請求に係る審議について(非公開)
6 議事(要旨)
(1) 個人住民税の賦課に関する事務に係る特定個人情報保護評価について
 市民税課から全項目評価書(案)について説明があった。主な質疑は次のとおり。
(大野委員) 評価書の23ページにある委託先の管理について、再委託は認めているのか。
(回答) 再委託は原則として認めていない。やむを得ない場合は事前に書面で承認を得ることとしている。
(北村委員) 特定個人情報を扱う端末は、インターネットから分離されているか。
(回答) 分離されている。
(坂口委員) パブリックコメントの結果はどうだったか。
(回答) 意見は1件あったが、評価書の修正を要するものではなかった。
 審査の結果、評価書の記載は妥当であると認められた。
(2) 個人情報の開示請求に係る審議について
 本議題は、みどり野市情報公開条例第12条の規定により公開しません。
"""

LAYOUTS = {"one_a_line": LAYOUT_ONE_A_LINE, "summary": LAYOUT_SUMMARY}


# -- helpers ---------------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _import(text: str, tmp_path: Path, name: str = "minutes.txt") -> tuple[Store, int]:
    store = Store(":memory:")
    return store, import_file(store, _write(tmp_path, name, text))


def _import_reference() -> tuple[Store, int]:
    store = Store(":memory:")
    return store, import_file(store, REFERENCE)


def _text(bundle: MeetingBundle) -> str:
    return render_text(build_minutes(bundle))


def _docx_lines(path: Path) -> list[str]:
    """What a reader of the Word file sees, in document order (paragraphs and table cells)."""
    document = docx.Document(str(path))
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag.endswith("}p"):
            lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif child.tag.endswith("}tbl"):
            for row in docx.table.Table(child, document).rows:
                for cell in row.cells:
                    lines += [p.text for p in cell.paragraphs]
    return [line for line in lines if line.strip()]


def _header(path: Path) -> dict[str, str]:
    document = docx.Document(str(path))
    return {row.cells[0].text.strip(): row.cells[1].text for row in document.tables[0].rows}


def _normal(text: str) -> str:
    """For comparing sentences across formats: width, spaces and heading marks do not count."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s#]+", "", text)


# -- (1) the reference → .docx --------------------------------------------------------------


def test_reference_is_read_into_fields_attendees_and_entries() -> None:
    store, meeting_id = _import_reference()
    bundle = store.load_bundle(meeting_id)
    meeting = bundle.meeting
    assert bundle.board.name == "北九州市個人情報保護審査会"
    assert bundle.board.label_style == LabelStyle.DEPARTMENT
    assert (meeting.number, meeting.title) == (15, "特定個人情報保護評価「第三者点検」")
    assert (meeting.date, meeting.start_time, meeting.end_time) == ("2021-11-09", "10:00", "10:50")
    assert meeting.observers == 0
    assert meeting.status == MeetingStatus.FINAL
    sides = Counter(p.side for p in bundle.attendance)
    assert sides == {Side.MEMBER: 5, Side.EXPLAINER: 3, Side.SECRETARIAT: 2}
    chair = next(p for p in bundle.attendance if p.title == "会長")
    assert chair.name == "時枝"

    [item] = bundle.agenda
    assert item.title == "住民基本台帳に関する事務に係る特定個人情報保護評価について"
    assert item.heading == "住民記録台帳に関する事務について"
    assert item.is_public

    # Entry for entry what the secretariat would have typed (tests/reference.py), with the
    # sentences broken by the PDF joined and the speakers resolved to the roll.
    expected = reference_entries()
    entries = bundle.entries
    assert [e.text for e in entries] == [r.text for r in expected]
    assert [e.kind for e in entries] == [r.kind for r in expected]
    for entry, ref in zip(entries, expected, strict=True):
        # (審査会委員) and a department's label are anonymous on purpose: they name no one
        # of the roll, and the label is kept as printed.
        assert entry.speaker_id is None
        assert entry.speaker_label.strip("()（）") == ref.label
    # The closing lines became the confirmed 答申, not entries.
    toshin = bundle.toshins[item.id or 0]
    assert toshin.is_frozen and toshin.wording == WORDING
    assert is_intact(toshin)
    assert not any("異議がないので" in e.text for e in entries)


def test_reference_exported_as_docx_keeps_header_and_sentences(tmp_path: Path) -> None:
    store, meeting_id = _import_reference()
    path = export_minutes(store.load_bundle(meeting_id), fmt="docx", out=tmp_path / "out.docx")
    header = _header(path)
    assert header["日 時"] == DATE_LINE
    assert "住民基本台帳に関する事務に係る特定個人情報保護評価について(公開審議)" in header["項 目"]
    assert header["出席者"].splitlines() == ATTENDEE_LINES
    assert header["事務局"] == SECRETARIAT_LINE
    assert header["傍聴人"] == "0人"

    exported = _normal("".join(_docx_lines(path)))
    body = reference_text()
    sentences = [_normal(s) for s in body.split("。")]
    sentences = [s for s in sentences if s]
    missing: list[str] = []
    position = 0
    for sentence in sentences:
        found = exported.find(sentence, position)
        if found < 0:
            missing.append(sentence)
            continue
        position = found + len(sentence)
    ratio = 1 - len(missing) / len(sentences)
    print(f"sentences: {len(sentences)}, found in order: {ratio:.1%}, missing: {missing}")
    assert ratio >= 0.97, missing


# -- (2) round trips -------------------------------------------------------------------------


def _round_trip(store: Store, meeting_id: int, tmp_path: Path, fmt: str) -> MeetingBundle:
    first = store.load_bundle(meeting_id)
    path = export_minutes(first, fmt=fmt, out=tmp_path / f"first.{fmt}")
    again = Store(":memory:")
    return again.load_bundle(import_file(again, path))


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_reference_export_import_export_gives_the_same_text(tmp_path: Path, fmt: str) -> None:
    store, meeting_id = _import_reference()
    second = _round_trip(store, meeting_id, tmp_path, fmt)
    assert _text(second) == _text(store.load_bundle(meeting_id))
    assert second.toshins and next(iter(second.toshins.values())).wording == WORDING


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_other_layouts_round_trip_through_txt(tmp_path: Path, layout: str) -> None:
    store, meeting_id = _import(LAYOUTS[layout], tmp_path)
    first = store.load_bundle(meeting_id)
    second = _round_trip(store, meeting_id, tmp_path, "txt")
    assert _text(second) == _text(first)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_other_layouts_round_trip_through_docx(tmp_path: Path, layout: str) -> None:
    # A multi-line entry is consecutive paragraphs in Word, so it comes back as one entry a
    # paragraph: what a reader sees in the .docx is the same.
    store, meeting_id = _import(LAYOUTS[layout], tmp_path)
    first = export_minutes(store.load_bundle(meeting_id), fmt="docx", out=tmp_path / "1.docx")
    again = Store(":memory:")
    second_id = import_file(again, first)
    second = export_minutes(again.load_bundle(second_id), fmt="docx", out=tmp_path / "2.docx")
    assert _docx_lines(second) == _docx_lines(first)


# -- (3) other layouts: every line is kept ---------------------------------------------------

_LINE_LABEL = re.compile(
    r"^\s*(?:[0-9]\s+)?(?:開催日時|開催場所|出席者|傍聴者|傍聴人の数|議題|会議資料|議事内容"
    r"|議事\(要旨\)|委員|実施機関|事務局|【委員】|【事務局】|【実施機関】)(?=\s|$)"
)
_SPEAKER = re.compile(r"^\s*(?:【[^】]{1,12}】|\([^)]{1,12}\))")
_AGENDA_MARKS = re.compile(r"^\s*\(\d\)\s*|\((?:公開|非公開)\)\s*$")
_DOC_TYPE = re.compile(r"^第\d+回|会議録(?:\(要旨\))?$")


def _corpus(bundle: MeetingBundle) -> str:
    """Every stored text of a meeting: entries, header fields, agenda, roll and 答申."""
    meeting = bundle.meeting
    parts = [bundle.board.name, meeting.title, meeting.place, f"第{meeting.number}回"]
    parts += [f"{meeting.observers}人", f"{meeting.observers}名"]
    for item in bundle.agenda:
        parts += [item.title, item.heading, item.closed_reason]
        toshin = bundle.toshins.get(item.id or 0)
        if toshin:
            parts += closing_lines(toshin)
    for p in bundle.attendance:
        parts += [p.department, p.title + p.name, p.name + p.title, p.department + p.title]
        if p.title.endswith("長") and p.department.endswith(p.title[0]):
            # 「総務課長」 is stored as department 総務課 + title 課長
            parts.append(p.department[:-1] + p.title)
    parts += [e.text for e in bundle.entries]
    return "|".join(_normal(p) for p in parts if p)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_line_of_other_layouts_is_kept(tmp_path: Path, layout: str) -> None:
    store, meeting_id = _import(LAYOUTS[layout], tmp_path)
    corpus = _corpus(store.load_bundle(meeting_id))
    for line in LAYOUTS[layout].splitlines():
        if "開催日時" in line:
            continue  # read into date and times: checked field by field below
        text = _SPEAKER.sub("", _LINE_LABEL.sub("", line))
        text = _DOC_TYPE.sub("", _AGENDA_MARKS.sub("", text))
        for token in re.split(r"[\s、]+", text):
            assert _normal(token) in corpus, f"lost: {token!r} of {line!r}"


def test_one_person_a_line_layout(tmp_path: Path) -> None:
    store, meeting_id = _import(LAYOUT_ONE_A_LINE, tmp_path, "aoba.txt")
    bundle = store.load_bundle(meeting_id)
    meeting = bundle.meeting
    assert bundle.board.name == "あおば市個人情報保護審査会"
    assert bundle.board.label_style == LabelStyle.NAME_ROLE
    assert (meeting.number, meeting.date) == (3, "2024-11-21")
    assert (meeting.start_time, meeting.end_time) == ("09:30", "10:30")
    assert meeting.place == "あおば市役所本庁舎3階 302会議室"
    assert meeting.observers == 1
    roll = {(p.side, p.department, p.name, p.title) for p in bundle.attendance}
    assert roll == {  # the names as written: the space tells where the surname ends
        (Side.MEMBER, "", "尾関 栄作", "会長"),
        (Side.MEMBER, "", "三好 和子", "副会長"),
        (Side.MEMBER, "", "大野 健", "委員"),
        (Side.MEMBER, "", "北村 直美", "委員"),
        (Side.SECRETARIAT, "総務課", "鈴木 一郎", "課長"),
        (Side.SECRETARIAT, "総務課", "田村 花子", "主査"),
        (Side.EXPLAINER, "市民課", "森 正樹", "課長"),
        (Side.EXPLAINER, "市民課", "平井 恵", "係長"),
    }
    by_id = {p.id: p for p in bundle.attendance}
    spoken = [
        (by_id[e.speaker_id].name if e.speaker_id else None, e.speaker_label, e.kind)
        for e in bundle.entries
        if e.agenda_item_id is not None
    ]
    assert spoken == [
        ("尾関 栄作", "【尾関会長】", EntryKind.PROCEDURE),
        ("鈴木 一郎", "【事務局鈴木】", EntryKind.PROCEDURE),
        ("森 正樹", "【森市民課長】", EntryKind.EXPLANATION),
        ("大野 健", "【大野委員】", EntryKind.QUESTION),
        ("平井 恵", "【平井係長】", EntryKind.ANSWER),
        ("三好 和子", "【三好副会長】", EntryKind.QUESTION),
        ("森 正樹", "【森市民課長】", EntryKind.ANSWER),
        ("尾関 栄作", "【尾関会長】", EntryKind.PROCEDURE),
    ]
    # 会議資料 in its field, which the board's style (numbered sections) prints: no entry.
    assert bundle.board.minutes_style == "numbered-sections"
    assert meeting.materials == "資料1 全項目評価書(案)"
    assert [e for e in bundle.entries if e.agenda_item_id is None] == []
    # The style words the closing lines otherwise (「答申の方向性は、…」, with the reaction
    # between): printed from a confirmed 答申 they would not be these, so they stay as said
    # and the 答申 is a draft.
    [item] = bundle.agenda
    toshin = bundle.toshins[item.id or 0]
    assert not toshin.is_frozen and toshin.wording.startswith("住民基本台帳に関する事務について")
    assert bundle.entries[-1].text.split("\n") == [
        "以上を踏まえ、答申書を作成する。",
        "第三者点検についての答申の方向性は、「" + WORDING + "」と認めてよろしいか。",
        "異議がないのでこの旨で答申する。",
    ]
    assert [e.page_list for e in bundle.entries if "12ページ" in e.text] == [[12]]


def test_summary_layout_with_a_closed_item(tmp_path: Path) -> None:
    store, meeting_id = _import(LAYOUT_SUMMARY, tmp_path)
    bundle = store.load_bundle(meeting_id)
    meeting = bundle.meeting
    assert bundle.board.name == "みどり野市情報公開・個人情報保護審査会"
    assert bundle.board.label_style == LabelStyle.NAME
    assert (meeting.number, meeting.date) == (8, "2019-11-28")
    assert (meeting.start_time, meeting.end_time) == ("10:00", "12:00")
    assert meeting.record_style == "要点"
    assert meeting.openness == "一部非公開"
    assert meeting.observers == 2
    public, closed = bundle.agenda
    assert public.title == "個人住民税の賦課に関する事務に係る特定個人情報保護評価について"
    assert public.heading == "(1) 個人住民税の賦課に関する事務に係る特定個人情報保護評価について"
    assert public.is_public and not closed.is_public
    reason = "本議題は、みどり野市情報公開条例第12条の規定により公開しません。"
    assert closed.closed_reason == reason
    assert [e.text for e in bundle.entries_of(closed.id)] == [reason]  # and still in the record
    kinds = [(e.speaker_label, e.kind) for e in bundle.entries_of(public.id)]
    assert kinds == [
        ("", EntryKind.STAGE),  # 「…から説明があった。」: narrative, spoken by no one
        ("(大野委員)", EntryKind.QUESTION),
        ("(回答)", EntryKind.ANSWER),
        ("(北村委員)", EntryKind.QUESTION),
        ("(回答)", EntryKind.ANSWER),
        ("(坂口委員)", EntryKind.QUESTION),
        ("(回答)", EntryKind.ANSWER),
        ("(回答)", EntryKind.ANSWER),
    ]
    members = {p.id: p.name for p in bundle.attendance if p.side == Side.MEMBER}
    asked = [members.get(e.speaker_id) for e in bundle.entries if e.kind == EntryKind.QUESTION]
    assert asked == ["大野", "北村", "坂口"]
    # The 公開用 export leaves the closed item out, with its reason as the board's style
    # says it (the one detected: a closing note 「なお、議題2については、…」).
    public_text = render_text(build_minutes(bundle, public=True))
    assert bundle.board.minutes_style == "key-line-value-line"
    assert (
        "なお、議題2については、みどり野市情報公開条例第12条の規定により公開しない。" in public_text
    )
    assert reason not in public_text
    assert "開示請求に係る審議について(非公開)" in public_text


def test_table_header_layout_with_maru_labels() -> None:
    # DOMAIN §3's third header: 会議名 / 開催日時 / … / 公開または非公開の別 / 非公開の理由.
    parsed = parse_minutes(
        "会議名\t第5回ひかり市個人情報保護審査会\n"
        "開催日時\t2023年7月3日(月) 14:00～15:30\n"
        "開催場所\tひかり市役所 3階 第1会議室\n"
        "出席者\t委員 光会長、星委員、月委員\n"
        "\t説明者 保険年金課 田中課長、佐藤係長\n"
        "議題\t(1) 国民健康保険に関する事務に係る特定個人情報保護評価について\n"
        "\t(2) 審査請求について(非公開)\n"
        "公開または非公開の別\t一部非公開\n"
        "非公開の理由\tひかり市情報公開条例第7条第2号に該当するため\n"
        "傍聴人の数\t0人\n\n"
        "(1) 国民健康保険に関する事務に係る特定個人情報保護評価について\n"
        "〇会長　それでは審議を始める。\n〇説明者　評価書について説明する。\n"
        "〇委員　再委託の有無はどうか。\n〇説明者　再委託はない。\n"
        "(2) 審査請求について\n"
    )
    assert (parsed.number, parsed.board_name) == (5, "ひかり市個人情報保護審査会")
    assert parsed.date == dt.date(2023, 7, 3) and parsed.place == "ひかり市役所 3階 第1会議室"
    assert parsed.openness == "一部非公開" and parsed.label_style == LabelStyle.MARU
    assert [(p.side, p.department, p.name + p.title) for p in parsed.attendees] == [
        (Side.MEMBER, "", "光会長"),
        (Side.MEMBER, "", "星委員"),
        (Side.MEMBER, "", "月委員"),
        (Side.EXPLAINER, "保険年金課", "田中課長"),
        (Side.EXPLAINER, "保険年金課", "佐藤係長"),
    ]
    public, closed = parsed.items
    assert not closed.is_public
    assert closed.closed_reason == "ひかり市情報公開条例第7条第2号に該当するため"
    speakers = [(e.speaker, e.label, e.kind) for e in public.entries]
    assert speakers == [
        (0, "〇会長", EntryKind.PROCEDURE),  # the roll's one 会長
        (None, "〇説明者", EntryKind.EXPLANATION),  # anonymous: no one of the roll
        (None, "〇委員", EntryKind.QUESTION),
        (None, "〇説明者", EntryKind.ANSWER),
    ]
    assert parsed.preamble == []


def test_a_title_that_is_only_a_document_word() -> None:
    parsed = parse_minutes("議事要旨\n\n日時\t令和5年1月5日(木)\n内容\n(事務局) 開会する。\n")
    assert parsed.record_style == "要点"
    assert parsed.date == dt.date(2023, 1, 5)
    assert [e.text for e in parsed.all_entries()] == ["開会する。"]


@pytest.mark.parametrize(
    "text", ["令和3年2月30日", "令和3年11月9日 10:50~10:00", "令和3年11月9日 午前中", "未定"]
)
def test_an_unreadable_date_line_is_kept_as_an_entry(text: str) -> None:
    # How the date itself is read: tests/core/test_wareki.py.
    parsed = parse_minutes(f"第2回 テスト審査会 議事録\n日時 {text}\n内容\n(事務局) 開会する。\n")
    assert parsed.date is None
    assert parsed.preamble[0].text == f"日時 {text}"


def test_label_styles_and_a_label_on_its_own_line() -> None:
    parsed = parse_minutes(
        "出席者\t委員 大野委員、北村委員\n\t市民課 山本課長\n事務局\t総務課 佐々木係長\n内容\n\n"
        "〇会長 開会する。\n\n〇委員 質問がある。\n\n〇実施機関 回答する。\n\n〇事務局 以上。\n\n"
        "(委員A) 一点伺いたい。\n\n（市民課）\n\n回答である。\n\n(企画課) 不明な発言。\n\n"
        "(謎の人物) 別の発言。\n\n"
        "(審査会委員)\n(市民課) 続けて回答する。\n"
    )
    entries = parsed.all_entries()
    by_text = {e.text: e for e in entries}
    names = [p.name for p in parsed.attendees]
    assert names == ["大野", "北村", "山本", "佐々木"]
    # Anonymous labels name no one of the roll, whoever is on it (issue 17, item 7).
    for text in ("質問がある。", "回答する。", "以上。", "一点伺いたい。", "回答である。"):
        assert by_text[text].speaker is None, text
    assert by_text["質問がある。"].label == "〇委員"
    assert by_text["一点伺いたい。"].label == "(委員A)"
    assert by_text["回答である。"].label == "（市民課）"
    assert by_text["回答である。"].kind == EntryKind.ANSWER
    assert by_text["開会する。"].speaker is None  # no 会長 on the roll: the label is kept
    assert by_text["開会する。"].label == "〇会長"
    assert by_text["不明な発言。"].label == "(企画課)"  # a department not on the roll
    assert by_text["不明な発言。"].speaker is None
    assert by_text["不明な発言。"].kind == EntryKind.ANSWER
    # Not a label by any rule: the text stays whole, with its brackets.
    assert by_text["(謎の人物) 別の発言。"].kind == EntryKind.ANSWER
    assert by_text["(審査会委員)"].kind == EntryKind.UNCLASSIFIED  # a label nobody followed


def test_headings_stage_directions_and_broken_sentences() -> None:
    parsed = parse_minutes(
        "内 容\n\n税務に関する事務について\n\n"
        "(市民税課)《山本課長が評価書について説明》\n\n"
        "住民税の賦課に関する事務は、地方税法(以下「法」という。)に基づき、\n\n"
        "行われるものである。\n\n"
        "#### 質疑応答\n\n"
        "(審査会委員) 委託先の選定の際に、情報セキュリティの認証の取得を条件として求めてい\n\n"
        "るか。\n\n(市民税課) 求めている。\n\n意見聴取終了\n"
    )
    [item] = parsed.items
    assert item.title == "税務に関する事務について"
    assert [(e.kind, e.text) for e in item.entries] == [
        (EntryKind.STAGE, "山本課長が評価書について説明"),
        (
            EntryKind.EXPLANATION,
            "住民税の賦課に関する事務は、地方税法(以下「法」という。)に基づき、行われるものである。",
        ),
        (EntryKind.HEADING, "質疑応答"),
        (
            EntryKind.QUESTION,
            "委託先の選定の際に、情報セキュリティの認証の取得を条件として求めているか。",
        ),
        (EntryKind.ANSWER, "求めている。"),
        (EntryKind.HEADING, "意見聴取終了"),
    ]


def test_closing_lines_not_exactly_regenerated_stay_entries() -> None:
    text = (
        "内容\n\n個人情報に関する事務について\n\n(審査会委員) 質問はあるか。\n\n"
        "(審査会委員) 本件の答申の方向性は、「妥当である。」と認めてよろしいか。\n\n"
        "異議がないのでこの旨で答申する。\n"
    )
    [item] = parse_minutes(text).items
    assert item.toshin is not None and not item.toshin.confirmed
    assert item.toshin.wording == "妥当である。"
    assert item.entries[-1].text == "異議がないのでこの旨で答申する。"


# -- files -----------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932", "utf-16"])
def test_text_files_in_each_encoding(tmp_path: Path, encoding: str) -> None:
    path = _write(tmp_path, "minutes.txt", LAYOUT_SUMMARY, encoding)
    assert read_minutes_file(path) == LAYOUT_SUMMARY


def test_docx_reads_paragraphs_and_table_rows_in_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("第4回 みなと市個人情報保護審査会 議事録")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "日時", "令和5年2月1日(水) 14:00~15:00"
    table.cell(1, 0).text = "出席者"
    table.cell(1, 1).text = "審査会委員 港会長、岬委員"
    table.cell(1, 1).add_paragraph("港湾局総務課 波田係長")
    document.add_heading("港湾に関する事務について", level=1)
    document.add_paragraph("(総務課) 説明する。")
    path = tmp_path / "minutes.docx"
    document.save(str(path))
    text = read_minutes_file(path)
    assert text.split("\n\n") == [
        "第4回 みなと市個人情報保護審査会 議事録",
        "日時\t令和5年2月1日(水) 14:00~15:00\n出席者\t審査会委員 港会長、岬委員\n"
        "\t港湾局総務課 波田係長",
        "## 港湾に関する事務について",
        "(総務課) 説明する。\n",
    ]
    store = Store(":memory:")
    bundle = store.load_bundle(import_file(store, path))
    assert bundle.board.name == "みなと市個人情報保護審査会"
    assert [p.display_name for p in bundle.attendance] == ["港会長", "岬委員", "波田係長"]
    assert bundle.agenda[0].title == "港湾に関する事務について"
    # 「(総務課)」 is a department's label: anonymous, kept as printed.
    assert bundle.entries[0].speaker_id is None
    assert bundle.entries[0].speaker_label == "(総務課)"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("minutes.rtf", b"{\\rtf1 x}", "対応していません"),
        ("minutes.pdf", b"%PDF-1.4", "PDF ファイルとして読めません"),
        ("broken.docx", b"not a zip", "Word ファイルとして読めません"),
        ("binary.txt", b"\x00\x01\x02", "テキストファイルではない"),
        ("latin.txt", bytes([0x81, 0x20, 0xFF, 0xFE, 0x80]), "文字コード"),
        ("empty.txt", b"\n  \n", "空のファイル"),
    ],
)
def test_unreadable_files_are_refused_naming_the_file(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    store = Store(":memory:")
    with pytest.raises(UserError) as caught:
        import_file(store, path)
    assert name in str(caught.value) and message in str(caught.value)
    assert store.meetings() == [] and store.boards() == []


def test_a_failure_part_way_leaves_nothing_behind() -> None:
    store = Store(":memory:")
    calls = 0

    def failing_norm(text: object) -> str:
        # The search index's normalisation runs for each row the import writes: failing at
        # the fifth fails the write part way, with the meeting and some of its rows written.
        nonlocal calls
        calls += 1
        if calls == 5:
            raise RuntimeError("disk full")
        return str(text)

    store.conn.create_function("pia_norm", 1, failing_norm, deterministic=True)
    with pytest.raises(UserError, match=r"minutes-kitakyushu.*データベースのエラー"):
        import_file(store, REFERENCE)
    assert calls == 5
    assert store.meetings() == [] and store.boards() == []
    for table in ("entries", "attendances", "agenda_items", "toshins", "audit_events"):
        assert store.db[table].count == 0, table
    assert store.query("select count(*) as n from search_docs")[0]["n"] == 0


def test_the_same_minutes_twice_is_refused(tmp_path: Path) -> None:
    store = Store(":memory:")
    first = import_file(store, REFERENCE)
    with pytest.raises(UserError, match=r"第15回\(2021-11-09\)は既にあります"):
        import_file(store, REFERENCE)
    assert [r["id"] for r in store.meetings()] == [first]


def test_a_taken_number_on_another_date_is_stored_empty_never_as_the_next(tmp_path: Path) -> None:
    # A board that numbers its meetings per 年度 has a 第15回 every year.
    store = Store(":memory:")
    first = import_file(store, REFERENCE)
    text = reference_text().replace("令和3年11月9日", "令和4年11月8日")
    later = import_minutes(store, _write(tmp_path, "r4.txt", text))
    numbers = {r["id"]: r["number"] for r in store.meetings()}
    assert (numbers[first], numbers[later.meeting_id]) == (15, None)
    assert any("第15回" in note and "空欄" in note for note in later.notes)
    [event] = store.audit(later.meeting_id)
    assert "第15回" in event.reason


def test_no_number_stays_none_and_an_unknown_board_is_named_by_the_file(tmp_path: Path) -> None:
    store = Store(":memory:")
    nameless = import_file(store, _write(tmp_path, "memo.txt", "(委員) 一言だけ述べる。\n"))
    bundle = store.load_bundle(nameless)
    assert bundle.board.name == "(取込)memo"
    assert bundle.meeting.number is None
    assert bundle.meeting.title == ""  # none printed: none invented
    assert bundle.meeting.observers is None  # not said
    assert [e.text for e in bundle.entries] == ["一言だけ述べる。"]
    assert "傍聴人" not in _text(bundle)  # the minutes print no 「0人」 they were never told


# -- nothing is lost, whatever the text -------------------------------------------------------

_LABELS = [
    "(審査会委員)",
    "（戸籍住民課）",
    "【尾関会長】",
    "【事務局鈴木】",
    "(大野委員)",
    "(回答)",
    "〇会長 ",
    "〇事務局 ",
    "〇実施機関 ",
    "(委員A)",
    # issue 17's forms
    "〈会長〉",
    "<委員A>",
    "〈こども家庭課〉",
    "会長:",
    "(委 員 B)",
    "【事務局宇佐見】",
]
_BARE_ROLES = ["会長", "委員", "実施機関", "事務局"]
_HEADER_WORDS = [
    "日 時\t",
    "項 目\t",
    "出席者\t",
    "事務局\t",
    "傍聴人\t",
    "内 容\t",
    "議題 ",
    # issue 17's forms: ◇ keys, spaced keys, a key then its value, a preamble, numbering
    "◇日時 ",
    "出 席 者 ",
    "掲載日:",
    "1 開催場所 ",
    "会議記録 ",
    "傍聴者:",
    "議事録署名人:",
]
_MARKS = ["#### ", "(公開審議)", "(非公開)", "《", "》", "(", ")", "【", "】", "⑴", "⑵"]
# Kana and kanji that cannot form a title, a label, a date, a board name or 「なし」 (no
# observers) by chance: the check below is then exact about every character of the text.
_ALPHABET = (
    "あいうえおかきくけこさすせそたちつてとなにぬねのまみむ情報保護市民税事項説明書。、「」？"
)
_SAMPLE_CLOSING = (
    "第三者点検についての答申の方向性は、「事務について妥当である。」と認めてよろしいか。"
)

_random_text = st.text(alphabet=_ALPHABET, min_size=1, max_size=25)
_line = st.one_of(
    st.just(""),
    _random_text,
    st.builds(lambda label, text: label + text, st.sampled_from(_LABELS), _random_text),
    st.sampled_from(_LABELS),
    st.builds(lambda word, text: word + text, st.sampled_from(_HEADER_WORDS), _random_text),
    st.builds(lambda text: f"《{text}》", _random_text),
    st.sampled_from(["#### 質疑応答", "意見聴取終了", "内 容", "異議がないのでこの旨で答申する。"]),
    st.just(_SAMPLE_CLOSING),
    st.builds(lambda text: text + "(公開審議)", _random_text),
    # issue 17's forms: a bare role alone (its words on the next line), stage directions
    # in brackets and in narrative, ⑴ numbering, a ト書き with 》 inside
    st.sampled_from(_BARE_ROLES),
    st.builds(lambda text: f"({text}退室)", _random_text),
    st.builds(lambda text: f"【{text}が説明】", _random_text),
    st.builds(lambda text: f"{text}から説明があった。", _random_text),
    st.builds(lambda text: f"⑴ {text}について", _random_text),
    st.builds(lambda a, b: f"《{a}》{b}》", _random_text, _random_text),
)


def _without_markup(line: str) -> str:
    for token in sorted([*_LABELS, *_HEADER_WORDS, *_MARKS], key=len, reverse=True):
        line = line.replace(token.strip(), "")
    return re.sub(r"\s+", "", line)


def _without_list_separators(text: str, bundle: MeetingBundle) -> str:
    """A line that lists people of the roll (「あ、い」 under 「委員」) is laid out again by the
    board's style, one a line or joined: the 、 between them are layout, not text."""
    names = [_normal(p.name) for p in bundle.attendance if _normal(p.name)]
    lines = []
    for line in text.split("\n"):
        parts = line.split("、")
        if len(parts) > 1 and all(any(n in _normal(part) for n in names) for part in parts):
            line = line.replace("、", "")
        lines.append(line)
    return "\n".join(lines)


def _without_roles(text: str) -> str:
    # A bare role alone on its line is the label of the words under it: printed again as
    # their label, or kept as it was when nothing follows; never counted as text.
    return "\n".join(line for line in text.split("\n") if line.strip() not in _BARE_ROLES)


@settings(
    max_examples=int(os.environ.get("PIA_PROPERTY_EXAMPLES", "80")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(lines=st.lists(_line, min_size=1, max_size=25))
def test_no_character_is_lost_whatever_the_text(tmp_path: Path, lines: list[str]) -> None:
    text = "\n".join(lines)
    path = tmp_path / "random.txt"
    path.write_text(text, "utf-8")
    store = Store(":memory:")
    try:
        meeting_id = import_file(store, path)
    except UserError:
        assert not text.strip()
        return
    bundle = store.load_bundle(meeting_id)
    # What the user gets back: the exported minutes, the place (not part of the export) and
    # the roll, which a style may print in part (surnames only, 「総務課長ほか3名」).
    roll = "".join(p.department + p.name + p.title for p in bundle.attendance)
    kept = Counter(_normal(_text(bundle) + bundle.meeting.place + bundle.board.name + roll))
    said = _without_list_separators(_without_roles("\n".join(lines)), bundle)
    wanted = Counter(_normal(_without_markup(said)))
    lost = wanted - kept
    assert not lost, f"lost {dict(lost)} from {text!r}"


# -- command line -----------------------------------------------------------------------------


def test_cli_import_prints_each_new_meeting_id(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = _write(in_tmp, "aoba.txt", LAYOUT_ONE_A_LINE)
    code = main(["import", str(REFERENCE), str(other), "--db", "minutes.db"])
    out, err = capsys.readouterr()
    assert code == 0, err
    ids = [int(line) for line in out.splitlines()]
    assert len(ids) == 2
    store = Store(in_tmp / "minutes.db")
    assert sorted(r["id"] for r in store.meetings()) == sorted(ids)
    assert {r["number"] for r in store.meetings()} == {15, 3}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "見つかりません"),
        ("minutes.odt", b"PK", "対応していません"),
        ("minutes.pdf", b"%PDF-1.4", "PDF ファイルとして読めません"),
        ("broken.docx", b"PK\x03\x04 broken", "Word ファイルとして読めません"),
    ],
)
def test_cli_import_refuses_a_bad_file_and_imports_the_rest(
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: bytes | None,
    message: str,
) -> None:
    bad = in_tmp / name
    if content is not None:
        bad.write_bytes(content)
    code = main(["import", str(bad), str(REFERENCE), "--db", "minutes.db"])
    out, err = capsys.readouterr()
    assert code == 1
    assert name in err and message in err
    assert "Traceback" not in err
    [line] = out.splitlines()  # the good file was still imported
    store = Store(in_tmp / "minutes.db")
    assert [r["id"] for r in store.meetings()] == [int(line)]


def test_cli_import_needs_a_file(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["import"])
    assert caught.value.code == 2
    assert "使い方" in capsys.readouterr().err


def test_imported_entries_have_no_made_up_time(tmp_path: Path) -> None:
    """Published minutes do not say when each thing was said: the entries carry no time
    (the meeting keeps its date and start), so 「時刻付き」 prints none."""
    store, meeting_id = _import(LAYOUT_SUMMARY, tmp_path)
    bundle = store.load_bundle(meeting_id)
    assert (bundle.meeting.date, bundle.meeting.start_time) == ("2019-11-28", "10:00")
    assert [e.spoken_at for e in bundle.entries] == [None] * len(bundle.entries)


# -- what the import prompt was given ---------------------------------------------------------


def test_one_dropped_file_with_spaces_in_its_name_is_one_path(tmp_path: Path) -> None:
    minutes = tmp_path / "議事録 第15回 (確定版).docx"
    minutes.write_bytes(b"")
    assert split_paths(str(minutes)) == [minutes]
    assert split_paths(f"'{minutes}'\n") == [minutes]  # as a terminal pastes a dropped file


def test_several_files_are_separated_by_spaces_and_may_be_quoted(tmp_path: Path) -> None:
    assert split_paths('a.txt "第 2 回.docx" ~/b.txt') == [
        Path("a.txt"),
        Path("第 2 回.docx"),
        Path("~/b.txt").expanduser(),
    ]
    assert split_paths("   ") == []
    assert split_paths('"unbalanced.txt') == [Path("unbalanced.txt")]


def test_on_windows_a_backslash_is_a_folder_separator() -> None:
    typed = r'C:\議事録\第15回.docx "C:\My Documents\第16回.docx"'
    assert [str(p) for p in split_paths(typed, windows=True)] == [
        r"C:\議事録\第15回.docx",
        r"C:\My Documents\第16回.docx",
    ]
