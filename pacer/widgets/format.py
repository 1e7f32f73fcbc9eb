"""Small text helpers shared by screens: times and minutes the way people read them."""

from __future__ import annotations

import math

from pacer.domain.text import clock_time


def mmss(seconds: float, *, round_up: bool = False) -> str:
    """Seconds as m:ss: :func:`pacer.domain.text.clock_time`, the one format (History too)."""
    return clock_time(seconds, round_up=round_up)


def minutes_text(seconds: float) -> str:
    """Practice time in whole minutes for totals: "0 min", "under 1 min", "12 min"."""
    if seconds <= 0:
        return "0 min"
    if seconds < 60:
        return "under 1 min"
    return f"{math.floor(seconds / 60 + 0.5)} min"
