"""The fault harness (issue 「Nothing lost, nothing leaked」): the real app and commands are
killed with SIGKILL at random moments while typing, committing, exporting, backing up and
importing, and what is left is examined.

    python benchmarks/faults.py [--runs 20] [--seed N] [--only typing,commit,…] [--json]

For each kind of work it reports, over its runs:
- the worst loss, in seconds of typing (SPEC §6: at most 2 s), also while a CLI import of
  a large minutes file writes to the same database;
- files left under a real name that are not whole (must be 0);
- partial files still there after the next run (must be 0);
- whether PRAGMA integrity_check said ok every time.
POSIX only (pseudo-terminals, SIGKILL). Progress goes to stderr; exit status 0 always.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import random
import select
import signal
import sqlite3
import struct
import subprocess
import sys
import tempfile
import termios
import time
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from pia_meeting.services.demo import load_demo  # noqa: E402
from pia_meeting.store.facade import Store  # noqa: E402
from pia_meeting.store.files import PARTIAL_MARK  # noqa: E402

ENTER = b"\r"
ALT_RIGHT = b"\x1b[1;3C"
LOSS_BOUND = 2.0
TYPING = "委託先の監督について確認したい事項がありますので説明をお願いします"


def progress(message: str) -> None:
    print(f"[faults] {message}", file=sys.stderr, flush=True)


@dataclass
class Figures:
    kind: str
    runs: int = 0
    worst_loss: float = 0.0  # seconds of typing
    partial_under_real_name: int = 0
    leftovers_after_next_run: int = 0
    integrity_ok: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            self.worst_loss <= LOSS_BOUND
            and self.partial_under_real_name == 0
            and self.leftovers_after_next_run == 0
            and self.integrity_ok == self.runs
        )


# -- the app in a pseudo-terminal --------------------------------------------------------------


class Terminal:
    def __init__(self, db: Path) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        env = dict(os.environ, TERM="xterm-256color", PYTHONPATH=str(ROOT))
        env.pop("PIA_MEETING_DB", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pia_meeting", "--db", str(db)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=db.parent,
            start_new_session=True,
        )
        os.close(slave)
        self.output = b""

    def pump(self, seconds: float) -> None:
        until = time.monotonic() + seconds
        while (left := until - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], min(left, 0.05))
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                self.output += chunk

    def wait_for(self, text: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump(0.1)
            if text in self.output.decode("utf-8", "replace"):
                return
            if self.process.poll() is not None:
                break
        raise RuntimeError(f"{text!r} did not appear")

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def kill(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        os.close(self.master)


def open_capture(term: Terminal, *, take_over: bool) -> None:
    term.wait_for("国民健康保険")
    term.output = b""
    term.send(ENTER)
    if take_over:
        term.wait_for("引き継ぎますか")
        term.output = b""
        term.send(b"y")
    term.wait_for("傍聴人数")
    term.send(ALT_RIGHT)
    term.pump(0.3)
    term.output = b""
    term.send(ALT_RIGHT)
    term.wait_for("ここに発言を入力")
    term.pump(0.5)


# -- checks ------------------------------------------------------------------------------------


def integrity_ok(db: Path) -> bool:
    conn = sqlite3.connect(f"{db.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def partial_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if PARTIAL_MARK in p.name]


def whole_docx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.testzip() is None and "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def whole_database(path: Path) -> bool:
    try:
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def draft_text(db: Path, meeting_id: int) -> str:
    store = Store(db)
    try:
        draft = store.get_draft(meeting_id)
        return str(draft["text"]) if draft else ""
    finally:
        store.close()


def entry_texts(db: Path, meeting_id: int) -> list[str]:
    store = Store(db)
    try:
        return [e.text for e in store.entries(meeting_id)]
    finally:
        store.close()


# -- the kinds of work ----------------------------------------------------------------------------


def _fresh(folder: Path) -> tuple[Path, int]:
    db = folder / "pia_meeting.db"
    store = Store(db)
    meeting_id = load_demo(store)
    store.close()
    return db, meeting_id


def big_minutes(folder: Path, megabytes: float) -> Path:
    reference = ROOT.parent / "shared" / "reference" / "minutes-kitakyushu-2021-11-09.txt"
    text = reference.read_text("utf-8")
    head, _, body = text.partition("内 容")
    repeated = body * max(1, int(megabytes * 1_000_000 / max(1, len(body.encode("utf-8")))))
    path = folder / "big-minutes.txt"
    path.write_text(head + "内 容" + repeated, "utf-8")
    return path


def typing_run(folder: Path, rng: random.Random, *, with_import: bool) -> tuple[float, bool]:
    """Type at a steady pace, kill at a random moment; the loss is the typing time not in
    the draft the next start would offer."""
    db, meeting_id = _fresh(folder)
    importer = None
    term = Terminal(db)
    try:
        open_capture(term, take_over=False)
        if with_import:
            importer = subprocess.Popen(
                [sys.executable, "-m", "pia_meeting", "--db", str(db), "import",
                 str(big_minutes(folder, 5))],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                env=dict(os.environ, PYTHONPATH=str(ROOT)),
            )  # fmt: skip
            time.sleep(0.3)
        sent: list[float] = []
        duration = rng.uniform(1.0, 6.0)
        started = time.monotonic()
        index = 0
        while time.monotonic() - started < duration:
            term.send(TYPING[index % len(TYPING)].encode())
            sent.append(time.monotonic())
            index += 1
            term.pump(0.08)
        killed_at = time.monotonic()
        term.kill()
    finally:
        if importer is not None:
            importer.kill()
            importer.wait()
    typed = "".join(TYPING[i % len(TYPING)] for i in range(len(sent)))
    saved = draft_text(db, meeting_id)
    kept = len(saved) if typed.startswith(saved) else 0
    loss = 0.0 if kept >= len(sent) else killed_at - sent[kept]
    return loss, integrity_ok(db)


def commit_run(folder: Path, rng: random.Random) -> tuple[float, bool, str]:
    """Enter, then a kill 0–300 ms later: the entry is stored once at most, and a draft is
    never the text just committed (the next start would offer a duplicate)."""
    db, meeting_id = _fresh(folder)
    before = entry_texts(db, meeting_id)
    sentence = f"確定の直後に止めた発言その{rng.randint(1, 10**6)}。"
    term = Terminal(db)
    try:
        open_capture(term, take_over=False)
        term.send(sentence.encode())
        term.pump(0.3)
        term.send(ENTER)
        time.sleep(rng.uniform(0.0, 0.3))
    finally:
        term.kill()
    after = entry_texts(db, meeting_id)
    stored = after.count(sentence) - before.count(sentence)
    draft = draft_text(db, meeting_id)
    note = ""
    if stored > 1:
        note = "committed twice"
    elif stored == 1 and draft == sentence:
        note = "the committed text is also a draft"
    lost = 0.0 if stored == 1 or draft == sentence else 1.0  # typed, gone both ways
    return lost, integrity_ok(db), note


def command_run(
    folder: Path, rng: random.Random, args: Callable[[Path, int], list[str]],
    check: Callable[[Path], bool], out: str,
) -> tuple[int, int, bool]:  # fmt: skip
    """Start a command, kill it at a random moment; count what is left under the real name
    that is not whole, then run it again and count partial files still left."""
    db, meeting_id = _fresh(folder)
    target = folder / out
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "pia_meeting", "--db", str(db), *args(folder, meeting_id)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env=env, cwd=folder)  # fmt: skip
    time.sleep(rng.uniform(0.2, 1.6))
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    broken = sum(
        1 for p in target.rglob("*") if p.is_file() and PARTIAL_MARK not in p.name and not check(p)
    ) if target.exists() else 0  # fmt: skip
    subprocess.run([*command, "--force"] if "--force" not in command else command,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=folder,
                   check=False)  # fmt: skip
    left = len(partial_files(folder))
    return broken, left, integrity_ok(db)


def imported_entries(folder: Path, source: Path) -> int:
    """How many entries a whole import of `source` gives (done once, to compare with)."""
    db = folder / "whole.db"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    subprocess.run(
        [sys.executable, "-m", "pia_meeting", "--db", str(db), "import", str(source)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True,
    )  # fmt: skip
    store = Store(db)
    try:
        return int(store.meetings()[0]["entry_count"])
    finally:
        store.close()


def import_run(folder: Path, rng: random.Random, source: Path, whole: int) -> tuple[bool, str]:
    """Kill an import at a random moment: at the next open the meeting is there whole, or
    not at all."""
    db, _ = _fresh(folder)
    store = Store(db)
    before = {m["id"] for m in store.meetings()}
    store.close()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        [sys.executable, "-m", "pia_meeting", "--db", str(db), "import", str(source)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    time.sleep(rng.uniform(0.3, 4.0))
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    store = Store(db)  # the next open
    try:
        new = [m for m in store.meetings() if m["id"] not in before]
    finally:
        store.close()
    partial = [m for m in new if int(m["entry_count"]) != whole]
    note = f"a partial meeting is listed ({partial[0]['entry_count']}/{whole})" if partial else ""
    return integrity_ok(db), note


# -- the harness -------------------------------------------------------------------------------


def run(kinds: list[str], runs: int, seed: int) -> list[Figures]:
    rng = random.Random(seed)
    results: list[Figures] = []
    with tempfile.TemporaryDirectory(prefix="pia-faults-") as work:
        base = Path(work)
        shared_source = big_minutes(base, 5) if "import" in kinds else None
        whole = imported_entries(base, shared_source) if shared_source else 0
        for kind in kinds:
            figures = Figures(kind)
            for n in range(runs):
                folder = base / f"{kind}-{n}"
                folder.mkdir()
                try:
                    figures_for(kind, folder, rng, figures, shared_source, whole)
                except RuntimeError as exc:
                    figures.notes.append(f"run {n}: {exc}")
                figures.runs += 1
                progress(f"{kind} {n + 1}/{runs}: loss≤{figures.worst_loss:.2f}s")
            results.append(figures)
    return results


def figures_for(
    kind: str,
    folder: Path,
    rng: random.Random,
    figures: Figures,
    source: Path | None,
    whole: int,
) -> None:
    if kind in ("typing", "typing+import"):
        loss, ok = typing_run(folder, rng, with_import=kind == "typing+import")
        figures.worst_loss = max(figures.worst_loss, loss)
        figures.integrity_ok += ok
    elif kind == "commit":
        loss, ok, note = commit_run(folder, rng)
        figures.worst_loss = max(figures.worst_loss, loss)
        figures.integrity_ok += ok
        if note:
            figures.notes.append(note)
            figures.partial_under_real_name += 1
    elif kind == "export":
        broken, left, ok = command_run(
            folder, rng, lambda f, m: ["export", str(m), "--out", f"{f / 'exports'}/"],
            whole_docx, "exports",
        )  # fmt: skip
        figures.partial_under_real_name += broken
        figures.leftovers_after_next_run += left
        figures.integrity_ok += ok
    elif kind == "backup":
        broken, left, ok = command_run(
            folder, rng, lambda f, m: ["backup", "--out", f"{f / 'backups'}/"],
            whole_database, "backups",
        )  # fmt: skip
        figures.partial_under_real_name += broken
        figures.leftovers_after_next_run += left
        figures.integrity_ok += ok
    elif kind == "import":
        assert source is not None
        ok, note = import_run(folder, rng, source, whole)
        figures.integrity_ok += ok
        if note:
            figures.notes.append(note)
            figures.partial_under_real_name += 1


KINDS = ["typing", "typing+import", "commit", "export", "backup", "import"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=20261204)
    parser.add_argument("--only", default=",".join(KINDS))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    kinds = [k for k in args.only.split(",") if k]
    unknown = set(kinds) - set(KINDS)
    if unknown:
        parser.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    results = run(kinds, args.runs, args.seed)
    if args.json:
        print(json.dumps([asdict(r) | {"ok": r.ok} for r in results], ensure_ascii=False))
        return 0
    print(
        "| work | runs | worst loss | partial under real name | left after next run"
        " | integrity ok | met |"
    )
    print("|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r.kind} | {r.runs} | {r.worst_loss:.2f} s | {r.partial_under_real_name} | "
            f"{r.leftovers_after_next_run} | {r.integrity_ok}/{r.runs} | {('no', 'yes')[r.ok]} |"
        )
        for note in sorted(set(r.notes)):
            print(f"  - {r.kind}: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
