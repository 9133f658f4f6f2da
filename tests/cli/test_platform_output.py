"""What the command line writes reaches files and pipes as UTF-8 whatever the console's code
page, in folders with spaces and Japanese names (the users' Windows PCs)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from pia_meeting.cli import main, use_utf8_when_redirected
from pia_meeting.core.model import AgendaItem, Meeting
from pia_meeting.store.facade import Store

TITLE = "⑴ 住民基本台帳に関する事務について(p.54–76)"  # neither ⑴ nor – is in CP932


def _meeting(db: Path) -> int:
    store = Store(db)
    board = store.board_named("架空市個人情報保護審査会")
    meeting = store.create_meeting(Meeting(board_id=board.id, number=3, date="2024-05-20"))
    store.add_agenda_item(AgendaItem(meeting_id=meeting.id, title=TITLE))
    store.close()
    return meeting.id or 0


def test_a_redirected_cp932_stream_is_written_in_utf8() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp932")  # Windows, redirected to a file
    use_utf8_when_redirected(stream)
    stream.write(TITLE)
    stream.flush()
    assert raw.getvalue().decode("utf-8") == TITLE


def test_a_terminal_is_left_as_it_is() -> None:
    class Console(io.TextIOWrapper):
        def isatty(self) -> bool:
            return True

    console = Console(io.BytesIO(), encoding="cp932")
    use_utf8_when_redirected(console)
    assert console.encoding == "cp932"


def test_list_and_search_redirected_under_cp932_in_a_japanese_folder(tmp_path: Path) -> None:
    folder = tmp_path / "審査会 資料"
    folder.mkdir()
    db = folder / "会議 データ.db"
    _meeting(db)
    env = dict(os.environ, PYTHONIOENCODING="cp932")  # what a Windows redirect gets
    for command in (["list"], ["search", "住民基本台帳"]):
        out = folder / "結果.txt"
        with out.open("wb") as handle:
            done = subprocess.run(
                [sys.executable, "-m", "pia_meeting", "--db", str(db), *command],
                stdout=handle,
                stderr=subprocess.PIPE,
                env=env,
                cwd=folder,
                check=False,
            )
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
        assert "⑴" in out.read_bytes().decode("utf-8"), command


def test_export_into_a_folder_with_spaces_and_japanese(
    tmp_path: Path, capsys: object, monkeypatch: object
) -> None:
    folder = tmp_path / "議事録 令和6年度"
    db = tmp_path / "データ フォルダ" / "pia meeting.db"
    db.parent.mkdir()
    meeting_id = _meeting(db)
    assert (
        main(["--db", str(db), "export", str(meeting_id), "--format", "txt", "--out", f"{folder}/"])
        == 0
    )
    written = list(folder.glob("*.txt"))
    assert len(written) == 1 and TITLE in written[0].read_text("utf-8")
