"""Two layouts of our own, unlike the specimens, read by the same general readers: colon keys
after ◆, a kanji 回, 〔〕 labels and a 委員長 (a 会議要録); spaced keys with the value a blank
line below, no 回 and no agenda, 「会長:」, bare roles and a department in 【】 (a 会議概略)."""

from __future__ import annotations

import datetime as dt

from pia_meeting.core.model import EntryKind, RecordStyle, Side
from pia_meeting.imports import parse_minutes

SAKURADAI = """\
令和4年度 第百十回 さくら台町個人情報保護審議会 会議要録

掲載日:令和4年12月1日
◆開催日時:令和4年11月15日(火曜日)午前10時00分~午前11時30分
◆開催場所:さくら台町役場 2階 第1会議室
◆出席者:
委員 委員長 青木 一郎、副委員長 石田 花子、上野 太郎、江藤 次郎
説明員 住民課 岡本課長、加藤主査
事務局 総務課 木村係長
◆傍聴者:2人
◆議題
1 住民基本台帳事務の特定個人情報保護評価について(諮問第7号)

◆審議の概要
1 住民基本台帳事務の特定個人情報保護評価について(諮問第7号)
〔委員長〕 それでは審議を始めます。住民課から説明をお願いします。
〔住民課長〕 評価書の3ページから説明します。対象者は約9千人です。
〔委員〕 委託先の監査はどのように行っていますか。
〔加藤主査〕 年1回、立入検査を行っています。
〔委員〕 監査結果は公表した方がよいと考えます。
(委員長から、答申案の取りまとめについて事務局に指示があった。)
"""

HIBARI = """\
ひばり市情報公開・個人情報保護審査会 会議概略

日 時

令和5年3月8日(水) 14:00~15:00

場 所

ひばり市役所 5階 502会議室

出 席 者

委員 森会長、林委員、原委員
実施機関 デジタル推進課 山田課長、佐藤主任

議事の経過

会長:ただいまから会議を開会します。
実施機関
評価書の概要を説明します。
委員:
再委託は認めていますか。
【デジタル推進課】
認めていません。
(回答) 契約書に明記しています。
事務局
次回は5月の予定です。
"""


def test_colon_keys_kanji_number_and_square_brackets() -> None:
    parsed = parse_minutes(SAKURADAI)
    assert (parsed.number, parsed.board_name) == (110, "さくら台町個人情報保護審議会")
    assert parsed.record_style == RecordStyle.SUMMARY  # 要録
    assert (parsed.date, parsed.start_time, parsed.end_time) == (
        dt.date(2022, 11, 15),
        dt.time(10, 0),
        dt.time(11, 30),
    )
    assert (parsed.place, parsed.observers) == ("さくら台町役場 2階 第1会議室", 2)
    roll = [(p.side, p.name, p.title, p.department) for p in parsed.attendees]
    assert roll == [
        (Side.MEMBER, "青木 一郎", "委員長", ""),  # as written: the space tells the surname
        (Side.MEMBER, "石田 花子", "副委員長", ""),
        (Side.MEMBER, "上野 太郎", "委員", ""),
        (Side.MEMBER, "江藤 次郎", "委員", ""),
        (Side.EXPLAINER, "岡本", "課長", "住民課"),
        (Side.EXPLAINER, "加藤", "主査", "住民課"),
        (Side.SECRETARIAT, "木村", "係長", "総務課"),
    ]
    [item] = parsed.items
    assert item.inquiry == "諮問第7号" and item.title.endswith("評価について")
    turns = [(e.kind, e.label, e.speaker) for e in item.entries]
    assert turns == [
        (EntryKind.PROCEDURE, "〔委員長〕", 0),  # the roll's one 委員長
        (EntryKind.EXPLANATION, "〔住民課長〕", 4),  # the roll's one 課長 of 住民課
        (EntryKind.QUESTION, "〔委員〕", None),  # anonymous
        (EntryKind.ANSWER, "〔加藤主査〕", 5),
        (EntryKind.OPINION, "〔委員〕", None),
        (EntryKind.STAGE, "", None),
    ]
    assert [e.text for e in parsed.preamble] == ["掲載日:令和4年12月1日"]  # kept, not read


def test_spaced_keys_values_below_no_number_and_bare_roles() -> None:
    parsed = parse_minutes(HIBARI)
    assert parsed.number is None  # none printed: none given
    assert parsed.title == "ひばり市情報公開・個人情報保護審査会"
    assert parsed.record_style == RecordStyle.SUMMARY  # 概略
    assert parsed.observers is None  # not said
    assert parsed.date == dt.date(2023, 3, 8) and parsed.place == "ひばり市役所 5階 502会議室"
    assert [p.name + p.title for p in parsed.attendees] == [
        "森会長",
        "林委員",
        "原委員",
        "山田課長",
        "佐藤主任",
    ]
    turns = [(e.kind, e.label, e.speaker, e.text) for e in parsed.all_entries()]
    assert turns == [
        (EntryKind.PROCEDURE, "会長:", 0, "ただいまから会議を開会します。"),  # as printed
        (EntryKind.EXPLANATION, "実施機関", None, "評価書の概要を説明します。"),
        (EntryKind.QUESTION, "委員:", None, "再委託は認めていますか。"),
        (EntryKind.ANSWER, "【デジタル推進課】", None, "認めていません。"),
        (EntryKind.ANSWER, "(回答)", None, "契約書に明記しています。"),
        (EntryKind.PROCEDURE, "事務局", None, "次回は5月の予定です。"),
    ]
