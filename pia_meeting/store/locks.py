"""One writer per meeting (SPEC §6): a second instance on the same meeting opens read-only and
follows the entries live; two instances never write one meeting.

A row of `meeting_locks` (migration m004) names the process that writes a meeting: its pid,
its host, when it took the lock and its last heartbeat (UTC ISO 8601). Every decision is made
inside a write transaction (`Store.atomic()`, BEGIN IMMEDIATE), so two instances starting at
the same moment cannot both get the lock.

A lock is *stale* when its holder is gone: on this host, when no process of its pid exists, or
the one that does started after the lock was taken (the pid was given to another); on
another host (a database on a shared folder), when its heartbeat is older than STALE_AFTER.
A stale lock is never taken silently: the user confirms, then `take_over()`.

Use in the app (screens that write a meeting: 会議情報 … 出力)::

    result = locks.acquire(store, meeting_id)
    if result.acquired:
        # write as usual. Every HEARTBEAT_INTERVAL seconds (set_interval):
        #     if not locks.heartbeat(store, meeting_id): the lock was taken over by another
        #     instance (it judged this one gone): switch to read-only, say so.
        # When the meeting is closed or the app quits: locks.release(store, meeting_id).
    elif result.state is LockState.STALE:
        # ConfirmScreen(result.message() + 「引き継いで編集しますか?」):
        #     yes: taken = locks.take_over(store, meeting_id, result.holder)
        #          taken.acquired is False when the holder came back or another instance
        #          took it first: show taken.message() and open read-only.
        #     no: open read-only.
    else:  # LockState.HELD_BY_OTHER: open read-only and show result.message()
        # Follow the other instance live: poll every second or so with a
        #     store.watch.ChangeWatcher: when it says changed, reload what changed
        # and call acquire() again now and then: the writer may have closed the meeting.

Read-only means no store writes at all for that meeting, drafts included (do not submit to
the DraftWriter). heartbeat(), like every write, raises storage.DatabaseBusyError (a
UserError) when the database stays busy past the busy timeout: try again at the next beat.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pia_meeting.core import wareki
from pia_meeting.store.processes import holds_since

if TYPE_CHECKING:
    from pia_meeting.store.facade import Store

STALE_AFTER = 30.0  # seconds without a heartbeat before a lock from another host is stale
HEARTBEAT_INTERVAL = 10.0  # seconds; a third of STALE_AFTER, so one missed beat is harmless


class LockState(enum.Enum):
    ACQUIRED = "acquired"
    HELD_BY_OTHER = "held_by_other"
    STALE = "stale"


@dataclass(frozen=True)
class LockHolder:
    """The process named in a meeting's lock row."""

    pid: int
    host: str
    started_at: str
    heartbeat_at: str
    heartbeat_age: float  # seconds since its last heartbeat, when it was read

    @classmethod
    def from_row(cls, row: dict[str, Any], now: dt.datetime) -> LockHolder:
        beat = dt.datetime.fromisoformat(row["heartbeat_at"])
        return cls(
            pid=int(row["pid"]),
            host=str(row["host"]),
            started_at=str(row["started_at"]),
            heartbeat_at=str(row["heartbeat_at"]),
            heartbeat_age=(now - beat).total_seconds(),
        )

    def described(self) -> str:
        """The window as its user knows it: 「このパソコンで 令和7年10月21日(火) 14:02 に開いた
        画面」; another computer by its name (a process number means nothing to a user)."""
        where = (
            "このパソコン" if self.host == socket.gethostname() else f"別のパソコン「{self.host}」"
        )
        try:
            opened = dt.datetime.fromisoformat(self.started_at).astimezone()
        except ValueError:
            return f"{where}で開いた画面"
        return f"{where}で {wareki.format_timestamp(opened.isoformat())} に開いた画面"

    def same_holder(self, other: LockHolder) -> bool:
        """The same lock (not merely the same pid: pids are reused)."""
        return (self.pid, self.host, self.started_at) == (other.pid, other.host, other.started_at)


@dataclass(frozen=True)
class LockResult:
    state: LockState
    holder: LockHolder | None = None  # the other process, unless acquired

    @property
    def acquired(self) -> bool:
        return self.state is LockState.ACQUIRED

    def message(self) -> str:
        """What to tell the user (Japanese); empty when the lock was acquired."""
        if self.holder is None or self.acquired:
            return ""
        who = self.holder.described()
        age = _describe_age(self.holder.heartbeat_age)
        if self.state is LockState.STALE:
            return (
                f"この会議を編集していた画面({who})は終了したか、応答がありません"
                f"(最後の応答: {age}前)。"
            )
        return (
            f"この会議は別の画面で編集中です({who}、最後の応答: {age}前)。"
            "読み取り専用で開き、新しい発言を表示し続けます。"
        )


def _describe_age(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds}秒"
    if seconds < 3600:
        return f"{seconds // 60}分"
    return f"{seconds // 3600}時間"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def _me(pid: int | None, host: str | None) -> tuple[int, str]:
    return (os.getpid() if pid is None else pid, socket.gethostname() if host is None else host)


