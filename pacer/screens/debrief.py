""""How did it go?": the debrief of one appointment, written down after it.

Why one scrolling form and not one question at a time: the person usually comes with a few
things fresh in mind, in no order, and wants to put each one where it goes; a form lets them
skip about (tab, ctrl+n) and see what is left. Every field is optional; nothing asks twice.

From top to bottom: a short answer to each question taken in (top ones first, as on the sheet),
anything else they said, what happens next and when (the date understood is shown beside it,
as in the appointment form), with a tick to add it as an appointment in the same save, stress
now from 0 to 10, and a look at one active finish line with one line about it.

Saved with the appointment through ``services.appointments.save_debrief``, off the event loop;
"Saved" only once it returned. Typed words are kept as a ``debrief`` draft (target: the
appointment's id) by every way out and offered back when the debrief opens again. The button
"Do not ask about this one" stops Today's offer for good. Every string from the data is made
harmless and shown as Text, never as markup.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Select, Static, TextArea

from pacer.domain import dates
from pacer.domain.appointments import (
    KINDS,
    appointment_title,
    format_when,
    ordered_questions,
    when_of,
)
from pacer.domain.debrief import (
    build_debrief,
    debrief_of,
    next_appointment,
    next_kind,
    offer_line,
    typed_next_when,
)
from pacer.domain.errors import InputError
from pacer.domain.goals import is_active, title_of
from pacer.domain.text import harmless
from pacer.keymap import bind, display
from pacer.screens.confirm import ConfirmModal
from pacer.screens.host import host, wall_now
from pacer.services import RecordGone, SaveError
from pacer.services.drafts import draft_fields
from pacer.widgets.choice_select import ChoiceSelect
from pacer.widgets.nuts_form import cursor_blink
from pacer.widgets.stress_scale import StressInput
from pacer.widgets.tick_box import TickBox

#: The draft kind of the debrief (target: the appointment's id).
DRAFT_KIND = "debrief"
#: "No finish line" in the finish-line choice.
NO_GOAL = ""
#: Fields that share the label of the field above them.
_LABELLED_BY = {"f-add-next": "f-next-when", "f-next-kind": "f-next-when",
                "f-finish-line": "f-goal"}


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


class DebriefScreen(Screen[dict[str, Any] | None]):
    """Write down how one appointment went; dismisses the appointment as saved, or None."""

    DEFAULT_CSS = """
    DebriefScreen #debrief {
        padding: 1 2 0 2;
        scrollbar-size-vertical: 1;
    }
    DebriefScreen #debrief-about {
        color: $text-muted;
        margin-bottom: 1;
    }
    DebriefScreen .form-section {
        color: $text-muted;
        width: 1fr;
    }
    DebriefScreen Input, DebriefScreen Select {
        width: 1fr;
        margin-bottom: 1;
    }
    DebriefScreen Input {
        background: $surface;
    }
    DebriefScreen Input:focus {
        background: $panel;
    }
    DebriefScreen #f-other {
        height: 3;
        background: $surface;
        margin-bottom: 1;
    }
    DebriefScreen #f-other:focus {
        background: $panel;
    }
    DebriefScreen .row {
        height: auto;
    }
    DebriefScreen #f-next-when {
        width: 26;
    }
    DebriefScreen #next-when-hint {
        color: $text-muted;
        width: 1fr;
        margin-left: 2;
    }
    DebriefScreen #next-when-hint.-error, DebriefScreen #form-error {
        color: $warning;
    }
    DebriefScreen #f-add-next {
        margin-bottom: 1;
    }
    DebriefScreen #f-stress {
        width: 12;
    }
    DebriefScreen #buttons {
        height: auto;
        margin-bottom: 1;
    }
    DebriefScreen #buttons Button {
        margin-right: 2;
    }
    DebriefScreen #form-error {
        height: auto;
        width: 1fr;
    }
    /* 40x12: tighter, the hint under its field, the buttons one above the other. */
    DebriefScreen.-short #debrief {
        padding: 0 1;
    }
    DebriefScreen.-short .screen-title, DebriefScreen.-short #debrief-about {
        margin-bottom: 0;
    }
    DebriefScreen.-narrow .row {
        layout: vertical;
    }
    DebriefScreen.-narrow #f-next-when {
        width: 1fr;
    }
    DebriefScreen.-narrow #next-when-hint {
        margin-left: 0;
        margin-bottom: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("save"),
        bind("next", "next_field"),
        bind("back", "cancel"),
    ]

    HELP_TITLE = "How did it go?"
    HELP = ("Write down what was said while it is fresh. Every box is optional: a few words are "
            f"enough. tab or {display('next')} moves to the next box. Type when the next step "
            "is in your own words, like friday 9:30; tick the box to add it to your "
            f"appointments. {display('save')} saves it with the appointment.")

    def __init__(self, appointment: dict[str, Any]) -> None:
        """``appointment`` as read by the caller; the debrief is saved onto it as it is on
        disk then (another window's changes to it are kept)."""
        super().__init__()
        self.appointment = appointment
        self.questions = ordered_questions(appointment)
        self.old = debrief_of(appointment) or {}
        self.initial: dict[str, str] = {}
        self._saving = False
        self._restored = False
        #: The ids of the active finish lines offered in the choice.
        self.goal_ids: set[str] = set()
        #: Each labelled field's label text, by the field's id.
        self._labels: dict[str, str] = {}

    @property
    def target(self) -> str:
        return str(self.appointment["id"])

    # --- layout --------------------------------------------------------------------------------

    def _start_values(self) -> dict[str, str]:
        """The fields as the saved debrief has them (all empty for a new one)."""
        old = self.old
        answers = {}
        pairs = old.get("answers")
        for pair in pairs if isinstance(pairs, list) else []:
            if isinstance(pair, dict):
                answers[_text(pair.get("question"))] = _text(pair.get("answer"))
        values = {f"answer:{i}": answers.get(q, "") for i, q in enumerate(self.questions)}
        when = old.get("next_when")
        typed = ""
        if isinstance(when, str):
            with contextlib.suppress(ValueError):
                typed = typed_next_when(datetime.fromisoformat(when))
        stress = old.get("stress")
        goal = old.get("goal_id")
        values.update({
            "other": _text(old.get("other")),
            "next_steps": _text(old.get("next_steps")),
            "next_when": typed,
            "add_next": "" if old.get("next_appointment") else "yes",
            "next_kind": next_kind(self.appointment),
            "stress": str(stress) if isinstance(stress, int) else "",
            "goal_id": goal if isinstance(goal, str) else NO_GOAL,
            "finish_line": _text(old.get("finish_line")),
        })
        return values

    def compose(self) -> ComposeResult:
        start = self._start_values()
        now = wall_now(self)
        when = when_of(self.appointment)
        about = appointment_title(self.appointment) + (f", {format_when(when, now)}"
                                                       if when else "")
        goals = [g for g in host(self).services.goals.listing().items if is_active(g)]
        self.goal_ids = goal_ids = {str(g["id"]) for g in goals}
        with VerticalScroll(id="debrief", can_focus=False):
            yield Label(Text(harmless(offer_line(self.appointment))), classes="screen-title")
            yield Static(Text(harmless(about)), id="debrief-about")
            if not self.questions:
                yield Static("You had no questions written down for this one.",
                             classes="form-section")
            for index, question in enumerate(self.questions):
                yield self._label(harmless(question), f"f-answer-{index}")
                yield Input(harmless(start[f"answer:{index}"]), id=f"f-answer-{index}",
                            placeholder="a short answer", compact=True, select_on_focus=False)
            yield self._label("Anything else they said", "f-other")
            yield TextArea(harmless(start["other"], multiline=True), id="f-other", compact=True,
                           show_line_numbers=False, tab_behavior="focus",
                           highlight_cursor_line=False)
            yield self._label("What happens next", "f-next-steps")
            yield Input(harmless(start["next_steps"]), id="f-next-steps", compact=True,
                        placeholder="results visit, more tests, a new treatment",
                        select_on_focus=False)
            yield self._label("When is it?", "f-next-when")
            with Horizontal(classes="row"):
                yield Input(start["next_when"], id="f-next-when", compact=True,
                            placeholder=dates.when_placeholder(now), select_on_focus=False)
                yield Static("", id="next-when-hint")
            made = bool(self.old.get("next_appointment"))
            tick = TickBox("Add it as an appointment", start["add_next"] == "yes",
                           id="f-add-next", compact=True)
            tick.display = not made
            yield tick
            kinds = ChoiceSelect([(label, key) for key, label in KINDS.items()],
                                 value=start["next_kind"], allow_blank=False, compact=True,
                                 id="f-next-kind")
            kinds.display = not made
            yield kinds
            yield self._label("How stressed are you now, from 0 to 10?", "f-stress")
            yield StressInput(start["stress"], id="f-stress", compact=True)
            yield self._label("A look at your finish line", "f-goal")
            yield ChoiceSelect(
                [(Text(harmless(title_of(g))), str(g["id"])) for g in goals],
                value=start["goal_id"] if start["goal_id"] in goal_ids else Select.NULL,
                prompt="None", compact=True, id="f-goal",
            )
            yield Input(harmless(start["finish_line"]), id="f-finish-line", compact=True,
                        placeholder="one line: how it looks from here", select_on_focus=False)
            with Horizontal(id="buttons"):
                yield Button("Save", id="save", compact=True, variant="primary")
                if not self.old:
                    yield Button("Do not ask about this one", id="dismiss", compact=True)
            yield Label("", id="form-error")
        yield Footer(compact=True)

    def _label(self, text: str, field: str) -> Label:
        """A field's label; the focused field's label is marked ``▸`` (a cue that does not rest
        on colour, as the ChoiceList's), see :meth:`on_descendant_focus`."""
        self._labels[field] = text
        return Label(Text(text), id=f"label-{field}", classes="form-section")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        field = _LABELLED_BY.get(event.widget.id or "", event.widget.id or "")
        for name, text in self._labels.items():
            marked = f"▸ {text}" if name == field else text
            self.query_one(f"#label-{name}", Label).update(Text(marked))

    def on_mount(self) -> None:
        blink = cursor_blink(host(self).reduced_motion)
        for field in self.query(Input):
            field.cursor_blink = blink
        self.query_one("#f-other", TextArea).cursor_blink = blink
        self.initial = self.fields()
        self._offer_draft()
        self._understood()
        self.query(Input).first().focus(scroll_visible=False)
        self.call_after_refresh(self.query_one("#debrief").scroll_home, animate=False)

    # --- fields ------------------------------------------------------------------------------

    def fields(self) -> dict[str, str]:
        """Everything typed, as text (the draft's fields and the form's state)."""
        values = {f"answer:{i}": self.query_one(f"#f-answer-{i}", Input).value
                  for i in range(len(self.questions))}
        kind = self.query_one("#f-next-kind", Select).value
        goal = self.query_one("#f-goal", Select).value
        values.update({
            "other": self.query_one("#f-other", TextArea).text,
            "next_steps": self.query_one("#f-next-steps", Input).value,
            "next_when": self.query_one("#f-next-when", Input).value,
            "add_next": "yes" if self.query_one("#f-add-next", TickBox).value else "",
            "next_kind": kind if isinstance(kind, str) else next_kind(self.appointment),
            "stress": self.query_one("#f-stress", Input).value,
            "goal_id": goal if isinstance(goal, str) else NO_GOAL,
            "finish_line": self.query_one("#f-finish-line", Input).value,
        })
        return values

    def _fill(self, typed: dict[str, str]) -> None:
        for index in range(len(self.questions)):
            key = f"answer:{index}"
            if key in typed:
                self.query_one(f"#f-answer-{index}", Input).value = typed[key]
        for key, widget_id in (("next_steps", "#f-next-steps"), ("next_when", "#f-next-when"),
                               ("stress", "#f-stress"), ("finish_line", "#f-finish-line")):
            if key in typed:
                self.query_one(widget_id, Input).value = typed[key]
        if "other" in typed:
            self.query_one("#f-other", TextArea).text = typed["other"]
        if "add_next" in typed:
            self.query_one("#f-add-next", TickBox).value = typed["add_next"] == "yes"
        if typed.get("next_kind") in KINDS:
            self.query_one("#f-next-kind", Select).value = typed["next_kind"]
        goal = typed.get("goal_id")
        if goal is not None:
            self.query_one("#f-goal", Select).value = (
                goal if goal in self.goal_ids else Select.NULL)

    # --- drafts (KeepsWords) -----------------------------------------------------------------

    def _offer_draft(self) -> None:
        """Words left here last time come back, with a short note (nothing is lost either
        way: esc and "Leave" discard them, ctrl+s saves them)."""
        draft = host(self).services.drafts.find(DRAFT_KIND, self.target)
        typed = draft_fields(draft)
        if not typed or {**self.initial, **typed} == self.initial:
            return
        self._fill(typed)
        self._restored = True
        self.notify(f"Your unsaved words from last time are back. {display('save')} saves "
                    f"them; {display('back')} lets you leave them.", title="Carried on")

    def has_unsaved_words(self) -> bool:
        """True when a field differs from what was loaded (a restored draft counts)."""
        if not self.is_mounted:
            return False
        try:
            return self.fields() != self.initial or self._restored
        except Exception:  # not composed (yet): nothing typed
            return False

    def keep_draft(self) -> None:
        """Keep the typed fields as the ``debrief`` draft, now and durably; never raises."""
        try:
            if self.has_unsaved_words():
                host(self).services.drafts.keep(DRAFT_KIND, self.target, self.fields(),
                                                wall_now(self))
        except Exception:  # the way out must never fail because a draft could not be kept
            return

    async def _drop_draft(self) -> None:
        drafts = host(self).services.drafts
        with contextlib.suppress(SaveError):
            await asyncio.to_thread(drafts.drop, DRAFT_KIND, self.target)

    # --- as the person types -----------------------------------------------------------------

    def _error(self, text: str) -> None:
        self.query_one("#form-error", Label).update(Text(harmless(text)))

    def _understood(self, error: str | None = None) -> None:
        """Beside the next date: the date understood ("Fri 4 Dec, 09:00"), or what is wrong."""
        hint = self.query_one("#next-when-hint", Static)
        typed = self.query_one("#f-next-when", Input).value
        if error is not None:
            words, ok = error, False
        elif typed.strip() and typed == self.initial.get("next_when"):
            words, ok = "As saved", True
        elif typed.strip():
            words, ok = dates.note(typed, wall_now(self))
        else:
            words, ok = "If you know it, in your own words", True
        hint.update(Text(harmless(words)))
        hint.set_class(not ok, "-error")

    def on_input_changed(self, event: Input.Changed) -> None:
        self._error("")
        if event.input.id == "f-next-when":
            self._understood()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a box moves on, like tab."""
        event.stop()
        self.focus_next()

    def action_next_field(self) -> None:
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "dismiss":
            self._dismiss_for_good()

    # --- saving --------------------------------------------------------------------------------

    def _record(self) -> tuple[dict[str, Any], dict[str, Any] | None] | None:
        """The debrief and the next appointment to save, or None (the error is shown)."""
        values = self.fields()
        answers = [values[f"answer:{i}"] for i in range(len(self.questions))]
        now = wall_now(self)
        try:
            record = build_debrief(self.appointment, answers, values, now)
            made = None
            if values["add_next"] == "yes" and record["next_when"] \
                    and not self.old.get("next_appointment"):
                made = next_appointment(self.appointment, record, values["next_kind"], now)
        except InputError as error:
            field = getattr(error, "field", None)
            if field == "next_when":
                self._understood(f"{error}.")
                self.query_one("#f-next-when").focus()
            elif field == "stress":
                self._error(f"{error}.")
                self.query_one("#f-stress").focus()
            else:
                self._error(f"{error}.")
            return None
        return record, made

    def action_save(self) -> None:
        if self._saving:
            return
        built = self._record()
        if built is None:
            return
        self._saving = True
        self.run_worker(self._save(*built), group="debrief-save", exit_on_error=False)

    async def _save(self, record: dict[str, Any], made: dict[str, Any] | None,
                    *, as_new: bool = False) -> None:
        appointments = host(self).services.appointments
        now = wall_now(self)
        try:
            if as_new:
                saved = await asyncio.to_thread(
                    appointments.save, {**self.appointment, "debrief": record}, None,
                    as_new=True)
            else:
                saved = await asyncio.to_thread(appointments.save_debrief, self.target,
                                                record, now, made)
        except RecordGone as error:
            self._saving = False
            self._error(f"{error} Your words are still here.")
            self._offer_save_as_new(record)
            return
        except SaveError as error:
            self._saving = False
            self._error(f"{error}. Your words are still here.")
            return
        await self._drop_draft()
        self.initial = self.fields()
        self._restored = False
        self.notify("Saved. The next one is in your appointments." if made else "Saved.")
        self.dismiss(saved)

    def _offer_save_as_new(self, record: dict[str, Any]) -> None:
        def answered(yes: bool | None) -> None:
            if yes and not self._saving:
                self._saving = True
                self.run_worker(self._save(record, None, as_new=True), group="debrief-save",
                                exit_on_error=False)

        self.app.push_screen(
            ConfirmModal("This appointment was deleted",
                         "It was deleted in another window while you wrote. Save it again, "
                         "with what you wrote?", "Save as new", no="Keep writing"),
            answered,
        )

    def _dismiss_for_good(self) -> None:
        """"Do not ask about this one": Today's offer stops (asks first if words were typed)."""
        if not self.has_unsaved_words():
            self.run_worker(self._dismiss_offer(), group="debrief-save", exit_on_error=False)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_worker(self._dismiss_offer(), group="debrief-save",
                                exit_on_error=False)

        self.app.push_screen(
            ConfirmModal("Do not ask about this one?", "What you typed here will not be kept.",
                         "Do not ask", no="Keep writing"),
            answered,
        )

    async def _dismiss_offer(self) -> None:
        appointments = host(self).services.appointments
        try:
            await asyncio.to_thread(appointments.dismiss_debrief, self.target)
        except SaveError as error:
            self._error(str(error))
            return
        await self._drop_draft()
        self.initial = self.fields()
        self._restored = False
        self.notify("Pacer will not ask about this one again.")
        self.dismiss(None)

    def action_cancel(self) -> None:
        if not self.has_unsaved_words():
            self.dismiss(None)
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.run_worker(self._discard(), group="debrief-save")

        self.app.push_screen(
            ConfirmModal("Leave without saving?", "What you typed here will be lost.", "Leave",
                         no="Keep writing"),
            answered,
        )

    async def _discard(self) -> None:
        await self._drop_draft()
        self.dismiss(None)

