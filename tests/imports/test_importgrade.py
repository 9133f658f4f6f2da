"""Issue 17's acceptance: ../shared/tools/importgrade.py grades the import of every specimen,
as text and as the PDF a city would publish (fixtures/*.pdf, made once by
fixtures/make_pdfs.py), through the command line (`import`, then `export --format json`).
Every ratio of its last line must be at least 0.97; a drop fails here, with the grader's
list of mismatches."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import SHARED

GRADER = SHARED / "tools" / "importgrade.py"
SPECIMENS = sorted((SHARED / "specimens").glob("[0-9]*.txt"))
FIXTURES = Path(__file__).with_name("fixtures")
BAR = 0.97
_SUMMARY = re.compile(
    r"^header (\d+)/(\d+) attendees (\d+)/(\d+) agenda (\d+)/(\d+) "
    r"speakers (\d+)/(\d+) kinds (\d+)/(\d+)$"
)
SOURCES = [
    *[(path, path.with_suffix(".expected.json")) for path in SPECIMENS],
    *[(FIXTURES / f"{path.stem}.pdf", path.with_suffix(".expected.json")) for path in SPECIMENS],
]


def ratios(last_line: str) -> dict[str, float]:
    match = _SUMMARY.match(last_line.strip())
    assert match, f"not the grader's summary line: {last_line!r}"
    numbers = [int(n) for n in match.groups()]
    names = ("header", "attendees", "agenda", "speakers", "kinds")
    return {
        name: (numbers[2 * i] / numbers[2 * i + 1]) if numbers[2 * i + 1] else 1.0
        for i, name in enumerate(names)
    }


def test_the_summary_line_is_read_and_a_low_ratio_is_seen() -> None:
    got = ratios("header 9/9 attendees 14/15 agenda 2/2 speakers 20/21 kinds 0/0")
    assert got["attendees"] == pytest.approx(14 / 15) and got["kinds"] == 1.0
    assert min(got.values()) < BAR  # 14/15 is below the bar: such a run fails below


@pytest.mark.parametrize(
    ("source", "expected"), SOURCES, ids=lambda p: p.name if isinstance(p, Path) else str(p)
)
def test_importgrade_scores_at_least_the_bar(source: Path, expected: Path) -> None:
    assert source.is_file(), f"missing {source} (fixtures/make_pdfs.py makes the PDFs)"
    command = f"{sys.executable} -m pia_meeting"
    completed = subprocess.run(
        [sys.executable, str(GRADER), command, str(source), str(expected)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = completed.stdout.strip().splitlines()
    assert completed.returncode == 0 and output, completed.stdout + completed.stderr
    scores = ratios(output[-1])
    low = {name: value for name, value in scores.items() if value < BAR}
    assert not low, "\n".join(output)
