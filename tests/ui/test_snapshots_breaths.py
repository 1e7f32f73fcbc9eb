"""Snapshots of Breathe with the length counted in breaths, at 80x24 under NO_COLOR: the chosen
number and the chosen unit each carry a ``▸`` and the unit is in words ("breaths" beside the
numbers and in "Count in"), so the choice reads without colour."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pacer.app import PacerApp

SIZE = (80, 24)


@pytest.fixture
def mono_app(
    make_app: Callable[..., PacerApp], monkeypatch: pytest.MonkeyPatch
) -> Callable[[], PacerApp]:
    """The app as someone with NO_COLOR set sees it."""
    monkeypatch.setenv("NO_COLOR", "1")

    def build() -> PacerApp:
        app = make_app()
        assert app.no_color
        return app

    return build


def test_breathe_4_7_8_in_its_own_breaths(
    snap_compare: Any, mono_app: Callable[[], PacerApp]
) -> None:
    """4-7-8 highlighted: "▸4" breaths chosen for it, "Count in  minutes  ▸breaths"."""
    assert snap_compare(mono_app(), terminal_size=SIZE, press=["b", *["down"] * 5])


def test_breathe_any_pattern_in_breaths(
    snap_compare: Any, mono_app: Callable[[], PacerApp]
) -> None:
    """Resonance switched to breaths from the keyboard (tab to "Count in", right), then one
    more breath choice: "▸20"."""
    assert snap_compare(
        mono_app(), terminal_size=SIZE, press=["b", "tab", "tab", "right", "shift+tab", "right"]
    )


def test_breathe_typed_breaths(snap_compare: Any, mono_app: Callable[[], PacerApp]) -> None:
    """A typed number of breaths: "Other" chosen, 7 in the box that says "breaths"."""
    assert snap_compare(mono_app(), terminal_size=SIZE, press=["b", *["down"] * 5, "7"])
