"""`benchmarks/run.py --quick --json` runs end to end with tiny sizes and reports every row of
SPEC §9 in the agreed shape. No timing is asserted here: the figures belong to the benchmark."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from tests.support.paths import ROOT

RUN = ROOT / "benchmarks" / "run.py"
ROWS = {
    "startup",
    "typing",
    "key_latency",
    "commit",
    "export",
    "search",
    "memory",
    "import",
    "import_lock",
}


def test_quick_run_reports_every_row_as_json() -> None:
    completed = subprocess.run(
        [sys.executable, str(RUN), "--quick", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    rows: list[dict[str, Any]] = json.loads(completed.stdout)
    assert isinstance(rows, list)
    assert {row["name"] for row in rows} == ROWS
    assert len(rows) == len(ROWS)
    for row in rows:
        assert {"name", "value", "unit", "bar", "ok"} <= row.keys(), row
        assert row["value"] is None or isinstance(row["value"], int | float), row
        assert isinstance(row["unit"], str) and row["unit"], row
        assert isinstance(row["bar"], int | float), row
        assert isinstance(row["ok"], bool), row
        if row["value"] is None:  # not measured: never reported as meeting its bar
            assert row["ok"] is False, row
            assert row.get("note"), row
    assert "[bench]" in completed.stderr  # progress goes to stderr, not into the JSON
    key = next(row for row in rows if row["name"] == "key_latency")
    assert key["unit"] == "x" and key["bar"] == 1.5
    if key["value"] is not None:  # the absolute p99 of both sides is reported with it
        assert key["detail"]["app_p99_ms"] > 0 and key["detail"]["baseline_p99_ms"] > 0
        assert "p99" in key["note"]


def test_bad_option_is_a_usage_error() -> None:
    completed = subprocess.run(
        [sys.executable, str(RUN), "--only", "nonsense"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 2
    assert completed.stdout == ""
