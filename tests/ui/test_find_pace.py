"""Find your pace in the TUI: each pace breathed on the FakeClock, rated, ended early, and the
result kept as the "Your pace" pattern and the default; leaving part-way keeps a draft."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button

from pacer.app import PacerApp
from pacer.clock import FakeClock
from pacer.commands import pacer_commands
from pacer.domain.pace_finder import COMFORT, DRAFT_KIND, NO_RESULT, SWEEP, YOUR_PACE_ID
from pacer.screens.breathe import BreatheScreen
from pacer.screens.confirm import ConfirmModal
from pacer.screens.find_pace import FindPaceScreen, PaceSessionScreen, open_find_pace
from pacer.screens.home import HomeScreen
from pacer.services import Services
from pacer.store import Store
from pacer.widgets.stress_scale import StressInput

SIZE = (80, 24)


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def start(pilot: Pilot[Any]) -> FindPaceScreen:
    open_find_pace(pilot.app)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, FindPaceScreen)
    return screen


def text_of(screen: FindPaceScreen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def shown_buttons(screen: FindPaceScreen) -> list[str]:
    return [str(b.id).removeprefix("pace-")
            for b in screen.query("#pace-buttons Button").results(Button) if b.display]


async def breathe_one_pace(pilot: Pilot[Any], clock: FakeClock, expected_rhythm: str) -> None:
    """Enter on "Breathe this pace", then the clock runs past the pace's end."""
    await pilot.press("enter")
    await settle(pilot)
    session = pilot.app.screen
    assert isinstance(session, PaceSessionScreen)
    assert session.session.started  # the clock started after the first frame
    assert session.pattern.rhythm == expected_rhythm and not session.pattern.has_holds
    breaths = session.session.timeline.breaths
    assert 60 <= session.session.timeline.duration <= 120 and breaths > 1
    clock.advance(session.session.timeline.duration + 1)
    session.tick()
    await settle(pilot)


async def rate(pilot: Pilot[Any], rating: str) -> None:
    await pilot.press(*rating, "enter")
    await settle(pilot)


