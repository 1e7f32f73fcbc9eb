"""An option list that marks the highlighted line with ``▸`` as well as with colour.

In Pacer the highlighted line of a list is the choice (the pattern Breathe will start, the
appointment the routine is for, the review answer) or the one row the keys act on. Textual's
OptionList shows it by background colour alone, which vanishes under NO_COLOR and in some
themes. This list keeps a two-cell gutter on the left and draws ``▸ `` there for the
highlighted option (on its first line) and blanks for the others, so the choice reads in text,
even when focus has moved to another field.

It is a drop-in OptionList: same messages (``OptionList.OptionSelected`` ...), same CSS type.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import OptionList

MARK = "▸ "
BLANK = " " * len(MARK)


class ChoiceList(OptionList):
    """An OptionList whose highlighted option starts with ``▸``."""

    def _get_left_gutter_width(self) -> int:
        """Room on the left for the mark; the options are laid out in what is left."""
        return len(MARK)

    def _line_style_class(self, index: int) -> str:
        """The component class OptionList paints this option with, so the gutter matches."""
        if self.options[index].disabled:
            return "option-list--option-disabled"
        if self.highlighted == index:
            return "option-list--option-highlighted"
        if self._mouse_hovering_over == index:
            return "option-list--option-hover"
        return ""

    def render_line(self, y: int) -> Strip:
        """The option's line with the mark (or blanks) in front of it."""
        strip = super().render_line(y)
        try:
            index, line_offset = self._lines[self.scroll_offset.y + y]
        except IndexError:  # below the last option: OptionList drew a full-width blank
            return strip
        component = self._line_style_class(index)
        style = (self.get_visual_style("option-list--option", component) if component
                 else self.get_visual_style("option-list--option"))
        mark = MARK if line_offset == 0 and index == self.highlighted else BLANK
        gutter = Strip([Segment(mark, style.rich_style)], len(mark)).apply_meta({"option": index})
        width = self.scrollable_content_region.width
        return Strip.join([gutter, strip]).crop(0, width)
