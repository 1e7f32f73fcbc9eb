"""The journal screen reads through the services: entries that do not fit (a routine whose
``steps_done`` is 5, a reappraisal with a wrong-typed field) are reported and left out, text is
shown harmless and markup-safe, and a delete asks with the one ConfirmModal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.notifications import Notification
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from pacer.app import PacerApp
from pacer.screens.confirm import ConfirmModal
from pacer.screens.journal import EntryScreen, JournalScreen
from pacer.store import Store

SIZE = (80, 24)
EVIL = "\u001b]0;TITLE\u0007\u001b[2J[b]x"
SHOWN = "␛]0;TITLE␇␛[2J[b]x"
GOOD = {"kind": "reappraisal", "created": "2025-03-10T09:00:00+01:00",
        "situation": "Waiting for results", "stress_before": 8}


async def open_journal(pilot: Pilot[Any]) -> JournalScreen:
    await pilot.app.push_screen(JournalScreen())
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, JournalScreen)
    return screen


def messages(app: PacerApp) -> list[str]:
    notes: list[Notification] = list(app._notifications)
    return [str(n.message) for n in notes]


async def test_wrong_typed_entries_are_reported_and_left_out(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    good = store.append("journal.jsonl", dict(GOOD))
    store.append("journal.jsonl", {"kind": "routine", "steps_done": 5,
                                   "started": "2025-03-11T07:50:00+01:00"})
    store.append("journal.jsonl", {**GOOD, "stress_before": "very"})
    store.append("journal.jsonl", {**GOOD, "answers": {"novel": "just text"}})
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await open_journal(pilot)
        assert [e["id"] for e in screen.shown] == [good["id"]]
        [line] = [m for m in messages(pilot.app) if "journal.jsonl" in m]
        assert "journal.jsonl[1]: field 'steps_done' = 5" in line and "2 more" in line
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, EntryScreen)
    assert len(store.read_log("journal.jsonl")) == 4  # nothing dropped from the file


async def test_situations_are_shown_harmless(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    store.append("journal.jsonl", {**GOOD, "situation": EVIL, "balanced": EVIL})
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await open_journal(pilot)
        row = str(screen.query_one("#journal-list", OptionList).get_option_at_index(0).prompt)
        assert "␛]0;TITLE" in row and "\u001b" not in row
        await pilot.press("d")
        await pilot.pause()
        modal = pilot.app.screen
        assert isinstance(modal, ConfirmModal)
        body = str(modal.query_one(".body", Static).render())
        assert "[b]x" in body and "\u001b" not in body
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        view = pilot.app.screen
        assert isinstance(view, EntryScreen)
        text = str(view.query_one("#entry-text", Static).render())
        assert SHOWN in text and "\u001b" not in text
