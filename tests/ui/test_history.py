"""Pilot and snapshot tests of the history screen over two years of sessions."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static, TabbedContent

from pacer.app import PacerApp
from pacer.domain.history import (
    REAPPRAISALS,
    ROUTINES,
    SESSIONS,
    StressChange,
    WeekPace,
    newest_first,
    stress_changes,
    table_row,
    weekly_pace,
)
from pacer.screens.history import (
    FIRST_VIEW_DAYS,
    PATTERN_NAMES,
    HistoryScreen,
    SessionTable,
    column_widths,
    fit_cells,
)
from pacer.store import Store, StoreError
from pacer.widgets.charts import (
    StressChangeChart,
    WeeklyPaceChart,
    stress_lines,
    target_bar,
    weekly_lines,
)
from tests.ui.conftest import WALL_NOW

TZ = WALL_NOW.tzinfo
PATTERNS = ("resonance", "cyclic-sigh", "gentle", "4-2-6")


def two_years(now: Any = WALL_NOW) -> list[dict[str, Any]]:
    """About 580 sessions over two years, ending yesterday: irregular, some partial, some rated.

    Deterministic (no randomness), so tables and snapshots are the same on every run.
    """
    records = []
    start = (now - timedelta(days=730)).replace(hour=0, minute=0, second=0)
    for day in range(730):
        if (day * 7) % 10 >= 6:
            continue  # a day off: four in ten days have no practice
        for k in range(1 + (day % 3 == 0)):
            started = start + timedelta(days=day, hours=8 + 6 * k, minutes=(day * 13) % 60)
            seconds = (300.0, 600.0, 172.5, 900.0)[(day + k) % 4]
            rated = day % 2 == 1
            records.append(
                {
                    "started": started.isoformat(),
                    "ended": (started + timedelta(seconds=seconds)).isoformat(),
                    "pattern": PATTERNS[day % 4],
                    "rhythm": "4-0-6-0",
                    "seconds": seconds,
                    "planned_seconds": 600.0 if seconds == 172.5 else seconds,
                    "completed": seconds != 172.5,
                    "before": 5 + day % 5 if rated else None,
                    "after": 2 + day % 4 if rated else None,
                    "note": None,
                    "source": "app",
                }
            )
    return records


def journal() -> list[dict[str, Any]]:
    """Two reappraisals and a routine in the chart window, one older reappraisal outside it."""
    day = WALL_NOW - timedelta(days=3)
    return [
        {"kind": "reappraisal", "created": (WALL_NOW - timedelta(days=200)).isoformat(),
         "stress_before": 9, "stress_after": 2},
        {"kind": "reappraisal", "created": day.isoformat(), "stress_before": 8, "stress_after": 5},
        {"kind": "reappraisal", "created": (day + timedelta(hours=2)).isoformat(),
         "stress_before": 6, "stress_after": 4},
        {"kind": "routine", "created": (day + timedelta(days=1)).isoformat(),
         "started": (day + timedelta(days=1)).isoformat(), "checkin": 7, "checkout": 4},
    ]


@pytest.fixture
def seeded(store: Store) -> list[dict[str, Any]]:
    saved = store.append_many("sessions.jsonl", two_years())
    store.append_many("journal.jsonl", journal())
    return saved


def shown_text(widget: Widget) -> str:
    """The text a widget shows on screen now, line by line."""
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, *widget.size)))


async def settled(event: asyncio.Event) -> None:
    """Wait for one of the screen's events, failing (not hanging) if it never comes."""
    await asyncio.wait_for(event.wait(), timeout=30)


async def open_history(pilot: Pilot[None], *, wait_all: bool = True) -> HistoryScreen:
    screen = HistoryScreen()
    await pilot.app.push_screen(screen)
    await settled(screen.ready)
    if wait_all:
        await settled(screen.loaded)
    await pilot.pause()
    return screen


# --- the table --------------------------------------------------------------------------------


