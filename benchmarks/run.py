"""The performance bars of SPEC §9, measured.

    python benchmarks/run.py            a table (Markdown) on stdout
    python benchmarks/run.py --json     a list of {name, value, unit, bar, ok, note, detail}
    python benchmarks/run.py --quick    tiny sizes: the shape of the output in seconds

Every figure with a baseline is a ratio taken in the same invocation: the runs of the app
and of its baseline alternate and the ratio is between their medians, so a noisy machine
moves both. The data is built in a temporary folder and thrown away. Progress goes to
stderr. The exit status is 0 whether or not a bar is met (`ok` says so); a benchmark that
cannot measure at all reports `value: null`, `ok: false` and why. 2 on bad usage.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import gc
import json
import math
import os
import re
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from bench_data import (
    SEARCH_QUERIES,
    build_database,
    entry_text,
    japanese_keystrokes,
    minutes_text,
)
from textual import events
from textual.app import App, ComposeResult
from textual.widgets import TextArea

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BASELINE_APP = HERE / "baseline_app.py"
MEMORY_PROBE = HERE / "memory_probe.py"

TERMINAL = (80, 24)  # columns, rows (SPEC §1: the minimum); the same for every app


class BenchError(RuntimeError):
    """A benchmark could not measure what it is meant to (not a missed bar)."""


@dataclass(frozen=True)
class Sizes:
    startup_meetings: int = 200
    startup_entries: int = 300
    meeting_entries: int = 2000
    search_entries: int = 100_000
    typing_chars: int = 2000
    commits: int = 500
    runs: int = 5
    # A start-up is a third of a second and the most exposed to a noisy machine: more runs.
    startup_runs: int = 15
    search_repeats: int = 5
    import_bytes: int = 5_000_000


QUICK = Sizes(
    startup_meetings=10,
    startup_entries=20,
    meeting_entries=60,
    search_entries=2000,
    typing_chars=60,
    commits=30,
    runs=2,
    startup_runs=2,
    search_repeats=2,
    import_bytes=200_000,
)


@dataclass
class Result:
    name: str
    value: float | None
    unit: str
    bar: float
    ok: bool
    title: str = ""
    note: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Data:
    folder: Path
    startup_db: Path
    newest_number: int
    meeting_db: Path
    meeting_id: int


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (p99 of 500 values is the 495th smallest)."""
    ordered = sorted(values)
    rank = math.ceil(fraction * len(ordered) - 1e-9)
    return ordered[min(max(rank, 1), len(ordered)) - 1]


def alternate(
    runs: int,
    measured: Callable[[], float],
    baseline: Callable[[], float],
    warm_up: Callable[[], object] | None = None,
) -> tuple[list[float], list[float]]:
    """`runs` timings of each, interleaved (ABBA …) after an untimed warm-up (by default one
    run of each: imports, caches, the bytecode of a child process)."""
    if warm_up is None:
        baseline()
        measured()
    else:
        warm_up()
    app_times: list[float] = []
    base_times: list[float] = []
    for index in range(runs):
        order = (baseline, measured) if index % 2 == 0 else (measured, baseline)
        for function in order:
            gc.collect()
            value = function()
            (base_times if function is baseline else app_times).append(value)
    return app_times, base_times


def ratio_result(
    name: str,
    title: str,
    bar: float,
    app_times: list[float],
    base_times: list[float],
    baseline_name: str,
) -> Result:
    app_median = statistics.median(app_times)
    base_median = statistics.median(base_times)
    value = round(app_median / base_median, 3)
    return Result(
        name=name,
        value=value,
        unit="x",
        bar=bar,
        ok=value <= bar,
        title=title,
        note=(
            f"median {ms(app_median)} ms vs {ms(base_median)} ms ({baseline_name}), "
            f"{len(app_times)} runs each"
        ),
        detail={
            "app_ms": [ms(t) for t in app_times],
            "baseline_ms": [ms(t) for t in base_times],
            "app_median_ms": ms(app_median),
            "baseline_median_ms": ms(base_median),
        },
    )


