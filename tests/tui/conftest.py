"""Fixtures of the UI tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database file of its own in a fresh working folder (where exports/ goes too)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path / "pia_meeting.db"
