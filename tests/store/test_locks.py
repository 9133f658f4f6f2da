"""One writer per meeting (SPEC §6): the lock row, its heartbeat, stale locks and take-over."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from pia_meeting.store import locks
from pia_meeting.store.facade import Store
from pia_meeting.store.locks import STALE_AFTER, LockState
from pia_meeting.store.watch import ChangeWatcher
from tests.support.paths import ROOT

MEETING = 1
HOST = socket.gethostname()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "pia_meeting.db"


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    store = Store(db)
    yield store
    store.close()


@pytest.fixture
def dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _at(seconds: float) -> dt.datetime:
    return dt.datetime(2021, 11, 9, 1, 0, tzinfo=dt.UTC) + dt.timedelta(seconds=seconds)


def test_a_free_meeting_is_acquired_and_recorded(store: Store) -> None:
    result = locks.acquire(store, MEETING)
    assert result.acquired and result.holder is None and result.message() == ""
    holder = locks.holder(store, MEETING)
    assert holder is not None
    assert (holder.pid, holder.host) == (os.getpid(), HOST)


def test_acquiring_again_from_the_same_process_keeps_the_lock(store: Store) -> None:
    assert locks.acquire(store, MEETING, now=_at(0)).acquired
    assert locks.acquire(store, MEETING, now=_at(20)).acquired
    holder = locks.holder(store, MEETING, now=_at(20))
    assert holder is not None and holder.heartbeat_age == 0


def test_a_live_process_on_this_host_holds_the_meeting(store: Store) -> None:
    other = os.getppid()  # alive: it is running these tests
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    assert locks.acquire(store, MEETING, pid=other, now=now).acquired
    later = now + dt.timedelta(seconds=600)
    result = locks.acquire(store, MEETING, now=later)  # even with an old heartbeat
    assert result.state is LockState.HELD_BY_OTHER
    assert result.holder is not None
    assert (result.holder.pid, result.holder.host) == (other, HOST)
    assert result.holder.heartbeat_age == 600
    assert "別の画面で編集中" in result.message() and "10分前" in result.message()


def test_a_pid_given_to_a_newer_process_leaves_a_stale_lock(store: Store) -> None:
    # The lock's process died and the system gave its pid to another, started later: the
    # meeting must not stay read-only for ever.
    newer = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        taken = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
        assert locks.acquire(store, MEETING, pid=newer.pid, now=taken).acquired
        result = locks.acquire(store, MEETING)
        assert result.state is LockState.STALE
        assert result.holder is not None and result.holder.pid == newer.pid
    finally:
        newer.kill()
        newer.wait()


def test_asking_whether_the_holder_lives_never_signals_it(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On Windows os.kill(pid, 0) terminates the process: the probe must not use it at all.
    signalled: list[tuple[int, int]] = []
    monkeypatch.setattr(os, "kill", lambda pid, sig: signalled.append((pid, sig)))
    other = os.getppid()
    assert locks.acquire(store, MEETING, pid=other).acquired
    assert locks.acquire(store, MEETING).state is LockState.HELD_BY_OTHER
    assert signalled == []


def test_a_dead_process_on_this_host_leaves_a_stale_lock(store: Store, dead_pid: int) -> None:
    now = dt.datetime.now(dt.UTC)
    assert locks.acquire(store, MEETING, pid=dead_pid, now=now).acquired
    result = locks.acquire(store, MEETING, now=now)  # a fresh heartbeat does not matter
    assert result.state is LockState.STALE
    assert "終了したか、応答がありません" in result.message()


@pytest.mark.parametrize(
    ("age", "state"),
    [(0, LockState.HELD_BY_OTHER), (STALE_AFTER, LockState.HELD_BY_OTHER), (31, LockState.STALE)],
)
def test_another_host_is_stale_after_30_seconds_without_a_heartbeat(
    store: Store, age: float, state: LockState
) -> None:
    assert locks.acquire(store, MEETING, pid=4242, host="other-pc", now=_at(0)).acquired
    result = locks.acquire(store, MEETING, now=_at(age))
    assert result.state is state
    assert result.holder is not None and result.holder.host == "other-pc"


def test_heartbeats_keep_a_lock_from_another_host_alive(store: Store) -> None:
    assert locks.acquire(store, MEETING, pid=4242, host="other-pc", now=_at(0)).acquired
    for beat in range(10, 100, 10):
        assert locks.heartbeat(store, MEETING, pid=4242, host="other-pc", now=_at(beat))
        result = locks.acquire(store, MEETING, now=_at(beat + 25))
        assert result.state is LockState.HELD_BY_OTHER


def test_take_over_a_stale_lock(store: Store) -> None:
    assert locks.acquire(store, MEETING, pid=4242, host="other-pc", now=_at(0)).acquired
    stale = locks.acquire(store, MEETING, now=_at(60))
    assert stale.state is LockState.STALE
    assert locks.take_over(store, MEETING, stale.holder, now=_at(61)).acquired
    holder = locks.holder(store, MEETING)
    assert holder is not None and (holder.pid, holder.host) == (os.getpid(), HOST)
    # The old holder, should it wake up, learns from its heartbeat that it must stop writing.
    assert not locks.heartbeat(store, MEETING, pid=4242, host="other-pc", now=_at(62))
    assert not locks.release(store, MEETING, pid=4242, host="other-pc")
    assert locks.holder(store, MEETING) is not None


def test_take_over_refuses_when_the_holder_came_back(store: Store) -> None:
    assert locks.acquire(store, MEETING, pid=4242, host="other-pc", now=_at(0)).acquired
    stale = locks.acquire(store, MEETING, now=_at(60))
    # While the user reads the question, the other instance beats again.
    assert locks.heartbeat(store, MEETING, pid=4242, host="other-pc", now=_at(65))
    result = locks.take_over(store, MEETING, stale.holder, now=_at(70))
    assert result.state is LockState.HELD_BY_OTHER
    assert locks.holder(store, MEETING) is not None
    assert locks.holder(store, MEETING).pid == 4242  # type: ignore[union-attr]


def test_take_over_refuses_when_someone_else_took_the_lock_first(store: Store) -> None:
    assert locks.acquire(store, MEETING, pid=4242, host="other-pc", now=_at(0)).acquired
    stale = locks.acquire(store, MEETING, now=_at(60))
    third = locks.acquire(store, MEETING, pid=77, host="third-pc", now=_at(60))
    assert locks.take_over(store, MEETING, third.holder, pid=77, host="third-pc", now=_at(61))
    result = locks.take_over(store, MEETING, stale.holder, now=_at(62))
    assert result.state is LockState.HELD_BY_OTHER
    assert result.holder is not None and result.holder.host == "third-pc"


def test_take_over_of_a_released_lock_acquires_it(store: Store) -> None:
    assert locks.acquire(store, MEETING, pid=4242, host="other-pc", now=_at(0)).acquired
    stale = locks.acquire(store, MEETING, now=_at(60))
    assert locks.release(store, MEETING, pid=4242, host="other-pc")
    assert locks.take_over(store, MEETING, stale.holder, now=_at(61)).acquired


def test_release_frees_the_meeting_for_the_next_instance(store: Store) -> None:
    assert locks.acquire(store, MEETING).acquired
    assert locks.release(store, MEETING)
    assert locks.holder(store, MEETING) is None
    assert locks.acquire(store, MEETING, pid=4242, host="other-pc").acquired


def test_meetings_are_locked_one_by_one(store: Store) -> None:
    assert locks.acquire(store, 1, pid=4242, host="other-pc").acquired
    assert locks.acquire(store, 2).acquired


def test_deleting_a_meeting_removes_its_lock(store: Store) -> None:
    from pia_meeting.services.demo import load_demo

    meeting_id = load_demo(store)
    assert locks.acquire(store, meeting_id).acquired
    store.delete_meeting(meeting_id)
    assert locks.holder(store, meeting_id) is None


def test_instances_starting_at_once_get_exactly_one_writer(db: Path) -> None:
    Store(db).close()
    barrier = threading.Barrier(6)
    results: list[LockState] = []

    def start(index: int) -> None:
        store = Store(db)  # each instance has its own connection
        try:
            barrier.wait()
            results.append(locks.acquire(store, MEETING, pid=100 + index, host=f"pc{index}").state)
        finally:
            store.close()

    threads = [threading.Thread(target=start, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(r.value for r in results) == ["acquired"] + ["held_by_other"] * 5


def test_the_watcher_sees_each_commit_of_another_connection_once(db: Path, store: Store) -> None:
    watcher = ChangeWatcher(store.conn)
    assert not watcher.changed()
    store.set_setting("own", "write")
    assert not watcher.changed()  # this connection's own commits are not news
    other = Store(db)
    try:
        other.set_setting("new", "entry")
    finally:
        other.close()
    assert watcher.changed()
    assert not watcher.changed()


def test_a_lock_held_by_another_process_then_killed(db: Path, store: Store) -> None:
    """A real second process: held while it runs, stale once it is killed, then taken over."""
    code = (
        "import sys, time\n"
        "from pia_meeting.store import locks\n"
        "from pia_meeting.store.facade import Store\n"
        f"store = Store({str(db)!r})\n"
        f"print(locks.acquire(store, {MEETING}).state.value, flush=True)\n"
        "time.sleep(60)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, env=env)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == b"acquired"
        held = locks.acquire(store, MEETING)
        assert held.state is LockState.HELD_BY_OTHER
        assert held.holder is not None and held.holder.pid == child.pid
        child.kill()
        child.wait(10)
        stale = locks.acquire(store, MEETING)
        assert stale.state is LockState.STALE
        assert locks.take_over(store, MEETING, stale.holder).acquired
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
        if child.stdout is not None:
            child.stdout.close()
