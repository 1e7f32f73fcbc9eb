"""Pilot tests of the breathing session: timing from the clock, pause, stop, rating, saving."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Digits, Input, Label

from pacer.app import PacerApp
from pacer.clock import FakeClock
from pacer.domain.patterns import BUILTIN
from pacer.screens.confirm import ConfirmModal
from pacer.screens.dialogs import StressRatingScreen, SummaryScreen
from pacer.screens.help import HelpScreen
from pacer.screens.home import HomeScreen
from pacer.screens.session import LATE_BY, SessionScreen
from pacer.store import Store, StoreError
from pacer.widgets.breath_visual import BreathVisual
from pacer.widgets.phase_label import PhaseLabel

RESONANCE = BUILTIN["resonance"]  # 4 in, 6 out: 1 minute = 6 breaths = 60 s
BOX = BUILTIN["box"]  # 4 in, 4 hold, 4 out, 4 hold


async def session_screen(pilot: Pilot[None]) -> SessionScreen:
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    return screen


def at(screen: SessionScreen, clock: FakeClock, seconds: float) -> PhaseLabel:
    """Move the fake clock to `seconds` after the session started and update the screen."""
    clock.set(1000.0 + seconds)
    screen.tick()
    return screen.query_one(PhaseLabel)


async def test_words_and_countdown_follow_the_clock(
    make_app: Callable[..., PacerApp], clock: FakeClock
) -> None:
    async with make_app(start=(RESONANCE, 1)).run_test(size=(80, 24)) as pilot:
        screen = await session_screen(pilot)
        label = at(screen, clock, 0.0)
        assert (label.words, label.countdown) == ("Breathe in", 4)
        assert (at(screen, clock, 1.0).words, label.countdown) == ("Breathe in", 3)
        assert (at(screen, clock, 3.99).words, label.countdown) == ("Breathe in", 1)
        assert (at(screen, clock, 4.0).words, label.countdown) == ("Breathe out", 6)
        assert (at(screen, clock, 9.5).words, label.countdown) == ("Breathe out", 1)
        assert (at(screen, clock, 10.0).words, label.countdown) == ("Breathe in", 4)
        times = screen.query_one("#session-times").render()
        assert "0:10 breathed" in str(times) and "0:50 to go" in str(times)


async def test_picture_grows_on_inhale_rests_on_hold_and_shrinks_on_exhale(
    make_app: Callable[..., PacerApp], clock: FakeClock
) -> None:
    async with make_app(start=(BOX, 1)).run_test(size=(80, 24)) as pilot:
        screen = await session_screen(pilot)
        visual = screen.query_one(BreathVisual)

        def level(seconds: float) -> int:
            at(screen, clock, seconds)
            return visual.level

        inhale = [level(t) for t in (0.0, 1.0, 2.0, 3.0, 3.99)]
        assert inhale == sorted(inhale) and inhale[0] < inhale[-1]
        assert at(screen, clock, 5.0).words == "Hold"
        hold = {level(t) for t in (4.0, 5.0, 6.5, 7.99)}
        assert len(hold) == 1 and hold == {visual.levels}
        exhale = [level(t) for t in (8.0, 9.0, 10.0, 11.0, 11.99)]
        assert exhale == sorted(exhale, reverse=True) and exhale[0] > exhale[-1]
        assert at(screen, clock, 13.0).words == "Hold"


async def test_phase_changed_messages_arrive_in_order(
    store: Store, clock: FakeClock, wall: Callable[[], datetime]
) -> None:
    messages: list[Message] = []
    app = PacerApp(
        store,
        clock=clock,
        start=(BOX, 1),
        reduced_motion=False,
        wall_clock=wall,
        sound=False,
    )
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        screen = await session_screen(pilot)
        for seconds in (1.0, 4.5, 8.5, 12.5, 16.5):
            at(screen, clock, seconds)
        await pilot.pause()
    # A message is seen once per node it bubbles through; keep each one once, in order.
    changes = {id(m): m for m in messages if isinstance(m, SessionScreen.PhaseChanged)}
    words = [m.state.phase.words for m in changes.values()]
    assert words == ["Breathe in", "Hold", "Breathe out", "Hold", "Breathe in"]


async def test_pause_shows_paused_freezes_countdown_and_resumes_on_schedule(
    make_app: Callable[..., PacerApp], clock: FakeClock
) -> None:
    async with make_app(start=(RESONANCE, 1)).run_test(size=(80, 24)) as pilot:
        screen = await session_screen(pilot)
        label = at(screen, clock, 1.5)
        assert label.countdown == 3
        await pilot.press("space")
        assert screen.session.paused and label.paused
        assert "Paused" in label.text
        assert not screen.timer_running  # nothing redraws while paused
        at(screen, clock, 40.0)  # a long pause: nothing moves
        assert label.countdown == 3 and label.words == "Breathe in" and label.paused
        assert screen.session.elapsed() == pytest.approx(1.5)
        await pilot.press("space")
        assert not screen.session.paused and "Paused" not in label.text
        assert screen.timer_running
        # 2.5 s more of breathing reaches the 4 s boundary: the schedule continues, not restarts.
        assert at(screen, clock, 40.0 + 2.49).words == "Breathe in"
        assert at(screen, clock, 40.0 + 2.5).words == "Breathe out"


async def test_escape_then_confirm_ends_early_and_saves_partial(
    make_app: Callable[..., PacerApp], clock: FakeClock, store: Store
) -> None:
    async with make_app(start=(RESONANCE, 1)).run_test(size=(80, 24)) as pilot:
        screen = await session_screen(pilot)
        at(screen, clock, 12.3)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmModal)
        assert store.sessions() == []
        await pilot.press("enter")  # "Stop" has focus
        await pilot.pause()
        assert isinstance(pilot.app.screen, StressRatingScreen)
        await pilot.press("escape")  # skip the rating
        await pilot.pause()
        assert isinstance(pilot.app.screen, SummaryScreen)
        body = str(pilot.app.screen.query_one("#summary-body").render())
        assert "0:12 of 1:00" in body and "not saved" not in body
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)
    [record] = store.sessions()
    assert record["completed"] is False
    assert record["seconds"] == 12.3
    assert record["planned_seconds"] == 60.0
    assert record["pattern"] == "resonance" and record["after"] is None


async def test_escape_then_keep_going_carries_on(
    make_app: Callable[..., PacerApp], clock: FakeClock, store: Store
) -> None:
    async with make_app(start=(RESONANCE, 1)).run_test(size=(80, 24)) as pilot:
        screen = await session_screen(pilot)
        at(screen, clock, 2.0)
        await pilot.press("escape")
        await pilot.pause()
        assert screen.session.paused  # the dialog pauses the breathing while it is open
        clock.set(1000.0 + 50.0)
        await pilot.press("n")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert not screen.session.paused and not screen.session.ended
        assert screen.session.elapsed() == pytest.approx(2.0)
        assert at(screen, clock, 52.0).words == "Breathe out"
    # Leaving the app with the session still running keeps it, as partial.
    [record] = store.sessions()
    assert record["completed"] is False and record["seconds"] == 4.0


async def test_finishing_saves_a_completed_record_with_the_rating(
    make_app: Callable[..., PacerApp], clock: FakeClock, store: Store
) -> None:
    async with make_app(start=(RESONANCE, 1)).run_test(size=(80, 24)) as pilot:
        screen = await session_screen(pilot)
        at(screen, clock, 59.9)
        assert not isinstance(pilot.app.screen, StressRatingScreen)
        at(screen, clock, 60.0)
        await pilot.pause()
        assert isinstance(pilot.app.screen, StressRatingScreen)
        assert not screen.timer_running
        await pilot.press("3", "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SummaryScreen)
        assert "Well paced" in str(pilot.app.screen.query_one("#summary-title").render())
    [record] = store.sessions()
    assert record["completed"] is True
    assert record["after"] == 3
    assert record["seconds"] == 60.0


async def test_bad_rating_is_named_inline_then_a_good_one_saves(
    make_app: Callable[..., PacerApp], clock: FakeClock, store: Store
) -> None:
    async with make_app(start=(RESONANCE, 1)).run_test(size=(80, 24)) as pilot:
        screen = await session_screen(pilot)
        at(screen, clock, 61.0)
        await pilot.pause()
        await pilot.press("1", "1", "enter")
        await pilot.pause()
        rating = pilot.app.screen
        assert isinstance(rating, StressRatingScreen)
        assert "'11'" in str(rating.query_one("#rating-error", Label).render())
        assert store.sessions() == []
        rating.query_one(Input).value = ""
        await pilot.press("up", "down", "down", "enter")  # empty -> 5 -> 4 -> 3
        await pilot.pause()
    [record] = store.sessions()
    assert record["after"] == 3


async def test_escape_on_the_rating_skips_it_but_still_saves(
    make_app: Callable[..., PacerApp], clock: FakeClock, store: Store
) -> None:
    async with make_app(start=(RESONANCE, 1)).run_test(size=(80, 24)) as pilot:
        screen = await session_screen(pilot)
        at(screen, clock, 60.0)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SummaryScreen)
    [record] = store.sessions()
    assert record["completed"] is True and record["after"] is None


@pytest.mark.parametrize("key", ["q", "ctrl+q"])
async def test_quitting_mid_session_saves_it_as_partial(
    make_app: Callable[..., PacerApp], clock: FakeClock, store: Store, key: str
) -> None:
    app = make_app(start=(RESONANCE, 1))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await session_screen(pilot)
        at(screen, clock, 7.0)
        await pilot.press(key)
        await pilot.pause()
    assert app.return_code == 0
    [record] = store.sessions()
    assert record["completed"] is False and record["seconds"] == 7.0 and record["after"] is None


async def test_quitting_while_rating_saves_once_without_a_rating(
    make_app: Callable[..., PacerApp], clock: FakeClock, store: Store
) -> None:
    async with make_app(start=(RESONANCE, 1)).run_test(size=(80, 24)) as pilot:
        screen = await session_screen(pilot)
        at(screen, clock, 60.0)
        await pilot.pause()
        assert isinstance(pilot.app.screen, StressRatingScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
    [record] = store.sessions()
    assert record["completed"] is True and record["after"] is None


class FullDisk(Store):
    """A store whose disk is full for the log: appending fails with the store's one line."""

    def append(self, name: str, record: dict, timeout: float | None = None) -> dict:
        raise StoreError("Not saved: sessions.jsonl: No space left on device")


