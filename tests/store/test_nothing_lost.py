"""What the store does so that nothing typed or committed is lost: the draft of a committed
text is never written back, a draft that cannot be saved is tried again, a -wal file deleted
behind the app's back costs nothing, and a full disk is a Japanese message."""

from __future__ import annotations

import errno
import gc
import io
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pia_meeting.core.model import AgendaItem, Entry, Meeting
from pia_meeting.services.publish import export_minutes
from pia_meeting.store.drafts import Draft, DraftWriter
from pia_meeting.store.facade import Store
from pia_meeting.store.integrity import DiskFullError
from tests.support.paths import ROOT


def _meeting(store: Store) -> tuple[int, int]:
    board = store.board_named("架空市個人情報保護審査会")
    meeting = store.create_meeting(Meeting(board_id=board.id, number=1, date="2025-04-10"))
    item = store.add_agenda_item(AgendaItem(meeting_id=meeting.id, title="議題"))
    return meeting.id or 0, item.id or 0


def test_a_draft_typed_before_a_commit_is_not_written_after_it(tmp_path: Path) -> None:
    store = Store(tmp_path / "pia_meeting.db")
    meeting_id, item_id = _meeting(store)
    epoch = store.draft_epoch(meeting_id)
    store.save_draft(meeting_id, item_id, "確定する文", "説明", None, epoch=epoch)
    entry = Entry(meeting_id=meeting_id, agenda_item_id=item_id, text="確定する文")
    store.add_entry(entry, clears_draft=True)  # the draft goes with the commit
    assert store.get_draft(meeting_id) is None
    # The draft writer's copy of the same text arrives late: it is not written.
    store.save_draft(meeting_id, item_id, "確定する文", "説明", None, epoch=epoch)
    assert store.get_draft(meeting_id) is None
    store.save_draft(meeting_id, item_id, "次の文", "説明", None, epoch=epoch + 1)
    assert store.get_draft(meeting_id) is not None
    store.close()


def test_a_draft_that_cannot_be_saved_is_tried_again_until_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "pia_meeting.db"
    store = Store(db)
    meeting_id, item_id = _meeting(store)
    store.close()
    failures = [DiskFullError("ディスクの空き容量が足りないため、保存できませんでした")] * 3
    real = Store.save_draft

    def flaky(self: Store, *args: object, **kwargs: object) -> None:
        if failures:
            raise failures.pop()
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "save_draft", flaky)
    writer = DraftWriter(str(db))
    try:
        writer.submit(Draft(meeting_id, item_id, "打っている途中", "説明", None))
        deadline = time.monotonic() + 1.0
        while writer.last_error is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert writer.last_error is not None and "空き容量" in writer.last_error
        assert writer.flush(timeout=5.0)  # no new key was needed: it retried by itself
        assert writer.last_error is None
    finally:
        writer.close()
    store = Store(db)
    try:
        draft = store.get_draft(meeting_id)
        assert draft is not None and draft["text"] == "打っている途中"
    finally:
        store.close()


CHILD = """
import os, sys
sys.path.insert(0, {root!r})
from pia_meeting.core.model import Entry
from pia_meeting.store.facade import Store
store = Store({db!r})
store.add_entry(Entry(meeting_id={meeting}, agenda_item_id={item}, text="消える前の発言"))
os.unlink({db!r} + "-wal")  # a cleanup tool, a sync client
store.add_entry(Entry(meeting_id={meeting}, agenda_item_id={item}, text="消えた後の発言"))
print(store.check_wal() or "")
store.add_entry(Entry(meeting_id={meeting}, agenda_item_id={item}, text="書き戻した後の発言"))
print(store.check_wal() or "ok")
os._exit(0)  # a crash: nothing closed, nothing checkpointed on the way out
"""


def test_a_wal_deleted_while_the_app_runs_loses_no_committed_entry(tmp_path: Path) -> None:
    db = tmp_path / "pia_meeting.db"
    store = Store(db)
    meeting_id, item_id = _meeting(store)
    store.close()
    code = CHILD.format(root=str(ROOT), db=str(db), meeting=meeting_id, item=item_id)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    said, after = done.stdout.strip().splitlines()
    assert "補助ファイル" in said and "書き戻しました" in said
    assert after == "ok"
    store = Store(db)
    try:
        texts = [e.text for e in store.entries(meeting_id)]
    finally:
        store.close()
    assert texts == ["消える前の発言", "消えた後の発言", "書き戻した後の発言"]


def test_a_full_disk_during_export_is_a_message_and_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path / "pia_meeting.db")
    meeting_id, item_id = _meeting(store)
    store.add_entry(Entry(meeting_id=meeting_id, agenda_item_id=item_id, text="発言"))
    bundle = store.load_bundle(meeting_id)
    store.close()

    class FullDisk(io.FileIO):
        def write(self, data: object) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    # The export's own file, on a disk with no room left.
    monkeypatch.setattr("pia_meeting.store.files.open", FullDisk, raising=False)
    from pia_meeting.core.errors import UserError

    unraisable: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    out = tmp_path / "exports"
    for fmt in ("txt", "docx"):
        with pytest.raises(UserError, match="ディスクの空き容量が足りません"):
            export_minutes(bundle, fmt=fmt, folder=out)
    gc.collect()  # a zip archive left half-made would complain here, on stderr
    assert unraisable == []
    assert list(out.iterdir()) == []
