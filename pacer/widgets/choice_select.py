"""A Select whose open list marks the line Enter would choose with ``▸``, not colour alone.

Closed, a Select already writes the chosen value out in words. Open, Textual's list showed
where the cursor was (and so which option was current) by background colour only, which is
lost under NO_COLOR. This one opens a :class:`ChoiceList` instead; everything else is
Textual's Select, unchanged (its messages, keys and CSS all apply).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Select
from textual.widgets._select import SelectCurrent, SelectOverlay, SelectType

from pacer.widgets.choice_list import ChoiceList


class ChoiceSelectOverlay(SelectOverlay, ChoiceList):
    """Textual's pop-up list for a Select, with the ``▸`` gutter of a ChoiceList.

    SelectOverlay comes first: Textual finds CSS types (and ``query_one(SelectOverlay)``) along
    the first base only; SelectOverlay draws nothing itself, so ChoiceList's drawing is used.
    """


class ChoiceSelect(Select[SelectType]):
    """A Select that opens a list with the ``▸`` mark."""

    def compose(self) -> ComposeResult:
        """As Select.compose (textual pinned to 8.2.8), with the marked overlay."""
        yield SelectCurrent(self.prompt)
        yield ChoiceSelectOverlay(type_to_search=self._type_to_search).data_bind(
            compact=Select.compact
        )
