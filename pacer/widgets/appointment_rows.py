"""How one appointment reads on screen: a row of a list, and its notes and questions.

Shared by the appointments list and the calm-down routine's first step. It lives here, not in
either screen, so that neither screen imports the other (they did, in a cycle).

Every string from the file (where, notes, questions) goes through :func:`harmless` and into a
:class:`rich.text.Text`, never into markup: a note holding ``[b]`` or an escape sequence shows
as the characters it holds.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text

from pacer.domain.appointments import (
    appointment_title,
    format_when,
    friendly_countdown,
    ordered_questions,
    when_of,
)
from pacer.domain.text import harmless

#: The widest a title ("Scan at City Hospital") gets in a list row.
TITLE_WIDTH = 30


def appointment_row(appointment: dict[str, Any], now: datetime) -> Text:
    """ "Thu 3 Dec, 9:30   Scan at City Hospital   Thursday, in 2 days"."""
    when = when_of(appointment)
    row = Text(no_wrap=True, overflow="ellipsis")
    row.append(f"{format_when(when, now) if when else '(no time)':<20}", style="dim")
    title = harmless(appointment_title(appointment))
    if len(title) > TITLE_WIDTH:  # shortened visibly: a place cut silently reads as another
        title = title[: TITLE_WIDTH - 1] + "…"
    row.append(f"{title:<{TITLE_WIDTH + 2}}")
    if when is not None:
        row.append(friendly_countdown(when, now), style="bold" if when >= now else "dim")
    return row


def appointment_details(appointment: dict[str, Any]) -> Text:
    """Notes and questions of the highlighted appointment, under the list."""
    lines = []
    notes = harmless(appointment.get("notes") or "").strip()
    if notes:
        lines.append(f"Notes: {notes}")
    questions = ordered_questions(appointment)  # the top ones first, marked
    raw_top = appointment.get("top_questions")
    tops = set(raw_top) if isinstance(raw_top, list) else set()
    if questions:
        lines.append("Questions to ask:")
        lines += [f"  • {harmless(q)}{' (top)' if q in tops else ''}" for q in questions]
    else:
        lines.append("No questions written yet. e adds some.")
    return Text("\n".join(lines))


def question_list(questions: object) -> Text:
    """Bulleted questions (the routine's questions step), harmless and markup-safe."""
    items = [harmless(q) for q in questions] if isinstance(questions, list) else []
    return Text("\n".join(f"• {q}" for q in items) or "No questions written yet.")
