"""Add or edit a finish line. Only the title is needed; the rest can wait for another day.

Saving: the form builds the record from what was typed (:func:`new_goal`, :func:`edit_goal`:
only the fields that differ from what it loaded) and hands it to ``services.goals.save``,
which writes just those fields onto the record as it is on disk now, off the event loop.
"Saved." is said by the screen underneath only once that call has returned; a failed save
keeps the form open with the words and says why in one line. ``ctrl+s`` is an ordinary
(not priority) binding, so it reaches the form after every key typed before it.

Words are never lost: the form is :class:`pacer.screens.leaving.KeepsWords`. What it holds is
kept as a draft (``kind="goal"``, ``target`` the goal's id, None for a new one) on the way out,
and offered back, filled in with a short note, when the same form opens again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Footer, Input, Label, Select, Static

from pacer.domain import dates
from pacer.domain.goals import (
    AREAS,
    KIND_WORDS,
    KINDS,
    STATUS_WORDS,
    STATUSES,
    Goal,
    GoalFieldError,
    edit_goal,
    form_values,
    new_goal,
    review,
)
from pacer.domain.text import harmless
from pacer.keymap import bind, display
from pacer.screens.confirm import ConfirmModal
from pacer.screens.goals.common import (
    DRAFT_NOTE,
    drop_draft,
    forget_draft,
    now_of,
    save_as_new_modal,
)
from pacer.screens.host import host
from pacer.services import RecordGone, SaveError
from pacer.services.drafts import draft_fields
from pacer.widgets.choice_select import ChoiceSelect

FORM_INTRO = "Only the first question is needed. The rest can wait for another day."

#: The draft kind of this form (see :class:`pacer.domain.records.Draft`).
DRAFT_KIND = "goal"

# (field, label, placeholder)
FORM_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("title", "Your finish line, in your own words", "for example: Walk on the beach with Sam"),
    ("kind", "What kind is it?", ""),
    ("area", "Life area", "family, friends, home, fun... any words"),
    ("why", "Why it matters to you", ""),
    ("who", "Who is running with you", "the people who help or share it"),
    ("next_step", "Next small step (small enough for a low-energy day)", "one small thing"),
    ("route_b", "Route B (another way there, if this one gets hard)", ""),
    ("target", "Target (a date, an event or a season; optional)", "for example: next summer"),
    # The hint is worked out from the app's clock when the form is built (always ahead).
    ("check_in", "Check-in date", ""),
    ("status", "How is it going?", ""),
)


class GoalFormScreen(Screen[Goal | None]):
    """Add or edit a finish line; dismisses with the saved record, or None when cancelled.

    It saves itself, so a failed save can keep the form open with the message.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # Not priority: a priority binding runs before the keys typed just before it reach the
        # field, and a goal was saved as "Na" with "Saved." shown.
        bind("save"),
        bind("back", "cancel"),
        # No q here: q is a letter in a text box, and on a choice the app's one way out
        # (PacerApp.action_quit) asks first and keeps the words through keep_draft().
    ]

    HELP_TITLE = "Finish line"
    HELP = (
        f"Only the first line is needed. tab moves to the next question, {display('save')} "
        f"saves, {display('back')} leaves (Pacer asks first if you typed something)."
    )

    DEFAULT_CSS = """
    GoalFormScreen #goal-form-outer {
        padding: 1 2 0 2;
    }
    GoalFormScreen #goal-form-intro {
        color: $text-muted;
        padding: 0 1;
        margin-bottom: 1;
        width: 1fr;
    }
    GoalFormScreen #goal-form {
        height: 1fr;
        padding: 0 1;
        scrollbar-size-vertical: 1;
    }
    GoalFormScreen .field-label {
        margin-top: 1;
        color: $text;
        width: 1fr;
    }
    GoalFormScreen .field-label.-first {
        margin-top: 0;
    }
    #goal-form Input, #goal-form Select {
        width: 1fr;
        max-width: 76;
        height: 1;
        padding: 0 1;
        border: none;
        border-left: tall $primary 40%;
        background: $surface;
    }
    #goal-form Select {
        height: auto;
        padding: 0;
    }
    #goal-form Select > SelectCurrent {
        padding: 0 1;
    }
    #goal-form Input:focus, #goal-form Select:focus-within {
        border: none;
        border-left: tall $accent;
        background: $panel;
    }
    GoalFormScreen .field-error {
        color: $warning;
        width: 1fr;
        height: auto;
        display: none;
    }
    GoalFormScreen .field-error.-shown {
        display: block;
    }
    GoalFormScreen .date-note {
        color: $text-muted;
        width: 1fr;
        height: auto;
        padding: 0 1;
    }
    GoalFormScreen .date-note.-error {
        color: $warning;
    }
    GoalFormScreen #goal-form-status {
        height: auto;
        color: $warning;
        padding: 0 1;
        display: none;
    }
    GoalFormScreen #goal-form-status.-shown {
        display: block;
    }
    """

    def __init__(
        self,
        goal: Goal | None = None,
        *,
        overrides: Mapping[str, str] | None = None,
        mark_reviewed: bool = False,
    ) -> None:
        """``overrides`` pre-fills fields (a review reshaping a goal passes its typed step);
        ``mark_reviewed`` also records the save as a review."""
        super().__init__()
        self.goal = goal
        #: What the file holds, as the form shows it: "typed" means different from this.
        self._baseline = form_values(goal)
        self.initial = {**self._baseline, **{k: harmless(v) for k, v in (overrides or {}).items()}}
        self.mark_reviewed = mark_reviewed
        self._error_at: tuple[str | None, str] | None = None
        #: The values last kept as a draft: leaving with exactly these loses nothing.
        self._kept: dict[str, str] | None = None
        self._restored = False
        self._saving = False

    @property
    def target(self) -> str | None:
        """The id of the goal being edited (the draft's target), None for a new one."""
        return str(self.goal["id"]) if self.goal is not None else None

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self._offer_draft()
        heading = "Add a finish line" if self.goal is None else "Edit your finish line"
        with Vertical(id="goal-form-outer"):
            yield Label(heading, classes="screen-title")
            yield Static(FORM_INTRO, id="goal-form-intro")
            with VerticalScroll(id="goal-form"):
                for number, (name, label, hint) in enumerate(FORM_FIELDS):
                    classes = "field-label -first" if number == 0 else "field-label"
                    yield Label(label, classes=classes, id=f"label-{name}")
                    yield self._field(name, hint)
                    if name == "check_in":
                        # The date understood as it is typed ("Fri 4 Dec"), or what is wrong.
                        yield Label("", classes="date-note", id="understood-check_in",
                                    markup=False)
                    yield Label("", classes="field-error", id=f"error-{name}", markup=False)
            yield Static(
                DRAFT_NOTE if self._restored else "",
                id="goal-form-status",
                markup=False,
                classes="-shown" if self._restored else "",
            )
        yield Footer(compact=True)

    def _offer_draft(self) -> None:
        """Fill the form with the words kept from last time, if there are any.

        A read (no lock, no fsync), so it runs here, before the fields are built: nothing the
        person types can be overwritten by a draft arriving late.
        """
        draft = host(self).services.drafts.find(DRAFT_KIND, self.target)
        kept = draft_fields(draft)
        names = [name for name, _, _ in FORM_FIELDS]
        typed = {name: harmless(kept[name]) for name in names if name in kept}
        if typed and {**self.initial, **typed} != self.initial:
            self.initial.update(typed)
            self._restored = True

    def _field(self, name: str, hint: str) -> Widget:
        value = self.initial[name]
        if name == "kind":
            return ChoiceSelect(
                [(KIND_WORDS[kind], kind) for kind in KINDS],
                value=value if value in KINDS else Select.NULL,
                prompt="Not sure yet",
                compact=True,
                id="field-kind",
            )
        if name == "status":
            return ChoiceSelect(
                [(STATUS_WORDS[status], status) for status in STATUSES],
                value=value if value in STATUSES else "moving",
                allow_blank=False,
                compact=True,
                id="field-status",
            )
        suggester = SuggestFromList(AREAS, case_sensitive=False) if name == "area" else None
        if name == "check_in":
            hint = dates.day_placeholder(now_of(self).date())
        # select_on_focus off: tabbing into a filled field and typing must not wipe it.
        return Input(
            value=value,
            placeholder=hint,
            id=f"field-{name}",
            suggester=suggester,
            select_on_focus=False,
        )

    def on_mount(self) -> None:
        self._understood()
        self.query_one("#field-title", Input).focus()

    def _understood(self) -> None:
        """Under the check-in field: the date understood ("Fri 4 Dec"), or what is wrong."""
        typed = self.query_one("#field-check_in", Input).value
        words, ok = dates.note(typed, now_of(self), need_time=False, allow_past=True)
        note = self.query_one("#understood-check_in", Label)
        note.update(harmless(words))
        note.set_class(not ok, "-error")
        note.display = bool(words)

    # --- values ---------------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        """What the form holds now, as text (blank for nothing chosen)."""
        out: dict[str, str] = {}
        for name, _, _ in FORM_FIELDS:
            widget = self.query_one(f"#field-{name}")
            if isinstance(widget, Select):
                value = widget.value
                out[name] = "" if value is Select.NULL else str(value)
            else:
                assert isinstance(widget, Input)
                out[name] = widget.value
        return out

    def _typed(self, values: Mapping[str, str]) -> dict[str, str]:
        """The fields whose text differs from what the file holds."""
        return {
            name: value
            for name, value in values.items()
            if value.strip() != self._baseline[name].strip()
        }

    @property
    def dirty(self) -> bool:
        """Anything typed or chosen that differs from what was saved."""
        return bool(self._typed(self.values()))

    # --- KeepsWords -----------------------------------------------------------------------

    def has_unsaved_words(self) -> bool:
        """Something typed differs from what was loaded and is not kept as a draft yet."""
        try:
            values = self.values()
        except NoMatches:  # not composed yet, or already gone: nothing typed here
            return False
        return bool(self._typed(values)) and values != self._kept

    def keep_draft(self) -> None:
        """Keep what is typed as this form's draft, now (synchronous); never raises."""
        try:
            values = self.values()
            if not self._typed(values):
                return
            host(self).services.drafts.keep(DRAFT_KIND, self.target, values, now_of(self))
            self._kept = values
        except Exception:  # the way out must go on whatever happens here
            return

    # --- messages -------------------------------------------------------------------------

    def _show_error(self, name: str | None, message: str) -> None:
        """Show one message: under field ``name``, or at the bottom when None; "" clears."""
        self._error_at = None
        for error in self.query(".field-error"):
            assert isinstance(error, Label)
            error.update("")
            error.remove_class("-shown")
        status = self.query_one("#goal-form-status", Static)
        status.update("")
        status.remove_class("-shown")
        if not message:
            return
        if name is None:
            status.update(message)
            status.add_class("-shown")
            return
        error = self.query_one(f"#error-{name}", Label)
        error.update(f"{message.rstrip('.')}.")
        error.add_class("-shown")
        field = self.query_one(f"#field-{name}")
        if isinstance(field, Input):
            self._error_at = (field.id, field.value)
        field.focus()
        self.query_one("#goal-form", VerticalScroll).scroll_to_widget(
            self.query_one(f"#label-{name}"), animate=False
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        """Typing in the field that had a problem clears the message (it may be fixed now)."""
        if event.input.id == "field-check_in":
            self._understood()
        if self._error_at is not None and self._error_at == (event.input.id, event.value):
            return  # the change that was already there when the message was shown
        if self._error_at is not None and self._error_at[0] == event.input.id:
            self._show_error(None, "")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves on to the next question (ctrl+s saves from anywhere)."""
        event.stop()
        self.focus_next()

    # --- actions --------------------------------------------------------------------------

    def action_save(self) -> None:
        """Check what was typed here, then save it off the event loop."""
        if self._saving:
            return  # one save at a time: a second ctrl+s must not add the goal twice
        values = self.values()
        now = now_of(self)
        try:
            if self.goal is None:
                mine, base = new_goal(values, now), None
            else:
                # Only what was changed here is written, so a field changed meanwhile in
                # another window survives.
                mine, base = edit_goal(self.goal, self._typed(values), now), self.goal
            if self.mark_reviewed:
                mine = review(mine, now)
        except GoalFieldError as error:
            self._show_error(error.field, str(error))
            return
        self._saving = True
        self.run_worker(self._save(mine, base), group="goal-save")

    async def _save(self, mine: Goal, base: Goal | None, *, as_new: bool = False) -> None:
        services, target = host(self).services, self.target

        def write() -> Goal:
            saved = services.goals.save(mine, base, as_new=as_new)
            forget_draft(services, DRAFT_KIND, target)
            return saved

        try:
            saved = await asyncio.to_thread(write)
        except RecordGone as gone:
            self._saving = False
            self._show_error(None, str(gone))
            if await self.app.push_screen_wait(save_as_new_modal(str(gone))):
                self._saving = True
                await self._save(mine, base, as_new=True)
            return
        except SaveError as error:
            self._saving = False
            self._show_error(None, str(error))
            self.notify(str(error), title="Not saved", severity="warning", markup=False)
            return
        self.dismiss(saved)

    def action_cancel(self) -> None:
        if self._saving:
            return  # the save on its way decides
        if not self.dirty:
            self.dismiss(None)
            return
        self.run_worker(self._ask_to_discard(), group="goal-leave")

    async def _ask_to_discard(self) -> None:
        discard = await self.app.push_screen_wait(
            ConfirmModal(
                "Leave without saving?",
                "What you typed here will not be kept.",
                yes="Leave",
                no="Keep editing",
            )
        )
        if discard:
            await drop_draft(self, DRAFT_KIND, self.target)
            self.dismiss(None)

