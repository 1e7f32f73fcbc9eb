"""The journal: past reappraisals and calm-down routines, newest first.

Type to search (every word must appear somewhere in the entry), Enter opens an entry read-only,
d deletes it after a confirmation (:class:`ConfirmModal`). Entries are never edited: a
reappraisal is a record of how a moment looked then, and the journal is an append-only log.
Everything goes through ``host(self).services.journal``: an entry that does not fit its record
kind (a routine's ``steps_done`` that is a number, a wrong-typed field) is reported and left
out, never a crash and never rewritten; a delete runs off the event loop and rewrites the log
all or nothing. Every word from the data is made harmless and shown without markup.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any, ClassVar

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from pacer.domain import dates
from pacer.domain.appointments import appointment_title, format_when, when_of
from pacer.domain.debrief import (
    appointment_of_entry,
    debrief_line,
    debrief_lines,
    journal_entries,
    summary_words,
)
from pacer.domain.reappraisal import (
    BY_KEY,
    entry_matches,
    entry_stress,
    newest_first,
    with_routine_checkouts,
)
from pacer.domain.routine import STEP_TITLES, RoutineStep
from pacer.domain.text import harmless
from pacer.keymap import bind, display
from pacer.screens.confirm import ConfirmModal
from pacer.screens.host import host, wall_now
from pacer.screens.problems import report_problems
from pacer.services import SaveError
from pacer.widgets.choice_list import ChoiceList

KIND_LABELS = {"reappraisal": "Reappraisal", "routine": "Calm routine",
               "debrief": "After a visit"}


def _moment(entry: dict[str, Any], now: datetime) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(entry.get("created")))
    except ValueError:
        return None
    return moment.astimezone(now.tzinfo) if moment.tzinfo else moment


def entry_summary(entry: dict[str, Any], appointments: dict[str, dict[str, Any]]) -> str:
    """A few words to recognise an entry by: the situation, or the routine's appointment."""
    if entry.get("kind") == "routine":
        appointment = appointments.get(str(entry.get("appointment_id")))
        return f"Before: {appointment_title(appointment)}" if appointment else "Calm-down routine"
    if entry.get("kind") == "debrief":
        return " ".join(harmless(summary_words(entry.get("debrief") or {})).split())
    text = harmless(entry.get("situation") or entry.get("action") or "").strip()
    return " ".join(text.split()) or "(no words)"


def entry_row(entry: dict[str, Any], appointments: dict[str, dict[str, Any]],
              now: datetime) -> Text:
    """One line of the list: when, what kind, a few words, stress before → after."""
    moment = _moment(entry, now)
    when = f"{moment.day:>2} {moment:%b} {moment.hour}:{moment.minute:02d}" if moment else "?"
    if entry.get("kind") == "debrief":  # "After the scan on Thu 3 Dec: ...", in full width
        line = " ".join(harmless(debrief_line(entry.get("appointment") or {}, now)).split())
        row = Text(no_wrap=True, overflow="ellipsis")
        row.append(f"{when:<13}", style="dim")
        row.append(line if len(line) <= 56 else line[:55] + "…")
        stress = (entry.get("debrief") or {}).get("stress")
        if isinstance(stress, int):
            row.append(f"  {stress}", style="bold")
        return row
    kind = KIND_LABELS.get(str(entry.get("kind")), harmless(entry.get("kind") or "Entry").title())
    summary = entry_summary(entry, appointments)
    if len(summary) > 36:
        summary = summary[:35] + "…"
    row = Text(no_wrap=True, overflow="ellipsis")
    row.append(f"{when:<13}", style="dim")
    row.append(f"{kind:<14}")
    row.append(f"{summary:<38}")
    row.append(harmless(entry_stress(entry))[:12], style="bold")
    return row


def _about_when(entry: dict[str, Any], now: datetime) -> str:
    """ "Appointment: tomorrow 09:30", worked out now from the stored ``about_when`` date.

    Why at display time: words saved with the entry ("tomorrow") stop being true the next day.
    """
    value = entry.get("about_when")
    if not isinstance(value, str):
        return ""
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return ""
    return f"Appointment: {dates.relative(when, now)}"


def _step_names(values: Any) -> str:
    names = []
    for value in values or []:
        try:
            names.append(STEP_TITLES[RoutineStep(value)].lower())
        except ValueError:
            names.append(str(value))
    return ", ".join(names)


