"""Settings (`s`): every choice on one scrolling page, each saved as soon as it is finished.

Why save at once instead of a form with ctrl+s: each setting is one small choice, and people
should see it work straight away (the theme switches live, reduced motion applies at once).

Three rules keep settings.json honest:

* Only a change made by the person is saved. Opening the page, coming back to it from "Your
  patterns" or the welcome, or a widget reporting its first value saves nothing, and a saved
  value this version does not list (a pattern of your own that is gone, a theme from a later
  Pacer) is shown as it is ("my-evening (not found)") rather than replaced.
* A typed number is saved only when it is finished (Enter, or leaving the field) and valid;
  "150" is never saved as "15" on the way. Its range is the one in
  :mod:`pacer.domain.records`, checked by the settings service, and an out-of-range value
  gets a one-line note naming the value and the range.
* The write runs off the event loop, and "Saved." appears only once it has returned.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, Select, Static, Switch, TextArea

from pacer.domain.patterns import BUILTIN, DEFAULT_PATTERN
from pacer.domain.records import PLEASANT_LIMIT, TITLE_LIMIT
from pacer.domain.text import harmless
from pacer.keymap import bind, display
from pacer.screens.confirm import ConfirmModal
from pacer.screens.host import host, wall_now
from pacer.services.base import SaveError
from pacer.services.settings import SettingsService, range_of
from pacer.themes import THEME_CHOICES
from pacer.widgets.choice_select import ChoiceSelect
from pacer_audio.settings import STYLES

STYLE_NAMES = {"bowl": "Singing bowl", "chime": "Chime", "tone": "Soft tone"}

#: The typed settings on this page.
TYPED = ("default_minutes", "weekly_target_minutes", "volume", "settle_in_seconds")

SWITCH_ABOUT = {
    "swell": "each sound starts softly",
    "reduced_motion": "words only, nothing moves",
    "ask_stress_before": "asks 0-10 before you breathe",
    "hide_holds": "patterns with breath holds are hidden",
}


#: After the name of a pattern with breath holds, in words (not by colour).
HOLDS_MARK = " · has holds"
#: Under the pattern list when the default has holds but holds are hidden.
HOLDS_KEPT = (
    "This pattern has breath holds, which you chose to hide. Breathe will start on one "
    "without holds. Pick another here, or switch Hide holds off."
)


#: The draft kind of the pleasant list typed and not saved yet (no target: there is one list).
PLEASANT_DRAFT = "pleasant"


def pleasant_lines(text: str) -> list[str]:
    """The pleasant list as typed: one per line, spaces trimmed, empty lines left out."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def pleasant_problem(things: list[str]) -> str | None:
    """Why this list cannot be kept, in plain words (the limits of the records), or None."""
    if len(things) > PLEASANT_LIMIT:
        return (f"Pacer keeps up to {PLEASANT_LIMIT} pleasant things; this list has "
                f"{len(things)}. Nothing was saved.")
    for number, thing in enumerate(things, start=1):
        if len(thing) > TITLE_LIMIT:
            return (f"Line {number} is longer than {TITLE_LIMIT} characters; a few words are "
                    "enough. Nothing was saved.")
    return None


def on_off(value: bool, about: str | None = "") -> str:
    """ "On" or "Off", with what "on" means when that is not obvious."""
    return f"On: {about}" if value and about else ("On" if value else "Off")


def not_found(value: object) -> Text:
    """A saved choice this version does not list, shown as it is (never replaced)."""
    return Text(f"{harmless(value)} (not found)")


