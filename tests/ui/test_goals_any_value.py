"""Any JSON value in any field of a goal, written to goals.json by hand: the finish-line screens
open, list, show and review without raising, name the record if it does not fit, and leave the
file as it was.

One app serves every example (starting an app per example would take minutes on a busy
machine): hypothesis runs in a thread and hands each example to the app's event loop.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from textual.pilot import Pilot
from textual.widgets import Static

from pacer.app import PacerApp
from pacer.domain.records import Goal, Rejected, check
from pacer.screens.goals import GoalsScreen, ReviewScreen
from pacer.screens.home import HomeScreen
from pacer.store import Store
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


async def visit_every_goal_screen(pilot: Pilot[None], odd: dict[str, Any]) -> None:
    """Open the list, the odd goal's summary and details, and the whole review; come back."""
    app = pilot.app
    assert app.is_running, "the app stopped during an earlier example"
    screen = GoalsScreen()
    await app.push_screen(screen)
    await pilot.pause()
    # The good goal is listed, unless the odd id made the whole file unreadable; the odd one
    # is listed if it fits a finish line, else named as a problem (and not listed).
    problems = str(screen.query_one("#goals-problems", Static).render())
    if screen.error is None:
        ids = [goal["id"] for goal in screen.goals]
        fits = not isinstance(check(Goal, odd, "goals.json goals[1]"), Rejected)
        assert ids == (["g-rome", "g-odd"] if fits else ["g-rome"])
        assert ("goals.json goals[1]: " in problems) is not fits
    await pilot.press("down")  # the odd one's summary, if it is listed; then its details
    if screen.highlighted is not None:
        await pilot.press("enter")
        assert app.screen is not screen
        await pilot.press("escape")
    if screen.check_action("review", ()):
        await pilot.press("v")
        for _ in range(3):  # look at each goal in the review, skipping without saving
            review = app.screen
            if not isinstance(review, ReviewScreen):
                break
            review.choose("skip")
            await pilot.pause()
    assert app.screen is screen
    await pilot.press("escape")
    assert isinstance(app.screen, HomeScreen)


async def test_any_json_value_in_any_goal_field_never_breaks_the_screens(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    store.root.mkdir(mode=0o700, parents=True, exist_ok=True)
    goals_file = store.root / "goals.json"
    async with make_app().run_test(size=(80, 24)) as pilot:
        loop = asyncio.get_running_loop()

        # No shrinking: an example that broke the app would leave it stopped for the rest.
        @settings(
            max_examples=20,
            deadline=None,
            phases=[Phase.explicit, Phase.reuse, Phase.generate],
            suppress_health_check=[HealthCheck.too_slow],
        )
        @given(field=st.sampled_from(FIELDS), value=json_values)
        @example(field="title", value=5)
        @example(field="next_step", value={"a": 1})
        @example(field="kind", value=["milestone"])
        @example(field="check_in", value="9999-12-31")
        @example(field="last_reviewed", value="9999-12-31T23:30:00-05:00")
        def every_screen_copes(field: str, value: Any) -> None:
            odd = {**make_goal("Odd one", "g-odd", next_step="a step"), field: value}
            good = make_goal("Visit Rome", "g-rome", next_step="Look at flights")
            text = json.dumps({"schema": 1, "goals": [good, odd]}, ensure_ascii=False, indent=2)
            goals_file.write_text(text, encoding="utf-8")
            visit = asyncio.run_coroutine_threadsafe(visit_every_goal_screen(pilot, odd), loop)
            visit.result(timeout=60)
            assert goals_file.read_text(encoding="utf-8") == text

        await asyncio.to_thread(every_screen_copes)