class NoDisk(FullDisk):
    """Not even the pending area can be written."""

    def keep_pending(self, name: str, record: dict) -> Path:
        raise StoreError("Could not create the data folder: Read-only file system")


async def finish_and_skip_rating(app: PacerApp, clock: FakeClock) -> tuple[str, str]:
    """Breathe to the end, skip the rating, and read the summary's title and body."""
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await session_screen(pilot)
        at(screen, clock, 60.0)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        summary = pilot.app.screen
        assert isinstance(summary, SummaryScreen)
        title = str(summary.query_one("#summary-title").render())
        body = str(summary.query_one("#summary-body").render())
    return title, body


async def test_a_disk_error_keeps_the_session_pending_and_says_where(
    tmp_path: Path, clock: FakeClock, wall: Callable[[], datetime]
) -> None:
    store = FullDisk(tmp_path / "data")
    app = PacerApp(store, clock=clock, start=(RESONANCE, 1), reduced_motion=False,
                   wall_clock=wall, sound=False)
    title, body = await finish_and_skip_rating(app, clock)
    assert "not in your history yet" in title
    assert "No space left on device" in body and "Nothing is lost" in body
    [(where, kept)] = store.pending()
    assert str(where) in body.replace("\n", "")
    assert kept["completed"] is True and kept["seconds"] == 60.0


