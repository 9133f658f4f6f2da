"""A paste reaches the app whole and in order, whatever it holds.

Textual's terminal parser (8.2.8) handles an escape sequence inside a bracketed paste as
keys, sent at once, while the pasted text around it is held until the paste ends: a paste of
「ABC␛[31mDEF␛[0mGHI」 (text copied from a coloured terminal) reaches the box as the keys
「^[[31mDEF^[[0mGHI」 followed by the paste 「ABC」, reordered. The filter below takes the
escape sequences and control characters out of what stands between the paste's start and
end marks before the parser reads it, and leaves everything else as it came."""

from __future__ import annotations

import re
from typing import Any

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]")


def _clean(pasted: str) -> str:
    return _CONTROL.sub("", _SEQUENCE.sub("", pasted)).replace("\x1b", "")


class PasteFilter:
    """Fed the terminal's input as it arrives, in pieces of any size."""

    def __init__(self) -> None:
        self._inside = False
        self._held = ""  # the end of a piece that may run on into the next

    def feed(self, data: str) -> str:
        text, self._held = self._held + data, ""
        out: list[str] = []
        while text:
            if not self._inside:
                at = text.find(PASTE_START)
                if at < 0:
                    out.append(text)  # keys pass at once: the Escape key must not wait
                    break
                out.append(text[: at + len(PASTE_START)])
                text = text[at + len(PASTE_START) :]
                self._inside = True
                continue
            at = text.find(PASTE_END)
            if at < 0:
                # Hold back an escape sequence (or end mark) cut in two by the read.
                cut = text.rfind("\x1b")
                if cut >= 0 and not _SEQUENCE.match(text, cut):
                    text, self._held = text[:cut], text[cut:]
                out.append(_clean(text))
                break
            out.append(_clean(text[:at]) + PASTE_END)
            text = text[at + len(PASTE_END) :]
            self._inside = False
        return "".join(out)


def install() -> None:
    """Have Textual's drivers read input through a PasteFilter (once; idempotent)."""
    from textual import _xterm_parser
    from textual.drivers import linux_driver

    parser = _xterm_parser.XTermParser
    if getattr(parser, "filters_paste", False):
        return

    class FilteredParser(parser):  # type: ignore[misc,valid-type]
        filters_paste = True

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._paste_filter = PasteFilter()

        def feed(self, data: str) -> Any:
            return super().feed(self._paste_filter.feed(data) if data else data)

    linux_driver.XTermParser = FilteredParser  # type: ignore[misc]
    try:
        from textual.drivers import win32
    except (ImportError, OSError, AttributeError):  # win32 imports Windows-only modules
        return
    win32.XTermParser = FilteredParser  # type: ignore[misc]
