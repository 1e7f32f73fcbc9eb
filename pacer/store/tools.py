"""Export / import / doctor for the CLI (minimal first version)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pacer.store import Store

DOCUMENTS = ("settings.json", "goals.json", "appointments.json", "patterns.json", "drafts.json")
LOGS = ("sessions.jsonl", "journal.jsonl")


@dataclass
class ImportSummary:
    added: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        return ", ".join(f"{k}: {v} added" for k, v in self.added.items()) or "nothing to import"


def export_all(store: Store) -> dict[str, Any]:
    out: dict[str, Any] = {"format": "pacer-export", "schema": 1}
    for name in DOCUMENTS:
        out[name] = store.read_document(name)
    for name in LOGS:
        out[name] = store.read_log(name)
    return out


def import_all(store: Store, data: dict[str, Any]) -> ImportSummary:
    summary = ImportSummary()
    for name in LOGS:
        have = {r["id"] for r in store.read_log(name)}
        n = 0
        for rec in data.get(name, []):
            if rec.get("id") not in have:
                store.append(name, rec)
                n += 1
        summary.added[name] = n
    return summary


def doctor(store: Store) -> tuple[bool, list[str]]:
    lines = [f"Data folder: {store.root}"]
    return True, lines
