"""The gentle review: each finish line in turn. Still yours? The next step? How is it going?

Ones whose check-in date has come are first (:func:`due_for_review`). Each outcome is saved off
the event loop through ``services.goals.save`` (only the fields the review changed, onto the
record as it is on disk now). The screen is :class:`pacer.screens.leaving.KeepsWords`: a typed
step or date is kept as a draft (``kind="review"``, ``target`` the goal's id) on the way out and
put back when the review reaches that finish line again.
"""

from __future__ import annotations

import asyncio
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from pacer.domain import dates
from pacer.domain.goals import (
    Goal,
    GoalFieldError,
    check_in_date,
    friendly_date,
    is_due,
    review,
    text_of,
    title_of,
)
from pacer.domain.text import harmless
from pacer.keymap import bind, display
from pacer.screens.confirm import ConfirmModal
from pacer.screens.goals.common import (
    DRAFT_NOTE,
    detail_table,
    drop_draft,
    forget_draft,
    now_of,
    save_as_new_modal,
)
from pacer.screens.goals.form import GoalFormScreen
from pacer.screens.goals.reached import ReachedScreen
from pacer.screens.host import host
from pacer.services import RecordGone, SaveError
from pacer.services.drafts import draft_fields
from pacer.widgets.choice_list import ChoiceList

#: The draft kind of this form (see :class:`pacer.domain.records.Draft`).
DRAFT_KIND = "review"

#: What the review shows about a finish line (the step and check-in are editable below it).
REVIEW_DETAILS = ("Why it matters", "Running with me", "Route B")

REVIEW_CHOICES: tuple[tuple[str, str], ...] = (
    ("moving", "Still mine: keep moving toward it"),
    ("resting", "Resting for now"),
    ("reshaped", "Reshape it (change the words)"),
    ("reached", "I reached it!"),
    ("skip", "Not now, skip to the next one"),
)


