"""Appointments: a list (soonest first) and a form to add or edit one.

Times are typed as local wall-clock time and checked by the domain (`parse_when`): not a date,
no time, or in the past each get a plain inline message, and nothing is saved until the whole
form is valid. Questions to ask are one per line; suggestions from the seed articles sit below
and Enter adds one. Saving merges into `appointments.json` as it is on disk now (`upsert`), so
another window's changes are kept.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import (
    Footer,
    Input,
    Label,
    OptionList,
    RadioButton,
    RadioSet,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from pacer.domain.appointments import (
    KINDS,
    WHEN_EXAMPLE,
    appointment_title,
    build_appointment,
    format_when,
    friendly_countdown,
    parse_questions,
    sorted_appointments,
    suggested_questions,
    typed_when,
    when_of,
)
from pacer.domain.errors import InputError
from pacer.screens.journal import ConfirmScreen
from pacer.screens.reappraise import wall_now
from pacer.widgets.nuts_form import cursor_blink


def appointment_row(appointment: dict[str, Any], now: Any) -> Text:
    """"Thu 3 Dec, 9:30   Scan at City Hospital   Thursday, in 2 days"."""
    when = when_of(appointment)
    row = Text(no_wrap=True, overflow="ellipsis")
    row.append(f"{format_when(when, now) if when else '(no time)':<20}", style="dim")
    title = appointment_title(appointment)
    row.append(f"{title[:30]:<32}")
    if when is not None:
        row.append(friendly_countdown(when, now), style="bold" if when >= now else "dim")
    return row


def appointment_details(appointment: dict[str, Any]) -> str:
    """Notes and questions of the highlighted appointment, under the list."""
    lines = []
    notes = str(appointment.get("notes") or "").strip()
    if notes:
        lines.append(f"Notes: {notes}")
    questions = [str(q) for q in appointment.get("questions") or []]
    if questions:
        lines.append("Questions to ask:")
        lines += [f"  • {q}" for q in questions]
    else:
        lines.append("No questions written yet. e adds some.")
    return "\n".join(lines)


class AppointmentsScreen(Screen[None]):
    """Every appointment: upcoming ones first, soonest at the top, then earlier ones."""

    DEFAULT_CSS = """
    AppointmentsScreen #appointments {
        padding: 1 2 0 2;
    }
    AppointmentsScreen #appointment-list {
        height: auto;
        max-height: 9;
    }
    AppointmentsScreen #appointment-details {
        margin-top: 1;
        color: $text-muted;
        height: auto;
    }
    AppointmentsScreen #appointments-empty {
        color: $text-muted;
        height: auto;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("d,delete", "delete", "Delete"),
        Binding("c", "calm", "Calm routine"),
        Binding("escape", "back", "Back"),
    ]

    HELP_TITLE = "Appointments"
    HELP = ("Scans, blood tests and visits, soonest first. a adds one, Enter or e edits, d deletes,"
            " c starts the calm-down routine for the one highlighted.")

    def __init__(self) -> None:
        super().__init__()
        self.items: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="appointments"):
            yield Label("Appointments", classes="screen-title")
            yield OptionList(id="appointment-list")
            yield Static("", id="appointments-empty")
            yield Static("", id="appointment-details")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#appointment-list", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self, select: str | None = None) -> None:
        from pacer.store import StoreError

        try:
            items = self.app.store.read_document("appointments.json")["appointments"]  # type: ignore[attr-defined]
        except StoreError as error:
            self.notify(f"Your appointments could not be read: {error}", severity="warning")
            items = []
        now = wall_now(self.app)
        ordered = sorted_appointments(items)
        coming = [a for a in ordered if (w := when_of(a)) is not None and w >= now]
        earlier = [a for a in ordered if a not in coming]
        earlier.reverse()  # the most recent past one first
        self.items = coming + earlier
        options = self.query_one("#appointment-list", OptionList)
        current = self._current()
        keep = select or (str(current["id"]) if current else None)
        options.clear_options()
        options.add_options(Option(appointment_row(a, now), id=str(a["id"])) for a in self.items)
        if self.items:
            ids = [str(a["id"]) for a in self.items]
            options.highlighted = ids.index(keep) if keep in ids else 0
        self.query_one("#appointments-empty", Static).update(
            "" if self.items else
            "No appointments yet. Press a to add one: a scan, a blood test, a visit.\n"
            "Pacer shows the next one on Today, and helps you get ready for it."
        )
        self._show_details()

    def _current(self) -> dict[str, Any] | None:
        options = self.query_one("#appointment-list", OptionList)
        index = options.highlighted
        if index is None or not 0 <= index < len(self.items) or not options.option_count:
            return None
        return self.items[index]

    def _show_details(self) -> None:
        current = self._current()
        self.query_one("#appointment-details", Static).update(
            appointment_details(current) if current else ""
        )

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_details()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    def _open_form(self, existing: dict[str, Any] | None) -> None:
        def saved(record: dict[str, Any] | None) -> None:
            if record is not None:
                self.reload(select=str(record["id"]))

        self.app.push_screen(AppointmentFormScreen(existing), saved)

    def action_add(self) -> None:
        self._open_form(None)

    def action_edit(self) -> None:
        current = self._current()
        if current is not None:
            self._open_form(current)

    def action_delete(self) -> None:
        from pacer.store import StoreError, upsert

        current = self._current()
        if current is None:
            return
        target = str(current["id"])

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.app.store.update_document(  # type: ignore[attr-defined]
                    "appointments.json",
                    lambda doc: {**doc, "appointments": upsert(doc["appointments"],
                                                               deleted=[target])},
                )
            except StoreError as error:
                self.notify(f"Not deleted: {error}", severity="warning")
                return
            self.notify("Deleted.")
            self.reload()

        self.app.push_screen(
            ConfirmScreen("Delete this appointment?",
                          f"{appointment_title(current)} will be gone for good.", "Delete"),
            answered,
        )

    def action_calm(self) -> None:
        from pacer.screens.calm import open_calm

        current = self._current()
        open_calm(self.app, appointment_id=str(current["id"]) if current else None)

    def action_back(self) -> None:
        self.dismiss(None)


