"""Pilot and snapshot tests of finish lines: add, edit, open, review, archive and undo."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static

from pacer.app import PacerApp
from pacer.domain.goals import TEXT_FIELDS, new_goal
from pacer.screens.confirm import ConfirmModal
from pacer.screens.goals import (
    GoalDetailScreen,
    GoalFormScreen,
    GoalsScreen,
    ReachedScreen,
    ReviewScreen,
)
from pacer.store import Store, StoreError
from tests.ui.conftest import WALL_NOW

TODAY = WALL_NOW.date()
CREATED = WALL_NOW - timedelta(days=40)


def seed_goals(store: Store, *goals: dict[str, Any]) -> list[dict[str, Any]]:
    store.update_document("goals.json", lambda doc: {**doc, "goals": list(goals)})
    return list(goals)


def make_goal(title: str, goal_id: str, **fields: Any) -> dict[str, Any]:
    """A goal as the form saves it; fields the form does not have (archived...) set after."""
    typed = {k: v for k, v in fields.items() if k in TEXT_FIELDS}
    record = new_goal({"title": title, **typed}, CREATED, goal_id=goal_id)
    record.update({k: v for k, v in fields.items() if k not in TEXT_FIELDS})
    return record


def stored(store: Store) -> dict[str, dict[str, Any]]:
    return {g["id"]: g for g in store.read_document("goals.json")["goals"]}


def notes(app: PacerApp) -> list[str]:
    """Every notification message shown so far (recorded by `record_notes`)."""
    return app.recorded_notes  # type: ignore[attr-defined, no-any-return]


def record_notes(app: PacerApp) -> None:
    app.recorded_notes = []  # type: ignore[attr-defined]
    original = app.notify

    def notify(message: str, *args: Any, **kwargs: Any) -> None:
        app.recorded_notes.append(message)  # type: ignore[attr-defined]
        original(message, *args, **kwargs)

    app.notify = notify  # type: ignore[method-assign]


async def open_goals(pilot: Pilot[None]) -> GoalsScreen:
    record_notes(pilot.app)  # type: ignore[arg-type]
    screen = GoalsScreen()
    await pilot.app.push_screen(screen)
    await pilot.pause()
    return screen


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*text)


async def settle(pilot: Pilot[None]) -> None:
    """Wait for saves running off the event loop, then for the screen to catch up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def shown_text(widget: Widget) -> str:
    """The text a widget shows on screen now, line by line (what a person would read)."""
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, *widget.size)))


def listed_titles(screen: GoalsScreen) -> list[str]:
    options = screen.query_one("#goal-list", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


# --- adding -----------------------------------------------------------------------------------


async def test_add_focuses_the_title_and_ctrl_s_saves(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_goals(pilot)
        assert "No finish lines yet" in str(screen.query_one("#goals-empty", Static).render())
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, GoalFormScreen)
        assert pilot.app.focused is form.query_one("#field-title", Input)
        await type_text(pilot, "See the sea at Whitby")
        form.query_one("#field-next_step", Input).value = "Look up trains"
        form.query_one("#field-check_in", Input).value = "in 2 weeks"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        (goal,) = stored(store).values()
        assert goal["title"] == "See the sea at Whitby"
        assert goal["next_step"] == "Look up trains"
        assert goal["check_in"] == (TODAY + timedelta(days=14)).isoformat()
        assert goal["status"] == "moving" and goal["archived"] is False
        assert goal["created"] == goal["updated"] == WALL_NOW.isoformat()
        assert any("See the sea at Whitby" in title for title in listed_titles(screen))
        assert "Saved." in notes(pilot.app)


@pytest.mark.parametrize(
    ("field", "typed", "named"),
    [
        ("title", "", "title is empty"),
        ("check_in", "soonish", "'soonish'"),
        ("check_in", "2025-02-30", "'2025-02-30'"),
        ("target", "2025-13-01", "'2025-13-01'"),
        ("check_in", "9999-12-31", "'9999-12-31' is too far away"),
        ("target", "9999-12-31", "'9999-12-31' is too far away"),
    ],
)
async def test_bad_input_is_explained_inline_and_nothing_is_saved(
    make_app: Callable[..., PacerApp], store: Store, field: str, typed: str, named: str
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, GoalFormScreen)
        if field != "title":
            form.query_one("#field-title", Input).value = "Paint the shed"
        form.query_one(f"#field-{field}", Input).value = typed
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form
        message = str(form.query_one(f"#error-{field}").render())
        assert named in message
        assert form.query_one(f"#error-{field}").display
        assert pilot.app.focused is form.query_one(f"#field-{field}")
        assert not (store.root / "goals.json").exists()
        # Typing a fix clears the message, and then it saves.
        form.query_one(f"#field-{field}", Input).value = "Paint" if field == "title" else ""
        await pilot.pause()
        assert not form.query_one(f"#error-{field}").display
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, GoalsScreen)
        assert len(stored(store)) == 1