async def until(condition: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    """Yield to the app until `condition` holds; a key that never arrives is an error, not a
    benchmark that never ends."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise BenchError(f"gave up waiting: {what}")
        await asyncio.sleep(0)


def failed(name: str, title: str, unit: str, bar: float, note: str) -> Result:
    return Result(name=name, value=None, unit=unit, bar=bar, ok=False, title=title, note=note)


# -- data -----------------------------------------------------------------------------------


def build_data(folder: Path, sizes: Sizes) -> Data:
    started = time.perf_counter()
    startup_db = folder / "startup.db"
    ids = build_database(
        startup_db, meetings=sizes.startup_meetings, entries_per_meeting=sizes.startup_entries
    )
    meeting_db = folder / "meeting.db"
    (meeting_id,) = build_database(
        meeting_db, meetings=1, entries_per_meeting=sizes.meeting_entries, seed=2
    )
    # The files just written are still being flushed to disk: left so, the first
    # measurements (start-up, which reads the large file while its baseline reads nothing)
    # would share the disk with that write-back.
    os.sync()
    progress(
        f"data: {len(ids)}×{sizes.startup_entries} and 1×{sizes.meeting_entries} entries "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return Data(folder, startup_db, len(ids), meeting_db, meeting_id)


def copy_database(source: Path, target: Path) -> Path:
    """A consistent copy (the WAL is folded in by SQLite's online backup)."""
    import sqlite3

    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def clear_draft(db: Path, meeting_id: int) -> None:
    from pia_meeting.store.facade import Store

    store = Store(db)
    try:
        store.clear_draft(meeting_id)
    finally:
        store.close()


def child_env(folder: Path, **extra: str) -> dict[str, str]:
    """The environment of a measured child process: this checkout first on the path, and
    bytecode cached (in the temporary folder) as an installed app has it, even where
    PYTHONDONTWRITEBYTECODE is set: compiling every module at each start is not start-up."""
    env = dict(os.environ, **extra)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(ROOT), env.get("PYTHONPATH"))))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    return env


# -- 1. start-up ----------------------------------------------------------------------------

_ESCAPES = re.compile(
    rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[@-Z\\-_])"
)


def time_to_screen(
    argv: list[str], markers: Iterable[str], *, cwd: Path, timeout: float = 60.0
) -> float:
    """Seconds from starting `argv` under a pseudo-terminal to the first output in which
    every marker is on screen (escape sequences removed). The app is then quit (Ctrl+Q)."""
    wanted = [m.encode() for m in markers]
    master, slave = os.openpty()
    columns, rows = TERMINAL
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = child_env(cwd, TERM="xterm-256color", COLORTERM="truecolor")
    for name in ("TEXTUAL", "TEXTUAL_DRIVER", "COLUMNS", "LINES"):
        env.pop(name, None)
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env, start_new_session=True
    )
    os.close(slave)
    output = b""
    ready: float | None = None
    try:
        while ready is None and time.perf_counter() - started < timeout:
            readable, _, _ = select.select([master], [], [], 0.5)
            if not readable:
                if process.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
            screen = _ESCAPES.sub(b"", output)
            if all(m in screen for m in wanted):
                ready = time.perf_counter() - started
        if ready is None:
            tail = _ESCAPES.sub(b"", output)[-400:].decode("utf-8", "replace")
            raise BenchError(f"{' '.join(argv)}: screen never showed {list(markers)}: {tail!r}")
        os.write(master, b"\x11")  # Ctrl+Q
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline and process.poll() is None:
            if select.select([master], [], [], 0.1)[0]:
                try:
                    if not os.read(master, 1 << 16):
                        break
                except OSError:
                    break
        process.wait(timeout=max(0.1, deadline - time.perf_counter()))
    except subprocess.TimeoutExpired:
        pass
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    return ready


def bench_startup(data: Data, sizes: Sizes) -> Result:
    title = f"start-up, {sizes.startup_meetings} meetings × {sizes.startup_entries} entries"
    progress(f"{title} ({sizes.startup_runs} runs each, under a pseudo-terminal)")
    from baseline_app import PLACEHOLDER

    app_argv = [sys.executable, "-m", "pia_meeting", "--db", str(data.startup_db)]
    app_markers = ["会議一覧", f"第{data.newest_number}回"]
    base_argv = [sys.executable, str(BASELINE_APP)]

    def app() -> float:
        return time_to_screen(app_argv, app_markers, cwd=data.folder)

    def base() -> float:
        return time_to_screen(base_argv, [PLACEHOLDER], cwd=data.folder)

    app_times, base_times = alternate(sizes.startup_runs, app, base)
    result = ratio_result("startup", title, 1.3, app_times, base_times, "Header+Input+Footer app")
    result.note += "; first frame showing the meeting list vs the Input"
    return result


