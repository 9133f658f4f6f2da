"""Many minutes at once (issue 17): `import_files` for the command line and the TUI alike —
a summary a file, the refused files named, each file all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from pia_meeting.cli import main
from pia_meeting.services.importing import HEADER_FIELDS, FileSummary, Refusal, import_files
from pia_meeting.store.facade import Store
from tests.support.paths import SHARED
from tests.support.reference import REFERENCE

SPECIMENS = sorted((SHARED / "specimens").glob("[0-9]*.txt"))
PDF = Path(__file__).parents[1] / "imports" / "fixtures" / "05-bare-labels.pdf"


def test_a_summary_a_file_and_the_refused_named(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really")
    store = Store(":memory:")
    heard: list[FileSummary | Refusal] = []
    progress: list[tuple[int, int]] = []
    result = import_files(
        store,
        [SPECIMENS[0], broken, PDF, REFERENCE],
        progress=lambda done, total, path, b, t: progress.append((done, total)),
        report=heard.append,
    )
    assert [s.path for s in result.imported] == [SPECIMENS[0], PDF, REFERENCE]
    assert [r.path for r in result.refused] == [broken]
    assert heard == [result.imported[0], result.refused[0], *result.imported[1:]]
    assert progress[0] == (0, 4) and progress[-1] == (4, 4)
    first = result.imported[0]
    assert (first.number, first.date, first.attendees, first.agenda) == (3, "2023-10-18", 11, 2)
    assert first.header_read == len(HEADER_FIELDS)
    assert first.entries == len(store.entries(first.meeting_id))
    line = first.line()
    assert line.startswith("01-numbered-sections.txt: 会議ID ")
    # 会議資料 is read into its field, which the board's style prints: nothing 未分類.
    for part in ("第3回", "見出し 8/8項目", "出席者 11名", "議題 2件", "発言 23件", "未分類 0件"):
        assert part in line, part
    assert "broken.docx" in result.refused_line()
    assert store.boards() and all("broken" not in b.name for b in store.boards())


def test_the_command_line_prints_ids_on_stdout_and_summaries_on_stderr(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = in_tmp / "無い.pdf"
    code = main(["import", *map(str, SPECIMENS), str(missing), "--db", "m.db"])
    out, err = capsys.readouterr()
    assert code == 1  # one refused
    ids = [int(line) for line in out.splitlines()]
    assert len(ids) == len(SPECIMENS)
    summaries = [line for line in err.splitlines() if "会議ID" in line]
    assert len(summaries) == len(SPECIMENS)
    assert all("見出し" in s and "未分類" in s for s in summaries)
    assert f"取り込めなかったファイル(1件): {missing}" in err
    assert "\x1b[" not in err  # not a terminal: no progress bar
    assert "Traceback" not in err
