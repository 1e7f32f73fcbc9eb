"""Finish lines: the list, the add/edit form, the details, the gentle review, and "reached".

One screen per module; ``from pacer.screens.goals import GoalsScreen`` is what the app uses.
The screens reach the data only through ``host(self).services.goals`` and ``.drafts``.
"""

from __future__ import annotations

from pacer.screens.goals.detail import GoalDetailScreen
from pacer.screens.goals.form import GoalFormScreen
from pacer.screens.goals.list import GoalsScreen
from pacer.screens.goals.reached import ReachedScreen
from pacer.screens.goals.review import ReviewScreen

__all__ = ["GoalDetailScreen", "GoalFormScreen", "GoalsScreen", "ReachedScreen", "ReviewScreen"]
