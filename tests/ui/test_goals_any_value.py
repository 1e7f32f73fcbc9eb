"""Any JSON value in any field of a goal, written to goals.json by hand: the finish-line screens
open, list, show and review without raising, and the file is left as it was."""

from __future__ import annotations

import asyncio
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from textual.widgets import Static

from pacer.app import PacerApp
from pacer.clock import FakeClock
from pacer.domain.records import Goal, Rejected, check
from pacer.screens.goals import GoalsScreen
from pacer.store import Store
from tests.ui.conftest import WALL_NOW
from tests.ui.test_goals import make_goal

FIELDS = [
    "id", "title", "kind", "status", "check_in", "target", "area", "why", "who", "next_step",
    "route_b", "archived", "created", "updated", "last_reviewed", "archived_at", "reached",
]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from(
        ["9999-12-31", "0001-01-01", "9999-12-31T23:30:00-05:00", "2025-13-01", "reached",
         "", "\u001b]0;TITLE\u0007\u001b[2J[b]x", "[bold]"]
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)


async def visit_every_goal_screen(folder: Path, odd: dict[str, Any]) -> PacerApp:
    app = PacerApp(
        Store(folder),
        clock=FakeClock(start=1000.0),
        wall_clock=lambda: WALL_NOW,
        sound=False,
        reduced_motion=False,
        first_run_notes=False,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        screen = GoalsScreen()
        await app.push_screen(screen)
        await pilot.pause()
        # The good goal is listed, unless the odd id made the whole file unreadable; the odd
        # one is listed if it fits a finish line, else named as a problem (and not listed).
        problems = str(screen.query_one("#goals-problems", Static).render())
        if screen.error is None:
            ids = [goal["id"] for goal in screen.goals]
            fits = not isinstance(check(Goal, odd, "goals.json goals[1]"), Rejected)
            assert ids == (["g-rome", "g-odd"] if fits else ["g-rome"])
            assert ("goals.json goals[1]: " in problems) is not fits
        for move in ("home", "down"):  # open each listed goal's details, then come back
            await pilot.press(move)
            await pilot.pause()
            if screen.highlighted is not None:
                await pilot.press("enter")
                await pilot.pause()
                assert app.screen is not screen
                await pilot.press("escape")
                await pilot.pause()
        if screen.check_action("review", ()):
            await pilot.press("v")
            await pilot.pause()
            for _ in range(3):  # look at each goal in the review, skipping without saving
                if app.screen is screen:
                    break
                app.screen.choose("skip")  # type: ignore[attr-defined]
                await pilot.pause()
        assert app.screen is screen
    return app


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(field=st.sampled_from(FIELDS), value=json_values)
@example(field="title", value=5)
@example(field="next_step", value={"a": 1})
@example(field="kind", value=["milestone"])
@example(field="check_in", value="9999-12-31")
@example(field="last_reviewed", value="9999-12-31T23:30:00-05:00")
def test_any_json_value_in_any_goal_field_never_breaks_the_screens(
    field: str, value: Any
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        folder.mkdir(mode=0o700)
        odd = {**make_goal("Odd one", "g-odd", next_step="a step"), field: value}
        good = make_goal("Visit Rome", "g-rome", next_step="Look at flights")
        text = json.dumps({"schema": 1, "goals": [good, odd]}, ensure_ascii=False, indent=2)
        (folder / "goals.json").write_text(text, encoding="utf-8")
        asyncio.run(visit_every_goal_screen(folder, odd))
        assert (folder / "goals.json").read_text(encoding="utf-8") == text
