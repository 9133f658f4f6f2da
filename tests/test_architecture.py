"""Everything outside `pia_meeting.tui` works without Textual: importing it must not pull
Textual in (start-up speed, and the CLI runs where no terminal UI is wanted). The modules
are found by walking the package, not from a list, so a new module is checked too."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import pia_meeting


def modules_outside_the_tui() -> list[str]:
    names = [
        info.name
        for info in pkgutil.walk_packages(pia_meeting.__path__, prefix="pia_meeting.")
        if info.name != "pia_meeting.__main__"  # runs the CLI when imported
    ]
    return sorted(
        n for n in names if n != "pia_meeting.tui" and not n.startswith("pia_meeting.tui.")
    )


PROBE = """
import importlib, json, sys
for name in {modules!r}:
    importlib.import_module(name)
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(json.dumps(loaded))
"""


def _textual_modules_after_import(modules: list[str]) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(modules=modules)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_the_walk_finds_every_layer() -> None:
    found = modules_outside_the_tui()
    for package in ("core", "store", "services", "imports", "export"):
        assert any(n.startswith(f"pia_meeting.{package}.") for n in found), package
    assert "pia_meeting.cli" in found


def test_no_module_outside_the_tui_imports_textual() -> None:
    assert _textual_modules_after_import(modules_outside_the_tui()) == []


def test_the_probe_sees_textual_when_the_tui_is_imported() -> None:
    # Guards the test above against passing vacuously: the same probe does see Textual when
    # the application module is imported.
    assert "textual" in _textual_modules_after_import(["pia_meeting.tui.app"])


FIRST_SCREEN = """
import sys
import pia_meeting.cli, pia_meeting.tui.app, pia_meeting.tui.screens.meetings
print(" ".join(sorted(sys.modules)))
"""


def test_the_first_screen_is_drawn_without_the_storage_layer() -> None:
    # Start-up (SPEC §9): the meeting list is read through `store.listing`; the store,
    # the model and sqlite-utils are loaded after the first screen, when something needs
    # them. Importing one of them again at the top of a first-screen module undoes that.
    result = subprocess.run(
        [sys.executable, "-c", FIRST_SCREEN], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.strip().splitlines()[-1].split())
    assert "pia_meeting.tui.screens.meetings" in loaded  # the probe saw what it imported
    later = ("sqlite_utils", "pia_meeting.store.facade", "pia_meeting.core.model", "docx")
    # What only an open meeting needs (its lock, the draft thread) and only --json prints.
    later += ("pia_meeting.store.locks", "pia_meeting.store.drafts", "json")
    for module in later:
        assert module not in loaded, module
