"""Drafts: words typed into any form and not saved yet, kept in drafts.json.

One way out of the app (quit keys, a closed window, SIGTERM) asks every open form to keep what
it holds here; when the form opens again it finds the draft and offers it back. A draft is
identified by its form (``kind``) and the record it edits (``target``, None for a new one), so
one form has at most one draft per record.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pacer.domain.records import Draft
from pacer.services.base import DocumentRecords, Record


class Drafts(DocumentRecords):
    FILE = "drafts.json"
    LIST = "drafts"
    STRUCT = Draft
    NOUN = "draft"

    def find(self, kind: str, target: str | None = None) -> Record | None:
        """The newest draft of form ``kind`` for ``target`` (None: a new record), if any."""
        mine = [
            d for d in self.listing().items if d.get("kind") == kind and d.get("target") == target
        ]
        return max(mine, key=lambda d: str(d.get("updated") or ""), default=None)

    def of_kind(self, kind: str) -> list[Record]:
        """Every readable draft of one form, newest first."""
        mine = [d for d in self.listing().items if d.get("kind") == kind]
        return sorted(mine, key=lambda d: str(d.get("updated") or ""), reverse=True)

    def keep(
        self, kind: str, target: str | None, fields: dict[str, str], now: datetime
    ) -> Record:
        """Keep the typed ``fields`` of form ``kind`` (replacing its earlier draft)."""
        old = self.find(kind, target)
        draft: Record = {
            "id": str(old["id"]) if old else str(uuid.uuid4()),
            "kind": kind,
            "target": target,
            "fields": {k: str(v) for k, v in fields.items()},
            "updated": now.isoformat(timespec="seconds"),
        }
        return self.save(draft, as_new=True) if old is None else self._replace(draft)

    def put(self, draft: Record) -> Record:
        """Save a whole draft record (the reappraisal keeps its flow this way)."""
        return self._replace(draft)

    def _replace(self, draft: Record) -> Record:
        """Write ``draft`` whole over the draft with its id (or add it)."""
        return self.save(draft, None, as_new=True)

    def drop(self, kind: str, target: str | None = None) -> None:
        """Forget the draft of form ``kind`` for ``target`` (after a save or a discard)."""
        old = self.find(kind, target)
        if old is not None:
            self.delete(str(old["id"]))


def draft_fields(draft: Record | None) -> dict[str, str]:
    """The typed text of a form draft (empty when there is none)."""
    fields: Any = (draft or {}).get("fields") or {}
    return {str(k): str(v) for k, v in fields.items()} if isinstance(fields, dict) else {}
