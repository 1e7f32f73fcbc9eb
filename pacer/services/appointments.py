"""Appointments (appointments.json): scans, blood tests and visits, merged field by field.

Two windows on one appointment: each saves only the fields it changed, onto the record as it is
on disk now, so one window's notes never wipe the other's questions; an appointment deleted in
one window is not brought back by a save in the other (:class:`RecordGone`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from pacer.domain.records import Appointment, Rejected, check
from pacer.services.base import DocumentRecords, Record, RecordGone, SaveError


class Appointments(DocumentRecords):
    FILE = "appointments.json"
    LIST = "appointments"
    STRUCT = Appointment
    NOUN = "appointment"

    def add_question(self, appointment_id: str, question: str) -> Record:
        """Add one question to the appointment as it is on disk now; return it as saved.

        Only ``questions`` changes (another window's notes stay); :class:`RecordGone` if the
        appointment was deleted meanwhile, :class:`SaveError` (one line) if not saved.
        """
        saved: dict[str, Record] = {}

        def update(doc: dict[str, Any]) -> None:
            records: list[Any] = doc[self.LIST]
            for index, record in enumerate(records):
                if isinstance(record, dict) and record.get("id") == appointment_id:
                    have = record.get("questions")
                    new = {**record, "questions": [*(have if isinstance(have, list) else []),
                                                   question]}
                    result = check(self.STRUCT, new, f"{self.FILE} {self.LIST}[{index}]")
                    if isinstance(result, Rejected):
                        raise SaveError(f"Not saved: {result}")
                    records[index] = saved["record"] = new
                    return
            raise RecordGone(f"This {self.NOUN} was deleted in another window, so the question "
                             "was not added.")

        self._update(update)
        return saved["record"]

    # --- the wait for results ---------------------------------------------------------------

    def results_came(self, appointment_id: str, now: datetime) -> Record:
        """The person says this test's results came: the wait ends. Return it as saved.

        Only ``results_came`` is written (another window's notes stay); said again, the first
        moment is kept. :class:`RecordGone` if the appointment was deleted meanwhile,
        :class:`SaveError` (one line) if not saved.
        """
        stamp = now.isoformat(timespec="seconds")
        return self._change(
            appointment_id, "the results",
            lambda record: {} if record.get("results_came") is not None
            else {"results_came": stamp},
        )

    def undo_results_came(self, appointment_id: str) -> Record:
        """Take "the results came" back (pressed by mistake): the wait shows again."""
        return self._change(appointment_id, "the change", lambda record: {"results_came": None})

    # --- the debrief (issue 12, "After") ------------------------------------------------------

    def _change(self, appointment_id: str, what: str,
                change: Callable[[Record], Record], *, add: Record | None = None) -> Record:
        """Apply ``change`` to the appointment as it is on disk now and save it checked.

        ``change`` gets the record and returns the fields to write onto it; every other field
        (another window's notes, a later Pacer's fields) stays. ``add`` is a new appointment
        appended in the same write (both saved, or neither). :class:`RecordGone` says ``what``
        was not saved when the appointment was deleted meanwhile.
        """
        saved: dict[str, Record] = {}

        def update(doc: dict[str, Any]) -> None:
            records: list[Any] = doc[self.LIST]
            for index, record in enumerate(records):
                if isinstance(record, dict) and record.get("id") == appointment_id:
                    new = {**record, **change(record)}
                    result = check(self.STRUCT, new, f"{self.FILE} {self.LIST}[{index}]")
                    if isinstance(result, Rejected):
                        raise SaveError(f"Not saved: {result}")
                    records[index] = saved["record"] = new
                    if add is not None:
                        records.append(add)
                    return
            raise RecordGone(f"This {self.NOUN} was deleted in another window, so {what} "
                             "was not saved.")

        self._update(update)
        return saved["record"]

    def save_debrief(self, appointment_id: str, debrief: Record, now: datetime,
                     next_appointment: Record | None = None) -> Record:
        """Keep ``debrief`` with the appointment; return the appointment as saved.

        With ``next_appointment`` (a new record, e.g. from
        :func:`pacer.domain.debrief.next_appointment`) it is added in the same write and its id
        goes into the debrief's ``next_appointment``: both are saved, or neither. An earlier
        debrief's ``created`` is kept. Only ``debrief`` and ``updated`` change, and, when this
        is a scan or blood test with no results visit yet and the next one is a results visit,
        ``results_appointment``: the wait for its results then ends when that visit comes.
        """
        stamp = now.isoformat(timespec="seconds")
        if next_appointment is not None:
            fits = check(Appointment, next_appointment, f"{self.FILE} (the next appointment)")
            if isinstance(fits, Rejected):
                raise SaveError(f"Not saved: {fits}")

        def change(record: Record) -> Record:
            old = record.get("debrief")
            mine = {**debrief}
            if isinstance(old, dict) and isinstance(old.get("created"), str):
                mine["created"] = old["created"]
            mine.setdefault("created", stamp)
            mine["updated"] = stamp
            out: Record = {"debrief": mine, "updated": stamp}
            if next_appointment is not None:
                mine["next_appointment"] = str(next_appointment["id"])
                if _ends_the_wait(record, next_appointment):
                    out["results_appointment"] = str(next_appointment["id"])
            return out

        return self._change(appointment_id, "the debrief", change, add=next_appointment)

    def put_off_debrief(self, appointment_id: str, until: date) -> Record:
        """"Later": Today does not offer this one's debrief again before ``until``."""
        return self._change(appointment_id, "the change",
                            lambda _record: {"debrief_later": until.isoformat()})

    def dismiss_debrief(self, appointment_id: str) -> Record:
        """"Do not ask about this one": Today never offers this one's debrief again."""
        return self._change(appointment_id, "the change",
                            lambda _record: {"debrief_dismissed": True})

    def clear_debrief(self, appointment_id: str) -> Record:
        """Delete the debrief (from the Journal); the appointment itself stays, and its offer
        does not come back (it was answered once)."""
        return self._change(appointment_id, "the change",
                            lambda _record: {"debrief": None, "debrief_dismissed": True})


def _ends_the_wait(test: Record, visit: Record) -> bool:
    """Is ``visit`` (made in the debrief of ``test``) where the test's results will come?"""
    from pacer.domain.appointments import RESULTS_VISITS, TESTS

    return (test.get("kind") in TESTS and not test.get("results_appointment")
            and visit.get("kind") in RESULTS_VISITS)
