"""The session's clock starts when its first frame has been drawn, so the first phase is as long
as every other, at every start: `pacer breathe`, Enter on Breathe, the palette and the routine.

A slow first frame is simulated with the FakeClock: the clock jumps 80 ms while the phase words
are first rendered into a frame that goes to the terminal (a real first frame costs 70-85 ms).
If the clock started when the screen was built, 80 ms of the first "Breathe in" would be gone
before anyone saw it.

Textual composes frames while the app starts up too, but holds them back (`App._batch_count`,
what `App._display` checks): `pacer breathe` builds its session then, so a render during that
batch is not a frame on screen, and the watcher below does not count it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from rich.console import RenderableType
from textual.message import Message
from textual.pilot import Pilot

from pacer.app import PacerApp
from pacer.clock import FakeClock
from pacer.domain.patterns import BUILTIN
from pacer.screens.calm import RoutineSessionScreen
from pacer.screens.session import SessionScreen
from pacer.widgets.phase_label import PhaseLabel

RESONANCE = BUILTIN["resonance"]  # 4 s in, 6 s out
FIRST_FRAME = 0.08  # seconds the (simulated) first frame takes to draw
START = 1000.0  # the FakeClock's value when the app is built (tests/ui/conftest.py)


class FirstFrame:
    """Watches the phase label's renders: what the first one showed, and whether the session
    had started by then. The first render with words moves the clock on by FIRST_FRAME."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.words: str | None = None
        self.countdown: int | None = None
        self.started_before: bool | None = None

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        original = PhaseLabel.render
        watcher = self

        def render(label: PhaseLabel) -> RenderableType:
            shown = not label.app._batch_count  # else this frame is never written
            if watcher.words is None and shown and isinstance(label.screen, SessionScreen):
                watcher.words, watcher.countdown = label.words, label.countdown
                watcher.started_before = label.screen.session.started
                watcher.clock.advance(FIRST_FRAME)
            return original(label)

        monkeypatch.setattr(PhaseLabel, "render", render)


@pytest.fixture
def first_frame(clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> FirstFrame:
    watcher = FirstFrame(clock)
    watcher.install(monkeypatch)
    return watcher


async def by_breathe_command(app: PacerApp, pilot: Pilot[None]) -> None:
    """`pacer breathe`: the app opens straight into the session (nothing to do here)."""


async def by_enter_on_breathe(app: PacerApp, pilot: Pilot[None]) -> None:
    await pilot.pause()
    app.action_breathe()
    await pilot.pause()
    await pilot.press("enter")


async def by_palette(app: PacerApp, pilot: Pilot[None]) -> None:
    """The palette's "Breathe <pattern>" commands call begin_session (pacer/commands.py)."""
    await pilot.pause()
    app.begin_session(RESONANCE, 1)


async def by_routine(app: PacerApp, pilot: Pilot[None]) -> None:
    """The calm-down routine pushes its own kind of session screen."""
    await pilot.pause()
    app.push_screen(RoutineSessionScreen(RESONANCE, 1, clock=app.clock, wall_clock=app.wall_clock))


ROUTES: dict[str, Callable[[PacerApp, Pilot[None]], Awaitable[None]]] = {
    "pacer breathe": by_breathe_command,
    "enter on breathe": by_enter_on_breathe,
    "palette": by_palette,
    "routine": by_routine,
}


async def started_session(pilot: Pilot[None]) -> SessionScreen:
    for _ in range(20):  # a frame or two, never a wall-clock wait
        await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, SessionScreen) and screen.session.started:
            return screen
    raise AssertionError(f"no session started; on top: {pilot.app.screen!r}")


@pytest.mark.parametrize("route", list(ROUTES))
async def test_the_clock_starts_after_the_first_frame_at_every_start(
    make_app: Callable[..., PacerApp], clock: FakeClock, first_frame: FirstFrame, route: str
) -> None:
    start = (RESONANCE, 1) if route == "pacer breathe" else None
    app = make_app(start=start)
    async with app.run_test(size=(80, 24)) as pilot:
        await ROUTES[route](app, pilot)
        screen = await started_session(pilot)
        # The first frame already showed the first phase, drawn before the clock started.
        assert (first_frame.words, first_frame.countdown) == ("Breathe in", 4)
        assert first_frame.started_before is False
        # The start is the clock's value once that frame was drawn, not when it was built.
        assert clock.now() == pytest.approx(START + FIRST_FRAME)
        assert screen.session.elapsed() == 0.0
        # So the first inhale lasts its whole 4 seconds from the moment it was on screen.
        clock.set(START + FIRST_FRAME + 3.99)
        screen.tick()
        assert screen.session.state().phase.words == "Breathe in"
        clock.set(START + FIRST_FRAME + 4.0)
        screen.tick()
        assert screen.session.state().phase.words == "Breathe out"


async def test_the_first_phase_is_announced_once_after_the_start(
    make_app: Callable[..., PacerApp], clock: FakeClock, first_frame: FirstFrame
) -> None:
    """Sound cues and tests hear of the first phase once, when its clock runs, not at the
    preview drawn before it."""
    messages: list[Message] = []
    app = make_app(start=(RESONANCE, 1))
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        screen = await started_session(pilot)
        clock.set(START + FIRST_FRAME + 4.5)
        screen.tick()
        await pilot.pause()
    changes = {id(m): m for m in messages if isinstance(m, SessionScreen.PhaseChanged)}
    assert [m.state.phase.words for m in changes.values()] == ["Breathe in", "Breathe out"]


async def test_a_session_covered_before_its_first_frame_starts_when_it_shows(
    make_app: Callable[..., PacerApp], clock: FakeClock, first_frame: FirstFrame
) -> None:
    """A screen that is not on top has not been seen: its clock waits until it is."""
    from pacer.screens.help import HelpScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = SessionScreen(RESONANCE, 1, clock=app.clock, wall_clock=app.wall_clock)
        app.push_screen(session)
        app.push_screen(HelpScreen("Help", [], ""))
        await pilot.pause()
        assert not session.session.started
        clock.advance(30.0)  # however long the help stays open
        app.pop_screen()
        screen = await started_session(pilot)
        assert screen is session and screen.session.elapsed() == 0.0
