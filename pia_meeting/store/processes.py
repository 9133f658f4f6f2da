"""Whether the process named in a lock is still the one that took it (SPEC §6), asked the same
way on Windows and POSIX.

`os.kill(pid, 0)` is no probe on Windows: for any signal but CTRL_C_EVENT and
CTRL_BREAK_EVENT, Python calls TerminateProcess there, so asking would end the other window.
psutil asks the system instead (OpenProcess on Windows, /proc or sysctl elsewhere)."""

from __future__ import annotations

import datetime as dt

import psutil

# A lock's time is written to the second, after the process started: allow for both.
START_SLACK = 5.0


def holds_since(pid: int, since: dt.datetime) -> bool:
    """A process with this pid exists and was started no later than `since` (when the lock
    was taken). A pid the system has since given to a newer process is not the holder: its
    lock is stale, not held."""
    if pid <= 0:
        return False
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return False  # exited, not yet reaped by its parent
        started = process.create_time()
    except psutil.NoSuchProcess:  # ZombieProcess is one too
        return False
    except psutil.AccessDenied:
        return True  # it exists, under another user: it may well be the holder
    return started <= since.timestamp() + START_SLACK


def running(pid: int) -> bool:
    """Whether a process of this pid runs now (a zombie does not)."""
    return pid > 0 and holds_since(pid, dt.datetime.max.replace(tzinfo=dt.UTC))
