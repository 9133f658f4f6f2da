"""Search of earlier sessions as a self-contained panel (query box, optional filters,
results), for the full 検索 screen and the side panel of 議事 alike. Searches run in a
thread worker with their own Store (connections never cross threads); the results come back
as a message."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from pia_meeting.core.errors import UserError
from pia_meeting.core.model import Side
from pia_meeting.core.wareki import parse_year
from pia_meeting.services.search import KINDS, SearchHit, search
from pia_meeting.store.facade import Store


@dataclass(frozen=True)
class SearchSource:
    """Where a panel searches: the database file (each search opens its own connection,
    on a worker thread), or for a database in memory, which only one connection sees,
    that connection's store."""

    db_path: str
    store: Callable[[], Store]


DEBOUNCE = 0.25  # seconds after the last keystroke; Enter searches at once


def fit_snippet(snippet: list[tuple[str, bool]], cells: int) -> list[tuple[str, bool]]:
    """The snippet cut to one line of `cells` terminal cells (Japanese takes two each),
    keeping a little context before the first match so that the match stays in view."""
    segments = [(text, hit) for text, hit in snippet if text != "…"]
    first = next((i for i, (_, hit) in enumerate(segments) if hit), 0)
    lead = max(4, cells // 5)
    before = "".join(text for text, _ in segments[:first])
    out: list[tuple[str, bool]] = []
    if cell_len(before) > lead or (snippet and snippet[0][0] == "…"):
        while before and cell_len(before) > lead - 1:
            before = before[1:]
        out.append(("…" + before, False))
    elif before:
        out.append((before, False))
    room = cells - sum(cell_len(text) for text, _ in out)
    for text, hit in segments[first:]:
        if cell_len(text) <= room:
            out.append((text, hit))
            room -= cell_len(text)
            continue
        while text and cell_len(text) > room - 1:
            text = text[:-1]
        out.append((text + "…", hit))
        break
    else:
        if snippet and snippet[-1][0] == "…" and room >= 1:
            out.append(("…", False))
    return out


def hit_prompt(hit: SearchHit, width: int = 76) -> Text:
    """Two lines: where (the meeting, its board) and who, then the snippet cut to `width`
    cells with the matches lit. Built as Text, so nothing the user typed is ever read as
    markup."""
    text = Text()
    text.append(f"{hit.number_label} {hit.date_label}", style="bold")
    if hit.board_name:  # two boards' 第2回 look alike
        text.append(f" {hit.board_name}", style="italic")
    if hit.speaker:
        text.append(f" {hit.speaker}", style="bold cyan")
    text.append(f" [{hit.kind}]", style="dim")
    if hit.pages:
        text.append("  " + " ".join(f"p.{p}" for p in hit.pages), style="green")
    if not hit.is_public:
        text.append("  [非公開]", style="bold red")
    text.append("\n")
    for segment, is_match in fit_snippet(hit.snippet, max(10, width)):
        text.append(segment, style="bold reverse" if is_match else "")
    return text


class SearchResults(OptionList):
    """The hits. ↑ on the first one goes back to the query box."""

    def action_cursor_up(self) -> None:
        if self.highlighted in (None, 0) and isinstance(self.parent, SearchPanel):
            self.parent.query_input.focus()
            return
        super().action_cursor_up()


class SearchPanel(Vertical):
    """Query box, optional filter row, status line and hits. Posts `HitChosen` when a hit is
    picked (Enter or click). `base_filters` are passed to `search()` every time (e.g.
    {"board_id": 1}); `limit` caps the hits shown."""

    DEFAULT_CLASSES = "search-panel"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "focus_results", "結果へ", id="search_results", show=False),
    ]

    class HitChosen(Message):
        """A hit was picked in the panel."""

        def __init__(self, panel: SearchPanel, hit: SearchHit) -> None:
            super().__init__()
            self.panel = panel
            self.hit = hit

        @property
        def control(self) -> SearchPanel:
            return self.panel

    class _Done(Message):
        """Results (or an error) of one search, from the worker thread."""

        def __init__(self, generation: int, hits: list[SearchHit], error: str = "") -> None:
            super().__init__()
            self.generation = generation
            self.hits = hits
            self.error = error

    def __init__(
        self,
        source: SearchSource,
        *,
        with_filters: bool = False,
        base_filters: dict[str, Any] | None = None,
        limit: int = 50,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.source = source
        self.with_filters = with_filters
        self.base_filters = dict(base_filters or {})
        self.limit = limit
        self.hits: list[SearchHit] = []
        self._generation = 0  # results of an older search are dropped
        self._timer: Timer | None = None
        self._focus_results = False
        self.query_input = Input(
            placeholder="検索語 (例: 再委託 / LGWAN / 委託 研修) Enter で検索",
            select_on_focus=False,
            id="search-query",
        )
        self.results = SearchResults(id="search-results", markup=False)
        self.status = Label("", id="search-status", markup=False)

    def compose(self) -> ComposeResult:
        yield self.query_input
        if self.with_filters:
            with Horizontal(classes="search-filters"):
                yield Input(
                    placeholder="年 例: R3",
                    select_on_focus=False,
                    compact=True,
                    id="search-year",
                )
                yield Select(
                    [(s.value, s.value) for s in Side],
                    prompt="発言者: すべて",
                    compact=True,
                    id="search-side",
                )
                yield Input(
                    placeholder="評価書ページ",
                    select_on_focus=False,
                    compact=True,
                    restrict=r"[0-9０-９]*",
                    max_length=4,
                    id="search-page",
                )
                yield Select(
                    [(k, k) for k in KINDS], prompt="種別: すべて", compact=True, id="search-kind"
                )
        yield self.status
        yield self.results

    def on_mount(self) -> None:
        self._set_status("検索語を入力してください(スペースで区切るとすべてを含むもの)")

    # -- public ---------------------------------------------------------------------------

    def focus_query(self) -> None:
        self.query_input.focus()

    def set_query(self, text: str, *, run: bool = True) -> None:
        self.query_input.value = text
        if run:
            self.run_search()

    def run_search(self, *, focus_results: bool = False) -> None:
        """Search now with the query and filters as they stand; with `focus_results`, the
        hits take the focus when they arrive (Enter in the query box)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._generation += 1
        self._focus_results = focus_results
        query = self.query_input.value
        if not query.strip():
            self.hits = []
            self.results.clear_options()
            self._set_status("検索語を入力してください")
            return
        try:
            filters = self._filters()
        except UserError as exc:
            self._set_status(str(exc), error=True)
            return
        self._set_status("検索中…")
        db_path = self.source.db_path
        if db_path == ":memory:":
            # Only the app's own connection sees an in-memory database.
            store = self.source.store()
            try:
                hits = search(store, query, limit=self.limit, **filters)
            except UserError as exc:
                self.post_message(self._Done(self._generation, [], str(exc)))
                return
            self.post_message(self._Done(self._generation, hits))
            return
        self._search_in_thread(self._generation, db_path, query, filters)

    # -- filters --------------------------------------------------------------------------

    def _filters(self) -> dict[str, Any]:
        filters = dict(self.base_filters)
        if not self.with_filters:
            return filters
        year_box = self.query_one("#search-year", Input)
        year_box.remove_class("-invalid")
        if year_box.value.strip():
            try:
                filters["year"] = parse_year(year_box.value)
            except UserError:
                year_box.add_class("-invalid")
                raise
        side = self.query_one("#search-side", Select).value
        if isinstance(side, str):
            filters["side"] = side
        page = self.query_one("#search-page", Input).value.strip()
        if page:
            filters["page"] = page
        kind = self.query_one("#search-kind", Select).value
        if isinstance(kind, str):
            filters["kind"] = kind
        return filters

    # -- running --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search_in_thread(
        self, generation: int, db_path: str, query: str, filters: dict[str, Any]
    ) -> None:
        try:
            store = Store(db_path)
            try:
                hits = search(store, query, limit=self.limit, **filters)
            finally:
                store.close()
        except UserError as exc:
            self.post_message(self._Done(generation, [], str(exc)))
            return
        except Exception as exc:  # shown in the status line, never a traceback
            self.post_message(self._Done(generation, [], f"検索できませんでした: {exc}"))
            return
        self.post_message(self._Done(generation, hits))

    @on(_Done)
    def _show(self, message: _Done) -> None:
        message.stop()
        if message.generation != self._generation:
            return  # a newer search is under way
        if message.error:
            self._set_status(message.error, error=True)
            return
        self.hits = message.hits
        self.results.clear_options()
        # The list's width less its scrollbar; before the first layout, 80 columns.
        width = (self.results.size.width or 80) - 3
        self.results.add_options(
            [Option(hit_prompt(hit, width), id=str(i)) for i, hit in enumerate(self.hits)]
        )
        count = len(self.hits)
        if not count:
            self._set_status("該当する発言はありません")
        else:
            more = f"(新しい順に最初の{count}件)" if count >= self.limit else "(新しい順)"
            self._set_status(f"{count}件 {more}  Enter で開く")
            self.results.highlighted = 0
        if self._focus_results and count:
            self.results.focus()
        self._focus_results = False

    def _set_status(self, message: str, *, error: bool = False) -> None:
        self.status.update(message)
        self.status.set_class(error, "-error")

    # -- events ---------------------------------------------------------------------------

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, lambda: self.run_search())

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.run_search(focus_results=True)

    @on(Select.Changed)
    def _filter_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self.query_input.value.strip():
            self.run_search()

    @on(OptionList.OptionSelected, "#search-results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = int(event.option.id or -1)
        if 0 <= index < len(self.hits):
            self.post_message(self.HitChosen(self, self.hits[index]))

    def action_focus_results(self) -> None:
        if self.results.option_count:
            self.results.focus()
