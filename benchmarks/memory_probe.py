"""Peak resident memory of one process with a meeting open in the capture screen.

`python benchmarks/memory_probe.py DB MEETING_ID` opens the real app headless (Pilot) on
step 4 (議事) of that meeting, lets it settle and prints `{"vmhwm_kib": N, "entries": N}`.
`python benchmarks/memory_probe.py --baseline` does the same for a bare TextArea app, for
comparison. A fresh process each time, so the peak belongs to that screen alone.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path


def vmhwm_kib() -> int:
    """Peak resident set size of this process (VmHWM), in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


async def probe_app(db: str, meeting_id: int) -> dict[str, int]:
    from pia_meeting.tui.app import PiaMeetingApp
    from pia_meeting.tui.screens.capture import CaptureScreen, EntryLog

    app = PiaMeetingApp(db, meeting_id=meeting_id, step=4)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        if not isinstance(screen, CaptureScreen):
            raise SystemExit(f"capture screen not open: {type(screen).__name__}")
        count = screen.query_one("#log", EntryLog).option_count
        await pilot.pause()
        peak = vmhwm_kib()
    return {"vmhwm_kib": peak, "entries": count}


async def probe_baseline() -> dict[str, int]:
    from textual.app import App, ComposeResult
    from textual.widgets import TextArea

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield TextArea()

    app = Bare()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        peak = vmhwm_kib()
    return {"vmhwm_kib": peak, "entries": 0}


def main(argv: list[str]) -> int:
    if argv == ["--baseline"]:
        result = asyncio.run(probe_baseline())
    elif len(argv) == 2:
        result = asyncio.run(probe_app(argv[0], int(argv[1])))
    else:
        print("usage: memory_probe.py DB MEETING_ID | --baseline", file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
