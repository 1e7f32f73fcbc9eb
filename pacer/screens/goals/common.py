"""What the finish-line screens share: the rows and tables they draw, the clock, and the way
out through a form.

Why here and not in each screen: every string from the file is drawn by these two helpers
(:func:`goal_row`, :func:`detail_table`), so "shown, never obeyed" (:func:`harmless` text in
a :class:`rich.text.Text`, never markup) is true in one place for the list, the details and
the review.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from pacer.domain.goals import (
    KIND_WORDS,
    Goal,
    check_in_words,
    detail_lines,
    status_of,
    title_of,
)
from pacer.keymap import display
from pacer.screens.confirm import ConfirmModal
from pacer.screens.host import host, wall_now
from pacer.services import SaveError

if TYPE_CHECKING:
    from textual.screen import Screen

    from pacer.services import Services

#: The widest a title gets in the list before it is shortened with "…" (Enter shows it all).
TITLE_COLUMN = 40

#: Shown when a form fills itself with words kept from last time.
DRAFT_NOTE = (
    "Here is what you typed last time; it is not saved yet. "
    f"{display('save')} saves it, {display('back')} lets it go."
)


def now_of(screen: Screen[Any]) -> datetime:
    """The app's wall clock, always with a UTC offset (records need one)."""
    now = wall_now(screen)
    return now if now.tzinfo is not None else now.astimezone()


def goal_row(goal: Goal, now: datetime, title_width: int = 0) -> Text:
    """One line of the list: a mark, the title, and the status and check-in in quiet words.

    ``title_width`` pads the title so the quiet words line up in a column.
    """
    status = status_of(goal)
    row = Text(no_wrap=True, overflow="ellipsis")
    row.append("✓ " if status == "reached" else "  ", style="bold")
    title = title_of(goal)
    if len(title) > title_width > 0:
        title = title[: title_width - 1] + "…"
    row.append(title.ljust(title_width), style="bold" if status != "resting" else "")
    extra = [status]
    when = check_in_words(goal, now.date())
    if when and status != "reached":
        extra.append(when)
    row.append(f"   {' · '.join(extra)}", style="dim")
    return row


def detail_table(goal: Goal, now: datetime, *, only: tuple[str, ...] = ()) -> Table:
    """The labelled fields of a finish line as a two-column grid (``only``: these labels)."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column(ratio=1)
    for label, value in detail_lines(goal, now.date()):
        if only and label not in only:
            continue
        if label == "Kind":
            value = KIND_WORDS.get(value, value)
        table.add_row(Text(label), Text(value))
    return table


def forget_draft(services: Services, kind: str, target: str | None) -> None:
    """Drop a form's draft after a save or a discard; a failure here loses nothing (the words
    were saved, or the person let them go), so it is not reported."""
    with contextlib.suppress(SaveError):
        services.drafts.drop(kind, target)


async def drop_draft(screen: Screen[Any], kind: str, target: str | None) -> None:
    """:func:`forget_draft` off the event loop (a draft write is fsynced)."""
    await asyncio.to_thread(forget_draft, host(screen).services, kind, target)


def save_as_new_modal(reason: str) -> ConfirmModal:
    """The question after a save found its finish line deleted or archived meanwhile."""
    return ConfirmModal(
        "Save as a new finish line?",
        f"{reason} Your words are still here. Save them as a new finish line?",
        yes="Save as new",
        no="Keep editing",
    )