# -- 2. typing ------------------------------------------------------------------------------


class BareTextAreaApp(App[None]):
    """A TextArea and nothing else, as tall as the capture box (a TextArea's cost per key
    grows with the rows it shows: a full-screen one would flatter the capture screen)."""

    def __init__(self, height: int) -> None:
        super().__init__()
        self.box_height = height

    def compose(self) -> ComposeResult:
        box = TextArea()
        box.styles.height = self.box_height
        yield box


async def type_keys(
    app: App[Any], text: str, latencies: list[float] | None = None
) -> tuple[float, int]:
    """Deliver `text` one key event at a time, as a terminal does, and return the seconds it
    took and the height of the box. After each key: the key is in the document, what it set
    off has had its turn, and the screen is updated once (what Pilot's pause does last). Not
    `pilot.pause()` itself: it sleeps at least 20 ms to detect idleness, and even
    `pause(0)` posts a callback to every widget on screen, a cost of the harness that grows
    with the widget count and that no terminal pays. The text must have no newline.

    With `latencies`, each key's time from its event to the screen updated with it is
    appended there."""
    async with app.run_test(size=TERMINAL) as pilot:
        await pilot.pause()
        box = app.focused
        if not isinstance(box, TextArea):
            raise BenchError(f"{type(app).__name__}: focus is on {box!r}, not a text area")
        started = time.perf_counter()
        for index, char in enumerate(text):
            key_started = time.perf_counter()
            app.post_message(events.Key(char, char))
            if box.document.end[1] <= index:  # the app forwards the key to the box
                await until(lambda i=index: box.document.end[1] > i, f"key {index} ({char})")
            await asyncio.sleep(0)
            app.screen._on_timer_update()  # one screen update per key
            if latencies is not None:
                latencies.append(time.perf_counter() - key_started)
        await pilot.pause(0)
        elapsed = time.perf_counter() - started
        await pilot.pause()
        if box.text != text:
            raise BenchError(
                f"{type(app).__name__}: {len(box.text)} of {len(text)} characters arrived"
            )
        height = box.outer_size.height
    return elapsed, height


def bench_typing(data: Data, sizes: Sizes) -> Result:
    from pia_meeting.tui.app import PiaMeetingApp

    title = f"typing {sizes.typing_chars} characters, {sizes.meeting_entries}-entry meeting"
    progress(f"{title} ({sizes.runs} runs each)")
    text = japanese_keystrokes(sizes.typing_chars)
    db = copy_database(data.meeting_db, data.folder / "typing.db")

    def capture(sample: str) -> tuple[float, int]:
        clear_draft(db, data.meeting_id)  # else the next start offers to restore it
        app = PiaMeetingApp(db, meeting_id=data.meeting_id, step=4)
        return asyncio.run(type_keys(app, sample))

    _, height = capture(text[:50])  # warm-up; and the capture box's height for the baseline

    def app() -> float:
        return capture(text)[0]

    def base() -> float:
        return asyncio.run(type_keys(BareTextAreaApp(height), text))[0]

    def warm_up() -> None:
        asyncio.run(type_keys(BareTextAreaApp(height), text[:50]))

    app_times, base_times = alternate(sizes.runs, app, base, warm_up)
    result = ratio_result(
        "typing", title, 1.5, app_times, base_times, f"bare TextArea app, {height} rows high"
    )
    per_key = statistics.median(app_times) / len(text)
    result.detail["app_ms_per_key"] = ms(per_key)
    result.detail["box_rows"] = height
    return result


# -- 2b. one key ----------------------------------------------------------------------------


