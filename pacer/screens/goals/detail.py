"""One finish line in full. ``e`` edits it; Escape goes back with the latest version."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from pacer.domain.goals import Goal, title_of
from pacer.keymap import bind, display
from pacer.screens.goals.common import detail_table, now_of
from pacer.screens.goals.form import GoalFormScreen


class GoalDetailScreen(Screen[Goal | None]):
    """Everything written about one finish line (all of it harmless text, never markup)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("edit"),
        bind("back"),
    ]

    HELP_TITLE = "Finish line"
    HELP = f"Everything you wrote about this finish line. Press {display('edit')} to change it."

    DEFAULT_CSS = """
    GoalDetailScreen #goal-detail {
        padding: 1 2 0 2;
    }
    GoalDetailScreen #goal-detail-body {
        height: 1fr;
        padding: 0 1;
    }
    """

    def __init__(self, goal: Goal) -> None:
        super().__init__()
        self.goal = goal

    def compose(self) -> ComposeResult:
        with Vertical(id="goal-detail"):
            yield Label(
                title_of(self.goal), classes="screen-title", id="goal-detail-title", markup=False
            )
            with VerticalScroll(id="goal-detail-body"):
                yield Static(detail_table(self.goal, now_of(self)), id="goal-detail-fields")
        yield Footer(compact=True)

    def action_edit(self) -> None:
        def edited(saved: Goal | None) -> None:
            if saved is not None:
                self.goal = saved
                self.query_one("#goal-detail-title", Label).update(title_of(saved))
                self.query_one("#goal-detail-fields", Static).update(
                    detail_table(saved, now_of(self))
                )
                self.notify("Saved.", timeout=3)

        self.app.push_screen(GoalFormScreen(self.goal), edited)

    def action_back(self) -> None:
        self.dismiss(self.goal)
