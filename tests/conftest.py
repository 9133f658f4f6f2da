"""Fixtures every layer's tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

from pia_meeting.store.facade import Store
from pia_meeting.store.integrity import DB_ENV
from tests.support.archive import Archive


@pytest.fixture
def in_tmp(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A fresh working folder, as a user starting the app there: the default database
    (data/pia_meeting.db) and exports/ land in it, and no PIA_MEETING_DB leaks in."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(DB_ENV, raising=False)
    return tmp_path


@pytest.fixture
def archive_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(DB_ENV, raising=False)
    path = tmp_path / "archive.db"
    store = Store(path)
    Archive(store)
    store.close()
    return path
