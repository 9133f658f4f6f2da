"""The real app in a pseudo-terminal, driven with the bytes a terminal sends."""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tests.support.paths import ROOT

COLUMNS, LINES = 100, 30
# Terminal control sequences (CSI, OSC, charset and keypad modes), stripped to read the text.
_CONTROL = re.compile(
    rb"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]"
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    rb"|\x1b[()][0-9A-Za-z]|\x1b[=>78]"
)


def _clean(output: bytes) -> str:
    return _CONTROL.sub(b"", output).decode("utf-8", "replace")


class Terminal:
    """The app in a pseudo-terminal of COLUMNS × LINES. Every read has a deadline, so a test
    that waits for text the app never shows fails instead of hanging."""

    def __init__(self, db: Path, *, columns: int = COLUMNS, lines: int = LINES) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        env = dict(
            os.environ,
            TERM="xterm-256color",
            COLUMNS=str(columns),
            LINES=str(lines),
            PYTHONPATH=str(ROOT),
        )
        env.pop("PIA_MEETING_DB", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pia_meeting", "--db", str(db)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=db.parent,
            start_new_session=True,  # the pty becomes its controlling terminal
        )
        os.close(slave)
        self.output = b""
        self.reads: list[int] = []  # where each read from the terminal ended, in `output`

    def _pump(self, until: float) -> None:
        while (left := until - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], min(left, 0.1))
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the child is gone and the pty is closed
                    return
                if not chunk:
                    return
                self.output += chunk
                self.reads.append(len(self.output))

    def text(self, since: int = 0) -> str:
        return _clean(self.output[since:])

    def mark(self) -> int:
        return len(self.output)

    def wait_for(self, text: str, *, since: int = 0, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._pump(min(deadline, time.monotonic() + 0.2))
            if text in self.text(since):
                return
            if self.process.poll() is not None:
                break
        tail = self.text(since)[-1500:]
        pytest.fail(f"{text!r} did not appear (exit code {self.process.poll()}); screen:\n{tail}")

    def first_shown_with(self, text: str, *, timeout: float = 15.0) -> str:
        """Everything on the terminal up to the end of the read that first brought `text`:
        what the user saw at that moment, nothing that came later."""
        self.wait_for(text, timeout=timeout)
        end = next(at for at in self.reads if text in _clean(self.output[:at]))
        return _clean(self.output[:end])

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def pause(self, seconds: float) -> None:
        """Let time pass while reading, so the app never blocks on a full terminal."""
        self._pump(time.monotonic() + seconds)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        os.close(self.master)
