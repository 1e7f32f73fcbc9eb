"""Choose how to breathe: a pattern and a length, then Enter starts.

Keyboard only, and with as few focus changes as possible: up/down picks the pattern, left/right
picks the length from anywhere on the screen, typing a number jumps to "Other" minutes, and Enter
starts wherever focus is. Typed minutes are checked by the domain's `parse_minutes`, whose message
(naming the value) is shown inline.

The length can be counted in breaths instead ("Count in", reached with tab): a pattern whose
suggestion is a number of breaths (4-7-8: "4 breaths, twice a day") is offered in breaths, with
its own number chosen, until the person picks a unit themselves; then that unit stays.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from pacer.domain.custom_patterns import patterns_from_records
from pacer.domain.length import parse_breaths, suggested_breaths
from pacer.domain.patterns import (
    BUILTIN,
    DEFAULT_PATTERN,
    Pattern,
    PatternError,
    notes_for,
    parse_minutes,
)
from pacer.domain.text import harmless
from pacer.domain.timeline import Timeline
from pacer.keymap import bind, display
from pacer.screens.host import host
from pacer.widgets.choice_list import ChoiceList
from pacer.widgets.duration_chooser import DurationChooser, Unit, UnitToggle

#: Under the list when the patterns with holds are hidden.
HOLDS_HIDDEN = "Patterns with breath holds are hidden. Settings can show them."

#: Beside the "Find your pace" button.
FIND_PACE_NOTE = "Five slow paces, to find the one that feels easiest."

NAME_WIDTH = 24
RHYTHM_WIDTH = 12
PACE_WIDTH = 16


#: Below this many columns a pattern's row leaves out its pace (the session title shows it),
#: so the mark for holds still fits on a 40-column terminal.
NARROW_BELOW = 80


def pattern_row(pattern: Pattern, *, narrow: bool = False) -> Text:
    """One line of the pattern list: name, rhythm, pace, and a plain mark when it has holds.

    A pattern of your own is named by you (in a file anyone can edit): its name is made
    harmless, and a Text is never read as markup. ``narrow`` (under 80 columns): name, rhythm
    and "holds", which is safety information and must not be cut off.
    """
    row = Text(no_wrap=True, overflow="ellipsis")
    row.append(harmless(pattern.name).ljust(NAME_WIDTH))
    if narrow:
        row.append(pattern.rhythm, style="bold")
        if pattern.has_holds:
            row.append(" holds", style="italic")
        return row
    row.append(pattern.rhythm.ljust(RHYTHM_WIDTH), style="bold")
    row.append(pattern.pace.ljust(PACE_WIDTH), style="dim")
    if pattern.has_holds:
        row.append("has holds", style="italic")
    return row


def pattern_details(pattern: Pattern) -> Text:
    """The description, suggested length and safety note of the highlighted pattern, and any
    library note about it (rectangle breathing is a way to see a long out-breath)."""
    lines = [harmless(pattern.description)]
    if pattern.suggested:
        lines.append(f"Suggested: {harmless(pattern.suggested)}.")
    lines += [f"{note.title}: {note.text}" for note in notes_for(pattern)]
    return Text("\n".join(lines))


def problems_line(problems: list[str]) -> Text:
    """One note under the list when some of your patterns could not be used (never silent)."""
    if not problems:
        return Text("")
    first = harmless(problems[0])
    more = f" (and {len(problems) - 1} more; pacer doctor lists them)" if len(problems) > 1 else ""
    return Text(f"Not listed: {first}{more}", no_wrap=True, overflow="ellipsis")


class BreatheScreen(Screen[None]):
    """Pick a pattern (up/down) and a length (left/right or type minutes); Enter starts."""

    DEFAULT_CSS = """
    BreatheScreen #patterns-problem {
        color: $warning;
        height: 1;
        padding: 0 1;
    }
    BreatheScreen #find-pace-row {
        height: auto;
        padding: 0 1;
    }
    BreatheScreen #find-pace-note {
        width: 1fr;
        padding: 0 1;
        color: $text-muted;
    }
    BreatheScreen #holds-hidden {
        color: $text-muted;
        height: 1;
        padding: 0 1;
    }
    BreatheScreen #unit-row {
        height: 1;
    }
    BreatheScreen #unit-row > .section {
        width: 10;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("start", priority=True),
        bind("shorter", show=False),
        bind("longer", show=False),
        bind("back"),
    ]

    HELP_TITLE = "Breathe"
    HELP_KEYS = (
        ("↑ ↓", "Choose a pattern"),
        ("← →", "Choose how long"),
        ("0-9", "Type your own number of minutes"),
        ("tab", "Count in minutes or in breaths (then ← →)"),
    )
    HELP = (
        "Up and down choose a pattern. Left and right choose how long. "
        f"Type a number for your own length. {display('start')} starts. "
        "To count the length in breaths, tab to Count in and press right."
    )

    class Start(Message):
        """The person chose a pattern and a length and pressed Enter. Counted in breaths,
        `breaths` is the number and `minutes` about how long they take."""

        def __init__(self, pattern: Pattern, minutes: float, breaths: int | None = None) -> None:
            super().__init__()
            self.pattern = pattern
            self.minutes = minutes
            self.breaths = breaths

    def __init__(
        self,
        default_pattern: str = DEFAULT_PATTERN,
        default_minutes: float = 5,
        custom: dict[str, Pattern] | None = None,
    ) -> None:
        """`custom` are the person's own patterns, listed after the built-ins (None: read them
        from the app's services when the screen is built)."""
        super().__init__()
        self._custom = custom
        self._default = default_pattern
        self.patterns: list[Pattern] = list(BUILTIN.values())
        self._first = 0
        self._minutes = default_minutes
        self.problems: list[str] = []
        self.holds_hidden = False
        self._narrow = False
        #: The person picked the unit (minutes or breaths): it no longer follows the pattern.
        self._unit_chosen = False
        #: What was typed in the box for each unit, kept while the other unit is shown.
        self._typed: dict[Unit, str] = {"minutes": "", "breaths": ""}

    def _read_patterns(self) -> None:
        """Built-ins, then yours; any of yours that cannot be used is reported below the list."""
        listing = host(self).services.patterns.listing()
        self.problems = listing.problems
        custom = self._custom
        if custom is None:
            custom = patterns_from_records(listing.items)
        self.patterns = [*BUILTIN.values(), *custom.values()]
        #: Patterns with breath holds are left out (the first-run safety question, Settings).
        self.holds_hidden = bool(host(self).settings.get("hide_holds"))
        if self.holds_hidden:
            self.patterns = [pattern for pattern in self.patterns if not pattern.has_holds]
        keys = [pattern.key for pattern in self.patterns]
        self._first = keys.index(self._default) if self._default in keys else 0

    def compose(self) -> ComposeResult:
        self._read_patterns()
        # Scrolls when a small terminal cannot hold it all; focus scrolls into view.
        with VerticalScroll(id="breathe", can_focus=False):
            yield Label("Breathe", classes="screen-title")
            yield Label("Choose a pattern", classes="section")
            yield ChoiceList(
                *(Option(pattern_row(p), id=p.key) for p in self.patterns), id="patterns"
            )
            problems = Static(problems_line(self.problems), id="patterns-problem")
            problems.display = bool(self.problems)
            yield problems
            hidden = Static(HOLDS_HIDDEN, id="holds-hidden")
            hidden.display = self.holds_hidden
            yield hidden
            yield Static("", id="pattern-details")
            yield Static("", id="pattern-safety")
            with Horizontal(id="length-row"):
                yield Label("How long", classes="section")
                yield DurationChooser(self._minutes, id="length")
                yield Input(
                    value="" if self._minutes in (1, 3, 5, 10, 20) else f"{self._minutes:g}",
                    placeholder="minutes",
                    id="custom-minutes",
                    select_on_focus=False,
                )
            with Horizontal(id="unit-row"):
                yield Label("Count in", classes="section")
                yield UnitToggle(id="unit")
            error = Label("", id="length-error")
            error.display = False
            yield error
            # Find your pace (issue 13): a button, since no letter key is free.
            with Horizontal(id="find-pace-row"):
                yield Button("Find your pace", id="find-pace", compact=True)
                yield Static(FIND_PACE_NOTE, id="find-pace-note")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        options = self.query_one("#patterns", OptionList)
        options.highlighted = self._first
        options.focus()
        self._show_details(self.patterns[self._first])
        self._follow_pattern(self.patterns[self._first])
        self._sync_custom()

    def on_resize(self, event: events.Resize) -> None:
        """Under 80 columns the rows are the short kind (see :func:`pattern_row`)."""
        narrow = event.size.width < NARROW_BELOW
        if narrow == self._narrow:
            return
        self._narrow = narrow
        options = self.query_one("#patterns", OptionList)
        for index, pattern in enumerate(self.patterns):
            options.replace_option_prompt_at_index(index, pattern_row(pattern, narrow=narrow))

    # --- what is chosen ---------------------------------------------------------------------

    @property
    def pattern(self) -> Pattern:
        options = self.query_one("#patterns", OptionList)
        index = options.highlighted if options.highlighted is not None else self._first
        return self.patterns[index]

    def minutes(self) -> float:
        """The chosen length; raises PatternError (naming the typed value) when it is unusable.

        Counted in breaths: about how long the chosen breaths of this pattern take."""
        chooser = self.query_one("#length", DurationChooser)
        if chooser.unit == "breaths":
            return self.length()[0]
        chosen = chooser.value
        if chosen is not None:
            return chosen
        typed = self.query_one("#custom-minutes", Input).value.strip()
        if not typed:
            raise PatternError("Type how many minutes you would like, for example 7")
        return parse_minutes(typed)

    def length(self) -> tuple[float, int | None]:
        """(minutes, breaths): breaths is None when the length is in minutes. Raises
        PatternError naming the value when it is unusable (too many slow breaths too)."""
        chooser = self.query_one("#length", DurationChooser)
        if chooser.unit == "minutes":
            return self.minutes(), None
        chosen = chooser.value
        if chosen is not None:
            breaths = int(chosen)
        else:
            typed = self.query_one("#custom-minutes", Input).value
            if not typed.strip():
                raise PatternError("Type how many breaths you would like, for example 4")
            breaths = parse_breaths(typed)
        return Timeline.for_breaths(self.pattern, breaths).duration / 60, breaths

    def _follow_pattern(self, pattern: Pattern) -> None:
        """Until the person picks a unit, a pattern counted in breaths is offered in breaths
        (its own number chosen) and any other in minutes (the minutes as they were)."""
        if self._unit_chosen:
            return
        suggested = suggested_breaths(pattern)
        chooser = self.query_one("#length", DurationChooser)
        if suggested is None:
            self._switch_unit("minutes")
        elif chooser.unit != "breaths" or chooser.value != suggested:
            self._switch_unit("breaths", suggested, keep=False)

    def _switch_unit(self, unit: Unit, value: float | None = None, *, keep: bool = True) -> None:
        """Show lengths in `unit`; the typed box keeps what was typed for each unit."""
        chooser = self.query_one("#length", DurationChooser)
        custom = self.query_one("#custom-minutes", Input)
        self.query_one("#unit", UnitToggle).show_unit(unit)
        if chooser.unit != unit:
            self._typed[chooser.unit] = custom.value
            custom.value = self._typed[unit]
            custom.placeholder = unit
        chooser.set_unit(unit, value, keep=keep)
        if value is not None and not keep and chooser.value is None:
            custom.value = f"{value:g}"  # a suggestion that is not one of the chips
        self._sync_custom()

    def _show_details(self, pattern: Pattern) -> None:
        self.query_one("#pattern-details", Static).update(pattern_details(pattern))
        safety = self.query_one("#pattern-safety", Static)
        safety.update(Text(harmless(pattern.safety)))
        safety.set_class(pattern.has_holds, "-holds")

    def _sync_custom(self) -> None:
        """The typed-minutes box only matters, and only takes focus, when "Other" is chosen."""
        other = self.query_one("#length", DurationChooser).value is None
        custom = self.query_one("#custom-minutes", Input)
        custom.set_class(not other, "-unused")
        custom.can_focus = other

    def _error(self, text: str) -> None:
        # The message may quote what was typed: shown as text, never read as markup. With no
        # message it takes no line (a 40x12 terminal has none to spare).
        error = self.query_one("#length-error", Label)
        error.update(Text(harmless(text)))
        error.display = bool(text)

    # --- events -----------------------------------------------------------------------------

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_details(self.patterns[event.option_index])
        self._follow_pattern(self.patterns[event.option_index])
        self._error("")

    def on_unit_toggle_changed(self, event: UnitToggle.Changed) -> None:
        """The person picked the unit: from now on it stays, whatever the pattern."""
        event.stop()
        self._unit_chosen = True
        self._error("")
        self._switch_unit(event.unit)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_start()

    def on_duration_chooser_changed(self, event: DurationChooser.Changed) -> None:
        self._error("")
        self._sync_custom()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._error("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    def on_key(self, event: events.Key) -> None:
        """Typing a digit anywhere jumps to "Other" minutes with that digit typed."""
        custom = self.query_one("#custom-minutes", Input)
        if event.character and event.character.isdigit() and self.focused is not custom:
            event.stop()
            event.prevent_default()
            self.query_one("#length", DurationChooser).select(None)
            self._sync_custom()
            custom.value = event.character
            custom.cursor_position = len(custom.value)
            custom.focus()

    # --- actions ----------------------------------------------------------------------------

    def action_length(self, step: int) -> None:
        """Left/right change the length even while the pattern list has focus."""
        self.query_one("#length", DurationChooser).action_move(step)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "find-pace":
            event.stop()
            self._find_pace()

    def _find_pace(self) -> None:
        """Leave the chooser for the sweep (it ends on Today, where Breathe shows the result)."""
        from pacer.screens.find_pace import open_find_pace

        app = self.app
        self.dismiss(None)
        open_find_pace(app)

    def action_start(self) -> None:
        """Enter starts the highlighted pattern (on the "Find your pace" button: the sweep)."""
        focused = self.focused
        if isinstance(focused, Button) and focused.id == "find-pace":
            self._find_pace()
            return
        try:
            minutes, breaths = self.length()
        except PatternError as error:
            self._error(f"{error}.")
            custom = self.query_one("#custom-minutes", Input)
            if custom.can_focus:
                custom.focus()
            return
        self.post_message(self.Start(self.pattern, minutes, breaths))

    def action_back(self) -> None:
        self.dismiss(None)