async def test_escape_asks_before_discarding_typed_text(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        goals = await open_goals(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("escape")  # nothing typed: leaves at once
        await pilot.pause()
        assert pilot.app.screen is goals
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        await type_text(pilot, "Bake bread")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.press("n")  # keep editing: the text is still there
        await pilot.pause()
        assert pilot.app.screen is form
        assert form.query_one("#field-title", Input).value == "Bake bread"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert pilot.app.screen is goals
        assert not (store.root / "goals.json").exists()


async def test_a_failed_save_keeps_the_form_open_and_never_says_saved(
    make_app: Callable[..., PacerApp], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(name: str, fn: Any) -> Any:
        raise StoreError("Could not save goals.json: No space left on device")

    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await pilot.press("a")
        await pilot.pause()
        monkeypatch.setattr(store, "update_document", refuse)
        await type_text(pilot, "Plant tulips")
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, GoalFormScreen)
        status = str(form.query_one("#goal-form-status", Static).render())
        assert "No space left on device" in status
        assert "Saved." not in notes(pilot.app)
        assert form.query_one("#field-title", Input).value == "Plant tulips"


async def test_unreadable_goals_file_is_shown_politely_and_left_alone(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    store.root.mkdir(parents=True, exist_ok=True)
    (store.root / "goals.json").write_text('{"schema": 1, "goals": [', encoding="utf-8")
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_goals(pilot)
        message = str(screen.query_one("#goals-error", Static).render())
        assert "could not be read" in message and "goals.json" in message
        assert screen.check_action("add", ()) is False
        await pilot.press("a")
        await pilot.pause()
        assert pilot.app.screen is screen
    assert (store.root / "goals.json").read_text(encoding="utf-8") == '{"schema": 1, "goals": ['


# --- editing and opening ----------------------------------------------------------------------


async def test_edit_changes_only_what_was_typed_and_keeps_the_rest(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    quilt = {**make_goal("Finish the quilt", "g-quilt", who="Nan"), "colour": "teal"}
    seed_goals(store, quilt, make_goal("Walk the dog", "g-dog"))
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_goals(pilot)
        assert screen.highlighted is not None and screen.highlighted["id"] == "g-quilt"
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, GoalFormScreen)
        assert form.query_one("#field-who", Input).value == "Nan"
        title = form.query_one("#field-title", Input)
        title.value = "Finish the blue quilt"
        # Meanwhile another window changes a field this form did not touch, and adds a goal.
        store.update_document(
            "goals.json",
            lambda doc: {
                **doc,
                "goals": [
                    {**g, "who": "Nan and Lily"} if g["id"] == "g-quilt" else g
                    for g in doc["goals"]
                ]
                + [make_goal("Read one poem a day", "g-poem")],
            },
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
    goals = stored(store)
    assert goals["g-quilt"]["title"] == "Finish the blue quilt"
    assert goals["g-quilt"]["who"] == "Nan and Lily"  # not overwritten by the form's old value
    assert goals["g-quilt"]["colour"] == "teal"  # fields Pacer does not know are kept
    assert goals["g-quilt"]["created"] == quilt["created"]
    assert goals["g-quilt"]["updated"] == WALL_NOW.isoformat()
    assert set(goals) == {"g-quilt", "g-dog", "g-poem"}


async def test_enter_opens_the_details_and_e_edits_from_there(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed_goals(
        store,
        make_goal("Swim in the lake", "g-lake", why="It feels like summer", route_b="A warm pool"),
    )
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_goals(pilot)
        await pilot.press("enter")
        await pilot.pause()
        detail = pilot.app.screen
        assert isinstance(detail, GoalDetailScreen)
        text = shown_text(detail.query_one("#goal-detail-fields", Static))
        assert "Why it matters" in text and "It feels like summer" in text
        assert "Route B" in text and "A warm pool" in text
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, GoalFormScreen)
        form.query_one("#field-route_b", Input).value = "Paddle at the beach"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is detail
        assert "Paddle at the beach" in shown_text(detail.query_one("#goal-detail-fields"))
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen
    assert stored(store)["g-lake"]["route_b"] == "Paddle at the beach"


async def test_titles_are_shown_as_typed_even_with_brackets(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    """Square brackets are console markup to Textual; a person's words must show as typed."""
    seed_goals(store, make_goal("Visit [bold]Rome[/] with [Ana", "g-rome", why="[red]because"))
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_goals(pilot)
        assert listed_titles(screen)[0].startswith("  Visit [bold]Rome[/] with [Ana")
        assert "[red]because" in shown_text(screen.query_one("#goal-summary"))
        await pilot.press("enter")
        await pilot.pause()
        detail = pilot.app.screen
        assert "Visit [bold]Rome[/] with [Ana" in shown_text(detail.query_one("#goal-detail-title"))
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("x")
        await settle(pilot)
        assert any("Visit [bold]Rome[/] with [Ana" in note for note in notes(pilot.app))


# --- archive and undo -------------------------------------------------------------------------


async def test_archive_then_undo(make_app: Callable[..., PacerApp], store: Store) -> None:
    seed_goals(store, make_goal("Learn three songs", "g-songs"), make_goal("Cook for Jo", "g-jo"))
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_goals(pilot)
        assert screen.check_action("undo", ()) is False  # nothing to undo yet
        await pilot.press("x")
        await settle(pilot)
        assert stored(store)["g-songs"]["archived"] is True
        assert [t for t in listed_titles(screen) if "Learn three songs" in t] == []
        assert any("Press u to bring it back" in note for note in notes(pilot.app))
        assert screen.check_action("undo", ()) is True
        await pilot.press("u")
        await settle(pilot)
        goal = stored(store)["g-songs"]
        assert goal["archived"] is False and "archived_at" not in goal
        assert any("Learn three songs" in t for t in listed_titles(screen))
        assert screen.highlighted is not None and screen.highlighted["id"] == "g-songs"
        assert screen.check_action("undo", ()) is False


# --- review -----------------------------------------------------------------------------------


async def test_review_goes_due_first_saves_the_step_and_celebrates_reached(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed_goals(
        store,
        make_goal("Garden bench", "g-bench", next_step="Measure the wall"),
        make_goal("Photo book", "g-book", check_in=(TODAY - timedelta(days=3)).isoformat()),
        make_goal("Done already", "g-done", status="reached"),
    )
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_goals(pilot)
        await pilot.press("v")
        await pilot.pause()
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen)
        assert [g["id"] for g in review.queue] == ["g-book", "g-bench"]  # due first
        assert "1 of 2" in str(review.query_one("#review-title").render())
        assert "check-in date has come" in str(review.query_one("#review-when").render())
        step = review.query_one("#review-step", Input)
        assert pilot.app.focused is step
        await type_text(pilot, "Pick ten photos")
        await pilot.press("enter", "enter")  # to the check-in date, then to the choices
        await pilot.pause()
        assert pilot.app.focused is review.query_one("#review-choices", OptionList)
        await pilot.press("enter")  # "Still mine: keep moving"
        await settle(pilot)
        assert "2 of 2" in str(review.query_one("#review-title").render())
        assert step.value == "Measure the wall"
        choices = review.query_one("#review-choices", OptionList)
        choices.highlighted = choices.get_option_index("reached")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReachedScreen)
        assert "Garden bench" in str(pilot.app.screen.query_one("#reached-goal").render())
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert "Thank you for checking in with your finish lines." in notes(pilot.app)
        assert any(t.startswith("✓ Garden bench") for t in listed_titles(screen))
    goals = stored(store)
    assert goals["g-book"]["next_step"] == "Pick ten photos"
    assert goals["g-book"]["status"] == "moving"
    assert goals["g-book"]["last_reviewed"] == WALL_NOW.isoformat()
    assert goals["g-bench"]["status"] == "reached"
    assert goals["g-bench"]["reached"] == WALL_NOW.isoformat()
    assert goals["g-done"] == make_goal("Done already", "g-done", status="reached")


async def test_review_reshape_and_skip(make_app: Callable[..., PacerApp], store: Store) -> None:
    seed_goals(store, make_goal("Run a 5k", "g-run"), make_goal("Knit a hat", "g-hat"))
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await pilot.press("v")
        await pilot.pause()
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen)
        first = review.current["id"]
        review.query_one("#review-step", Input).value = "Walk to the park gate"
        review.choose("reshaped")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, GoalFormScreen)
        assert form.values()["status"] == "reshaped"
        assert form.values()["next_step"] == "Walk to the park gate"
        form.query_one("#field-title", Input).value = "Walk a mile in the park"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is review
        review.choose("skip")
        await settle(pilot)
        assert isinstance(pilot.app.screen, GoalsScreen)
    goals = stored(store)
    assert goals[first]["title"] == "Walk a mile in the park"
    assert goals[first]["status"] == "reshaped"
    assert goals[first]["next_step"] == "Walk to the park gate"
    assert goals[first]["last_reviewed"] == WALL_NOW.isoformat()
    other = next(i for i in goals if i != first)
    assert goals[other]["last_reviewed"] is None  # skipped: untouched


async def test_review_escape_asks_when_something_was_typed(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed_goals(store, make_goal("Visit Rome", "g-rome"))
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_goals(pilot)
        await pilot.press("v")
        await pilot.pause()
        await type_text(pilot, "Ask about flights")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert pilot.app.screen is screen
    assert stored(store)["g-rome"]["next_step"] is None


@pytest.mark.parametrize("typed", ["31/02", "9999-12-31"])
async def test_review_bad_check_in_date_is_explained(
    make_app: Callable[..., PacerApp], store: Store, typed: str
) -> None:
    seed_goals(store, make_goal("Visit Rome", "g-rome"))
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await pilot.press("v")
        await pilot.pause()
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen)
        review.query_one("#review-check-in", Input).value = typed
        review.choose("moving")
        await settle(pilot)
        # beside the date field, not at the bottom of the review
        assert f"'{typed}'" in str(review.query_one("#review-check-in-note").render())
        assert review.query_one("#review-check-in-note").has_class("-error")
        assert pilot.app.focused is review.query_one("#review-check-in")
    assert stored(store)["g-rome"]["last_reviewed"] is None


# --- the date understood, beside the field (issue 11) ---------------------------------------
# The conftest's wall clock: Wednesday 12 March 2025, 15:30.


@pytest.mark.parametrize(
    ("typed", "shown", "stored_as"),
    [
        ("friday", "Fri 14 Mar", "2025-03-14"),
        ("next wed", "Wed 19 Mar", "2025-03-19"),
        ("in 2 weeks", "Wed 26 Mar", "2025-03-26"),
        ("3 dec", "Wed 3 Dec", "2025-12-03"),
        ("1 march", "Sun 1 Mar 2026", "2026-03-01"),
    ],
)
async def test_goal_form_shows_the_check_in_date_understood(
    make_app: Callable[..., PacerApp], store: Store, typed: str, shown: str, stored_as: str
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, GoalFormScreen)
        await type_text(pilot, "Paint the shed")
        form.query_one("#field-check_in", Input).focus()
        await type_text(pilot, typed)
        await pilot.pause()
        note = form.query_one("#understood-check_in")
        assert str(note.render()) == shown
        assert not note.has_class("-error")
        await pilot.press("ctrl+s")
        await settle(pilot)
    (goal,) = stored(store).values()
    assert goal["check_in"] == stored_as


async def test_goal_form_check_in_note_explains_a_bad_date_as_you_type(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, GoalFormScreen)
        placeholder = form.query_one("#field-check_in", Input).placeholder
        assert "2025-06-01" not in placeholder and "in 2 weeks" in placeholder
        form.query_one("#field-check_in", Input).focus()
        await type_text(pilot, "soonish")
        await pilot.pause()
        note = form.query_one("#understood-check_in")
        assert "'soonish' is not a date" in str(note.render())
        assert note.has_class("-error")


async def test_review_shows_the_check_in_date_understood(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed_goals(store, make_goal("Visit Rome", "g-rome"))
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await pilot.press("v")
        await pilot.pause()
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen)
        assert "2025-06-01" not in shown_text(review)
        review.query_one("#review-check-in", Input).focus()
        await type_text(pilot, "next friday")
        await pilot.pause()
        note = review.query_one("#review-check-in-note")
        assert str(note.render()) == "Fri 14 Mar"
        review.choose("moving")
        await settle(pilot)
    assert stored(store)["g-rome"]["check_in"] == "2025-03-14"


async def test_nothing_to_review_says_so_kindly(make_app: Callable[..., PacerApp]) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_goals(pilot)
        assert screen.check_action("review", ()) is False
        screen.action_review()
        await pilot.pause()
        assert pilot.app.screen is screen
        assert any("Nothing to look at yet" in note for note in notes(pilot.app))


# --- snapshots --------------------------------------------------------------------------------


def seed_snapshot_goals(store: Store) -> None:
    seed_goals(
        store,
        make_goal(
            "See the sea at Whitby",
            "g-1",
            kind="experience",
            area="family",
            why="The sea makes me feel free, and Dad loved it there",
            who="Sam and the kids",
            next_step="Look up trains for a weekday",
            route_b="A day at the lake, closer to home",
            target="next summer",
            check_in=(TODAY - timedelta(days=2)).isoformat(),
        ),
        make_goal("Finish the blue quilt", "g-2", kind="milestone", next_step="Sew one row"),
        make_goal("Coffee with Jo every Friday", "g-3", kind="ongoing", status="resting"),
        make_goal("Learn three songs on the ukulele", "g-4", status="reached"),
        make_goal("An old one, put away", "g-5", archived=True),
    )


def steady(pilot: Pilot[None]) -> None:
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_goals_list(
    snap_compare: Any, make_app: Callable[..., PacerApp], store: Store, size: tuple[int, int]
) -> None:
    seed_snapshot_goals(store)

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(GoalsScreen())
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_goal_form(
    snap_compare: Any, make_app: Callable[..., PacerApp], store: Store, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(GoalsScreen())
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"See the sea")
        steady(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


def test_snapshot_review(
    snap_compare: Any, make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed_snapshot_goals(store)

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(GoalsScreen())
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        steady(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)
