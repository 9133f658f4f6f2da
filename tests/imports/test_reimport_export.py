"""An export made with 「時刻付き」, the ページ別一覧 and the checklist comes back as the
meeting it was made from: the times on their entries, the list's pages as tags, the
checklist as the item's, no second agenda item (issue 18, item 20)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pia_meeting.core import clock
from pia_meeting.core.model import EntryKind
from pia_meeting.imports import import_file
from pia_meeting.services import checklist
from pia_meeting.services.demo import load_demo
from pia_meeting.services.publish import export_minutes
from pia_meeting.store.facade import Store


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_an_export_with_times_and_appendices_comes_back_whole(tmp_path: Path, fmt: str) -> None:
    source = Store(tmp_path / "source.db")
    meeting_id = load_demo(source)
    item_id = source.agenda(meeting_id)[0].id or 0
    checklist.save(source, item_id, 1, "問題なし", "")
    checklist.save(source, item_id, 3, "指摘あり", "委託先の監督について付帯意見")
    original = source.load_bundle(meeting_id)
    assert any(e.page_list for e in original.entries)
    path = export_minutes(
        original,
        fmt=fmt,
        with_times=True,
        appendix_pages=True,
        checklist=True,
        folder=tmp_path / "exports",
    )
    text = path.read_text(encoding="utf-8") if fmt != "docx" else ""
    if text:
        assert "[14:05]" in text and "評価書ページ別 質疑一覧" in text

    target = Store(tmp_path / "target.db")
    back = target.load_bundle(import_file(target, path))
    assert [i.title for i in back.agenda] == [i.title for i in original.agenda]
    said = [e for e in original.entries]
    assert [e.text for e in back.entries] == [e.text for e in said]
    # Each time printed is the entry's again; a heading was printed with none.
    for before, after in zip(said, back.entries, strict=True):
        expected = "" if before.kind == EntryKind.HEADING else clock.hm_of(before.spoken_at)
        assert clock.hm_of(after.spoken_at) == expected, before.text[:30]
        assert set(before.page_list) <= set(after.page_list), before.text[:30]
    assert back.checklist[back.agenda[0].id or 0] == {
        1: ("問題なし", ""),
        3: ("指摘あり", "委託先の監督について付帯意見"),
    }
