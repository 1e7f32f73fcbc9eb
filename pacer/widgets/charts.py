"""Calm charts for the history screen, drawn with block characters.

Every chart reads without colour: bars are eighth-block glyphs, the weekly target is a dotted
line (┆) and every bar has its number beside it, so a monochrome terminal, a screen reader's text
dump or a screenshot in grey tells the same story. The text is built by plain functions (easy to
test); the widgets only add theme colours and follow their own width.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import ClassVar

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from pacer.domain.history import StressChange, WeekPace, best_scale, change_words
from pacer.widgets.meter import eighths_bar

TARGET_MARK = "┆"
DAY_MARK = "●"
LABEL_WIDTH = 10
MINUTES_WIDTH = 8
DAYS_WIDTH = 9
STRESS_LABEL_WIDTH = 9
#: Wider bars add nothing and push the numbers away from the bars they belong to.
BAR_MAX = 64


def week_label(start: date, this_monday: date) -> str:
    if start == this_monday:
        return "This week"
    return f"{start.day} {start:%b}"


def target_bar(minutes: float, target: float, scale: float, width: int) -> tuple[str, int | None]:
    """A bar ``width`` cells wide and the column of the target mark (None when no target).

    The mark is drawn only where the bar has not reached it; past the target the bar itself
    says so, and the minutes beside it give the number.
    """
    bar = eighths_bar(minutes / scale if scale > 0 else 0.0, width)
    if target <= 0 or width <= 0:
        return bar, None
    column = min(width - 1, round(target / scale * width) if scale > 0 else 0)
    if bar[column] == " ":
        bar = bar[:column] + TARGET_MARK + bar[column + 1 :]
    return bar, column


def weekly_lines(
    weeks: Sequence[WeekPace],
    target: float,
    width: int,
    this_monday: date,
    styles: dict[str, Style] | None = None,
) -> Text:
    """Minutes per week against the target, and practice days, newest week first.

    One row per week: label, bar, minutes, then one dot per day with any practice (nothing is
    drawn for days without, so there is no row of gaps to feel bad about).
    """
    styles = styles or {}
    bar_width = max(4, min(BAR_MAX, width - LABEL_WIDTH - MINUTES_WIDTH - DAYS_WIDTH - 1))
    scale = best_scale([week.minutes for week in weeks], target)
    text = Text(no_wrap=True, overflow="crop")
    heading = f"Minutes each week, up to {scale:g}"
    if target > 0:
        heading += f"   {TARGET_MARK} your target, {target:g} min"
    text.append(heading, styles.get("heading"))
    days_column = LABEL_WIDTH + bar_width + MINUTES_WIDTH + 2
    text.append(" " * max(1, days_column - len(heading)) + "Days")
    for week in reversed(weeks):
        text.append("\n")
        text.append(week_label(week.start, this_monday).ljust(LABEL_WIDTH), styles.get("label"))
        bar, column = target_bar(week.minutes, target, scale, bar_width)
        if column is not None and bar[column] == TARGET_MARK:
            text.append(bar[:column], styles.get("bar"))
            text.append(TARGET_MARK, styles.get("target"))
            text.append(bar[column + 1 :], styles.get("bar"))
        else:
            text.append(bar, styles.get("bar"))
        text.append(f"{round(week.minutes):>4} min".rjust(MINUTES_WIDTH))
        text.append("  ")
        text.append((DAY_MARK * week.days).ljust(DAYS_WIDTH - 2), styles.get("days"))
    text.append("\n")
    text.append(f"{DAY_MARK} a day you practised. Steady beats long.", styles.get("label"))
    return text


def stress_lines(
    changes: Sequence[StressChange], width: int, styles: dict[str, Style] | None = None
) -> Text:
    """Average stress before and after each kind of practice, on a 0-10 bar, with words."""
    styles = styles or {}
    bar_width = max(10, min(40, width - STRESS_LABEL_WIDTH - 6))
    text = Text(no_wrap=False)
    for number, change in enumerate(changes):
        if number:
            text.append("\n")
        if change.count == 0:
            text.append(f"{change.kind}: ", styles.get("heading"))
            text.append(change_words(change), styles.get("label"))
            continue
        times = "once" if change.count == 1 else f"{change.count:,} times"
        text.append(f"{change.kind} ({times}): ", styles.get("heading"))
        text.append(change_words(change))
        for name, value in (("before", change.before), ("after", change.after)):
            text.append("\n")
            text.append(f"  {name}".ljust(STRESS_LABEL_WIDTH), styles.get("label"))
            text.append(eighths_bar(value / 10, bar_width), styles.get(name))
            text.append(f" {value:4.1f}")
    return text


class WeeklyPaceChart(Widget):
    """Minutes per week against the weekly target, with practice days; newest week on top."""

    DEFAULT_CSS = """
    WeeklyPaceChart {
        width: 1fr;
        height: auto;
    }
    WeeklyPaceChart > .pace-chart--heading { text-style: bold; }
    WeeklyPaceChart > .pace-chart--label { color: $text-muted; }
    WeeklyPaceChart > .pace-chart--bar { color: $primary; }
    WeeklyPaceChart > .pace-chart--target { color: $accent; }
    WeeklyPaceChart > .pace-chart--days { color: $secondary; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "pace-chart--heading",
        "pace-chart--label",
        "pace-chart--bar",
        "pace-chart--target",
        "pace-chart--days",
    }

    weeks: reactive[tuple[WeekPace, ...]] = reactive((), layout=True)
    target: reactive[float] = reactive(60.0)
    this_monday: reactive[date] = reactive(date.min)

    def show(self, weeks: Sequence[WeekPace], target: float, this_monday: date) -> None:
        self.set_reactive(WeeklyPaceChart.target, float(target))
        self.set_reactive(WeeklyPaceChart.this_monday, this_monday)
        self.weeks = tuple(weeks)
        self.refresh(layout=True)

    def _styles(self) -> dict[str, Style]:
        return {
            name: self.get_component_rich_style(f"pace-chart--{name}", partial=True)
            for name in ("heading", "label", "bar", "target", "days")
        }

    def render(self) -> RenderableType:
        return weekly_lines(
            self.weeks, self.target, self.size.width, self.this_monday, self._styles()
        )


class StressChangeChart(Widget):
    """Stress before and after sessions, reappraisals and routines, on a 0 to 10 bar."""

    DEFAULT_CSS = """
    StressChangeChart {
        width: 1fr;
        height: auto;
    }
    StressChangeChart > .stress-chart--heading { text-style: bold; }
    StressChangeChart > .stress-chart--label { color: $text-muted; }
    StressChangeChart > .stress-chart--before { color: $accent; }
    StressChangeChart > .stress-chart--after { color: $primary; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "stress-chart--heading",
        "stress-chart--label",
        "stress-chart--before",
        "stress-chart--after",
    }

    changes: reactive[tuple[StressChange, ...]] = reactive((), layout=True)

    def show(self, changes: Sequence[StressChange]) -> None:
        self.changes = tuple(changes)

    def _styles(self) -> dict[str, Style]:
        return {
            name: self.get_component_rich_style(f"stress-chart--{name}", partial=True)
            for name in ("heading", "label", "before", "after")
        }

    def render(self) -> RenderableType:
        return stress_lines(self.changes, self.size.width, self._styles())
