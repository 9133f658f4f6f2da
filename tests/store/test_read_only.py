"""A database this user may not write (a file without write permission, a read-only share)
is read through a read-only connection, and every write is refused in Japanese before it
starts: nothing is changed, nothing crashes."""

from __future__ import annotations

from pathlib import Path

import pytest

from pia_meeting.core.errors import UserError
from pia_meeting.core.model import Entry
from pia_meeting.services.demo import load_demo
from pia_meeting.services.search import search
from pia_meeting.store.facade import ReadOnlyDatabaseError, Store
from pia_meeting.store.integrity import is_writable


@pytest.fixture
def demo_db(tmp_path: Path) -> tuple[Path, int]:
    path = tmp_path / "pia_meeting.db"
    store = Store(path)
    meeting_id = load_demo(store)
    store.close()
    return path, meeting_id


def test_reads_work_and_writes_are_refused_with_nothing_changed(
    demo_db: tuple[Path, int],
) -> None:
    path, meeting_id = demo_db
    before = path.read_bytes()
    store = Store(path, read_only=True)
    try:
        bundle = store.load_bundle(meeting_id)
        assert bundle.entries
        assert search(store, "再委託")
        with pytest.raises(ReadOnlyDatabaseError, match="読み取り専用") as refused:
            store.add_entry(Entry(meeting_id=meeting_id, text="書けないはずの発言"))
        assert isinstance(refused.value, UserError)
        with pytest.raises(ReadOnlyDatabaseError):
            load_demo(store)
    finally:
        store.close()
    assert path.read_bytes() == before


def test_a_file_to_migrate_cannot_be_opened_read_only(tmp_path: Path) -> None:
    old = Path(__file__).parent / "fixtures" / "schema_v1.db"
    copy = tmp_path / "old.db"
    copy.write_bytes(old.read_bytes())
    with pytest.raises(ReadOnlyDatabaseError, match="以前の版の形式"):
        Store(copy, read_only=True)
    assert copy.read_bytes() == old.read_bytes()


def test_a_file_is_writable_only_with_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    assert is_writable(path)  # to be created
    path.write_bytes(b"")
    assert is_writable(path)
