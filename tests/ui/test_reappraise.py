"""Pilot tests of the reappraisal flow, its drafts and the journal, plus snapshots at 80x24."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList, Static, TextArea

from pacer.app import PacerApp
from pacer.domain.reappraisal import ReappraisalFlow, Step
from pacer.screens.confirm import ConfirmModal
from pacer.screens.home import HomeScreen
from pacer.screens.journal import EntryScreen, JournalScreen
from pacer.screens.reappraise import (
    DraftChoiceScreen,
    ReappraiseScreen,
    draft_notice,
    open_reappraisal,
)
from pacer.store import Store, StoreError
from pacer.widgets import nuts_form

SIZE = (80, 24)
R1 = "11111111-1111-4111-8111-111111111111"
C1 = "22222222-2222-4222-8222-222222222222"
R2 = "33333333-3333-4333-8333-333333333333"
SAME = "44444444-4444-4444-8444-444444444444"


@pytest.fixture(autouse=True)
def steady_text_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nuts_form, "CURSOR_BLINK", False)


async def settle(pilot: Pilot[Any]) -> None:
    """Let every worker (draft writes, saves) finish, then the screen catch up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def start(pilot: Pilot[Any], flow: ReappraisalFlow | None = None) -> ReappraiseScreen:
    await pilot.app.push_screen(ReappraiseScreen(flow))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReappraiseScreen)
    return screen


def error_text(screen: ReappraiseScreen) -> str:
    return str(screen.query_one("#step-error", Label).render())


def drafts(store: Store) -> list[dict]:
    return store.read_document("drafts.json")["drafts"]


async def first_step(pilot: Pilot[Any], situation: str = "Scan results on Friday",
                     stress: str = "7") -> None:
    await pilot.press(*situation)
    await pilot.press("tab", *stress, "enter")
    await settle(pilot)


async def test_first_field_has_focus_and_tab_moves_on(make_app: Callable[..., PacerApp]) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        assert pilot.app.focused is screen.query_one("#f-situation", TextArea)
        await pilot.press("tab")
        assert pilot.app.focused is screen.query_one("#f-stress_before", Input)