def bench_key_latency(data: Data, sizes: Sizes) -> Result:
    """One key in the capture box, from its event to the screen updated with it: the p99 of
    each run's keys, the app's against a bare TextArea's as tall (median of the runs)."""
    from pia_meeting.tui.app import PiaMeetingApp

    keys = sizes.typing_chars
    title = (
        f"one key, event → screen updated, p99 of {keys} keys, "
        f"{sizes.meeting_entries}-entry meeting"
    )
    progress(f"{title} ({sizes.runs} runs each)")
    text = japanese_keystrokes(keys)
    db = copy_database(data.meeting_db, data.folder / "key.db")
    app_keys: list[list[float]] = []
    base_keys: list[list[float]] = []

    def capture(sample: str, into: list[float] | None = None) -> tuple[float, int]:
        clear_draft(db, data.meeting_id)
        app = PiaMeetingApp(db, meeting_id=data.meeting_id, step=4)
        return asyncio.run(type_keys(app, sample, into))

    _, height = capture(text[:50])

    def app() -> float:
        latencies: list[float] = []
        capture(text, latencies)
        app_keys.append(latencies)
        return percentile(latencies, 0.99)

    def base() -> float:
        latencies: list[float] = []
        asyncio.run(type_keys(BareTextAreaApp(height), text, latencies))
        base_keys.append(latencies)
        return percentile(latencies, 0.99)

    def warm_up() -> None:
        asyncio.run(type_keys(BareTextAreaApp(height), text[:50]))

    app_p99, base_p99 = alternate(sizes.runs, app, base, warm_up)
    result = ratio_result(
        "key_latency", title, 1.5, app_p99, base_p99, f"bare TextArea app, {height} rows high"
    )
    app_ms, base_ms = ms(statistics.median(app_p99)), ms(statistics.median(base_p99))
    result.note = (
        f"p99 {app_ms} ms vs {base_ms} ms (bare TextArea app, {height} rows high), "
        f"median of {len(app_p99)} runs of {keys} keys each"
    )
    result.detail.update(
        {
            "app_p99_ms": app_ms,
            "baseline_p99_ms": base_ms,
            "app_p50_ms": ms(statistics.median([t for run in app_keys for t in run])),
            "baseline_p50_ms": ms(statistics.median([t for run in base_keys for t in run])),
            "keys_per_run": keys,
        }
    )
    return result


# -- 3. commit ------------------------------------------------------------------------------


async def commit_through_box(
    db: Path, meeting_id: int, texts: list[str]
) -> tuple[list[float], list[float]]:
    """Type each text into the capture box and press Enter; the latency is from posting the
    Enter key to `Store.add_entry` returning (the entry is then durable). Also returns how
    long `Store.add_entry` itself took each time, inside the app."""
    from pia_meeting.tui.app import PiaMeetingApp
    from pia_meeting.tui.screens.capture import CaptureBox

    app = PiaMeetingApp(db, meeting_id=meeting_id, step=4)
    latencies: list[float] = []
    async with app.run_test(size=TERMINAL) as pilot:
        await pilot.pause()
        box = app.focused
        if not isinstance(box, CaptureBox):
            raise BenchError(f"capture box not focused: {box!r}")
        store = app.store
        add_entry = store.add_entry
        durable: list[float] = []
        inside: list[float] = []

        def timed_add_entry(entry: Any, **options: Any) -> Any:
            t0 = time.perf_counter()
            result = add_entry(entry, **options)
            durable.append(time.perf_counter())
            inside.append(durable[-1] - t0)
            return result

        store.add_entry = timed_add_entry  # type: ignore[method-assign]
        for text in texts:
            for char in text:
                app.post_message(events.Key(char, char))
            await until(lambda t=text: box.text == t, "typed text in the capture box")
            # A typist's Enter comes after a pause: the typed text is on screen and the
            # draft writer is not in the middle of a save.
            drafts = app.session.drafts if app.session is not None else None
            if drafts is not None:
                drafts.flush()
            await pilot.pause(0)
            count = len(durable)
            started = time.perf_counter()
            app.post_message(events.Key("enter", "\r"))
            await until(lambda c=count: len(durable) > c, "the entry to be committed")
            latencies.append(durable[-1] - started)
            await until(lambda: not box.text, "the capture box to be cleared")
            await pilot.pause(0)
    return latencies, inside


