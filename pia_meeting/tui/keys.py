"""Key names as the app writes them, one spelling everywhere (footer, help, messages):
「Ctrl+O」「Shift+F2」「Alt+←」「Esc」「Enter」「Del」; a letter as it is typed (「m」)."""

from __future__ import annotations

MODIFIERS = {"ctrl": "Ctrl", "shift": "Shift", "alt": "Alt", "meta": "Alt", "super": "Super"}
NAMES = {
    "escape": "Esc",
    "enter": "Enter",
    "return": "Enter",
    "delete": "Del",
    "backspace": "BS",
    "space": "Space",
    "tab": "Tab",
    "home": "Home",
    "end": "End",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "insert": "Ins",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "question_mark": "?",
    "slash": "/",
    "full_stop": ".",
    "comma": ",",
    "minus": "-",
    "plus": "+",
}


def key_label(key: str) -> str:
    """「ctrl+o」 → 「Ctrl+O」, 「shift+f2」 → 「Shift+F2」, 「escape」 → 「Esc」, 「m」 → 「m」."""
    *modifiers, name = key.strip().split("+") if key.strip() != "+" else ["+"]
    if name in NAMES:
        shown = NAMES[name]
    elif len(name) >= 2 and name[0] == "f" and name[1:].isdigit():
        shown = name.upper()
    elif len(name) == 1 and modifiers:
        shown = name.upper()  # 「Ctrl+O」: a chord names the key cap
    else:
        shown = name
    return "+".join([*(MODIFIERS.get(m, m.title()) for m in modifiers), shown])


def keys_label(keys: str) -> str:
    """Several keys of one binding, 「escape,n」 → 「Esc / n」."""
    return " / ".join(key_label(k) for k in keys.split(",") if k.strip())