def is_stale(holder: LockHolder, host: str | None = None) -> bool:
    """Whether the process that holds the lock is gone (this host), or has not beaten its
    heart for STALE_AFTER (another host)."""
    return _is_stale(holder, _me(None, host)[1])


def _is_stale(holder: LockHolder, host: str) -> bool:
    if holder.host == host:
        return not holds_since(holder.pid, dt.datetime.fromisoformat(holder.started_at))
    return holder.heartbeat_age > STALE_AFTER


def _row(store: Store, meeting_id: int) -> dict[str, Any] | None:
    rows = list(store.query("select * from meeting_locks where meeting_id = ?", (meeting_id,)))
    return rows[0] if rows else None


def _write(store: Store, meeting_id: int, pid: int, host: str, now: dt.datetime) -> None:
    store.conn.execute(
        "insert or replace into meeting_locks (meeting_id, pid, host, started_at, heartbeat_at)"
        " values (?, ?, ?, ?, ?)",
        (meeting_id, pid, host, _stamp(now), _stamp(now)),
    )


def holder(store: Store, meeting_id: int, *, now: dt.datetime | None = None) -> LockHolder | None:
    """Who holds the meeting's lock, if anyone (a read; no transaction)."""
    row = _row(store, meeting_id)
    return LockHolder.from_row(row, now or _now()) if row else None


def held_by_another(
    store: Store,
    meeting_id: int,
    *,
    pid: int | None = None,
    host: str | None = None,
    now: dt.datetime | None = None,
) -> LockHolder | None:
    """The other instance that writes the meeting now (its lock is neither ours nor stale),
    or None. Such a meeting must not be deleted or changed from here."""
    pid, host = _me(pid, host)
    found = holder(store, meeting_id, now=now)
    if found is None or (found.pid, found.host) == (pid, host) or _is_stale(found, host):
        return None
    return found


def acquire(
    store: Store,
    meeting_id: int,
    *,
    pid: int | None = None,
    host: str | None = None,
    now: dt.datetime | None = None,
) -> LockResult:
    """Take the meeting's lock if it is free (or already ours); otherwise say who holds it
    and whether that holder is gone (STALE: ask the user, then take_over())."""
    pid, host = _me(pid, host)
    now = now or _now()
    with store.atomic():
        row = _row(store, meeting_id)
        if row is not None and (row["pid"], row["host"]) == (pid, host):
            heartbeat(store, meeting_id, pid=pid, host=host, now=now)
            return LockResult(LockState.ACQUIRED)
        if row is None:
            _write(store, meeting_id, pid, host, now)
            return LockResult(LockState.ACQUIRED)
        other = LockHolder.from_row(row, now)
        state = LockState.STALE if _is_stale(other, host) else LockState.HELD_BY_OTHER
        return LockResult(state, other)


def take_over(
    store: Store,
    meeting_id: int,
    expected: LockHolder | None,
    *,
    pid: int | None = None,
    host: str | None = None,
    now: dt.datetime | None = None,
) -> LockResult:
    """Take a stale lock after the user confirmed. `expected` is the holder the user was shown
    (LockResult.holder): if the lock changed since (another instance took it, or the holder
    beat again), nothing is taken and the current state is returned."""
    pid, host = _me(pid, host)
    now = now or _now()
    with store.atomic():
        row = _row(store, meeting_id)
        if row is not None and (row["pid"], row["host"]) != (pid, host):
            current = LockHolder.from_row(row, now)
            if expected is None or not current.same_holder(expected):
                state = LockState.STALE if _is_stale(current, host) else LockState.HELD_BY_OTHER
                return LockResult(state, current)
            if not _is_stale(current, host):
                return LockResult(LockState.HELD_BY_OTHER, current)
        _write(store, meeting_id, pid, host, now)
        return LockResult(LockState.ACQUIRED)


def heartbeat(
    store: Store,
    meeting_id: int,
    *,
    pid: int | None = None,
    host: str | None = None,
    now: dt.datetime | None = None,
) -> bool:
    """Say this process is still writing the meeting. False when the lock is no longer ours
    (taken over): the caller must stop writing and switch to read-only."""
    pid, host = _me(pid, host)
    with store.atomic():
        cursor = store.conn.execute(
            "update meeting_locks set heartbeat_at = ?"
            " where meeting_id = ? and pid = ? and host = ?",
            (_stamp(now or _now()), meeting_id, pid, host),
        )
        return cursor.rowcount == 1


def release(
    store: Store, meeting_id: int, *, pid: int | None = None, host: str | None = None
) -> bool:
    """Give the lock up (only our own). False when it was not ours any more."""
    pid, host = _me(pid, host)
    with store.atomic():
        cursor = store.conn.execute(
            "delete from meeting_locks where meeting_id = ? and pid = ? and host = ?",
            (meeting_id, pid, host),
        )
        return cursor.rowcount == 1
