"""The wall clock, in one place (pendulum is imported lazily: start-up speed matters)."""

from __future__ import annotations


def now_iso() -> str:
    """Local time with offset, to the second: what an entry's 時刻 records."""
    import pendulum

    return pendulum.now().replace(microsecond=0).to_iso8601_string()


def now_hm() -> str:
    import pendulum

    return pendulum.now().format("HH:mm")


def hm_of(iso: str | None) -> str:
    """「10:05」 from an ISO datetime string; empty when there is none."""
    if not iso:
        return ""
    time_part = iso.split("T", 1)[-1]
    return time_part[:5]
