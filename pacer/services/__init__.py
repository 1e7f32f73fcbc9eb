"""Typed services between the screens (and the command line) and the store.

Built once by the app (:meth:`Services.open`) and handed to every screen as ``app.services``;
screens never import :mod:`pacer.store` and never name a file. No Textual here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from pacer.services.base import Listing, Record, RecordGone, SaveError
from pacer.store import Store

if TYPE_CHECKING:
    from pacer.services.appointments import Appointments
    from pacer.services.drafts import Drafts
    from pacer.services.goals import Goals
    from pacer.services.journal import Journal
    from pacer.services.patterns import Patterns
    from pacer.services.sessions import Sessions
    from pacer.services.settings import SettingsService

T = TypeVar("T")


class Services:
    """Every service over one data folder.

    Each service (and its module, with the domain code it needs) is built the first time it is
    used: Today's first frame needs only the settings and this week's sessions, and launch is
    timed against a bare Textual app. Safe to use from several threads (one instance each).
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._built: dict[str, object] = {}
        self._lock = threading.Lock()
        #: The data folder, for the settings screen's "where is my data" line.
        self.folder: Path = store.root

    @classmethod
    def open(cls, store: Store) -> Services:
        return cls(store)

    def _service(self, name: str, build: Callable[[Store], T]) -> T:
        """The one ``name`` service, built by ``build`` on first use."""
        with self._lock:
            service = self._built.get(name)
            if service is None:
                service = self._built[name] = build(self._store)
        return service  # type: ignore[return-value]  # stored by this method under its name

    @property
    def sessions(self) -> Sessions:
        from pacer.services.sessions import Sessions

        return self._service("sessions", Sessions)

    @property
    def journal(self) -> Journal:
        from pacer.services.journal import Journal

        return self._service("journal", Journal)

    @property
    def goals(self) -> Goals:
        from pacer.services.goals import Goals

        return self._service("goals", Goals)

    @property
    def appointments(self) -> Appointments:
        from pacer.services.appointments import Appointments

        return self._service("appointments", Appointments)

    @property
    def patterns(self) -> Patterns:
        from pacer.services.patterns import Patterns

        return self._service("patterns", Patterns)

    @property
    def drafts(self) -> Drafts:
        from pacer.services.drafts import Drafts

        return self._service("drafts", Drafts)

    @property
    def settings(self) -> SettingsService:
        from pacer.services.settings import SettingsService

        return self._service("settings", SettingsService)


class HasServices(Protocol):
    """What a screen needs of its app: ``cast(HasServices, self.app).services``."""

    services: Services


__all__ = ["HasServices", "Listing", "Record", "RecordGone", "SaveError", "Services"]