def entry_text(entry: dict[str, Any], appointments: dict[str, dict[str, Any]],
               now: datetime, goals: dict[str, dict[str, Any]] | None = None) -> str:
    """The whole entry as plain, readable text, for the read-only view."""
    if entry.get("kind") == "debrief":
        lines = debrief_lines(entry.get("appointment") or {}, now, goals or {}, appointments)
        return "\n".join(harmless(line) for line in lines)
    moment = _moment(entry, now)
    when = f"{moment:%A} {moment.day} {moment:%B %Y}, {moment.hour}:{moment.minute:02d}" \
        if moment else "an unknown time"
    kind = KIND_LABELS.get(str(entry.get("kind")), "Entry")
    lines = [f"{kind}, {when}"]
    stress = harmless(entry_stress(entry))
    if stress:
        lines.append(f"Stress {stress}")

    def section(title: str, body: Any) -> None:
        text = harmless(body or "", multiline=True).strip()
        if text:
            lines.extend(["", title, *(f"  {line}" for line in text.splitlines())])

    if entry.get("kind") == "routine":
        appointment = appointments.get(str(entry.get("appointment_id")))
        if appointment:
            at = when_of(appointment)
            at_text = f", {format_when(at, now)}" if at else ""
            section("For", f"{appointment_title(appointment)}{at_text}")
        elif _about_when(entry, now):
            lines.extend(["", _about_when(entry, now)])
        section("Done", _step_names(entry.get("steps_done")))
        section("Skipped", _step_names(entry.get("steps_skipped")))
        if entry.get("pattern"):
            section("Breathing", f"{entry['pattern']}, {entry.get('minutes') or '?'} min")
        section("Questions added", "\n".join(entry.get("questions_added") or []))
        return "\n".join(lines)
    section("What was on your mind", entry.get("situation"))
    about = _about_when(entry, now)
    if about:
        lines.extend(["", about])
    if entry.get("sprint"):
        action = str(entry.get("action") or "").strip()
        contact = str(entry.get("contact") or "").strip()
        section("Something needed action that day", action + (f"\nWho: {contact}" if contact
                                                               else ""))
    nuts = entry.get("nuts") or {}
    ticked = [BY_KEY[k].name for k in BY_KEY if isinstance(nuts, dict) and nuts.get(k)]
    section("What made it stressful", ", ".join(ticked))
    answers = entry.get("answers") or {}
    if isinstance(answers, dict):
        for key, rows in answers.items():
            ingredient = BY_KEY.get(key)
            if not ingredient or not isinstance(rows, list):
                continue
            body = []
            for row in rows:
                if isinstance(row, dict) and row.get("answer"):
                    body += [str(row.get("prompt") or ""), f"  {row['answer']}"]
            section(f"{ingredient.letter}: {ingredient.name}", "\n".join(body))
    section("A way to see it that helps", entry.get("balanced"))
    section("Next step in your hands", entry.get("next_step"))
    if entry.get("complete") is False:
        lines += ["", "(Left part-way through; kept as it was.)"]
    return "\n".join(lines)


def styled(text: str) -> Text:
    """The entry text with its headings in bold; the person's words stay plain and indented."""
    out = Text()
    for number, line in enumerate(text.splitlines()):
        if number:
            out.append("\n")
        heading = number > 0 and line and not line.startswith(" ")
        out.append(line, style="bold" if heading or number == 0 else "")
    return out


