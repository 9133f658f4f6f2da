"""Synthetic databases for the benchmarks: meetings shaped like a real 第三者点検 session.

Everything is written in one transaction per database (entries by `executemany`), so that
building 100,000 entries takes seconds, not one fsync per row.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

from pia_meeting.core.model import (
    AgendaItem,
    Assessment,
    Attendance,
    EntryKind,
    Meeting,
    MeetingStatus,
    Member,
    Side,
)
from pia_meeting.store.facade import Store

BOARD_NAME = "ベンチ市個人情報保護審査会"

# Fragments that the minutes of such sessions are made of; sentences are drawn from them.
SUBJECTS = (
    "特定個人情報ファイル",
    "個人番号",
    "住民基本台帳ネットワーク",
    "国民健康保険の資格情報",
    "委託先の従業者",
    "再委託先",
    "アクセス記録",
    "ログの保存期間",
    "評価書の記載",
    "中間サーバー",
    "情報提供ネットワークシステム",
    "番号法第19条",
    "職員研修",
    "委託契約書",
    "端末の操作権限",
    "バックアップ媒体",
    "庁内LAN",
    "漏えい時の対応手順",
    "特定個人情報の提供先",
    "システム改修",
)
PREDICATES = (
    "について説明いたします",
    "はどのように管理されていますか",
    "は年に一度点検しております",
    "の取扱いを確認したいと思います",
    "は委託契約で定めております",
    "を研修で周知しております",
    "については次回までに確認してお答えします",
    "は評価書の記載どおりです",
    "のリスク対策が十分か伺います",
    "はパスワードと生体認証で制限しております",
    "の記録は七年間保存しております",
    "を見直す予定はありますか",
)
CONNECTIVES = ("また、", "なお、", "具体的には、", "その上で、", "一方で、", "")
# Said rarely (about 1 entry in 500 each): what the archive search is for, and its hard case.
RARE = (
    "保管庫の鍵は課長が管理しております。",
    "外部の監査法人による監査を受けました。",
    "マイナポータルとの連携はございません。",
)
KINDS = (
    EntryKind.EXPLANATION,
    EntryKind.QUESTION,
    EntryKind.ANSWER,
    EntryKind.QUESTION,
    EntryKind.ANSWER,
    EntryKind.OPINION,
    EntryKind.PROCEDURE,
)

# Queries of 1 to 8 characters, as a secretariat would type them into the archive search:
# common words, rare ones (in a few hundred entries) and some that occur nowhere.
SEARCH_QUERIES = (
    "委",
    "鍵",
    "課",
    "指紋",
    "顔認証",
    "監査法人",
    "マイナポータル",
    "委託",
    "研修",
    "記録",
    "漏えい",
    "評価書",
    "再委託",
    "個人番号",
    "アクセス",
    "中間サーバ",
    "バックアップ",
    "委託契約書",
    "生体認証",
    "番号法第19",
    "特定個人情報",
    "保存期間",
    "操作権限",
    "情報提供ネット",
    "住民基本台帳",
)


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(CONNECTIVES)}{rng.choice(SUBJECTS)}{rng.choice(PREDICATES)}。"


def entry_text(rng: random.Random) -> str:
    """One to four sentences, 「」 and 、 included: 20 to 150 characters."""
    text = "".join(sentence(rng) for _ in range(rng.randint(1, 4)))
    if rng.random() < 0.002 * len(RARE):
        text += rng.choice(RARE)
    if rng.random() < 0.2:
        text = f"「{rng.choice(SUBJECTS)}」の件で、{text}"
    return text


MINUTES_HEADER = """\
第15回 特定個人情報保護評価「第三者点検」 議事録

日 時\t令和3年11月9日(火) 10:00~10:50
項 目\t住民基本台帳に関する事務に係る特定個人情報保護評価について(公開審議)
出席者\t審査会委員 時枝会長、姜委員、重永委員、日高委員、松木委員
\t市民文化スポーツ局市民総務部戸籍住民課 菊竹係長、友岡主任
事務局\t総務局文書館 花本館長、芦屋係長
傍聴人\t0人
内 容\t

住民記録台帳に関する事務について

