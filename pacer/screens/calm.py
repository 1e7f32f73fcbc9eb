"""The calm-down routine (`c`): for the hardest moments, before a scan, a test, a visit, a result.

Pick an appointment (or none), check in 0-10, about 3 minutes of no-hold long-exhale breathing,
a short NUTS reappraisal aimed at the appointment, the questions to ask, the finish line, check
out 0-10. Every step can be skipped (ctrl+k), ctrl+b goes back, ctrl+s saves at the end,
and esc leaves with what was done
saved. The rules and the saved record live in :mod:`pacer.domain.routine`.

Reuse rather than rewrite: the breathing step is the app's own session screen (a small subclass
that skips its end-of-session rating, because check-out asks that, and hands back its outcome
instead of jumping to the summary); the reappraisal step is `ReappraiseScreen` in its short
mode. Each saves its own record as it ends, so leaving half-way never loses them; the routine
record, written once at the end, links both.

Data goes through ``host(self).services`` only (appointments and finish lines that do not fit
are reported and left out); saves run off the event loop. The routine keeps its place and the
words typed into its step as a ``routine`` draft (``KeepsWords``), and offers it back when it is
opened again.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any, ClassVar

from rich.markup import escape
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from pacer.domain.appointments import (
    appointment_title,
    ordered_questions,
    suggested_questions,
    upcoming,
)
from pacer.domain.errors import InputError
from pacer.domain.reappraisal import ReappraisalFlow
from pacer.domain.routine import (
    DRAFT_KIND,
    PICK_GRACE,
    PICK_LIMIT,
    STEP_TITLES,
    STEPS,
    Routine,
    RoutineStep,
    finish_line,
    finish_line_text,
    routine_about_when,
    routine_breathing,
    routine_draft,
    routine_from_draft,
    routine_situation,
)
from pacer.domain.session import parse_stress
from pacer.domain.text import harmless, plural
from pacer.keymap import bind, display
from pacer.screens.confirm import ConfirmModal
from pacer.screens.dialogs import SessionOutcome
from pacer.screens.host import PacerHost, host, wall_now
from pacer.screens.problems import report_problems
from pacer.screens.reappraise import ReappraiseScreen
from pacer.screens.session import SessionScreen
from pacer.services import RecordGone, SaveError
from pacer.widgets.appointment_rows import appointment_row, question_list
from pacer.widgets.choice_list import ChoiceList
from pacer.widgets.nuts_form import cursor_blink
from pacer.widgets.stress_scale import StressInput


class RoutineSessionScreen(SessionScreen):
    """The breathing session inside the routine: no rating at the end (check-out asks it), and
    it dismisses with its `SessionOutcome` so the routine can link the saved session."""

    ASK_RATING = False

    def wrap_up(self, outcome: SessionOutcome) -> None:
        self.dismiss(outcome)  # type: ignore[arg-type]


class CalmScreen(Screen[dict[str, Any] | None]):
    """The routine, one step at a time. Dismisses with the saved routine record (or None)."""

    DEFAULT_CSS = """
    CalmScreen #calm {
        padding: 1 2 0 2;
    }
    CalmScreen #calm-count {
        color: $text-muted;
        width: 1fr;
    }
    CalmScreen #calm-title {
        color: $primary;
        text-style: bold;
        width: 1fr;
    }
    CalmScreen #calm-intro {
        margin-bottom: 1;
    }
    CalmScreen #calm-body {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    CalmScreen #calm-body > * {
        height: auto;
    }
    CalmScreen .muted {
        color: $text-muted;
    }
    CalmScreen #calm-picks {
        height: auto;
        max-height: 8;
    }
    CalmScreen #f-rating {
        width: 12;
        background: $surface;
    }
    CalmScreen #f-rating:focus, CalmScreen #f-question:focus {
        background: $panel;
    }
    CalmScreen #f-question {
        width: 1fr;
        background: $surface;
        margin-bottom: 1;
    }
    CalmScreen #calm-suggestions {
        height: auto;
        max-height: 4;
    }
    CalmScreen #calm-error {
        color: $warning;
        width: 1fr;
        height: auto;
    }
    CalmScreen #calm-buttons {
        height: 1;
        margin-top: 1;
    }
    CalmScreen #calm-buttons Button {
        margin-right: 2;
        min-width: 10;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("next"),
        bind("save"),
        bind("previous"),
        bind("skip", priority=True),  # over the inputs' own ctrl+k
        bind("leave"),
    ]

    HELP_TITLE = "Calm-down routine"
    HELP = (
        "About ten minutes for a hard moment: check in, breathe, look at it again, your "
        f"questions, your finish line, check out. enter or {display('next')} goes on, "
        f"{display('skip')} skips a step, {display('previous')} goes back, {display('save')} "
        f"saves at the end. {display('leave')} leaves, and what you did is saved."
    )

    def __init__(
        self,
        appointment_id: str | None = None,
        *,
        resume: dict[str, Any] | None = None,
        discard: bool = False,
    ) -> None:
        """``resume`` is a ``routine`` draft to carry on from (its step, check-in and words);
        ``discard`` lets the draft go (the person chose to start afresh)."""
        super().__init__()
        self.wanted = appointment_id
        self.resume = resume
        self.routine: Routine | None = None
        self.appointments: list[dict[str, Any]] = []
        self.appointment: dict[str, Any] | None = None
        self.saved: dict[str, Any] | None = None
        self._session_screen: RoutineSessionScreen | None = None
        self._reappraise_screen: ReappraiseScreen | None = None
        self._goal: dict[str, Any] | None = None
        self._ended = False
        self._leaving = False
        self.discard = discard
        #: Words typed into a step and not taken yet, restored from a draft (by field id).
        self._typed: dict[str, str] = {}

    # --- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="calm"):
            yield Label("", id="calm-count")
            yield Label("", id="calm-title")
            yield Static("", id="calm-intro")
            yield VerticalScroll(id="calm-body")
            yield Label("", id="calm-error")
            with Horizontal(id="calm-buttons"):
                yield Button("Back", id="back", compact=True)
                yield Button("Next", id="main", compact=True, variant="primary")
                yield Button("Skip", id="skip", compact=True)
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        services = host(self).services
        now = wall_now(self)
        self.routine = Routine(started=now)
        listing = services.appointments.listing()
        report_problems(self, listing.problems, "appointments")
        self.appointments = listing.items
        self._goal = finish_line(services.goals.listing().items, now.date())
        if self.resume is not None:
            self.routine, self._typed = routine_from_draft(self.resume, now)
            self.appointment = self._appointment(self.routine.appointment_id)
            if self.appointment is None:
                self.routine.appointment_id = None
        else:
            if self.discard:
                self.run_worker(self._drop_draft(), group="calm-save")
            self.appointment = self._appointment(self.wanted) if self.wanted else None
        if self.resume is None and self.wanted is not None and self.appointment is not None:
            self.routine.appointment_id = self.wanted
            self.routine.complete()
        await self.show_step()

    def _appointment(self, wanted: str | None) -> dict[str, Any] | None:
        return next((a for a in self.appointments if str(a.get("id")) == wanted), None)

    @property
    def step(self) -> RoutineStep:
        assert self.routine is not None
        return self.routine.step

    async def show_step(self) -> None:
        """Put the current step on screen and focus what a person would use first."""
        assert self.routine is not None
        step = self.step
        self.query_one("#calm-count", Label).update(
            f"Calm-down routine  ·  step {STEPS.index(step) + 1} of {len(STEPS)}"
        )
        self.query_one("#calm-title", Label).update(STEP_TITLES[step])
        intro, widgets, main = self._step_content(step)
        self.query_one("#calm-intro", Static).update(intro)
        body = self.query_one("#calm-body", VerticalScroll)
        await body.remove_children()
        await body.mount_all(widgets)
        for ident, words in self._typed.items():
            for field in body.query(f"#{ident}").results(Input):
                field.value = words
        self._typed = {}
        self._error("")
        self.query_one("#back", Button).disabled = self.routine.index == 0
        button = self.query_one("#main", Button)
        button.label = main
        button.display = True
        self.query_one("#skip", Button).display = True
        focus: Widget = button
        for selector in ("#calm-picks", "#f-rating", "#f-question"):
            found = body.query(selector)
            if found:
                focus = found.first()
                break
        focus.focus()
        self.refresh_bindings()

    def _step_content(self, step: RoutineStep) -> tuple[str | Text, list[Widget], str]:
        """(intro text, widgets for the body, label of the main button) for one step."""
        assert self.routine is not None
        routine = self.routine
        now = wall_now(self)
        blink = cursor_blink(host(self).reduced_motion)
        if step is RoutineStep.APPOINTMENT:
            picks = ChoiceList(
                Option("No particular appointment", id="none"),
                *(Option(appointment_row(a, now), id=str(a["id"])) for a in self._choices()),
                id="calm-picks",
            )
            chosen = routine.appointment_id
            ids = ["none", *(str(a["id"]) for a in self._choices())]
            picks.highlighted = ids.index(chosen) if chosen in ids else min(1, len(ids) - 1)
            return ("Pick the appointment this is for, or none. About ten minutes in all. "
                    f"You can skip any step ({display('skip')}), and {display('leave')} leaves "
                    "with "
                    "what you did saved.",
                    [picks], "Choose")
        if step in (RoutineStep.CHECKIN, RoutineStep.CHECKOUT):
            value = routine.checkin if step is RoutineStep.CHECKIN else routine.checkout
            field = StressInput("" if value is None else str(value), id="f-rating",
                                compact=True)
            field.cursor_blink = blink
            widgets: list[Widget] = [field]
            if step is RoutineStep.CHECKIN:
                intro = ("How stressed are you right now? 0 is calm, 10 the most you can "
                         "imagine. There is no right answer.")
                return intro, widgets, "Next"
            intro = "How stressed are you now? 0 is calm, 10 the most you can imagine."
            if routine.checkin is not None:
                widgets.append(Static(f"You started at {routine.checkin}. Any number is fine.",
                                      classes="muted"))
            return intro, widgets, "Save"
        if step is RoutineStep.BREATHE:
            pattern, minutes = routine_breathing(host(self).settings)
            intro = (f"About {plural(minutes, 'minute')} of {pattern.name.lower()} "
                     f"({pattern.rhythm}): "
                     "no holds, a long, slow breath out.")
            lines = ["Slow, not big. Dizzy, tingly or more anxious? Stop and breathe normally.",
                     f"{display('pause')} pauses. {display('stop')} stops early; what you breathed "
                     "still counts."]
            if routine.session_id is not None:
                lines.insert(0, f"Done. You can breathe again, or go on with {display('next')}.")
            return Text(harmless(intro)), [Static("\n".join(lines), classes="muted")], \
                "Start breathing"
        if step is RoutineStep.REAPPRAISE:
            situation = harmless(routine_situation(self.appointment, now))
            intro_text = (f"A short look at what makes this stressful, with the NUTS "
                          f"questions: “{situation}”. A few minutes.")
            note = ("Done, and saved in your journal." if routine.journal_id
                    else "Cancer brings real worries. This is about what helps you carry them.")
            return Text(intro_text), [Static(note, classes="muted")], "Start"
        if step is RoutineStep.QUESTIONS:
            return self._questions_content(blink)
        if step is RoutineStep.FINISH_LINE:
            return ("Something you are running toward, beyond this appointment.",
                    [Static(Text(harmless(finish_line_text(self._goal))),
                            id="calm-finish-line")], "Next")
        raise AssertionError(step)

    def _questions_content(self, blink: bool) -> tuple[str | Text, list[Widget], str]:
        appointment = self.appointment
        if appointment is None:
            text = "\n".join(f"• {q}" for q in suggested_questions("other"))
            return ("Questions worth asking your care team. Knowing when and how results come "
                    "can make the wait easier.", [Static(text)], "Next")
        questions = _questions(appointment.get("questions"))
        field = Input(placeholder="Add a question, then enter (enter on empty goes on)",
                      id="f-question", compact=True, select_on_focus=False)
        field.cursor_blink = blink
        suggestions = ChoiceList(
            *(Option(q) for q in suggested_questions(str(appointment.get("kind")), questions)),
            id="calm-suggestions",
        )
        title = harmless(appointment_title(appointment))
        return (Text(f"Your questions for {title}. Writing them down helps with what you "
                     "can't know yet."),
                [Static(question_list(ordered_questions(appointment)), id="calm-questions"),
                 field,
                 Static("Suggestions (enter adds one):", classes="muted"), suggestions], "Next")

    def _choices(self) -> list[dict[str, Any]]:
        return upcoming(self.appointments, wall_now(self), grace=PICK_GRACE)[:PICK_LIMIT]

    def _error(self, text: str) -> None:
        self.query_one("#calm-error", Label).update(Text(harmless(text)))

    # --- moving -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._ended or self.routine is None:
            return action == "leave"
        if action == "back":
            return None if self.routine.index == 0 else True
        # One key each: ctrl+n goes on, and the last step (check out) saves with ctrl+s.
        last = self.step is STEPS[-1]
        if action == "next":
            return not last
        if action == "save":
            return last
        return True

    async def _advance(self, done: bool) -> None:
        assert self.routine is not None
        more = self.routine.complete() if done else self.routine.skip()
        if more is None:
            self._ended = True
            self.refresh_bindings()
            self.run_worker(self._finish(), group="calm-save")
            return
        await self.show_step()

    async def action_next(self) -> None:
        """The step's main action: choose, rate, start breathing, start the reappraisal..."""
        assert self.routine is not None
        step = self.step
        if step is RoutineStep.APPOINTMENT:
            picks = self.query_one("#calm-picks", OptionList)
            index = picks.highlighted or 0
            chosen = picks.get_option_at_index(index).id
            self.appointment = self._appointment(chosen)
            self.routine.appointment_id = chosen if self.appointment is not None else None
            await self._advance(self.appointment is not None)
        elif step in (RoutineStep.CHECKIN, RoutineStep.CHECKOUT):
            text = self.query_one("#f-rating", Input).value.strip()
            try:
                rating = parse_stress(text) if text else None
            except InputError as error:
                self._error(f"{error}.")
                self.query_one("#f-rating", Input).focus()
                return
            if step is RoutineStep.CHECKIN:
                self.routine.checkin = rating
            else:
                self.routine.checkout = rating
            await self._advance(rating is not None)
        elif step is RoutineStep.BREATHE:
            self._breathe()
        elif step is RoutineStep.REAPPRAISE:
            self._reappraise()
        else:
            await self._advance(True)

    async def action_save(self) -> None:
        """ctrl+s on the last step (check out): the same as its Save button."""
        await self.action_next()

    async def action_skip(self) -> None:
        await self._advance(False)

    async def action_back(self) -> None:
        assert self.routine is not None
        if self.routine.index > 0:
            self.routine.back()
            await self.show_step()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "back":
            await self.action_back()
        elif event.button.id == "skip":
            await self.action_skip()
        elif self._ended:
            self.dismiss(self.saved)
        else:
            await self.action_next()

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "calm-suggestions":
            self.run_worker(self._add_question(str(event.option.prompt)), group="calm-save")
            return
        await self.action_next()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "f-question" and event.value.strip():
            question = event.value.strip()
            event.input.value = ""
            self.run_worker(self._add_question(question, event.input), group="calm-save")
            return
        await self.action_next()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._error("")

    # --- the steps that open another screen ---------------------------------------------------

    def _breathe(self) -> None:
        assert self.routine is not None
        app = host(self)
        pattern, minutes = routine_breathing(app.settings)
        screen = RoutineSessionScreen(
            pattern,
            minutes,
            clock=app.clock,
            reduced_motion=app.reduced_motion,
            wall_clock=app.wall_clock,
            sound=_sound(app),
        )
        # The check-in just asked is this session's "stress before": not asked a second time.
        screen.session.before = self.routine.checkin
        self._session_screen = screen

        async def breathed(outcome: SessionOutcome | None) -> None:
            await self._breathed(outcome, pattern.key, minutes)

        self.app.push_screen(screen, breathed)

    async def _breathed(self, outcome: SessionOutcome | None, key: str, minutes: float) -> None:
        assert self.routine is not None
        self._session_screen = None
        if outcome is None:
            await self.show_step()
            return
        self.routine.pattern, self.routine.minutes = key, minutes
        if outcome.saved:
            self.routine.session_id = str(outcome.record.get("id"))
        else:
            self.notify(harmless(f"The breathing session was not saved: {outcome.error}"),
                        severity="warning", markup=False)
        await self._advance(True)

    def _reappraise(self) -> None:
        assert self.routine is not None
        routine = self.routine
        context: dict[str, Any] = {"routine": True}
        if routine.appointment_id:
            context["appointment_id"] = routine.appointment_id
        about_when = routine_about_when(self.appointment)
        if about_when is not None:
            context["about_when"] = about_when
        flow = ReappraisalFlow.short(
            routine_situation(self.appointment, wall_now(self)),
            stress_before=routine.checkin,
            **context,
        )
        screen = ReappraiseScreen(flow)
        self._reappraise_screen = screen

        async def done(entry: dict[str, Any] | None) -> None:
            self._reappraise_screen = None
            if entry is not None:
                routine.journal_id = str(entry["id"])
                await self._advance(True)
            else:
                await self.show_step()

        self.app.push_screen(screen, done)

    async def _add_question(self, question: str, field: Input | None = None) -> None:
        """Save one new question to the appointment at once, off the event loop: only its
        questions change, on the appointment as it is on disk now."""
        assert self.routine is not None and self.appointment is not None
        target = str(self.appointment["id"])
        try:
            saved = await asyncio.to_thread(
                host(self).services.appointments.add_question, target, question
            )
        except (RecordGone, SaveError) as error:
            self._error(str(error))
            if field is not None and not field.value:
                field.value = question  # the words stay on screen
            return
        self.appointment["questions"] = _questions(saved.get("questions"))
        self.routine.questions_added.append(question)
        if self.step is not RoutineStep.QUESTIONS:
            return
        self.query_one("#calm-questions", Static).update(
            question_list(ordered_questions(self.appointment))
        )
        suggestions = self.query_one("#calm-suggestions", OptionList)
        suggestions.clear_options()
        suggestions.add_options(
            Option(q) for q in suggested_questions(str(self.appointment.get("kind")),
                                                   self.appointment["questions"])
        )

    # --- drafts (KeepsWords) ------------------------------------------------------------------

    def _typed_now(self) -> dict[str, str]:
        """Words in the step's field that the routine has not taken yet (by field id)."""
        typed: dict[str, str] = {}
        if self.routine is None or self._ended or not self.is_mounted:
            return typed
        for field in self.query("#calm-body Input").results(Input):
            if not field.id or not field.value.strip():
                continue
            if field.id == "f-rating":
                taken = (self.routine.checkin if self.step is RoutineStep.CHECKIN
                         else self.routine.checkout)
                if taken is not None and field.value.strip() == str(taken):
                    continue
            typed[field.id] = field.value
        return typed

    def has_unsaved_words(self) -> bool:
        """A rating or a question typed and not taken yet (steps done are saved on leaving),
        or words typed into the routine's reappraisal."""
        try:
            inner = self._reappraise_screen
            return bool(self._typed_now()) or (inner is not None and inner.has_unsaved_words())
        except Exception:
            return False

    def keep_draft(self) -> None:
        """Keep the routine's place and typed words as the ``routine`` draft; never raises.

        The reappraisal step's words are kept by its own screen (as a part-way journal entry,
        linked here); this keeps the step, what was done and the rating or question typed.
        """
        try:
            routine = self.routine
            if routine is None or self._ended:
                return
            if self._reappraise_screen is not None:
                self._reappraise_screen.keep_draft()
                entry = self._reappraise_screen.saved_entry
                if entry is not None:
                    routine.journal_id = str(entry["id"])
            typed = self._typed_now()
            if not typed and not routine.anything_done:
                return
            host(self).services.drafts.put(routine_draft(routine, typed, wall_now(self)))
        except Exception:  # the way out must never fail because a draft could not be kept
            return

    async def _drop_draft(self) -> None:
        drafts = host(self).services.drafts
        with contextlib.suppress(SaveError):
            await asyncio.to_thread(drafts.drop, DRAFT_KIND, None)

    # --- ending -------------------------------------------------------------------------------

    def _pending_record(self) -> dict[str, Any] | None:
        """The routine record to write now, or None (nothing done, or saved already)."""
        routine = self.routine
        if self.saved is not None or routine is None or not routine.anything_done:
            return None
        # Quitting mid-breath or mid-reappraisal: those screens saved their part; link it.
        if self._session_screen is not None and self._session_screen.outcome is not None:
            outcome = self._session_screen.outcome
            if outcome.saved:
                routine.session_id = str(outcome.record.get("id"))
                if routine.step is RoutineStep.BREATHE:
                    routine.mark_done()
        if self._reappraise_screen is not None and self._reappraise_screen.saved_entry:
            routine.journal_id = str(self._reappraise_screen.saved_entry["id"])
            if routine.step is RoutineStep.REAPPRAISE:
                routine.mark_done()
        return routine.to_record(wall_now(self), about_when=routine_about_when(self.appointment))

    def _not_saved(self, error: SaveError) -> None:
        self._error(f"This routine could not be saved: {error}")
        self.notify(harmless(f"This routine could not be saved: {error}"), severity="warning",
                    markup=False)

    def save_routine(self) -> dict[str, Any] | None:
        """Write the routine record now (the app is closing); a failure is said, not hidden.

        Keyed by the routine's id, so a second write (a draft carried on) replaces the first.
        """
        record = self._pending_record()
        if record is None:
            return self.saved
        try:
            self.saved = host(self).services.journal.put(record)
        except SaveError as error:
            self._not_saved(error)
        return self.saved

    async def _save_routine(self) -> dict[str, Any] | None:
        """:meth:`save_routine` off the event loop; then the routine's draft is dropped."""
        record = self._pending_record()
        if record is not None:
            try:
                self.saved = await asyncio.to_thread(host(self).services.journal.put, record)
            except SaveError as error:
                self._not_saved(error)
                return None
        await self._drop_draft()
        return self.saved

    async def _finish(self) -> None:
        """After check-out: save, then show a short closing note (Enter closes)."""
        assert self.routine is not None
        saved = await self._save_routine()
        routine = self.routine
        change = ""
        if routine.checkin is not None and routine.checkout is not None:
            change = f" Stress {routine.checkin} → {routine.checkout}."
        self.query_one("#calm-count", Label).update("Calm-down routine")
        if saved:
            title, text = "Well paced", f"Saved in your journal.{change} Go gently."
        elif not routine.anything_done:
            title = "Nothing to save"
            text = "You skipped every step, and that is fine. Come back whenever you need it."
        else:
            title = "Not saved"
            text = "Pacer could not save this routine. What you did still counts."
        self.query_one("#calm-title", Label).update(title)
        self.query_one("#calm-intro", Static).update(text)
        await self.query_one("#calm-body", VerticalScroll).remove_children()
        self.query_one("#back", Button).display = False
        self.query_one("#skip", Button).display = False
        button = self.query_one("#main", Button)
        button.label = "Close"
        button.focus()
        self.refresh_bindings()

    def action_leave(self) -> None:
        """Esc: leave now, keeping what was done (saved off the event loop first)."""
        if self._leaving:
            return
        self._leaving = True
        self.run_worker(self._leave(), group="calm-save")

    async def _leave(self) -> None:
        if not self._ended:
            self._ended = True
            saved = await self._save_routine()
            if saved is not None:
                self.notify("Saved what you did.", title="Calm-down routine")
        self.dismiss(self.saved)

    def on_unmount(self) -> None:
        """The app is closing mid-routine: save what was done (synchronously: no loop left)."""
        if self.saved is None:
            self.save_routine()
        self._ended = True


