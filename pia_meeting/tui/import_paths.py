"""The files named in what is typed or dropped into the import prompt (会議一覧, i)."""

from __future__ import annotations

import os
import shlex
from pathlib import Path


def split_paths(text: str, *, windows: bool = os.name == "nt") -> list[Path]:
    """The files named in what was typed or dropped into the import prompt: one path as it
    stands (spaces and all) when such a file exists, else several separated by spaces, each
    possibly in quotes. On Windows a backslash separates folders and escapes nothing."""
    whole = text.strip().strip("\"'")
    if whole and Path(whole).expanduser().is_file():
        return [Path(whole).expanduser()]
    try:
        names = shlex.split(text, posix=not windows)
    except ValueError:  # an unbalanced quote: take the text as one path
        names = [whole]
    return [Path(name.strip("\"'")).expanduser() for name in names if name.strip("\"'")]
