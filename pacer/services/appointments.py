"""Appointments (appointments.json): scans, blood tests and visits, merged field by field.

Two windows on one appointment: each saves only the fields it changed, onto the record as it is
on disk now, so one window's notes never wipe the other's questions; an appointment deleted in
one window is not brought back by a save in the other (:class:`RecordGone`).
"""

from __future__ import annotations

from datetime import datetime
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
        return self._set_field(appointment_id, "results_came",
                               now.isoformat(timespec="seconds"), keep_set=True)

    def undo_results_came(self, appointment_id: str) -> Record:
        """Take "the results came" back (pressed by mistake): the wait shows again."""
        return self._set_field(appointment_id, "results_came", None)

    def _set_field(
        self, appointment_id: str, name: str, value: Any, *, keep_set: bool = False
    ) -> Record:
        """Write one field onto the appointment as it is on disk now (``keep_set``: leave a
        value that is there already)."""
        saved: dict[str, Record] = {}

        def update(doc: dict[str, Any]) -> None:
            records: list[Any] = doc[self.LIST]
            for index, record in enumerate(records):
                if isinstance(record, dict) and record.get("id") == appointment_id:
                    if keep_set and record.get(name) is not None:
                        saved["record"] = record
                        return
                    new = {**record, name: value}
                    result = check(self.STRUCT, new, f"{self.FILE} {self.LIST}[{index}]")
                    if isinstance(result, Rejected):
                        raise SaveError(f"Not saved: {result}")
                    records[index] = saved["record"] = new
                    return
            raise RecordGone(f"This {self.NOUN} was deleted in another window, so nothing "
                             "was changed.")

        self._update(update)
        return saved["record"]
