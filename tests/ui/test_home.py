"""Pilot tests of Today: totals from the store, the keys, coming-soon screens and help."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from textual.widgets import Static

from pacer.app import PacerApp
from pacer.clock import FakeClock
from pacer.screens.breathe import BreatheScreen
from pacer.screens.help import HelpScreen
from pacer.screens.home import HomeScreen, Totals, kind_line, practice_totals, week_start
from pacer.store import Problem, Store
from tests.ui.conftest import WALL_NOW, seed_week, session_record


def shown(screen: HomeScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_home_shows_minutes_today_and_this_week_from_the_store(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed_week(store)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        pace = shown(home, "#home-pace")
        assert "Today       15 min" in pace
        assert "This week   35 min of 60" in pace
        assert "made some time for yourself today" in shown(home, "#home-kind")


async def test_home_totals_update_after_a_session(
    make_app: Callable[..., PacerApp], store: Store, clock: FakeClock
) -> None:
    seed_week(store)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("left", "left", "enter")  # 1 minute of the default pattern
        await pilot.pause()
        clock.advance(60.0)
        pilot.app.screen.tick()  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("escape")  # no rating
        await pilot.pause()
        await pilot.press("enter")  # close the summary
        await pilot.pause()
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        assert "Today       16 min" in shown(home, "#home-pace")


@pytest.mark.parametrize(
    ("key", "screen_name"),
    [
        ("c", "CalmScreen"),
        ("r", "ReappraiseScreen"),
        ("t", "AppointmentsScreen"),
        ("j", "JournalScreen"),
        ("f", "GoalsScreen"),
        ("h", "HistoryScreen"),
        ("s", "SettingsScreen"),
    ],
)
async def test_home_keys_open_their_screens_and_escape_returns(
    make_app: Callable[..., PacerApp], key: str, screen_name: str
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == screen_name
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)


async def test_b_opens_breathe_and_the_keys_are_listed(
    make_app: Callable[..., PacerApp],
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        keys = shown(pilot.app.screen, "#home-keys")  # type: ignore[arg-type]
        for name in ("Breathe", "Calm-down routine", "Reappraise a worry", "Settings"):
            assert name in keys
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(pilot.app.screen, BreatheScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)


async def test_help_lists_the_keys_of_the_current_screen(
    make_app: Callable[..., PacerApp],
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        keys = dict(help_screen.keys)
        assert keys["b"] == "Breathe" and keys["h"] == "History" and keys["?"] == "Help"
        assert keys["c"] == "Calm-down routine"  # the footer's short label, said in full
        assert keys["q / ctrl+c / ctrl+q"] == "Quit"
        assert "space" not in keys and "Scroll Left" not in keys.values()
        await pilot.press("escape")
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        keys = dict(pilot.app.screen.keys)  # type: ignore[attr-defined]
        assert keys["enter"] == "Start breathing" and keys["esc"].startswith("Go back")
        assert keys["← →"] == "Choose how long"
        assert "b" not in keys


async def test_q_quits_from_home(make_app: Callable[..., PacerApp], store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0 and store.sessions() == []


class ProblemStore(Store):
    """A store that found a damaged line while reading."""

    def problems(self) -> list[Problem]:
        bad = Problem(self.root / "sessions.jsonl", 3, "seconds", "invalid", "is not a number")
        return [bad]


async def test_store_problems_are_shown_politely(
    tmp_path: object, clock: FakeClock, wall: Callable[[], datetime]
) -> None:
    store = ProblemStore(tmp_path / "data")  # type: ignore[operator]
    app = PacerApp(store, clock=clock, wall_clock=wall, first_run_notes=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        [note] = list(app._notifications)
        assert "sessions.jsonl line 3" in note.message
        assert note.severity == "warning"
        assert isinstance(pilot.app.screen, HomeScreen)


def test_practice_totals_count_today_and_this_week_only() -> None:
    records = [
        session_record(WALL_NOW - timedelta(hours=1), 90),
        session_record(WALL_NOW - timedelta(days=1), 600),
        session_record(week_start(WALL_NOW) - timedelta(seconds=1), 999),  # Sunday 23:59:59
        {"started": "not a date", "seconds": 5},
        {"seconds": 5},
    ]
    assert practice_totals(records, WALL_NOW) == Totals(90.0, 690.0)


def test_practice_totals_use_the_wall_clocks_time_zone() -> None:
    # 23:30 UTC on Tuesday is already Wednesday 00:30 at UTC+1: it counts for "today".
    late = datetime(2025, 3, 11, 23, 30, tzinfo=UTC)
    assert practice_totals([session_record(late, 120)], WALL_NOW).today_seconds == 120


def test_week_starts_on_monday_at_midnight() -> None:
    assert week_start(WALL_NOW) == datetime(2025, 3, 10, tzinfo=WALL_NOW.tzinfo)


def test_kind_lines_never_nag() -> None:
    assert "fine" in kind_line(Totals(0, 600), 60)
    assert "today" in kind_line(Totals(60, 600), 60)
    assert "bonus" in kind_line(Totals(0, 3600), 60)
    assert "Welcome" in kind_line(Totals(0, 0), 60)
