"""Find your pace: five slow paces, each breathed and then rated "How easy was that, 0-10?".

The rules (order, strain, the result) are :mod:`pacer.domain.pace_finder`'s; this screen only
shows them. Each pace is breathed on the app's own session screen (a small subclass that skips
the end-of-session stress rating and hands its outcome back), so the clock, the picture, sound,
pause and stop all behave as in any session, and each pace is saved as practice.

At every rating there is "That was a strain" and "End the sweep"; a rating of 3 or less ends it
too. The result offers "Use as my default", "Keep it as a pattern only" or "Not now"; it is
kept through :func:`pacer.services.pace.keep_your_pace`, off the event loop, and "Saved" shows
only once that returned. The words say it is about comfort: Pacer has no heart-rate sensor.

Leaving part-way (esc, or quitting the app) keeps the ratings so far as a ``pace`` draft
(``KeepsWords``); opening it again offers to carry on (:func:`open_find_pace`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from typing import Any, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static

from pacer.clock import Clock
from pacer.domain.errors import InputError
from pacer.domain.pace_finder import (
    COMFORT,
    DRAFT_KIND,
    INTRO,
    QUESTION,
    SCALE_WORDS,
    SOURCES,
    STEP_SECONDS,
    SWEEP,
    YOUR_PACE_ID,
    PaceStep,
    Sweep,
    parse_ease,
    rated_words,
    result_words,
    step_seconds,
)
from pacer.domain.patterns import GENTLE_NOT_DEEP
from pacer.domain.session import Session
from pacer.domain.text import harmless, plural
from pacer.domain.timeline import Timeline
from pacer.keymap import bind, display
from pacer.screens.confirm import ConfirmModal
from pacer.screens.dialogs import SessionOutcome
from pacer.screens.host import PacerHost, host, wall_now
from pacer.screens.session import SessionScreen
from pacer.services import SaveError
from pacer.widgets.format import mmss
from pacer.widgets.stress_scale import StressInput

#: Which buttons each state of the screen shows (the first is focused).
BUTTONS: dict[str, tuple[str, ...]] = {
    "breathe": ("pace-breathe", "pace-end"),
    "rate": ("pace-rate", "pace-strain", "pace-end"),
    "result": ("pace-default", "pace-pattern", "pace-not-now"),
    "no-result": ("pace-close",),
    "kept": ("pace-close",),
}


class PaceSessionScreen(SessionScreen):
    """One pace of the sweep: a whole number of breaths of about the step's length, no stress
    rating at the end (the sweep asks how easy it was), dismissed with its outcome."""

    ASK_RATING = False

    def __init__(self, step: PaceStep, breaths: int, *, clock: Clock, **kwargs: Any) -> None:
        super().__init__(step.pattern, 1, clock=clock, **kwargs)
        self.session = Session(Timeline(step.pattern, breaths), clock)

    def wrap_up(self, outcome: SessionOutcome) -> None:
        self.dismiss(outcome)  # type: ignore[arg-type]


class FindPaceScreen(Screen[None]):
    """The sweep, one pace at a time, then the result."""

    DEFAULT_CSS = """
    FindPaceScreen #pace {
        padding: 0 1;
    }
    FindPaceScreen #pace > * {
        height: auto;
    }
    FindPaceScreen .muted {
        color: $text-muted;
    }
    FindPaceScreen #pace-step {
        color: $primary;
        text-style: bold;
        margin-top: 1;
    }
    FindPaceScreen #pace-rating {
        width: 12;
    }
    FindPaceScreen.-short #pace-rating {
        border: none;
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    FindPaceScreen #pace-error {
        color: $warning;
        width: 1fr;
    }
    FindPaceScreen #pace-buttons {
        height: auto;
        margin-top: 1;
    }
    FindPaceScreen #pace-buttons Button {
        height: 1;
        margin-right: 2;
        min-width: 10;
    }
    /* Under 80 columns the buttons stand one under another: side by side they would not fit. */
    FindPaceScreen.-narrow #pace-buttons {
        layout: vertical;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [bind("leave")]

    HELP_TITLE = "Find your pace"
    HELP = (
        "Five slow paces, about a minute and a half each. After each one, type how easy it "
        "felt from 0 to 10 and press enter. \"That was a strain\" or a rating of 3 or less "
        f"ends it. {display('leave')} leaves; your ratings are kept for next time. "
        + COMFORT
    )

    def __init__(self, resume: dict[str, Any] | None = None, *, discard: bool = False) -> None:
        """``resume`` is a ``pace`` draft to carry on from; ``discard`` lets an old one go."""
        super().__init__()
        answers = resume.get("answers") if resume else None
        self.sweep = Sweep.from_answers(answers if isinstance(answers, dict) else {})
        self._draft_id = str(resume["id"]) if resume and resume.get("id") else None
        self._discard = discard
        self._state = "breathe"
        self._decided = False  # the result was kept, or "not now" chosen
        self._session_screen: PaceSessionScreen | None = None
        self._busy = False
        try:
            self.step_seconds = step_seconds(os.environ)
        except InputError:
            self.step_seconds = STEP_SECONDS

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="pace"):
            yield Label("Find your pace", classes="screen-title")
            yield Static(f"{INTRO} {COMFORT} {GENTLE_NOT_DEEP}", id="pace-intro")
            yield Static(f"Sources: {SOURCES}.", id="pace-sources", classes="muted")
            yield Static("", id="pace-rated", classes="muted")
            yield Label("", id="pace-step")
            yield Static("", id="pace-body")
            yield StressInput(id="pace-rating")
            yield Label("", id="pace-error")
            with Horizontal(id="pace-buttons"):
                yield Button("Breathe this pace", id="pace-breathe", variant="primary",
                             compact=True)
                yield Button("Rate", id="pace-rate", variant="primary", compact=True)
                yield Button("That was a strain", id="pace-strain", compact=True)
                yield Button("End the sweep", id="pace-end", compact=True)
                yield Button("Use as my default", id="pace-default", variant="primary",
                             compact=True)
                yield Button("Keep it as a pattern only", id="pace-pattern", compact=True)
                yield Button("Not now", id="pace-not-now", compact=True)
                yield Button("Close", id="pace-close", variant="primary", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if self._discard:
            self.run_worker(self._drop_draft(), group="pace-save")
        self._show("result" if self.sweep.ended else "breathe")

    # --- what is on screen ----------------------------------------------------------------------

    def _show(self, state: str) -> None:
        """Put one state on screen: before a pace, its rating, or the result."""
        if state == "result" and self.sweep.result() is None:
            state = "no-result"
        self._state = state
        # The introduction until the first pace is breathed; then the room goes to the step.
        first = state == "breathe" and not self.sweep.ratings
        self.query_one("#pace-intro", Static).display = first
        self.query_one("#pace-sources", Static).display = first
        self.query_one("#pace-rated", Static).update(self._rated_line())
        step = self.sweep.current
        title = self.query_one("#pace-step", Label)
        body = self.query_one("#pace-body", Static)
        rating = self.query_one("#pace-rating", StressInput)
        rating.display = state == "rate"
        rating.value = ""
        self._error("")
        if state == "breathe" and step is not None:
            breaths = step.breaths(self.step_seconds)
            length = mmss(breaths * step.cycle_seconds)
            title.update(f"{self.sweep.position}: {step.name}")
            body.update(Text(f"In for {step.inhale:g} seconds, out for {step.exhale:g}. "
                             f"{plural(breaths, 'breath')}, about {length}. Slow, not big. "
                             "Stop at any point."))
        elif state == "rate":
            done = SWEEP[len(self.sweep.ratings)]
            title.update(f"{self.sweep.position}: {done.name}")
            body.update(Text(f"{QUESTION} {SCALE_WORDS}"))
        elif state in ("result", "no-result"):
            title.update("Your pace" if state == "result" else "Thank you")
            body.update(Text(result_words(self.sweep)))
        for button in self.query("#pace-buttons Button").results(Button):
            button.display = button.id in BUTTONS[state]
        first_choice = rating if state == "rate" else self.query_one(f"#{BUTTONS[state][0]}")
        first_choice.focus()
        # Once laid out (it may just have been shown), bring it into view on a small terminal.
        self.call_after_refresh(first_choice.scroll_visible, animate=False)

    def _rated_line(self) -> Text:
        return Text(f"Rated so far: {rated_words(self.sweep)}" if self.sweep.ratings else "")

    def _error(self, text: str) -> None:
        self.query_one("#pace-error", Label).update(Text(harmless(text)))

    # --- events ---------------------------------------------------------------------------------

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        chosen = (event.button.id or "").removeprefix("pace-")
        if chosen == "breathe":
            self._breathe()
        elif chosen == "rate":
            self._rate()
        elif chosen == "strain":
            self.sweep.strain()
            self._show("result")
        elif chosen == "end":
            self.sweep.stop()
            self._show("result")
        elif chosen in ("default", "pattern"):
            await self._keep(as_default=chosen == "default")
        elif chosen in ("not-now", "close"):
            self._decided = True
            await self._drop_draft()
            self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._rate()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._error("")

    def _rate(self) -> None:
        field = self.query_one("#pace-rating", StressInput)
        text = field.value.strip()
        if not text:
            self._error("Type how easy it was, from 0 to 10, or choose a button below.")
            return
        try:
            rating = parse_ease(text)
        except InputError as error:
            self._error(f"{error}.")
            return
        self.sweep.rate(rating)
        self._show("result" if self.sweep.ended else "breathe")

    # --- breathing one pace ---------------------------------------------------------------------

    def _breathe(self) -> None:
        step = self.sweep.current
        if step is None:
            return
        app = host(self)
        screen = PaceSessionScreen(
            step,
            step.breaths(self.step_seconds),
            clock=app.clock,
            reduced_motion=app.reduced_motion,
            wall_clock=app.wall_clock,
            sound=_sound(app),
        )
        self._session_screen = screen

        def breathed(outcome: SessionOutcome | None) -> None:
            self._session_screen = None
            if outcome is not None and not outcome.saved:
                self.notify(harmless(f"This pace was not saved: {outcome.error}"),
                            severity="warning", markup=False)
            self._show("rate")

        self.app.push_screen(screen, breathed)

    # --- the result -----------------------------------------------------------------------------

    async def _keep(self, *, as_default: bool) -> None:
        """Save "Your pace" (and the default) off the event loop; say so once it is saved."""
        found = self.sweep.result()
        if found is None or self._busy:
            return
        self._busy = True
        from pacer.services.pace import keep_your_pace

        app = host(self)
        try:
            kept = await asyncio.to_thread(keep_your_pace, app.services, found,
                                           as_default=as_default)
        except SaveError as error:
            self._error(str(error))
            return
        finally:
            self._busy = False
        if as_default:
            app.apply_settings({"default_pattern": YOUR_PACE_ID}, save=False)
        self._decided = True
        await self._drop_draft()
        replaced = f" It replaces your earlier pace, {kept.replaced}." if kept.replaced else ""
        where = ("It is now your default in Breathe." if as_default
                 else "It is in Breathe with your patterns.")
        self._show("kept")
        self.query_one("#pace-step", Label).update("Saved")
        self.query_one("#pace-body", Static).update(
            Text(harmless(f"Saved as Your pace: {found.words}. {where}{replaced} {COMFORT}"))
        )

    # --- drafts (KeepsWords) --------------------------------------------------------------------

    def has_unsaved_words(self) -> bool:
        """Ratings given and not settled yet (the sweep part-way, or its result undecided)."""
        return bool(self.sweep.ratings) and not self._decided

    def keep_draft(self) -> None:
        """Keep the ratings so far as the ``pace`` draft; never raises."""
        try:
            if not self.has_unsaved_words():
                return
            drafts = host(self).services.drafts
            if self._draft_id is None:
                old = drafts.find(DRAFT_KIND, None)
                self._draft_id = str(old["id"]) if old else str(uuid.uuid4())
            drafts.put({
                "id": self._draft_id,
                "kind": DRAFT_KIND,
                "target": None,
                "answers": self.sweep.answers(),
                "step": str(len(self.sweep.ratings)),
                "updated": wall_now(self).isoformat(timespec="seconds"),
            })
        except Exception:  # the way out must never fail because a draft could not be kept
            return

    async def _drop_draft(self) -> None:
        drafts = host(self).services.drafts
        with contextlib.suppress(SaveError):
            await asyncio.to_thread(drafts.drop, DRAFT_KIND, None)

    def action_leave(self) -> None:
        """Esc: leave now; ratings given are kept for next time (off the event loop)."""
        self.run_worker(self._leave(), group="pace-save", exclusive=True)

    async def _leave(self) -> None:
        if self.has_unsaved_words():
            await asyncio.to_thread(self.keep_draft)
            self.notify("Your ratings are kept. Find your pace again to carry on.",
                        title="Find your pace")
        self.dismiss(None)


def _sound(pacer: PacerHost) -> Any:
    """The app's sound settings for the session screen, or None (silent) if unavailable."""
    try:
        from pacer_audio.settings import SoundSettings

        return SoundSettings.from_settings(pacer.settings, no_sound=not pacer.sound)
    except Exception:  # sound is a nicety; the sweep must never fail because of it
        return None


def open_find_pace(app: App[Any]) -> None:
    """Breathe's button, the palette and `pacer breathe --find-pace`: start the sweep, or
    first offer to carry on with one left part-way (a ``pace`` draft)."""
    draft = host(app).services.drafts.find(DRAFT_KIND, None)
    if draft is None:
        app.push_screen(FindPaceScreen())
        return
    answers = draft.get("answers")
    sweep = Sweep.from_answers(answers if isinstance(answers, dict) else {})
    if not sweep.ratings:
        app.push_screen(FindPaceScreen(discard=True))
        return
    count = len(sweep.ratings)
    what = (f"You rated {count} of {len(SWEEP)} paces." if not sweep.ended
            else "You rated the paces, and the result is waiting.")

    def chosen(carry_on: bool | None) -> None:
        if carry_on:
            app.push_screen(FindPaceScreen(resume=draft))
        else:
            app.push_screen(FindPaceScreen(discard=True))

    app.push_screen(
        ConfirmModal("Carry on finding your pace?", what, "Carry on", no="Start afresh",
                     yes_first=True),
        chosen,
    )
