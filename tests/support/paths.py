"""Where the project and the shared material are, seen from the tests."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the project's own folder
SHARED = ROOT.parent / "shared"  # read only: the reference minutes, specimens, tools
