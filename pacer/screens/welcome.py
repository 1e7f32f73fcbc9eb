"""The first-run welcome, and the safety note shown before a pattern's first use.

Both are short on purpose: someone opening Pacer may be anxious or tired, so they get what it is
for, that it is not medical advice, where new symptoms go, and how to breathe safely, in words a
twelve-year-old can read. The app records that they were seen (settings `welcome_seen` and
`seen_patterns`); these screens never touch the store themselves.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from pacer.domain.patterns import Pattern
from pacer.keymap import KEYS, TODAY_KEYS, bind, display
from pacer.screens.dialogs import DIALOG_CSS

WELCOME_TITLE = "Welcome to Pacer"

WELCOME_TEXT = (
    "Pacer helps you find a steady pace: slow breathing, a calmer look at worries, "
    "and finish lines to look forward to.\n\n"
    "Pacer is a self-care tool, not medical advice, diagnosis or treatment.\n\n"
    "New or worse symptoms (breathlessness, chest pain, fever): contact your care team now. "
    "Don't wait for an exercise to fix them."
)

#: Above a pattern's own note when it has holds (the note itself says they are optional).
HOLDS_LINE = "This pattern has breath holds."

BREATHING_SAFETY = (
    "Slow, not big. Dizzy, tingly or more anxious? Stop and breathe normally.\n"
    "Breath holds are optional. Skip them if they feel wrong.\n"
    "Sit or lie down. Never use Pacer while driving or in water."
)


def _modal_css(name: str) -> str:
    """The shared dialog look, scrolling when the terminal is small (40x12 must still work)."""
    css = DIALOG_CSS.format(name=name).replace(f"{name} > Vertical", f"{name} > VerticalScroll")
    return css + (
        f"""
    {name} > VerticalScroll {{ max-height: 100%; }}
    {name}.-short > VerticalScroll, {name}.-narrow > VerticalScroll {{
        width: 100%; max-width: 100%; padding: 0 1; border: none;
    }}
    {name} .safety {{ color: $warning; width: 1fr; margin-top: 1; }}
    """
    )


def _passed_on() -> list[BindingType]:
    """Today's keys, and ? and q: on the welcome they close it, then do what they do.

    The footer under the welcome shows them, so a person will try them; a key that did
    nothing would look broken.
    """
    names = (*TODAY_KEYS, "help", "quit")
    return [
        Binding(key, f"pass_on({key!r})", show=False)
        for name in names
        for key in KEYS[name].key_list
    ]


#: How to close the welcome: shown first, so it is on screen at 80x24 without scrolling.
WELCOME_HINT = (
    f"{display('start')}: go to Today · {display('help')} help · any key of Today works too"
)


class WelcomeScreen(ModalScreen[str | None]):
    """What Pacer is for and how to use it safely. Enter, esc or space closes it; a key of
    Today (b, s, ?, q...) closes it and does what it does on Today."""

    DEFAULT_CSS = _modal_css("WelcomeScreen") + """
    WelcomeScreen #welcome-hint { margin-bottom: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("close", priority=True),
        *_passed_on(),
    ]

    HELP_TITLE = "Welcome"
    HELP = f"Press {display('start')} to go to Today. You can read this again from Settings."

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Label(WELCOME_TITLE, classes="title", id="welcome-title")
            yield Static(WELCOME_HINT, classes="hint", id="welcome-hint")
            yield Static(WELCOME_TEXT, classes="body", id="welcome-body")
            yield Static(BREATHING_SAFETY, classes="safety", id="welcome-safety")
            yield Static(
                f"Read this again any time: {display('settings')} for Settings, then "
                f"{display('welcome')}.",
                classes="hint",
            )

    def action_close(self) -> None:
        self.dismiss(None)

    def action_pass_on(self, key: str) -> None:
        """Close, handing the key back, so the app gives it to the screen below (Today) as if
        the welcome had not been there: s opens Settings, ? help, q quits. The app does it,
        not this screen, because a first-run question may need answering first."""
        self.dismiss(key)


class SafetyNoteScreen(ModalScreen[bool]):
    """A pattern's own safety note, once, before its first session. Enter starts, Esc goes back."""

    DEFAULT_CSS = _modal_css("SafetyNoteScreen")

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("start", priority=True),
        bind("back"),
    ]

    def __init__(self, pattern: Pattern) -> None:
        super().__init__()
        self.pattern = pattern

    def compose(self) -> ComposeResult:
        pattern = self.pattern
        with VerticalScroll():
            yield Label(f"Before you start: {pattern.name}", classes="title")
            if pattern.has_holds:
                yield Static(
                    HOLDS_LINE,
                    classes="safety",
                    id="safety-holds",
                )
            yield Static(pattern.safety or BREATHING_SAFETY, classes="body", id="safety-note")
            yield Static(
                f"Pacer shows this once for each pattern. {display('start')} starts · "
                f"{display('back')} goes back",
                classes="hint",
            )

    def action_start(self) -> None:
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)


class TooSmallScreen(ModalScreen[None]):
    """Shown over everything while the terminal is smaller than Pacer can use (under 40x12).

    It closes by itself as soon as the window is big enough again; nothing underneath is lost
    (a session keeps its time, a form keeps what was typed).
    """

    COVERS_SMALL_TERMINAL = True  # the app checks this without importing this module

    DEFAULT_CSS = """
    TooSmallScreen {
        align: center middle;
        background: $background;
    }
    TooSmallScreen Static {
        width: 1fr;
        height: auto;
        text-align: center;
        color: $text;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [bind("quit", "app.quit", show=False)]

    def compose(self) -> ComposeResult:
        yield Static(
            "This window is a little small for Pacer. Please make it bigger "
            f"(at least 40 wide and 12 tall). {display('quit')} quits.",
            id="too-small",
        )
