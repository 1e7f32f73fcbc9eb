"""Your own patterns (Settings, `p`): create, rename, change and delete them.

They are kept by the patterns service and appear beside the built-ins in Breathe, in the
default pattern setting and after `pacer breathe --pattern NAME`. The rules (names, rhythms)
live in :mod:`pacer.domain.custom_patterns`; this screen only asks and shows.

* A save is a field-level merge onto the file as it is now, off the event loop; the form
  closes (and says "Saved") only once the write has returned. A pattern deleted meanwhile in
  another window is not brought back: the form says so and offers to save it as new.
* The form keeps typed words (:class:`~pacer.screens.leaving.KeepsWords`, draft kind
  ``"pattern"``), and offers them back when it opens again.
* ctrl+s is an ordinary binding, so it runs after every key typed before it has reached its
  field (a priority binding could save "Eve" of "Evening").
* A pattern in the file that cannot be used (a rhythm of 999-0-999) is listed as a problem,
  never dropped silently.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.markup import escape
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from pacer.domain.custom_patterns import make_record, patterns_from_records
from pacer.domain.patterns import Pattern, PatternError
from pacer.domain.text import harmless
from pacer.keymap import bind, display
from pacer.screens.confirm import ConfirmModal
from pacer.screens.dialogs import DIALOG_CSS
from pacer.screens.host import host, wall_now
from pacer.services.base import Record, RecordGone, SaveError
from pacer.services.drafts import draft_fields
from pacer.widgets.choice_list import ChoiceList

EMPTY = f"You have no patterns of your own yet. Press {display('add')} to make one."
DRAFT_KIND = "pattern"
FIELDS = ("name", "rhythm")


def pattern_line(pattern: Pattern) -> Text:
    """One row of the list: name, rhythm and a plain mark when it has holds (markup-safe)."""
    marks = "  has holds" if pattern.has_holds else ""
    return Text(f"{harmless(pattern.name):<28} {pattern.rhythm:<12}{marks}", no_wrap=True)


def problems_text(problems: list[str]) -> Text:
    """Patterns that could not be used, one line each, so none disappears silently."""
    head = "This pattern could not be used:" if len(problems) == 1 else (
        f"These {len(problems)} patterns could not be used:"
    )
    return Text("\n".join([head, *(harmless(p) for p in problems)]))


class PatternFormScreen(ModalScreen[Record | None]):
    """Name and rhythm of one pattern; enter on the rhythm or ctrl+s saves, esc cancels."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="PatternFormScreen")
        + """
    PatternFormScreen Input { width: 1fr; margin-bottom: 1; }
    PatternFormScreen #pattern-error { color: $warning; width: 1fr; height: auto; }
    /* 40x12: one-line fields, so both fit with their labels and the hint. */
    PatternFormScreen.-short Input {
        border: none; height: 1; padding: 0 1; margin-bottom: 0; background: $panel;
    }
    """
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        # Not a priority binding: it must wait for the keys typed before it.
        bind("save"),
        bind("back", "cancel"),
    ]

    def __init__(self, taken: list[str], record: Record | None = None) -> None:
        super().__init__()
        self.taken = taken
        self.record = record
        self.target: str | None = str(record["id"]) if record else None
        self._saving = False

    def _initial(self) -> dict[str, str]:
        record = self.record or {}
        return {name: str(record.get(name, "")) for name in FIELDS}

    def compose(self) -> ComposeResult:
        initial = self._initial()
        with Vertical():
            yield Label("Change your pattern" if self.record else "A new pattern", classes="title")
            yield Label("Name", classes="body")
            yield Input(initial["name"], placeholder="Evening calm", id="name")
            yield Label("Seconds: in-hold-out, or in-hold-out-hold", classes="body")
            yield Input(initial["rhythm"], placeholder="4-0-6", id="rhythm")
            yield Label("", id="pattern-error")
            yield Static(f"enter or {display('save')} saves · {display('back')} cancels",
                         classes="hint")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        self._offer_draft()

    def _offer_draft(self) -> None:
        """Words typed here before and never saved come back, with a short note."""
        draft = host(self).services.drafts.find(DRAFT_KIND, self.target)
        fields = draft_fields(draft)
        if not fields or all(fields.get(k, v) == v for k, v in self._initial().items()):
            return
        with self.prevent(Input.Changed):  # filling in is not typing: keep the note
            for name in FIELDS:
                if name in fields:
                    box = self.query_one(f"#{name}", Input)
                    box.value = fields[name]
                    box.cursor_position = len(box.value)
        self._message(
            f"These are the words you had not saved yet. {display('back')} throws them away."
        )

    # --- KeepsWords ---------------------------------------------------------------------------

    def typed(self) -> dict[str, str]:
        return {name: self.query_one(f"#{name}", Input).value for name in FIELDS}

    def has_unsaved_words(self) -> bool:
        """True when the fields differ from the pattern as it was opened."""
        try:
            return self.typed() != self._initial()
        except Exception:  # not mounted (or already gone): nothing typed
            return False

    def keep_draft(self) -> None:
        """Keep what is typed as a "pattern" draft (synchronous, durable, never raises)."""
        with contextlib.suppress(Exception):
            if self.has_unsaved_words():
                host(self).services.drafts.keep(
                    DRAFT_KIND, self.target, self.typed(), wall_now(self)
                )

    # --- events -------------------------------------------------------------------------------

    def _message(self, text: str) -> None:
        self.query_one("#pattern-error", Label).update(Text(text))

    def on_input_changed(self, event: Input.Changed) -> None:
        self._message("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "name":
            self.query_one("#rhythm", Input).focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        if self._saving:
            return
        typed = self.typed()
        try:
            record = make_record(typed["name"], typed["rhythm"], self.taken, self.target)
        except PatternError as error:
            self._message(f"{harmless(error)}.")
            return
        self._saving = True
        self.run_worker(self._save(record, as_new=False), group="pattern-save")

    async def _save(self, record: Record, *, as_new: bool) -> None:
        """Write off the event loop; close only once the write has returned."""
        services = host(self).services
        try:
            saved = await asyncio.to_thread(
                services.patterns.save_pattern, record, self.record, as_new=as_new
            )
        except RecordGone as gone:
            self._saving = False
            self._offer_as_new(record, str(gone))
            return
        except SaveError as error:
            self._saving = False
            self._message(harmless(error))
            return
        with contextlib.suppress(SaveError):
            await asyncio.to_thread(services.drafts.drop, DRAFT_KIND, self.target)
        self.dismiss(saved)

    def _offer_as_new(self, record: Record, why: str) -> None:
        def decided(yes: bool | None) -> None:
            if yes:
                self._saving = True
                self.run_worker(self._save(record, as_new=True), group="pattern-save")
            else:
                self._message(why)

        self.app.push_screen(
            ConfirmModal(
                "This pattern was deleted",
                escape(f"{why} Save what you typed as a new pattern?"),
                "Save as new",
                "Keep editing",
            ),
            decided,
        )

    def action_cancel(self) -> None:
        """Esc: close at once when nothing is typed; otherwise ask before throwing words away."""
        if not self.has_unsaved_words():
            self.dismiss(None)
            return

        def decided(yes: bool | None) -> None:
            if yes:
                self.run_worker(self._discard(), group="pattern-save")

        self.app.push_screen(
            ConfirmModal(
                "Throw away your changes?",
                "What you typed in this pattern will be lost.",
                "Discard",
                "Keep editing",
            ),
            decided,
        )

    async def _discard(self) -> None:
        with contextlib.suppress(SaveError):
            await asyncio.to_thread(host(self).services.drafts.drop, DRAFT_KIND, self.target)
        self.dismiss(None)


class CustomPatternsScreen(Screen[None]):
    """The list of your own patterns: a adds, enter or e changes, d deletes, esc goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("add", "new"),
        bind("edit"),
        bind("delete"),
        bind("back"),
    ]

    DEFAULT_CSS = """
    CustomPatternsScreen #custom-problems {
        color: $warning;
        height: auto;
        margin-top: 1;
    }
    """

    HELP_TITLE = "Your patterns"
    HELP = (
        "Make your own rhythm and give it a name. It appears in Breathe beside the others, "
        "and after pacer breathe --pattern NAME."
    )

    def __init__(self) -> None:
        super().__init__()
        self.records: list[Record] = []
        self.patterns: list[Pattern] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="custom-patterns"):
            yield Label("Your patterns", classes="screen-title")
            yield ChoiceList(id="custom-list")
            yield Static("", id="custom-empty")
            yield Static("", id="custom-problems")
            yield Static(
                "Slow, not big. Breath holds are optional; patterns with holds are marked.",
                id="custom-note",
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#custom-list", OptionList).focus()

    def reload(self, highlight: str | None = None) -> None:
        """Read the patterns again (another window may have changed them) and list them."""
        listing = host(self).services.patterns.listing()
        self.records = listing.items
        self.patterns = list(patterns_from_records(listing.items).values())
        options = self.query_one("#custom-list", OptionList)
        options.clear_options()
        options.add_options([Option(pattern_line(p), id=p.key) for p in self.patterns])
        keys = [p.key for p in self.patterns]
        if keys:
            options.highlighted = keys.index(highlight) if highlight in keys else 0
        empty = self.query_one("#custom-empty", Static)
        empty.update(EMPTY)
        empty.display = not self.patterns
        problems = self.query_one("#custom-problems", Static)
        problems.update(problems_text(listing.problems) if listing.problems else "")
        problems.display = bool(listing.problems)

    @property
    def current(self) -> Pattern | None:
        index = self.query_one("#custom-list", OptionList).highlighted
        return self.patterns[index] if index is not None and self.patterns else None

    def _taken(self) -> list[str]:
        return [str(r.get("id")) for r in self.records]

    def _saved(self, record: Record | None) -> None:
        if record is not None:
            self.reload(str(record["id"]))
            self.notify(f"Saved {harmless(record.get('name'))}.", markup=False)

    def action_new(self) -> None:
        self.app.push_screen(PatternFormScreen(self._taken()), self._saved)

    def action_edit(self) -> None:
        pattern = self.current
        if pattern is None:
            return
        record = next((r for r in self.records if r.get("id") == pattern.key), None)
        if record is None:
            return
        self.app.push_screen(PatternFormScreen(self._taken(), record), self._saved)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    def action_delete(self) -> None:
        pattern = self.current
        if pattern is None:
            return

        def decided(yes: bool | None) -> None:
            if yes:
                self.run_worker(self._delete(pattern), group="pattern-delete")

        self.app.push_screen(
            ConfirmModal(
                escape(f"Delete {harmless(pattern.name)}?"),
                "Sessions you breathed with it stay in your history.",
                "Delete",
                "Keep it",
            ),
            decided,
        )

    async def _delete(self, pattern: Pattern) -> None:
        try:
            await asyncio.to_thread(host(self).services.patterns.delete, pattern.key)
        except SaveError as error:
            self.notify(harmless(error), severity="warning", markup=False)
            return
        self.reload()
        self.notify(f"Deleted {harmless(pattern.name)}.", markup=False)

    def action_back(self) -> None:
        self.dismiss(None)
