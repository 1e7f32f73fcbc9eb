"""Finish lines never lose or garble what a person wrote.

Each test here was written against a defect of the first version: a save racing the last keys
typed, words lost on the way out, a save claimed before the disk answered, a goal deleted in
another window brought back, a bad record crashing the list or rewritten by another save, and
escape sequences from the file reaching the terminal.
"""

from __future__ import annotations

import json
import re
import textwrap
import threading
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from pacer.app import PacerApp
from pacer.screens.confirm import ConfirmModal
from pacer.screens.goals import GoalFormScreen, GoalsScreen, ReviewScreen
from pacer.screens.leaving import KeepsWords
from pacer.services import Services
from pacer.store import Store
from tests.ui.test_goals import make_goal, notes, open_goals, seed_goals, stored

EVIL = "\u001b]0;TITLE\u0007\u001b[2J[b]x"
#: Styles and cursor moves: the only escape sequences the app itself may send.
_OWN_SEQUENCES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


async def settle(pilot: Pilot[None]) -> None:
    """Wait for the saves running off the event loop, then for the screen to catch up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def until_asked(pilot: Pilot[None]) -> ConfirmModal:
    """Wait (a bounded number of frames) for the save on its way to ask its question."""
    for _ in range(200):
        if isinstance(pilot.app.screen, ConfirmModal):
            return pilot.app.screen
        await pilot.pause()
    raise AssertionError(f"no question was asked; the screen is {pilot.app.screen!r}")


def services(store: Store) -> Services:
    return Services.open(Store(store.root))


def rendered(app: App[Any]) -> tuple[str, str]:
    """What the app draws now: (the text a person reads, the bytes sent to the terminal)."""
    update = app.screen._compositor.render_full_update(simplify=True)
    text = "\n".join("".join(strip.text for strip in line) for line in update.strips)
    return text, update.render_segments(app.console)


def assert_harmless(app: App[Any]) -> str:
    text, output = rendered(app)
    assert "\x1b" not in text and "\x07" not in text
    leftover = _OWN_SEQUENCES.sub("", output)
    assert "\x1b" not in leftover and "\x07" not in leftover
    return text


# --- a save sees every key typed before it ----------------------------------------------------


async def test_ctrl_s_right_after_typing_saves_every_key(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("N", "a", "m", "e", "ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, GoalsScreen)
    assert [goal["title"] for goal in stored(store).values()] == ["Name"]


async def burst(pilot: Pilot[None], *keys: str) -> None:
    """Keys as a terminal delivers a fast typist's (or a paste's): all at once, no waiting
    between them, as tmux send-keys does."""
    from textual import events

    driver = pilot.app._driver
    assert driver is not None
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await pilot.pause()


async def test_ctrl_s_in_one_burst_of_keys_from_the_terminal_saves_every_key(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await pilot.press("a")
        await pilot.pause()
        await burst(pilot, "N", "a", "m", "e", "ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, GoalsScreen)
    assert [goal["title"] for goal in stored(store).values()] == ["Name"]


async def test_review_ctrl_s_in_one_burst_saves_every_key(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed_goals(store, make_goal("Visit Rome", "g-rome"))
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await pilot.press("v")
        await pilot.pause()
        await burst(pilot, "B", "o", "o", "k", "ctrl+s")
        await settle(pilot)
    assert stored(store)["g-rome"]["next_step"] == "Book"


async def test_review_ctrl_s_right_after_typing_saves_every_key(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed_goals(store, make_goal("Visit Rome", "g-rome"))
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("B", "o", "o", "k", "ctrl+s")
        await settle(pilot)
    assert stored(store)["g-rome"]["next_step"] == "Book"


# --- saves run off the event loop and "Saved." waits for the disk -----------------------------


async def test_save_runs_off_the_event_loop_and_saved_waits_for_the_write(
    make_app: Callable[..., PacerApp], store: Store, monkeypatch: Any
) -> None:
    app = make_app()
    release = threading.Event()
    threads: list[threading.Thread] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        goals = app.services.goals
        real_save = goals.save

        def slow_save(*args: Any, **kwargs: Any) -> Any:
            threads.append(threading.current_thread())
            assert release.wait(10)
            return real_save(*args, **kwargs)

        monkeypatch.setattr(goals, "save", slow_save)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Sing in a choir", "ctrl+s")
        for _ in range(5):
            await pilot.pause()  # the app keeps drawing while the disk is busy
        assert isinstance(app.screen, GoalFormScreen)
        assert "Saved." not in notes(app)
        assert not (store.root / "goals.json").exists()
        release.set()
        await settle(pilot)
        assert isinstance(app.screen, GoalsScreen)
        assert "Saved." in notes(app)
    assert threads and threads[0] is not threading.main_thread()
    assert [goal["title"] for goal in stored(store).values()] == ["Sing in a choir"]


# --- drafts: the words are kept on the way out and offered back -------------------------------


async def test_a_fresh_form_has_no_unsaved_words_and_typing_makes_some(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed_goals(store, make_goal("Visit Rome", "g-rome", why="The light"))
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, GoalFormScreen) and isinstance(form, KeepsWords)
        assert form.has_unsaved_words() is False
        await pilot.press(*"Bake")
        assert form.has_unsaved_words() is True
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        assert form.has_unsaved_words() is False
        form.action_cancel()
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        edit = pilot.app.screen
        assert isinstance(edit, GoalFormScreen)
        assert edit.has_unsaved_words() is False  # loaded words are not "typed"
        await pilot.press("!")
        assert edit.has_unsaved_words() is True


async def test_keep_draft_then_a_new_app_offers_the_words_back(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, GoalFormScreen)
        await pilot.press(*"Garden party", "tab")
        form.query_one("#field-why", Input).value = "Everyone together"
        form.keep_draft()  # as the app's one way out does, synchronously
        assert form.has_unsaved_words() is False  # kept: leaving now loses nothing
    draft = services(store).drafts.find("goal", None)
    assert draft is not None and draft["fields"]["title"] == "Garden party"

    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, GoalFormScreen)
        assert form.query_one("#field-title", Input).value == "Garden party"
        assert form.query_one("#field-why", Input).value == "Everyone together"
        assert "typed last time" in str(form.query_one("#goal-form-status", Static).render())
        assert form.has_unsaved_words() is True  # still not saved
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, GoalsScreen)
    assert [goal["title"] for goal in stored(store).values()] == ["Garden party"]
    assert services(store).drafts.find("goal", None) is None  # saved: the draft is dropped


async def test_an_edit_draft_is_offered_back_for_that_goal_and_dropped_on_discard(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed_goals(store, make_goal("Visit Rome", "g-rome"), make_goal("Knit a hat", "g-hat"))
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, GoalFormScreen)
        await pilot.press(*" in May")
        form.keep_draft()
    assert services(store).drafts.find("goal", "g-rome") is not None

    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_goals(pilot)
        await pilot.press("a")  # a new goal is another form: no words of Rome in it
        await pilot.pause()
        assert pilot.app.screen.query_one("#field-title", Input).value == ""
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, GoalFormScreen)
        assert form.query_one("#field-title", Input).value == "Visit Rome in May"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert pilot.app.screen is screen
    assert services(store).drafts.find("goal", "g-rome") is None
    assert stored(store)["g-rome"]["title"] == "Visit Rome"


async def test_a_review_draft_is_offered_back(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed_goals(store, make_goal("Visit Rome", "g-rome", next_step="Look at flights"))
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await pilot.press("v")
        await pilot.pause()
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen) and isinstance(review, KeepsWords)
        assert review.has_unsaved_words() is False
        await pilot.press(*" in June")
        assert review.has_unsaved_words() is True
        review.keep_draft()
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await pilot.press("v")
        await pilot.pause()
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen)
        assert review.query_one("#review-step", Input).value == "Look at flights in June"
        assert "typed last time" in str(review.query_one("#review-error").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert stored(store)["g-rome"]["next_step"] == "Look at flights in June"
    assert services(store).drafts.find("review", "g-rome") is None


async def test_q_on_a_form_with_typed_words_asks_and_keeps_them(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        await pilot.press(*"Garden party", "tab", "q")  # q on the "kind" choice, not a text box
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.press("n")
        await pilot.pause()
        assert pilot.app.screen is form
        assert form.query_one("#field-title", Input).value == "Garden party"
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
    assert app.return_code in (0, None) and not app.is_running
    draft = services(store).drafts.find("goal", None)
    assert draft is not None and draft["fields"]["title"] == "Garden party"


async def test_q_in_the_review_with_a_typed_step_asks_and_keeps_it(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed_goals(store, make_goal("Visit Rome", "g-rome"))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await pilot.press("v")
        await pilot.pause()
        await pilot.press(*"Book flights", "tab", "tab", "q")  # q on the choices
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
    assert not app.is_running
    draft = services(store).drafts.find("review", "g-rome")
    assert draft is not None and draft["fields"]["next_step"] == "Book flights"
    assert stored(store)["g-rome"]["next_step"] is None


async def test_q_on_a_form_with_nothing_typed_leaves_at_once(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await pilot.press("a", "tab", "q")
        await settle(pilot)
    assert not app.is_running
    assert services(store).drafts.find("goal", None) is None


# --- a goal deleted or archived in another window is not brought back -------------------------


async def test_a_goal_deleted_meanwhile_is_not_brought_back_but_can_be_saved_as_new(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed_goals(store, make_goal("Visit Rome", "g-rome"), make_goal("Knit a hat", "g-hat"))
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, GoalFormScreen)
        await pilot.press(*" in May")
        services(store).goals.delete("g-rome")  # another window
        await pilot.press("ctrl+s")
        await until_asked(pilot)
        assert "deleted in another window" in str(form.query_one("#goal-form-status").render())
        assert set(stored(store)) == {"g-hat"}  # not brought back behind the person's back
        await pilot.press("n")  # keep editing: the words are still there
        await pilot.pause()
        assert pilot.app.screen is form
        assert form.query_one("#field-title", Input).value == "Visit Rome in May"
        await pilot.press("ctrl+s")
        await until_asked(pilot)
        await pilot.press("y")  # save as new
        await settle(pilot)
        assert isinstance(pilot.app.screen, GoalsScreen)
        assert "Saved." in notes(pilot.app)  # type: ignore[arg-type]
    titles = sorted(goal["title"] for goal in stored(store).values())
    assert titles == ["Knit a hat", "Visit Rome in May"]


async def test_a_goal_archived_meanwhile_stays_archived_and_the_edit_can_be_saved_as_new(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed_goals(store, make_goal("Visit Rome", "g-rome"))
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        await pilot.press(*" in May")
        other = services(store)
        other.goals.archive("g-rome", form.app.wall_clock())  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await until_asked(pilot)
        assert "archived in another window" in str(form.query_one("#goal-form-status").render())
        await pilot.press("y")
        await settle(pilot)
    goals = stored(store)
    assert goals["g-rome"]["archived"] is True and goals["g-rome"]["title"] == "Visit Rome"
    (new,) = [goal for key, goal in goals.items() if key != "g-rome"]
    assert new["title"] == "Visit Rome in May" and new["archived"] is False


# --- bad records: listed as problems, skipped, never rewritten --------------------------------

BAD_RECORDS: list[dict[str, Any]] = [
    {**make_goal("placeholder", "g-number"), "title": 5},
    {**make_goal("Object step", "g-object"), "next_step": {"a": 1}},
    {**make_goal("Far away", "g-far"), "check_in": "9999-12-31"},
    {**make_goal("Far made", "g-made"), "created": "9999-12-31T23:30:00+00:00"},
]


def record_block(record: dict[str, Any]) -> str:
    """How the store writes one record of a document's list (indent 2, inside "goals")."""
    return textwrap.indent(json.dumps(record, indent=2, ensure_ascii=False), "    ")


