"""The SQLite store (SPEC §6): durable, private, versioned, and refusing bad input in Japanese
without touching what is already saved."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from pia_meeting.core.errors import NotFoundError, UserError, ValidationError
from pia_meeting.core.model import (
    AgendaItem,
    Assessment,
    Attendance,
    AuditEvent,
    Board,
    Entry,
    EntryKind,
    LabelStyle,
    Meeting,
    MeetingStatus,
    Presence,
    Side,
    Toshin,
)
from pia_meeting.core.record import FALLBACK_CLOSED_REASON, IMPORTING, NewEntry, NewMeeting
from pia_meeting.export.minutes import build_minutes
from pia_meeting.export.text_writer import render_text
from pia_meeting.services.meetings import duplicate_meeting
from pia_meeting.services.search import search
from pia_meeting.store.facade import DB_ENV, DEFAULT_DB, SCHEMA_VERSION, Store, resolve_db_path
from pia_meeting.store.fts import normalise
from pia_meeting.store.listing import read_meeting_list_from


def _has_japanese(text: str) -> bool:
    return any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "pia_meeting.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    opened = Store(db_path)
    yield opened
    opened.close()


def _meeting(store: Store, number: int = 15, **fields: object) -> Meeting:
    board = store.board_named("北九州市個人情報保護審査会")
    values: dict[str, object] = {
        "board_id": board.id,
        "number": number,
        "date": "2021-11-09",
        "start_time": "10:00",
        "end_time": "10:50",
    }
    values.update(fields)
    return store.create_meeting(Meeting(**values))  # type: ignore[arg-type]


def _stored(store: Store, meeting_id: int | None) -> Meeting:
    assert meeting_id is not None
    return store.get_meeting(meeting_id)


def _roll(store: Store, meeting: Meeting) -> dict[str, Attendance]:
    people = {
        "chair": Attendance(meeting_id=meeting.id, side=Side.MEMBER, name="時枝", title="会長"),
        "kyo": Attendance(meeting_id=meeting.id, side=Side.MEMBER, name="姜", title="委員"),
        "kikutake": Attendance(
            meeting_id=meeting.id,
            side=Side.EXPLAINER,
            name="菊竹",
            title="係長",
            department="市民文化スポーツ局市民総務部戸籍住民課",
        ),
        "hanamoto": Attendance(
            meeting_id=meeting.id, side=Side.SECRETARIAT, name="花本", title="係長"
        ),
    }
    for person in people.values():
        store.add_attendee(person)
    return people


def _item(
    store: Store, meeting: Meeting, title: str = "住民基本台帳に関する事務について"
) -> AgendaItem:
    return store.add_agenda_item(AgendaItem(meeting_id=meeting.id, title=title))


def _say(
    store: Store, meeting: Meeting, item: AgendaItem, text: str, speaker: Attendance | None = None
) -> Entry:
    return store.add_entry(
        Entry(
            meeting_id=meeting.id,
            agenda_item_id=item.id,
            kind=EntryKind.EXPLANATION,
            speaker_id=speaker.id if speaker else None,
            text=text,
        )
    )


# -- the file --------------------------------------------------------------------------------


def test_durability_pragmas_and_schema_version(store: Store) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert SCHEMA_VERSION >= 1


def test_files_are_private_even_with_a_permissive_umask(tmp_path: Path) -> None:
    path = tmp_path / "private" / "minutes.db"
    old = os.umask(0o022)
    try:
        opened = Store(path)
        meeting = _meeting(opened)
        _say(opened, meeting, _item(opened, meeting), "本日の議題は一件である。")
        companions = [Path(f"{path}-wal"), Path(f"{path}-shm")]
        assert _mode(path) == 0o600
        for companion in companions:
            if companion.exists():
                assert _mode(companion) == 0o600, companion
        assert any(c.exists() for c in companions)  # WAL is really in use
        opened.close()
    finally:
        os.umask(old)
    assert _mode(path) == 0o600


def test_folders_are_created(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "c" / "x.db"
    Store(path).close()
    assert path.is_file()


def test_migrations_run_once_and_reopening_keeps_data(db_path: Path) -> None:
    first = Store(db_path)
    meeting = _meeting(first)
    _say(first, meeting, _item(first, meeting), "会議を開会する。")
    first.close()

    for _ in range(2):
        again = Store(db_path)
        rows = list(again.db.query("select name from _sqlite_migrations"))
        assert len(rows) == SCHEMA_VERSION
        assert len({r["name"] for r in rows}) == len(rows)
        assert [e.text for e in again.entries(meeting.id or 0)] == ["会議を開会する。"]
        assert again.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        again.close()


def test_corrupted_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    garbage = os.urandom(8192)
    path.write_bytes(garbage)
    with pytest.raises(UserError) as caught:
        Store(path)
    message = str(caught.value)
    assert "バックアップ" in message
    assert str(path) in message
    assert path.read_bytes() == garbage
    assert not Path(f"{path}-wal").exists()


def test_a_folder_given_as_the_database_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        Store(tmp_path)
    assert _has_japanese(str(caught.value))


# -- where the database lives ----------------------------------------------------------------


def test_resolve_db_path_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(DB_ENV, raising=False)
    assert resolve_db_path(None) == Path("data") / "pia_meeting.db" == DEFAULT_DB
    monkeypatch.setenv(DB_ENV, str(tmp_path / "env.db"))
    assert resolve_db_path(None) == tmp_path / "env.db"
    assert resolve_db_path(str(tmp_path / "cli.db")) == tmp_path / "cli.db"
    monkeypatch.setenv(DB_ENV, "")
    assert resolve_db_path(None) == DEFAULT_DB


# -- meetings --------------------------------------------------------------------------------


@pytest.mark.parametrize("number", [0, -3, None])
def test_meeting_number_must_be_positive(store: Store, number: int | None) -> None:
    with pytest.raises(ValidationError) as caught:
        _meeting(store, number=number)  # type: ignore[arg-type]
    assert caught.value.field == "number"
    assert _has_japanese(caught.value.message)
    assert store.meetings() == []


def test_duplicate_number_on_the_same_board_is_refused(store: Store) -> None:
    first = _meeting(store, number=15, place="本庁舎3階")
    before = _stored(store, first.id)
    with pytest.raises(ValidationError) as caught:
        _meeting(store, number=15, place="別の会議室")
    assert caught.value.field == "number"
    assert "第15回" in caught.value.message
    assert [row["id"] for row in store.meetings()] == [first.id]
    assert _stored(store, first.id) == before


def test_renumbering_onto_a_taken_number_is_refused(store: Store) -> None:
    _meeting(store, number=15)
    second = _meeting(store, number=16, date="2021-12-09")
    second.number = 15
    with pytest.raises(ValidationError):
        store.update_meeting(second)
    assert _stored(store, second.id).number == 16


def test_same_number_on_another_board_is_fine(store: Store) -> None:
    _meeting(store, number=15)
    other = store.board_named("別の市個人情報保護審議会")
    store.create_meeting(Meeting(board_id=other.id, number=15))
    assert len(store.meetings()) == 2


def test_end_before_start_is_refused_and_the_row_is_unchanged(store: Store) -> None:
    meeting = _meeting(store)
    before = _stored(store, meeting.id)
    meeting.end_time = "09:30"
    with pytest.raises(ValidationError) as caught:
        store.update_meeting(meeting)
    assert caught.value.field == "end_time"
    assert _has_japanese(caught.value.message)
    assert _stored(store, meeting.id) == before


def test_times_are_compared_as_times_not_as_text(store: Store) -> None:
    # 「9:30」 sorts after 「10:00」 as text; it is still the earlier time.
    meeting = _meeting(store, start_time="9:30", end_time="10:00")
    stored = _stored(store, meeting.id)
    assert (stored.start_time, stored.end_time) == ("09:30", "10:00")


def test_unreadable_time_or_date_is_refused(store: Store) -> None:
    with pytest.raises(ValidationError) as caught:
        _meeting(store, start_time="十時頃")
    assert caught.value.field == "start_time"
    with pytest.raises(ValidationError) as caught:
        _meeting(store, date="2021-02-30")
    assert caught.value.field == "date"
    assert _has_japanese(caught.value.message)
    assert store.meetings() == []


def test_negative_observers_are_refused(store: Store) -> None:
    meeting = _meeting(store, observers=2)
    meeting.observers = -1
    with pytest.raises(ValidationError) as caught:
        store.update_meeting(meeting)
    assert caught.value.field == "observers"
    assert _stored(store, meeting.id).observers == 2


def test_unknown_meeting_is_a_japanese_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError) as caught:
        store.get_meeting(999)
    assert "見つかりません" in str(caught.value)


def test_duplicate_meeting_copies_roll_and_agenda_but_no_entries(store: Store) -> None:
    meeting = _meeting(store, number=15, place="本庁舎3階 特別会議室")
    people = _roll(store, meeting)
    people["kyo"].presence = Presence.ABSENT
    store.update_attendee(people["kyo"])
    item = _item(store, meeting)
    _item(store, meeting, "その他")
    _say(store, meeting, item, "それでは説明をお願いする。", people["chair"])

    copy = duplicate_meeting(store, meeting.id or 0)

    assert copy.id != meeting.id
    assert copy.number == 16
    assert copy.place == "本庁舎3階 特別会議室"
    bundle = store.load_bundle(copy.id or 0)
    assert [a.title for a in bundle.agenda] == ["住民基本台帳に関する事務について", "その他"]
    assert [(p.side, p.name, p.title, p.department) for p in bundle.attendance] == [
        (p.side, p.name, p.title, p.department) for p in people.values()
    ]
    assert all(p.presence == Presence.PRESENT for p in bundle.attendance)
    assert bundle.entries == []
    assert bundle.toshins == {}
    # The source is untouched.
    assert len(store.entries(meeting.id or 0)) == 1


def test_editing_the_copied_meetings_assessment_leaves_the_old_minutes_alone(
    store: Store,
) -> None:
    meeting = _meeting(store, number=15)
    assessment = store.save_assessment(
        Assessment(name="住民基本台帳に関する事務", page_count=78, version="パブリックコメント案")
    )
    item = store.add_agenda_item(
        AgendaItem(meeting_id=meeting.id, title="住民基本台帳", assessment_id=assessment.id)
    )
    other = store.add_agenda_item(
        AgendaItem(meeting_id=meeting.id, title="同じ評価書の続き", assessment_id=assessment.id)
    )
    _item(store, meeting, "その他")
    _say(store, meeting, item, "評価書の概要を説明する。")
    _say(store, meeting, other, "続きを説明する。")
    old_minutes = render_text(build_minutes(store.load_bundle(meeting.id or 0)))
    assert "住民基本台帳に関する事務について" in old_minutes

    copy = duplicate_meeting(store, meeting.id or 0)
    new_bundle = store.load_bundle(copy.id or 0)
    copied = new_bundle.assessment_of(new_bundle.agenda[0])
    assert copied is not None
    assert (copied.name, copied.page_count, copied.version) == (
        "住民基本台帳に関する事務",
        78,
        "パブリックコメント案",
    )
    # Two items of one 評価書 still share one (the copy); an item without one has none.
    assert new_bundle.agenda[1].assessment_id == copied.id
    assert new_bundle.agenda[2].assessment_id is None

    copied.name = "住民基本台帳に関する事務(確定版)"
    copied.page_count = 80
    store.save_assessment(copied)

    assert render_text(build_minutes(store.load_bundle(meeting.id or 0))) == old_minutes
    stored = store.get_assessment(assessment.id or 0)
    assert (stored.name, stored.page_count) == ("住民基本台帳に関する事務", 78)
    new_minutes = render_text(build_minutes(store.load_bundle(copy.id or 0)))
    assert "住民基本台帳に関する事務(確定版)について" in new_minutes


# -- entries ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\u3000\n"])
def test_empty_entry_is_refused(store: Store, text: str) -> None:
    meeting = _meeting(store)
    item = _item(store, meeting)
    with pytest.raises(ValidationError) as caught:
        _say(store, meeting, item, text)
    assert caught.value.field == "text"
    assert _has_japanese(caught.value.message)
    assert store.entries(meeting.id or 0) == []


def test_editing_an_entry_to_nothing_keeps_the_old_text(store: Store) -> None:
    meeting = _meeting(store)
    entry = _say(store, meeting, _item(store, meeting), "評価書の14ページについて伺う。")
    entry.text = " "
    with pytest.raises(ValidationError):
        store.update_entry(entry)
    assert store.get_entry(entry.id or 0).text == "評価書の14ページについて伺う。"


def test_entries_come_back_in_agenda_then_typing_order(store: Store) -> None:
    meeting = _meeting(store)
    first = _item(store, meeting, "議題1")
    second = _item(store, meeting, "議題2")
    _say(store, meeting, second, "二つ目の議題の一言目")
    _say(store, meeting, first, "一つ目の議題の一言目")
    _say(store, meeting, first, "一つ目の議題の二言目")
    _say(store, meeting, second, "二つ目の議題の二言目")
    texts = [e.text for e in store.entries(meeting.id or 0)]
    assert texts == [
        "一つ目の議題の一言目",
        "一つ目の議題の二言目",
        "二つ目の議題の一言目",
        "二つ目の議題の二言目",
    ]
    seqs = [e.seq for e in store.entries(meeting.id or 0) if e.agenda_item_id == first.id]
    assert seqs == [1, 2]


def test_entry_text_is_stored_exactly(store: Store) -> None:
    meeting = _meeting(store)
    text = "「54ページから76ページまで」\n2行目 [注] 《説明》 ①②"
    entry = _say(store, meeting, _item(store, meeting), text)
    assert store.get_entry(entry.id or 0).text == text


def test_delete_entry_returns_it_and_unlinks_answers(store: Store) -> None:
    meeting = _meeting(store)
    item = _item(store, meeting)
    question = _say(store, meeting, item, "件数は持ち帰りで確認してほしい。")
    answer = store.add_entry(
        Entry(
            meeting_id=meeting.id,
            agenda_item_id=item.id,
            kind=EntryKind.ANSWER,
            text="確認した件数は12件である。",
            answers_entry_id=question.id,
        )
    )
    removed = store.delete_entry(question.id or 0)
    assert removed.text == "件数は持ち帰りで確認してほしい。"
    assert [e.id for e in store.entries(meeting.id or 0)] == [answer.id]
    assert store.get_entry(answer.id or 0).answers_entry_id is None
    with pytest.raises(NotFoundError):
        store.get_entry(question.id or 0)


# -- attendance ------------------------------------------------------------------------------


def test_an_attendee_who_spoke_cannot_be_deleted(store: Store) -> None:
    meeting = _meeting(store)
    people = _roll(store, meeting)
    _say(store, meeting, _item(store, meeting), "説明する。", people["kikutake"])
    with pytest.raises(UserError) as caught:
        store.delete_attendee(people["kikutake"].id or 0)
    assert "欠席" in str(caught.value)
    assert "菊竹" in [p.name for p in store.attendance(meeting.id or 0)]
    # Someone who did not speak can go.
    store.delete_attendee(people["hanamoto"].id or 0)
    assert "花本" not in [p.name for p in store.attendance(meeting.id or 0)]


def test_a_second_chair_is_refused(store: Store) -> None:
    meeting = _meeting(store)
    _roll(store, meeting)
    with pytest.raises(ValidationError) as caught:
        store.add_attendee(
            Attendance(meeting_id=meeting.id, side=Side.MEMBER, name="山本", title="会長")
        )
    assert caught.value.field == "title"
    assert "会長" in caught.value.message
    chairs = [p.name for p in store.attendance(meeting.id or 0) if p.title == "会長"]
    assert chairs == ["時枝"]


def test_promoting_a_member_to_a_second_chair_is_refused(store: Store) -> None:
    meeting = _meeting(store)
    people = _roll(store, meeting)
    kyo = people["kyo"]
    kyo.title = "会長"
    with pytest.raises(ValidationError):
        store.update_attendee(kyo)
    stored = {p.name: p.title for p in store.attendance(meeting.id or 0)}
    assert stored["姜"] == "委員"


def test_explainer_needs_a_department(store: Store) -> None:
    meeting = _meeting(store)
    with pytest.raises(ValidationError) as caught:
        store.add_attendee(Attendance(meeting_id=meeting.id, side=Side.EXPLAINER, name="菊竹"))
    assert caught.value.field == "department"
    assert store.attendance(meeting.id or 0) == []


# -- a whole new meeting at once (Store.insert_meeting, what an import writes) ----------------

BOARD = "楓ヶ丘市個人情報保護審査会"
ROW_TABLES = ("boards", "meetings", "attendances", "agenda_items", "entries", "toshins")


def _new_meeting(number: int | None = 3) -> NewMeeting:
    return NewMeeting(
        board_name=BOARD,
        label_style=LabelStyle.NAME_ROLE,
        meeting=Meeting(
            number=number,
            title="特定個人情報保護評価「第三者点検」",
            date="2023-10-12",
            start_time="10:00",
            end_time="11:00",
            status=MeetingStatus.FINAL,
        ),
        attendees=[
            Attendance(side=Side.MEMBER, name="三好", title="会長"),
            Attendance(side=Side.EXPLAINER, name="角田", title="課長", department="市民課"),
        ],
        agenda=[
            AgendaItem(title="住民基本台帳に関する事務について"),
            AgendaItem(title="開示請求について", is_public=0),
        ],
        entries=[
            NewEntry(EntryKind.UNCLASSIFIED, "会議資料 資料1"),
            NewEntry(
                EntryKind.PROCEDURE,
                "開会する。",
                item=0,
                speaker=0,
                speaker_label="【三好会長】",
                spoken_at="2023-10-12T10:00:00",
            ),
            NewEntry(EntryKind.EXPLANATION, "評価書の12ページを説明する。", 0, 1, pages=[12]),
            NewEntry(EntryKind.STAGE, "非公開で審議した。", item=1),
        ],
        toshins={0: Toshin(wording="妥当である。")},
        audit=AuditEvent(table_name="meetings", field="import", new_value="minutes.txt"),
    )


def _counts(path: Path) -> dict[str, int]:
    """Rows of each table as another connection sees them."""
    other = sqlite3.connect(path)
    try:
        tables = (*ROW_TABLES, "audit_events", "search_docs")
        return {t: other.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}
    finally:
        other.close()


def test_insert_meeting_writes_every_row_with_its_references(store: Store) -> None:
    meeting_id = store.insert_meeting(_new_meeting())
    bundle = store.load_bundle(meeting_id)
    assert (bundle.board.name, bundle.board.label_style) == (BOARD, LabelStyle.NAME_ROLE)
    assert (bundle.meeting.number, bundle.meeting.date, bundle.meeting.end_time) == (
        3,
        "2023-10-12",
        "11:00",
    )
    assert bundle.meeting.created_at and bundle.meeting.status == MeetingStatus.FINAL
    assert [(p.seq, p.name, p.meeting_id) for p in bundle.attendance] == [
        (1, "三好", meeting_id),
        (2, "角田", meeting_id),
    ]
    first, closed = bundle.agenda
    assert [(a.seq, a.is_public) for a in bundle.agenda] == [(1, 1), (2, 0)]
    assert closed.closed_reason == FALLBACK_CLOSED_REASON  # the board's default
    chair, explainer = bundle.attendance
    rows = [
        (e.agenda_item_id, e.seq, e.speaker_id, e.speaker_label, e.page_list, e.text)
        for e in bundle.entries
    ]
    assert rows == [
        (None, 1, None, "", [], "会議資料 資料1"),
        (first.id, 1, chair.id, "【三好会長】", [], "開会する。"),
        (first.id, 2, explainer.id, "", [12], "評価書の12ページを説明する。"),
        (closed.id, 1, None, "", [], "非公開で審議した。"),
    ]
    assert bundle.entries[1].spoken_at == "2023-10-12T10:00:00"
    # No time given is none known (an import): 「時刻付き」 prints none for it.
    assert bundle.entries[0].spoken_at is None and bundle.entries[0].created_at
    assert bundle.toshins[first.id or 0].wording == "妥当である。"
    [event] = store.audit(meeting_id)
    assert (event.row_id, event.field, event.new_value) == (meeting_id, "import", "minutes.txt")
    assert event.at
    # The search index was kept by the same triggers as for any other write.
    assert store.query("select count(*) as n from search_docs")[0]["n"] == 4 + 2 + 1


def test_insert_meeting_keeps_an_existing_board_and_the_number_as_given(
    store: Store,
) -> None:
    board = store.board_named(BOARD)
    board.closed_reason_default = "審査請求人の個人情報を含むため非公開"
    store.update_board(board)
    first = store.insert_meeting(_new_meeting(3))
    with pytest.raises(ValidationError, match="第3回はこの審査会に既にあります"):
        store.insert_meeting(_new_meeting(3))  # taken: refused, never another number
    third = store.insert_meeting(_new_meeting(None))  # none given: none stored
    numbers = {row["id"]: row["number"] for row in store.meetings()}
    assert (numbers[first], numbers[third]) == (3, None)
    assert store.meeting_numbered(BOARD, 3) is not None
    assert store.meeting_numbered(BOARD, 4) is None
    assert [b.name for b in store.boards()] == [BOARD]
    kept = store.get_board(board.id or 0)
    assert kept.label_style == Board().label_style  # an existing board keeps its style
    closed = store.agenda(first)[1]
    assert closed.closed_reason == "審査請求人の個人情報を含むため非公開"


def test_insert_meeting_is_seen_by_others_only_when_it_returns(store: Store, db_path: Path) -> None:
    # Written in short transactions (store.bulk), so that a long minutes never holds the
    # write lock for long; until the last one, no list and no search shows any of it.
    statements: list[str] = []
    listed_meanwhile: list[int] = []
    found_meanwhile: list[int] = []
    other = Store(db_path)

    def peeking_norm(text: object) -> str:
        # Called by the search triggers for each row written: look from another connection.
        listed_meanwhile.append(len(read_meeting_list_from(db_path) or []))
        found_meanwhile.append(len(search(other, "委託")))
        return normalise(str(text))

    store.conn.create_function("pia_norm", 1, peeking_norm, deterministic=True)
    store.conn.set_trace_callback(statements.append)
    store.lock_times = []
    meeting_id = store.insert_meeting(_new_meeting())
    store.conn.set_trace_callback(None)
    assert len(listed_meanwhile) == 7  # 4 entries, 2 agenda items, 1 答申
    assert set(listed_meanwhile) == {0} and set(found_meanwhile) == {0}
    words = [sql.split()[0].upper() for sql in statements if sql.strip()]
    assert words.count("BEGIN") == words.count("COMMIT") == len(store.lock_times) >= 2
    depth = 0
    for word in words:  # every write inside one of them
        depth += {"BEGIN": 1, "COMMIT": -1}.get(word, 0)
        assert depth == 1 or word in ("BEGIN", "COMMIT", "SELECT"), word
    after = _counts(db_path)
    assert after["meetings"] == 1 and after["entries"] == 4 and after["audit_events"] == 1
    assert store.get_meeting(meeting_id).number == 3
    assert store.get_meeting(meeting_id).status == MeetingStatus.FINAL
    assert len(read_meeting_list_from(db_path) or []) == 1
    assert store.query("select count(*) as n from meeting_locks")[0]["n"] == 0
    other.close()


def test_an_import_killed_half_way_is_removed_at_the_next_open(db_path: Path) -> None:
    store = Store(db_path)
    record = _new_meeting()

    def killed(*args: object) -> None:
        raise KeyboardInterrupt  # the process dies between two parts

    import pia_meeting.store.bulk as bulk

    real = bulk._finish
    bulk._finish = killed  # type: ignore[assignment]
    try:
        with pytest.raises(KeyboardInterrupt):
            store.insert_meeting(record)
    finally:
        bulk._finish = real  # type: ignore[assignment]
    # Cleaned up at once here; a process that died outright leaves it to the next open:
    assert store.meetings() == [] and store.boards() == []
    board = store.board_named(BOARD)
    with store.atomic():
        store.conn.execute(
            "insert into meetings (board_id, title, status) values (?, 'half', ?)",
            (board.id, IMPORTING),
        )
    store.close()
    again = Store(db_path)
    assert again.query("select count(*) as n from meetings")[0]["n"] == 0
    assert again.meetings() == []


def test_insert_meeting_that_fails_part_way_leaves_nothing(store: Store, db_path: Path) -> None:
    record = _new_meeting()
    record.entries.append(NewEntry(EntryKind.QUESTION, "壊れた行", item=0))
    store.conn.execute(
        "create temp trigger refuse_broken before insert on main.entries"
        " when new.text = '壊れた行' begin select raise(abort, 'broken row'); end"
    )
    with pytest.raises(sqlite3.IntegrityError, match="broken row"):
        store.insert_meeting(record)
    assert set(_counts(db_path).values()) == {0}  # not even the new board
    assert not store.conn.in_transaction
    store.conn.execute("drop trigger refuse_broken")
    assert store.insert_meeting(_new_meeting()) > 0  # the store goes on as before


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda r: setattr(r, "board_name", "  "), ValidationError),
        (
            lambda r: r.attendees.append(Attendance(side=Side.MEMBER, name="宮内", title="会長")),
            ValidationError,
        ),
        (
            lambda r: r.attendees.append(Attendance(side=Side.EXPLAINER, name="芳賀")),
            ValidationError,
        ),
        (lambda r: setattr(r.entries[1], "text", " \n"), ValidationError),
        (lambda r: setattr(r.entries[1], "speaker", 5), ValueError),
        (lambda r: setattr(r.entries[1], "item", 2), ValueError),
        (lambda r: setattr(r.agenda[0], "title", ""), ValidationError),
        (lambda r: setattr(r.meeting, "end_time", "09:00"), ValidationError),
    ],
    ids=[
        "no board",
        "second chair",
        "explainer without department",
        "empty entry",
        "unknown speaker",
        "unknown item",
        "untitled item",
        "end before start",
    ],
)
def test_insert_meeting_refuses_a_bad_row_and_writes_nothing(
    store: Store, db_path: Path, change: object, error: type[Exception]
) -> None:
    record = _new_meeting()
    change(record)  # type: ignore[operator]
    with pytest.raises(error):
        store.insert_meeting(record)
    assert set(_counts(db_path).values()) == {0}
