"""History and pace: every session in a table, and charts of the last few months.

Opening this screen must stay quick with ten years of sessions (benchmarked against an empty
history). So it never waits for the whole log:

* on mount it reads only the chart window (``services.sessions.since``, which reads the log
  backwards and stops early) and shows those sessions and the charts at once;
* a thread worker then reads the whole log and hands it to the table, which keeps the cursor
  on the same session;
* the table (:class:`SessionTable`) is a line-API widget: it formats only the rows on screen,
  so scrolling from this week to 2016 costs the same as scrolling one page, with no chunks to
  load and no pause the first time you reach the end.

The wall clock is injectable (``wall_clock``; the app's own by default) so "this week" and the
snapshots never depend on the real date.
"""

from __future__ import annotations

import asyncio
import contextlib
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Size
from textual.reactive import reactive
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Footer, Label, Static, TabbedContent, TabPane

from pacer.domain.history import (
    CHART_WEEKS,
    Record,
    StressChange,
    Totals,
    WeekFeeling,
    WeekPace,
    feeling_lines,
    local_midnight,
    minutes_words,
    newest_first,
    since_start,
    sorted_with_totals,
    stress_changes,
    table_row,
    week_start,
    weekly_feelings,
    weekly_pace,
    window_start,
)
from pacer.domain.patterns import BUILTIN
from pacer.domain.text import harmless, plural
from pacer.keymap import bind, display
from pacer.screens.host import host
from pacer.widgets.charts import StressChangeChart, WeeklyPaceChart

if TYPE_CHECKING:
    from pacer.services import Services

PATTERN_NAMES: dict[str, str] = {key: pattern.name for key, pattern in BUILTIN.items()}

# (header, width, right-aligned); the pattern column (width None) takes what is left.
COLUMNS: tuple[tuple[str, int | None, bool], ...] = (
    ("Date", 21, False),
    ("Pattern", None, False),
    ("Time", 7, True),
    ("Stress", 7, True),
    ("Session", 7, False),
)
GAP = 2
#: Formatted rows kept: many screens' worth, a small fraction of ten years.
CELL_CACHE = 2000
PATTERN_MIN, PATTERN_MAX = 10, 32
#: The narrowest the table is drawn: on a smaller terminal (40 columns) it scrolls sideways
#: (left and right) instead of leaving columns out.
TABLE_MIN_WIDTH = (
    sum(w for _, w, _ in COLUMNS if w is not None) + PATTERN_MIN + GAP * (len(COLUMNS) - 1)
)
#: Columns moved by one press of left or right.
SIDEWAYS_STEP = 8
#: Days read before the first frame: about a screenful of sessions for most people, and a few
#: kilobytes from the end of the log however long the history is.
FIRST_VIEW_DAYS = 14
NO_CHECK_INS = (
    "No check-ins yet. A short one on Today (k) shows here: how each week felt, "
    "and your battery each day if you ask for it."
)
EMPTY_TEXT = "No sessions yet. When you breathe with Pacer, they will appear here."


def created_since(entries: Iterable[Record], start: datetime) -> list[Record]:
    """Journal entries written at or after ``start`` (the charts' window)."""
    out = []
    for entry in entries:
        try:
            created = datetime.fromisoformat(str(entry.get("created")))
        except ValueError:
            continue
        if created.tzinfo is not None and created >= start:
            out.append(entry)
    return out


@dataclass(frozen=True)
class Pace:
    """What the Pace tab shows: the weekly chart's weeks and the stress changes."""

    weeks: list[WeekPace]
    stress: list[StressChange]
    #: The weekly check-in's distress and the daily battery, lined up with ``weeks``.
    feelings: list[WeekFeeling] = field(default_factory=list)


def column_widths(width: int) -> list[int]:
    """Cell widths for a table ``width`` cells wide (the pattern column flexes)."""
    fixed = sum(w for _, w, _ in COLUMNS if w is not None) + GAP * (len(COLUMNS) - 1)
    flexible = max(PATTERN_MIN, min(PATTERN_MAX, width - fixed))
    return [flexible if w is None else w for _, w, _ in COLUMNS]


