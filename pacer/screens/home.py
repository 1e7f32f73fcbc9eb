"""The home screen, "Today": how much you have practised, a kind line, and what you can do.

The totals come from `services.sessions.since(monday 00:00)` so opening Pacer stays fast however
long the history grows. Every record shown was checked by its service: one that does not fit (a
session started in the year 9999, a goal whose title is a number) is reported once and skipped,
never a crash at launch. Text from the data (a finish line's title, where an appointment is,
the words of a draft) is made harmless and shown as Text, never as markup. The wall clock is
injected (`wall_clock`) so the screen, its tests and its snapshot never depend on the real date.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from pacer.domain.text import harmless
from pacer.keymap import KEYS, bind, display
from pacer.screens.host import host
from pacer.services.base import Listing, SaveError
from pacer.widgets.check_in_offer import CheckInOffer
from pacer.widgets.debrief_offer import DebriefOffer
from pacer.widgets.format import minutes_text
from pacer.widgets.meter import eighths_bar
from pacer.widgets.wait_card import WaitCard

if TYPE_CHECKING:  # the journal service loads a frame after Today is on screen
    from pacer.services.journal import OpenAction


# (key as written, action, footer label, full name), all from the one key map. The screen lists
# the keys with their full names; the footer shows them with short labels all the time.
# The actions live on the app (namespaced "app."), the keys only on this screen, so that "b" does
# not start a second session from the session screen.
def _action(name: str) -> tuple[str, str, str, str]:
    key = KEYS[name]
    return key.display, key.action, key.label, key.meaning


ACTIONS: tuple[tuple[str, str, str, str], ...] = tuple(
    _action(name) for name in ("breathe", "breathless", "calm", "reappraise", "goals")
)
# Listed on the screen but not in the footer, which has no room left at 80 columns.
MORE_ACTIONS: tuple[tuple[str, str, str, str], ...] = tuple(
    _action(name) for name in ("history", "settings", "appointments", "journal", "check_in")
)
#: The key-map names of all of Today's actions, in the order above.
TODAY_ACTIONS = ("breathe", "breathless", "calm", "reappraise", "goals", "history", "settings",
                 "appointments", "journal", "check_in")

# A thought for the day, chosen by date so it changes daily but stays put within a day.
THOUGHTS = (
    "Steady pace. Save the sprints for what really needs you.",
    "Slow, not big. Gentle breaths are enough.",
    "Rest is part of the pace, not a break from it.",
    "You do not have to carry everything at once.",
    "A few slow breaths can take the edge off a hard moment.",
    "Some days are for moving, some are for resting. Both count.",
    "You can hope for the best and plan for the rest, both at once.",
)


@dataclass(frozen=True)
class Totals:
    """Seconds practised today and since Monday 00:00, in the wall clock's time zone."""

    today_seconds: float
    week_seconds: float


def week_start(now: datetime) -> datetime:
    """Monday 00:00 of `now`'s week, in `now`'s time zone."""
    monday = now.date() - timedelta(days=now.weekday())
    return datetime.combine(monday, time.min, tzinfo=now.tzinfo)


def practice_totals(records: Iterable[dict], now: datetime) -> Totals:
    """Add up real practised seconds; a record with an unreadable time is skipped, not fatal."""
    today = now.date()
    monday = week_start(now)
    day_total = week_total = 0.0
    for record in records:
        try:
            started = datetime.fromisoformat(str(record["started"]))
            seconds = max(0.0, float(record.get("seconds") or 0))
        except (KeyError, TypeError, ValueError):
            continue
        if started.tzinfo is None:
            started = started.replace(tzinfo=now.tzinfo)
        local = started.astimezone(now.tzinfo)
        if local < monday or local > now + timedelta(days=1):
            continue
        week_total += seconds
        if local.date() == today:
            day_total += seconds
    return Totals(day_total, week_total)


def kind_line(totals: Totals, weekly_target_minutes: float) -> str:
    """A line that meets people where they are: never a nag, never a streak to lose."""
    if weekly_target_minutes > 0 and totals.week_seconds >= weekly_target_minutes * 60:
        return "You have reached your pace for this week. Anything more is a bonus."
    if totals.today_seconds > 0:
        return "You made some time for yourself today. That matters."
    if totals.week_seconds > 0:
        return "Nothing yet today, and that is fine. A few slow breaths count."
    return "Welcome. Whenever you are ready, a few slow breaths are a good start."


BAR_WIDTH = 28


def pace_lines(totals: Totals, weekly_target_minutes: float) -> Content:
    """Two lines: minutes today, and this week against the weekly target with a small bar."""
    today = Content.assemble(
        ("Today       ", "$foreground-muted"), (minutes_text(totals.today_seconds), "bold")
    )
    week_text = minutes_text(totals.week_seconds)
    parts: list[tuple[str, str] | str] = [("This week   ", "$foreground-muted")]
    if weekly_target_minutes > 0:
        week_text = f"{week_text} of {weekly_target_minutes:g}"
        fraction = totals.week_seconds / (weekly_target_minutes * 60)
        parts += [
            (week_text.ljust(18), "bold"),
            (eighths_bar(fraction, BAR_WIDTH), "$primary on $panel"),
        ]
    else:
        parts.append((week_text, "bold"))
    return Content("\n").join([today, Content.assemble(*parts)])


