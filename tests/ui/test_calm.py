"""Pilot tests of the calm-down routine: every step by keyboard, skipping, Back, Esc, quitting
mid-breath, bad ratings, and snapshots of each step at 80x24."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from pacer.app import PacerApp
from pacer.clock import FakeClock
from pacer.domain.routine import RoutineStep
from pacer.screens.calm import CalmScreen, RoutineSessionScreen, open_calm
from pacer.screens.home import HomeScreen
from pacer.screens.reappraise import ReappraiseScreen
from pacer.store import Store
from pacer.widgets import nuts_form

SIZE = (80, 24)
SCAN = "5b0c3f1e-0000-4000-8000-000000000001"


@pytest.fixture(autouse=True)
def steady_text_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nuts_form, "CURSOR_BLINK", False)


@pytest.fixture
def seeded(store: Store) -> Store:
    """A scan on Friday (the conftest's wall clock is Wednesday 12 March 2025, 15:30) and a goal."""
    store.update_document("appointments.json", lambda d: {**d, "appointments": [
        {"id": SCAN, "kind": "scan", "when": "2025-03-14T09:30:00+01:00",
         "where": "City Hospital", "notes": "", "questions": ["When will I hear?"]},
        {"id": "old", "kind": "blood-test", "when": "2025-03-01T09:30:00+01:00",
         "where": "", "notes": "", "questions": []},
    ]})
    store.update_document("goals.json", lambda d: {**d, "goals": [
        {"id": "g1", "title": "Walk the coast path in May"}]})
    return store


async def start(pilot: Pilot[Any], appointment_id: str | None = None) -> CalmScreen:
    open_calm(pilot.app, appointment_id)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CalmScreen)
    return screen


