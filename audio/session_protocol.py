"""What the audio code reads from a breathing session, as a protocol.

Its own small module so the player (imported when a session starts, numpy-free) and the mixer
(numpy) share one definition without the player importing the mixer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from pacer.domain.timeline import Timeline


class SessionLike(Protocol):
    """What the mixer reads from a session (pacer.domain.session.Session fits)."""

    @property
    def started(self) -> bool: ...

    @property
    def paused(self) -> bool: ...

    @property
    def ended(self) -> bool: ...

    def elapsed(self) -> float: ...


class SessionWithTimeline(SessionLike, Protocol):
    """A running session the player can follow (pacer.domain.session.Session fits)."""

    @property
    def timeline(self) -> Timeline: ...