#: Below this many columns the keys are listed in one column (two would cut their names).
TWO_COLUMNS_FROM = 60


def keys_table(columns: int = 2) -> Content:
    """The actions with their keys, for people who like to see them all: two columns, or one
    on a narrow terminal so every name is read in full ("History", not "Histo…")."""
    cells = [
        Content.assemble((key, "bold $accent"), "   ", menu.ljust(22))
        for key, _action, _label, menu in (*ACTIONS, *MORE_ACTIONS)
    ]
    if columns < 2:
        return Content("\n").join(cells)
    half = (len(cells) + 1) // 2
    rows = [
        Content("  ").join([left, right]) if right is not None else left
        for left, right in zip(cells[:half], [*cells[half:], None], strict=False)
    ]
    return Content("\n").join(rows)


def action_line(action: OpenAction) -> Text:
    """The one thing to do today, as plain text (never markup), and the key that marks it done."""
    line = Text()
    line.append("To do today: ", style="bold")
    line.append(harmless(action.action))
    line.append(f"\n{display('done')} marks it done", style="italic")
    return line


def rejected(listing: Listing) -> list[str]:
    """The records of a listing that were left out, one line each (not the file's own error,
    which the app reports at start)."""
    return [str(problem) for problem in listing.rejected]


class HomeScreen(Screen[None]):
    """Today's totals, a kind line and the main actions, each on one key."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(bind(name) for name in TODAY_ACTIONS[: len(ACTIONS)]),
        *(bind(name, show=False) for name in TODAY_ACTIONS[len(ACTIONS) :]),
        # Not in the footer (no room at 80 columns): the action's own line says the key.
        bind("done", show=False),
        bind("debrief", show=False),  # the offer's own line says these two keys
        bind("later", show=False),
        bind("start", "start_wait", show=False),  # the wait card's 5 minutes (it says enter)
    ]

    HELP_TITLE = "Today"
    HELP = "Pick what you need today. Every action has its own key, shown at the bottom."

    def __init__(self, wall_clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.wall_clock = wall_clock
        self.totals = Totals(0.0, 0.0)
        self._keys_columns = 2
        #: The sprint action shown now, if any (what the done key marks).
        self.open_action: OpenAction | None = None

    def compose(self) -> ComposeResult:
        # Few widgets on purpose: this is the first screen, and launch time is measured.
        # Scrolls on a short terminal (40x12), where the keys and the note do not all fit.
        with VerticalScroll(id="home"):
            yield Static("Today", id="home-title", classes="screen-title")
            yield Static("", id="home-pace")
            yield Static("", id="home-kind")
            yield WaitCard(id="home-wait")
            action = Static("", id="home-action")
            action.display = False
            yield action
            yield DebriefOffer(id="home-debrief")
            yield Static("", id="home-thought")
            yield Static("", id="home-finish-line")
            yield Static("", id="home-next")
            yield CheckInOffer(id="home-check-in")
            yield Static(keys_table(), id="home-keys")
            yield Static(
                "Pacer is a self-care tool, not medical advice, diagnosis or treatment.",
                id="home-disclaimer",
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#home-pace").border_title = "Your pace"

    def on_resize(self, event: events.Resize) -> None:
        """One column of keys on a narrow terminal, two where they fit."""
        columns = 2 if event.size.width >= TWO_COLUMNS_FROM else 1
        if columns != self._keys_columns:
            self._keys_columns = columns
            self.query_one("#home-keys", Static).update(keys_table(columns))

    def on_screen_resume(self) -> None:
        """On first show, and coming back from a session: the totals may have changed."""
        self.refresh_totals()

    def refresh_totals(self) -> None:
        """Read this week's sessions and show the totals and the kind line."""
        app = host(self)
        now = self.wall_clock()
        sessions = app.services.sessions.since(week_start(now))
        self._report(sessions.problems)
        self.totals = practice_totals(sessions.items, now)
        try:
            target = float(app.settings.get("weekly_target_minutes") or 0)
        except (TypeError, ValueError):
            target = 0.0
        self.query_one("#home-pace", Static).update(pace_lines(self.totals, target))
        self.query_one("#home-kind", Static).update(kind_line(self.totals, target))
        thought = THOUGHTS[now.date().toordinal() % len(THOUGHTS)]
        self.query_one("#home-thought", Static).update(thought)
        # The finish line and the next appointment come a frame later: Today draws at once.
        self.call_after_refresh(self._show_finish_line, now)
        self.call_after_refresh(self._show_next_steps, now)
        self.call_after_refresh(self._show_action)
        self.call_after_refresh(self._show_wait, now)
        self.call_after_refresh(self._show_debrief, now)
        self.call_after_refresh(self._show_check_in, now)

    def _report(self, problems: list[str]) -> None:
        """Records that could not be used, as one gentle note (each problem once)."""
        said = host(self).said_problems  # the app's startup notice may have said some
        new = list(dict.fromkeys(p for p in problems if p not in said))
        if not new:
            return
        said.update(new)
        shown = [harmless(p) for p in new[:3]]
        if len(new) > 3:
            shown.append(f"...and {len(new) - 3} more (pacer doctor lists them all).")
        self.notify(
            "\n".join(shown),
            title="Some saved data could not be used",
            severity="warning",
            timeout=12,
            markup=False,
        )

    def _show_next_steps(self, now: datetime) -> None:
        """The next appointment with a friendly countdown, and an unfinished reappraisal."""
        from pacer.domain.appointments import next_appointment_line
        from pacer.domain.drafts import draft_notice_line

        services = host(self).services
        appointments = services.appointments.listing()
        drafts = services.drafts.listing()
        # A file that cannot be read hides its line; the app reported it at start.
        self._report(rejected(appointments) + rejected(drafts))
        lines = [
            next_appointment_line(appointments.items, now),
            draft_notice_line(drafts.items),
        ]
        shown = [harmless(line) for line in lines if line]
        widget = self.query_one("#home-next", Static)
        widget.update(Text("\n".join(shown)))
        widget.display = bool(shown)

    def _show_finish_line(self, now: datetime) -> None:
        """One active finish line, changing daily: what all this pacing is for."""
        from pacer.domain.goals import running_toward

        goals = host(self).services.goals.listing()
        self._report(rejected(goals))
        line = running_toward(goals.items, now.date())
        widget = self.query_one("#home-finish-line", Static)
        widget.update(Text(harmless(line)) if line else "")
        widget.display = line is not None

    def _show_wait(self, now: datetime) -> None:
        """The wait for results, if one is going on, and the day's small thing (enter).

        During a wait the card's own gentle lines take the place of the thought for the day,
        so Today still fits 80x24 with its keys on screen."""
        card = self.query_one(WaitCard)
        card.show_waits(now)
        self.query_one("#home-thought").display = not card.display

    def action_start_wait(self) -> None:
        """enter: the wait's 5 minutes of long-exhale breathing (nothing without a wait)."""
        self.query_one(WaitCard).start()

    def _show_action(self) -> None:
        """The newest sprint action not done yet: written in a reappraisal, kept until done."""
        journal = host(self).services.journal
        self.open_action = journal.open_action()
        widget = self.query_one("#home-action", Static)
        widget.update(action_line(self.open_action) if self.open_action else "")
        widget.display = self.open_action is not None

    def _show_debrief(self, now: datetime) -> None:
        """"How did the scan go?" once an appointment's time has passed (the newest one)."""
        from pacer.domain.debrief import offer_for

        appointments = host(self).services.appointments.listing()
        self.query_one(DebriefOffer).show(offer_for(appointments.items, now))

    def action_debrief(self) -> None:
        """g: write down how the offered appointment went."""
        self.query_one(DebriefOffer).open()

    def _show_check_in(self, now: datetime) -> None:
        """The weekly check-in offer (not while a debrief is offered: one offer at a time),
        the battery question, a low day's suggestion."""
        debrief_offered = self.query_one(DebriefOffer).appointment is not None
        self.query_one(CheckInOffer).show_for(now, weekly=not debrief_offered)

    def action_check_in(self) -> None:
        """``k``: the check-in, at the battery question when only that is asked today."""
        from pacer.screens.check_in import CheckInScreen

        offer = self.query_one(CheckInOffer)
        energy_only = offer.asking_energy and not offer.offered
        self.app.push_screen(CheckInScreen("energy" if energy_only else "distress"))

    def action_later(self) -> None:
        """``z``: put Today's offer off until tomorrow: the debrief first when both are
        offered (the next ``z`` puts the check-in off)."""
        debrief = self.query_one(DebriefOffer)
        if debrief.appointment is not None:
            debrief.later()
        elif self.query_one(CheckInOffer).put_off(self.wall_clock()):
            self.notify("The check-in will be offered again tomorrow.", markup=False)

    async def action_action_done(self) -> None:
        """Mark the shown action done (written off the event loop), then show the next one."""
        shown = self.open_action
        if shown is None:
            return
        journal = host(self).services.journal
        now = self.wall_clock()
        try:
            await asyncio.to_thread(journal.mark_action_done, shown.entry_id, now)
        except SaveError as error:
            self.notify(harmless(str(error)), title="Not marked done", severity="warning",
                        markup=False)
            return
        self._show_action()
        self.notify("Marked done. Well done.", markup=False)
