"""The command palette (ctrl+p): every Pacer action in plain words, and nothing else.

Textual's own palette offers themes, screenshots and key panels, which make Pacer less calm,
so the app opens a palette with only this provider. Each command is a sentence a person might
think ("Start 4-7-8 relaxing breath for 5 minutes", "Calm down before my appointment"); actions
are looked up on the app at run time so a screen that is not built yet is simply not offered.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

Command = tuple[str, str, Callable[[], Any]]


def pacer_commands(app: Any) -> list[Command]:
    """(title, help, callback) for everything Pacer can do from anywhere."""
    from pacer.domain.patterns import BUILTIN
    from pacer.domain.text import harmless, plural
    from pacer.themes import THEME_CHOICES

    commands: list[Command] = [
        ("Breathe", "Choose a pattern and how long", app.action_breathe),
        ("Breathless now", "A gentle pace at once, for when breath is short",
         app.action_breathless),
    ]
    try:
        minutes = float(app.settings.get("default_minutes") or 5)
    except (TypeError, ValueError):
        minutes = 5.0
    patterns = [*BUILTIN.values(), *app.services.patterns.custom().values()]
    if app.settings.get("hide_holds"):  # the first-run safety question, or Settings
        patterns = [pattern for pattern in patterns if not pattern.has_holds]
    for pattern in patterns:
        commands.append(
            (
                f"Start {harmless(pattern.name)} for {plural(minutes, 'minute')}",
                f"{pattern.rhythm}, {pattern.pace}" + (", has holds" if pattern.has_holds else ""),
                partial(app.begin_session, pattern, minutes),
            )
        )
    optional = [
        ("Calm down before my appointment", "The calm-down routine", "action_calm"),
        ("Find your pace", "Five slow paces: which feels easiest?", "action_find_pace"),
        ("Reappraise a worry", "A few gentle questions", "action_reappraise"),
        ("Appointments", "Scans, results and other visits", "action_appointments"),
        ("Journal", "What you have written", "action_journal"),
        ("Finish lines", "What all this pacing is for", "action_goals"),
        ("Add a finish line", "Something to look forward to", "action_add_finish_line"),
        ("History", "Your past sessions", "action_history"),
    ]
    for title, about, name in optional:
        action = getattr(app, name, None)
        if action is not None:
            commands.append((title, about, action))
    commands.append(("Save a calendar file of my appointments",
                     "Every upcoming one, with reminders, for your phone or computer calendar",
                     partial(_offer_calendar, app)))
    commands += [
        ("Check in on how the week went", "Distress this week, and your battery today",
         partial(_check_in, app)),
        ("Ask about my battery each day: on or off", "A 0 to 10 question on Today",
         partial(_toggle_battery, app)),
        ("Sound on or off", "For the next session", app.action_toggle_sound),
        ("Reduced motion on or off", "Words only, nothing moves", app.action_toggle_motion),
        *(
            (f"Theme: {label}", "Change how Pacer looks", lambda n=name: app.set_theme(n))
            for name, label in THEME_CHOICES
        ),
        ("Settings", "Defaults, sound, theme and more", app.action_settings),
        ("Your patterns", "Create, edit or delete your own patterns", app.action_patterns),
        ("Show the welcome again", "What Pacer is for, and safety notes", app.action_welcome),
        ("Help", "Keys for this screen and safety notes", app.action_help),
        ("Quit", "Anything in progress is saved first", app.action_quit),
    ]
    return commands


def _check_in(app: Any) -> None:
    """The weekly check-in, from anywhere (Today also has it on its own key)."""
    from pacer.screens.check_in import CheckInScreen

    app.push_screen(CheckInScreen())


def _toggle_battery(app: Any) -> None:
    """Turn the daily battery question on Today on or off."""
    asking = not bool(app.settings.get("ask_energy"))
    if app.apply_settings({"ask_energy": asking}):
        app.notify("Today will ask about your battery each day." if asking
                   else "Today will not ask about your battery.", markup=False)


def _offer_calendar(app: Any) -> None:
    """The calendar file, from the palette (the screen module loads only when asked)."""
    from pacer.screens.visit_sheet import offer_calendar

    offer_calendar(app)


class PacerCommands(Provider):
    """Pacer's actions for the palette; empty input lists them all."""

    def _commands(self) -> list[Command]:
        return pacer_commands(self.app)

    async def discover(self) -> Hits:
        for title, about, callback in self._commands():
            # Content, not a str: a pattern's name is never read as markup.
            yield DiscoveryHit(Content(title), callback, text=title, help=about)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, about, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=about)
