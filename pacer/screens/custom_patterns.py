"""Your own patterns (Settings, `p`): create, rename, change and delete them.

They are kept in patterns.json and appear beside the built-ins in Breathe, in the default
pattern setting and after `pacer breathe --pattern NAME`. The rules (names, rhythms) live in
:mod:`pacer.domain.custom_patterns`; this screen only asks and shows. Each save goes through
`store.update_document`, so a pattern added meanwhile by another window is kept.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from pacer.domain.custom_patterns import make_record, patterns_from_records, remove, upsert
from pacer.domain.patterns import Pattern, PatternError
from pacer.screens.dialogs import DIALOG_CSS

EMPTY = "You have no patterns of your own yet. Press n to make one."


def read_records(store: Any) -> tuple[list[dict], str | None]:
    """The saved records, or none and a polite reason when patterns.json cannot be read."""
    from pacer.store import StoreError

    try:
        return list(store.read_document("patterns.json").get("patterns") or []), None
    except StoreError as error:
        return [], f"Your patterns could not be read: {error}"


def custom_patterns_of(store: Any) -> dict[str, Pattern]:
    """The person's own patterns by id, or none if patterns.json cannot be read (never a
    crash: Breathe must open whatever state that file is in)."""
    return patterns_from_records(read_records(store)[0])


def pattern_line(pattern: Pattern) -> str:
    marks = "  has holds" if pattern.has_holds else ""
    return f"{pattern.name:<28} {pattern.rhythm:<12}{marks}"


class PatternFormScreen(ModalScreen[dict | None]):
    """Name and rhythm of one pattern; Enter on the rhythm or ctrl+s saves, Esc cancels."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="PatternFormScreen")
        + """
    PatternFormScreen Input { width: 1fr; margin-bottom: 1; }
    PatternFormScreen #pattern-error { color: $warning; width: 1fr; height: auto; }
    """
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, taken: list[str], record: dict | None = None) -> None:
        super().__init__()
        self.taken = taken
        self.record = record

    def compose(self) -> ComposeResult:
        record = self.record or {}
        with Vertical():
            yield Label("Change your pattern" if self.record else "A new pattern", classes="title")
            yield Label("Name", classes="body")
            yield Input(str(record.get("name", "")), placeholder="Evening calm", id="name")
            yield Label("Seconds: in-hold-out, or in-hold-out-hold", classes="body")
            yield Input(str(record.get("rhythm", "")), placeholder="4-0-6", id="rhythm")
            yield Label("", id="pattern-error")
            yield Static("Enter or ctrl+s saves · Esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#pattern-error", Label).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "name":
            self.query_one("#rhythm", Input).focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        name = self.query_one("#name", Input).value
        rhythm = self.query_one("#rhythm", Input).value
        own = self.record["id"] if self.record else None
        try:
            record = make_record(name, rhythm, self.taken, own)
        except PatternError as error:
            self.query_one("#pattern-error", Label).update(f"{error}.")
            return
        self.dismiss(record)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDeleteScreen(ModalScreen[bool]):
    """Ask before deleting a pattern: y deletes, Esc or n keeps it. Past sessions are kept."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmDeleteScreen")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Delete"),
        Binding("escape,n", "answer(False)", "Keep it"),
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.pattern_name = name

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Delete {self.pattern_name}?", classes="title")
            yield Static("Sessions you breathed with it stay in your history.", classes="body")
            yield Static("y deletes · Esc or n keeps it", classes="hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class CustomPatternsScreen(Screen[None]):
    """The list of your own patterns: n new, Enter or e change, d delete, Esc back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New", tooltip="Make a new pattern"),
        Binding("e", "edit", "Change", tooltip="Change the highlighted pattern"),
        Binding("d", "delete", "Delete", tooltip="Delete the highlighted pattern"),
        Binding("escape", "back", "Back"),
    ]

    HELP_TITLE = "Your patterns"
    HELP = (
        "Make your own rhythm and give it a name. It appears in Breathe beside the others, "
        "and after pacer breathe --pattern NAME."
    )

    def __init__(self) -> None:
        super().__init__()
        self.records: list[dict] = []
        self.patterns: list[Pattern] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="custom-patterns"):
            yield Label("Your patterns", classes="screen-title")
            yield OptionList(id="custom-list")
            yield Static("", id="custom-empty")
            yield Static(
                "Slow, not big. Breath holds are optional; patterns with holds are marked.",
                id="custom-note",
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#custom-list", OptionList).focus()

    def reload(self, highlight: str | None = None) -> None:
        records, problem = read_records(self.app.store)  # type: ignore[attr-defined]
        self.records = records
        self.patterns = list(patterns_from_records(records).values())
        options = self.query_one("#custom-list", OptionList)
        options.clear_options()
        options.add_options([Option(pattern_line(p), id=p.key) for p in self.patterns])
        keys = [p.key for p in self.patterns]
        if keys:
            options.highlighted = keys.index(highlight) if highlight in keys else 0
        empty = self.query_one("#custom-empty", Static)
        empty.update(problem or EMPTY)
        empty.display = problem is not None or not self.patterns

    @property
    def current(self) -> Pattern | None:
        index = self.query_one("#custom-list", OptionList).highlighted
        return self.patterns[index] if index is not None and self.patterns else None

    def _save(self, change: Any, highlight: str | None) -> None:
        from pacer.store import StoreError

        def update(doc: dict[str, Any]) -> None:
            doc["patterns"] = change(list(doc.get("patterns") or []))

        try:
            self.app.store.update_document("patterns.json", update)  # type: ignore[attr-defined]
        except StoreError as error:
            self.notify(f"Not saved: {error}", severity="warning")
            return
        self.reload(highlight)

    def action_new(self) -> None:
        taken = [str(r.get("id")) for r in self.records]

        def saved(record: dict | None) -> None:
            if record is not None:
                self._save(lambda records: upsert(records, record), record["id"])

        self.app.push_screen(PatternFormScreen(taken), saved)

    def action_edit(self) -> None:
        pattern = self.current
        if pattern is None:
            return
        record = next(r for r in self.records if r.get("id") == pattern.key)
        taken = [str(r.get("id")) for r in self.records]

        def saved(new: dict | None) -> None:
            if new is not None:
                self._save(lambda records: upsert(records, new, pattern.key), new["id"])

        self.app.push_screen(PatternFormScreen(taken, record), saved)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    def action_delete(self) -> None:
        pattern = self.current
        if pattern is None:
            return

        def decided(yes: bool | None) -> None:
            if yes:
                self._save(lambda records: remove(records, pattern.key), None)
                self.notify(f"Deleted {pattern.name}.")

        self.app.push_screen(ConfirmDeleteScreen(pattern.name), decided)

    def action_back(self) -> None:
        self.dismiss(None)
