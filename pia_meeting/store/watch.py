"""Noticing what another connection wrote (a second window that follows the writer live, SPEC
§6). PRAGMA data_version changes whenever another connection commits: a poll costs one
statement and reads no table. The connection must stay open between polls, and belongs to
the thread that polls."""

from __future__ import annotations

import sqlite3


def data_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


class ChangeWatcher:
    """`changed()` is True once after each commit by another connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._seen = data_version(conn)

    def changed(self) -> bool:
        now = data_version(self.conn)
        if now == self._seen:
            return False
        self._seen = now
        return True
