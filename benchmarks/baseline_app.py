"""The start-up baseline of SPEC §9: a minimal Textual app (Header, Input, Footer).

Run as a script (`python benchmarks/baseline_app.py`), exactly as the real app is run as
`python -m pia_meeting`, so both pay the same interpreter and import start-up.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Input

PLACEHOLDER = "ここに入力してください"


class MinimalApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=PLACEHOLDER)
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()