async def test_bad_records_are_listed_as_problems_and_left_exactly_as_they_were(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed_goals(store, make_goal("Visit Rome", "g-rome"), *BAD_RECORDS)
    before = (store.root / "goals.json").read_text(encoding="utf-8")
    blocks = [record_block(record) for record in BAD_RECORDS]
    assert all(block in before for block in blocks)
    async with make_app().run_test(size=(100, 30)) as pilot:
        screen = await open_goals(pilot)
        options = screen.query_one("#goal-list", OptionList)
        assert options.option_count == 1
        problems = str(screen.query_one("#goals-problems", Static).render())
        for index, field, value in [
            (1, "title", "5"),
            (2, "next_step", '{"a":1}'),
            (3, "check_in", "9999-12-31"),
        ]:
            assert f"goals.json goals[{index}]: field '{field}' = " in problems
            assert value in problems
        assert "and 1 more" in problems  # goals[4], its 'created' in the year 9999
        assert len(screen.problems) == 4 and "goals[4]: field 'created'" in screen.problems[3]
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*" in May", "ctrl+s")
        await settle(pilot)
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
    after = (store.root / "goals.json").read_text(encoding="utf-8")
    assert after != before
    assert stored(store)["g-rome"]["title"] == "Visit Rome in May"
    for block in blocks:
        assert block in after


