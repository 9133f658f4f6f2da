"""Acceptance: a database left by any released version opens after an upgrade with nothing lost
(SPEC §6), and a damaged file is refused without being touched.

`tests/fixtures/schema_v<N>.db` holds a small meeting as version N stored it (made once by
tests/fixtures/make_schema_fixture.py, never regenerated).
"""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from pia_meeting.core.errors import UserError
from pia_meeting.store.facade import MIGRATION_NAMES, SCHEMA_VERSION, Store
from pia_meeting.store.migrations import migrations

FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(FIXTURES))
import make_schema_fixture as made  # noqa: E402

SCHEMA_FILES = sorted(FIXTURES.glob("schema_v*.db"))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(params=SCHEMA_FILES, ids=lambda p: p.stem)
def old_db(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    copy = tmp_path / "pia_meeting.db"
    shutil.copyfile(request.param, copy)  # the fixture itself is never opened read-write
    return copy


def test_every_released_schema_version_has_a_fixture() -> None:
    versions = {int(p.stem.removeprefix("schema_v")) for p in SCHEMA_FILES}
    assert 1 in versions
    assert max(versions) <= SCHEMA_VERSION


def test_an_old_database_is_upgraded_with_every_migration(old_db: Path) -> None:
    store = Store(old_db)
    try:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        applied = [m.name for m in migrations.applied(store.db)]
        assert applied == [m.name for m in migrations._migrations]
        assert migrations.pending(store.db) == []
    finally:
        store.close()


def test_an_old_database_keeps_its_meeting(old_db: Path) -> None:
    store = Store(old_db)
    try:
        (row,) = store.meetings()
        bundle = store.load_bundle(row["id"])
        assert bundle.board.name == made.BOARD
        assert bundle.meeting.title == made.MEETING_TITLE
        assert bundle.meeting.date == "2021-11-09"
        assert [a.title for a in bundle.agenda] == [made.AGENDA_TITLE]
        assert [p.name for p in bundle.attendance] == ["山田 一郎", "佐藤 花子"]
        entries = store.entries(row["id"])
        assert tuple(e.text for e in entries) == made.ENTRY_TEXTS
        assert entries[1].page_list == [12]
        assert [e.is_public for e in entries] == [1, 1, 1, 0]
        toshin = store.get_toshin(bundle.agenda[0].id or 0)
        assert toshin is not None and toshin.wording == "おおむね適合している。"
        assert [e.reason for e in store.audit(row["id"])] == ["誤字"]
        draft = store.get_draft(row["id"])
        assert draft is not None and draft["text"] == made.DRAFT_TEXT
        assert store.get_setting("auto_end:1") == "10:50"
    finally:
        store.close()


def test_an_upgraded_database_takes_new_entries_and_opens_again(old_db: Path) -> None:
    from pia_meeting.core.model import Entry

    store = Store(old_db)
    try:
        entry = store.add_entry(
            Entry(meeting_id=1, agenda_item_id=1, kind="意見", speaker_id=1, text="追加の意見。")
        )
        assert entry.seq == len(made.ENTRY_TEXTS) + 1
    finally:
        store.close()
    store = Store(old_db)  # the second opening finds nothing to migrate
    try:
        assert [e.text for e in store.entries(1)][-1] == "追加の意見。"
    finally:
        store.close()


def test_schema_version_counts_the_migrations_in_order() -> None:
    # The fixture generator stops before migration N+1 to make version N.
    names = [m.name for m in migrations._migrations]
    assert names[0] == "m001_initial"
    assert len(names) == SCHEMA_VERSION


def test_the_store_knows_every_registered_migration_in_order(tmp_path: Path) -> None:
    # Store skips loading the migrations when the file records every name it knows: a
    # migration registered but not listed there would never run on existing files.
    import sqlite_utils

    fresh = sqlite_utils.Database(tmp_path / "empty.db")
    assert tuple(m.name for m in migrations.pending(fresh)) == MIGRATION_NAMES


def test_a_file_missing_only_the_last_migration_gets_it_on_opening(tmp_path: Path) -> None:
    import sqlite_utils

    path = tmp_path / "older.db"
    migrations.apply(sqlite_utils.Database(path), stop_before=MIGRATION_NAMES[-1])
    store = Store(path)
    try:
        names = [
            r["name"] for r in store.query("select name from _sqlite_migrations order by rowid")
        ]
        assert names == list(MIGRATION_NAMES)
        assert store.conn.execute("select count(*) from privacy_reviews").fetchone()[0] == 0
    finally:
        store.close()


# -- a damaged file ----------------------------------------------------------------------------


def test_random_bytes_over_the_pages_are_refused_and_the_file_is_left_as_it_was(
    old_db: Path,
) -> None:
    data = bytearray(old_db.read_bytes())
    noise = random.Random(20211109)
    page = 1024
    for offset in range(page, len(data), page * 2):  # page 1 (the header) stays readable
        data[offset : offset + page // 2] = noise.randbytes(page // 2)
    old_db.write_bytes(bytes(data))
    before = _digest(old_db)
    listing = sorted(p.name for p in old_db.parent.iterdir())

    with pytest.raises(UserError) as caught:
        Store(old_db)

    message = str(caught.value)
    assert "壊れています" in message
    assert "pia-meeting backup で作ったバックアップ" in message
    assert "アプリを閉じ" in message
    assert _digest(old_db) == before
    assert sorted(p.name for p in old_db.parent.iterdir()) == listing  # no -wal, no -shm


def test_a_file_of_random_bytes_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "pia_meeting.db"
    path.write_bytes(random.Random(7).randbytes(8192))
    before = _digest(path)
    with pytest.raises(UserError) as caught:
        Store(path)
    assert "データベースではありません" in str(caught.value)
    assert _digest(path) == before


def test_a_damaged_file_gets_no_migration_and_no_journal_mode_change(old_db: Path) -> None:
    # Damage one table's page only: the schema stays readable, so a careless opener could
    # still have migrated (or switched to WAL) before noticing.
    conn = sqlite3.connect(old_db)
    root = conn.execute("select rootpage from sqlite_master where name = 'entries'").fetchone()[0]
    conn.close()
    data = bytearray(old_db.read_bytes())
    start = (root - 1) * 1024
    data[start : start + 1024] = b"\xff" * 1024
    old_db.write_bytes(bytes(data))
    before = _digest(old_db)

    with pytest.raises(UserError, match="壊れています"):
        Store(old_db)

    assert _digest(old_db) == before
    assert old_db.read_bytes()[18:20] == b"\x01\x01"  # a rollback-journal file, not WAL


def test_a_check_that_cannot_run_does_not_count_as_passed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pia_meeting.store import integrity

    path = tmp_path / "pia_meeting.db"
    Store(path).close()

    def unreadable(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(integrity, "check_integrity", unreadable)
    check = integrity.BackgroundCheck(path)
    with pytest.raises(UserError) as caught:
        check.result()
    assert "確認できません" in str(caught.value)
    assert not check.passed


def test_times_an_import_made_up_are_forgotten_and_recorded_ones_kept(tmp_path: Path) -> None:
    """An import stamped each entry with the meeting's start: 「時刻付き」 printed them as if
    recorded (issue 18, item 18). The upgrade clears those, and only those."""
    import sqlite_utils

    path = tmp_path / "older.db"
    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before="m011_unknown_times")
    db["boards"].insert({"id": 1, "name": "みなと川市個人情報保護審査会"})
    for meeting_id, number in ((1, 3), (2, 4)):
        db["meetings"].insert(
            {
                "id": meeting_id,
                "board_id": 1,
                "number": number,
                "date": "2024-05-10",
                "start_time": "10:00",
                "status": "確定",
            }
        )
    db["audit_events"].insert(
        {
            "meeting_id": 1,
            "table_name": "meetings",
            "row_id": 1,
            "field": "import",
            "new_value": "第3回.txt",
            "reason": "公開された議事録からの取込",
            "actor": "事務局",
            "at": "2026-01-05T09:00:00+09:00",
        }
    )
    made_up = "2024-05-10T10:00:00"
    rows = [
        (1, 1, made_up, "2026-01-05T09:00:00+09:00"),  # imported
        (2, 1, "2026-01-05T09:00:00+09:00", "2026-01-05T09:00:00+09:00"),  # imported, undated
        (3, 1, "2026-01-06T14:12:00+09:00", "2026-01-06T14:12:00+09:00"),  # typed later
        (4, 2, made_up, "2024-05-10T10:00:01+09:00"),  # recorded live at the start
    ]
    for entry_id, meeting_id, spoken_at, created_at in rows:
        db["entries"].insert(
            {
                "id": entry_id,
                "meeting_id": meeting_id,
                "seq": entry_id,
                "kind": "説明",
                "text": "発言",
                "spoken_at": spoken_at,
                "created_at": created_at,
                "updated_at": created_at,
            }
        )
    db.close()
    store = Store(path)
    try:
        times = {e.id: e.spoken_at for m in (1, 2) for e in store.entries(m)}
    finally:
        store.close()
    assert times == {1: None, 2: None, 3: "2026-01-06T14:12:00+09:00", 4: made_up}
