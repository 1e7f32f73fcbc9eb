"""Finish lines (goals.json): listed, saved field by field, archived, deleted."""

from __future__ import annotations

from pacer.domain.records import Goal
from pacer.services.base import DocumentRecords


class Goals(DocumentRecords):
    FILE = "goals.json"
    LIST = "goals"
    STRUCT = Goal
    NOUN = "finish line"