def _questions(value: object) -> list[str]:
    """The questions of an appointment that fits (a list of text), as a new list."""
    return [q for q in value if isinstance(q, str)] if isinstance(value, list) else []


def _sound(pacer: PacerHost) -> Any:
    """The app's sound settings for the session screen, or None (silent) if unavailable."""
    try:
        from pacer_audio.settings import SoundSettings
    except ImportError:
        return None
    try:
        return SoundSettings.from_settings(pacer.settings, no_sound=not pacer.sound)
    except Exception:  # sound is a nicety; the routine must never fail because of it
        return None


def open_calm(app: App[Any], appointment_id: str | None = None) -> None:
    """What `c` does (and `pacer calm`): start the routine, optionally for one appointment.

    A routine left part-way last time (a ``routine`` draft) is offered first: carry on at the
    same step, or start afresh (which lets the draft go).
    """
    drafts = host(app).services.drafts
    draft = drafts.find(DRAFT_KIND, None)
    if draft is None:
        app.push_screen(CalmScreen(appointment_id))
        return
    routine, typed = routine_from_draft(draft, wall_now(app))
    words = "".join(f"\n“{escape(harmless(v))}”" for v in typed.values() if v.strip())

    def chosen(carry_on: bool | None) -> None:
        if carry_on:
            app.push_screen(CalmScreen(appointment_id, resume=draft))
        else:
            app.push_screen(CalmScreen(appointment_id, discard=True))

    app.push_screen(
        ConfirmModal(
            "Carry on with your calm-down routine?",
            f"You left it at: {STEP_TITLES[routine.step].lower()}.{words}",
            "Carry on", no="Start afresh", yes_first=True,
        ),
        chosen,
    )