class EntryScreen(Screen[bool]):
    """One entry, read-only. d deletes (after asking); dismisses True when it was deleted."""

    DEFAULT_CSS = """
    EntryScreen #entry {
        padding: 1 2 0 2;
    }
    EntryScreen #entry-scroll {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("back"),
        bind("delete"),
    ]

    HELP_TITLE = "Journal entry"
    HELP = "What you wrote, as it was saved. Entries cannot be changed; d deletes one."

    def __init__(self, entry: dict[str, Any], text: str) -> None:
        super().__init__()
        self.entry = entry
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="entry"), VerticalScroll(id="entry-scroll"):
            yield Static(styled(self.text), id="entry-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#entry-scroll").focus()

    def action_back(self) -> None:
        self.dismiss(False)

    def action_delete(self) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.run_worker(self._delete(), group="journal-delete")

        self.app.push_screen(
            ConfirmModal("Delete this entry?", "It will be gone for good.", "Delete"), answered
        )

    async def _delete(self) -> None:
        if await delete_entry(self, str(self.entry.get("id"))):
            self.dismiss(True)


async def delete_entry(screen: Screen[Any], entry_id: str) -> bool:
    """Delete one entry off the event loop; "Deleted" only once the log is rewritten.

    A debrief's entry is kept with its appointment: only the debrief goes, the appointment
    stays."""
    services = host(screen).services
    appointment_id = appointment_of_entry(entry_id)
    try:
        if appointment_id is not None:
            await asyncio.to_thread(services.appointments.clear_debrief, appointment_id)
        else:
            await asyncio.to_thread(services.journal.delete, entry_id)
    except SaveError as error:
        screen.notify(harmless(str(error)), severity="warning", markup=False)
        return False
    screen.notify("Deleted.")
    return True


class JournalScreen(Screen[None]):
    """Past entries, newest first, with search."""

    DEFAULT_CSS = """
    JournalScreen #journal {
        padding: 1 2 0 2;
    }
    JournalScreen #journal-search {
        width: 1fr;
        background: $surface;
        margin-bottom: 1;
    }
    JournalScreen #journal-search:focus {
        background: $panel;
    }
    JournalScreen #journal-list {
        height: 1fr;
    }
    JournalScreen #journal-empty {
        color: $text-muted;
        height: auto;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("search"),
        bind("delete"),
        bind("back"),
    ]

    HELP_TITLE = "Journal"
    HELP = ("Your reappraisals, calm-down routines and how your appointments went, newest "
            f"first. {display('search')} "
            "searches, enter opens one, "
            "d deletes one.")

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[dict[str, Any]] = []
        self.shown: list[dict[str, Any]] = []
        self.appointments: dict[str, dict[str, Any]] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="journal"):
            yield Label("Journal", classes="screen-title")
            yield Input(placeholder="Search (/): type words to find", id="journal-search",
                        compact=True, select_on_focus=False)
            yield ChoiceList(id="journal-list")
            yield Static("", id="journal-empty")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#journal-list", OptionList).focus()

    def reload(self) -> None:
        """Read the journal again (after a delete, or when coming back). Entries that do not
        fit are reported once and left out."""
        services = host(self).services
        listing = services.journal.entries()
        report_problems(self, listing.problems, "journal entries")
        appointments = services.appointments.listing()
        self.entries = newest_first([*with_routine_checkouts(listing.items),
                                     *journal_entries(appointments.items)])
        self.appointments = appointments.by_id()
        self.refilter()

    def refilter(self) -> None:
        query = self.query_one("#journal-search", Input).value
        self.shown = [e for e in self.entries if entry_matches(e, query)]
        now = wall_now(self)
        options = self.query_one("#journal-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(
            Option(entry_row(e, self.appointments, now), id=str(i))
            for i, e in enumerate(self.shown)
        )
        if self.shown:
            options.highlighted = min(highlighted or 0, len(self.shown) - 1)
        empty = ""
        if not self.entries:
            empty = "Nothing here yet. Reappraisals and calm-down routines you save appear here."
        elif not self.shown:
            empty = f"Nothing matches '{harmless(query)}'."
        self.query_one("#journal-empty", Static).update(Text(empty))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refilter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#journal-list", OptionList).focus()

    def action_search(self) -> None:
        self.query_one("#journal-search", Input).focus()

    def action_back(self) -> None:
        search = self.query_one("#journal-search", Input)
        if search.has_focus and search.value:
            search.value = ""  # Esc in a search clears it first
            return
        self.dismiss(None)

    def _current(self) -> dict[str, Any] | None:
        index = self.query_one("#journal-list", OptionList).highlighted
        if index is None or not 0 <= index < len(self.shown):
            return None
        return self.shown[index]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entry = self.shown[event.option_index]
        goals = host(self).services.goals.listing().by_id() \
            if entry.get("kind") == "debrief" else None
        text = entry_text(entry, self.appointments, wall_now(self), goals)

        def closed(deleted: bool | None) -> None:
            if deleted:
                self.reload()

        self.app.push_screen(EntryScreen(entry, text), closed)

    def action_delete(self) -> None:
        entry = self._current()
        if entry is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_worker(self._delete(str(entry.get("id"))), group="journal-delete")

        summary = escape(entry_summary(entry, self.appointments))
        self.app.push_screen(
            ConfirmModal("Delete this entry?", f"“{summary}” will be gone for good.", "Delete"),
            answered,
        )

    async def _delete(self, entry_id: str) -> None:
        if await delete_entry(self, entry_id):
            self.reload()
