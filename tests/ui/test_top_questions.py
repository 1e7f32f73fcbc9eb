"""The appointment form: mark up to three questions as the top ones, with the keyboard.

The top ones come first wherever questions are listed, so the few that matter most are asked
before the visit runs out of time. Suggestions follow the kind chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static, TextArea

from pacer.app import PacerApp
from pacer.domain.questions import GROUPS
from pacer.screens.appointments import AppointmentFormScreen, AppointmentsScreen
from pacer.store import Store
from pacer.widgets import nuts_form

SIZE = (80, 40)
QUESTIONS = ["When will I hear?", "Who do I call?", "Can I drive after?", "Is it loud?"]


@pytest.fixture(autouse=True)
def steady_text_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nuts_form, "CURSOR_BLINK", False)


def seed(store: Store, **extra: Any) -> None:
    """A scan on Friday 14 March 2025 (the conftest's wall clock is Wednesday 12 March)."""
    store.update_document("appointments.json", lambda d: {**d, "appointments": [
        {"id": "scan", "kind": "scan", "when": "2025-03-14T09:30:00+01:00",
         "where": "City Hospital", "notes": "", "questions": list(QUESTIONS), **extra},
    ]})


def saved(store: Store) -> dict[str, Any]:
    [record] = store.read_document("appointments.json")["appointments"]
    return record


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_form(pilot: Pilot[Any]) -> AppointmentFormScreen:
    """Appointments, then enter on the one appointment: its form."""
    await pilot.app.push_screen(AppointmentsScreen())
    await settle(pilot)
    await pilot.press("e")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, AppointmentFormScreen)
    return form


def lines(form: AppointmentFormScreen, selector: str) -> list[str]:
    options = form.query_one(selector, OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def mark(pilot: Pilot[Any], form: AppointmentFormScreen, *indexes: int) -> None:
    """Focus Your top three with the keyboard and press enter on each line given."""
    top = form.query_one("#top-questions", OptionList)
    while pilot.app.focused is not top:
        await pilot.press("tab")
    for index in indexes:
        while top.highlighted != index:
            await pilot.press("down" if (top.highlighted or 0) < index else "up")
        await pilot.press("enter")
        await pilot.pause()


async def test_mark_three_then_a_fourth_is_refused_calmly(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed(store)
    async with make_app().run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        assert lines(form, "#top-questions") == [f"[ ] {q}" for q in QUESTIONS]
        await mark(pilot, form, 2, 0, 3)
        assert form.top == ["Can I drive after?", "When will I hear?", "Is it loud?"]
        await mark(pilot, form, 1)  # a fourth
        assert form.top == ["Can I drive after?", "When will I hear?", "Is it loud?"]
        note = str(form.query_one("#top-note", Static).render())
        assert note.startswith("Three at most.")
        assert lines(form, "#top-questions") == [
            "[x] When will I hear?", "[ ] Who do I call?", "[x] Can I drive after?",
            "[x] Is it loud?"]
        await mark(pilot, form, 0)  # unmark one: then the fourth fits
        await mark(pilot, form, 1)
        assert form.top == ["Can I drive after?", "Is it loud?", "Who do I call?"]
        assert str(form.query_one("#top-note", Static).render()) == ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AppointmentsScreen)
    record = saved(store)
    assert record["questions"] == QUESTIONS  # the order written is kept
    assert record["top_questions"] == ["Can I drive after?", "Is it loud?", "Who do I call?"]


async def test_on_reopen_the_top_ones_come_first_and_stay_marked(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed(store, top_questions=["Is it loud?", "Who do I call?"])
    async with make_app().run_test(size=SIZE) as pilot:
        list_screen = pilot.app
        form = await open_form(pilot)
        assert form.query_one("#f-questions", TextArea).text.splitlines() == [
            "Is it loud?", "Who do I call?", "When will I hear?", "Can I drive after?"]
        assert lines(form, "#top-questions") == [
            "[x] Is it loud?", "[x] Who do I call?", "[ ] When will I hear?",
            "[ ] Can I drive after?"]
        assert not form.has_unsaved_words()
        # The list's details show them in the same order.
        await pilot.press("escape")
        await settle(pilot)
        screen = list_screen.screen
        assert isinstance(screen, AppointmentsScreen)
        details = str(screen.query_one("#appointment-details", Static).render())
        assert details.index("Is it loud?") < details.index("When will I hear?")


async def test_a_mark_goes_when_its_question_is_rewritten(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed(store, top_questions=["Who do I call?"])
    async with make_app().run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        area = form.query_one("#f-questions", TextArea)
        area.text = "Who should I call at night?\nWhen will I hear?"
        await pilot.pause()
        assert form.top == []
        assert lines(form, "#top-questions") == ["[ ] Who should I call at night?",
                                                 "[ ] When will I hear?"]
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert saved(store)["top_questions"] == []


async def test_marks_are_kept_in_the_draft_and_come_back(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed(store)
    async with make_app().run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        await mark(pilot, form, 1)
        assert form.has_unsaved_words()
        form.keep_draft()
    async with make_app().run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        assert form.top == ["Who do I call?"]
        assert lines(form, "#top-questions")[1] == "[x] Who do I call?"


async def test_marked_text_with_control_characters_is_saved_as_it_was(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    odd = "Bell\x07 here?"
    store.update_document("appointments.json", lambda d: {**d, "appointments": [
        {"id": "scan", "kind": "scan", "when": "2025-03-14T09:30:00+01:00",
         "questions": [odd, "Plain?"]}]})
    async with make_app().run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        assert "\x07" not in lines(form, "#top-questions")[0]
        await mark(pilot, form, 0)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert saved(store)["top_questions"] == [odd]
    assert saved(store)["questions"] == [odd, "Plain?"]


async def test_suggestions_are_the_chosen_kinds_group(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await pilot.app.push_screen(AppointmentsScreen())
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, AppointmentFormScreen)
        label = form.query_one("#suggestions-label", Static)
        assert str(label.render()) == "Questions for a scan (enter adds one)"
        assert lines(form, "#suggestions") == list(GROUPS["scan"].questions)
        await pilot.press("right", "right", "enter")  # Results visit
        await pilot.pause()
        assert str(label.render()) == "Questions for a results visit (enter adds one)"
        assert lines(form, "#suggestions") == list(GROUPS["results"].questions)
        # No questions yet: Your top three is not shown.
        assert not form.query_one("#top-questions", OptionList).display
