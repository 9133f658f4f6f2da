"""Every key has an id and a Japanese description (footer and help show them), and the
capture screen's keys are not swallowed by the typing box."""

from __future__ import annotations

import importlib
import pkgutil
import re

from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import TextArea

import pia_meeting.tui.screens
import pia_meeting.tui.widgets
from pia_meeting.tui.app import PiaMeetingApp
from pia_meeting.tui.screens.capture import CaptureScreen

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def our_classes() -> list[type]:
    classes: list[type] = [PiaMeetingApp]
    names = [
        f"{package.__name__}.{m.name}"
        for package in (pia_meeting.tui.screens, pia_meeting.tui.widgets)
        for m in pkgutil.iter_modules(package.__path__)
    ]
    for name in names:
        loaded = importlib.import_module(name)
        for value in vars(loaded).values():
            if (
                isinstance(value, type)
                and issubclass(value, Screen | Widget)
                and value.__module__ == loaded.__name__
            ):
                classes.append(value)
    return classes


def test_every_binding_has_an_id_and_a_japanese_description() -> None:
    checked = 0
    for cls in our_classes():
        for binding in cls.__dict__.get("BINDINGS", []):
            assert isinstance(binding, Binding), cls
            assert binding.id, f"{cls.__name__}: {binding.key} has no id"
            assert JAPANESE.search(binding.description), f"{cls.__name__}: {binding.key}"
            checked += 1
    assert checked > 40


def test_capture_keys_are_not_taken_by_the_typing_box() -> None:
    text_area_keys = {
        key.strip()
        for binding in TextArea.BINDINGS
        if isinstance(binding, Binding)
        for key in binding.key.split(",")
    }
    capture_keys = {
        key.strip() for binding in CaptureScreen.BINDINGS for key in binding.key.split(",")
    }
    assert capture_keys & text_area_keys == set()
