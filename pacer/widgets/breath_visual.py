"""The breath picture: a soft dome that rises on the in-breath and settles on the out-breath.

Why a dome: it reads at a glance as "filling up" without words, it stays calm (no spinning, no
flashing) and its rounded top gets sub-cell smoothness from the eighth blocks ▁▂▃▄▅▆▇█, so the
growth looks continuous even though a terminal only has whole cells.

The widget never reads a clock and never animates by itself. Its owner hands it the eased lung
`fullness` (0..1, computed by the domain timeline) and it redraws only when the *quantised*
picture changes. `level_for()` exposes that quantisation so the owner can work out when the
picture will next change and sleep until then instead of redrawing at a fixed frame rate.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

# Eighth blocks, index = eighths filled from the bottom of a cell.
BLOCKS = " ▁▂▃▄▅▆▇█"

# A terminal cell is about twice as tall as it is wide; this keeps the dome round, not tall.
CELL_ASPECT = 2.0

# The drawing is centred in the widget and at most this wide: a dome in the middle of a wide
# terminal, with a short horizon, is calmer than a horizon from edge to edge. Centring inside
# the widget (rather than in a container) also keeps the widget tree, and each frame, small.
MAX_DRAW_WIDTH = 50

# The smallest dome, as a share of the largest: empty lungs still show a small ember, so the
# picture never vanishes (a vanishing picture can read as "something went wrong").
MIN_RADIUS_SHARE = 0.2


class BreathVisual(Widget):
    """A dome whose radius follows the fullness of the lungs, drawn with eighth blocks."""

    DEFAULT_CSS = """
    BreathVisual {
        width: 1fr;
        height: 1fr;
        min-height: 4;
    }
    BreathVisual > .breath-visual--fill {
        color: $primary-darken-1;
    }
    BreathVisual > .breath-visual--glow {
        color: $primary-lighten-2;
    }
    BreathVisual > .breath-visual--horizon {
        color: $foreground 25%;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "breath-visual--fill",
        "breath-visual--glow",
        "breath-visual--horizon",
    }

    def __init__(
        self,
        fullness: float = 0.0,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._fullness = min(1.0, max(0.0, fullness))
        self._geometry = Geometry.for_size(0, 0)
        self._drawn_level: int | None = None
        self._rows: list[str] = []  # the drawn picture's dome rows, as text
        self._strips: list[Strip] = []  # the drawn picture, one strip per row
        self._row_styles: list[Style] | None = None
        self._horizon: Strip | None = None
        self.redraws = 0  # how many times the picture changed; read by tests and the benchmark

    # --- geometry (cached: reading `self.size` is not free, and this runs many times a frame) --

    @property
    def levels(self) -> int:
        """How many different pictures fit this size: one per eighth of a row the top can move."""
        return self._geometry.levels

    def level_for(self, fullness: float) -> int:
        """The quantised picture for a fullness; the picture changes only when this changes."""
        return self._geometry.level_for(fullness)

    @property
    def fullness(self) -> float:
        return self._fullness

    @property
    def level(self) -> int:
        """The picture currently wanted (the last one drawn, once the screen has refreshed)."""
        return self.level_for(self._fullness)

    def show(self, fullness: float) -> bool:
        """Take a new fullness; repaint only the rows that change. Returns True if any do.

        From one level to the next only the top and the sides of the dome move, so about half
        the rows are repainted. (Textual writes a repainted row from the widget's left edge,
        which is why the widget is only as wide as the drawing and a container centres it.)
        """
        self._fullness = min(1.0, max(0.0, fullness))
        level = self.level_for(self._fullness)
        if level == self._drawn_level:
            return False
        if self._drawn_level is None:
            self.refresh()  # nothing drawn yet (or the size changed): draw it all
            return True
        old = self._rows
        self._draw(level)
        width = self._geometry.width
        changed = [
            Region(0, y, width, 1)
            for y, (before, after) in enumerate(zip(old, self._rows, strict=True))
            if before != after
        ]
        if changed:
            self.refresh(*changed)
        return True

    # --- drawing ----------------------------------------------------------------------------

    def on_resize(self) -> None:
        """A new size means new geometry: forget the drawn picture so the next frame redraws."""
        self._geometry = Geometry.for_size(self.size.width, self.size.height)
        self._forget()

    def notify_style_update(self) -> None:
        """New CSS or a new theme: the colours are cached, so drop them."""
        super().notify_style_update()
        self._forget()

    def _forget(self) -> None:
        self._drawn_level = None
        self._rows, self._strips = [], []
        self._row_styles = None
        self._horizon = None
        self.refresh()

    def _styles(self) -> list[Style]:
        """One style per dome row, fading from the deep fill at the bottom to the glow on top."""
        if self._row_styles is None:
            base = self.rich_style
            fill = self.get_component_styles("breath-visual--fill").color
            glow = self.get_component_styles("breath-visual--glow").color
            rows = self._geometry.rows
            styles = []
            for y in range(rows):
                share = 1.0 - y / max(1, rows - 1)  # 1 at the top row, 0 at the bottom
                colour: Color = fill.blend(glow, share)
                styles.append(base + Style(color=colour.rich_color))
            self._row_styles = styles
        return self._row_styles

    def _horizon_strip(self) -> Strip:
        if self._horizon is None:
            colour = self.get_component_styles("breath-visual--horizon").color
            background = self.rich_style.bgcolor
            # The horizon colour has alpha; blend it onto the background for a solid colour.
            base = Color.from_rich_color(background) if background else Color(0, 0, 0)
            solid = base.blend(colour.with_alpha(1.0), colour.a)
            geometry = self._geometry
            style = self.rich_style + Style(color=solid.rich_color)
            right = geometry.width - geometry.left - geometry.draw
            line = " " * geometry.left + "─" * geometry.draw + " " * right
            self._horizon = Strip([Segment(line, style)], geometry.width)
        return self._horizon

    def _draw(self, level: int) -> None:
        """Compute the picture for one level; rows that did not change keep their strips."""
        geometry = self._geometry
        styles = self._styles()
        rows = geometry.rows_text(level)
        old_rows, old_strips = self._rows, self._strips
        if len(old_rows) != len(rows) or len(old_strips) != len(rows) + 1:
            old_rows, old_strips = [""] * len(rows), [Strip([])] * (len(rows) + 1)
        self._strips = [
            old_strips[y]
            if text == old_rows[y]
            else Strip([Segment(text, styles[y])], geometry.width)
            for y, text in enumerate(rows)
        ]
        self._strips.append(self._horizon_strip())
        self._rows = rows
        self._drawn_level = level
        self.redraws += 1

    def render_line(self, y: int) -> Strip:
        """One row of the picture: dome rows, then the horizon on the last row."""
        if self._drawn_level is None:
            self._draw(self.level_for(self._fullness))
        if 0 <= y < len(self._strips):
            return self._strips[y]
        return Strip.blank(self._geometry.width, self.rich_style)


@dataclass(frozen=True)
class Geometry:
    """Everything about the dome that depends only on the widget's size."""

    width: int  # the widget's width
    draw: int  # the drawing's width, centred in the widget
    left: int  # blank columns to the left of the drawing
    rows: int  # rows the dome may use: all but the last, which holds the horizon
    smallest: float  # radius in rows at empty lungs
    largest: float  # radius in rows at full lungs
    levels: int

    @classmethod
    def for_size(cls, width: int, height: int) -> Geometry:
        rows = max(0, height - 1)
        draw = min(width, MAX_DRAW_WIDTH) // 2 * 2  # even, so the dome is exactly symmetric
        largest = max(0.0, min(float(rows), (draw / 2 - 1) / CELL_ASPECT))
        smallest = largest * MIN_RADIUS_SHARE
        levels = max(1, round((largest - smallest) * 8))
        return cls(width, draw, (width - draw) // 2, rows, smallest, largest, levels)

    def level_for(self, fullness: float) -> int:
        if self.width <= 0 or self.rows <= 0:
            return 0
        return round(min(1.0, max(0.0, fullness)) * self.levels)

    def half_heights(self, level: int) -> list[int]:
        """Eighths filled in each column of the left half, edge first (so never decreasing)."""
        radius = self.smallest + (self.largest - self.smallest) * level / self.levels
        cap = self.rows * 8
        heights: list[int] = []
        for x in range(self.draw // 2):
            dx = (x + 0.5 - self.draw / 2) / CELL_ASPECT
            rise = math.sqrt(radius * radius - dx * dx) if abs(dx) < radius else 0.0
            heights.append(min(cap, round(rise * 8)))
        return heights

    def rows_text(self, level: int) -> list[str]:
        """The dome's rows, top first, as text the widget's width.

        The dome is symmetric and its left half rises towards the middle, so each row is blank
        cells, a few partial cells, then full cells: found by bisection, not cell by cell.
        """
        half = self.half_heights(level)
        right_pad = " " * (self.width - self.left - self.draw)
        left_pad = " " * self.left
        rows: list[str] = []
        for y in range(self.rows):
            floor = (self.rows - 1 - y) * 8
            first = bisect_right(half, floor)  # first column with anything in this row
            full = bisect_left(half, floor + 8, first)  # first column full in this row
            left = (
                " " * first
                + "".join(BLOCKS[height - floor] for height in half[first:full])
                + "█" * (len(half) - full)
            )
            rows.append(left_pad + left + left[::-1] + right_pad)
        return rows