def fit_cells(cells: Sequence[str], widths: Sequence[int]) -> str:
    """Pad or cut each cell to its column (cut text ends with "…") and join with gaps."""
    out = []
    for (_, _, right), cell, width in zip(COLUMNS, cells, widths, strict=True):
        if len(cell) > width:
            cell = cell[: max(0, width - 1)] + "…"
        out.append(cell.rjust(width) if right else cell.ljust(width))
    return (" " * GAP).join(out)


class SessionTable(ScrollView, can_focus=True):
    """Sessions newest first, with a fixed header and a row cursor; renders visible rows only.

    ``set_records`` swaps the data (keeping the cursor on the same session when it is still
    there). Keys: up/down, page up/down, home/end; the mouse wheel scrolls, a click moves the
    cursor.
    """

    DEFAULT_CSS = """
    SessionTable {
        width: 1fr;
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        background: $background;
        scrollbar-size-vertical: 1;
    }
    SessionTable > .session-table--header {
        color: $text-muted;
        text-style: bold;
    }
    SessionTable > .session-table--row {
        color: $foreground;
    }
    SessionTable > .session-table--partial {
        color: $text-muted;
    }
    SessionTable > .session-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    SessionTable:blur > .session-table--cursor {
        background: $block-cursor-blurred-background;
    }
    SessionTable > .session-table--empty {
        color: $text-muted;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "session-table--header",
        "session-table--row",
        "session-table--partial",
        "session-table--cursor",
        "session-table--empty",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "Newest", show=False),
        Binding("end", "jump(-1)", "Oldest", show=False),
        Binding("left", "sideways(-1)", "Left", show=False),
        Binding("right", "sideways(1)", "Right", show=False),
    ]

    cursor: reactive[int] = reactive(0)

    def __init__(
        self, tz: tzinfo | None = None, *, name: str | None = None, id: str | None = None
    ) -> None:
        super().__init__(name=name, id=id)
        self.tz = tz
        self._records: list[Record] = []
        self._cells: dict[int, tuple[str, ...]] = {}
        self.virtual_size = Size(TABLE_MIN_WIDTH, 1)

    # --- data -----------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._records)

    def record_at(self, index: int) -> Record | None:
        return self._records[index] if 0 <= index < len(self._records) else None

    def cells(self, index: int) -> tuple[str, ...]:
        """The formatted cells of row ``index`` (formatted once, when first shown)."""
        cells = self._cells.get(index)
        if cells is None:
            if len(self._cells) >= CELL_CACHE:
                self._cells.clear()  # a long scroll through the years: start the cache afresh
            cells = table_row(self._records[index], self.tz, PATTERN_NAMES)
            self._cells[index] = cells
        return cells

    def set_records(self, records: Sequence[Record]) -> None:
        """Show ``records`` (newest first); the cursor stays on the same session if it can."""
        current = self.record_at(self.cursor)
        keep_id = current.get("id") if current is not None else None
        self._records = list(records)
        self._cells.clear()
        index = 0
        if keep_id is not None and self.cursor > 0:
            index = next(
                (i for i, r in enumerate(self._records) if r.get("id") == keep_id), 0
            )
        self.virtual_size = Size(TABLE_MIN_WIDTH, len(self._records) + 1)
        self.set_reactive(SessionTable.cursor, index)
        self._follow_cursor()
        self.refresh()

    # --- cursor ---------------------------------------------------------------------------

    @property
    def page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._records) - 1)) if self._records else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._follow_cursor()
        self.refresh()

    def _follow_cursor(self) -> None:
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + self.page_rows:
            self.scroll_to(y=self.cursor - self.page_rows + 1, animate=False, immediate=True)

    def action_move(self, step: int) -> None:
        self.cursor += step

    def action_page(self, step: int) -> None:
        self.cursor += step * self.page_rows

    def action_jump(self, where: int) -> None:
        self.cursor = 0 if where == 0 else len(self._records) - 1

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """left and right scroll the table only while there is more of it that way (a narrow
        terminal); otherwise they pass on to the screen, where they switch the tabs."""
        if action == "sideways":
            step = parameters[0] if parameters else 0
            if step == -1:
                return self.scroll_x > 0
            return self.scroll_x < self.max_scroll_x
        return True

    def action_sideways(self, step: int) -> None:
        """On a narrow terminal, show the columns to the right (or back to the left)."""
        self.scroll_to(x=self.scroll_x + step * SIDEWAYS_STEP, animate=False, immediate=True)

    def on_click(self, event: events.Click) -> None:
        if event.y >= 1:
            self.cursor = round(self.scroll_y) + event.y - 1

    # --- drawing --------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        # Drawn at least TABLE_MIN_WIDTH wide, then the part scrolled to is shown.
        full = max(width, TABLE_MIN_WIDTH)
        left = round(self.scroll_x)
        widths = column_widths(full)
        base = self.rich_style
        if y == 0:
            header = fit_cells([title for title, _, _ in COLUMNS], widths)
            header_style = base + self.get_component_rich_style("session-table--header")
            strip = Strip([Segment(header, header_style)]).adjust_cell_length(full, base)
            return strip.crop(left, left + width)
        if not self._records:
            lines = textwrap.wrap(EMPTY_TEXT, max(1, width))  # wrapped, never cut
            if 2 <= y < 2 + len(lines):
                empty_style = base + self.get_component_rich_style("session-table--empty")
                return Strip([Segment(lines[y - 2], empty_style)]).adjust_cell_length(
                    width, base)
            return Strip.blank(width, base)
        index = round(self.scroll_y) + y - 1
        if index >= len(self._records):
            return Strip.blank(width, base)
        cells = self.cells(index)
        kind = "partial" if cells[-1] == "partial" else "row"
        style: Style = base + self.get_component_rich_style(f"session-table--{kind}")
        if index == self.cursor:
            style += self.get_component_rich_style("session-table--cursor")
        strip = Strip([Segment(fit_cells(cells, widths), style)]).adjust_cell_length(full, style)
        return strip.crop(left, left + width)


class HistoryScreen(Screen[None]):
    """Your sessions (newest first) and your pace: weekly minutes, practice days, stress."""

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("sessions_tab"),
        bind("pace_tab"),
        bind("back"),
    ]

    HELP_TITLE = "History"
    HELP = (
        "Your sessions, newest first: up, down, page up and page down move through them, "
        "home and end jump to the newest and the oldest. Press "
        f"{display('pace_tab')} for your pace over the last weeks and {display('sessions_tab')} "
        "to come back to the sessions."
    )

    DEFAULT_CSS = """
    HistoryScreen #history {
        padding: 1 2 0 2;
    }
    /* 40x12: the table scrolls sideways (left, right) rather than leaving columns out, and
       the count below wraps. */
    HistoryScreen.-narrow SessionTable {
        overflow-x: auto;
        scrollbar-size-horizontal: 1;
    }
    HistoryScreen.-short #history {
        padding: 0 1;
    }
    HistoryScreen.-short .screen-title {
        margin-bottom: 0;
    }
    HistoryScreen.-narrow #history-count {
        height: auto;
        margin-top: 0;
    }
    HistoryScreen TabbedContent {
        height: 1fr;
    }
    HistoryScreen TabPane {
        padding: 0;
    }
    HistoryScreen #history-count {
        color: $text-muted;
        height: 1;
        margin-top: 1;
    }
    HistoryScreen #pace-scroll {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    HistoryScreen #pace-summary {
        margin: 1 0;
    }
    HistoryScreen .pace-section {
        text-style: bold;
        color: $primary;
        margin-top: 1;
    }
    HistoryScreen #stress-chart {
        margin-bottom: 1;
    }
    """

    def __init__(
        self, wall_clock: Callable[[], datetime] | None = None, *, weeks: int = CHART_WEEKS
    ) -> None:
        super().__init__()
        self._wall_clock = wall_clock
        self.weeks = weeks
        #: Set once the table holds the newest sessions (during mount).
        self.ready = asyncio.Event()
        #: Set once that first view has been drawn (what the benchmark times).
        self.shown = asyncio.Event()
        #: Set once the whole log has been read (or could not be), for tests and the bench.
        self.loaded = asyncio.Event()
        self.totals: Totals | None = None
        self.now: datetime | None = None
        self.tz: tzinfo | None = None
        self._recent: list[Record] = []
        self._recent_problems: list[str] = []

    # --- set up ---------------------------------------------------------------------------

    def _now(self) -> datetime:
        now = (self._wall_clock or host(self).wall_clock)()
        return now if now.tzinfo is not None else now.astimezone()

    def _zone(self, now: datetime) -> tzinfo | None:
        """The zone to show times in: the computer's own (None, which knows about summer time)
        with the real clock, or the injected clock's zone (tests, snapshots)."""
        from pacer.clock import local_now

        clock = self._wall_clock or host(self).wall_clock
        return None if clock is local_now else now.tzinfo

    @property
    def weekly_target(self) -> float:
        settings: Mapping[str, Any] = host(self).settings
        try:
            return max(0.0, float(settings.get("weekly_target_minutes", 60)))
        except (TypeError, ValueError):
            return 60.0

    def compose(self) -> ComposeResult:
        with Vertical(id="history"):
            yield Label("History", classes="screen-title")
            with TabbedContent(initial="history-sessions"):
                with TabPane("Sessions", id="history-sessions"):
                    yield SessionTable(id="session-table")
                with TabPane("Pace", id="history-pace"), VerticalScroll(id="pace-scroll"):
                    yield Static("", id="pace-summary")
                    yield WeeklyPaceChart(id="weekly-chart")
                    yield Label("Stress before and after", classes="pace-section")
                    yield StressChangeChart(id="stress-chart")
                    yield Label("How the weeks felt", classes="pace-section")
                    yield Static("", id="check-in-weeks", markup=False)
            yield Static("", id="history-count")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Show the newest sessions now; read the whole log after the first frame.

        Only the last FIRST_VIEW_DAYS are read here (the store reads them from the end of the
        log). The Pace tab is hidden at first, so its charts wait for the full read.
        """
        now = self.now = self._now()
        self.tz = self._zone(now)
        since = local_midnight(now.date() - timedelta(days=FIRST_VIEW_DAYS), self.tz)
        recent = host(self).services.sessions.since(since)
        if recent.error is not None:
            self.notify(
                f"Could not read your history: {harmless(recent.error)}",
                severity="warning",
                markup=False,
            )
        # Records left out are reported once the whole log is read (or could not be).
        self._recent_problems = [str(problem) for problem in recent.rejected]
        self._recent = newest_first(recent.items)
        table = self.query_one(SessionTable)
        table.tz = self.tz
        table.set_records(self._recent)
        table.focus()
        self._show_count(None)
        self.query_one("#pace-summary", Static).update("Reading your history…")
        self.ready.set()
        self.call_after_refresh(self._read_everything)

    def _read_everything(self) -> None:
        """Runs after the first frame: the newest sessions are on screen, now fetch the rest."""
        self.shown.set()
        self._load_all(host(self).services)

    @work(thread=True, exclusive=True, group="history-load")
    def _load_all(self, services: Services) -> None:
        """Read the whole log and compute everything off the UI thread, then hand it over."""
        assert self.now is not None
        tz = self.tz
        start = window_start(self.now.date(), tz, self.weeks)
        # An unreadable journal leaves the sessions' charts; the app reports the file at start.
        journal = created_since(services.journal.entries().items, start)
        sessions = services.sessions.all()
        if sessions.error is not None:
            pace = self._pace(self._recent, journal)
            self._from_thread(self._load_failed, sessions.error, pace)
            return
        ordered, summary = sorted_with_totals(sessions.items, tz)
        pace = self._pace(since_start(ordered, start, tz), journal)
        problems = [str(problem) for problem in sessions.rejected]
        self._from_thread(self._show_all, ordered, summary, pace, problems)

    def _pace(self, sessions: list[Record], journal: list[Record]) -> Pace:
        assert self.now is not None
        weeks = weekly_pace(sessions, self.now.date(), self.tz, self.weeks)
        feelings = weekly_feelings(journal, self.now.date(), self.tz, self.weeks)
        return Pace(weeks, stress_changes(sessions, journal), feelings)

    def _from_thread(self, callback: Callable[..., None], *args: Any) -> None:
        # RuntimeError: the app is closing, so there is nothing left to show.
        with contextlib.suppress(RuntimeError):
            self.app.call_from_thread(callback, *args)

    def _show_all(
        self, records: list[Record], summary: Totals, pace: Pace, problems: list[str]
    ) -> None:
        if self.is_attached:
            self.totals = summary
            self.query_one(SessionTable).set_records(records)
            self._show_count(summary)
            self._show_pace(pace, summary)
            self._report(problems)
        self.loaded.set()

    def _load_failed(self, message: str, pace: Pace) -> None:
        if self.is_attached:
            self.notify(
                f"Older sessions could not be read: {harmless(message)}",
                severity="warning",
                markup=False,
            )
            self._show_count(None, failed=True)
            self._show_pace(pace, None)
            self._report(self._recent_problems)
        self.loaded.set()

    def _report(self, problems: list[str]) -> None:
        """Sessions left out because a field does not fit: said once, never a crash."""
        if not problems:
            return
        shown = [harmless(p) for p in problems[:3]]
        if len(problems) > 3:
            shown.append(f"...and {len(problems) - 3} more (pacer doctor lists them all).")
        count = "1 session" if len(problems) == 1 else f"{len(problems)} sessions"
        self.notify(
            "\n".join(shown),
            title=f"{count} could not be shown",
            severity="warning",
            timeout=12,
            markup=False,
        )

    # --- words ----------------------------------------------------------------------------

    def _show_count(self, summary: Totals | None, *, failed: bool = False) -> None:
        table = self.query_one(SessionTable)
        line = self.query_one("#history-count", Static)
        if failed:
            line.update("Only your most recent sessions could be read.")
        elif summary is None:
            line.update("Reading older sessions…")
        elif summary.sessions == 0:
            line.update("")
        else:
            since = f" since {summary.first:%B %Y}" if summary.first else ""
            count = "1 session" if summary.sessions == 1 else f"{summary.sessions:,} sessions"
            line.update(f"{count}{since}, {minutes_words(summary.seconds)} in all.")
        line.display = bool(table.row_count) or failed

    def _show_pace(self, pace: Pace, summary: Totals | None) -> None:
        assert self.now is not None
        weeks = pace.weeks
        target = self.weekly_target
        self.query_one(WeeklyPaceChart).show(weeks, target, week_start(self.now.date()))
        self.query_one(StressChangeChart).show(pace.stress)
        felt = feeling_lines(pace.feelings, weeks, week_start(self.now.date()),
                             self.size.width - 4)
        self.query_one("#check-in-weeks", Static).update(
            Text("\n".join(felt) if felt else NO_CHECK_INS, no_wrap=bool(felt),
                 overflow="crop"))
        this_week = weeks[-1]
        days = "1 day" if this_week.days == 1 else f"{this_week.days} days"
        line = f"This week so far: {minutes_words(this_week.seconds)}"
        if target > 0:
            line += f" of your {target:g} min target"
        window = sum(week.seconds for week in weeks)
        practice_days = sum(week.days for week in weeks)
        lines = [
            f"{line}, on {days}." if this_week.days else f"{line}.",
            f"Last {self.weeks} weeks: {minutes_words(window)} on "
            f"{plural(practice_days, 'day')}.",
        ]
        if summary is not None and summary.sessions:
            lines.append(f"Since you started: {plural(summary.days, 'day')} with some practice.")
        self.query_one("#pace-summary", Static).update("\n".join(lines))

    # --- actions --------------------------------------------------------------------------

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        if tab == "history-sessions":
            self.query_one(SessionTable).focus()
        else:
            self.query_one("#pace-scroll").focus()

    def action_back(self) -> None:
        self.dismiss(None)