class SettingsScreen(Screen[None]):
    """Default pattern and length, sound, motion, theme, weekly pace, welcome and data folder."""

    DEFAULT_CSS = """
    SettingsScreen .setting-note {
        color: $text-muted;
        padding: 0 1;
        margin-left: 16;
        height: auto;
    }
    SettingsScreen .setting-note.-problem {
        color: $warning;
    }
    SettingsScreen.-narrow .setting-note {
        margin-left: 15;
    }
    SettingsScreen #pleasant-group {
        height: auto;
        margin-top: 1;
    }
    SettingsScreen #pleasant-title {
        padding: 0 1;
    }
    SettingsScreen #pleasant-about {
        color: $text-muted;
        padding: 0 1;
    }
    SettingsScreen #pleasant_things {
        height: 4;
        margin: 0 1;
        background: $surface;
    }
    SettingsScreen #pleasant_things:focus {
        background: $panel;
    }
    SettingsScreen #pleasant_things-note {
        margin-left: 0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("back"),
        bind("patterns"),
        bind("welcome"),
    ]

    HELP_TITLE = "Settings"
    HELP_KEYS = (("tab", "Move to the next setting"), ("space", "Switch on or off"))
    HELP = (
        "Every change is saved at once; a typed number when you press enter or move on. "
        f"tab moves between settings; space or enter switches or opens a list. {display('back')} "
        "goes back."
    )

    def __init__(self) -> None:
        super().__init__()
        #: What each setting shows now: a widget reporting this value is not a change.
        self.shown: dict[str, Any] = {}
        self._writing = asyncio.Lock()
        self.motion_forced = False
        #: The keys of the patterns with breath holds (filled with the pattern list).
        self._holds: set[str] = set()

    def compose(self) -> ComposeResult:
        app = host(self)
        settings = app.settings
        self.shown = {
            name: settings.get(name)
            for name in (
                "default_pattern", "sound", "sound_style", "swell", "theme", "ask_stress_before",
                "hide_holds", *TYPED,
            )
        }
        self.shown["reduced_motion"] = bool(app.reduced_motion)
        things = settings.get("pleasant_things")
        self.shown["pleasant_things"] = [str(t) for t in things] if isinstance(things, list) else []
        #: Motion is off because the terminal asked (TEXTUAL_ANIMATIONS=none), not the setting.
        self.motion_forced = app.reduced_motion and not settings.get("reduced_motion")
        pattern = str(self.shown["default_pattern"] or DEFAULT_PATTERN)
        self.shown["default_pattern"] = pattern
        theme = str(self.shown["theme"] or "pacer-dark")
        self.shown["theme"] = theme
        style = self.shown["sound_style"] if self.shown["sound_style"] in STYLES else "bowl"
        self.shown["sound_style"] = style
        with VerticalScroll(id="settings"):
            yield Label("Settings", classes="screen-title")
            yield self._group(
                "default_pattern",
                self._row(
                    "Pattern",
                    ChoiceSelect(
                        self._pattern_options(pattern),
                        value=pattern,
                        allow_blank=False,
                        compact=True,
                        id="default_pattern",
                    ),
                ),
            )
            kept = Label(HOLDS_KEPT, id="default_pattern-holds", classes="setting-note")
            kept.display = bool(self.shown["hide_holds"]) and pattern in self._holds
            yield kept
            yield self._typed("Minutes", "default_minutes", "minutes per session")
            yield self._typed("Weekly pace", "weekly_target_minutes", "minutes a week")
            yield self._switch("Stress first", "ask_stress_before")
            yield self._switch("Hide holds", "hide_holds")
            # After the questions before a session: the last thing before the first breath.
            yield self._typed("Settle in", "settle_in_seconds", "seconds (0 is off)")
            yield self._switch("Sound", "sound")
            yield self._group(
                "sound_style",
                self._row(
                    "Sound style",
                    ChoiceSelect(
                        [(STYLE_NAMES[s], s) for s in STYLES],
                        value=style,
                        allow_blank=False,
                        compact=True,
                        id="sound_style",
                    ),
                ),
            )
            yield self._typed("Volume", "volume", "0 to 100")
            yield self._switch("Fade in", "swell")
            yield self._switch("Reduced motion", "reduced_motion")
            yield self._group(
                "theme",
                self._row(
                    "Theme",
                    ChoiceSelect(
                        self._theme_options(theme),
                        value=theme,
                        allow_blank=False,
                        compact=True,
                        id="theme",
                    ),
                ),
            )
            yield self._pleasant()
            with Horizontal(classes="setting-buttons"):
                yield Button("Your patterns (p)", id="patterns-button", compact=True)
                yield Button("Welcome again (w)", id="welcome-button", compact=True)
            yield Static(
                Text(
                    f"Your data folder: {harmless(app.services.folder)}\n"
                    "It stays on this computer. If something looks wrong, run: pacer doctor"
                ),
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

    @staticmethod
    def _group(field: str, row: Widget) -> Vertical:
        """A setting and its note line ("Saved.", or why not), hidden until there is one."""
        note = Label("", id=f"{field}-note", classes="setting-note")
        note.display = False
        return Vertical(row, note, classes="setting-group")

    def _switch(self, label: str, field: str) -> Vertical:
        """A switch with its state in words too: a monochrome switch (NO_COLOR) is hard to read."""
        value = bool(self.shown[field])
        self.shown[field] = value
        state = Label(on_off(value, self._about(field)), id=f"{field}-state",
                      classes="setting-hint")
        row = Horizontal(
            Label(label, classes="setting-label"), Switch(value, id=field), state, classes="setting"
        )
        return self._group(field, row)

    def _about(self, field: str) -> str:
        """What "On" means for a switch; for motion switched off by the terminal, why."""
        if field == "reduced_motion" and self.motion_forced:
            return "TEXTUAL_ANIMATIONS=none is set for this terminal"
        return SWITCH_ABOUT.get(field, "")

    def _typed(self, label: str, field: str, hint: str) -> Vertical:
        value = self.shown.get(field)
        box = Input(
            "" if value is None else str(value),
            compact=True,
            id=field,
            select_on_focus=False,
            restrict=r"\d*",
            max_length=5,
        )
        return self._group(field, self._row(label, box, hint))

    def _pleasant(self) -> Vertical:
        """Pleasant things for a wait: one per line, saved when the box is left."""
        note = Label("", id="pleasant_things-note", classes="setting-note")
        note.display = False
        return Vertical(
            Label("Pleasant things for a wait", id="pleasant-title", classes="setting-label"),
            Label("One per line, like a walk or call Sam. While you wait for results, Today "
                  "offers one each day. Saved when you leave the box.", id="pleasant-about"),
            TextArea("\n".join(harmless(t) for t in self.shown["pleasant_things"]),
                     id="pleasant_things", compact=True, show_line_numbers=False,
                     tab_behavior="focus", highlight_cursor_line=False),
            note,
            id="pleasant-group",
        )

    def _typed_pleasant(self) -> list[str] | None:
        """The list in the box, or None when it is what was shown (shown made harmless: a
        list left as it was is not saved again as shown)."""
        boxes = list(self.query("#pleasant_things").results(TextArea))
        if not boxes:
            return None
        things = pleasant_lines(boxes[0].text)
        shown = [harmless(t) for t in self.shown["pleasant_things"]]
        return None if things == shown else things

    def _finish_pleasant(self) -> None:
        """The box was left: save the list if it changed and fits."""
        things = self._typed_pleasant()
        if things is None:
            return
        problem = pleasant_problem(things) or host(self).services.settings.check(
            {"pleasant_things": things})
        if problem is not None:
            self._note("pleasant_things", problem, problem=True)
            return
        self._note("pleasant_things")
        self._changed("pleasant_things", things)

    def _offer_pleasant_draft(self) -> None:
        """A list typed last time and not saved (a quit, a closed window): put it back?"""
        draft = host(self).services.drafts.find(PLEASANT_DRAFT, None)
        fields = (draft or {}).get("fields")
        text = fields.get("text") if isinstance(fields, dict) else None
        if not isinstance(text, str) or pleasant_lines(text) == self.shown["pleasant_things"]:
            return

        def answered(restore: bool | None) -> None:
            if restore:
                box = self.query_one("#pleasant_things", TextArea)
                box.text = text
                box.focus()
                box.move_cursor(box.document.end)
            else:
                self.app.run_worker(self._drop_pleasant_draft(), group="settings-save")

        self.app.push_screen(
            ConfirmModal("Your pleasant things from last time",
                         "You typed a list of pleasant things that was not saved. "
                         "Put it back?", "Put it back", no="Discard", yes_first=True),
            answered,
        )

    async def _drop_pleasant_draft(self) -> None:
        """After the list was saved or the draft discarded. A draft that cannot be dropped is
        only offered again next time: nothing is lost."""
        drafts = host(self).services.drafts
        try:
            await asyncio.to_thread(drafts.drop, PLEASANT_DRAFT, None)
        except SaveError:
            return

    def _pattern_options(self, chosen: str) -> list[tuple[str | Text, str]]:
        """Built-in patterns, then yours, then the saved choice if neither lists it.

        A pattern with breath holds says so in words, as on Breathe. With "Hide holds" on
        they are left out, as Breathe and the palette leave them out, except the saved
        default itself: it stays readable (never silently replaced), with a note under it.
        """
        hide = bool(self.shown.get("hide_holds"))
        patterns = {**BUILTIN, **host(self).services.patterns.custom()}
        self._holds = {key for key, p in patterns.items() if p.has_holds}
        options: list[tuple[str | Text, str]] = []
        for key, p in patterns.items():
            if hide and p.has_holds and key != chosen:
                continue
            mark = HOLDS_MARK if p.has_holds else ""
            if key in BUILTIN:  # Pacer's own names: plain words, no markup in them
                options.append((f"{p.name}{mark}", key))
            else:
                options.append((Text(f"{harmless(p.name)} (yours){mark}"), key))
        if chosen not in patterns:
            options.append((not_found(chosen), chosen))
        return options

    def _show_holds_note(self) -> None:
        """Say why a default with holds is still listed while holds are hidden."""
        notes = self.query("#default_pattern-holds").results(Label)
        note = next(notes, None)
        if note is None:
            return
        chosen = str(self.shown.get("default_pattern") or "")
        note.display = bool(self.shown.get("hide_holds")) and chosen in self._holds

    @staticmethod
    def _theme_options(chosen: str) -> list[tuple[str | Text, str]]:
        options: list[tuple[str | Text, str]] = [(label, name) for name, label in THEME_CHOICES]
        if chosen not in dict(THEME_CHOICES):
            options.append((not_found(chosen), chosen))
        return options

    def on_mount(self) -> None:
        self.query_one("#default_pattern", Select).focus()
        self._offer_pleasant_draft()

    def on_screen_resume(self) -> None:
        """Back from "Your patterns": new or renamed patterns appear in the default list."""
        self._refill_patterns()

    def _refill_patterns(self) -> None:
        """Build the default-pattern list again (new patterns, or Hide holds switched).

        Refilling the list is not a choice by the person, so it saves nothing: the list keeps
        showing what was chosen (or "not found", if that pattern was deleted meanwhile).
        """
        select = self.query_one("#default_pattern", Select)
        chosen = str(self.shown["default_pattern"])
        with self.prevent(Select.Changed):
            select.set_options(self._pattern_options(chosen))
            select.value = chosen
        self._show_holds_note()

    # --- saving -------------------------------------------------------------------------------

    def _note(self, field: str, text: str = "", *, problem: bool = False) -> None:
        # The write may return after the page was left (its note is gone): nothing to say then.
        notes = self.query(f"#{field}-note").results(Label)
        note = next(notes, None)
        if note is None:
            return
        note.update(Text(text))
        note.set_class(problem, "-problem")
        note.display = bool(text)

    def _changed(self, field: str, value: Any) -> None:
        """A widget reports a value: save it only if it differs from what was shown."""
        if field not in self.shown or self.shown[field] == value:
            return
        self.shown[field] = value
        if field == "hide_holds":
            self._refill_patterns()
        elif field == "default_pattern":
            self._show_holds_note()
        changes = {field: value}
        app = host(self)
        app.apply_settings(changes, save=False)  # live at once: the theme, reduced motion
        # The app's worker, not the screen's: leaving the page must not cancel the write.
        self.app.run_worker(self._write(app.services.settings, changes), group="settings-save")

    async def _write(self, service: SettingsService, changes: dict[str, Any]) -> None:
        """Save off the event loop, in the order the changes were made; then say so."""
        (field,) = changes
        async with self._writing:
            try:
                await asyncio.to_thread(service.change, changes)
            except SaveError as error:
                self._note(field, f"This works for now but was not saved: {error}", problem=True)
                return
        self._note(field, "Saved.")
        if field == "pleasant_things":
            await self._drop_pleasant_draft()

    def _finish(self, box: Input) -> None:
        """A typed number is finished (Enter, or focus moved on): save it if it is valid."""
        field = box.id or ""
        if field not in TYPED:
            return
        text = box.value.strip()
        if not text.isdigit():
            span = range_of(field)
            words = f" from {span[0]:g} to {span[1]:g}" if span else ""
            self._note(field, f"Type a whole number{words}. Nothing was saved.", problem=True)
            return
        value = int(text)
        if value == self.shown.get(field):
            self._note(field)
            return
        problem = host(self).services.settings.check({field: value})
        if problem is not None:
            sentence = f"{problem[:1].upper()}{problem[1:]}, so it was not saved."
            self._note(field, sentence, problem=True)
            return
        self._note(field)
        self._changed(field, value)

    # --- KeepsWords: a number still being typed when the app is left -------------------------

    def _unfinished(self) -> tuple[str, int] | None:
        """The valid, changed number in the focused field that is not saved yet, if any."""
        box = self.focused
        if not isinstance(box, Input) or box.id not in TYPED:
            return None
        text = box.value.strip()
        if not text.isdigit() or int(text) == self.shown.get(box.id):
            return None
        if host(self).services.settings.check({box.id: int(text)}) is not None:
            return None
        return box.id, int(text)

    def has_unsaved_words(self) -> bool:
        """ctrl+q or a closed window with "33" typed in Volume: leaving would lose the 33;
        likewise a pleasant list typed and not saved yet."""
        return self._unfinished() is not None or self._typed_pleasant() is not None

    def keep_draft(self) -> None:
        """Save that number now (synchronous: after a signal there is no loop), and keep a
        pleasant list being typed as the ``pleasant`` draft; never raises."""
        try:
            if self._typed_pleasant() is not None:
                text = self.query_one("#pleasant_things", TextArea).text
                host(self).services.drafts.keep(PLEASANT_DRAFT, None, {"text": text},
                                                wall_now(self))
        except Exception:  # the way out must never fail because a draft could not be kept
            pass
        unfinished = self._unfinished()
        if unfinished is None:
            return
        field, value = unfinished
        try:
            host(self).services.settings.change({field: value})
        except SaveError:
            return  # nothing more can be done on the way out
        self.shown[field] = value

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.select.id and event.value is not Select.BLANK:
            self._changed(event.select.id, event.value)

    def on_switch_changed(self, event: Switch.Changed) -> None:
        event.stop()
        field = event.switch.id
        if field:
            if field == "reduced_motion":
                self.motion_forced = False  # the person chose now
            self.query_one(f"#{field}-state", Label).update(
                on_off(event.value, self._about(field))
            )
            self._changed(field, event.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Typing is not finished yet: nothing is saved, an old note goes away."""
        event.stop()
        if event.input.id in TYPED:
            self._note(event.input.id or "")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._finish(event.input)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, Input):
            self._finish(event.widget)
        elif event.widget.id == "pleasant_things":
            self._finish_pleasant()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """Typing is not finished yet: nothing is saved, an old note goes away."""
        event.stop()
        self._note("pleasant_things")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "patterns-button":
            self.action_patterns()
        elif event.button.id == "welcome-button":
            host(self).action_welcome()

    # --- actions ------------------------------------------------------------------------------

    def action_patterns(self) -> None:
        from pacer.screens.custom_patterns import CustomPatternsScreen

        self.app.push_screen(CustomPatternsScreen())

    def action_back(self) -> None:
        """Leaving the page finishes a number still being typed (saved if it is valid)."""
        focused = self.focused
        if isinstance(focused, Input):
            self._finish(focused)
        self._finish_pleasant()
        self.dismiss(None)
