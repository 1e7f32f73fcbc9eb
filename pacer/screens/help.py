"""The help screen: the keys of the screen you came from, plus the safety notes.

It reads the keys from that screen's live bindings, so it cannot drift out of date when a
screen gains or loses a key.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from pacer.keymap import KEYS, all_keys_written, bind, display_key, groups

SAFETY = (
    "Pacer is a self-care tool, not medical advice, diagnosis or treatment.\n"
    "Slow, not big. Dizzy, tingly or more anxious? Stop and breathe normally.\n"
    "Sit or lie down. Never use Pacer while driving or in water.\n"
    "New or worse symptoms: contact your care team now."
)


def key_name(key: str) -> str:
    """A Textual key in Pacer's one notation (the key map's): "ctrl+q" -> "ctrl+q",
    "escape" -> "esc", "question_mark" -> "?"."""
    return display_key(key)


def screen_keys(screen: Screen[object]) -> list[tuple[str, str]]:
    """(keys, what they do) for the bindings a person uses on `screen`.

    That is the bindings shown in its footer, other keys for the same actions (ctrl+q for q) and
    the screen's own hidden ones; a widget's plumbing (scrolling, copy, focus) is left out.
    Keys doing the same thing share a line.
    """
    active_bindings = screen.active_bindings
    own = {b.action for b in type(screen).__dict__.get("BINDINGS", []) if isinstance(b, Binding)}
    shown = {active.binding.action for active in active_bindings.values() if active.binding.show}
    by_action: dict[str, tuple[str, list[str]]] = {}
    for key, active in active_bindings.items():
        binding = active.binding
        if binding.system or not binding.description or not active.enabled:
            continue
        if binding.action not in own | shown:
            continue
        # A footer label is kept short; a screen's own tooltip, when it has one, says it in full.
        label = (
            binding.tooltip if binding.action in own and binding.tooltip else binding.description
        )
        if binding.action not in by_action:
            by_action[binding.action] = (label, [])
        names = by_action[binding.action][1]
        if key_name(key) not in names:
            names.append(key_name(key))
    extra: list[tuple[str, str]] = list(getattr(screen, "HELP_KEYS", ()))
    lines = [(" / ".join(sorted(names, key=len)), what) for what, names in by_action.values()]
    # The app's palette key works everywhere but is kept out of the footers to keep them calm.
    palette_key = KEYS["palette"]
    palette = (
        [(palette_key.display, palette_key.meaning)]
        if palette_key.key_list[0] in active_bindings
        else []
    )
    return lines + extra + palette


def keymap_table() -> Table:
    """The whole key map, by where it is used: generated from :mod:`pacer.keymap`, so help
    and the app cannot disagree."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for group, keys in groups():
        table.add_row(Text(group, style="italic"), Text(""))
        for key in keys:
            table.add_row(Text(all_keys_written(key)), Text(key.meaning))
    return table


class HelpScreen(ModalScreen[None]):
    """Keys for the screen below, how to use Pacer safely, and the whole key map. esc, enter
    or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        background: $background 60%;
    }
    HelpScreen > VerticalScroll {
        width: 78;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 2;
        background: $surface;
        border: round $primary 60%;
        border-subtitle-color: $text-muted;
    }
    HelpScreen .title {
        text-style: bold;
        margin: 1 0;
    }
    HelpScreen #help-about {
        margin-bottom: 1;
    }
    HelpScreen #help-safety {
        color: $text-muted;
        margin: 1 0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("close", keys="escape,enter"),
        bind("help", "close", show=False),
    ]

    def __init__(self, title: str, keys: list[tuple[str, str]], about: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.keys = keys
        self.about = about

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, description in self.keys:
            table.add_row(Text(key), Text(description))
        with VerticalScroll():
            yield Label(f"Help: {self.title_text}", classes="title")
            if self.about:
                yield Static(self.about, id="help-about")
            yield Static(table, id="help-keys")
            yield Static(SAFETY, id="help-safety")
            yield Label("All the keys of Pacer", classes="title")
            yield Static(keymap_table(), id="help-keymap")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).border_subtitle = f"{KEYS['close'].display} closes"

    def action_close(self) -> None:
        self.dismiss(None)
