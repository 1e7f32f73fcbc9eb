"""Unit tests of the small pure pieces behind the widgets: bars, times, the dome's geometry."""

from __future__ import annotations

import pytest

from pacer.domain.patterns import BUILTIN
from pacer.domain.timeline import Timeline
from pacer.screens.session import next_text_change, seconds_until_change
from pacer.widgets.breath_visual import BLOCKS, Geometry
from pacer.widgets.format import minutes_text, mmss
from pacer.widgets.meter import eighths_bar


@pytest.mark.parametrize(
    ("fraction", "bar"),
    [
        (0.0, "    "),
        (0.5, "██  "),
        (1 / 32, "▏   "),
        (0.59375, "██▍ "),
        (1.0, "████"),
        (2.0, "████"),
    ],
)
def test_eighths_bar(fraction: float, bar: str) -> None:
    assert eighths_bar(fraction, 4) == bar


def test_times_read_as_people_expect() -> None:
    assert mmss(0) == "0:00" and mmss(59.99) == "0:59" and mmss(61) == "1:01"
    assert mmss(0.2, round_up=True) == "0:01" and mmss(60.0, round_up=True) == "1:00"
    assert minutes_text(0) == "0 min" and minutes_text(30) == "under 1 min"
    assert minutes_text(90) == "2 min" and minutes_text(600) == "10 min"


def test_the_dome_is_symmetric_rises_with_level_and_stays_in_its_box() -> None:
    geometry = Geometry.for_size(50, 12)
    previous = -1
    for level in range(geometry.levels + 1):
        rows = geometry.rows_text(level)
        assert len(rows) == geometry.rows and all(len(row) == 50 for row in rows)
        assert all(row == row[::-1] for row in rows)  # a mirror image
        filled = sum(BLOCKS.index(cell) for row in rows for cell in row)
        assert filled >= previous  # a higher level never shows less
        previous = filled
    top = geometry.rows_text(geometry.levels)[0]
    assert "█" in top  # full lungs reach the top row
    assert geometry.rows_text(0)[-1].strip()  # empty lungs still show a small dome


def test_level_for_is_monotonic_and_covers_every_level() -> None:
    geometry = Geometry.for_size(50, 12)
    levels = [geometry.level_for(i / 1000) for i in range(1001)]
    assert levels == sorted(levels)
    assert levels[0] == 0 and levels[-1] == geometry.levels
    assert Geometry.for_size(0, 0).level_for(0.7) == 0  # not laid out yet: nothing to draw


def test_next_text_change_is_the_next_whole_second_shown() -> None:
    timeline = Timeline.for_minutes(BUILTIN["coherent"], 1)  # 5.5 s phases
    state = timeline.at(1.2)  # countdown 5 (4.3 s left) changes at 1.5; elapsed at 2.0
    assert next_text_change(state) == pytest.approx(0.3)
    state = timeline.at(5.4)  # 0.1 s to the exhale
    assert next_text_change(state) == pytest.approx(0.1)


def test_seconds_until_change_finds_the_first_instant_a_key_changes() -> None:
    assert seconds_until_change(lambda t: int(t * 4), 0.1, 1.0) == pytest.approx(0.15, abs=0.005)
    assert seconds_until_change(lambda t: 3, 0.0, 1.0) is None
    assert seconds_until_change(lambda t: int(t), 0.0, 0.0) is None


def test_opening_the_app_module_stays_light() -> None:
    """Launch time is measured: sound, numpy and the session screen load only when needed."""
    import subprocess
    import sys

    code = (
        "import sys, pacer.app\n"
        "heavy = ('numpy', 'pydub', 'miniaudio', 'pacer_audio', 'pacer.screens.session',"
        " 'pacer.screens.breathe')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
