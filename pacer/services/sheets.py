"""Visit sheets and the calendar file: made from the records, written where a person asked.

The screens and the command line both come here (screens never import the store): a sheet
needs the appointment and the journal (for the plan B), the calendar needs every appointment
and the computer's named time zone, and writing goes through the store's
:func:`~pacer.store.tools.save_text` (atomic, 0600, never inside the data folder).

Built on demand, ``Sheets(services)``: nothing here loads at launch. Writes may fsync: call
:meth:`Sheets.write` off the event loop.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pacer.domain.sheet import Format, build_sheet, render
from pacer.services import Services
from pacer.services.base import SaveError

#: The calendar file's name in the folder the TUI writes to.
CALENDAR_FILE = "pacer-appointments.ics"


def _zone_key(text: str) -> str | None:
    """The zone name in a ``TZ`` value or a path to a zoneinfo file: "Europe/Paris"."""
    text = text.strip().lstrip(":")
    if "zoneinfo/" in text:
        text = text.rsplit("zoneinfo/", 1)[1]
    return text or None


def computer_zone(environ: Mapping[str, str] | None = None) -> ZoneInfo | None:
    """The computer's named time zone ("Europe/Paris"), or None when it has no name.

    Python gives the local offset but not the zone's name, which a calendar file needs. Read,
    in order: ``TZ``, where ``/etc/localtime`` links to, ``/etc/timezone``. A name that is not
    a zone Python knows, or whose offset now differs from the computer's, is not used (the
    calendar then writes UTC times, which are exact everywhere).
    """
    env = os.environ if environ is None else environ
    candidates: list[str] = []
    if env.get("TZ"):
        candidates.append(env["TZ"])
    else:
        with contextlib.suppress(OSError):
            candidates.append(os.readlink("/etc/localtime"))
        with contextlib.suppress(OSError, UnicodeDecodeError), \
                open("/etc/timezone", encoding="utf-8") as handle:
            candidates.append(handle.read(200))
    now = datetime.now().astimezone()
    for candidate in candidates:
        key = _zone_key(candidate)
        if key is None or key.startswith("/") or ".." in key:
            continue
        try:
            zone = ZoneInfo(key)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            continue
        if now.astimezone(zone).utcoffset() == now.utcoffset():
            return zone
    return None


def default_folder(data_folder: Path, home: Path | None = None) -> Path:
    """Where the TUI writes files: the home folder's Documents if it exists, else home; never
    the data folder or inside it (then the folder that holds the data folder)."""
    base = Path.home() if home is None else home
    data = data_folder.resolve()
    for folder in (base / "Documents", base):
        if folder.is_dir():
            real = folder.resolve()
            if real != data and not real.is_relative_to(data):
                return folder
    return data.parent


class Sheets:
    """Visit sheets and the calendar file over one data folder."""

    def __init__(self, services: Services) -> None:
        self._services = services

    def sheet(
        self, appointment: Mapping[str, Any], kind: Format, *, check_ins: Sequence[str] = ()
    ) -> str:
        """The visit sheet of ``appointment`` (a record from the listing) in ``kind``.

        The plan B comes from the journal; an unreadable journal only means no plan B.
        """
        journal = self._services.journal.entries().items
        return render(build_sheet(appointment, journal=journal, check_ins=check_ins), kind)

    def calendar(self, now: datetime) -> tuple[str, int]:
        """The calendar file of the appointments at or after ``now``, and how many it holds."""
        from pacer.domain.appointments import upcoming
        from pacer.domain.calendar import calendar_text

        items = self._services.appointments.listing().items
        count = len([a for a in upcoming(items, now) if isinstance(a.get("id"), str)])
        return calendar_text(items, now, zone=computer_zone()), count

    def write(self, text: str, path: Path) -> Path:
        """Write ``text`` to ``path`` (never inside the data folder); return the path.

        Raises :class:`SaveError` with one line naming the path when it cannot be written.
        """
        from pacer.store import StoreError
        from pacer.store.tools import save_text

        try:
            save_text(text, path, data_root=self._services.folder)
        except StoreError as error:
            raise SaveError(str(error)) from None
        return path
