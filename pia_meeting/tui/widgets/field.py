"""The labelled input of the forms, with its own hint and error lines."""

from __future__ import annotations

from textual.containers import Vertical
from textual.widgets import Input, Label


class Field(Vertical):
    """A labelled input with its own error line (errors are shown at the field)."""

    DEFAULT_CLASSES = "field"

    def __init__(
        self,
        label: str,
        value: str = "",
        *,
        field_id: str,
        placeholder: str = "",
        restrict: str | None = None,
        max_length: int = 0,
    ) -> None:
        super().__init__(id=f"field-{field_id}")
        self.label_text = label
        self.input = Input(
            value,
            placeholder=placeholder,
            id=field_id,
            select_on_focus=False,
            restrict=restrict,
            max_length=max_length,
            compact=True,
        )
        self.error = Label("", classes="field-error", markup=False)
        self.hint = Label("", classes="field-hint", markup=False)

    def compose(self):  # type: ignore[no-untyped-def]
        yield Label(self.label_text, classes="field-label", markup=False)
        yield self.input
        yield self.hint
        yield self.error

    def show_hint(self, message: str) -> None:
        self.hint.update(message)
        self.hint.display = bool(message)

    def show_error(self, message: str) -> None:
        self.error.update(message)
        self.set_class(bool(message), "-invalid")