async def settle(pilot: Pilot[Any]) -> None:
    """Let every worker (the routine's saves) finish, then the screen catch up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def text_of(screen: CalmScreen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def breathe_to_the_end(pilot: Pilot[Any], clock: FakeClock) -> None:
    session = pilot.app.screen
    assert isinstance(session, RoutineSessionScreen)
    clock.advance(session.session.timeline.duration + 1)
    session.tick()
    await settle(pilot)


async def test_whole_routine_by_keyboard_saves_linked_records(
    make_app: Callable[..., PacerApp], seeded: Store, clock: FakeClock
) -> None:
    store = seeded
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        assert screen.step is RoutineStep.APPOINTMENT
        await pilot.press("enter")  # the scan is highlighted: the soonest one
        await settle(pilot)
        assert screen.step is RoutineStep.CHECKIN and screen.appointment is not None
        await pilot.press("7", "enter")
        await settle(pilot)
        assert screen.step is RoutineStep.BREATHE
        assert "3 minutes of short in, long out" in text_of(screen, "#calm-intro")
        await pilot.press("enter")  # Start breathing
        await settle(pilot)
        await breathe_to_the_end(pilot, clock)
        assert pilot.app.screen is screen and screen.step is RoutineStep.REAPPRAISE
        await pilot.press("enter")  # Start the short reappraisal
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReappraiseScreen)
        await pilot.press("tab", "space", "ctrl+n")  # U
        await settle(pilot)
        await pilot.press(*"If it has grown", "ctrl+n")
        await settle(pilot)
        await pilot.press(*"I will know on Friday, and I have a plan B.", "ctrl+s")  # last step
        await settle(pilot)
        assert pilot.app.screen is screen and screen.step is RoutineStep.QUESTIONS
        await pilot.press(*"Can I get the results by phone?", "enter")
        await settle(pilot)
        assert "Can I get the results by phone?" in text_of(screen, "#calm-questions")
        await pilot.press("enter")  # Enter on the empty field goes on
        await settle(pilot)
        assert screen.step is RoutineStep.FINISH_LINE
        assert "Walk the coast path in May" in text_of(screen, "#calm-finish-line")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.step is RoutineStep.CHECKOUT
        await pilot.press("4", "enter")
        await settle(pilot)
        assert "Stress 7 → 4" in text_of(screen, "#calm-intro")
        await pilot.press("enter")  # Close
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
    [session] = store.sessions()
    entry, routine = store.read_log("journal.jsonl")
    assert session["pattern"] == "extended-exhale" and session["completed"] is True
    assert session["after"] is None  # no rating inside the routine: check-out asks it
    assert session["before"] == 7  # the check-in is the session's stress before
    assert entry["kind"] == "reappraisal" and entry["mode"] == "short"
    assert entry["appointment_id"] == SCAN and entry["routine"] is True
    assert entry["about_when"] == "2025-03-14T09:30:00+01:00"  # a date, shown relative later
    assert entry["answers"]["unpredictable"][0]["answer"] == "If it has grown"
    assert routine["kind"] == "routine" and routine["finished"] is True
    assert routine["about_when"] == "2025-03-14T09:30:00+01:00"
    assert routine["session_id"] == session["id"] and routine["journal_id"] == entry["id"]
    assert (routine["checkin"], routine["checkout"]) == (7, 4)
    assert routine["appointment_id"] == SCAN
    assert routine["steps_skipped"] == []
    assert routine["questions_added"] == ["Can I get the results by phone?"]
    [scan] = [a for a in store.read_document("appointments.json")["appointments"]
              if a["id"] == SCAN]
    assert scan["questions"] == ["When will I hear?", "Can I get the results by phone?"]


async def test_every_step_can_be_skipped(
    make_app: Callable[..., PacerApp], seeded: Store
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        for _ in range(7):
            await pilot.press("ctrl+k")
            await settle(pilot)
        assert "You skipped every step" in text_of(screen, "#calm-intro")
    assert seeded.sessions() == []
    assert seeded.read_log("journal.jsonl") == []  # nothing done: nothing to save


async def test_skipping_after_a_check_in_saves_what_was_skipped(
    make_app: Callable[..., PacerApp], seeded: Store
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("ctrl+k", "3", "enter")
        for _ in range(5):
            await pilot.press("ctrl+k")
            await settle(pilot)
    [routine] = seeded.read_log("journal.jsonl")
    assert routine["steps_done"] == ["checkin"] and routine["checkin"] == 3
    assert routine["steps_skipped"] == ["appointment", "breathe", "reappraise", "questions",
                                        "finish_line", "checkout"]
    assert routine["finished"] is True


async def test_back_returns_with_the_rating_kept(
    make_app: Callable[..., PacerApp], seeded: Store
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        await pilot.press("ctrl+k", "6", "enter")
        await settle(pilot)
        assert screen.step is RoutineStep.BREATHE
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert screen.step is RoutineStep.CHECKIN
        assert screen.query_one("#f-rating", Input).value == "6"
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert screen.step is RoutineStep.APPOINTMENT


@pytest.mark.parametrize(("typed", "named"), [("11", "'11'"), ("calm", "'calm'")])
async def test_bad_rating_is_named_and_the_step_stays(
    make_app: Callable[..., PacerApp], seeded: Store, typed: str, named: str
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        await pilot.press("ctrl+k", *typed, "enter")
        await settle(pilot)
        assert screen.step is RoutineStep.CHECKIN
        assert named in text_of(screen, "#calm-error")
        assert screen.query_one("#f-rating", Input).value == typed
        assert pilot.app.focused is screen.query_one("#f-rating")
    assert seeded.read_log("journal.jsonl") == []  # nothing done, nothing saved


async def test_escape_leaves_with_what_was_done_saved(
    make_app: Callable[..., PacerApp], seeded: Store
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("enter", "8", "enter", "escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
    [routine] = seeded.read_log("journal.jsonl")
    assert routine["checkin"] == 8 and routine["appointment_id"] == SCAN
    assert routine["finished"] is False and routine["left_at"] == "breathe"
    assert routine["steps_done"] == ["appointment", "checkin"]


async def test_escape_at_once_saves_nothing(
    make_app: Callable[..., PacerApp], seeded: Store
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("escape")
        await settle(pilot)
    assert seeded.read_log("journal.jsonl") == []


async def test_stopping_the_breathing_early_keeps_a_partial_session(
    make_app: Callable[..., PacerApp], seeded: Store, clock: FakeClock
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        await pilot.press("ctrl+k", "ctrl+k", "enter")
        await settle(pilot)
        session = pilot.app.screen
        assert isinstance(session, RoutineSessionScreen)
        clock.advance(40)
        session.tick()
        await pilot.press("escape", "y")  # the session screen's own stop, confirmed
        await settle(pilot)
        assert pilot.app.screen is screen and screen.step is RoutineStep.REAPPRAISE
    [partial] = seeded.sessions()
    assert partial["completed"] is False and partial["seconds"] == pytest.approx(40)


async def test_quitting_mid_breath_saves_the_session_and_the_routine(
    make_app: Callable[..., PacerApp], seeded: Store, clock: FakeClock
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("enter", "5", "enter", "enter")
        await settle(pilot)
        session = pilot.app.screen
        assert isinstance(session, RoutineSessionScreen)
        clock.advance(30)
        session.tick()
        await pilot.press("ctrl+q")
        await settle(pilot)
    [partial] = seeded.sessions()
    [routine] = seeded.read_log("journal.jsonl")
    assert partial["completed"] is False
    assert routine["session_id"] == partial["id"]
    assert "breathe" in routine["steps_done"] and routine["checkin"] == 5


async def test_started_for_one_appointment_skips_the_choice(
    make_app: Callable[..., PacerApp], seeded: Store
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await start(pilot, SCAN)
        assert screen.step is RoutineStep.CHECKIN
        assert screen.appointment is not None and screen.appointment["id"] == SCAN


async def test_routine_settings_choose_the_breathing(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    store.save_settings({"routine_pattern": "resonance", "routine_minutes": 2})
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        await pilot.press("ctrl+k", "ctrl+k")
        await settle(pilot)
        assert "2 minutes of slow, long exhale" in text_of(screen, "#calm-intro")


# --- snapshots ------------------------------------------------------------------------------

STEP_KEYS: dict[str, tuple[str, ...]] = {
    "appointment": (),
    "checkin": ("enter", "7"),
    "breathe": ("enter", "7", "enter"),
    "reappraise": ("enter", "7", "enter", "ctrl+k"),
    "questions": ("enter", "7", "enter", "ctrl+k", "ctrl+k", *"Can I call for results?"),
    "finish_line": ("enter", "7", "enter", "ctrl+k", "ctrl+k", "enter"),
    "checkout": ("enter", "7", "enter", "ctrl+k", "ctrl+k", "enter", "enter", "4"),
    "done": ("enter", "7", "enter", "ctrl+k", "ctrl+k", "enter", "enter", "4", "enter"),
    "error": ("enter", "1", "2", "enter"),
}


@pytest.mark.parametrize("step", list(STEP_KEYS))
def test_snapshot_calm_step(
    snap_compare: Any, make_app: Callable[..., PacerApp], seeded: Store, step: str
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        open_calm(pilot.app)
        await settle(pilot)
        for key in STEP_KEYS[step]:
            await pilot.press(key)
            await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)

