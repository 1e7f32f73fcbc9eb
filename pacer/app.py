"""PacerApp: the terminal UI. Screens, keys, the calm theme, and nothing lost on the way out.

The command line imports this module only when it opens the TUI, and this module imports the
screens other than Today only when they are first opened, so starting Pacer stays quick.

There is one way out (:meth:`PacerApp.leave`): ``q``, ``ctrl+q``, ``ctrl+c``, a closed terminal
window (SIGHUP) and SIGTERM all keep every running session as partial and every typed word as
a draft before the app exits (see :mod:`pacer.screens.leaving`).
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from pacer.clock import Clock, MonotonicClock, local_now
from pacer.keymap import KEYS, bind, display_key
from pacer.screens.home import HomeScreen
from pacer.screens.leaving import KeepsWords, SavesPartial

if TYPE_CHECKING:
    from pacer.domain.patterns import Pattern
    from pacer.domain.timeline import Ramp
    from pacer.screens.breathe import BreatheScreen
    from pacer.screens.dialogs import SessionOutcome
    from pacer.services import Services
    from pacer.services.sessions import Flushed
    from pacer.store import Store

ScreenT = TypeVar("ScreenT", bound=Screen[Any])

#: The signals that end the app from outside: the terminal window closed, or `kill`.
LEAVING_SIGNALS = (signal.SIGHUP, signal.SIGTERM)
#: The exit code when something could not be written on the way out (it is kept pending).
EXIT_KEPT_PENDING = 1

#: The first-run safety question (content brief section 2), in words a 12-year-old can read.
HOLDS_QUESTION_TITLE = "One question to keep you safe"
HOLDS_QUESTION = (
    "Do any of these apply to you?\n"
    "· breathlessness, or cancer in or near the lungs (or fluid around them)\n"
    "· anaemia (low blood count)\n"
    "· heart disease\n"
    "· seizures, or cancer that has spread to the brain\n"
    "· pregnancy\n"
    "· panic attacks\n\n"
    "If so, Pacer can hide the patterns where you hold your breath. Breathing without "
    "holds is gentler. You can change this later in Settings."
)


class PacerApp(App[None]):
    """Pacer's TUI: Today, Breathe and the breathing session, with help on `?`."""

    # Absolute, so a subclass defined elsewhere (a test, a benchmark) still finds it.
    CSS_PATH = Path(__file__).with_name("pacer.tcss")
    TITLE = "Pacer"
    # The command palette offers theme switching and other extras that make the app less calm.
    ENABLE_COMMAND_PALETTE = False

    # Screens get these classes by size, so pacer.tcss can give small terminals a compact layout.
    # (Textual declares them without ClassVar, so they are overridden the same way.)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]  # noqa: RUF012
    #: Below this (columns, rows) a polite "make me bigger" note covers the screen.
    MIN_SIZE = (40, 12)

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("help"),
        # Hidden from the footer (no room at 80 columns); listed in help and the README.
        bind("palette", show=False),
        bind("quit"),
        # Priority: these leave even from a text field (where ctrl+c would copy), and never
        # ask: what is typed is kept as a draft. One action with q, so help lists them once.
        bind("quit_now", show=False, priority=True),
    ]

    def get_key_display(self, binding: Binding) -> str:
        """Every key in Pacer's one notation (``ctrl+s``, ``esc``), also a widget's own."""
        return binding.key_display or display_key(binding.key)

    def __init__(
        self,
        store: Store,
        *,
        clock: Clock | None = None,
        start: tuple[Pattern, float] | None = None,
        reduced_motion: bool | None = None,
        sound: bool = True,
        wall_clock: Callable[[], datetime] | None = None,
        ramp: Ramp | None = None,
        first_run_notes: bool | None = None,
        start_calm: bool = False,
        calm_appointment: str | None = None,
        ask_stress_before: bool | None = None,
        start_find_pace: bool = False,
        start_breathless: bool = False,
        start_breaths: int | None = None,
        settle_in: int | None = None,
    ) -> None:
        """`start=(pattern, minutes)` opens straight into a session; `wall_clock` (the local
        date and time for "today" and "this week") is injectable so tests never see the real
        date. `reduced_motion=None` follows the setting or TEXTUAL_ANIMATIONS=none. `ramp`
        applies to the `start` session only (the warm-up of `pacer breathe --ramp`).
        `first_run_notes=False` skips the first-run welcome and the safety note before a
        pattern's first use (tests, and PACER_SKIP_WELCOME=1); None follows the settings.
        `ask_stress_before=False` never asks the optional 0-10 rating before a session; True
        asks it while the `ask_stress_before` setting is on; None is `first_run_notes` (tests
        and PACER_SKIP_WELCOME=1 want a key to open the screen under test, nothing between).
        `start_breathless=True` (`pacer breathless`) opens straight into Breathless now.
        `start_breaths` counts the `start` session in breaths, and `settle_in` sets its
        settle-in seconds (None: the `settle_in_seconds` setting), as `ramp` applies to it."""
        super().__init__()
        from pacer.services import Services

        #: Kept for the screens not moved to the services yet; screens use `services`.
        self.store = store
        self.services: Services = Services.open(store)
        self.clock: Clock = clock or MonotonicClock()
        self.wall_clock: Callable[[], datetime] = wall_clock or local_now
        self.start = start
        self.ramp = ramp
        self.start_breaths = start_breaths
        self.start_settle_in = settle_in
        self.start_calm = start_calm  # `pacer calm`: open straight into the routine
        self.calm_appointment = calm_appointment
        self.start_find_pace = start_find_pace  # `pacer breathe --find-pace`
        self.start_breathless = start_breathless
        self.sound = sound
        loaded = self.services.settings.load()
        #: Every setting with a usable value; a saved value that does not fit is reported once
        #: in the startup notice and its default used, without rewriting the file.
        self.settings: dict[str, Any] = loaded.values
        self.load_problems: list[str] = list(loaded.problems)
        self.said_problems: set[str] = set()
        self._leaving = False
        self._last_key: str | None = None
        self._signals: dict[int, Any] = {}
        if reduced_motion is None:
            reduced_motion = bool(self.settings.get("reduced_motion")) or (
                self.animation_level == "none"
            )
        self.reduced_motion = reduced_motion
        if reduced_motion:
            # Asked for stillness: also stop Textual's own small animations (scrolling etc.).
            self.animation_level = "none"
        if first_run_notes is None:
            first_run_notes = not os.environ.get("PACER_SKIP_WELCOME")
        self.first_run_notes = first_run_notes
        #: May the question be asked at all; the setting (read at each start) says if it is.
        self.ask_stress_before = (
            first_run_notes if ask_stress_before is None else ask_stress_before
        )
        from pacer.themes import THEME_NAME, THEMES

        for theme in THEMES:
            self.register_theme(theme)
        chosen = str(self.settings.get("theme") or THEME_NAME)
        self._start_theme(chosen if chosen in self.available_themes else THEME_NAME)

    def _start_theme(self, name: str) -> None:
        """Take the theme before the first frame without parsing the stylesheet twice.

        `self.theme = name` here runs Textual's theme watcher, which queues a full re-parse of
        every stylesheet (pacer.tcss included) that the start-up parses again anyway: ~15 ms
        of launch for nothing. Nothing is parsed yet, so giving the stylesheet this theme's
        variables is enough; then what the watcher does besides the CSS: the theme classes
        and the ANSI colour mapping. Later changes (settings, palette) set `self.theme`.
        """
        self.set_reactive(PacerApp.theme, name)
        self.stylesheet.set_variables(self.get_css_variables())
        theme = self.current_theme
        classes = {cls: False for cls in self.classes if cls.startswith("-theme-")}
        classes.update({f"-theme-{theme.name}": True, "-dark-mode": theme.dark,
                        "-light-mode": not theme.dark})
        self.update_classes(classes, update=False)
        self._refresh_truecolor_filter(self.ansi_theme)

    # --- start up -----------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        return self._sized(HomeScreen(self.wall_clock))

    def _sized(self, screen: ScreenT) -> ScreenT:
        """Give a screen opened at launch its size classes (-wide, -tall...) before its first
        styling: Textual adds them on the screen's first resize, which restyles the whole
        screen a second time before the first frame (~4 ms quiet, 17 ms here under load)."""
        width, height = self.size
        for size, breakpoints in ((width, self.HORIZONTAL_BREAKPOINTS),
                                  (height, self.VERTICAL_BREAKPOINTS)):
            fits = [name for least, name in sorted(breakpoints) if size >= least]
            if fits:
                screen.add_class(fits[-1])
        return screen

    def on_mount(self) -> None:
        self._install_signal_handlers()
        self._report_problems()
        # Sessions kept aside by an earlier run (a busy lock at quit...): written now, off the
        # first frame and off the event loop.
        self.call_after_refresh(self.run_worker, self._flush_pending, thread=True,
                                group="pending", exit_on_error=False)
        if self.start is not None:
            pattern, minutes = self.start
            self.open_session(pattern, minutes, ramp=self.ramp, breaths=self.start_breaths,
                              settle_in=self.start_settle_in)
        elif self.start_breathless:
            self.action_breathless()
        elif self.start_calm:
            self.action_calm(self.calm_appointment)
        elif self.start_find_pace:
            self.action_find_pace()
        elif self.first_run_notes and not self.settings.get("welcome_seen"):
            # After the first frame: Today draws at once, the welcome a moment later.
            self.call_after_refresh(self.action_welcome)
        elif self.first_run_notes and self.settings.get("hide_holds") is None:
            # The welcome was read before this question existed: asked once, now.
            self.call_after_refresh(self.ask_about_holds)

    def _flush_pending(self) -> None:
        flushed = self.services.sessions.flush_pending()
        if flushed.written or flushed.problem:
            self.call_from_thread(self._report_flushed, flushed)

    def _report_flushed(self, flushed: Flushed) -> None:
        """A gentle word about sessions an earlier run could not write at once."""
        count = len(flushed.written)
        if count and isinstance(self.screen, HomeScreen):
            self.screen.refresh_totals()  # Today drew before they were in; count them now
        lines = []
        if count:
            lines.append(
                "A session from last time is now in your history."
                if count == 1
                else f"{count} sessions from last time are now in your history."
            )
        if flushed.problem:
            lines.append(
                f"Some sessions from last time are still kept aside ({flushed.problem}); "
                "Pacer tries again next time."
            )
        self.notify(" ".join(lines), title="Nothing was lost", timeout=10, markup=False)

    def on_resize(self, event: events.Resize) -> None:
        """Too small to use: cover the screen with a polite note; big enough: take it away."""
        width, height = event.size
        small = width < self.MIN_SIZE[0] or height < self.MIN_SIZE[1]
        showing = getattr(self.screen, "COVERS_SMALL_TERMINAL", False)
        if small and not showing:
            from pacer.screens.welcome import TooSmallScreen  # only when needed: launch time

            self.push_screen(TooSmallScreen())
        elif showing and not small:
            self.pop_screen()

    def _report_problems(self) -> None:
        """Show data problems as one gentle notification, never as a crash."""
        from pacer.store import StoreError

        lines = list(self.load_problems)
        try:
            found = [str(problem) for problem in self.store.problems()]
        except StoreError as error:
            found = [str(error)]
        # Said once: the settings service already names a settings.json the store refused.
        lines += [line for line in found if not any(line in said for said in lines)]
        lines = [line for line in lines if line not in self.said_problems]
        self.said_problems.update(lines)
        if lines:
            shown = lines[:3]
            if len(lines) > 3:
                shown.append(f"...and {len(lines) - 3} more (pacer doctor lists them all).")
            self.notify(
                "\n".join(shown),
                title="Some saved data could not be read",
                markup=False,
                severity="warning",
                timeout=12,
            )

    # --- navigation ---------------------------------------------------------------------------

    def action_breathe(self) -> None:
        """Open the pattern and length chooser with the person's defaults selected."""
        from pacer.domain.patterns import DEFAULT_PATTERN
        from pacer.screens.breathe import BreatheScreen

        pattern = str(self.settings.get("default_pattern") or DEFAULT_PATTERN)
        try:
            minutes = float(self.settings.get("default_minutes") or 5)
        except (TypeError, ValueError):
            minutes = 5.0
        self.push_screen(BreatheScreen(pattern, minutes))

    def on_breathe_screen_start(self, message: BreatheScreen.Start) -> None:
        """The chooser replaces itself with the session, so a session always returns to Today."""
        self.begin_session(message.pattern, message.minutes, from_chooser=True,
                           breaths=message.breaths)

    def begin_session(
        self,
        pattern: Pattern,
        minutes: float,
        from_chooser: bool = False,
        *,
        breaths: int | None = None,
    ) -> None:
        """Start a session: the pattern's safety note if it was never used, then the optional
        "stress now" question, then the session screen.

        From the chooser, the chooser is closed only once the session really starts, so Esc on
        the safety note goes back to it. The question comes before the session screen is
        pushed, so the session's clock never runs while the person thinks.
        """
        from pacer.screens.session import SessionScreen

        if any(isinstance(screen, SessionScreen) for screen in self.screen_stack):
            # The palette is open on top of a running session: one session at a time.
            self.notify("A session is already running. Stop it first (Esc) to start another.")
            return
        seen = list(self.settings.get("seen_patterns") or [])

        def go(before: int | None = None) -> None:
            if from_chooser:
                self.pop_screen()
            self.open_session(pattern, minutes, before=before, breaths=breaths)

        def ask_then_go() -> None:
            if not self._asks_stress_before():
                go()
                return
            from pacer.screens.stress_before import BeforeAnswer, StressBeforeScreen

            def answered(answer: BeforeAnswer | None) -> None:
                if answer is not None and answer.stop_asking:
                    self._stop_asking_stress_before()
                go(answer.rating if answer is not None else None)

            self.push_screen(StressBeforeScreen(), answered)

        if not self.first_run_notes or pattern.key in seen:
            ask_then_go()
            return
        from pacer.screens.welcome import SafetyNoteScreen

        def decided(start: bool | None) -> None:
            if start:
                self._mark_seen(pattern.key)
                ask_then_go()

        self.push_screen(SafetyNoteScreen(pattern), decided)

    def action_breathless(self) -> None:
        """Breathless now (issue 13): the gentle ramp at once, with its card and red flag.

        Nothing to choose and nothing asked first (no safety note, no stress question): the
        red flag and the card are on the session screen itself."""
        from pacer.domain import breathless
        from pacer.screens.session import SessionScreen

        if any(isinstance(screen, SessionScreen) for screen in self.screen_stack):
            self.notify("A session is already running. Stop it first (Esc) to start another.")
            return
        self.open_session(breathless.PATTERN, breathless.PLANNED_MINUTES, breathless.RAMP,
                          breathless_now=True)

    def ask_about_holds(self, then: Callable[[], None] | None = None) -> None:
        """The first-run safety question (content brief section 2), asked once: for people
        with a condition that makes breath holds unwise, patterns with holds are hidden.

        "Hide them" is focused: holds are opt-in, so pressing Enter through is the safe way.
        The answer is the `hide_holds` setting, which Settings can change at any time.
        """
        from pacer.screens.confirm import ConfirmModal

        def answered(hide: bool | None) -> None:
            self._save_in_background({"hide_holds": bool(hide)})
            if then is not None:
                then()

        self.push_screen(
            ConfirmModal(HOLDS_QUESTION_TITLE, HOLDS_QUESTION, "Hide them", "Show them",
                         yes_first=True),
            answered,
        )

    def _save_in_background(self, changes: dict[str, Any], done: str | None = None) -> None:
        """Use ``changes`` now and save them off the event loop; say so only if it failed
        (or, with ``done``, once it worked)."""
        from pacer.services import SaveError

        self.apply_settings(changes, save=False)

        def write() -> None:
            try:
                self.services.settings.change(changes)
            except SaveError as error:
                self.call_from_thread(
                    self.notify,
                    f"This works for now but was not saved: {error}",
                    severity="warning",
                    markup=False,
                )
            else:
                if done:
                    self.call_from_thread(self.notify, done)

        self.run_worker(write, thread=True, group="settings-save", exit_on_error=False)

    def _asks_stress_before(self) -> bool:
        return self.ask_stress_before and bool(self.settings.get("ask_stress_before", True))

    def _stop_asking_stress_before(self) -> None:
        """"n" on the question: off for this run at once; saved off the event loop."""
        self._save_in_background(
            {"ask_stress_before": False},
            "Pacer will not ask this again. Settings can turn it back on.",
        )

    def _mark_seen(self, key: str) -> None:
        """The safety note of ``key`` was read: merged into the saved list (another window may
        have added its own meanwhile); if it cannot be saved the note shows again next time."""
        from pacer.services import SaveError

        self.settings["seen_patterns"] = [*(self.settings.get("seen_patterns") or []), key]
        try:
            self.settings["seen_patterns"] = self.services.settings.mark_seen(key)
        except SaveError as error:
            self.notify(f"This will be asked again next time: {error}", markup=False)

    def open_session(
        self,
        pattern: Pattern,
        minutes: float,
        ramp: Ramp | None = None,
        *,
        before: int | None = None,
        breathless_now: bool = False,
        breaths: int | None = None,
        settle_in: int | None = None,
    ) -> None:
        """Push the session screen; ``before`` is the stress rating asked just before it;
        ``breathless_now`` opens it in its Breathless now mode. ``breaths`` counts the session
        in breaths (else ``minutes``); ``settle_in`` seconds of "Get comfortable" come first
        (None: the setting)."""
        from pacer.screens.session import BreathlessScreen, SessionScreen
        from pacer_audio.settings import SoundSettings

        sound = SoundSettings.from_settings(self.settings, no_sound=not self.sound)
        kind = BreathlessScreen if breathless_now else SessionScreen
        screen = self._sized(
            kind(
                pattern,
                minutes,
                clock=self.clock,
                reduced_motion=self.reduced_motion,
                ramp=ramp,
                wall_clock=self.wall_clock,
                sound=sound,
                breaths=breaths,
                # Breathless now starts at once: never a settle-in before it.
                settle_in=(
                    0 if breathless_now
                    else int(self.settings.get("settle_in_seconds") or 0)
                    if settle_in is None
                    else settle_in
                ),
            )
        )
        screen.session.before = before
        self.push_screen(screen)

    def show_summary(self, outcome: SessionOutcome) -> None:
        """After a session: back to Today (with fresh totals) and a short note on top."""
        from pacer.screens.dialogs import SummaryScreen

        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(SummaryScreen(outcome))

    def action_reappraise(self) -> None:
        from pacer.screens.reappraise import open_reappraisal

        open_reappraisal(self)

    def action_calm(self, appointment_id: str | None = None) -> None:
        from pacer.screens.calm import open_calm

        open_calm(self, appointment_id)

    def action_find_pace(self) -> None:
        from pacer.screens.find_pace import open_find_pace

        open_find_pace(self)

    def action_appointments(self) -> None:
        from pacer.screens.appointments import AppointmentsScreen

        self.push_screen(AppointmentsScreen())

    def action_journal(self) -> None:
        from pacer.screens.journal import JournalScreen

        self.push_screen(JournalScreen())

    def action_goals(self) -> None:
        from pacer.screens.goals import GoalsScreen

        self.push_screen(GoalsScreen())

    def action_history(self) -> None:
        from pacer.screens.history import HistoryScreen

        self.push_screen(HistoryScreen())

    def action_settings(self) -> None:
        from pacer.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen())

    def action_patterns(self) -> None:
        from pacer.screens.custom_patterns import CustomPatternsScreen

        self.push_screen(CustomPatternsScreen())

    def action_add_finish_line(self) -> None:
        """Finish lines, with the form for a new one already open (from the palette)."""
        from pacer.screens.goals import GoalsScreen

        screen = GoalsScreen()
        self.push_screen(screen)
        self.call_after_refresh(screen.run_action, "add")

    def action_toggle_sound(self) -> None:
        sound = not bool(self.settings.get("sound", True))
        self.apply_settings({"sound": sound})
        self.notify("Sound is on for the next session." if sound else "Sound is off.")

    def action_toggle_motion(self) -> None:
        self.apply_settings({"reduced_motion": not self.reduced_motion})
        self.notify("Reduced motion is on." if self.reduced_motion else "Reduced motion is off.")

    def set_theme(self, name: str) -> None:
        self.apply_settings({"theme": name})

    def action_palette(self) -> None:
        """Pacer's own command palette: only Pacer's actions, in plain words."""
        from textual.command import CommandPalette

        from pacer.commands import PacerCommands

        if not CommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(
                CommandPalette(providers=[PacerCommands], placeholder="What would you like to do?")
            )

    def action_welcome(self) -> None:
        """The first-run welcome; closing it records that it was seen (it stays in help)."""
        from pacer.screens.welcome import WelcomeScreen

        def seen(key: str | None) -> None:
            """Record the welcome as read, ask the holds question if it was never answered,
            then do what the key pressed on the welcome asks for (after that answer)."""
            if not self.settings.get("welcome_seen"):
                self.apply_settings({"welcome_seen": True})

            def pass_on() -> None:
                if key is not None:
                    self.simulate_key(key)

            leaving = key is not None and key in KEYS["quit"].key_list
            # Breathless now has no holds and must not wait on a question: asked next launch.
            urgent = key is not None and key in KEYS["breathless"].key_list
            if (self.first_run_notes and self.settings.get("hide_holds") is None
                    and not leaving and not urgent):
                self.ask_about_holds(then=pass_on)
            else:
                pass_on()

        self.push_screen(WelcomeScreen(), seen)

    def apply_settings(self, changes: dict[str, Any], *, save: bool = True) -> bool:
        """Save `changes` to the settings and make them take effect now; False if not saved.

        Theme and reduced motion switch at once; sound and the default pattern are read from
        `self.settings` when the next session or chooser opens. A value that does not fit is
        neither used nor saved; if only the disk failed, the change still applies for this
        run, and a gentle note says why it was not kept. `save=False` only applies them:
        the settings screen saves off the event loop itself.
        """
        from pacer.services import SaveError

        problem = self.services.settings.check(changes)
        if problem is not None:
            self.notify(f"Not changed: {problem}", severity="warning", markup=False)
            return False
        self.settings.update(changes)
        if "theme" in changes and changes["theme"] in self.available_themes:
            self.theme = changes["theme"]
        if "reduced_motion" in changes:
            self.reduced_motion = bool(changes["reduced_motion"])
            self.animation_level = "none" if self.reduced_motion else "full"
        if not save:
            return True
        try:
            self.services.settings.change(changes)
        except SaveError as error:
            self.notify(
                f"This change works for now but could not be saved: {error}",
                severity="warning",
                markup=False,
            )
            return False
        return True

    def action_help(self) -> None:
        """Help for the screen on top: its live keys, plus how to use Pacer safely."""
        from pacer.screens.help import HelpScreen, screen_keys

        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        title = getattr(screen, "HELP_TITLE", None) or "Pacer"
        about = getattr(screen, "HELP", "") or ""
        self.push_screen(HelpScreen(title, screen_keys(screen), about))

    # --- the one way out ------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        """Remember the last key, so `quit` knows whether it was `q` (which may ask first)."""
        if isinstance(event, events.Key):
            self._last_key = event.key
        await super().on_event(event)

    async def action_quit(self) -> None:
        """`q` leaves, but asks first when the screen on top holds words not saved yet;
        ctrl+q, ctrl+c (and the palette's Quit) leave at once, keeping those words.

        One action for all of them, so help lists "q / Ctrl+Q: Quit" on one line. Escape on
        a form stays the form's own business.
        """
        from pacer.screens.confirm import ConfirmModal

        key = self._last_key
        top = self.screen
        if key == "q" and isinstance(top, KeepsWords) and _has_unsaved_words(top):

            def answered(quit_now: bool | None) -> None:
                if quit_now:
                    self.leave("q")

            self.push_screen(
                ConfirmModal(
                    "Quit Pacer?",
                    "What you typed is kept as a draft for next time.",
                    "Quit",
                    "Keep writing",
                ),
                answered,
            )
            return
        self.leave(key if key in ("q", "ctrl+q", "ctrl+c") else "quit")

    def leave(self, reason: str = "quit") -> None:
        """The one way out: keep every typed word and every running session, then exit.

        Walks the whole screen stack: each :class:`KeepsWords` screen with unsaved words
        keeps a draft, each :class:`SavesPartial` screen (a session) saves what was breathed,
        with its real length. Everything here is synchronous and durable, because after a
        signal there may be no terminal and no time left. If a session could only be kept
        pending, the app exits non-zero and says where it is (except after SIGHUP: nobody
        is left to read it). Safe to call twice: the second call does nothing.
        """
        if self._leaving:
            return
        self._leaving = True
        problems = self._keep_everything()
        # The signal handlers stay until the app is gone: a second signal is then a no-op.
        if not problems:
            self.exit(return_code=0)
        elif reason == "SIGHUP":
            self.exit(return_code=EXIT_KEPT_PENDING)
        else:
            self.exit(return_code=EXIT_KEPT_PENDING, message=Text("pacer: " + " ".join(problems)))

    def panic(self, *renderables: RenderableType) -> None:
        """A crash (or the terminal gone under the input thread): keep everything first."""
        if not self._leaving:
            self._leaving = True
            self._keep_everything()
        super().panic(*renderables)

    def _keep_everything(self) -> list[str]:
        """Drafts for typed words, partials for sessions; what could not be written, as lines."""
        problems: list[str] = []
        for screen in reversed(self.screen_stack):
            if isinstance(screen, KeepsWords) and _has_unsaved_words(screen):
                try:
                    screen.keep_draft()
                except Exception as error:  # a promise broken: still keep the rest
                    problems.append(f"What you typed could not be kept: {error}")
            if isinstance(screen, SavesPartial):
                outcome = screen.save_partial()
                message = _unsaved_message(outcome)
                if message:
                    problems.append(message)
        return problems

    def handle_signal(self, signum: int) -> None:
        """SIGHUP (the window closed) or SIGTERM: leave now, keeping everything.

        Runs on the event loop (installed with `loop.add_signal_handler`), so the screens
        are safe to touch; writing to a terminal that is gone may fail, but the saves come
        first and never depend on the terminal.
        """
        self.leave(signal.Signals(signum).name)

    def _install_signal_handlers(self) -> None:
        """Catch SIGHUP and SIGTERM for the app's lifetime (only possible in the main thread)."""
        if threading.current_thread() is not threading.main_thread():
            return
        loop = asyncio.get_running_loop()
        for signum in LEAVING_SIGNALS:
            previous = signal.getsignal(signum)
            try:
                loop.add_signal_handler(signum, self.handle_signal, signum)
            except (NotImplementedError, RuntimeError, ValueError):  # no signals here
                continue
            self._signals[signum] = previous

    def _restore_signal_handlers(self) -> None:
        """Put back what was there before, so a test process (or a second app) is unchanged."""
        signals, self._signals = self._signals, {}
        if not signals:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        for signum, previous in signals.items():
            if loop is not None:
                loop.remove_signal_handler(signum)
            if previous is not None:
                signal.signal(signum, previous)

    def on_unmount(self) -> None:
        self._restore_signal_handlers()


def _has_unsaved_words(screen: KeepsWords) -> bool:
    """A screen's answer, where a broken promise counts as "yes" (keeping beats losing)."""
    try:
        return screen.has_unsaved_words()
    except Exception:
        return True


def _unsaved_message(outcome: object) -> str | None:
    """What to tell the person when a session saved on the way out is not in the log."""
    from pacer.screens.dialogs import SessionOutcome

    if isinstance(outcome, SessionOutcome) and not outcome.saved:
        return outcome.error or "This session could not be saved."
    return None


if TYPE_CHECKING:
    from pacer.screens.host import PacerHost
    from pacer.services import HasServices

    def _keeps_its_promises(app: PacerApp) -> tuple[PacerHost, HasServices]:
        """For the type checker: the app is what its screens are promised (never called)."""
        return app, app