def commit_store_only(db: Path, meeting_id: int, texts: list[str]) -> list[float]:
    from pia_meeting.core.model import Entry, EntryKind
    from pia_meeting.store.facade import Store

    store = Store(db)
    try:
        item = store.agenda(meeting_id)[0]
        latencies = []
        for text in texts:
            entry = Entry(
                meeting_id=meeting_id, agenda_item_id=item.id, kind=EntryKind.OPINION, text=text
            )
            started = time.perf_counter()
            store.add_entry(entry)
            latencies.append(time.perf_counter() - started)
    finally:
        store.close()
    return latencies


def bench_commit(data: Data, sizes: Sizes) -> Result:
    import random

    title = f"commit (Enter → durable), p99 of {sizes.commits}"
    progress(f"{title}, through the capture box and at the store")
    rng = random.Random(5)
    texts = [entry_text(rng)[:60] for _ in range(sizes.commits)]
    ui_db = copy_database(data.meeting_db, data.folder / "commit-ui.db")
    store_db = copy_database(data.meeting_db, data.folder / "commit-store.db")
    store_times = commit_store_only(store_db, data.meeting_id, texts)
    ui_times, in_app = asyncio.run(commit_through_box(ui_db, data.meeting_id, texts))
    value = ms(percentile(ui_times, 0.99))
    store_p99 = ms(percentile(store_times, 0.99))
    return Result(
        name="commit",
        value=value,
        unit="ms",
        bar=5.0,
        ok=value <= 5.0,
        title=title,
        note=(
            f"Enter key → Store.add_entry returned, WAL + synchronous=FULL on disk; "
            f"median {ms(statistics.median(ui_times))} ms; Store.add_entry alone p99 "
            f"{store_p99} ms"
        ),
        detail={
            "ui_p50_ms": ms(statistics.median(ui_times)),
            "ui_max_ms": ms(max(ui_times)),
            "store_p50_ms": ms(statistics.median(store_times)),
            "store_p99_ms": store_p99,
            "add_entry_in_app_p50_ms": ms(statistics.median(in_app)),
            "add_entry_in_app_p99_ms": ms(percentile(in_app, 0.99)),
            "commits": len(ui_times),
        },
    )


# -- 4. export ------------------------------------------------------------------------------


def bench_export(data: Data, sizes: Sizes) -> Result:
    from docx import Document

    from pia_meeting.export.minutes import build_minutes
    from pia_meeting.services.publish import export_minutes
    from pia_meeting.store.facade import Store

    title = f"export of a {sizes.meeting_entries}-entry meeting to .docx"
    progress(f"{title} ({sizes.runs} runs each)")
    store = Store(data.meeting_db)
    try:
        bundle = store.load_bundle(data.meeting_id)
    finally:
        store.close()
    # The paragraphs the export writes, rendered beforehand: the baseline has no logic.
    paragraphs = [
        line for block in build_minutes(bundle).body for line in block.render().split("\n")
    ]
    out = data.folder / "export"
    out.mkdir(exist_ok=True)

    def app() -> float:
        started = time.perf_counter()
        export_minutes(bundle, fmt="docx", out=out / "minutes.docx", force=True)
        return time.perf_counter() - started

    def base() -> float:
        started = time.perf_counter()
        document = Document()
        for text in paragraphs:
            document.add_paragraph(text)
        document.save(str(out / "plain.docx"))
        return time.perf_counter() - started

    app_times, base_times = alternate(sizes.runs, app, base)
    result = ratio_result(
        "export", title, 1.5, app_times, base_times, "python-docx add_paragraph per line"
    )
    result.detail["paragraphs"] = len(paragraphs)
    return result


# -- 5. search ------------------------------------------------------------------------------


