"""Launch stays fast: what the first frame does not need is not loaded, nor parsed twice.

Pacer's launch is measured against a bare Textual app (bench/bench_tui_launch.py, target 1.2x).
These checks keep the deferrals that got it there from quietly coming undone: each one runs a
fresh interpreter (so earlier tests' imports do not count) and looks at `sys.modules`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Needed only once a person goes somewhere or starts something: never before the first frame.
DEFERRED = (
    "numpy", "pydub", "miniaudio", "pacer_audio.player", "pacer_audio.mixer", "pacer_audio.cues",
    "pacer.screens.breathe", "pacer.screens.session", "pacer.screens.calm",
    "pacer.screens.goals", "pacer.screens.history", "pacer.screens.settings",
    "pacer.screens.journal", "pacer.screens.appointments", "pacer.screens.custom_patterns",
    "pacer.screens.reappraise", "pacer.screens.welcome", "pacer.screens.help",
    "pacer.screens.dialogs", "pacer.commands", "pacer.calm_plain", "pacer.store.tools",
    "pacer.check_in_plain",
    "pacer.widgets.breath_visual", "pacer.widgets.charts", "pacer.widgets.nuts_form",
    # What only a subcommand uses (pacer.cli imports it inside the command).
    "pacer.plain", "pacer.cli_records", "pacer.cli_output", "pacer.arguments",
    "pacer.domain.arguments", "pacer_audio", "pacer.domain.custom_patterns",
    "pacer.domain.history", "pacer.screens.check_in",
    # Find your pace: opened from Breathe, the palette or `breathe --find-pace` only.
    "pacer.screens.find_pace", "pacer.domain.pace_finder", "pacer.pace_plain",
    "pacer.services.pace",
    # Services Today never uses (Services builds each one on first use).
    "pacer.services.patterns",
    # The store's merge helpers (only export/import uses them).
    "pacer.store.records",
    # The visit sheet and the calendar file: only when one is asked for.
    "icalendar", "pacer.domain.calendar", "pacer.domain.sheet", "pacer.screens.visit_sheet",
    "pacer.services.sheets",
)
# Today shows these a frame after the first one (the finish line, the next appointment, a
# draft, the sprint's action to do today), so they may load then, but never before: not when
# the app is imported.
AFTER_FIRST_FRAME = (
    "pacer.services.journal",
    "pacer.services.goals", "pacer.services.appointments", "pacer.services.drafts",
    "pacer.domain.goals", "pacer.domain.dates", "pacer.domain.appointments",
    "pacer.domain.drafts", "pacer.domain.reappraisal", "pacer.domain.patterns",
    "pacer.domain.timeline", "pacer.domain.session", "pacer.domain.checkin", "pacer.domain.wait",
)

FIRST_FRAME = """
import asyncio, json, sys, tempfile
from pathlib import Path
import pacer.cli
from pacer.app import PacerApp
from pacer.store import Store

async def main():
    app = PacerApp(Store(Path(tempfile.mkdtemp())), sound=False, first_run_notes=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen", app.screen
        print(json.dumps(sorted(sys.modules)))

asyncio.run(main())
"""


def modules_after(code: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return list(json.loads(result.stdout.strip().splitlines()[-1]))


def loaded(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == n or m.startswith(n + ".") for n in names)]


def test_importing_the_app_loads_nothing_the_first_frame_does_not_need() -> None:
    modules = modules_after("import json, sys, pacer.app; print(json.dumps(sorted(sys.modules)))")

    assert "pacer.screens.home" in modules  # the check sees what is imported
    assert loaded(modules, DEFERRED + AFTER_FIRST_FRAME) == []


def test_plain_pacer_reaches_the_app_without_loading_the_subcommands(tmp_path: Path) -> None:
    """`pacer` on its own parses its options without building every subcommand's parser."""
    code = (
        "import json, sys, pacer.cli as cli\n"
        "def opened(store, args, **_):\n"
        "    print(json.dumps(sorted(sys.modules)))\n"
        "    return 0\n"
        "cli._open_tui = opened\n"
        f"raise SystemExit(cli.main(['--no-sound', '--data-dir', {str(tmp_path)!r}]))\n"
    )
    modules = modules_after(code)
    assert "pacer.store" in modules
    assert loaded(modules, DEFERRED + AFTER_FIRST_FRAME) == []


def test_launching_to_the_first_frame_loads_nothing_it_does_not_need() -> None:
    modules = modules_after(FIRST_FRAME)
    assert "textual.widgets._footer" in modules
    assert loaded(modules, DEFERRED) == []


@pytest.mark.parametrize("theme", ["pacer-dark", "pacer-light"])
async def test_the_stylesheet_is_parsed_once_at_launch_with_the_saved_theme(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, theme: str
) -> None:
    """Setting the theme in the app's constructor used to queue a full re-parse of every
    stylesheet (~15 ms of launch) that the start-up then parsed again anyway."""
    from textual.css.stylesheet import Stylesheet

    from pacer.app import PacerApp
    from pacer.store import Store
    from pacer.themes import THEMES

    reparses: list[int] = []
    original = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        reparses.append(1)
        original(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    store = Store(tmp_path / "data")
    store.save_settings({"theme": theme})
    app = PacerApp(store, sound=False, first_run_notes=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert reparses == []
        assert app.theme == theme and app.has_class(f"-theme-{theme}")
        [chosen] = [t for t in THEMES if t.name == theme]
        assert app.screen.styles.background.hex.lower() == str(chosen.background).lower()
        app.theme = "pacer-contrast"  # a later change still takes effect at once
        await pilot.pause()
        assert reparses and app.has_class("-theme-pacer-contrast")


@pytest.mark.parametrize(("size", "expected"), [((80, 24), {"-wide", "-tall"}),
                                                 ((40, 12), {"-narrow", "-short"})])
async def test_the_first_screen_has_its_size_classes_before_it_is_first_styled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int], expected: set[str]
) -> None:
    """Textual adds -wide/-tall... on the screen's first resize, which restyled the whole
    screen a second time before the first frame; they are now there from the start."""
    from textual.dom import DOMNode

    from pacer.app import PacerApp
    from pacer.screens.home import HomeScreen
    from pacer.store import Store

    changes: list[tuple[frozenset[str], frozenset[str]]] = []
    original = DOMNode.update_classes

    def watched(self: DOMNode, classes: dict[str, bool], *args: object, **kwargs: object) -> object:
        before = frozenset(self.classes)
        result = original(self, classes, *args, **kwargs)  # type: ignore[arg-type]
        if isinstance(self, HomeScreen) and frozenset(self.classes) != before:
            changes.append((before, frozenset(self.classes)))
        return result

    monkeypatch.setattr(DOMNode, "update_classes", watched)
    app = PacerApp(Store(tmp_path / "data"), sound=False, first_run_notes=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and expected <= app.screen.classes
    assert changes == []
