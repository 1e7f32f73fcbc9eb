"""Settings (`s`): every choice on one scrolling page, saved to settings.json the moment it
changes.

Why save at once instead of a form with ctrl+s: each setting is one small choice, and people
should see it work straight away (the theme switches live, reduced motion applies at once).
Typed numbers are checked as they are typed; a bad value shows a plain note beside it and is
simply not saved, so nothing half-typed ever reaches the file.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, Select, Static, Switch

from audio.settings import STYLES, parse_volume
from pacer.domain.errors import InputError
from pacer.domain.patterns import BUILTIN, DEFAULT_PATTERN
from pacer.screens.custom_patterns import custom_patterns_of
from pacer.themes import THEME_CHOICES

STYLE_NAMES = {"bowl": "Singing bowl", "chime": "Chime", "tone": "Soft tone"}


def parse_whole(text: str, low: int, high: int, what: str) -> int:
    """A whole number typed into a setting; the error names the value and the range."""
    try:
        value = int(text.strip())
    except ValueError:
        raise InputError(f"'{text}' is not a whole number of {what}") from None
    if not low <= value <= high:
        raise InputError(f"'{text}': choose from {low} to {high} {what}")
    return value


# Typed settings: field -> parser of the text.
TYPED = {
    "default_minutes": lambda text: parse_whole(text, 1, 120, "minutes"),
    "weekly_target_minutes": lambda text: parse_whole(text, 0, 7 * 24 * 60, "minutes"),
    "volume": parse_volume,
}


def on_off(value: bool, about: str | None = "") -> str:
    """ "On" or "Off", with what "on" means when that is not obvious."""
    return f"On: {about}" if value and about else ("On" if value else "Off")


class SettingsScreen(Screen[None]):
    """Default pattern and length, sound, motion, theme, weekly pace, welcome and data folder."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("p", "patterns", "Your patterns", tooltip="Create, edit or delete your patterns"),
        Binding("w", "app.welcome", "Welcome", tooltip="Read the welcome again"),
    ]

    HELP_TITLE = "Settings"
    HELP_KEYS = (("Tab", "Move to the next setting"), ("Space", "Switch on or off"))
    HELP = (
        "Every change is saved at once. Tab moves between settings; Space or Enter "
        "switches or opens a list. Esc goes back."
    )

    def compose(self) -> ComposeResult:
        settings: dict[str, Any] = self.app.settings  # type: ignore[attr-defined]
        store = self.app.store  # type: ignore[attr-defined]
        with VerticalScroll(id="settings"):
            yield Label("Settings", classes="screen-title")
            yield self._row(
                "Pattern",
                Select(
                    self._pattern_options(),
                    value=self._pattern_value(settings),
                    allow_blank=False,
                    compact=True,
                    id="default_pattern",
                ),
            )
            yield self._typed("Minutes", "default_minutes", settings, "minutes per session")
            yield self._typed("Weekly pace", "weekly_target_minutes", settings, "minutes a week")
            yield self._switch("Sound", "sound", bool(settings.get("sound", True)))
            yield self._row(
                "Sound style",
                Select(
                    [(STYLE_NAMES[s], s) for s in STYLES],
                    value=settings.get("sound_style")
                    if settings.get("sound_style") in STYLES
                    else "bowl",
                    allow_blank=False,
                    compact=True,
                    id="sound_style",
                ),
            )
            yield self._typed("Volume", "volume", settings, "0 to 100")
            yield self._switch("Swell", "swell", bool(settings.get("swell")), "cues fade in")
            yield self._switch(
                "Reduced motion",
                "reduced_motion",
                bool(self.app.reduced_motion),  # type: ignore[attr-defined]
                "words only, nothing moves",
            )
            yield self._row(
                "Theme",
                Select(
                    [(label, name) for name, label in THEME_CHOICES],
                    value=self.app.theme if self.app.theme in dict(THEME_CHOICES) else "pacer-dark",
                    allow_blank=False,
                    compact=True,
                    id="theme",
                ),
            )
            with Horizontal(classes="setting-buttons"):
                yield Button("Your patterns (p)", id="patterns-button", compact=True)
                yield Button("Welcome again (w)", id="welcome-button", compact=True)
            yield Static(
                f"Your data folder: {store.root}\n"
                "It stays on this computer. If something looks wrong, run: pacer doctor",
                id="settings-data",
            )
        yield Footer(compact=True)

    # --- building -----------------------------------------------------------------------------

    @staticmethod
    def _row(label: str, widget: Widget, hint: str = "") -> Horizontal:
        parts: list[Widget] = [Label(label, classes="setting-label"), widget]
        if hint:
            parts.append(Label(hint, classes="setting-hint"))
        return Horizontal(*parts, classes="setting")

    def _switch(self, label: str, field: str, value: bool, about: str = "") -> Horizontal:
        """A switch with its state in words too: a monochrome switch (NO_COLOR) is hard to read."""
        state = Label(on_off(value, about), id=f"{field}-state", classes="setting-hint")
        return Horizontal(
            Label(label, classes="setting-label"), Switch(value, id=field), state, classes="setting"
        )

    def _typed(self, label: str, field: str, settings: dict[str, Any], hint: str) -> Widget:
        value = settings.get(field)
        box = Input(
            "" if value is None else str(value),
            compact=True,
            id=field,
            select_on_focus=False,
            restrict=r"\d*",
            max_length=5,
        )
        row = self._row(label, box, hint)
        error = Label("", id=f"{field}-error", classes="setting-error")
        error.display = False
        return Vertical(row, error, classes="setting-group")

    def _pattern_options(self) -> list[tuple[str, str]]:
        custom = custom_patterns_of(self.app.store)  # type: ignore[attr-defined]
        options = [(p.name, key) for key, p in BUILTIN.items()]
        options += [(f"{p.name} (yours)", key) for key, p in custom.items()]
        return options

    def _pattern_value(self, settings: dict[str, Any]) -> str:
        keys = [key for _name, key in self._pattern_options()]
        chosen = str(settings.get("default_pattern") or DEFAULT_PATTERN)
        return chosen if chosen in keys else DEFAULT_PATTERN

    def on_mount(self) -> None:
        self.query_one("#default_pattern", Select).focus()

    def on_screen_resume(self) -> None:
        """Back from "Your patterns": new or renamed patterns appear in the default list."""
        select = self.query_one("#default_pattern", Select)
        settings: dict[str, Any] = self.app.settings  # type: ignore[attr-defined]
        select.set_options(self._pattern_options())
        with self.prevent(Select.Changed):
            select.value = self._pattern_value(settings)

    # --- saving -------------------------------------------------------------------------------

    def _save(self, field: str, value: Any) -> None:
        """Save one setting if it changed (mounting widgets also reports their first value)."""
        settings: dict[str, Any] = self.app.settings  # type: ignore[attr-defined]
        current = self.app.reduced_motion if field == "reduced_motion" else settings.get(field)  # type: ignore[attr-defined]
        if current == value:
            return
        self.app.apply_settings({field: value})  # type: ignore[attr-defined]

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.select.id and event.value is not Select.BLANK:
            self._save(event.select.id, event.value)

    def on_switch_changed(self, event: Switch.Changed) -> None:
        event.stop()
        field = event.switch.id
        if field:
            about = {"swell": "cues fade in", "reduced_motion": "words only, nothing moves"}
            self.query_one(f"#{field}-state", Label).update(on_off(event.value, about.get(field)))
            self._save(field, event.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        field = event.input.id or ""
        if field not in TYPED:
            return
        error = self.query_one(f"#{field}-error", Label)
        try:
            value = TYPED[field](event.value)
        except InputError as problem:
            error.update(f"{problem}. Not saved yet.")
            error.display = True
            return
        error.update("")
        error.display = False
        self._save(field, value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "patterns-button":
            self.action_patterns()
        elif event.button.id == "welcome-button":
            self.app.action_welcome()  # type: ignore[attr-defined]

    # --- actions ------------------------------------------------------------------------------

    def action_patterns(self) -> None:
        from pacer.screens.custom_patterns import CustomPatternsScreen

        self.app.push_screen(CustomPatternsScreen())

    def action_back(self) -> None:
        self.dismiss(None)