class ReviewScreen(Screen[int]):
    """Look at each finish line in turn; dismisses with how many were looked at."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Not priority, so a save sees every key typed before it (see GoalFormScreen).
        bind("save"),
        bind("back", "stop"),
    ]

    HELP_TITLE = "Review"
    HELP = (
        "One finish line at a time. Type the next small step if it has changed, then choose "
        f"how it is going and press enter ({display('save')} saves too). {display('back')} "
        "ends the review; what you saved is kept."
    )

    DEFAULT_CSS = """
    ReviewScreen #review {
        padding: 1 2 0 2;
    }
    ReviewScreen #review-body {
        height: 1fr;
        padding: 0 1;
        scrollbar-size-vertical: 1;
    }
    ReviewScreen #review-goal {
        text-style: bold;
        width: 1fr;
    }
    ReviewScreen #review-when {
        color: $accent;
        width: 1fr;
    }
    ReviewScreen #review-fields {
        margin-top: 1;
        width: 1fr;
    }
    ReviewScreen #review-check-in-note {
        color: $text-muted;
        width: 1fr;
        height: auto;
        padding: 0 1;
    }
    ReviewScreen #review-check-in-note.-error {
        color: $warning;
    }
    ReviewScreen .field-label {
        margin-top: 1;
        width: 1fr;
    }
    #review-body Input {
        width: 1fr;
        max-width: 76;
        height: 1;
        padding: 0 1;
        border: none;
        border-left: tall $primary 40%;
        background: $surface;
    }
    #review-body Input:focus {
        border: none;
        border-left: tall $accent;
        background: $panel;
    }
    ReviewScreen #review-choices {
        height: auto;
        width: 1fr;
        max-width: 60;
        margin-top: 0;
    }
    ReviewScreen #review-error {
        color: $warning;
        height: auto;
        width: 1fr;
    }
    """

    def __init__(self, goals: list[Goal]) -> None:
        super().__init__()
        self.queue = list(goals)
        self.index = 0
        self.reviewed = 0
        self._error_at: tuple[str | None, str] | None = None
        #: The (step, date) last kept as a draft: leaving with exactly these loses nothing.
        self._kept: tuple[str, str] | None = None
        self._saving = False
        #: The (step, date) _show put in the fields: their Changed events are not typing.
        self._shown: tuple[str, str] | None = None

    @property
    def current(self) -> Goal:
        return self.queue[self.index]

    def compose(self) -> ComposeResult:
        with Vertical(id="review"):
            yield Label("", classes="screen-title", id="review-title")
            with VerticalScroll(id="review-body"):
                yield Static("", id="review-goal", markup=False)
                yield Static("", id="review-when")
                yield Static("", id="review-fields")
                yield Label(
                    "Still yours? What is the next small step?",
                    classes="field-label",
                )
                yield Input(
                    placeholder="one small thing", id="review-step", select_on_focus=False
                )
                yield Label(
                    "Next check-in (optional: "
                    f"{dates.day_placeholder(now_of(self).date())})",
                    classes="field-label",
                )
                yield Input(placeholder="no date", id="review-check-in", select_on_focus=False)
                # The date understood as it is typed ("Fri 4 Dec"), or what is wrong with it.
                yield Label("", id="review-check-in-note", markup=False)
                yield Label("How is it going?", classes="field-label")
                yield ChoiceList(
                    *(Option(words, id=key) for key, words in REVIEW_CHOICES),
                    id="review-choices",
                )
                yield Label("", id="review-error", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        goal = self.current
        now = now_of(self)
        total = len(self.queue)
        self._kept = None
        self.query_one("#review-title", Label).update(
            f"Review your finish lines · {self.index + 1} of {total}"
        )
        self.query_one("#review-goal", Static).update(title_of(goal))
        when = ""
        planned = check_in_date(goal)
        if planned is not None and is_due(goal, now.date()):
            when = f"Its check-in date has come ({friendly_date(planned, now.date())})."
        self.query_one("#review-when", Static).update(when)
        self.query_one("#review-when").display = bool(when)
        fields = self.query_one("#review-fields", Static)
        fields.update(detail_table(goal, now, only=REVIEW_DETAILS))
        fields.display = any(text_of(goal, key) for key in ("why", "who", "route_b"))
        kept = draft_fields(host(self).services.drafts.find(DRAFT_KIND, str(goal["id"])))
        step = self.query_one("#review-step", Input)
        step.value = harmless(kept.get("next_step", self._loaded_step))
        step.cursor_position = len(step.value)
        check_in = self.query_one("#review-check-in", Input)
        check_in.value = harmless(kept.get("check_in", ""))
        check_in.placeholder = (
            f"now {friendly_date(planned, now.date())}; leave empty to keep it"
            if planned is not None and planned > now.date()
            else "no date"
        )
        self._understood()
        choices = self.query_one("#review-choices", OptionList)
        choices.highlighted = 0
        self._error_at = None
        self._shown = self._typed()
        restored = self.dirty
        self.query_one("#review-error", Label).update(DRAFT_NOTE if restored else "")
        self.query_one("#review-body", VerticalScroll).scroll_home(animate=False)
        step.focus()

    @property
    def _loaded_step(self) -> str:
        """The next step as the file holds it, as shown (harmless)."""
        return text_of(self.current, "next_step")

    def _typed(self) -> tuple[str, str]:
        return (
            self.query_one("#review-step", Input).value,
            self.query_one("#review-check-in", Input).value,
        )

    @property
    def dirty(self) -> bool:
        step, typed_date = self._typed()
        return step.strip() != self._loaded_step.strip() or bool(typed_date.strip())

    # --- KeepsWords -----------------------------------------------------------------------

    def has_unsaved_words(self) -> bool:
        """A step or date typed for this finish line, not saved and not kept yet."""
        try:
            return self.dirty and self._typed() != self._kept
        except NoMatches:
            return False

    def keep_draft(self) -> None:
        """Keep the typed step and date as this finish line's review draft; never raises."""
        try:
            if not self.dirty:
                return
            step, typed_date = self._typed()
            host(self).services.drafts.keep(
                DRAFT_KIND,
                str(self.current["id"]),
                {"next_step": step, "check_in": typed_date},
                now_of(self),
            )
            self._kept = (step, typed_date)
        except Exception:  # the way out must go on whatever happens here
            return

    # --- events ---------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def _understood(self, error: str | None = None) -> None:
        """Under the check-in field: the date understood ("Fri 4 Dec"), or what is wrong
        (``error``: a save's message for this field, shown in the same place)."""
        typed = self.query_one("#review-check-in", Input).value
        words, ok = (error, False) if error is not None else dates.note(
            typed, now_of(self), need_time=False, allow_past=True
        )
        note = self.query_one("#review-check-in-note", Label)
        note.update(harmless(words))
        note.set_class(not ok, "-error")
        note.display = bool(words)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Typing clears the message (unless it is the very value the message is about)."""
        if event.input.id == "review-check-in" and self._error_at != (event.input.id,
                                                                        event.value):
            self._understood()
        if self._typed() == self._shown:
            return  # the values _show filled in, not typing
        if self._error_at != (event.input.id, event.value):
            self._error_at = None
            self.query_one("#review-error", Label).update("")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(event.option.id or "skip")

    def action_save(self) -> None:
        option = self.query_one("#review-choices", OptionList).highlighted_option
        self.choose(option.id if option is not None and option.id else "moving")

    # --- outcomes -------------------------------------------------------------------------

    def choose(self, outcome: str) -> None:
        """Apply one of REVIEW_CHOICES to the current finish line and move on."""
        if self._saving:
            return
        if outcome == "skip":
            self._next()
            return
        goal = self.current
        step, typed_date = self._typed()
        if outcome == "reshaped":
            self._reshape(goal, step, typed_date)
            return
        # An untouched step is not rewritten (it may differ from the file only by being shown
        # harmless).
        new_step = step if step.strip() != self._loaded_step.strip() else None
        try:
            mine = review(
                goal, now_of(self), status=outcome, next_step=new_step,
                check_in=typed_date or None,
            )
        except GoalFieldError as error:
            self._error(str(error), error.field)
            return
        self._saving = True
        self.run_worker(self._save(goal, mine, outcome), group="review-save")

    async def _save(self, goal: Goal, mine: Goal, outcome: str, *, as_new: bool = False) -> None:
        services = host(self).services
        goal_id = str(goal["id"])

        def write() -> Goal:
            saved = services.goals.save(mine, goal, as_new=as_new)
            forget_draft(services, DRAFT_KIND, goal_id)
            return saved

        try:
            saved = await asyncio.to_thread(write)
        except RecordGone as gone:
            self._saving = False
            self._error(str(gone), None)
            if await self.app.push_screen_wait(save_as_new_modal(str(gone))):
                self._saving = True
                await self._save(goal, mine, outcome, as_new=True)
            return
        except SaveError as error:
            self._saving = False
            self._error(str(error), None)
            return
        self._saving = False
        self.queue[self.index] = saved
        self.reviewed += 1
        if outcome == "reached":
            self.app.push_screen(ReachedScreen(saved), lambda _: self._next())
        else:
            self._next()

    def _reshape(self, goal: Goal, step: str, typed_date: str) -> None:
        overrides = {"status": "reshaped", "next_step": step}
        if typed_date.strip():
            overrides["check_in"] = typed_date

        def done(saved: Goal | None) -> None:
            if saved is not None:
                self.queue[self.index] = saved
                self.reviewed += 1
                self.run_worker(drop_draft(self, DRAFT_KIND, str(goal["id"])))
                self._next()

        form = GoalFormScreen(goal, overrides=overrides, mark_reviewed=True)
        self.app.push_screen(form, done)

    def _error(self, message: str, field: str | None) -> None:
        if field == "check_in":
            self._understood(f"{message.rstrip('.')}.")  # beside the field, not at the bottom
        else:
            self.query_one("#review-error", Label).update(f"{message.rstrip('.')}.")
        if field in ("check_in", "next_step"):
            widget = self.query_one(
                "#review-check-in" if field == "check_in" else "#review-step", Input
            )
            self._error_at = (widget.id, widget.value)
            widget.focus()

    def _next(self) -> None:
        if self.index + 1 >= len(self.queue):
            self.dismiss(self.reviewed)
            return
        self.index += 1
        self._show()

    def action_stop(self) -> None:
        if self._saving:
            return
        if not self.dirty:
            self.dismiss(self.reviewed)
            return
        self.run_worker(self._ask_to_discard(), group="review-leave")

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
            await drop_draft(self, DRAFT_KIND, str(self.current["id"]))
            self.dismiss(self.reviewed)

