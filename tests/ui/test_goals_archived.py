"""Archived finish lines can be seen and brought back (they used to vanish for good)."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import OptionList, Static

from pacer.app import PacerApp
from pacer.screens.goals import GoalsScreen
from pacer.store import Store
from tests.ui.test_goals import make_goal, open_goals, seed_goals, settle, stored


def titles(screen: GoalsScreen) -> list[str]:
    options = screen.query_one("#goal-list", OptionList)
    if not options.display:
        return []
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def archive_key(screen: GoalsScreen) -> str:
    """Whichever key archives (the key map may move it): read from the screen's bindings."""
    for key, bindings in screen._bindings.key_to_bindings.items():
        if any(binding.action == "archive" for binding in bindings):
            return key
    raise AssertionError("no archive key")


def empty_text(screen: GoalsScreen) -> str:
    widget = screen.query_one("#goals-empty", Static)
    return str(widget.render()) if widget.display else ""


async def test_archiving_the_only_one_says_where_it_went(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed_goals(store, make_goal("Learn three songs", "g-songs"))
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_goals(pilot)
        await pilot.press(archive_key(screen))
        await settle(pilot)
        assert stored(store)["g-songs"]["archived"] is True
        assert "No finish lines yet" not in empty_text(screen)
        assert "1 archived" in empty_text(screen)


async def test_the_archived_view_lists_them_and_u_brings_one_back(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed_goals(
        store,
        make_goal("Cook for Jo", "g-jo"),
        make_goal("Learn three songs", "g-songs", archived=True),
    )
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_goals(pilot)
        assert not any("Learn three songs" in t for t in titles(screen))
        await pilot.press("o")
        await pilot.pause()
        assert screen.showing_archived
        assert [t for t in titles(screen) if "Learn three songs" in t]
        assert not any("Cook for Jo" in t for t in titles(screen))
        assert screen.check_action("archive", ()) is False  # already put away
        await pilot.press("u")
        await settle(pilot)
        assert stored(store)["g-songs"]["archived"] is False
        # Back in the list of current ones, with it highlighted.
        assert not screen.showing_archived
        assert screen.highlighted is not None and screen.highlighted["id"] == "g-songs"


async def test_an_empty_archive_says_so(make_app: Callable[..., PacerApp], store: Store) -> None:
    seed_goals(store, make_goal("Cook for Jo", "g-jo"))
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_goals(pilot)
        await pilot.press("o")
        await pilot.pause()
        assert "Nothing is archived" in empty_text(screen)
        await pilot.press("o")
        await pilot.pause()
        assert any("Cook for Jo" in t for t in titles(screen))


async def test_a_long_title_is_shown_whole_under_the_list(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    title = "Walk the whole coast path from the harbour to the lighthouse with Sam and the dog"
    seed_goals(store, make_goal(title, "g-long"))
    async with make_app().run_test(size=(100, 32)) as pilot:
        screen = await open_goals(pilot)
        from tests.ui.test_goals import shown_text

        summary = " ".join(shown_text(screen.query_one("#goal-summary", Static)).split())
        assert title in summary
