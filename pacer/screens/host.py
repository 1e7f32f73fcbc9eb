"""What a screen may use of the app, typed: ``host(self).services`` instead of ``self.app.store``.

Screens cannot import :mod:`pacer.app` (it imports them), so the app's promise to its screens is
this Protocol; :class:`pacer.app.PacerApp` satisfies it, and the type checker holds it to that.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, cast

from pacer.clock import Clock

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from pacer.domain.patterns import Pattern
    from pacer.screens.dialogs import SessionOutcome
    from pacer.services import Services


class PacerHost(Protocol):
    """The app as its screens see it."""

    services: Services
    clock: Clock
    wall_clock: Callable[[], datetime]
    #: Every setting with a usable value (see :class:`pacer.services.settings.LoadedSettings`).
    settings: dict[str, Any]
    reduced_motion: bool
    sound: bool
    #: Data problems already shown in a notice this run (the startup one, Today's): each once.
    said_problems: set[str]

    def apply_settings(self, changes: dict[str, Any], *, save: bool = True) -> bool: ...

    def begin_session(
        self,
        pattern: Pattern,
        minutes: float,
        from_chooser: bool = False,
        *,
        breaths: int | None = None,
    ) -> None: ...

    def action_welcome(self) -> None: ...

    def show_summary(self, outcome: SessionOutcome) -> None:
        """After a session: back to Today and a short note of what was kept."""
        ...

    def leave(self, reason: str = "quit") -> None:
        """The one way out: keep every draft and running session, then exit."""
        ...


def host(node: DOMNode) -> PacerHost:
    """The running Pacer app of a screen or widget."""
    return cast("PacerHost", node.app)


def wall_now(node: DOMNode) -> datetime:
    """The app's wall clock (injectable: tests freeze it), for timestamps people read."""
    return host(node).wall_clock()
