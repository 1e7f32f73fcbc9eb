"""The weekly check-in: how much distress this past week (0-10), what weighed on you, one line
of your own, and (optional) how your battery is today.

Why a form of its own, opened with ``k`` from Today: it is short on purpose (a number, a few
ticks, a line), so it can be done in under a minute on a hard week. The questions are our own
words; the idea and the 0-10 scale come from the NCCN Distress Thermometer, used as background
only (see :mod:`pacer.domain.checkin`). At 4 or more a calm note says this is worth telling the
care team about, with the next appointment; it appears as soon as the number is typed, so it
is read before saving, and again in the note after saving.

Either part can be saved alone: the week (a ``check-in`` journal entry) or today's battery (an
``energy`` entry). Saving runs off the event loop and "Saved" is said only once it returned.
The typed line (and the numbers and ticks) are kept as a draft (kind ``check-in``) on every way
out, and filled back in with a short note when the check-in opens again.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime
from typing import Any, ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Checkbox, Footer, Input, Label, Static

from pacer.domain import checkin
from pacer.domain.errors import InputError
from pacer.domain.records import NOTE_LIMIT
from pacer.domain.text import harmless
from pacer.keymap import bind, display
from pacer.screens.confirm import ConfirmModal
from pacer.screens.host import host, wall_now
from pacer.services import SaveError
from pacer.services.drafts import draft_fields
from pacer.widgets.stress_scale import StressInput
from pacer.widgets.tick_box import TickBox

#: The draft kind of this form (see :class:`pacer.domain.records.Draft`).
DRAFT_KIND = "check-in"
#: The fields a draft keeps (areas as their keys joined by spaces).
FIELDS = ("distress", "areas", "note", "energy")
ASK_ENERGY = "Ask about my battery on Today each day"
DRAFT_NOTE = (
    "Here is what you typed last time; it is not saved yet. "
    f"{display('save')} saves it, {display('back')} lets it go."
)
HINT = f"{display('save')} saves · {display('back')} goes back · tab moves on"

Focus = Literal["distress", "energy"]


def _now(screen: Screen[Any]) -> datetime:
    now = wall_now(screen)
    return now if now.tzinfo is not None else now.astimezone()


class CheckInScreen(Screen[bool]):
    """The check-in form; dismisses True once something was saved, False when left."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Not priority: the keys typed just before ctrl+s must reach the field first.
        bind("save"),
        bind("back"),
    ]

    HELP_TITLE = "Check in"
    HELP = (
        "A short look back at the week: a number from 0 to 10, any areas that weighed on "
        "you, and a line of your own if you like. Then, if you want, your battery today. "
        f"Every part is optional except the number for the week. {display('save')} saves, "
        f"{display('back')} goes back (Pacer asks first if you typed something)."
    )

    DEFAULT_CSS = """
    CheckInScreen #check-in-outer {
        padding: 1 2 0 2;
    }
    CheckInScreen.-short #check-in-outer {
        padding: 0 1;
    }
    CheckInScreen #check-in-form {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    CheckInScreen .question {
        margin-top: 1;
        width: 1fr;
        text-style: bold;
    }
    CheckInScreen .question.-first {
        margin-top: 0;
    }
    CheckInScreen .quiet {
        color: $text-muted;
        width: 1fr;
    }
    CheckInScreen Input {
        width: 1fr;
        max-width: 76;
    }
    CheckInScreen StressInput {
        width: 12;
    }
    CheckInScreen .field-error {
        color: $warning;
        width: 1fr;
        height: auto;
    }
    CheckInScreen #check-in-care {
        width: 1fr;
        height: auto;
        margin-top: 1;
        padding: 0 1;
        border-left: tall $accent;
    }
    CheckInScreen #check-in-status {
        width: 1fr;
        height: auto;
        color: $text-muted;
    }
    """

    def __init__(self, focus: Focus = "distress") -> None:
        super().__init__()
        self.first_focus: Focus = focus
        self.initial: dict[str, str] = dict.fromkeys(FIELDS, "")
        self._restored = False
        self._kept: dict[str, str] | None = None
        self._saving = False
        self._appointments: list[dict[str, Any]] = []

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self._offer_draft()
        ticked = set(self.initial["areas"].split())
        asking = bool(host(self).settings.get("ask_energy"))
        with Vertical(id="check-in-outer"):
            yield Label("Check in", classes="screen-title")
            with VerticalScroll(id="check-in-form"):
                yield Label(checkin.DISTRESS_QUESTION, classes="question -first")
                yield Label(checkin.DISTRESS_HINT, classes="quiet")
                yield StressInput(self.initial["distress"], id="check-in-distress",
                                  restrict=r"\d{0,2}", compact=True)
                yield Label("", id="error-distress", classes="field-error", markup=False)
                yield Label(checkin.AREAS_QUESTION, classes="question")
                for key, words in checkin.AREAS.items():
                    yield TickBox(words, value=key in ticked, name=key, id=f"area-{key}",
                                  compact=True)
                yield Label(checkin.NOTE_QUESTION, classes="question")
                yield Input(self.initial["note"], id="check-in-note", max_length=NOTE_LIMIT,
                            select_on_focus=False, compact=True)
                care = Static("", id="check-in-care")
                care.display = False
                yield care
                yield Label(checkin.ENERGY_QUESTION, classes="question")
                yield Label(checkin.ENERGY_HINT, classes="quiet")
                yield StressInput(self.initial["energy"], id="check-in-energy",
                                  restrict=r"\d{0,2}", compact=True)
                yield Label("", id="error-energy", classes="field-error", markup=False)
                yield TickBox(ASK_ENERGY, value=asking, id="check-in-ask-energy", compact=True)
            yield Static(DRAFT_NOTE if self._restored else HINT, id="check-in-status",
                         markup=False)
        yield Footer(compact=True)

    def _offer_draft(self) -> None:
        """Fill the form with what was typed last time (a read, before the fields exist)."""
        draft = host(self).services.drafts.find(DRAFT_KIND, None)
        kept = draft_fields(draft)
        typed = {name: harmless(kept[name]) for name in FIELDS if kept.get(name, "").strip()}
        if typed:
            self.initial.update(typed)
            self._restored = True

    def on_mount(self) -> None:
        listing = host(self).services.appointments.listing()
        self._appointments = [dict(a) for a in listing.items]
        self._show_care()
        self.query_one(f"#check-in-{self.first_focus}", Input).focus()
        if self.first_focus == "energy":
            self.call_after_refresh(
                self.query_one("#check-in-form", VerticalScroll).scroll_to_widget,
                self.query_one("#check-in-energy"), animate=False,
            )

    # --- values ---------------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        """What the form holds now, as text (the areas as their keys)."""
        areas = [key for key in checkin.AREAS
                 if self.query_one(f"#area-{key}", Checkbox).value]
        return {
            "distress": self.query_one("#check-in-distress", Input).value.strip(),
            "areas": " ".join(areas),
            "note": self.query_one("#check-in-note", Input).value,
            "energy": self.query_one("#check-in-energy", Input).value.strip(),
        }

    def _filled(self, values: dict[str, str]) -> bool:
        return any(value.strip() for value in values.values())

    # --- KeepsWords -----------------------------------------------------------------------

    def has_unsaved_words(self) -> bool:
        try:
            values = self.values()
        except NoMatches:
            return False
        return self._filled(values) and values != self._kept

    def keep_draft(self) -> None:
        """Keep what is typed as the check-in's draft, now (synchronous); never raises."""
        try:
            values = self.values()
            if not self._filled(values):
                return
            host(self).services.drafts.keep(DRAFT_KIND, None, values, _now(self))
            self._kept = values
        except Exception:  # the way out must go on whatever happens here
            return

    # --- as it is typed -------------------------------------------------------------------

    def _distress(self) -> int | None:
        try:
            return checkin.parse_score(self.query_one("#check-in-distress", Input).value)
        except InputError:
            return None

    def _show_care(self) -> None:
        """The calm note at 4 or more, shown as soon as the number is typed."""
        note = checkin.care_team_note(self._distress(), self._appointments, _now(self))
        care = self.query_one("#check-in-care", Static)
        care.update(Text(note or ""))
        care.display = note is not None

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "check-in-distress":
            self.query_one("#error-distress", Label).update("")
            self._show_care()
        elif event.input.id == "check-in-energy":
            self.query_one("#error-energy", Label).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves on to the next question (ctrl+s saves from anywhere)."""
        event.stop()
        self.focus_next()

    # --- saving ---------------------------------------------------------------------------

    def _error(self, field: str, message: str) -> None:
        self.query_one(f"#error-{field}", Label).update(f"{message.rstrip('.')}.")
        self.query_one(f"#check-in-{field}", Input).focus()

    def action_save(self) -> None:
        """Check the numbers, then save the week and/or today's battery off the event loop."""
        if self._saving:
            return
        values = self.values()
        now = _now(self)
        week_typed = bool(values["distress"] or values["areas"] or values["note"].strip())
        entries: list[dict[str, Any]] = []
        distress: int | None = None
        if week_typed:
            if not values["distress"]:
                self._error("distress", "A number from 0 to 10 for the week, please "
                                        "(or leave the week part empty)")
                return
            try:
                distress = checkin.parse_score(values["distress"])
            except InputError as error:
                self._error("distress", str(error))
                return
            note = " ".join(values["note"].split())  # one line
            entries.append(checkin.new_check_in(distress, values["areas"].split(), note, now))
        if values["energy"]:
            try:
                energy = checkin.parse_score(values["energy"], "battery")
            except InputError as error:
                self._error("energy", str(error))
                return
            entries.append(checkin.new_energy(energy, now))
        asking = self.query_one("#check-in-ask-energy", Checkbox).value
        changes = ({"ask_energy": asking}
                   if asking != bool(host(self).settings.get("ask_energy")) else {})
        if not entries and not changes:
            self._error("distress", "Nothing to save yet: a number for the week, or for "
                                    "your battery today")
            return
        self._saving = True
        self.run_worker(self._save(entries, changes, distress), group="check-in-save")

    async def _save(
        self, entries: list[dict[str, Any]], changes: dict[str, Any], distress: int | None
    ) -> None:
        app = host(self)
        services = app.services

        def write() -> None:
            for entry in entries:
                services.journal.add(entry)
            if changes:
                services.settings.change(changes)
            with contextlib.suppress(SaveError):  # the words are saved: the draft may go
                services.drafts.drop(DRAFT_KIND, None)

        try:
            await asyncio.to_thread(write)
        except SaveError as error:
            self._saving = False
            status = self.query_one("#check-in-status", Static)
            status.update(harmless(str(error)))
            self.notify(harmless(str(error)), title="Not saved", severity="warning",
                        markup=False)
            return
        if changes:
            app.apply_settings(changes, save=False)
        note = checkin.care_team_note(distress, self._appointments, _now(self))
        said = "Saved. " + (checkin.THANKS if distress is not None else "Thank you.")
        self.notify(f"{said}\n{note}" if note else said, timeout=12 if note else 5,
                    markup=False)
        self.dismiss(True)

    # --- leaving --------------------------------------------------------------------------

    def action_back(self) -> None:
        if self._saving:
            return
        if not self._filled(self.values()):
            self.dismiss(False)
            return
        self.run_worker(self._ask_to_discard(), group="check-in-leave")

    async def _ask_to_discard(self) -> None:
        discard = await self.app.push_screen_wait(
            ConfirmModal("Leave without saving?", "What you typed here will not be kept.",
                         yes="Leave", no="Keep going")
        )
        if discard:
            services = host(self).services

            def forget() -> None:
                with contextlib.suppress(SaveError):
                    services.drafts.drop(DRAFT_KIND, None)

            await asyncio.to_thread(forget)
            self.dismiss(False)
