"""Records that could not be used, said once when a screen opens (shared by several screens).

A record that does not fit its Struct is left out of a list, never a crash, never rewritten;
the person is told which file, record, field and value, so it can be fixed by hand or by
``pacer doctor``. The line is made harmless and shown without markup: it quotes the data.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from pacer.domain.text import harmless


def report_problems(screen: Screen[Any], problems: list[str], what: str) -> None:
    """One warning naming the first problem (and how many more), or nothing."""
    if not problems:
        return
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    screen.notify(
        harmless(f"{problems[0]}{more}"),
        title=f"Some {what} could not be read and are left out",
        severity="warning",
        timeout=10,
        markup=False,
    )
