"""The reappraisal keeps every word (KeepsWords): keep_draft() writes the newest words at once,
the draft is written promptly without a debounce, and it comes back, harmless, after a restart."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from pacer.app import PacerApp
from pacer.domain.reappraisal import ReappraisalFlow
from pacer.screens.leaving import KeepsWords
from pacer.screens.reappraise import DraftChoiceScreen, ReappraiseScreen, open_reappraisal
from pacer.store import Store
from pacer.widgets import nuts_form

SIZE = (80, 24)
EVIL = "\u001b]0;TITLE\u0007\u001b[2J[b]x"
SHOWN = "␛]0;TITLE␇␛[2J[b]x"


@pytest.fixture(autouse=True)
def steady_text_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nuts_form, "CURSOR_BLINK", False)


def drafts(store: Store) -> list[dict]:
    path = store.root / "drafts.json"
    return json.loads(path.read_text())["drafts"] if path.exists() else []


async def start(pilot: Pilot[Any], flow: ReappraisalFlow | None = None) -> ReappraiseScreen:
    await pilot.app.push_screen(ReappraiseScreen(flow))
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReappraiseScreen)
    return screen


async def test_unsaved_words_false_when_fresh_true_after_typing(
    make_app: Callable[..., PacerApp],
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        assert isinstance(screen, KeepsWords)
        assert screen.has_unsaved_words() is False
        await pilot.press(*"The scan")
        assert screen.has_unsaved_words() is True


async def test_keep_draft_writes_the_last_words_at_once(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        await pilot.press(*"Results on Friday and I")
        screen.keep_draft()  # no pause, no timer: the words typed a moment ago are on disk
        [draft] = drafts(store)
        assert draft["answers"]["situation"] == "Results on Friday and I"
        await pilot.press(*" am scared")
        screen.keep_draft()
        assert drafts(store)[0]["answers"]["situation"] == "Results on Friday and I am scared"
        await pilot.app.workers.wait_for_complete()  # an older write in flight never lands last
        [draft] = drafts(store)
        assert draft["answers"]["situation"] == "Results on Friday and I am scared"


async def test_the_draft_is_written_promptly_without_a_debounce(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press(*"Half a thought")
        await pilot.app.workers.wait_for_complete()  # the writer is a worker, not a timer
        [draft] = drafts(store)
        assert draft["answers"]["situation"] == "Half a thought"


async def test_kept_words_come_back_after_a_restart(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        await pilot.press(*"The wait", "tab", "7")
        screen.keep_draft()
        first_id = screen.flow.id
    async with make_app().run_test(size=SIZE) as pilot:
        open_reappraisal(pilot.app)
        await pilot.pause()
        assert isinstance(pilot.app.screen, DraftChoiceScreen)
        await pilot.press("enter")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ReappraiseScreen) and screen.flow.id == first_id
        assert screen.query_one("#f-situation", TextArea).text == "The wait"
        assert screen.flow.answers["stress_before"] == "7"


async def test_draft_words_are_shown_harmless(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    store.update_document("drafts.json", lambda d: {**d, "drafts": [
        {"id": "11111111-1111-4111-8111-111111111111", "kind": "reappraisal",
         "step": "situation", "updated": "2025-03-12T15:00:00+01:00",
         "answers": {"situation": EVIL}}]})
    async with make_app().run_test(size=SIZE) as pilot:
        open_reappraisal(pilot.app)
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, DraftChoiceScreen)
        shown = str(dialog.query_one("#draft-words", Static).render())
        assert SHOWN in shown and "\u001b" not in shown
        await pilot.press("enter")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ReappraiseScreen)
        assert screen.query_one("#f-situation", TextArea).text == SHOWN


async def test_the_routines_short_flow_keeps_its_words_as_a_part_way_entry(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await start(pilot, ReappraisalFlow.short("My scan", routine=True))
        assert screen.has_unsaved_words() is False
        await pilot.press("space", "ctrl+n")
        await pilot.pause()
        await pilot.press(*"The new scanner")
        assert screen.has_unsaved_words() is True
        screen.keep_draft()
        [entry] = store.read_log("journal.jsonl")
        assert entry["complete"] is False
        assert entry["answers"]["novel"][0]["answer"] == "The new scanner"
        assert screen.has_unsaved_words() is False
    assert len(store.read_log("journal.jsonl")) == 1  # not saved twice on the way out
    assert drafts(store) == []
