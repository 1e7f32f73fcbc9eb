"""Small text helpers shared by screens: times and minutes the way people read them."""

from __future__ import annotations

import math


def mmss(seconds: float, *, round_up: bool = False) -> str:
    """Seconds as m:ss. Elapsed time rounds down and time left rounds up, so the two always
    add up to the session length and "0:00 left" appears only at the very end."""
    whole = math.ceil(seconds - 1e-9) if round_up else math.floor(seconds + 1e-9)
    whole = max(0, whole)
    return f"{whole // 60}:{whole % 60:02d}"


def minutes_text(seconds: float) -> str:
    """Practice time in whole minutes for totals: "0 min", "under 1 min", "12 min"."""
    if seconds <= 0:
        return "0 min"
    if seconds < 60:
        return "under 1 min"
    return f"{math.floor(seconds / 60 + 0.5)} min"
