"""What every step screen shares: the step bar, the footer, help and step keys."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.binding import Binding, BindingType
from textual.screen import Screen

from .. import wareki
from ..model import Meeting

if TYPE_CHECKING:
    from ..app import PiaMeetingApp
    from ..storage import Store


def meeting_caption(meeting: Meeting | None) -> str:
    if meeting is None:
        return ""
    import datetime as dt

    date = ""
    if meeting.date:
        date = wareki.format_date(dt.date.fromisoformat(meeting.date))
    return f"第{meeting.number}回 {date}".strip()


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

    def flush(self) -> None:
        """Save whatever is still only on screen; called before the step changes."""

    @property
    def pia(self) -> PiaMeetingApp:
        from ..app import PiaMeetingApp

        return cast(PiaMeetingApp, self.app)

    @property
    def store(self) -> Store:
        return self.pia.store