async def test_table_lists_every_session_newest_first(
    make_app: Callable[..., PacerApp], seeded: list[dict[str, Any]]
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one(SessionTable)
        assert pilot.app.focused is table
        assert table.row_count == len(seeded) > 500
        newest = newest_first(seeded)
        assert [table.record_at(i) for i in (0, 1, table.row_count - 1)] == [
            newest[0], newest[1], newest[-1]
        ]
        lines = [line.rstrip() for line in shown_text(table).splitlines()]
        assert lines[0].split() == ["Date", "Pattern", "Time", "Stress", "Session"]
        when, pattern, minutes, stress, kind = table_row(newest[0], TZ, PATTERN_NAMES)
        assert lines[1].startswith(when) and pattern in lines[1] and lines[1].endswith(kind)
        assert minutes in lines[1] and stress in lines[1]
        assert {"whole", "partial"} <= {line.split()[-1] for line in lines[1:]}
        count = str(screen.query_one("#history-count", Static).render())
        assert f"{len(seeded)} sessions since March 2023" in count


async def test_keys_move_through_years_of_sessions(
    make_app: Callable[..., PacerApp], seeded: list[dict[str, Any]]
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one(SessionTable)
        await pilot.press("down", "down")
        assert table.cursor == 2
        await pilot.press("pagedown")
        assert table.cursor == 2 + table.page_rows
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor == table.row_count - 1
        oldest = table_row(newest_first(seeded)[-1], TZ, PATTERN_NAMES)
        assert shown_text(table).splitlines()[-1].startswith(oldest[0])  # scrolled to it
        await pilot.press("up")
        assert table.cursor == table.row_count - 2
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor == 0 and round(table.scroll_y) == 0


async def test_recent_weeks_show_before_the_whole_log_is_read(
    make_app: Callable[..., PacerApp],
    store: Store,
    seeded: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The screen opens with the last two weeks; the rest and the charts come from a thread."""
    release = threading.Event()
    original = store.sessions

    def slow_sessions() -> list[dict[str, Any]]:
        release.wait(10)
        return original()

    monkeypatch.setattr(store, "sessions", slow_sessions)
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot, wait_all=False)
        table = screen.query_one(SessionTable)
        start = (WALL_NOW.date() - timedelta(days=FIRST_VIEW_DAYS)).isoformat()
        recent = [r for r in seeded if r["started"] >= start]
        assert 0 < table.row_count == len(recent) < len(seeded)
        assert "Reading older sessions" in str(screen.query_one("#history-count").render())
        assert "Reading your history" in str(screen.query_one("#pace-summary").render())
        await pilot.press("down", "down", "down")
        chosen = table.record_at(3)
        release.set()
        await settled(screen.loaded)
        await pilot.pause()
        assert table.row_count == len(seeded)
        assert table.record_at(table.cursor) == chosen  # the cursor stayed on the same session
        assert "This week so far" in str(screen.query_one("#pace-summary").render())


async def test_empty_history_is_kind(make_app: Callable[..., PacerApp]) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one(SessionTable)
        assert table.row_count == 0
        assert "No sessions yet" in shown_text(table)
        await pilot.press("down", "end", "pagedown")  # nothing to move through: no error
        assert table.cursor == 0
        await pilot.press("right")
        await pilot.pause()
        chart = shown_text(screen.query_one(WeeklyPaceChart))
        assert "This week" in chart and "0 min" in chart


async def test_a_failed_read_is_polite(
    make_app: Callable[..., PacerApp],
    store: Store,
    seeded: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: Any) -> list[dict[str, Any]]:
        raise StoreError("sessions.jsonl cannot be read: Permission denied")

    monkeypatch.setattr(store, "sessions", broken)
    async with make_app().run_test(size=(80, 24)) as pilot:
        shown: list[str] = []
        original = pilot.app.notify
        pilot.app.notify = lambda message, *a, **k: (  # type: ignore[method-assign]
            shown.append(message), original(message, *a, **k)
        )
        screen = await open_history(pilot)
        assert screen.is_attached
        assert any("Permission denied" in message for message in shown)
        assert screen.query_one(SessionTable).row_count > 0  # the recent weeks still show
        count = str(screen.query_one("#history-count").render())
        assert "Only your most recent sessions could be read" in count
        await pilot.press("right")
        await pilot.pause()
        chart = shown_text(screen.query_one(WeeklyPaceChart))
        assert "This week" in chart  # the charts show what could be read


# --- the charts -------------------------------------------------------------------------------


async def test_pace_tab_charts_minutes_days_and_stress(
    make_app: Callable[..., PacerApp], store: Store, seeded: list[dict[str, Any]]
) -> None:
    store.save_settings({"weekly_target_minutes": 45})
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("right")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "history-pace"
        weeks = weekly_pace(seeded, WALL_NOW.date(), TZ)
        chart = shown_text(screen.query_one(WeeklyPaceChart)).splitlines()
        assert "your target, 45 min" in chart[0]
        rows = chart[1:13]
        assert rows[0].startswith("This week")
        for row, week in zip(rows, reversed(weeks), strict=True):
            assert f"{round(week.minutes)} min" in row
            assert row.count("●") == week.days
        assert any("┆" in row for row in rows)  # the target line, where a bar stops short
        stress = shown_text(screen.query_one(StressChangeChart))
        start = WALL_NOW.date() - timedelta(days=WALL_NOW.weekday(), weeks=11)
        recent = [r for r in seeded if r["started"] >= start.isoformat()]
        by_kind = {c.kind: c for c in stress_changes(recent, journal()[1:])}
        sessions = by_kind[SESSIONS]
        assert f"{SESSIONS} ({sessions.count} times)" in stress
        from pacer.domain.text import plural

        assert f"stress {plural(round(-sessions.change, 1), 'point')} lower after" in stress
        assert f"{REAPPRAISALS} (2 times): stress 2.5 points lower after" in stress
        assert f"{ROUTINES} (once): stress 3 points lower after" in stress
        summary = str(screen.query_one("#pace-summary", Static).render())
        assert "This week so far:" in summary and "of your 45 min target" in summary
        await pilot.press("left")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "history-sessions"
        assert pilot.app.focused is screen.query_one(SessionTable)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, HistoryScreen)


# --- snapshots --------------------------------------------------------------------------------


async def _open_loaded(pilot: Pilot[None], *keys: str) -> None:
    screen = HistoryScreen()
    await pilot.app.push_screen(screen)
    await settled(screen.ready)
    await settled(screen.loaded)
    await pilot.pause()
    if keys:
        await pilot.press(*keys)
        await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_history_sessions(
    snap_compare: Any,
    make_app: Callable[..., PacerApp],
    seeded: list[dict[str, Any]],
    size: tuple[int, int],
) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=_open_loaded)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_history_pace(
    snap_compare: Any,
    make_app: Callable[..., PacerApp],
    seeded: list[dict[str, Any]],
    size: tuple[int, int],
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _open_loaded(pilot, "p")

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


# --- the chart text, without colour -----------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "target", "expected"),
    [
        (30, 60, "█████     ┆   "),  # half way to the target: the mark is visible
        (60, 60, "██████████┆   "),  # just reached: the bar touches the mark
        (70, 60, "███████████▋  "),  # past it: the bar covers the mark
        (0, 60, "          ┆   "),
        (30, 0, "█████         "),  # no target: no mark
    ],
)
def test_target_bar(minutes: float, target: float, expected: str) -> None:
    bar, column = target_bar(minutes, target, 84, 14)
    assert bar == expected
    assert column == (None if target == 0 else 10)


def test_weekly_lines_read_without_colour() -> None:
    weeks = [
        WeekPace(date(2025, 3, 3), seconds=3000, sessions=4, days=3),
        WeekPace(date(2025, 3, 10), seconds=600, sessions=1, days=1),
    ]
    lines = weekly_lines(weeks, 60, 80, date(2025, 3, 10)).plain.splitlines()
    assert lines[0].startswith("Minutes each week, up to 80   ┆ your target, 60 min")
    assert lines[0].endswith("Days")
    assert lines[1].startswith("This week ") and "10 min" in lines[1] and lines[1].count("●") == 1
    assert lines[2].startswith("3 Mar     ") and "50 min" in lines[2] and lines[2].count("●") == 3
    assert lines[0].index("Days") == lines[1].index("●") == lines[2].index("●")
    assert lines[-1].startswith("● a day you practised")
    assert all("streak" not in line.lower() for line in lines)


def test_stress_lines_show_numbers_and_kind_words() -> None:
    text = stress_lines(
        [StressChange(SESSIONS, 4, 6.0, 3.5), StressChange(REAPPRAISALS)], 60
    ).plain
    assert "Breathing sessions (4 times): stress 2.5 points lower after, on average" in text
    assert "  before █" in text and " 6.0" in text and " 3.5" in text
    assert "Reappraisals: no before-and-after ratings yet" in text


@pytest.mark.parametrize("width", [60, 76, 116])
def test_table_columns_fit_the_width(width: int) -> None:
    widths = column_widths(width)
    row = fit_cells(("Mon 10 Mar 2025 08:00", "Gentle, no holds", "15.0", "10 → 10", "partial"),
                    widths)
    assert len(row) == sum(widths) + 2 * (len(widths) - 1)
    assert len(row) <= max(width, 60)
    assert fit_cells(("d", "x" * 40, "1", "–", "whole"), widths).count("…") == 1