async def test_the_sweep_runs_is_rated_ends_early_and_becomes_the_default(
    make_app: Callable[..., PacerApp], store: Store, clock: FakeClock
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        assert COMFORT in text_of(screen, "#pace-intro")
        assert "Pace 1 of 5: 6.5 breaths a minute" in text_of(screen, "#pace-step")
        assert shown_buttons(screen) == ["breathe", "end"]
        await breathe_one_pace(pilot, clock, "3.7-0-5.5-0")
        assert pilot.app.screen is screen
        assert "How easy was that, 0-10?" in text_of(screen, "#pace-body")
        assert shown_buttons(screen) == ["rate", "strain", "end"]
        await rate(pilot, "7")
        assert "Pace 2 of 5: 6 breaths a minute" in text_of(screen, "#pace-step")
        await breathe_one_pace(pilot, clock, "4-0-6-0")
        await rate(pilot, "eleven")  # named, and the step stays
        assert "'eleven'" in text_of(screen, "#pace-error")
        assert shown_buttons(screen) == ["rate", "strain", "end"]
        screen.query_one("#pace-rating", StressInput).clear()
        await rate(pilot, "9")
        await breathe_one_pace(pilot, clock, "4.4-0-6.5-0")
        await pilot.click("#pace-end")  # end the sweep early, at the rating
        await settle(pilot)
        assert "Your pace: 6 breaths a minute" in text_of(screen, "#pace-body")
        assert "no heart-rate sensor" in text_of(screen, "#pace-body")
        assert shown_buttons(screen) == ["default", "pattern", "not-now"]
        await pilot.press("enter")  # "Use as my default" has focus
        await settle(pilot)
        assert "Saved as Your pace" in text_of(screen, "#pace-body")
        assert pilot.app.settings["default_pattern"] == YOUR_PACE_ID  # used at once
        await pilot.press("enter")  # Close
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        await pilot.press("b")  # Breathe now starts on Your pace, and says what it is
        await settle(pilot)
        breathe = pilot.app.screen
        assert isinstance(breathe, BreatheScreen) and breathe.pattern.key == YOUR_PACE_ID
        details = str(breathe.query_one("#pattern-details").render())
        assert "about comfort, not a measurement" in details
    services = Services.open(store)
    assert services.patterns.custom()[YOUR_PACE_ID].rhythm == "4-0-6-0"
    assert services.settings.load().values["default_pattern"] == YOUR_PACE_ID
    assert [s["rhythm"] for s in store.sessions()] == [s.rhythm for s in SWEEP[:3]]
    assert services.drafts.find(DRAFT_KIND) is None


async def test_strain_ends_at_once_and_a_pattern_only_keeps_the_default(
    make_app: Callable[..., PacerApp], store: Store, clock: FakeClock
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        await breathe_one_pace(pilot, clock, SWEEP[0].rhythm)
        await rate(pilot, "8")
        await breathe_one_pace(pilot, clock, SWEEP[1].rhythm)
        await pilot.click("#pace-strain")
        await settle(pilot)
        body = text_of(screen, "#pace-body")
        assert "Stop and breathe normally" in body and "Your pace: 6.5 breaths a minute" in body
        await pilot.click("#pace-pattern")
        await settle(pilot)
        assert "Saved as Your pace" in text_of(screen, "#pace-body")
    services = Services.open(store)
    assert services.patterns.custom()[YOUR_PACE_ID].rhythm == SWEEP[0].rhythm
    assert services.settings.load().values["default_pattern"] == "resonance"


async def test_a_low_rating_ends_it_with_kind_words_and_no_result(
    make_app: Callable[..., PacerApp], store: Store, clock: FakeClock
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        await breathe_one_pace(pilot, clock, SWEEP[0].rhythm)
        await rate(pilot, "2")
        assert NO_RESULT in text_of(screen, "#pace-body")
        assert shown_buttons(screen) == ["close"]
    assert Services.open(store).patterns.custom() == {}


async def test_leaving_part_way_keeps_the_ratings_and_offers_to_carry_on(
    make_app: Callable[..., PacerApp], store: Store, clock: FakeClock
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await start(pilot)
        await breathe_one_pace(pilot, clock, SWEEP[0].rhythm)
        await rate(pilot, "8")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
    draft = Services.open(store).drafts.find(DRAFT_KIND)
    assert draft is not None and draft["answers"]["ratings"] == [8]

    async with make_app().run_test(size=SIZE) as pilot:
        open_find_pace(pilot.app)
        await settle(pilot)
        modal = pilot.app.screen
        assert isinstance(modal, ConfirmModal)
        await pilot.press("enter")  # Carry on
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, FindPaceScreen)
        assert "Pace 2 of 5" in text_of(screen, "#pace-step")
        assert "6.5 a minute: 8" in text_of(screen, "#pace-rated")


async def test_quitting_mid_pace_keeps_the_draft_and_the_partial_session(
    make_app: Callable[..., PacerApp], store: Store, clock: FakeClock
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await start(pilot)
        await breathe_one_pace(pilot, clock, SWEEP[0].rhythm)
        await rate(pilot, "7")
        await pilot.press("enter")
        await settle(pilot)
        session = pilot.app.screen
        assert isinstance(session, PaceSessionScreen)
        clock.advance(20)
        session.tick()
        await pilot.press("ctrl+q")
        await settle(pilot)
    draft = Services.open(store).drafts.find(DRAFT_KIND)
    assert draft is not None and draft["answers"]["ratings"] == [7]
    assert [s["completed"] for s in store.sessions()] == [True, False]


async def test_start_afresh_lets_the_old_draft_go(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    Services.open(store).drafts.put(
        {"id": "d1", "kind": DRAFT_KIND, "target": None, "answers": {"ratings": [8, 7]}}
    )
    async with make_app().run_test(size=SIZE) as pilot:
        open_find_pace(pilot.app)
        await settle(pilot)
        await pilot.press("n")  # Start afresh
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, FindPaceScreen) and screen.sweep.ratings == []
    assert Services.open(store).drafts.find(DRAFT_KIND) is None


@pytest.mark.parametrize("how", ["button", "enter"])
async def test_breathe_offers_it_with_a_button_reachable_by_keyboard(
    make_app: Callable[..., PacerApp], how: str
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BreatheScreen)
        if how == "button":
            await pilot.click("#find-pace")
        else:
            button = pilot.app.screen.query_one("#find-pace", Button)
            while pilot.app.screen.focused is not button:
                await pilot.press("tab")
            await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, FindPaceScreen)


async def test_the_palette_has_one_command_for_it(
    make_app: Callable[..., PacerApp],
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        found = [c for c in pacer_commands(pilot.app) if c[0] == "Find your pace"]
        assert len(found) == 1
        found[0][2]()
        await settle(pilot)
        assert isinstance(pilot.app.screen, FindPaceScreen)


async def test_a_result_left_undecided_is_offered_again(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    Services.open(store).drafts.put({"id": "d1", "kind": DRAFT_KIND, "target": None,
                                     "answers": {"ratings": [8], "ending": "stopped"}})
    async with make_app().run_test(size=SIZE) as pilot:
        open_find_pace(pilot.app)
        await settle(pilot)
        modal = pilot.app.screen
        assert isinstance(modal, ConfirmModal)
        assert "the result is waiting" in str(modal.query_one(".body").render())
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, FindPaceScreen)
        assert "Your pace: 6.5 breaths a minute" in text_of(screen, "#pace-body")
        assert shown_buttons(screen) == ["default", "pattern", "not-now"]
        await pilot.click("#pace-not-now")
        await settle(pilot)
    assert Services.open(store).drafts.find(DRAFT_KIND) is None
    assert Services.open(store).patterns.custom() == {}
