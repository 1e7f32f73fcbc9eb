"""Finish lines: "All marathon runners need a finish line to run toward."

The list keeps them in sight: active ones first, reached ones (✓) at the end. Keys: ``a`` adds
(the title has focus first), ``e`` edits, enter opens, ``x`` archives (``u`` undoes it), ``v``
starts a review. ``o`` switches to the archived ones and back; there ``u`` brings the
highlighted one back (an archived finish line is put away, never lost).

Everything goes through ``host(self).services.goals``: the list shows only records that fit a
finish line, and names each one that does not (file, index, field, value) in one gentle line,
leaving it exactly as it is in the file. Archive and undo run off the event loop, and their
note appears only once the change is on disk.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import ClassVar

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from pacer.domain.goals import Goal, due_for_review, is_active, is_archived, listed, title_of
from pacer.domain.text import harmless
from pacer.keymap import bind, display
from pacer.screens.goals.common import TITLE_COLUMN, detail_table, goal_row, now_of
from pacer.screens.goals.detail import GoalDetailScreen
from pacer.screens.goals.form import GoalFormScreen
from pacer.screens.goals.review import ReviewScreen
from pacer.screens.host import host
from pacer.services import SaveError
from pacer.widgets.choice_list import ChoiceList

INTRO = (
    "What are you running toward? Big or small, near or far, in your own words. "
    "Running toward something is easier to keep up than running away."
)
EMPTY = (
    f"No finish lines yet.\n\nPress {display('add')} to add one: a trip, a day with someone, "
    "a thing to make, "
    "a habit to keep. Only a few words are needed."
)
#: The list of archived ones, when there are none.
EMPTY_ARCHIVE = "Nothing is archived.\n\nPress o to go back to your finish lines."
#: The archived view's line under the title.
ARCHIVE_INTRO = (
    "Finish lines you put away. Press u to bring the highlighted one back, o to go back."
)


def empty_text(archived: int) -> str:
    """What an empty list of current finish lines says; it names archived ones, if any."""
    if not archived:
        return EMPTY
    ones = "1 archived finish line" if archived == 1 else f"{archived} archived finish lines"
    return (
        f"No finish lines in progress. You have {ones}: press o to see them.\n\n"
        "Press a to add a new one."
    )


#: Above the lines naming records that could not be shown.
PROBLEMS_INTRO = "Some finish lines could not be shown. They are left as they are in the file:"
#: At most this many of those lines; the rest are counted.
PROBLEM_LINES = 3


class GoalsScreen(Screen[None]):
    """Your finish lines: active ones first, reached ones (✓) kept at the end."""

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("add"),
        bind("edit"),
        bind("open", show=False),
        bind("archive"),
        bind("undo"),
        bind("review"),
        bind("back"),
        bind("archived"),
    ]

    HELP_TITLE = "Finish lines"
    HELP = (
        f"The things you are running toward. {display('add')} adds one, {display('edit')} "
        f"edits, enter opens, {display('archive')} archives "
        "(u brings it back), v looks at each one in turn: ones whose check-in date has come "
        "are first. o shows the archived ones; there u brings one back."
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
    GoalsScreen #goals {
        scrollbar-size-vertical: 1;
    }
    GoalsScreen.-short #goal-summary {
        height: auto;
    }
    GoalsScreen.-short #goals-intro {
        margin-bottom: 0;
    }
    GoalsScreen #goals-problems {
        color: $text-muted;
        padding: 0 1;
        margin-bottom: 1;
        height: auto;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.goals: list[Goal] = []
        self.error: str | None = None
        #: One line per record that does not fit a finish line (shown, never fixed here).
        self.problems: list[str] = []
        self.undo_goal: Goal | None = None
        #: The list shows the archived finish lines instead of the current ones.
        self.showing_archived = False
        self._busy = False

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Scrolls on a short terminal (40x12): the intro, the list and the summary as one column.
        with VerticalScroll(id="goals"):
            yield Label("Finish lines", classes="screen-title", id="goals-title")
            yield Static(INTRO, id="goals-intro")
            yield Static("", id="goals-error", markup=False)
            yield Static("", id="goals-problems", markup=False)
            yield Static(EMPTY, id="goals-empty")
            yield ChoiceList(id="goal-list")
            yield Static("", id="goal-summary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()

    @property
    def shown(self) -> list[Goal]:
        if self.showing_archived:
            return [goal for goal in self.goals if is_archived(goal)]
        return listed(self.goals)

    @property
    def highlighted(self) -> Goal | None:
        options = self.query_one("#goal-list", OptionList)
        option = options.highlighted_option
        if option is None:
            return None
        return next((g for g in self.goals if g.get("id") == option.id), None)

    def reload(self, select: str | None = None) -> None:
        """Read the finish lines again and redraw, keeping (or moving) the highlight.

        A read (no lock, no fsync), so it runs on the event loop.
        """
        previous = self.highlighted if self.is_mounted and select is None else None
        listing = host(self).services.goals.listing()
        self.goals, self.error = listing.items, listing.error
        self.problems = [harmless(str(rejected)) for rejected in listing.rejected]
        error = self.query_one("#goals-error", Static)
        error.update(
            "Your finish lines could not be read, so nothing here will be changed: "
            f"{harmless(self.error)}"
            if self.error
            else ""
        )
        error.display = self.error is not None
        self._show_problems()
        shown = self.shown
        now = now_of(self)
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
        empty = self.query_one("#goals-empty", Static)
        archived = sum(1 for goal in self.goals if is_archived(goal))
        empty.update(EMPTY_ARCHIVE if self.showing_archived else empty_text(archived))
        empty.display = not shown and self.error is None
        self.query_one("#goals-intro", Static).update(
            ARCHIVE_INTRO if self.showing_archived else INTRO
        )
        self.query_one("#goals-title", Label).update(
            "Finish lines: archived" if self.showing_archived else "Finish lines"
        )
        options.focus()
        self._show_summary()
        self.refresh_bindings()

    def _show_problems(self) -> None:
        lines = [f"· {line}" for line in self.problems[:PROBLEM_LINES]]
        hidden = len(self.problems) - len(lines)
        if hidden:
            lines.append(f"· and {hidden} more")
        widget = self.query_one("#goals-problems", Static)
        widget.update("\n".join([PROBLEMS_INTRO, *lines]) if lines else "")
        widget.display = bool(lines)

    def _show_summary(self) -> None:
        goal = self.highlighted
        summary = self.query_one("#goal-summary", Static)
        summary.display = goal is not None
        if goal is not None:
            table = detail_table(goal, now_of(self))
            title = title_of(goal)
            if len(title) > TITLE_COLUMN:
                # The list cut it with "…": here it is whole, wrapped, as it was typed.
                summary.update(Group(Text(harmless(title), style="bold"), table))
            else:
                summary.update(table)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_summary()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide what cannot be done now: nothing to edit, nothing to undo, an unreadable file."""
        if action in ("edit", "archive"):
            return not self.error and bool(self.shown) and not self.showing_archived
        if action == "open":
            return not self.error and bool(self.shown)
        if action == "add":
            return not self.error and not self.showing_archived
        if action == "undo":
            if self.showing_archived:
                return not self.error and bool(self.shown)
            return self.undo_goal is not None
        if action == "review":
            return (
                not self.error
                and not self.showing_archived
                and any(is_active(g) for g in self.goals)
            )
        if action == "toggle_archived":
            return not self.error
        return True

    # --- actions --------------------------------------------------------------------------

    def _saved(self, saved: Goal | None, message: str = "Saved.") -> None:
        """After a form: the form returned only once the save was on disk."""
        if saved is not None:
            self.undo_goal = None
            self.reload(select=str(saved["id"]))
            self.notify(message, timeout=3)

    def action_add(self) -> None:
        self.app.push_screen(GoalFormScreen(), self._saved)

    def action_edit(self) -> None:
        goal = self.highlighted
        if goal is not None:
            self.app.push_screen(GoalFormScreen(goal), self._saved)

    def action_open(self) -> None:
        goal = self.highlighted
        if goal is not None:
            screen = GoalDetailScreen(goal)
            self.app.push_screen(screen, lambda _: self.reload(select=str(goal["id"])))

    def action_archive(self) -> None:
        """Archive now, undo with u: quicker and kinder than an "are you sure?"."""
        goal = self.highlighted
        if goal is None or self._busy:
            return
        goals, now = host(self).services.goals, now_of(self)
        self._change(lambda: goals.archive(str(goal["id"]), now), self._archived, "Not archived")

    def _archived(self, saved: Goal) -> None:
        self.reload()
        self.undo_goal = saved
        self.refresh_bindings()
        self.notify(
            f"Archived “{title_of(saved)}”. Press {display('undo')} to bring it back.",
            timeout=8,
            markup=False,
        )

    def action_toggle_archived(self) -> None:
        """Show the archived finish lines, or the current ones again."""
        self.showing_archived = not self.showing_archived
        self.reload()

    def action_undo(self) -> None:
        """Bring back the one just archived, or in the archived view the highlighted one."""
        goal = self.highlighted if self.showing_archived else self.undo_goal
        if goal is None or self._busy:
            return
        goals, now = host(self).services.goals, now_of(self)
        self._change(
            lambda: goals.unarchive(str(goal["id"]), now), self._brought_back, "Not brought back"
        )

    def _brought_back(self, saved: Goal) -> None:
        self.undo_goal = None
        self.showing_archived = False  # back among the current ones, where it now is
        self.reload(select=str(saved["id"]))
        self.notify(f"“{title_of(saved)}” is back.", timeout=4, markup=False)

    def _change(
        self, write: Callable[[], Goal], done: Callable[[Goal], None], failed: str
    ) -> None:
        """Run ``write`` off the event loop; then ``done``, or a one-line note if it failed."""
        self._busy = True

        async def run() -> None:
            try:
                saved = await asyncio.to_thread(write)
            except SaveError as error:
                self.reload()
                self.notify(str(error), title=failed, severity="warning", markup=False)
                return
            finally:
                self._busy = False
            done(saved)

        self.run_worker(run(), group="goals-change")

    def action_review(self) -> None:
        queue = due_for_review(self.goals, now_of(self).date())
        if not queue:
            self.notify(
                f"Nothing to look at yet. Press {display('add')} to add a finish line.", timeout=4
            )
            return

        def finished(count: int | None) -> None:
            self.reload()
            if count:
                self.notify("Thank you for checking in with your finish lines.", timeout=4)

        self.app.push_screen(ReviewScreen(queue), finished)

    def action_back(self) -> None:
        self.dismiss(None)
