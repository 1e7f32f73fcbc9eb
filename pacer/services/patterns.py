"""Your own breathing patterns (patterns.json), and the domain Patterns they make."""

from __future__ import annotations

from pacer.domain.custom_patterns import patterns_from_records
from pacer.domain.patterns import Pattern
from pacer.domain.records import CustomPattern
from pacer.services.base import DocumentRecords


class Patterns(DocumentRecords):
    FILE = "patterns.json"
    LIST = "patterns"
    STRUCT = CustomPattern
    NOUN = "pattern"

    def custom(self) -> dict[str, Pattern]:
        """The person's patterns by key, ready to breathe (bad records are left out)."""
        return patterns_from_records(self.listing().items)