async def test_a_store_error_is_shown_never_saved(
    tmp_path: Path, clock: FakeClock, wall: Callable[[], datetime]
) -> None:
    app = PacerApp(NoDisk(tmp_path / "data"), clock=clock, start=(RESONANCE, 1),
                   reduced_motion=False, wall_clock=wall, sound=False)
    title, body = await finish_and_skip_rating(app, clock)
    assert "not saved" in title
    assert "Read-only file system" in body
    assert "It is in your history" not in body


async def test_reduced_motion_shows_a_text_countdown_and_no_picture(
    make_app: Callable[..., PacerApp], clock: FakeClock
) -> None:
    async with make_app(start=(RESONANCE, 1), reduced_motion=True).run_test(size=(80, 24)) as pilot:
        screen = await session_screen(pilot)
        assert not screen.query(BreathVisual)
        digits = screen.query_one("#countdown-digits", Digits)
        label = at(screen, clock, 0.5)
        assert (label.words, digits.value) == ("Breathe in", "4")
        label = at(screen, clock, 4.0)
        assert (label.words, digits.value) == ("Breathe out", "6")
        assert "Breath 1 of 6" in str(screen.query_one("#breath-count").render())


async def test_reduced_motion_follows_the_setting_and_textual_animations(
    store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert PacerApp(store, clock=clock).reduced_motion is False
    settings = store.settings()
    settings["reduced_motion"] = True
    store.save_settings(settings)
    assert PacerApp(store, clock=clock).reduced_motion is True
    assert PacerApp(store, clock=clock, reduced_motion=False).reduced_motion is False
    settings["reduced_motion"] = False
    store.save_settings(settings)
    monkeypatch.setattr("textual.constants.TEXTUAL_ANIMATIONS", "none")
    assert PacerApp(store, clock=clock).reduced_motion is True


async def test_a_dialog_on_top_pauses_the_session_and_stops_the_timer(
    make_app: Callable[..., PacerApp], clock: FakeClock
) -> None:
    async with make_app(start=(RESONANCE, 1)).run_test(size=(80, 24)) as pilot:
        screen = await session_screen(pilot)
        at(screen, clock, 1.0)
        assert screen.timer_running
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        assert screen.session.paused and not screen.timer_running
        clock.advance(30.0)
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.session.paused and screen.timer_running
        assert screen.session.elapsed() == pytest.approx(1.0)


def simulate(screen: SessionScreen, clock: FakeClock, seconds: float) -> list[float]:
    """Run the screen's own schedule on the fake clock: sleep exactly as long as it asks."""
    wakes: list[float] = []
    start = screen.session.elapsed()
    while screen.session.elapsed() - start < seconds:
        delay = screen.next_delay(screen.session.state())
        clock.advance(delay)
        screen.tick()
        wakes.append(screen.session.elapsed())
    return wakes


async def test_redraws_are_capped_while_moving_and_rare_while_holding(
    make_app: Callable[..., PacerApp], clock: FakeClock
) -> None:
    async with make_app(start=(BOX, 5)).run_test(size=(80, 24)) as pilot:
        screen = await session_screen(pilot)
        at(screen, clock, 0.0)
        wakes = simulate(screen, clock, 32.0)  # two whole box breaths
        inhale = [t for t in wakes if 0 < t % 16 <= 4]
        hold = [t for t in wakes if 4 < t % 16 <= 8]
        # Inhale: smooth (several frames a second) but capped (never above 15 a second).
        assert 2 * 4 * 4 <= len(inhale) <= 2 * 4 * 15
        # Hold: only the countdown changes, about once a second.
        assert len(hold) <= 2 * 4 + 2
        # In any one second, at most 15 picture frames plus the few text changes.
        busiest = max(sum(1 for t in wakes if s <= t < s + 1) for s in wakes)
        assert busiest <= 15 + 3
        # Every phase boundary is met on time: a wake-up lands just after each one.
        for boundary in range(4, 32, 4):
            assert any(boundary <= t <= boundary + 2 * LATE_BY for t in wakes), boundary


async def test_sound_plays_through_the_session_and_stops_at_its_end(
    store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With sound on, one stream opens before the first breath and closes when it ends."""
    monkeypatch.setenv("PACER_AUDIO_BACKEND", "null")  # a real stream with no speaker
    app = PacerApp(store, clock=clock, start=(RESONANCE, 1), reduced_motion=False, sound=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await session_screen(pilot)
        player = screen._player
        assert player is not None and player.audible
        at(screen, clock, 60.0)
        await pilot.pause()
        assert screen._player is None  # released at the end (the end sound rings on)


async def test_no_sound_means_no_stream(
    make_app: Callable[..., PacerApp], clock: FakeClock
) -> None:
    async with make_app(start=(RESONANCE, 1)).run_test(size=(80, 24)) as pilot:
        screen = await session_screen(pilot)
        assert screen._player is None
