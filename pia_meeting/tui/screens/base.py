"""What every step screen shares: the step bar, the footer, help and step keys."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

from pia_meeting.core import wareki

if TYPE_CHECKING:
    from pia_meeting.core.model import Meeting
    from pia_meeting.store.facade import Store
    from pia_meeting.tui.session import MeetingSession


def meeting_caption(meeting: Meeting | None) -> str:
    if meeting is None:
        return ""
    date = wareki.format_stored_date(meeting.date)
    number = f"第{meeting.number}回" if meeting.number else "回不明"
    return f"{number} {date}".strip()


class StepScreen(Screen[None]):
    """A step of the journey (SPEC §2). `step` is its number on the step bar."""

    step: ClassVar[int] = 1

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "app.help", "ヘルプ", id="help", key_display="F1"),
        Binding("question_mark", "app.help", "ヘルプ", id="help_question", show=False),
        Binding(
            "alt+left",
            "app.step(-1)",
            "前の画面",
            id="step_prev",
            key_display="Alt+←",
            show=False,
            priority=True,
        ),
        Binding(
            "alt+right",
            "app.step(1)",
            "次の画面",
            id="step_next",
            key_display="Alt+→",
            show=False,
            priority=True,
        ),
    ]

    # Actions that change the meeting: disabled while another instance writes it.
    WRITE_ACTIONS: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, session: MeetingSession | None = None) -> None:
        """`session`: the meeting this step shows (every step but 会議一覧)."""
        super().__init__()
        self._session = session

    @property
    def session(self) -> MeetingSession:
        assert self._session is not None, "a step of a meeting is opened with its session"
        return self._session

    @property
    def read_only(self) -> bool:
        """Another instance writes this meeting: show it, never write."""
        return self._session is not None and self._session.read_only

    def flush(self) -> None:
        """Save whatever is still only on screen; called before the step changes."""

    def refused_input(self) -> str | None:
        """After `flush`: why something typed on this screen could not be saved (it is shown
        at its field), or None. The step does not change while there is such a reason: the
        typed value would be lost."""
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.WRITE_ACTIONS and self.read_only:
            return False
        return True

    def on_mount(self) -> None:
        if self.read_only and self._session is not None:
            self.add_class("-read-only")
            for widget in self.query("Input, Select, Checkbox"):
                widget.disabled = True
            from textual.widgets import TextArea

            for area in self.query(TextArea):
                area.read_only = True
            self.notify(f"読み取り専用で開いています({self.session.read_only_reason})", timeout=5)

    @property
    def store(self) -> Store:
        return self.session.store
