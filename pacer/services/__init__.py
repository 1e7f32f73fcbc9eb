"""Typed services between the screens (and the command line) and the store.

Built once by the app (:meth:`Services.open`) and handed to every screen as ``app.services``;
screens never import :mod:`pacer.store` and never name a file. No Textual here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pacer.services.appointments import Appointments
from pacer.services.base import Listing, Record, RecordGone, SaveError
from pacer.services.drafts import Drafts
from pacer.services.goals import Goals
from pacer.services.journal import Journal
from pacer.services.patterns import Patterns
from pacer.services.sessions import Sessions
from pacer.services.settings import SettingsService
from pacer.store import Store


@dataclass(frozen=True)
class Services:
    """Every service over one data folder."""

    sessions: Sessions
    journal: Journal
    goals: Goals
    appointments: Appointments
    patterns: Patterns
    drafts: Drafts
    settings: SettingsService
    #: The data folder, for the settings screen's "where is my data" line.
    folder: Path

    @classmethod
    def open(cls, store: Store) -> Services:
        return cls(
            sessions=Sessions(store),
            journal=Journal(store),
            goals=Goals(store),
            appointments=Appointments(store),
            patterns=Patterns(store),
            drafts=Drafts(store),
            settings=SettingsService(store),
            folder=store.root,
        )


class HasServices(Protocol):
    """What a screen needs of its app: ``cast(HasServices, self.app).services``."""

    services: Services


__all__ = ["HasServices", "Listing", "Record", "RecordGone", "SaveError", "Services"]