async def test_whole_flow_with_the_keyboard_saves_one_entry_and_no_draft(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    store.update_document("goals.json", lambda d: {**d, "goals": [
        {"id": "g1", "title": "Dance at Sam's wedding"}]})
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        await first_step(pilot)
        assert screen.flow.step is Step.SPRINT
        await pilot.press("ctrl+n")  # "No, it can wait" is already chosen
        await settle(pilot)
        assert screen.flow.step is Step.NUTS
        assert pilot.app.focused is screen.query_one("#tick-novel")
        await pilot.press("tab", "space", "tab", "tab", "space")  # U and S
        assert [i.key for i in screen.flow.ticked] == ["unpredictable", "control"]
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert screen.flow.step is Step.UNPREDICTABLE
        await pilot.press(*"Whether it has grown", "enter", "enter", "enter")  # Enter walks on
        await settle(pilot)
        assert screen.flow.step is Step.CONTROL
        await pilot.press("enter", *"Call Sam", "enter", "enter")
        await settle(pilot)
        assert screen.flow.step is Step.BALANCED
        await pilot.press(*"Hard to wait. I have a plan either way.", "tab", *"Write questions")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.flow.step is Step.CLOSE
        note = str(screen.query_one("#step-note", Static).render())
        assert "You started at 7" in note and "Dance at Sam's wedding" in note
        await pilot.press("4", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
    [entry] = store.read_log("journal.jsonl")
    assert entry["kind"] == "reappraisal"
    assert (entry["stress_before"], entry["stress_after"]) == (7, 4)
    assert entry["situation"] == "Scan results on Friday"
    assert entry["nuts"] == {"novel": False, "unpredictable": True, "threat": False,
                             "control": True}
    assert entry["answers"]["unpredictable"][0]["answer"] == "Whether it has grown"
    assert entry["answers"]["control"][0]["answer"] == "Call Sam"
    assert entry["balanced"] == "Hard to wait. I have a plan either way."
    assert entry["next_step"] == "Write questions"
    assert entry["created"] == "2025-03-12T15:30:00+01:00"
    assert drafts(store) == []


async def test_sprint_branch_ends_with_the_action(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        await first_step(pilot, "A new cough since yesterday", "6")
        await pilot.press("down", "enter")  # Yes, something needs action today
        await settle(pilot)
        assert screen.flow.sprint
        assert pilot.app.focused is screen.query_one("#f-action", Input)
        note = str(screen.query_one("#step-note", Static).render())
        assert "contact your care team now" in note
        await pilot.press("ctrl+s")  # the action is needed first
        await settle(pilot)
        assert "The one thing to do today" in error_text(screen)
        assert store.read_log("journal.jsonl") == []
        await pilot.press(*"Call about the cough", "tab", *"Nurse line")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
    [entry] = store.read_log("journal.jsonl")
    assert entry["path"] == "sprint" and entry["sprint"] is True
    assert (entry["action"], entry["contact"]) == ("Call about the cough", "Nurse line")
    assert entry["stress_after"] is None


async def test_back_keeps_the_words(make_app: Callable[..., PacerApp]) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        await first_step(pilot, "The wait")
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("ctrl+b")
        await settle(pilot)
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert screen.flow.step is Step.SITUATION
        assert screen.query_one("#f-situation", TextArea).text == "The wait"
        assert screen.query_one("#f-stress_before", Input).value == "7"
        await pilot.press("ctrl+b")  # nothing before the first step
        assert screen.flow.step is Step.SITUATION


@pytest.mark.parametrize(
    ("situation", "stress", "message"),
    [
        ("", "5", "'What is on your mind' is empty"),
        ("The scan", "11", "'11' is outside 0-10"),
        ("The scan", "x", "'x' is not a stress rating"),
        ("The scan", "", "type a whole number from 0 to 10"),
    ],
)
async def test_bad_input_is_explained_inline_and_nothing_is_lost(
    make_app: Callable[..., PacerApp], store: Store, situation: str, stress: str, message: str
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        await first_step(pilot, situation, stress)
        assert screen.flow.step is Step.SITUATION
        assert message in error_text(screen)
        assert screen.query_one("#f-situation", TextArea).text == situation
        assert screen.query_one("#f-stress_before", Input).value == stress
        bad = "#f-situation" if not situation else "#f-stress_before"
        assert pilot.app.focused is screen.query_one(bad)
        await pilot.press("a")
        assert error_text(screen) == ""  # typing again clears the message
    assert store.read_log("journal.jsonl") == []


async def test_draft_is_saved_while_typing(make_app: Callable[..., PacerApp], store: Store) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press(*"Half a thought")
        await settle(pilot)
        [draft] = drafts(store)
        assert draft["answers"]["situation"] == "Half a thought"
        assert draft["step"] == "situation" and draft["kind"] == "reappraisal"


async def test_draft_survives_the_app_stopping_and_comes_back_at_the_same_step(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        await first_step(pilot, "Results on Friday")
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("tab", "tab", "space")  # tick T
        first_id = screen.flow.id
    # The app has stopped with no Escape and no save: the draft is on disk all the same.
    [draft] = drafts(store)
    assert draft["step"] == "nuts" and draft["answers"]["nuts"] == ["threat"]
    async with make_app().run_test(size=SIZE) as pilot:
        assert "Results on Friday" in (draft_notice(pilot.app.services) or "")
        open_reappraisal(pilot.app)
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, DraftChoiceScreen)
        assert "Results on Friday" in str(dialog.query_one("#draft-words", Static).render())
        await pilot.press("enter")  # Continue is the default
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReappraiseScreen)
        assert screen.flow.id == first_id and screen.flow.step is Step.NUTS
        assert screen.query_one("#tick-threat").value  # type: ignore[attr-defined]
        await pilot.press("ctrl+b", "ctrl+b")
        await settle(pilot)
        assert screen.query_one("#f-situation", TextArea).text == "Results on Friday"
        await pilot.press(*", and I am scared")  # typing carries on after the restored words
        assert screen.flow.answers["situation"] == "Results on Friday, and I am scared"


async def test_discarding_a_draft_starts_afresh(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press(*"Something old")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        assert len(drafts(store)) == 1
        open_reappraisal(pilot.app)
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReappraiseScreen)
        assert screen.query_one("#f-situation", TextArea).text == ""
        assert drafts(store) == []


async def test_escape_in_the_draft_question_changes_nothing(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press(*"Kept words", "escape")
        await settle(pilot)
        open_reappraisal(pilot.app)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
    assert drafts(store)[0]["answers"]["situation"] == "Kept words"


async def test_a_draft_whose_entry_was_saved_is_not_offered_again(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    store.append("journal.jsonl", {"id": SAME, "kind": "reappraisal", "situation": "x"})
    store.update_document("drafts.json", lambda d: {**d, "drafts": [
        {"id": SAME, "kind": "reappraisal", "step": "close",
         "answers": {"situation": "x"}, "updated": "2025-03-12T15:00:00+01:00"}]})
    async with make_app().run_test(size=SIZE) as pilot:
        open_reappraisal(pilot.app)
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReappraiseScreen) and screen.flow.id != SAME
    assert drafts(store) == []


async def test_a_failed_save_keeps_the_words_and_the_draft(
    make_app: Callable[..., PacerApp], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(name: str, record: dict) -> dict:
        raise StoreError("Could not save journal.jsonl: No space left on device")

    async with make_app().run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        await first_step(pilot, "Results")
        await pilot.press("down", "enter", *"Ring the clinic")
        monkeypatch.setattr(store, "append", broken)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert "Not saved yet" in error_text(screen) and "No space left" in error_text(screen)
        assert not screen.flow.done
    assert store.read_log("journal.jsonl") == []
    assert drafts(store)[0]["answers"]["action"] == "Ring the clinic"


async def test_short_mode_escape_saves_what_was_written(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    results: list[Any] = []
    async with make_app().run_test(size=SIZE) as pilot:
        flow = ReappraisalFlow.short("My scan", stress_before=6, appointment_id="a1",
                                     routine=True)
        pilot.app.push_screen(ReappraiseScreen(flow), results.append)
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReappraiseScreen)
        assert "Look at it again" in str(screen.query_one("#step-count", Label).render())
        await pilot.press("space", "ctrl+n")  # N, then its prompts
        await settle(pilot)
        await pilot.press(*"The new scanner", "escape")
        await settle(pilot)
    [entry] = store.read_log("journal.jsonl")
    assert results == [entry]
    assert entry["complete"] is False and entry["appointment_id"] == "a1"
    assert entry["answers"]["novel"][0]["answer"] == "The new scanner"
    assert drafts(store) == []  # the routine keeps no draft


# --- the journal ----------------------------------------------------------------------------


def seed_journal(store: Store) -> None:
    store.update_document("appointments.json", lambda d: {**d, "appointments": [
        {"id": "a1", "kind": "scan", "when": "2025-03-14T09:30:00+01:00",
         "where": "City Hospital", "questions": []}]})
    store.append("journal.jsonl", {
        "id": R1, "kind": "reappraisal", "created": "2025-03-10T09:00:00+01:00",
        "situation": "Waiting for the blood test results", "stress_before": 8,
        "stress_after": 5, "nuts": {"unpredictable": True},
        "answers": {"unpredictable": [{"prompt": "What can you predict?",
                                       "answer": "They call on Tuesdays"}]},
        "balanced": "I know when they call.", "next_step": "Plan Tuesday", "complete": True})
    store.append("journal.jsonl", {
        "id": C1, "kind": "routine", "created": "2025-03-11T08:00:00+01:00",
        "started": "2025-03-11T07:50:00+01:00",
        "appointment_id": "a1", "checkin": 7, "checkout": 4,
        "steps_done": ["checkin", "breathe", "checkout"], "steps_skipped": ["reappraise"],
        "pattern": "extended-exhale", "minutes": 3})
    store.append("journal.jsonl", {
        "id": R2, "kind": "reappraisal", "created": "2025-03-12T14:00:00+01:00",
        "situation": "New cough", "sprint": True, "action": "Call the nurse",
        "stress_before": 6, "path": "sprint"})


async def open_journal(pilot: Pilot[Any]) -> JournalScreen:
    await pilot.app.push_screen(JournalScreen())
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, JournalScreen)
    return screen


async def test_journal_lists_newest_first_and_searches(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed_journal(store)
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await open_journal(pilot)
        assert [e["id"] for e in screen.shown] == [R2, C1, R1]
        rows = screen.query_one("#journal-list", OptionList)
        assert "Before: Scan at City Hospital" in str(rows.get_option_at_index(1).prompt)
        await pilot.press("slash", *"tuesdays")
        await settle(pilot)
        assert [e["id"] for e in screen.shown] == [R1]
        await pilot.press(*" nothing")
        assert screen.shown == []
        assert "Nothing matches" in str(screen.query_one("#journal-empty", Static).render())
        await pilot.press("escape")  # clears the search first
        assert len(screen.shown) == 3


async def test_journal_opens_an_entry_read_only(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed_journal(store)
    async with make_app().run_test(size=SIZE) as pilot:
        await open_journal(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        view = pilot.app.screen
        assert isinstance(view, EntryScreen)
        text = str(view.query_one("#entry-text", Static).render())
        assert "Waiting for the blood test results" in text
        assert "They call on Tuesdays" in text and "Stress 8 → 5" in text
        assert not view.query(Input) and not view.query(TextArea)  # nothing to edit
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, JournalScreen)


async def test_journal_delete_asks_first(make_app: Callable[..., PacerApp], store: Store) -> None:
    seed_journal(store)
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await open_journal(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.press("enter")  # the focused, safe answer: Keep
        await settle(pilot)
        assert len(store.read_log("journal.jsonl")) == 3
        await pilot.press("d", "y")
        await settle(pilot)
        assert [e["id"] for e in screen.shown] == [C1, R1]
    assert [e["id"] for e in store.read_log("journal.jsonl")] == [R1, C1]


async def test_entry_view_can_delete(make_app: Callable[..., PacerApp], store: Store) -> None:
    seed_journal(store)
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await open_journal(pilot)
        await pilot.press("enter", "d", "y")
        await settle(pilot)
        assert pilot.app.screen is screen and len(screen.shown) == 2
    assert R2 not in [e["id"] for e in store.read_log("journal.jsonl")]


# --- snapshots (80x24) ----------------------------------------------------------------------

Steps = Callable[[Pilot[Any]], Awaitable[None]]


def reappraise_to(*keys: str, seed: Callable[[Store], None] | None = None) -> Steps:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.app.push_screen(ReappraiseScreen())
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


def typed(text: str) -> tuple[str, ...]:
    return tuple(text)


STEP_KEYS: dict[str, tuple[str, ...]] = {
    "situation": (*typed("Scan results on Friday. I keep imagining the worst."), "tab", "7"),
    "sprint": (*typed("A new cough"), "tab", "6", "enter", "down", "enter",
               *typed("Call about the cough"), "tab", *typed("Oncology nurse line")),
    "nuts": (*typed("Scan results"), "tab", "7", "enter", "ctrl+n", "tab", "space"),
    "prompts": (*typed("Scan results"), "tab", "7", "enter", "ctrl+n", "tab", "space",
                "ctrl+n", *typed("Whether it has grown")),
    "balanced": (*typed("Scan results"), "tab", "7", "enter", "ctrl+n", "ctrl+n",
                 *typed("It is hard to wait, and I have a plan either way."), "tab",
                 *typed("Write my questions")),
    "close": (*typed("Scan results"), "tab", "7", "enter", "ctrl+n", "ctrl+n",
              *typed("It is hard, and I have help."), "ctrl+n", "4"),
    "error": (*typed("Scan results"), "tab", "1", "1", "enter"),
}


@pytest.mark.parametrize("step", list(STEP_KEYS))
def test_snapshot_reappraise_step(
    snap_compare: Any, make_app: Callable[..., PacerApp], store: Store, step: str
) -> None:
    store.update_document("goals.json", lambda d: {**d, "goals": [
        {"id": "g1", "title": "Dance at Sam's wedding"}]})
    assert snap_compare(make_app(), terminal_size=SIZE,
                        run_before=reappraise_to(*STEP_KEYS[step]))


def test_snapshot_draft_question(
    snap_compare: Any, make_app: Callable[..., PacerApp], store: Store
) -> None:
    store.update_document("drafts.json", lambda d: {**d, "drafts": [
        {"id": "d1", "kind": "reappraisal", "step": "sprint",
         "updated": "2025-03-12T15:00:00+01:00",
         "answers": {"situation": "Scan results on Friday. I keep imagining the worst.",
                     "stress_before": "7"}}]})

    async def run_before(pilot: Pilot[Any]) -> None:
        open_reappraisal(pilot.app)
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_snapshot_journal(snap_compare: Any, make_app: Callable[..., PacerApp],
                          store: Store) -> None:
    seed_journal(store)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.app.push_screen(JournalScreen())
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_snapshot_journal_entry(snap_compare: Any, make_app: Callable[..., PacerApp],
                                store: Store) -> None:
    seed_journal(store)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.app.push_screen(JournalScreen())
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)
