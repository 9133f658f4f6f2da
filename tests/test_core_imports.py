"""The domain core and the command line work without Textual: importing them must not pull it in
(start-up speed, and the CLI runs where no terminal UI is wanted)."""

from __future__ import annotations

import json
import subprocess
import sys

CORE_MODULES = (
    "model",
    "storage",
    "schema",
    "migrations",
    "integrity",
    "listing",
    "wareki",
    "labels",
    "quorum",
    "toshin",
    "capture",
    "drafts",
    "text",
    "export",
    "demo",
    "cli",
    "bundled",
)

SCRIPT = """
import importlib, json, sys
for name in {modules!r}:
    importlib.import_module("pia_meeting." + name)
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(json.dumps(loaded))
"""


def _textual_modules_after_import(modules: tuple[str, ...]) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(modules=modules)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_core_modules_do_not_import_textual() -> None:
    assert _textual_modules_after_import(CORE_MODULES) == []


def test_the_check_itself_sees_textual_when_the_tui_is_imported() -> None:
    # Guards the test above against passing vacuously: the same probe does see Textual when
    # the application module is imported.
    probe = """
import importlib, sys
importlib.import_module("pia_meeting.app")
print("textual" in sys.modules)
"""
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


FIRST_SCREEN = """
import sys
import pia_meeting.cli, pia_meeting.app, pia_meeting.screens.meetings
print(" ".join(sorted(sys.modules)))
"""


def test_the_first_screen_is_drawn_without_the_storage_layer() -> None:
    # Start-up (SPEC §9): the meeting list is read through `listing`; the storage layer,
    # the model and sqlite-utils are loaded after the first screen, when something needs
    # them. Importing one of them again at the top of a first-screen module undoes that.
    result = subprocess.run(
        [sys.executable, "-c", FIRST_SCREEN], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.strip().splitlines()[-1].split())
    assert "pia_meeting.screens.meetings" in loaded  # the probe saw the modules it imported
    later = ("sqlite_utils", "pia_meeting.storage", "pia_meeting.model", "docx")
    # What only an open meeting needs (its lock, the draft thread) and only --json prints.
    later += ("pia_meeting.locks", "pia_meeting.drafts", "json")
    for module in later:
        assert module not in loaded, module
