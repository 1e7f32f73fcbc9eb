"""The appointment form's results fields, for a scan or a blood test (issue 12, the wait).

Why a widget of its own: the wait for results needs three small fields (when the results are
expected, the later visit where they are given, and a tick once they came), shown only for a
test. Keeping them here keeps the appointment form's own code short, and the form only asks
this widget for its values (:meth:`ResultsFields.values`).

"Results expected" is typed in everyday words ("in a week", "thursday") and read by the one
date grammar, counted from the test's day while it is still to come; beside the field the form
says, as the person types, the day it understood or what is wrong. The checks themselves are
the domain's (:func:`pacer.domain.appointments.build_appointment`), so the form, this hint and
the command line say the same words.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static

from pacer.domain import dates
from pacer.domain.appointments import (
    TESTS,
    appointment_title,
    format_when,
    parse_when,
    results_due_day,
    results_visits,
    typed_due,
    when_of,
)
from pacer.domain.errors import InputError
from pacer.domain.text import harmless
from pacer.widgets.choice_select import ChoiceSelect
from pacer.widgets.tick_box import TickBox

#: The results fields by the name build_appointment reads (the widget ids are "f-" + name).
FIELDS = ("results_due", "results_appointment", "results_came")
NO_VISIT = "No results visit linked"
EMPTY_HINT = "When they are expected, if you know"


class ResultsFields(Vertical):
    """Results expected, the results visit, and "The results came" (editing only)."""

    DEFAULT_CSS = """
    ResultsFields {
        height: auto;
    }
    ResultsFields .form-row.-results {
        height: auto;
        margin-bottom: 0;  /* the results visit, right under it, belongs with it */
    }
    ResultsFields #f-results_due {
        width: 26;
    }
    ResultsFields #results-hint {
        color: $text-muted;
        width: 1fr;
        height: auto;
        margin-left: 2;
    }
    ResultsFields #results-hint.-error, ResultsFields #results-link-error {
        color: $warning;
    }
    ResultsFields #results-link-error {
        height: auto;
        margin-left: 8;
    }
    ResultsFields #f-results_appointment {
        width: 1fr;
    }
    Screen.-narrow ResultsFields #f-results_due {
        width: 1fr;
    }
    Screen.-narrow ResultsFields #results-hint, Screen.-narrow ResultsFields #results-link-error {
        margin-left: 0;
    }
    """

    def __init__(
        self,
        existing: dict[str, Any] | None,
        appointments: list[dict[str, Any]],
        now: datetime,
        *,
        kind: str,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.existing = existing or {}
        self.now = now
        self.when = when_of(self.existing) if existing else None
        self.kind = kind
        after = self.when if self.when is not None else now
        own = str(self.existing.get("id") or "") or None
        self.visits = results_visits(appointments, after, exclude=own)
        self.display = kind in TESTS

    def compose(self) -> ComposeResult:
        with Horizontal(classes="form-row -results"):
            yield Label("Results", classes="form-label")
            yield Input(typed_due(self.existing), id="f-results_due", compact=True,
                        placeholder="in a week, thursday", select_on_focus=False)
            yield Static("", id="results-hint")
        link = self.existing.get("results_appointment")
        with Horizontal(classes="form-row"):
            yield Label("", classes="form-label")
            yield ChoiceSelect(self._options(link), value=link if isinstance(link, str) else "",
                               allow_blank=False, compact=True, id="f-results_appointment")
        error = Label("", id="results-link-error")
        error.display = False
        yield error
        if self.existing:
            with Horizontal(classes="form-row"):
                yield Label("", classes="form-label")
                yield TickBox("The results came (the wait is over)",
                              value=bool(self.existing.get("results_came")),
                              id="f-results_came", compact=True)

    def on_mount(self) -> None:
        self.understood()

    def _options(self, link: object) -> list[tuple[str | Text, str]]:
        options: list[tuple[str | Text, str]] = [(NO_VISIT, "")]
        for visit in self.visits:
            when = when_of(visit)
            assert when is not None  # results_visits keeps only those with a time
            words = f"Results at: {appointment_title(visit)}, {format_when(when, self.now)}"
            options.append((Text(harmless(words)), str(visit["id"])))
        if isinstance(link, str) and link and link not in {v["id"] for v in self.visits}:
            options.append((Text(f"Results at: {harmless(link)} (not found)"), link))
        return options

    # --- what the form asks -------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        """The fields as build_appointment reads them (all "" when the kind has no results)."""
        select = self.query_one("#f-results_appointment", Select)
        link = select.value if isinstance(select.value, str) else ""
        ticks = list(self.query("#f-results_came").results(TickBox))
        return {
            "results_due": self.query_one("#f-results_due", Input).value,
            "results_appointment": link,
            "results_came": "yes" if ticks and ticks[0].value else "",
        }

    def fill(self, typed: dict[str, str]) -> None:
        """Put a draft's words back."""
        if "results_due" in typed:
            self.query_one("#f-results_due", Input).value = typed["results_due"]
        link = typed.get("results_appointment")
        select = self.query_one("#f-results_appointment", Select)
        if link is not None and any(value == link for _, value in self._options(link)):
            select.set_options(self._options(link))
            select.value = link
        for tick in self.query("#f-results_came").results(TickBox):
            tick.value = typed.get("results_came") == "yes"

    def set_kind(self, kind: str) -> None:
        """Shown for a scan or a blood test only."""
        self.kind = kind
        self.display = kind in TESTS
        self.understood()

    def set_when(self, typed: str) -> None:
        """The When field changed: "in a week" now counts from that day."""
        try:
            self.when = parse_when(typed, self.now, allow_past=True)
        except InputError:
            self.when = when_of(self.existing) if self.existing else None
        self.understood()

    def show_error(self, field: str, error: str) -> None:
        """A save's message for one of these fields, beside it."""
        if field == "results_due":
            self.understood(error)
        else:
            note = self.query_one("#results-link-error", Label)
            note.update(Text(harmless(error)))
            note.display = True

    def understood(self, error: str | None = None) -> None:
        """Beside Results: the day understood ("Fri 11 Dec"), or what is wrong with it."""
        hint = self.query_one("#results-hint", Static)
        typed = self.query_one("#f-results_due", Input).value.strip()
        if error is not None:
            words, ok = error, False
        elif not typed:
            words, ok = EMPTY_HINT, True
        elif typed == typed_due(self.existing):
            words, ok = dates.understood(datetime.fromisoformat(typed).date(), self.now), True
        else:
            try:
                when = self.when if self.when is not None else self.now
                day = results_due_day(typed, self.kind, when, self.now)
                words, ok = dates.understood(day, self.now), True
            except InputError as problem:
                words, ok = str(problem), False
        hint.update(Text(harmless(words)))
        hint.set_class(not ok, "-error")

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "f-results_due":
            self.understood()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.query_one("#results-link-error", Label).display = False
