"""A thin progress bar with eighth-cell precision, for totals such as minutes this week.

A plain function rather than a widget: the home screen and the history charts put the bar
inside a line of text, and a function is easy to test.
"""

from __future__ import annotations

# Left-aligned partial blocks, index = eighths of the cell filled.
PARTIAL = " ▏▎▍▌▋▊▉█"


def eighths_bar(fraction: float, width: int) -> str:
    """A bar `width` cells wide filled to `fraction` (clamped to 0..1), e.g. "███▌   "."""
    if width <= 0:
        return ""
    eighths = round(min(1.0, max(0.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    bar = "█" * full + (PARTIAL[part] if part and full < width else "")
    return bar.ljust(width)
