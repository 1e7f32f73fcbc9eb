"""The session screen: the breath picture, the words, the countdown and the time.

Timing is the product, so this screen never counts ticks. Every update reads `session.state()`
(the domain computes it from the injected clock) and then sleeps until the next moment at which
something on screen will actually change:

* the words and the countdown change when the phase's seconds-left crosses a whole second;
* elapsed and remaining (m:ss) change when they cross a whole second;
* the picture changes when the breath visual's *quantised* level changes, found by asking the
  domain timeline about future instants (the screen does no breathing maths of its own); during
  an inhale or exhale this is capped at FRAME_CAP per second, during a hold it never changes.

The clock starts only once the first frame is on screen (the words "Breathe in" are drawn
before it starts, see `_begin`): then the first phase lasts as long as every other.

"Breathless now" (issue 13) is this same screen in its breathless mode (`BreathlessScreen`):
the same clock and timing, plus large words (IN / OUT), the card beside the picture (below it
on a narrow terminal) and the red flag always on screen (pacer/widgets/breathless_card.py).
It has no end to wait for: the times show only what was breathed, and esc stops at once, with
no question and no rating, because a person short of breath should not have to answer anything. What
was breathed is saved as a partial session, as usual.

With a settle-in (the `settle_in_seconds` setting), a calm "Get comfortable" count comes
first, read from the same injected clock; the first breath's frame, and with it the session's
clock, comes only after it, so the settle-in is never part of the session's seconds or of its
schedule. Esc during it leaves at once: nothing was breathed, so nothing is saved.

So a hold costs about one update a second, a paused session costs nothing (no timer at all), and
a screen covered by a dialog pauses itself and stops its timer. `tick()` is public so tests can
move a FakeClock and update at once, without waiting for real timers.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Center, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Digits, Footer, Label, Static

from pacer.clock import Clock, local_now
from pacer.domain.length import SETTLE_HINT, SETTLE_WORDS, settle_count
from pacer.domain.patterns import Pattern
from pacer.domain.session import Session
from pacer.domain.timeline import PhaseState, Ramp, Timeline
from pacer.keymap import bind, display
from pacer.screens.confirm import ConfirmModal
from pacer.screens.dialogs import SessionOutcome, StressRatingScreen
from pacer.screens.host import host
from pacer.widgets.breath_visual import BreathVisual
from pacer.widgets.format import mmss
from pacer.widgets.phase_label import PhaseLabel

if TYPE_CHECKING:
    from pacer.widgets.breathless_card import BigWords
    from pacer_audio.player import Player
    from pacer_audio.settings import SoundSettings

# Most picture changes per second while the breath moves: smooth to the eye, light on the CPU.
FRAME_CAP = 10.0
# Wake a hair after a boundary rather than a hair before it, so one wake-up is enough.
LATE_BY = 0.004
# How finely to search for the instant the picture changes (seconds).
SEARCH_RESOLUTION = 0.004

GENTLE = "Slow, not big. Gentle breaths are enough."
BREATHLESS_HELP = (
    "Follow the words and the picture. The pace starts quick and slows a little with each "
    "breath. There are no holds. Read the card beside it if you like. "
    f"{display('pause')} pauses. {display('stop')} stops at once; what you breathed is kept."
)
PAUSED_HINT = f"Paused. Take your time. {display('resume')} carries on, {display('stop')} stops."


def seconds_until_change(
    key: Callable[[float], int], elapsed: float, horizon: float
) -> float | None:
    """When, within `horizon` seconds after `elapsed`, `key(elapsed + dt)` first differs from now.

    `key` must be monotonic over the horizon (the picture level within one phase is: fullness
    only rises on an inhale and only falls on an exhale). Returns None when it does not change.
    """
    now = key(elapsed)
    if horizon <= 0 or key(elapsed + horizon) == now:
        return None
    low, high = 0.0, horizon
    while high - low > SEARCH_RESOLUTION:
        middle = (low + high) / 2
        if key(elapsed + middle) == now:
            low = middle
        else:
            high = middle
    return high


def next_text_change(state: PhaseState) -> float:
    """Seconds until the countdown, the elapsed time or the remaining time shows a new number."""
    countdown = state.seconds_left - (math.ceil(state.seconds_left - 1e-9) - 1)
    elapsed = math.floor(state.elapsed + 1e-9) + 1 - state.elapsed
    remaining = state.remaining - (math.ceil(state.remaining - 1e-9) - 1)
    return max(0.0, min(countdown, elapsed, remaining, state.seconds_left))


class SessionScreen(Screen[None]):
    """One breathing session, from the first breath in to the saved record."""

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("pause"),
        bind("resume"),
        bind("stop"),
    ]

    #: Ask for a 0-10 rating at the end; the calm-down routine asks its own check-out instead.
    ASK_RATING: ClassVar[bool] = True
    #: The Breathless now mode (see :class:`BreathlessScreen`).
    BREATHLESS: ClassVar[bool] = False

    HELP_TITLE = "Breathing"
    HELP = (
        "Follow the words and the picture: it grows as you breathe in and settles as you breathe "
        f"out. {display('pause')} pauses. {display('stop')} stops; what you breathed is kept."
    )

    class PhaseChanged(Message):
        """A new phase began (for sound cues and tests). Sent once per phase, in order."""

        def __init__(self, state: PhaseState) -> None:
            super().__init__()
            self.state = state

    class Saved(Message):
        """The session has been written to the store (or failed to be: see `outcome.error`)."""

        def __init__(self, outcome: SessionOutcome) -> None:
            super().__init__()
            self.outcome = outcome

    def __init__(
        self,
        pattern: Pattern,
        minutes: float,
        *,
        clock: Clock,
        reduced_motion: bool = False,
        ramp: Ramp | None = None,
        wall_clock: Callable[[], datetime] = local_now,
        sound: SoundSettings | None = None,
        breaths: int | None = None,
        settle_in: float = 0,
    ) -> None:
        """`sound=None` (or disabled settings) keeps the session silent. The session is saved
        through the app's services. `breaths` counts the session in breaths (`minutes` is then
        unused); `settle_in` seconds of "Get comfortable" come before the first breath."""
        super().__init__()
        self.breathless = self.BREATHLESS
        self.set_class(self.breathless, "-breathless")
        self.wall_clock = wall_clock
        self.sound = sound
        self._player: Player | None = None
        self.pattern = pattern
        self.reduced_motion = reduced_motion
        self.counted_in_breaths = breaths is not None
        timeline = (
            Timeline.for_breaths(pattern, breaths, ramp)
            if breaths is not None
            else Timeline.for_minutes(pattern, minutes, ramp)
        )
        self.session = Session(timeline, clock)
        #: Seconds of the settle-in still to run (kept while a dialog covers it), and the
        #: clock's value when it ends while it runs (None: not running).
        self._settle_left = max(0.0, float(settle_in))
        self._settle_end: float | None = None
        self.outcome: SessionOutcome | None = None
        self.ticks = 0  # updates done; read by tests and the CPU benchmark
        self._timer: asyncio.TimerHandle | None = None
        self._phase_key: tuple[int, int] | None = None
        self._auto_paused = False
        self._wrapping_up = False  # the rating is being asked or the record written
        self._texts: dict[str, str] = {}  # what each text part shows now, to skip equal updates
        self._label: tuple[str, int, bool] | None = None
        self._phase_label: PhaseLabel | None = None
        self._visual_widget: BreathVisual | None = None
        self._statics: dict[str, Static] = {}
        self._digits: Digits | None = None
        self._first_frame = False  # the frame being written shows the first phase
        self._big_words: BigWords | None = None

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # A flat tree on purpose: on each frame Textual visits every widget whose clip touches
        # the changed area, so the texts sit in their own small containers, out of the way.
        if self.breathless:
            yield from self._compose_breathless()
            return
        yield Label(
            f"{self.pattern.name}  ·  {self.pattern.rhythm}  ·  {self.pattern.pace}",
            id="session-title",
        )
        yield from self._compose_breathing()
        yield Footer(compact=True)

    def _compose_breathless(self) -> ComposeResult:
        """The picture and its words with the card beside (or below), the red flag under them,
        just above the footer. Imported here: only this mode needs the card (launch time is
        measured)."""
        from pacer.widgets.breathless_card import (
            SHORT_FLAG_BELOW,
            BigWords,
            BreathlessBody,
            BreathlessCard,
            RedFlag,
        )

        yield Label("Breathless now", id="session-title")
        with BreathlessBody(id="breathless-body"):
            with Vertical(id="breathless-main"):
                yield BigWords(id="big-words")
                yield from self._compose_breathing("breathless-")
            yield BreathlessCard(id="breathless-card")
        yield RedFlag(id="red-flag", short=self.app.size.width < SHORT_FLAG_BELOW)
        yield Footer(compact=True)

    def _compose_breathing(self, boxes: str = "") -> ComposeResult:
        """The phase words, the picture (or the calm countdown), the times and the hint.

        `boxes` prefixes the ids of the containers, so Breathless now places them with its
        own rules (pacer/widgets/breathless_card.py) instead of pacer.tcss's."""
        with Vertical(id=f"{boxes}session-top"):
            yield PhaseLabel(id="phase")
        if self.reduced_motion:
            with Vertical(id=f"{boxes}calm-countdown"):
                yield Digits("", id="countdown-digits")
                yield Static("", id="breath-count")
        else:
            with Center(id=f"{boxes}visual-box"):
                yield BreathVisual(id="visual")
        with Vertical(id="session-bottom"):
            yield Static("", id="session-times")
            yield Static(GENTLE, id="session-hint")

    def on_mount(self) -> None:
        # Found once: the update path then never queries the DOM (cheaper, and safe while the
        # app tears the screen down around a late timer).
        self._phase_label = self.query_one(PhaseLabel)
        if self.breathless:
            from pacer.widgets.breathless_card import BigWords

            self._big_words = self.query_one(BigWords)
        self._visual_widget = None if self.reduced_motion else self.query_one(BreathVisual)
        self._digits = self.query_one(Digits) if self.reduced_motion else None
        self._statics = {
            f"#{static.id}": static for static in self.query(Static) if static.id is not None
        }
        if self.reduced_motion:
            self._phase_label.show_countdown = False
        if self.settling:
            self._show_settle(settle_count(self._settle_left))
            return
        # The first frame shows the first phase as it will be at the start ("Breathe in",
        # its full count), so the clock can start once that frame is on screen.
        self._show(self.session.timeline.at(0.0), announce=False)

    def on_screen_resume(self) -> None:
        """Start once the first frame is drawn; after a dialog closes, carry on if it was the
        dialog that paused. A settle-in runs (or goes on) first."""
        if not self.session.started:
            if self._player is None:
                self._open_sound()  # before the start, so the first cue is on time
            if self.settling:
                self._settle_end = self.session.clock.now() + self._settle_left
                self._settle_tick()
                return
            self._await_first_frame()
            return
        if self._auto_paused and not self._wrapping_up:
            self._auto_paused = False
            self.session.resume()
        self.tick()

    @property
    def settling(self) -> bool:
        """True while the "Get comfortable" count runs (or waits under a dialog)."""
        return self._settle_left > 0 and not self.session.started

    def _await_first_frame(self) -> None:
        """Show the first phase (after a settle-in it is not on screen yet) and start the clock
        once a frame showing it has been written."""
        if self._phase_label is not None:
            self._show(self.session.timeline.at(0.0), announce=False)
            self._first_frame = False
            self._phase_label.when_drawn(self._words_drawn)

    def _settle_tick(self) -> None:
        """Show the settle-in's count from the clock; when it is over, the first phase."""
        self._stop_timer()
        if self._settle_end is None or self._phase_label is None:
            return
        left = self._settle_end - self.session.clock.now()
        if left <= 0:
            self._settle_left, self._settle_end = 0.0, None
            self.refresh_bindings()
            self._await_first_frame()
            return
        self._settle_left = left
        count = settle_count(left)
        self._show_settle(count)
        if not self.is_active:
            return
        # Wake when the count shows its next number (or the settle-in ends).
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(left - (count - 1) + LATE_BY, self._wake)

    def _show_settle(self, count: int) -> None:
        """ "Get comfortable" and the count; the picture at rest; what comes next below."""
        if self._phase_label is None:
            return
        label = (SETTLE_WORDS, count, False)
        if label != self._label:
            self._label = label
            self._phase_label.show(SETTLE_WORDS, count)
        visual = self._visual
        if visual is not None:
            visual.show(0.0)
        elif self._digits is not None:
            if self._texts.get("digits") != str(count):
                self._texts["digits"] = str(count)
                self._digits.update(str(count))
            self._set_text("#breath-count", "")
        self._set_text("#session-times", self._times(self.session.timeline.at(0.0)))
        self._set_text("#session-hint", SETTLE_HINT)

    def _words_drawn(self) -> None:
        """The frame being composed shows the first phase (called from the label's render)."""
        self._first_frame = True

    def _compositor_refresh(self) -> None:
        """Textual's step that composes a frame and writes it to the terminal (private to
        Textual, which is pinned: if it changed, no session would start and every session
        test would fail). Once the frame showing the first phase has been written, start."""
        super()._compositor_refresh()
        if self._first_frame:
            self._first_frame = False
            self._begin()

    def _begin(self) -> None:
        """The first frame is on screen: start the clock now, so the first phase shown lasts
        its whole length (starting when the screen was built cut it short by the time the
        first frame took, 70-85 ms, more over SSH). Starting from a callback queued after
        the frame was up to 60 ms late, behind the rest of the first frame's work: so only
        the clock starts here, and the first update follows at once. A screen covered
        before it was seen waits for its next resume."""
        if self.session.started or not self.is_attached or not self.is_current:
            return
        self.session.start(wall=self.wall_clock())
        asyncio.get_running_loop().call_soon(self._wake)

    def on_screen_suspend(self) -> None:
        """Covered by a dialog: pause the breathing and stop every timer until we are back."""
        self._stop_timer()
        if self._settle_end is not None:  # the settle-in waits too, with what it had left
            self._settle_left = max(0.0, self._settle_end - self.session.clock.now())
            self._settle_end = None
        if self._phase_label is not None and not self.session.started:
            self._first_frame = False  # seen under a dialog is not seen: wait for the resume
            self._phase_label.when_drawn(None)
        if self.session.running and not self.session.paused and not self._wrapping_up:
            self.session.pause()
            self._auto_paused = True

    def on_resize(self) -> None:
        self.tick()

    def on_unmount(self) -> None:
        """Last safety net: a session that is torn down unsaved (app exit) is saved as partial."""
        self._stop_timer()
        self.save_partial()
        self._close_sound()

    # --- sound ----------------------------------------------------------------------------------

    def _open_sound(self) -> None:
        """Open the one audio stream before the first breath, so the first cue is on time.

        Imported here, not at the top: the player loads miniaudio and numpy, which only a
        session with sound needs (launch time is measured). The player follows the session's
        own pauses; it never raises and, with no device, quietly returns a silent player.
        """
        if self.sound is None or not self.sound.enabled:
            return
        from pacer_audio.player import open_player

        self._player = open_player(self.session, self.sound)
        if self._player.notice:
            self.notify(self._player.notice, title="Sound")

    def _close_sound(self) -> None:
        """Release the device; after a finished session, let the end sound ring out."""
        if self._player is None:
            return
        from pacer_audio.player import END_SECONDS

        self._player.close(after=END_SECONDS if self.session.finished else 0.0)
        self._player = None

    # --- the clock-driven update --------------------------------------------------------------

    def tick(self) -> None:
        """Read the clock, show what changed, and sleep until the next visible change."""
        self._stop_timer()
        if self._settle_end is not None and not self.session.started:
            self._settle_tick()
            return
        if not self.session.started or self.outcome is not None or self._phase_label is None:
            return
        self.ticks += 1
        state = self.session.state()
        self._show(state)
        if state.finished:
            self._finish()
            return
        if self.session.paused or self.session.ended or not self.is_active:
            return
        # A bare event-loop timer, not Textual's Timer: this one is rescheduled on every frame,
        # and a Textual Timer (or call_next) costs a task or a message each time. The handle
        # carries this handler's context (the active app), so `_wake` runs like a handler.
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(self.next_delay(state), self._wake)

    def _wake(self) -> None:
        """The timer fired: update, and hand any error to Textual as a handler would."""
        self._timer = None
        if not self.is_attached:  # the app is closing, or this screen has gone
            return
        try:
            self.tick()
        except Exception as error:  # pragma: no cover - a bug; Textual shows it and exits
            self.app._handle_exception(error)

    def next_delay(self, state: PhaseState) -> float:
        """Seconds until something on screen changes (see the module docstring)."""
        delay = next_text_change(state)
        visual = self._visual
        if visual is not None:
            timeline = self.session.timeline
            change = seconds_until_change(
                lambda at: visual.level_for(timeline.at(at).fullness),
                state.elapsed,
                min(state.seconds_left, delay) - SEARCH_RESOLUTION,
            )
            if change is not None:
                delay = min(delay, max(change, 1.0 / FRAME_CAP))
        return delay + LATE_BY

    @property
    def _visual(self) -> BreathVisual | None:
        return self._visual_widget

    @property
    def timer_running(self) -> bool:
        """True while an update is scheduled (never while paused, finished or covered)."""
        return self._timer is not None

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _set_text(self, selector: str, text: str) -> None:
        """Update a fixed-size Static only when its text changes, without a layout pass."""
        if self._texts.get(selector) != text:
            self._texts[selector] = text
            self._statics[selector].update(text, layout=False)

    def _show(self, state: PhaseState, *, announce: bool = True) -> None:
        """Update each part only if its text or picture changed (reactives skip equal values).

        `announce=False` draws without sending PhaseChanged (the picture before the start)."""
        if self._phase_label is None:  # not mounted yet
            return
        paused = self.session.paused
        label = (state.phase.words, state.countdown, paused)
        if label != self._label:
            self._label = label
            self._phase_label.show(*label[:2], paused=paused)
            if self._big_words is not None:
                self._big_words.show(state.phase.words)
        self.set_class(paused, "-paused")
        visual = self._visual
        if visual is not None:
            visual.show(state.fullness)
        elif self._digits is not None:
            countdown = str(state.countdown) if state.countdown else ""
            if self._texts.get("digits") != countdown:
                self._texts["digits"] = countdown
                self._digits.update(countdown)
            breaths = self.session.timeline.breaths
            count = f"Breath {state.breath}" if self.breathless else (
                f"Breath {state.breath} of {breaths}"
            )
            self._set_text("#breath-count", count)
        self._set_text("#session-times", self._times(state))
        self._set_text("#session-hint", PAUSED_HINT if paused else GENTLE)
        key = (state.breath, state.index)
        if announce and key != self._phase_key and not state.finished:
            self._phase_key = key
            self.post_message(self.PhaseChanged(state))

    def _times(self, state: PhaseState) -> str:
        """ "0:12 breathed · 0:48 to go"; counted in breaths, "Breath 3 of 4 · 0:45 to go"."""
        remaining = mmss(state.remaining, round_up=True)
        if self.breathless:  # open-ended: nothing "to go"
            return f"{mmss(state.elapsed)} breathed   ·   stop any time"
        if self.counted_in_breaths and self._digits is None:
            count = f"Breath {state.breath} of {self.session.timeline.breaths}"
            return f"{count}   ·   {remaining} to go"
        return f"{mmss(state.elapsed)} breathed   ·   {remaining} to go"

    # --- pause, stop, finish, save --------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show "Pause" or "Resume" on space, whichever applies now (neither in the settle-in:
        nothing runs yet, and Esc leaves at once)."""
        if action in ("pause", "resume") and self.settling:
            return False
        if action == "pause":
            return not self.session.paused
        if action == "resume":
            return self.session.paused
        return True

    def action_pause(self) -> None:
        self.session.pause()
        self._auto_paused = False
        self.refresh_bindings()
        self.tick()

    def action_resume(self) -> None:
        self.session.resume()
        self.refresh_bindings()
        self.tick()

    def action_stop(self) -> None:
        """Ask first: a stray Esc should not end a session. In the settle-in nothing has been
        breathed, so there is nothing to lose: leave at once, saving nothing. Breathless now
        stops at once: nothing to answer while short of breath, and what was breathed is kept."""
        if self._wrapping_up:
            return
        if self.settling:
            self._leave_unstarted()
            return
        if self.breathless:
            self._confirmed_stop(True)
            return
        self.app.push_screen(
            ConfirmModal(
                "Stop here?",
                "What you have breathed so far is kept. Stopping early is fine.",
                "Stop",
                "Keep going",
                yes_first=True,
            ),
            self._confirmed_stop,
        )

    def _leave_unstarted(self) -> None:
        """Leave before the first breath: no session, no record, back where it was opened."""
        self._stop_timer()
        self._settle_left, self._settle_end = 0.0, None
        self._wrapping_up = True
        self._close_sound()
        self.dismiss(None)
        self.app.notify("Not started, so nothing was saved.")

    def _confirmed_stop(self, stop: bool | None) -> None:
        if stop:
            self._end()
            self._finish()

    def _end(self) -> None:
        """End the session once, stamped with the (injectable) wall clock, and its sound."""
        if not self.session.ended:
            self.session.end(wall=self.wall_clock())
        self._close_sound()

    def _finish(self) -> None:
        """The session is over (finished or stopped): ask for a rating, then save either way."""
        if self._wrapping_up:
            return
        self._wrapping_up = True
        self._stop_timer()
        self._end()
        self.refresh_bindings()
        if self.ASK_RATING:
            self.app.push_screen(StressRatingScreen(), self._rated)
        else:
            self._rated(None)

    def _rated(self, rating: int | None) -> None:
        outcome = self.save(after=rating)
        self.post_message(self.Saved(outcome))
        self.wrap_up(outcome)

    def wrap_up(self, outcome: SessionOutcome) -> None:
        """After saving: a short summary on Today. A routine overrides this to carry on."""
        host(self).show_summary(outcome)

    def save(self, *, after: int | None = None) -> SessionOutcome:
        """Write the record once, through the app's sessions service, never crashing.

        A session that cannot go into the log now (a busy lock, a damaged log, a disk error)
        is kept pending by the service; the outcome says where, and the next launch adds it.
        """
        if self.outcome is not None:
            return self.outcome
        self._stop_timer()
        self._end()
        record = self.session.record(after=after)
        try:
            result = host(self).services.sessions.record(record)
        except Exception as error:  # record() never raises; this guards the way out all the same
            self.outcome = SessionOutcome(record, self.pattern.name, f"{error}",
                                          open_ended=self.breathless)
        else:
            self.outcome = SessionOutcome(
                result.record, self.pattern.name, result.message, result.pending,
                open_ended=self.breathless,
            )
        return self.outcome

    def save_partial(self) -> SessionOutcome | None:
        """Quitting mid-session (or mid-rating): keep what was breathed, with no rating."""
        if self.outcome is not None or not self.session.started:
            return self.outcome
        return self.save(after=None)


class BreathlessScreen(SessionScreen):
    """Breathless now: the session screen in its breathless mode (module docstring), for the
    gentle ramp of :mod:`pacer.domain.breathless`. No rating at the end: nothing to answer."""

    ASK_RATING: ClassVar[bool] = False
    BREATHLESS: ClassVar[bool] = True
    HELP_TITLE = "Breathless now"
    HELP = BREATHLESS_HELP