(戸籍住民課)《菊竹係長が全項目評価書(案)概要について説明》
"""
_TURNS = ("(審査会委員)", "(戸籍住民課)", "(戸籍住民課)", "(デジタル市役所推進課)")


def minutes_text(size: int, seed: int = 5) -> str:
    """A published minutes of about `size` bytes (UTF-8) in the reference's layout: its
    header, then turns of the members and the departments, each a paragraph or two, a
    sentence now and then broken over a blank line as a PDF breaks it."""
    rng = random.Random(seed)
    parts = [MINUTES_HEADER]
    total = len(MINUTES_HEADER.encode("utf-8"))
    while total < size:
        turn = f"\n{rng.choice(_TURNS)} {entry_text(rng)}\n"
        for _ in range(rng.choice((0, 0, 1, 2))):
            more = entry_text(rng)
            if rng.random() < 0.1:  # a sentence a PDF broke over a blank line
                more = f"{more[:-1]}\n\n{rng.choice(SUBJECTS)}である。"
            turn += f"\n{more}\n"
        parts.append(turn)
        total += len(turn.encode("utf-8"))
    return "".join(parts)


def japanese_keystrokes(count: int, seed: int = 7) -> str:
    """Exactly `count` characters of minutes-like Japanese (with 。、「」), no newline."""
    rng = random.Random(seed)
    text = ""
    while len(text) < count:
        text += entry_text(rng)
    return text[:count]


def _roll(store: Store, meeting_id: int, members: list[Member]) -> list[int]:
    ids: list[int] = []
    for member in members:
        person = store.add_attendee(
            Attendance(
                meeting_id=meeting_id,
                side=Side.MEMBER,
                name=member.name,
                title=member.role,
                member_id=member.id,
            )
        )
        assert person.id is not None
        ids.append(person.id)
    for name, title, department in (
        ("菊竹", "係長", "市民文化スポーツ局市民総務部戸籍住民課"),
        ("友岡", "主任", "市民文化スポーツ局市民総務部戸籍住民課"),
        ("森岡", "課長", "保健福祉局国民健康保険課"),
    ):
        person = store.add_attendee(
            Attendance(
                meeting_id=meeting_id,
                side=Side.EXPLAINER,
                name=name,
                title=title,
                department=department,
            )
        )
        assert person.id is not None
        ids.append(person.id)
    person = store.add_attendee(
        Attendance(meeting_id=meeting_id, side=Side.SECRETARIAT, name="花本", title="主査")
    )
    assert person.id is not None
    ids.append(person.id)
    return ids


def build_database(
    path: Path,
    *,
    meetings: int,
    entries_per_meeting: int,
    seed: int = 1,
) -> list[int]:
    """`meetings` meetings with `entries_per_meeting` entries each, added to the database
    (created when new) after any meetings already there; returns the new meeting ids in
    order (the last one is the newest, listed first in 会議一覧). Entries go in through the
    app's own schema, so its triggers (the search index) see every row."""
    rng = random.Random(seed)
    store = Store(path)
    ids: list[int] = []
    try:
        store.conn.execute("PRAGMA synchronous=OFF")  # building only; the benchmarks reopen it
        with store.atomic():
            board = store.board_named(BOARD_NAME)
            assert board.id is not None
            members = store.members(board.id) or [
                store.add_member(Member(board_id=board.id, name=name, role=role))
                for name, role in (
                    ("時枝", "会長"),
                    ("姜", "副会長"),
                    ("山下", "委員"),
                    ("有沢", "委員"),
                    ("篠宮", "委員"),
                )
            ]
            assessment = store.save_assessment(
                Assessment(name="住民基本台帳に関する事務", page_count=120, version="案")
            )
            first = store.next_meeting_number(board.id)
            start = dt.date(2010, 4, 1)
            for index in range(first - 1, first - 1 + meetings):
                meeting = store.create_meeting(
                    Meeting(
                        board_id=board.id,
                        number=index + 1,
                        date=(start + dt.timedelta(days=14 * index)).isoformat(),
                        start_time="10:00",
                        end_time="11:50",
                        place="本庁舎 3階 会議室",
                        status=MeetingStatus.CLOSED,
                    )
                )
                assert meeting.id is not None
                item = store.add_agenda_item(
                    AgendaItem(
                        meeting_id=meeting.id,
                        title=f"{rng.choice(SUBJECTS)}に関する特定個人情報保護評価について",
                        assessment_id=assessment.id,
                    )
                )
                speakers = _roll(store, meeting.id, members)
                _insert_entries(store, meeting, item, speakers, entries_per_meeting, rng)
                ids.append(meeting.id)
    finally:
        store.close()
    return ids


def _insert_entries(
    store: Store,
    meeting: Meeting,
    item: AgendaItem,
    speakers: list[int],
    count: int,
    rng: random.Random,
) -> None:
    day = meeting.date or "2020-01-01"
    rows = []
    for seq in range(1, count + 1):
        minutes = 10 * 60 + seq * 110 // max(count, 1)
        spoken_at = f"{day}T{minutes // 60:02d}:{minutes % 60:02d}:00+09:00"
        page = rng.randint(1, 120)
        rows.append(
            (
                meeting.id,
                item.id,
                seq,
                KINDS[seq % len(KINDS)].value,
                rng.choice(speakers),
                entry_text(rng),
                spoken_at,
                json.dumps([page] if rng.random() < 0.3 else []),
                spoken_at,
                spoken_at,
            )
        )
    store.conn.executemany(
        "insert into entries (meeting_id, agenda_item_id, seq, kind, speaker_id, text, "
        "spoken_at, pages, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
