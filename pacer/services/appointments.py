"""Appointments (appointments.json): scans, blood tests and visits, merged field by field.

Two windows on one appointment: each saves only the fields it changed, onto the record as it is
on disk now, so one window's notes never wipe the other's questions; an appointment deleted in
one window is not brought back by a save in the other (:class:`RecordGone`).
"""

from __future__ import annotations

from pacer.domain.records import Appointment
from pacer.services.base import DocumentRecords


class Appointments(DocumentRecords):
    FILE = "appointments.json"
    LIST = "appointments"
    STRUCT = Appointment
    NOUN = "appointment"
