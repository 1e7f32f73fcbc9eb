"""PacerApp: the terminal UI. Screens, keys, the calm theme, and nothing lost on quit.

The command line imports this module only when it opens the TUI, and this module imports the
screens other than Today only when they are first opened, so starting Pacer stays quick.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from pacer.clock import Clock, MonotonicClock, local_now
from pacer.domain.patterns import DEFAULT_PATTERN, Pattern
from pacer.screens.home import HomeScreen

if TYPE_CHECKING:
    from pacer.domain.timeline import Ramp
    from pacer.screens.breathe import BreatheScreen
    from pacer.screens.dialogs import SessionOutcome
    from pacer.store import Store

# Screens still being built: (title, what it will do).
COMING_SOON: dict[str, tuple[str, str]] = {
    "settings": ("Settings", "Your default pattern and length, reduced motion, sound and more."),
}


class PacerApp(App[None]):
    """Pacer's TUI: Today, Breathe and the breathing session, with help on `?`."""

    # Absolute, so a subclass defined elsewhere (a test, a benchmark) still finds it.
    CSS_PATH = Path(__file__).with_name("pacer.tcss")
    TITLE = "Pacer"
    # The command palette offers theme switching and other extras that make the app less calm.
    ENABLE_COMMAND_PALETTE = False

    # Screens get these classes by size, so pacer.tcss can give small terminals a compact layout.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [(0, "-narrow"), (80, "-wide")]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [(0, "-short"), (24, "-tall")]
    #: Below this (columns, rows) a polite "make me bigger" note covers the screen.
    MIN_SIZE = (40, 12)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", key_display="?"),
        # Hidden from the footer (no room at 80 columns); listed in help and the README.
        Binding("ctrl+p", "palette", "All commands", show=False),
        Binding("q", "quit", "Quit"),
    ]

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
    ) -> None:
        """`start=(pattern, minutes)` opens straight into a session; `wall_clock` (the local
        date and time for "today" and "this week") is injectable so tests never see the real
        date. `reduced_motion=None` follows the setting or TEXTUAL_ANIMATIONS=none. `ramp`
        applies to the `start` session only (the warm-up of `pacer breathe --ramp`).
        `first_run_notes=False` skips the first-run welcome and the safety note before a
        pattern's first use (tests, and PACER_SKIP_WELCOME=1); None follows the settings."""
        super().__init__()
        from pacer.services import Services

        self.store = store
        self.services = Services.open(store)
        self.clock: Clock = clock or MonotonicClock()
        self.wall_clock: Callable[[], datetime] = wall_clock or local_now
        self.start = start
        self.ramp = ramp
        self.start_calm = start_calm  # `pacer calm`: open straight into the routine
        self.calm_appointment = calm_appointment
        self.sound = sound
        self.load_problems: list[str] = []
        self.settings: dict[str, Any] = self._load_settings()
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
        from pacer.themes import THEME_NAME, THEMES

        for theme in THEMES:
            self.register_theme(theme)
        chosen = str(self.settings.get("theme") or THEME_NAME)
        self.theme = chosen if chosen in self.available_themes else THEME_NAME

    def _load_settings(self) -> dict[str, Any]:
        """Every setting with a usable value; a saved value that does not fit is reported
        (and its default used for this run), never rewritten."""
        loaded = self.services.settings.load()
        self.load_problems.extend(loaded.problems)
        return dict(loaded.values)

    # --- start up -----------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        return HomeScreen(self.wall_clock)

    def on_mount(self) -> None:
        self._report_problems()
        if self.start is not None:
            pattern, minutes = self.start
            self.open_session(pattern, minutes, ramp=self.ramp)
        elif self.start_calm:
            self.action_calm(self.calm_appointment)
        elif self.first_run_notes and not self.settings.get("welcome_seen"):
            # After the first frame: Today draws at once, the welcome a moment later.
            self.call_after_refresh(self.action_welcome)

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
            lines += [str(problem) for problem in self.store.problems()]
        except StoreError as error:
            lines.append(str(error))
        if lines:
            shown = lines[:3]
            if len(lines) > 3:
                shown.append(f"...and {len(lines) - 3} more (pacer doctor lists them all).")
            self.notify(
                "\n".join(shown),
                title="Some saved data could not be read",
                severity="warning",
                timeout=12,
            )

    # --- navigation ---------------------------------------------------------------------------

    def action_breathe(self) -> None:
        """Open the pattern and length chooser with the person's defaults selected."""
        from pacer.screens.breathe import BreatheScreen
        from pacer.screens.custom_patterns import custom_patterns_of

        pattern = str(self.settings.get("default_pattern") or DEFAULT_PATTERN)
        try:
            minutes = float(self.settings.get("default_minutes") or 5)
        except (TypeError, ValueError):
            minutes = 5.0
        self.push_screen(BreatheScreen(pattern, minutes, custom_patterns_of(self.store)))

    def on_breathe_screen_start(self, message: BreatheScreen.Start) -> None:
        """The chooser replaces itself with the session, so a session always returns to Today."""
        self.begin_session(message.pattern, message.minutes, from_chooser=True)

    def begin_session(self, pattern: Pattern, minutes: float, from_chooser: bool = False) -> None:
        """Start a session, showing the pattern's safety note first if it was never used.

        From the chooser, the chooser is closed only once the session really starts, so Esc on
        the safety note goes back to it.
        """
        seen = list(self.settings.get("seen_patterns") or [])

        def go() -> None:
            if from_chooser:
                self.pop_screen()
            self.open_session(pattern, minutes)

        if not self.first_run_notes or pattern.key in seen:
            go()
            return
        from pacer.screens.welcome import SafetyNoteScreen

        def decided(start: bool | None) -> None:
            if start:
                self.apply_settings({"seen_patterns": [*seen, pattern.key]})
                go()

        self.push_screen(SafetyNoteScreen(pattern), decided)

    def open_session(self, pattern: Pattern, minutes: float, ramp: Ramp | None = None) -> None:
        from audio.settings import SoundSettings
        from pacer.screens.session import SessionScreen

        sound = SoundSettings.from_settings(self.settings, no_sound=not self.sound)
        self.push_screen(
            SessionScreen(
                pattern,
                minutes,
                store=self.store,
                clock=self.clock,
                reduced_motion=self.reduced_motion,
                ramp=ramp,
                wall_clock=self.wall_clock,
                sound=sound,
            )
        )

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

        if not CommandPalette.is_open(self):
            self.push_screen(
                CommandPalette(providers=[PacerCommands], placeholder="What would you like to do?")
            )

    def action_welcome(self) -> None:
        """The first-run welcome; closing it records that it was seen (it stays in help)."""
        from pacer.screens.welcome import WelcomeScreen

        def seen(_: None) -> None:
            if not self.settings.get("welcome_seen"):
                self.apply_settings({"welcome_seen": True})

        self.push_screen(WelcomeScreen(), seen)

    def apply_settings(self, changes: dict[str, Any], *, save: bool = True) -> bool:
        """Save `changes` to settings.json and make them take effect now; False if not saved.

        Theme and reduced motion switch at once; sound and the default pattern are read from
        `self.settings` when the next session or chooser opens. If saving fails the change
        still applies for this run, and a gentle note says why it was not kept.
        `save=False` only applies them: the settings screen saves off the event loop itself.
        """
        from pacer.store import StoreError

        self.settings.update(changes)
        if "theme" in changes and changes["theme"] in self.available_themes:
            self.theme = changes["theme"]
        if "reduced_motion" in changes:
            self.reduced_motion = bool(changes["reduced_motion"])
            self.animation_level = "none" if self.reduced_motion else "full"
        if not save:
            return True
        try:
            self.store.save_settings(changes)
        except StoreError as error:
            self.notify(
                f"This change works for now but could not be saved: {error}",
                severity="warning",
            )
            return False
        return True

    def action_coming_soon(self, key: str) -> None:
        from pacer.screens.dialogs import ComingSoonScreen

        title, about = COMING_SOON.get(key, (key.title(), ""))
        self.push_screen(ComingSoonScreen(title, about))

    def action_help(self) -> None:
        """Help for the screen on top: its live keys, plus how to use Pacer safely."""
        from pacer.screens.help import HelpScreen, screen_keys

        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        title = getattr(screen, "HELP_TITLE", None) or "Pacer"
        about = getattr(screen, "HELP", "") or ""
        self.push_screen(HelpScreen(title, screen_keys(screen), about))

    async def action_quit(self) -> None:
        """Quit now, but first save any session in progress as partial: nothing is lost.

        (Duck-typed rather than isinstance, so quitting never imports the session screen.)
        """
        message: str | None = None
        for screen in self.screen_stack:
            save_partial = getattr(screen, "save_partial", None)
            if save_partial is not None:
                outcome = save_partial()
                if outcome is not None and not outcome.saved:
                    message = f"Pacer could not save this session: {outcome.error}"
        self.exit(message=message)
