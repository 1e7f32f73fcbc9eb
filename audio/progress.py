"""A one-line progress bar on stderr, shown only when stderr is a terminal.

Scripts and pipes get no bar and no carriage returns in their logs; stdout stays clean for the
final message. Redraws are throttled to whole percents so a fast export costs nothing extra.
"""

from __future__ import annotations

import sys
from typing import TextIO

WIDTH = 30


class ProgressBar:
    """`update(fraction)` as work goes on, `close()` once at the end (also after an error)."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        try:
            self.enabled = self.stream.isatty()
        except (AttributeError, ValueError):
            self.enabled = False
        self._shown = -1

    def update(self, fraction: float) -> None:
        if not self.enabled:
            return
        percent = int(min(1.0, max(0.0, fraction)) * 100)
        if percent == self._shown:
            return
        self._shown = percent
        filled = WIDTH * percent // 100
        bar = "#" * filled + "-" * (WIDTH - filled)
        self.stream.write(f"\r{self.label} [{bar}] {percent:3d}%")
        self.stream.flush()

    def close(self) -> None:
        """End the bar's line so the next message starts on a fresh one."""
        if self.enabled and self._shown >= 0:
            self.stream.write("\n")
            self.stream.flush()
        self._shown = -1

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
