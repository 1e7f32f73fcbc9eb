"""Finish lines: the list, the add/edit form, the details, and the gentle review.

"All marathon runners need a finish line to run toward." This screen keeps them in sight.

Saving: every change goes through :func:`change_goal`, which applies the change to the record
*as it is on disk now* (inside ``store.update_document``, under the folder lock), so an edit
made in another window or by ``pacer import`` meanwhile is kept, field by field. A failed save
shows the store's one-line message and nothing claims it was saved.

Keys: ``a`` adds (the title has focus first), ``e`` edits, Enter opens, ``d`` archives (``u``
undoes it), ``v`` starts a review. In forms ``ctrl+s`` saves and Escape cancels, asking first
when something was typed. The wall clock is injectable so tests and snapshots never depend on
the real date.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from pacer.domain.goals import (
    AREAS,
    KIND_WORDS,
    KINDS,
    STATUS_WORDS,
    STATUSES,
    Goal,
    GoalFieldError,
    archive,
    check_in_date,
    check_in_words,
    clean_fields,
    detail_lines,
    due_for_review,
    edit_goal,
    form_values,
    friendly_date,
    is_active,
    is_due,
    listed,
    new_goal,
    review,
    status_of,
    title_of,
    unarchive,
)
from pacer.screens.dialogs import DIALOG_CSS

INTRO = (
    "What are you running toward? Big or small, near or far, in your own words. "
    "Running toward something is easier to keep up than running away."
)
EMPTY = (
    "No finish lines yet.\n\nPress a to add one: a trip, a day with someone, a thing to make, "
    "a habit to keep. Only a few words are needed."
)

FORM_INTRO = "Only the first question is needed. The rest can wait for another day."

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
    ("check_in", "Check-in date", "2025-06-01, tomorrow, in 2 weeks"),
    ("status", "How is it going?", ""),
)

#: The widest a title gets in the list before it is shortened with "…" (Enter shows it all).
TITLE_COLUMN = 40

#: What the review shows about a finish line (the step and check-in are editable below it).
REVIEW_DETAILS = ("Why it matters", "Running with me", "Route B")

REVIEW_CHOICES: tuple[tuple[str, str], ...] = (
    ("moving", "Still mine: keep moving toward it"),
    ("resting", "Resting for now"),
    ("reshaped", "Reshape it (change the words)"),
    ("reached", "I reached it!"),
    ("skip", "Not now, skip to the next one"),
)


# --- store access -----------------------------------------------------------------------------


def read_goals(store: Any) -> tuple[list[Goal], str | None]:
    """All goal records, and an error message when goals.json cannot be read (never raises)."""
    from pacer.store import StoreError

    try:
        doc = store.read_document("goals.json")
    except StoreError as error:
        return [], str(error)
    goals = doc.get("goals") or []
    return [g for g in goals if isinstance(g, dict)], None


def change_goal(
    store: Any, goal_id: str, change: Callable[[Goal], Goal], fallback: Goal | None = None
) -> Goal:
    """Apply ``change`` to the stored record ``goal_id`` and save; return the saved record.

    The change runs on the record as it is on disk now (under the store's lock); ``fallback``
    is used when there is no such record (a new goal, or one removed meanwhile). Raises
    :class:`pacer.store.StoreError` when the save failed: the caller must not say "saved".
    """
    from pacer.store import StoreError, upsert

    saved: dict[str, Goal] = {}

    def update(doc: dict[str, Any]) -> dict[str, Any]:
        goals = [g for g in doc.get("goals") or [] if isinstance(g, dict)]
        current = next((g for g in goals if g.get("id") == goal_id), None)
        base = current if current is not None else fallback
        if base is None:
            raise StoreError("Not saved: this finish line is no longer in goals.json")
        saved["goal"] = change(dict(base))
        return {**doc, "goals": upsert(goals, [saved["goal"]])}

    store.update_document("goals.json", update)
    return saved["goal"]


def wall_now(screen: Screen[Any], clock: Callable[[], datetime] | None) -> datetime:
    """Local date and time from ``clock``, else the app's injectable wall clock (always aware)."""
    clock = clock or getattr(screen.app, "wall_clock", None)
    now = clock() if clock is not None else datetime.now().astimezone()
    return now if now.tzinfo is not None else now.astimezone()


def store_of(screen: Screen[Any]) -> Any:
    """The app's Store (PacerApp.store)."""
    return screen.app.store  # type: ignore[attr-defined]


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


# --- dialogs ----------------------------------------------------------------------------------


class DiscardScreen(ModalScreen[bool]):
    """Ask before throwing away typed text; True means discard. Esc or n keeps editing."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="DiscardScreen")
        + """
    DiscardScreen Horizontal {
        height: auto;
        margin-top: 1;
    }
    DiscardScreen Button {
        margin-right: 2;
    }
    """
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "keep", "Keep editing"),
        Binding("y", "discard", "Discard"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Leave without saving?", classes="title")
            yield Static("What you typed here will not be kept.", classes="body")
            with Horizontal():
                yield Button("Keep editing", id="keep", variant="primary")
                yield Button("Leave", id="discard")
            yield Static("Esc or n keeps editing · y leaves", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "discard")

    def action_keep(self) -> None:
        self.dismiss(False)

    def action_discard(self) -> None:
        self.dismiss(True)


class ReachedScreen(ModalScreen[None]):
    """A moment to notice a finish line reached. It stays in the list, marked ✓."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ReachedScreen") + """
    ReachedScreen > Vertical {
        border: round $success;
    }
    ReachedScreen #reached-title {
        color: $success;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter,space", "close", "Close")]

    def __init__(self, goal: Goal) -> None:
        super().__init__()
        self.goal = goal

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("✓ You reached it", classes="title", id="reached-title")
            yield Static(title_of(self.goal), classes="body", id="reached-goal", markup=False)
            yield Static(
                "That is worth a pause. Take a moment with it, and maybe share it with "
                "someone who ran with you. It stays with your finish lines.",
                classes="hint",
            )
            yield Static("Enter: carry on", classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)


# --- the form ---------------------------------------------------------------------------------


class GoalFormScreen(Screen[Goal | None]):
    """Add or edit a finish line. Only the title is needed; the rest can wait for another day.

    Dismisses with the saved record, or None when cancelled. It saves itself (so a failed save
    can keep the form open with the message) through :func:`change_goal`.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    HELP_TITLE = "Finish line"
    HELP = (
        "Only the first line is needed. Tab moves to the next question, ctrl+s saves, "
        "Escape leaves (Pacer asks first if you typed something)."
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
        wall_clock: Callable[[], datetime] | None = None,
    ) -> None:
        """``overrides`` pre-fills fields (a review reshaping a goal passes its typed step);
        ``mark_reviewed`` also records the save as a review."""
        super().__init__()
        self.goal = goal
        self.initial = {**form_values(goal), **(overrides or {})}
        self._baseline = form_values(goal)
        self.mark_reviewed = mark_reviewed
        self._wall_clock = wall_clock
        self._error_at: tuple[str | None, str] | None = None

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        heading = "Add a finish line" if self.goal is None else "Edit your finish line"
        with Vertical(id="goal-form-outer"):
            yield Label(heading, classes="screen-title")
            yield Static(FORM_INTRO, id="goal-form-intro")
            with VerticalScroll(id="goal-form"):
                for number, (name, label, hint) in enumerate(FORM_FIELDS):
                    classes = "field-label -first" if number == 0 else "field-label"
                    yield Label(label, classes=classes, id=f"label-{name}")
                    yield self._field(name, hint)
                    yield Label("", classes="field-error", id=f"error-{name}", markup=False)
            yield Static("", id="goal-form-status", markup=False)
        yield Footer(compact=True)

    def _field(self, name: str, hint: str) -> Widget:
        value = self.initial[name]
        if name == "kind":
            return Select(
                [(KIND_WORDS[kind], kind) for kind in KINDS],
                value=value if value in KINDS else Select.NULL,
                prompt="Not sure yet",
                compact=True,
                id="field-kind",
            )
        if name == "status":
            return Select(
                [(STATUS_WORDS[status], status) for status in STATUSES],
                value=value if value in STATUSES else "moving",
                allow_blank=False,
                compact=True,
                id="field-status",
            )
        suggester = SuggestFromList(AREAS, case_sensitive=False) if name == "area" else None
        # select_on_focus off: tabbing into a filled field and typing must not wipe it.
        return Input(
            value=value,
            placeholder=hint,
            id=f"field-{name}",
            suggester=suggester,
            select_on_focus=False,
        )

    def on_mount(self) -> None:
        self.query_one("#field-title", Input).focus()

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

    @property
    def dirty(self) -> bool:
        """Anything typed or chosen that differs from what was saved."""
        now = self.values()
        return any(now[name].strip() != self._baseline[name].strip() for name in now)

    def _now(self) -> datetime:
        return wall_now(self, self._wall_clock)

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
        error.update(f"{message}.")
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
        from pacer.store import StoreError

        values = self.values()
        now = self._now()
        try:
            clean_fields(values, now.date())
            fallback = new_goal(values, now) if self.goal is None else self.goal
        except GoalFieldError as error:
            self._show_error(error.field, str(error))
            return
        is_new, mark_reviewed = self.goal is None, self.mark_reviewed
        # Only what was changed here is applied to the record on disk, so a field changed
        # meanwhile in another window survives (a three-way merge, field by field).
        changed = {
            name: value
            for name, value in values.items()
            if value.strip() != self._baseline[name].strip()
        }

        def change(current: Goal) -> Goal:
            updated = current if is_new else edit_goal(current, changed, now)
            return review(updated, now) if mark_reviewed else updated

        try:
            saved = change_goal(store_of(self), str(fallback["id"]), change, fallback)
        except GoalFieldError as error:  # a hand-edited value on disk that was not retyped
            self._show_error(error.field, str(error))
            return
        except StoreError as error:
            self._show_error(None, f"{error}")
            self.notify(str(error), title="Not saved", severity="warning", markup=False)
            return
        self.dismiss(saved)

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return

        def decided(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(DiscardScreen(), decided)


# --- details ----------------------------------------------------------------------------------


class GoalDetailScreen(Screen[Goal | None]):
    """One finish line in full. ``e`` edits it; Escape goes back with the latest version."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit"),
        Binding("escape", "back", "Back"),
    ]

    HELP_TITLE = "Finish line"
    HELP = "Everything you wrote about this finish line. Press e to change it."

    DEFAULT_CSS = """
    GoalDetailScreen #goal-detail {
        padding: 1 2 0 2;
    }
    GoalDetailScreen #goal-detail-body {
        height: 1fr;
        padding: 0 1;
    }
    """

    def __init__(self, goal: Goal, wall_clock: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.goal = goal
        self._wall_clock = wall_clock

    def _now(self) -> datetime:
        return wall_now(self, self._wall_clock)

    def compose(self) -> ComposeResult:
        with Vertical(id="goal-detail"):
            yield Label(
                title_of(self.goal), classes="screen-title", id="goal-detail-title", markup=False
            )
            with VerticalScroll(id="goal-detail-body"):
                yield Static(detail_table(self.goal, self._now()), id="goal-detail-fields")
        yield Footer(compact=True)

    def action_edit(self) -> None:
        def edited(saved: Goal | None) -> None:
            if saved is not None:
                self.goal = saved
                self.query_one("#goal-detail-title", Label).update(title_of(saved))
                self.query_one("#goal-detail-fields", Static).update(
                    detail_table(saved, self._now())
                )
                self.notify("Saved.", timeout=3)

        self.app.push_screen(GoalFormScreen(self.goal, wall_clock=self._wall_clock), edited)

    def action_back(self) -> None:
        self.dismiss(self.goal)


# --- review -----------------------------------------------------------------------------------


class ReviewScreen(Screen[int]):
    """Look at each finish line in turn: still yours? the next step? how is it going?

    Ones whose check-in date has come are first (:func:`due_for_review`). Dismisses with how
    many were looked at.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "stop", "End review"),
    ]

    HELP_TITLE = "Review"
    HELP = (
        "One finish line at a time. Type the next small step if it has changed, then choose "
        "how it is going and press Enter. Escape ends the review; what you saved is kept."
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

    def __init__(
        self, goals: list[Goal], wall_clock: Callable[[], datetime] | None = None
    ) -> None:
        super().__init__()
        self.queue = list(goals)
        self.index = 0
        self.reviewed = 0
        self._wall_clock = wall_clock
        self._error_at: tuple[str | None, str] | None = None

    def _now(self) -> datetime:
        return wall_now(self, self._wall_clock)

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
                    "Next check-in (optional: 2025-06-01, tomorrow, in 2 weeks)",
                    classes="field-label",
                )
                yield Input(placeholder="no date", id="review-check-in", select_on_focus=False)
                yield Label("How is it going?", classes="field-label")
                yield OptionList(
                    *(Option(words, id=key) for key, words in REVIEW_CHOICES),
                    id="review-choices",
                )
                yield Label("", id="review-error", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        goal = self.current
        now = self._now()
        total = len(self.queue)
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
        fields.display = any(goal.get(key) for key in ("why", "who", "route_b"))
        step = self.query_one("#review-step", Input)
        step.value = str(goal.get("next_step") or "")
        step.cursor_position = len(step.value)
        check_in = self.query_one("#review-check-in", Input)
        check_in.value = ""
        check_in.placeholder = (
            f"now {friendly_date(planned, now.date())}; leave empty to keep it"
            if planned is not None and planned > now.date()
            else "no date"
        )
        choices = self.query_one("#review-choices", OptionList)
        choices.highlighted = 0
        self.query_one("#review-error", Label).update("")
        self.query_one("#review-body", VerticalScroll).scroll_home(animate=False)
        step.focus()

    @property
    def dirty(self) -> bool:
        step = self.query_one("#review-step", Input).value.strip()
        typed_date = self.query_one("#review-check-in", Input).value.strip()
        return step != str(self.current.get("next_step") or "").strip() or bool(typed_date)

    # --- events ---------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Typing clears the message (unless it is the very value the message is about)."""
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
        from pacer.store import StoreError

        if outcome == "skip":
            self._next()
            return
        goal = self.current
        now = self._now()
        step = self.query_one("#review-step", Input).value
        typed_date = self.query_one("#review-check-in", Input).value
        if outcome == "reshaped":
            self._reshape(goal, step, typed_date)
            return
        try:
            review(goal, now, status=outcome, next_step=step, check_in=typed_date or None)
        except GoalFieldError as error:
            self._error(str(error), error.field)
            return
        try:
            saved = change_goal(
                store_of(self),
                str(goal["id"]),
                lambda current: review(
                    current, now, status=outcome, next_step=step, check_in=typed_date or None
                ),
                goal,
            )
        except GoalFieldError as error:  # a hand-edited value on disk
            self._error(str(error), error.field)
            return
        except StoreError as error:
            self._error(f"{error}", None)
            return
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
                self._next()

        form = GoalFormScreen(
            goal, overrides=overrides, mark_reviewed=True, wall_clock=self._wall_clock
        )
        self.app.push_screen(form, done)

    def _error(self, message: str, field: str | None) -> None:
        self.query_one("#review-error", Label).update(f"{message}.")
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
        if not self.dirty:
            self.dismiss(self.reviewed)
            return

        def decided(discard: bool | None) -> None:
            if discard:
                self.dismiss(self.reviewed)

        self.app.push_screen(DiscardScreen(), decided)


# --- the list ---------------------------------------------------------------------------------


class GoalsScreen(Screen[None]):
    """Your finish lines: active ones first, reached ones (✓) kept at the end."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("enter", "open", "Open", show=False),
        Binding("d", "archive", "Archive"),
        Binding("u", "undo", "Undo"),
        Binding("v", "review", "Review"),
        Binding("escape", "back", "Back"),
    ]

    HELP_TITLE = "Finish lines"
    HELP = (
        "The things you are running toward. a adds one, e edits, Enter opens, d archives "
        "(u brings it back), v looks at each one in turn: ones whose check-in date has come "
        "are first."
    )

    DEFAULT_CSS = """
    GoalsScreen #goals {
        padding: 1 2 0 2;
    }
    GoalsScreen #goals-intro {
        color: $text-muted;
        padding: 0 1;
        margin-bottom: 1;
        width: 1fr;
    }
    GoalsScreen #goal-list {
        height: auto;
        max-height: 10;
        width: 1fr;
    }
    GoalsScreen #goals-empty {
        padding: 0 1;
        width: 1fr;
    }
    GoalsScreen #goal-summary {
        height: 1fr;
        margin-top: 1;
        padding: 0 1;
        border-top: solid $primary 30%;
    }
    GoalsScreen #goals-error {
        color: $warning;
        padding: 0 1;
        height: auto;
    }
    """

    def __init__(self, wall_clock: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self._wall_clock = wall_clock
        self.goals: list[Goal] = []
        self.error: str | None = None
        self.undo_goal: Goal | None = None

    def _now(self) -> datetime:
        return wall_now(self, self._wall_clock)

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="goals"):
            yield Label("Finish lines", classes="screen-title")
            yield Static(INTRO, id="goals-intro")
            yield Static("", id="goals-error", markup=False)
            yield Static(EMPTY, id="goals-empty")
            yield OptionList(id="goal-list")
            yield Static("", id="goal-summary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()

    @property
    def shown(self) -> list[Goal]:
        return listed(self.goals)

    @property
    def highlighted(self) -> Goal | None:
        options = self.query_one("#goal-list", OptionList)
        option = options.highlighted_option
        if option is None:
            return None
        return next((g for g in self.goals if g.get("id") == option.id), None)

    def reload(self, select: str | None = None) -> None:
        """Read goals.json again and redraw, keeping (or moving) the highlight."""
        previous = self.highlighted if self.is_mounted and select is None else None
        self.goals, self.error = read_goals(store_of(self))
        error = self.query_one("#goals-error", Static)
        error.update(
            f"Your finish lines could not be read, so nothing here will be changed: {self.error}"
            if self.error
            else ""
        )
        error.display = self.error is not None
        shown = self.shown
        now = self._now()
        options = self.query_one("#goal-list", OptionList)
        width = min(TITLE_COLUMN, max((len(title_of(goal)) for goal in shown), default=0))
        options.set_options(
            Option(goal_row(goal, now, width), id=str(goal["id"])) for goal in shown
        )
        wanted = select or (str(previous["id"]) if previous else None)
        ids = [str(goal["id"]) for goal in shown]
        if shown:
            options.highlighted = ids.index(wanted) if wanted in ids else 0
        options.display = bool(shown)
        self.query_one("#goals-empty").display = not shown and self.error is None
        options.focus()
        self._show_summary()
        self.refresh_bindings()

    def _show_summary(self) -> None:
        goal = self.highlighted
        summary = self.query_one("#goal-summary", Static)
        summary.display = goal is not None
        if goal is not None:
            summary.update(detail_table(goal, self._now()))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_summary()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide what cannot be done now: nothing to edit, nothing to undo, an unreadable file."""
        if action in ("edit", "open", "archive"):
            return not self.error and bool(self.shown)
        if action == "add":
            return not self.error
        if action == "undo":
            return self.undo_goal is not None
        if action == "review":
            return not self.error and any(is_active(g) for g in self.goals)
        return True

    # --- actions --------------------------------------------------------------------------

    def _saved(self, saved: Goal | None, message: str = "Saved.") -> None:
        if saved is not None:
            self.undo_goal = None
            self.reload(select=str(saved["id"]))
            self.notify(message, timeout=3)

    def action_add(self) -> None:
        self.app.push_screen(GoalFormScreen(wall_clock=self._wall_clock), self._saved)

    def action_edit(self) -> None:
        goal = self.highlighted
        if goal is not None:
            self.app.push_screen(GoalFormScreen(goal, wall_clock=self._wall_clock), self._saved)

    def action_open(self) -> None:
        goal = self.highlighted
        if goal is not None:
            screen = GoalDetailScreen(goal, wall_clock=self._wall_clock)
            self.app.push_screen(screen, lambda _: self.reload(select=str(goal["id"])))

    def action_archive(self) -> None:
        """Archive now, undo with u: quicker and kinder than an "are you sure?"."""
        from pacer.store import StoreError

        goal = self.highlighted
        if goal is None:
            return
        now = self._now()
        try:
            saved = change_goal(
                store_of(self), str(goal["id"]), lambda g: archive(g, now), goal
            )
        except StoreError as error:
            self.notify(str(error), title="Not archived", severity="warning", markup=False)
            return
        self.reload()
        self.undo_goal = saved
        self.refresh_bindings()
        self.notify(
            f"Archived “{title_of(saved)}”. Press u to bring it back.", timeout=8, markup=False
        )

    def action_undo(self) -> None:
        from pacer.store import StoreError

        goal = self.undo_goal
        if goal is None:
            return
        now = self._now()
        try:
            saved = change_goal(
                store_of(self), str(goal["id"]), lambda g: unarchive(g, now), goal
            )
        except StoreError as error:
            self.notify(
                str(error), title="Not brought back", severity="warning", markup=False
            )
            return
        self.undo_goal = None
        self.reload(select=str(saved["id"]))
        self.notify(f"“{title_of(saved)}” is back.", timeout=4, markup=False)

    def action_review(self) -> None:
        queue = due_for_review(self.goals, self._now().date())
        if not queue:
            self.notify("Nothing to look at yet. Press a to add a finish line.", timeout=4)
            return

        def finished(count: int | None) -> None:
            self.reload()
            if count:
                self.notify("Thank you for checking in with your finish lines.", timeout=4)

        self.app.push_screen(ReviewScreen(queue, wall_clock=self._wall_clock), finished)

    def action_back(self) -> None:
        self.dismiss(None)
