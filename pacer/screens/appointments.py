"""Appointments: a list (soonest first) and a form to add or edit one.

Times are typed as local wall-clock time in everyday words ("friday 9:00", "3 dec 14:30") and
read by the one date grammar (:mod:`pacer.domain.dates`, through `parse_when`). Beside the field
the form says, as the person types, the date it understood ("Fri 4 Dec, 09:00") or what is wrong
with it (not a date, no time, in the past, an impossible year), and that is where a save that
cannot go ahead points; nothing is saved until the whole form is valid. Questions to ask are one
per line; suggestions from the seed articles sit below and Enter adds one.

Everything goes through ``host(self).services.appointments``: a save writes only the fields this
form changed onto the appointment as it is on disk now (so another window's new notes are
kept), and an appointment deleted in another window is not brought back: the form says so and
offers "Save as new". Saves run in a worker thread; "Saved" is said only once the write returned.
The form keeps what is typed as a draft (``KeepsWords``) and offers it back when opened again.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any, ClassVar

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
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

from pacer.domain import dates
from pacer.domain.appointments import (
    KINDS,
    TESTS,
    appointment_title,
    build_appointment,
    ordered_questions,
    parse_questions,
    sorted_appointments,
    suggested_questions,
    typed_when,
    when_of,
)
from pacer.domain.errors import InputError
from pacer.domain.questions import group_for
from pacer.domain.records import TOP_QUESTIONS
from pacer.domain.text import harmless
from pacer.keymap import bind, display
from pacer.screens.confirm import ConfirmModal
from pacer.screens.host import host, wall_now
from pacer.screens.problems import report_problems
from pacer.services import RecordGone, SaveError
from pacer.services.drafts import draft_fields
from pacer.widgets.appointment_rows import appointment_details, appointment_row
from pacer.widgets.choice_button import ChoiceButton
from pacer.widgets.choice_list import ChoiceList
from pacer.widgets.nuts_form import cursor_blink
from pacer.widgets.results_fields import FIELDS as RESULTS_FIELDS
from pacer.widgets.results_fields import ResultsFields

#: A count said in words ("Three at most").
_COUNT = {1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five"}

#: The draft kind of the appointment form (target: the appointment's id, None for a new one).
DRAFT_KIND = "appointment"


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
    AppointmentsScreen #appointments {
        scrollbar-size-vertical: 1;
    }
    /* 40x12: the list keeps a few rows and the details of the highlighted one follow. */
    AppointmentsScreen.-short #appointments {
        padding: 0 1;
    }
    AppointmentsScreen.-short .screen-title {
        margin-bottom: 0;
    }
    AppointmentsScreen.-short #appointment-list {
        max-height: 5;
    }
    AppointmentsScreen.-short #appointment-details {
        margin-top: 0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("add"),
        bind("edit"),
        bind("delete"),
        bind("calm", "calm"),
        bind("debrief", show=False),  # said in help; the footer has no room left at 80
        bind("visit_sheet"),
        bind("back"),
    ]

    HELP_TITLE = "Appointments"
    HELP = (f"Scans, blood tests and visits, soonest first. {display('add')} adds one, enter or "
            f"{display('edit')} edits, {display('delete')} deletes, {display('calm')} starts the "
            "calm-down routine for the one highlighted. After an appointment, "
            f"{display('debrief')} writes down how it went.")

    def __init__(self) -> None:
        super().__init__()
        self.items: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="appointments"):
            yield Label("Appointments", classes="screen-title")
            yield ChoiceList(id="appointment-list")
            yield Static("", id="appointments-empty")
            yield Static("", id="appointment-details")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#appointment-list", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self, select: str | None = None) -> None:
        """Read the appointments again; records that do not fit are reported and left out."""
        listing = host(self).services.appointments.listing()
        report_problems(self, listing.problems, "appointments")
        now = wall_now(self)
        ordered = sorted_appointments(listing.items)
        coming = [a for a in ordered if (w := when_of(a)) is not None and w >= now]
        earlier = [a for a in ordered if a not in coming]
        earlier.reverse()  # the most recent past one first
        current = self._current()
        self.items = coming + earlier
        options = self.query_one("#appointment-list", OptionList)
        keep = select or (str(current["id"]) if current else None)
        options.clear_options()
        options.add_options(Option(appointment_row(a, now), id=str(a["id"])) for a in self.items)
        if self.items:
            ids = [str(a["id"]) for a in self.items]
            options.highlighted = ids.index(keep) if keep in ids else 0
        self.query_one("#appointments-empty", Static).update(
            "" if self.items else
            f"No appointments yet. Press {display('add')} to add one: a scan, a blood test, "
            "a visit.\n"
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
        current = self._current()
        if current is None:
            return
        target = str(current["id"])

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_worker(self._delete(target), group="appointments-save")

        self.app.push_screen(
            ConfirmModal("Delete this appointment?",
                         f"{escape(harmless(appointment_title(current)))} will be gone for good.",
                         "Delete"),
            answered,
        )

    async def _delete(self, target: str) -> None:
        """Delete off the event loop; say "Deleted" only once it is gone from the disk."""
        try:
            await asyncio.to_thread(host(self).services.appointments.delete, target)
        except SaveError as error:
            self.notify(harmless(f"Not deleted: {error}"), severity="warning", markup=False)
            return
        self.notify("Deleted.")
        self.reload()

    def action_calm(self) -> None:
        from pacer.screens.calm import open_calm

        current = self._current()
        open_calm(self.app, appointment_id=str(current["id"]) if current else None)

    def action_debrief(self) -> None:
        """g: write down (or read again) how the highlighted appointment went, once its time
        has passed."""
        from pacer.screens.debrief import DebriefScreen

        current = self._current()
        if current is None:
            return
        when = when_of(current)
        if when is not None and when > wall_now(self):
            self.notify("You can write down how it went after it.", markup=False)
            return
        self.app.push_screen(DebriefScreen(current), lambda _saved: self.reload())

    def action_visit_sheet(self) -> None:
        from pacer.screens.visit_sheet import VisitSheetScreen

        current = self._current()
        if current is not None:
            self.app.push_screen(VisitSheetScreen(current))

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
        width: 26;
    }
    AppointmentFormScreen .form-row.-when {
        height: auto;
    }
    AppointmentFormScreen #when-hint {
        color: $text-muted;
        width: 1fr;
        height: auto;
        margin-left: 2;
    }
    AppointmentFormScreen #when-hint.-error {
        color: $warning;
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
    AppointmentFormScreen #top-questions {
        height: auto;
        max-height: 5;
    }
    AppointmentFormScreen #top-note {
        color: $text-muted;
        height: auto;
    }
    AppointmentFormScreen #form-error {
        color: $warning;
        height: auto;
        width: 1fr;
    }
    AppointmentFormScreen .form-section {
        color: $text-muted;
    }
    AppointmentFormScreen #form {
        scrollbar-size-vertical: 1;
    }
    /* 40x12: one column that scrolls (focus scrolls each field into view); each label sits
       above its field, and the kinds take two columns instead of one long cut-off row. */
    AppointmentFormScreen.-short #form {
        padding: 0 1;
    }
    AppointmentFormScreen.-short .screen-title {
        margin-bottom: 0;
    }
    AppointmentFormScreen.-narrow .form-row {
        layout: vertical;
        height: auto;
        margin-bottom: 0;
    }
    AppointmentFormScreen.-narrow .form-label {
        width: 1fr;
    }
    AppointmentFormScreen.-narrow #f-kind {
        layout: grid;
        grid-size: 2;
        grid-rows: 1;
        height: auto;
    }
    AppointmentFormScreen.-narrow #f-kind RadioButton {
        width: 1fr;
    }
    AppointmentFormScreen.-narrow #f-when {
        width: 1fr;
    }
    AppointmentFormScreen.-narrow #when-hint {
        margin-left: 0;
        height: auto;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("save"),
        bind("back", "cancel"),
    ]

    HELP_TITLE = "Appointment"
    HELP = ("tab moves between fields; arrows and enter choose what kind. Type the day and time "
            "in your own words, like friday 9:30, 3 dec 14:00 or tomorrow 9am: the date Pacer "
            "understood shows beside it. Write questions one per line, or press enter on a "
            f"suggestion to add it. In Your top three, enter marks a question as one of your "
            f"top three (they come first) or unmarks it. {display('save')} saves.")

    def __init__(self, existing: dict[str, Any] | None = None) -> None:
        """``existing`` is the appointment as the list read it: the base of the merge."""
        super().__init__()
        self.existing = existing
        self.initial: dict[str, Any] = {}
        self._saving = False
        self._restored = False
        #: The questions marked as the top ones, as shown, in the order they were marked.
        self.top: list[str] = []

    @property
    def target(self) -> str | None:
        """The id of the appointment being edited (None: a new one), the draft's target."""
        return str(self.existing["id"]) if self.existing else None

    def compose(self) -> ComposeResult:
        existing = self.existing or {}
        kind = str(existing.get("kind") or "scan")
        when = when_of(existing) if existing else None
        # One scrolling column: on a small terminal the fields below scroll into view.
        with VerticalScroll(id="form", can_focus=False):
            yield Label("Edit appointment" if self.existing else "New appointment",
                        classes="screen-title")
            with Horizontal(classes="form-row"):
                yield Label("What", classes="form-label")
                yield RadioSet(
                    *(ChoiceButton(label, value=key == kind, name=key)
                      for key, label in KINDS.items()),
                    id="f-kind", compact=True,
                )
            with Horizontal(classes="form-row -when"):
                yield Label("When", classes="form-label")
                yield Input(typed_when(when) if when else "",
                            placeholder=dates.when_placeholder(wall_now(self)),
                            id="f-when", compact=True, select_on_focus=False)
                yield Static("", id="when-hint")
            with Horizontal(classes="form-row"):
                yield Label("Where", classes="form-label")
                yield Input(harmless(_text(existing.get("where"))), id="f-where",
                            placeholder="hospital, clinic, room", compact=True,
                            select_on_focus=False)
            with Horizontal(classes="form-row"):
                yield Label("Notes", classes="form-label")
                yield Input(harmless(_text(existing.get("notes"))), id="f-notes",
                            placeholder="fasting, bring a friend, parking", compact=True,
                            select_on_focus=False)
            yield Label("Questions to ask, one per line", classes="form-section")
            # The top ones first, as everywhere the questions are listed.
            yield TextArea("\n".join(harmless(q) for q in ordered_questions(existing)),
                           id="f-questions", compact=True, show_line_numbers=False,
                           tab_behavior="focus", highlight_cursor_line=False)
            yield Label("Your top three (enter marks or unmarks one)",
                        classes="form-section", id="top-label")
            yield ChoiceList(id="top-questions")
            yield Static("", id="top-note")
            yield Label("", classes="form-section", id="suggestions-label")
            yield ChoiceList(id="suggestions")
            # A scan or blood test: when its results are expected (the wait on Today).
            yield ResultsFields(self.existing, self._appointments(), wall_now(self), kind=kind,
                                id="results-fields")
            yield Label("", id="form-error")
        yield Footer(compact=True)

    def _appointments(self) -> list[dict[str, Any]]:
        """Every appointment that fits (for the results visit to link to, and its checks)."""
        return host(self).services.appointments.listing().items

    def on_mount(self) -> None:
        blink = cursor_blink(host(self).reduced_motion)
        for field in self.query(Input):
            field.cursor_blink = blink
        questions = self.query_one("#f-questions", TextArea)
        questions.cursor_blink = blink
        questions.move_cursor(questions.document.end)
        existing = self.existing or {}
        marked = _questions(existing.get("top_questions"))
        self.top = [harmless(q) for q in ordered_questions(existing) if q in marked]
        self._show_top()
        self.initial = self.fields()
        self._offer_draft()
        self._understood()
        self._suggest()
        self.query_one("#f-kind", RadioSet).focus()

    # --- drafts (KeepsWords) ------------------------------------------------------------------

    def _offer_draft(self) -> None:
        """Words left here last time (a quit, a closed window) come back, with a short note.

        Esc and "Leave" discards them; ctrl+s saves them. The fields are filled rather than
        asked about, because nothing is lost either way: the note says what happened.
        """
        drafts = host(self).services.drafts
        draft = drafts.find(DRAFT_KIND, self.target)
        typed = draft_fields(draft)
        if not typed or {**self.initial, **typed} == self.initial:
            return
        self._fill(typed)
        self._restored = True
        self.notify(f"Your unsaved words from last time are back. {display('save')} saves "
                    f"them; {display('back')} lets you leave them.", title="Carried on")

    def _fill(self, typed: dict[str, str]) -> None:
        if "kind" in typed:
            for button in self.query_one("#f-kind", RadioSet).query(RadioButton):
                if button.name == typed["kind"]:
                    button.value = True
        for key in ("when", "where", "notes"):
            if key in typed:
                self.query_one(f"#f-{key}", Input).value = typed[key]
        if "questions" in typed:
            area = self.query_one("#f-questions", TextArea)
            area.text = typed["questions"]
            area.move_cursor(area.document.end)
        if "top_questions" in typed:
            self.top = parse_questions(typed["top_questions"])
            self._show_top()
        self.query_one(ResultsFields).fill(typed)

    def has_unsaved_words(self) -> bool:
        """True when the fields differ from what was loaded (a restored draft counts)."""
        if not self.is_mounted:
            return False
        try:
            return self.fields() != self.initial or self._restored
        except Exception:  # not composed (yet): nothing typed
            return False

    def keep_draft(self) -> None:
        """Keep the typed fields as the ``appointment`` draft, now and durably; never raises."""
        try:
            if not self.has_unsaved_words():
                return
            host(self).services.drafts.keep(
                DRAFT_KIND, self.target, {k: str(v) for k, v in self.fields().items()},
                wall_now(self),
            )
        except Exception:  # the way out must never fail because a draft could not be kept
            return

    async def _drop_draft(self) -> None:
        """After a real save or an explicit discard, off the event loop. A draft that cannot
        be dropped is only a draft: it is offered again next time, nothing is lost."""
        drafts = host(self).services.drafts
        with contextlib.suppress(SaveError):
            await asyncio.to_thread(drafts.drop, DRAFT_KIND, self.target)

    def fields(self) -> dict[str, Any]:
        pressed = self.query_one("#f-kind", RadioSet).pressed_button
        return {
            "kind": pressed.name if pressed is not None else "",
            "when": self.query_one("#f-when", Input).value,
            "where": self.query_one("#f-where", Input).value,
            "notes": self.query_one("#f-notes", Input).value,
            "questions": self.query_one("#f-questions", TextArea).text,
            "top_questions": "\n".join(self.top),
            **self.query_one(ResultsFields).values(),
        }

    def _show_top(self) -> None:
        """One line per question, ``[x]`` for a top one: marks on questions no longer written
        are dropped, so only listed questions can be saved as top ones."""
        questions = parse_questions(self.query_one("#f-questions", TextArea).text)
        self.top = [q for q in dict.fromkeys(self.top) if q in questions][:TOP_QUESTIONS]
        options = self.query_one("#top-questions", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(
            Option(Text(f"{'[x]' if q in self.top else '[ ]'} {q}"), id=f"top-{i}")
            for i, q in enumerate(questions)
        )
        if options.option_count:
            options.highlighted = min(highlighted or 0, options.option_count - 1)
        self.query_one("#top-label", Label).display = bool(questions)
        options.display = bool(questions)
        if not questions:
            self.query_one("#top-note", Static).update("")

    def _toggle_top(self, index: int) -> None:
        """Mark or unmark the question on line ``index``; a fourth mark is refused calmly."""
        questions = parse_questions(self.query_one("#f-questions", TextArea).text)
        if not 0 <= index < len(questions):
            return
        question = questions[index]
        note = self.query_one("#top-note", Static)
        if question in self.top:
            self.top.remove(question)
            note.update("")
        elif len(self.top) >= TOP_QUESTIONS:
            note.update(f"{_COUNT.get(TOP_QUESTIONS, str(TOP_QUESTIONS))} at most. Unmark "
                        "one first if you want this one in your top three.")
            return
        else:
            self.top.append(question)
            note.update("")
        self._error("")
        self._show_top()

    def _suggest(self) -> None:
        fields = self.fields()
        group = group_for(fields["kind"])
        self.query_one("#suggestions-label", Label).update(
            f"{group.heading} (enter adds one)")
        have = parse_questions(fields["questions"])
        options = self.query_one("#suggestions", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(Option(q) for q in suggested_questions(fields["kind"], have))
        if options.option_count:
            options.highlighted = min(highlighted or 0, options.option_count - 1)

    def _error(self, text: str) -> None:
        self.query_one("#form-error", Label).update(Text(harmless(text)))

    def _understood(self, error: str | None = None) -> None:
        """Beside the time: the date understood ("Fri 4 Dec, 09:00"), or what is wrong.

        ``error`` is a save's message for this field, shown in the same place. A time loaded
        from the file and left as it was reads as that time, passed or not (an edit may add
        notes after the visit).
        """
        hint = self.query_one("#when-hint", Static)
        typed = self.query_one("#f-when", Input).value
        now = wall_now(self)
        old = when_of(self.existing) if self.existing else None
        if error is not None:
            words, ok = error, False
        elif old is not None and typed.strip() == typed_when(old):
            words, ok = dates.understood(old, now), True
        elif typed.strip():
            words, ok = dates.note(typed, now)
        else:
            words, ok = "Type the day and time in your words", True
        hint.update(Text(harmless(words)))
        hint.set_class(not ok, "-error")

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self._suggest()
        pressed = event.radio_set.pressed_button
        self.query_one(ResultsFields).set_kind(pressed.name or "" if pressed is not None else "")

    def on_input_changed(self, event: Input.Changed) -> None:
        self._error("")
        if event.input.id == "f-when":
            self._understood()
            self.query_one(ResultsFields).set_when(event.value)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._error("")
        self._show_top()
        self._suggest()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a one-line field moves on, like Tab."""
        event.stop()
        self.focus_next()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a suggestion adds it to the questions; on a question in Your top three,
        it marks or unmarks it."""
        event.stop()
        if event.option_list.id == "top-questions":
            self._toggle_top(event.option_index)
            return
        area = self.query_one("#f-questions", TextArea)
        questions = parse_questions(area.text)
        questions.append(str(event.option.prompt))
        area.text = "\n".join(questions)
        self._suggest()

    def action_save(self) -> None:
        """Check the form; if it is valid, save it in a worker (one save at a time)."""
        if self._saving:
            return
        fields = self.fields()
        raw = self.existing or {}
        # Text shown made harmless and left as it was is saved as it was, not as shown.
        for key in ("where", "notes"):
            if fields[key] == self.initial.get(key):
                fields[key] = _text(raw.get(key))
        tops = parse_questions(fields["top_questions"])
        if fields["questions"] == self.initial.get("questions"):
            fields["questions"] = _questions(raw.get("questions"))
            shown = {harmless(q): q for q in fields["questions"]}
            tops = [shown.get(q, q) for q in tops]
        fields["top_questions"] = tops
        if fields["kind"] not in TESTS:  # only a test has results: a hidden value is cleared
            fields.update(dict.fromkeys(RESULTS_FIELDS, ""))
        try:
            record = build_appointment(fields, wall_now(self), existing=self.existing,
                                       appointments=self._appointments())
        except InputError as error:
            field = getattr(error, "field", None)
            if field == "when":
                self._understood(f"{error}.")  # beside the field, not at the bottom
            elif field in RESULTS_FIELDS:
                self.query_one(ResultsFields).show_error(field, f"{error}.")
            else:
                self._error(f"{error}.")
            if field == "top_questions":
                self.query_one("#top-questions").focus()
            elif field:
                self.query_one(f"#f-{field}").focus()
            return
        self._saving = True
        self.run_worker(self._save(record), group="appointment-save", exit_on_error=False)

    async def _save(self, record: dict[str, Any], *, as_new: bool = False) -> None:
        """Write the fields this form changed onto the appointment as it is on disk now."""
        services = host(self).services
        try:
            saved = await asyncio.to_thread(
                services.appointments.save, record, self.existing, as_new=as_new
            )
        except RecordGone as error:
            self._saving = False
            self._error(f"{error} Your words are still here.")
            self._offer_save_as_new(record)
            return
        except SaveError as error:
            self._saving = False
            self._error(f"{error}. Your changes are still here.")
            return
        await self._drop_draft()
        self.initial = self.fields()
        self._restored = False
        self.notify("Appointment saved.")
        self.dismiss(saved)

    def _offer_save_as_new(self, record: dict[str, Any]) -> None:
        def answered(yes: bool | None) -> None:
            if yes and not self._saving:
                self._saving = True
                self.run_worker(self._save(record, as_new=True), group="appointment-save",
                                exit_on_error=False)

        self.app.push_screen(
            ConfirmModal("This appointment was deleted",
                         "It was deleted in another window while you edited it. Save what is "
                         "here as a new appointment?", "Save as new", no="Keep editing"),
            answered,
        )

    def action_cancel(self) -> None:
        if not self.has_unsaved_words():
            self.dismiss(None)
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.run_worker(self._discard(), group="appointment-save")

        self.app.push_screen(
            ConfirmModal("Leave without saving?", "Your changes to this appointment will be lost.",
                         "Leave", no="Keep editing"),
            answered,
        )

    async def _discard(self) -> None:
        """An explicit discard: the draft goes too, then the form closes."""
        await self._drop_draft()
        self.dismiss(None)


def _text(value: object) -> str:
    """A text field of a record for an input (a record that fits has a str here)."""
    return value if isinstance(value, str) else ""


def _questions(value: object) -> list[str]:
    return [q for q in value if isinstance(q, str)] if isinstance(value, list) else []
