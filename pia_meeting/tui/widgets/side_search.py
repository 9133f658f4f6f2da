"""The search side panel of 議事 (Ctrl+F): earlier sessions searched while the typing box
and its draft stay as they are; a chosen hit is shown in full below the hits."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from pia_meeting.services.search import SearchHit
from pia_meeting.tui.widgets.search_panel import SearchPanel, SearchSource

FullText = Callable[[int | None, str], str]  # (entry id, snippet) → the entry's whole text


def hit_detail(hit: SearchHit, text: str) -> Text:
    detail = Text()
    detail.append(f"{hit.number_label} {hit.date_label}\n", style="bold")
    if hit.speaker:
        detail.append(f"{hit.speaker} ", style="bold cyan")
    detail.append(f"[{hit.kind}]\n", style="dim")
    detail.append(text)
    detail.append("\n\nEsc: 閉じて入力欄へ", style="dim")
    return detail


class SideSearch(Vertical):
    """Hidden until opened; `full_text` reads a hit's whole entry."""

    def __init__(self, source: SearchSource, full_text: FullText, *, id: str | None = None):
        super().__init__(id=id)
        self._source = source
        self._full_text = full_text

    def compose(self) -> ComposeResult:
        yield SearchPanel(self._source, id="side-search", limit=30)
        with VerticalScroll(id="hit-box"):
            yield Static("", id="hit-detail", markup=False)

    def toggle(self) -> bool:
        """Open (the query box takes the focus) or close; True when now open."""
        self.display = not self.display
        if self.display:
            self.query_one(SearchPanel).focus_query()
        return bool(self.display)

    @on(SearchPanel.HitChosen, "#side-search")
    def _hit_chosen(self, event: SearchPanel.HitChosen) -> None:
        event.stop()
        hit = event.hit
        text = self._full_text(hit.entry_id, hit.snippet_text)
        self.query_one("#hit-detail", Static).update(hit_detail(hit, text))
        self.query_one("#hit-box").focus()
