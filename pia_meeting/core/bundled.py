"""Bundled data files, read with importlib.resources so that an installed package works."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


def read_text(name: str) -> str:
    return resources.files("pia_meeting").joinpath("resources", name).read_text("utf-8")


@cache
def read_json(name: str) -> Any:
    return json.loads(read_text(name))