def bench_search(data: Data, sizes: Sizes) -> Result:
    title = f"archive search over {sizes.search_entries:,} entries, p95"
    # (the archive is built from the start-up database: at least that many entries)
    try:
        from pia_meeting.services import search as search_module
    except ImportError as exc:
        progress(f"{title}: skipped, {exc}")
        return failed("search", title, "ms", 30.0, f"search module missing ({exc})")
    search = getattr(search_module, "search", None)
    if not callable(search):
        return failed("search", title, "ms", 30.0, "search module missing (no search())")
    from pia_meeting.store.facade import Store

    progress(f"{title}: building the archive")
    started = time.perf_counter()
    # The start-up database, grown to the size wanted with meetings of the same shape.
    db = copy_database(data.startup_db, data.folder / "search.db")
    have = sizes.startup_meetings * sizes.startup_entries
    per_meeting = sizes.startup_entries
    more = max(0, -(-(sizes.search_entries - have) // per_meeting))
    if more:
        build_database(db, meetings=more, entries_per_meeting=per_meeting, seed=3)
    built = time.perf_counter() - started
    store = Store(db)
    try:
        total = store.conn.execute("select count(*) from entries").fetchone()[0]
        first: dict[str, float] = {}
        hits: dict[str, int] = {}
        for query in SEARCH_QUERIES:  # warm-up; an index built lazily is built here
            t0 = time.perf_counter()
            hits[query] = _count(search(store, query))
            first[query] = time.perf_counter() - t0
        progress(f"{title}: {len(SEARCH_QUERIES)} queries × {sizes.search_repeats}")
        timings: list[float] = []
        by_query: dict[str, list[float]] = {q: [] for q in SEARCH_QUERIES}
        for _ in range(sizes.search_repeats):
            for query in SEARCH_QUERIES:
                t0 = time.perf_counter()
                _count(search(store, query))
                elapsed = time.perf_counter() - t0
                timings.append(elapsed)
                by_query[query].append(elapsed)
    finally:
        store.close()
    value = ms(percentile(timings, 0.95))
    slowest = max(by_query, key=lambda q: statistics.median(by_query[q]))
    return Result(
        name="search",
        value=value,
        unit="ms",
        bar=30.0,
        ok=value <= 30.0,
        title=title,
        note=(
            f"{len(SEARCH_QUERIES)} queries of 1–8 characters × {sizes.search_repeats}; "
            f"slowest 「{slowest}」 median {ms(statistics.median(by_query[slowest]))} ms"
        ),
        detail={
            "median_ms": ms(statistics.median(timings)),
            "max_ms": ms(max(timings)),
            "per_query_median_ms": {q: ms(statistics.median(t)) for q, t in by_query.items()},
            "hits": hits,
            "first_call_ms": {q: ms(t) for q, t in first.items()},
            "build_s": round(built, 1),
            "entries": total,
        },
    )


def _count(result: Any) -> int:
    """Consume a search result (a list, or a lazy iterable) and count its hits."""
    if result is None:
        return 0
    if isinstance(result, list | tuple):
        return len(result)
    hits = getattr(result, "hits", None)
    if hits is not None:
        return _count(hits)
    try:
        return sum(1 for _ in result)
    except TypeError:
        return 1


# -- 6. memory ------------------------------------------------------------------------------


def _probe(folder: Path, args: list[str]) -> dict[str, int]:
    completed = subprocess.run(
        [sys.executable, str(MEMORY_PROBE), *args],
        capture_output=True,
        text=True,
        env=child_env(folder),
        timeout=300,
        check=False,
    )
    if completed.returncode != 0:
        raise BenchError(f"memory probe failed: {completed.stderr.strip()[-400:]}")
    result: dict[str, int] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def bench_memory(data: Data, sizes: Sizes) -> Result:
    title = f"peak memory, {sizes.meeting_entries}-entry meeting open (議事)"
    progress(title)
    db = copy_database(data.meeting_db, data.folder / "memory.db")
    peaks = []
    entries = 0
    for run in range(1 + max(1, min(3, sizes.runs - 1))):
        clear_draft(db, data.meeting_id)
        probe = _probe(data.folder, [str(db), str(data.meeting_id)])
        if run:  # the first run only fills the bytecode cache
            peaks.append(probe["vmhwm_kib"])
        entries = probe["entries"]
    if entries != sizes.meeting_entries:
        raise BenchError(f"the capture screen listed {entries} of {sizes.meeting_entries} entries")
    baseline = _probe(data.folder, ["--baseline"])["vmhwm_kib"]
    value = round(max(peaks) / 1024, 1)
    return Result(
        name="memory",
        value=value,
        unit="MiB",
        bar=120.0,
        ok=value <= 120.0,
        title=title,
        note=(
            f"VmHWM of a fresh process (Pilot, headless), highest of {len(peaks)}; "
            f"a bare TextArea app: {round(baseline / 1024, 1)} MiB"
        ),
        detail={"runs_mib": [round(p / 1024, 1) for p in peaks], "baseline_mib": baseline / 1024},
    )


# -- 7. import -------------------------------------------------------------------------------

IMPORT_BAR_MBPS = 2.0
LOCK_BAR_MS = 500.0
_IMPORT_RUNS: dict[str, dict[str, Any]] = {}  # one set of runs gives both figures


_PROBE = r"""
import json, sqlite3, sys, time
from pathlib import Path
db, stop = sys.argv[1], Path(sys.argv[2])
conn = sqlite3.connect(db, timeout=30, isolation_level=None)
waits = []
print("ready", flush=True)
while not stop.exists():
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    waits.append(time.perf_counter() - started)
    conn.execute("ROLLBACK")
    time.sleep(0.005)
print(json.dumps(waits))
"""


class LockProbe:
    """Another process on the same file that takes the write lock (BEGIN IMMEDIATE, then
    ROLLBACK) every 5 ms while the import runs, as the capture screen's commit would in
    the secretariat's other window (SQLite's own busy wait included): its longest wait is
    the longest the import kept another writer out."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.stop = db.with_suffix(".stop")
        self.waits: list[float] = []
        self.process: subprocess.Popen[str] | None = None

    def __enter__(self) -> LockProbe:
        self.stop.unlink(missing_ok=True)
        self.process = subprocess.Popen(
            [sys.executable, "-c", _PROBE, str(self.db), str(self.stop)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.process.stdout.readline()  # "ready": it is taking the lock from now on
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.process is not None
        self.stop.touch()
        out, _ = self.process.communicate(timeout=60)
        self.waits = json.loads(out.strip().splitlines()[-1])
        self.stop.unlink(missing_ok=True)


def _import_runs(data: Data, sizes: Sizes) -> dict[str, Any]:
    key = f"{sizes.import_bytes}:{sizes.runs}"
    if key in _IMPORT_RUNS:
        return _IMPORT_RUNS[key]
    from pia_meeting.imports import import_minutes
    from pia_meeting.store.facade import Store

    source = data.folder / "minutes.txt"
    source.write_text(minutes_text(sizes.import_bytes), encoding="utf-8")
    size = source.stat().st_size
    progress(f"import of a {size / 1e6:.1f} MB minutes text ({sizes.runs} runs)")
    times: list[float] = []
    holds: list[float] = []
    waits: list[float] = []
    entries = 0
    for run in range(sizes.runs):
        # Each run into a database that already holds a meeting, as an archive would.
        db = copy_database(data.meeting_db, data.folder / f"import-{run}.db")
        store = Store(db)
        try:
            store.lock_times = []
            with LockProbe(db) as probe:
                started = time.perf_counter()
                imported = import_minutes(store, source)
                times.append(time.perf_counter() - started)
            holds.append(max(store.lock_times))
            waits.append(max(probe.waits, default=0.0))
            entries = len(imported.parsed.all_entries())
        finally:
            store.close()
        db.unlink()
    result = {"size": size, "times": times, "holds": holds, "waits": waits, "entries": entries}
    _IMPORT_RUNS[key] = result
    return result


def bench_import(data: Data, sizes: Sizes) -> Result:
    runs = _import_runs(data, sizes)
    size_mb = runs["size"] / 1e6
    median = statistics.median(runs["times"])
    value = round(size_mb / median, 2)
    title = f"import of a {size_mb:.1f} MB minutes text, end to end"
    return Result(
        name="import",
        value=value,
        unit="MB/s",
        bar=IMPORT_BAR_MBPS,
        ok=value >= IMPORT_BAR_MBPS,
        title=title,
        note=(
            f"read, parse and write of {runs['entries']:,} entries into a file database"
            f" (WAL, synchronous=FULL, search index); median of {len(runs['times'])}:"
            f" {median:.2f} s; higher is better"
        ),
        detail={"seconds": [round(t, 3) for t in runs["times"]], "higher_is_better": True},
    )


def bench_import_lock(data: Data, sizes: Sizes) -> Result:
    runs = _import_runs(data, sizes)
    hold, wait = max(runs["holds"]), max(runs["waits"])
    value = ms(max(hold, wait))
    return Result(
        name="import_lock",
        value=value,
        unit="ms",
        bar=LOCK_BAR_MS,
        ok=value <= LOCK_BAR_MS,
        title=f"longest write-lock hold during that import ({runs['size'] / 1e6:.1f} MB)",
        note=(
            f"the longer of: the import's longest write transaction ({ms(hold)} ms, timed"
            f" in the store) and the longest wait of a second connection taking the lock"
            f" every 5 ms meanwhile ({ms(wait)} ms); worst of {len(runs['holds'])} runs"
        ),
        detail={
            "transaction_ms": [ms(h) for h in runs["holds"]],
            "probe_wait_ms": [ms(w) for w in runs["waits"]],
        },
    )


# -- the table ------------------------------------------------------------------------------

BENCHES: dict[str, tuple[str, str, float, Callable[[Data, Sizes], Result]]] = {
    "startup": ("start-up", "x", 1.3, bench_startup),
    "typing": ("typing", "x", 1.5, bench_typing),
    "key_latency": ("one key", "x", 1.5, bench_key_latency),
    "commit": ("commit", "ms", 5.0, bench_commit),
    "export": ("export", "x", 1.5, bench_export),
    "search": ("search", "ms", 30.0, bench_search),
    "memory": ("memory", "MiB", 120.0, bench_memory),
    "import": ("import", "MB/s", IMPORT_BAR_MBPS, bench_import),
    "import_lock": ("import lock", "ms", LOCK_BAR_MS, bench_import_lock),
}


def run_all(sizes: Sizes, only: list[str]) -> list[Result]:
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="pia-bench-") as tmp:
        folder = Path(tmp)
        data = build_data(folder, sizes)
        for name in only:
            title, unit, bar, function = BENCHES[name]
            started = time.perf_counter()
            try:
                result = function(data, sizes)
            except BenchError as exc:
                result = failed(name, title, unit, bar, f"could not measure: {exc}")
            except Exception as exc:  # the app under test is broken: say so, measure the rest
                traceback.print_exc()
                result = failed(name, title, unit, bar, f"error: {type(exc).__name__}: {exc}")
            result.detail["loadavg_1m"] = round(os.getloadavg()[0], 2)
            progress(
                f"{name}: {result.value} {result.unit} (bar {result.bar}) "
                f"{'ok' if result.ok else 'MISSED'} in {time.perf_counter() - started:.1f} s"
            )
            results.append(result)
        shutil.rmtree(folder / "export", ignore_errors=True)
    return results


def _shown(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    return f"{value:g}×" if unit == "x" else f"{value:g} {unit}"


def table(results: list[Result]) -> str:
    lines = [
        "| benchmark | value | bar | ok | how |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.title or r.name} | {_shown(r.value, r.unit)} |"
            f" {'≥' if r.detail.get('higher_is_better') else '≤'} {_shown(r.bar, r.unit)} | "
            f"{'yes' if r.ok else 'NO'} | {r.note} |"
        )
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> tuple[argparse.Namespace, Sizes]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--json", action="store_true", help="JSON on stdout instead of a table")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, for a smoke test")
    parser.add_argument(
        "--only",
        metavar="NAMES",
        help=f"comma-separated subset of {','.join(BENCHES)} (default: all)",
    )
    defaults = Sizes()
    for name, default in asdict(defaults).items():
        parser.add_argument(
            "--" + name.replace("_", "-"), type=int, metavar="N", help=f"default {default:,}"
        )
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else defaults
    overrides = {name: getattr(args, name) for name in asdict(defaults)}
    sizes = replace(sizes, **{k: v for k, v in overrides.items() if v is not None})
    if any(v <= 0 for v in asdict(sizes).values()):
        parser.error("sizes must be positive")
    only = args.only.split(",") if args.only else list(BENCHES)
    unknown = [name for name in only if name not in BENCHES]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    args.only = only
    return args, sizes


def main(argv: Sequence[str] | None = None) -> int:
    args, sizes = parse_args(argv)
    started = time.perf_counter()
    progress(f"sizes: {asdict(sizes)}")
    results = run_all(sizes, args.only)
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    progress(f"done in {time.perf_counter() - started:.0f} s (load average {load})")
    if args.json:
        print(json.dumps([r.as_json() for r in results], ensure_ascii=False, indent=2))
    else:
        print(table(results))
        print(
            f"\n{os.cpu_count()} CPUs, load average at the end {load}; "
            f"{time.perf_counter() - started:.0f} s in all"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