class AppointmentFormScreen(Screen[dict[str, Any] | None]):
    """Add or edit one appointment. ctrl+s saves; Esc asks before dropping changes."""

    DEFAULT_CSS = """
    AppointmentFormScreen #form {
        padding: 1 2 0 2;
    }
    AppointmentFormScreen .form-row {
        height: 1;
        margin-bottom: 1;
    }
    AppointmentFormScreen .form-label {
        width: 8;
        color: $text-muted;
    }
    AppointmentFormScreen RadioSet {
        layout: horizontal;
        background: $background;
        width: 1fr;
        height: 1;
    }
    AppointmentFormScreen #f-kind RadioButton {
        width: auto;
        padding: 0;
        margin-right: 0;
    }
    AppointmentFormScreen .form-row Input {
        width: 1fr;
        background: $surface;
    }
    AppointmentFormScreen .form-row Input:focus {
        background: $panel;
    }
    AppointmentFormScreen #f-when {
        width: 22;
    }
    AppointmentFormScreen #when-hint {
        color: $text-muted;
        width: 1fr;
        margin-left: 2;
    }
    AppointmentFormScreen #f-questions {
        height: 4;
        background: $surface;
    }
    AppointmentFormScreen #f-questions:focus {
        background: $panel;
    }
    AppointmentFormScreen #suggestions {
        height: 3;
    }
    AppointmentFormScreen #form-error {
        color: $warning;
        height: auto;
        width: 1fr;
    }
    AppointmentFormScreen .form-section {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Back"),
    ]

    HELP_TITLE = "Appointment"
    HELP = ("Tab moves between fields; arrows and Enter choose what kind. Type the date and time "
            f"like {WHEN_EXAMPLE}. Write questions one per line, or press Enter on a suggestion "
            "to add it. ctrl+s saves.")

    def __init__(self, existing: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.existing = existing
        self.initial: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        existing = self.existing or {}
        kind = str(existing.get("kind") or "scan")
        when = when_of(existing) if existing else None
        with Vertical(id="form"):
            yield Label("Edit appointment" if self.existing else "New appointment",
                        classes="screen-title")
            with Horizontal(classes="form-row"):
                yield Label("What", classes="form-label")
                yield RadioSet(
                    *(RadioButton(label, value=key == kind, name=key)
                      for key, label in KINDS.items()),
                    id="f-kind", compact=True,
                )
            with Horizontal(classes="form-row"):
                yield Label("When", classes="form-label")
                yield Input(typed_when(when) if when else "", placeholder=WHEN_EXAMPLE,
                            id="f-when", compact=True, select_on_focus=False)
                yield Static("or today 14:00, tomorrow 9:30", id="when-hint")
            with Horizontal(classes="form-row"):
                yield Label("Where", classes="form-label")
                yield Input(str(existing.get("where") or ""), id="f-where",
                            placeholder="hospital, clinic, room", compact=True,
                            select_on_focus=False)
            with Horizontal(classes="form-row"):
                yield Label("Notes", classes="form-label")
                yield Input(str(existing.get("notes") or ""), id="f-notes",
                            placeholder="fasting, bring a friend, parking", compact=True,
                            select_on_focus=False)
            yield Label("Questions to ask, one per line", classes="form-section")
            yield TextArea("\n".join(str(q) for q in existing.get("questions") or []),
                           id="f-questions", compact=True, show_line_numbers=False,
                           tab_behavior="focus", highlight_cursor_line=False)
            yield Label("Suggestions (Enter adds one)", classes="form-section")
            yield OptionList(id="suggestions")
            yield Label("", id="form-error")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        blink = cursor_blink(self.app)
        for field in self.query(Input):
            field.cursor_blink = blink
        questions = self.query_one("#f-questions", TextArea)
        questions.cursor_blink = blink
        questions.move_cursor(questions.document.end)
        self.initial = self.fields()
        self._suggest()
        self.query_one("#f-kind", RadioSet).focus()

    def fields(self) -> dict[str, Any]:
        pressed = self.query_one("#f-kind", RadioSet).pressed_button
        return {
            "kind": pressed.name if pressed is not None else "",
            "when": self.query_one("#f-when", Input).value,
            "where": self.query_one("#f-where", Input).value,
            "notes": self.query_one("#f-notes", Input).value,
            "questions": self.query_one("#f-questions", TextArea).text,
        }

    def _suggest(self) -> None:
        fields = self.fields()
        have = parse_questions(fields["questions"])
        options = self.query_one("#suggestions", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(Option(q) for q in suggested_questions(fields["kind"], have))
        if options.option_count:
            options.highlighted = min(highlighted or 0, options.option_count - 1)

    def _error(self, text: str) -> None:
        self.query_one("#form-error", Label).update(text)

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self._suggest()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._error("")

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._error("")
        self._suggest()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a one-line field moves on, like Tab."""
        event.stop()
        self.focus_next()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a suggestion adds it to the questions."""
        event.stop()
        area = self.query_one("#f-questions", TextArea)
        questions = parse_questions(area.text)
        questions.append(str(event.option.prompt))
        area.text = "\n".join(questions)
        self._suggest()

    def action_save(self) -> None:
        from pacer.store import StoreError, upsert

        try:
            record = build_appointment(self.fields(), wall_now(self.app), existing=self.existing)
        except InputError as error:
            self._error(f"{error}.")
            field = getattr(error, "field", None)
            if field:
                self.query_one(f"#f-{field}").focus()
            return
        try:
            self.app.store.update_document(  # type: ignore[attr-defined]
                "appointments.json",
                lambda doc: {**doc, "appointments": upsert(doc["appointments"], [record])},
            )
        except StoreError as error:
            self._error(f"Not saved: {error}. Your changes are still here.")
            return
        self.notify("Appointment saved.")
        self.dismiss(record)

    def action_cancel(self) -> None:
        if self.fields() == self.initial:
            self.dismiss(None)
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen("Leave without saving?", "Your changes to this appointment will be lost.",
                          "Leave", no="Keep editing"),
            answered,
        )
