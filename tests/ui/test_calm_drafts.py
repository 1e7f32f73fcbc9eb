"""The calm-down routine keeps its place (KeepsWords, draft kind "routine"): its step, what was
done and the words typed come back after a restart, and carrying on replaces the part saved on
the way out instead of saving the routine twice. Bad journal records never stop it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from pacer.app import PacerApp
from pacer.domain.routine import RoutineStep
from pacer.screens.calm import CalmScreen, open_calm
from pacer.screens.confirm import ConfirmModal
from pacer.screens.leaving import KeepsWords
from pacer.store import Store
from pacer.widgets import nuts_form

SIZE = (80, 24)
SCAN = "5b0c3f1e-0000-4000-8000-000000000001"


@pytest.fixture(autouse=True)
def steady_text_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nuts_form, "CURSOR_BLINK", False)


@pytest.fixture
def seeded(store: Store) -> Store:
    store.update_document("appointments.json", lambda d: {**d, "appointments": [
        {"id": SCAN, "kind": "scan", "when": "2025-03-14T09:30:00+01:00",
         "where": "City Hospital", "notes": "", "questions": ["When will I hear?"]}]})
    return store


def drafts(store: Store) -> list[dict]:
    path = store.root / "drafts.json"
    return json.loads(path.read_text())["drafts"] if path.exists() else []


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def start(pilot: Pilot[Any]) -> CalmScreen:
    open_calm(pilot.app)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CalmScreen)
    return screen


async def test_unsaved_words_false_when_fresh_true_after_typing(
    make_app: Callable[..., PacerApp], seeded: Store
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        assert isinstance(screen, KeepsWords)
        assert screen.has_unsaved_words() is False
        await pilot.press("enter", "7")
        assert screen.has_unsaved_words() is True  # typed, not taken yet
        await pilot.press("enter")
        await pilot.pause()
        assert screen.has_unsaved_words() is False  # taken: saved when the routine ends


async def test_keep_draft_then_restart_carries_on_at_the_same_step(
    make_app: Callable[..., PacerApp], seeded: Store
) -> None:
    store = seeded
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        await pilot.press("enter", "7", "enter", "ctrl+k", "ctrl+k")
        await pilot.pause()
        assert screen.step is RoutineStep.QUESTIONS
        await pilot.press(*"Can I call for results?")
        screen.keep_draft()
        [draft] = drafts(store)
        assert draft["kind"] == "routine" and draft["step"] == "questions"
        assert draft["fields"] == {"f-question": "Can I call for results?"}
        assert draft["context"]["checkin"] == 7
    [left] = store.read_log("journal.jsonl")  # the app closed: what was done is saved
    assert left["finished"] is False
    async with make_app().run_test(size=SIZE) as pilot:
        open_calm(pilot.app)
        await pilot.pause()
        question = pilot.app.screen
        assert isinstance(question, ConfirmModal)
        assert "questions to ask" in str(question.query_one(".body", Static).render())
        await pilot.press("enter")  # Carry on (focused)
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, CalmScreen)
        assert screen.step is RoutineStep.QUESTIONS
        assert screen.routine is not None and screen.routine.checkin == 7
        assert screen.appointment is not None and screen.appointment["id"] == SCAN
        assert screen.query_one("#f-question", Input).value == "Can I call for results?"
        await pilot.press("enter")  # add the question
        await settle(pilot)
        await pilot.press("enter", "enter", "4", "enter")  # on, finish line, check out
        await settle(pilot)
        assert "Stress 7 → 4" in str(screen.query_one("#calm-intro", Static).render())
    [routine] = store.read_log("journal.jsonl")  # replaced, not saved twice
    assert routine["id"] == left["id"] and routine["finished"] is True
    assert routine["questions_added"] == ["Can I call for results?"]
    assert drafts(store) == []


async def test_starting_afresh_lets_the_draft_go(
    make_app: Callable[..., PacerApp], seeded: Store
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        await pilot.press("enter", "6")
        screen.keep_draft()
    assert len(drafts(seeded)) == 1
    async with make_app().run_test(size=SIZE) as pilot:
        open_calm(pilot.app)
        await pilot.pause()
        await pilot.press("n")  # Start afresh
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CalmScreen) and screen.step is RoutineStep.APPOINTMENT
    assert drafts(seeded) == []


async def test_bad_records_never_stop_the_routine(
    make_app: Callable[..., PacerApp], seeded: Store
) -> None:
    bad = "bad-questions"
    seeded.update_document("appointments.json", lambda d: {**d, "appointments": [
        *d["appointments"],
        {"id": bad, "kind": "scan", "when": "2025-03-13T09:30:00+01:00", "questions": 5},
        {"id": "far", "kind": "scan", "when": "9999-12-31T23:30:00+00:00"}]})
    seeded.append("journal.jsonl", {"kind": "routine", "steps_done": 5,
                                    "started": "2025-03-11T07:50:00+01:00"})
    seeded.update_document("goals.json", lambda d: {**d, "goals": [{"id": "g", "title": 5}]})
    async with make_app().run_test(size=SIZE) as pilot:
        open_calm(pilot.app, bad)  # aimed at the bad one: it is left out, so no aim
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, CalmScreen) and screen.appointment is None
        assert [a["id"] for a in screen.appointments] == [SCAN]
        for _ in range(4):
            await pilot.press("ctrl+k")
            await pilot.pause()
        assert screen.step is RoutineStep.QUESTIONS
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert screen.step is RoutineStep.FINISH_LINE
        assert "not written a finish line" in str(
            screen.query_one("#calm-finish-line", Static).render())
