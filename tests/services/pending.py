"""A stand-in for the store's pending area until the store branch (keep_pending, pending,
flush_pending) is merged: the same names and results, in a ``pending`` folder. Installed only
where the real methods are missing, so the tests run against the real ones once they exist."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pacer.store import Store


def _keep_pending(self: Store, log: str, record: dict[str, Any]) -> Path:
    folder = self.root / "pending"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{log}.{record['id']}.json"
    path.write_text(json.dumps({"log": log, "record": record}))
    return path


def _pending(self: Store) -> list[tuple[Path, dict[str, Any]]]:
    folder = self.root / "pending"
    if not folder.is_dir():
        return []
    return [(p, json.loads(p.read_text())["record"]) for p in sorted(folder.glob("*.json"))]


def _flush_pending(self: Store) -> list[dict[str, Any]]:
    written = []
    for path, record in _pending(self):
        log = json.loads(path.read_text())["log"]
        written.append(self.append(log, record))
        path.unlink()
    return written


def install_if_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, fn in (("keep_pending", _keep_pending), ("pending", _pending),
                     ("flush_pending", _flush_pending)):
        if not hasattr(Store, name):
            monkeypatch.setattr(Store, name, fn, raising=False)