# --- text from the file is shown, never obeyed ------------------------------------------------


async def test_escape_sequences_and_markup_in_goals_are_shown_not_obeyed(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed_goals(
        store,
        make_goal(EVIL, "g-evil", why=EVIL, next_step=EVIL, who=EVIL, route_b=EVIL),
    )
    async with make_app().run_test(size=(100, 30)) as pilot:
        await open_goals(pilot)
        text = assert_harmless(pilot.app)
        assert "␛]0;TITLE␇␛[2J[b]x" in text  # the list and the summary
        await pilot.press("enter")
        await pilot.pause()
        text = assert_harmless(pilot.app)
        assert "␛]0;TITLE␇␛[2J[b]x" in text  # the details
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, GoalFormScreen)
        assert form.has_unsaved_words() is False
        text = assert_harmless(pilot.app)
        assert "[b]x" in text and "␛" in text  # the form's fields
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        text = assert_harmless(pilot.app)
        assert "␛]0;TITLE␇␛[2J[b]x" in text  # the review
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert_harmless(pilot.app)
        (note,) = [n for n in pilot.app._notifications if n.message.startswith("Archived")]
        assert "␛]0;TITLE␇␛[2J[b]x" in note.message and not note.markup  # shown as typed
    # Only looked at, never changed: the record is as it was.
    assert stored(store)["g-evil"]["why"] == EVIL
