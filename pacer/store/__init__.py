"""Pacer's durable local JSON store (minimal first version; hardened version follows)."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

DEFAULT_SETTINGS: dict[str, Any] = {
    "schema": 1,
    "default_pattern": "resonance",
    "default_minutes": 5,
    "reduced_motion": False,
    "sound": True,
    "theme": "pacer-dark",
    "weekly_target_minutes": 60,
}


class StoreError(Exception):
    """A store failure; ``str(e)`` is one user-readable line."""


class LockTimeout(StoreError):
    """Another Pacer holds the data folder lock."""


@dataclass(frozen=True)
class Problem:
    file: Path
    line: int | None
    field: str | None
    kind: str
    message: str

    def __str__(self) -> str:
        where = self.file.name
        if self.line is not None:
            where += f" line {self.line}"
        if self.field:
            where += f": field '{self.field}'"
        return f"{where}: {self.message}"


class Store:
    def __init__(self, root: Path, lock_timeout: float = 10.0) -> None:
        self.root = Path(root)
        self.lock_timeout = lock_timeout
        self._problems: list[Problem] = []

    def _write_atomic(self, name: str, data: bytes) -> None:
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=f".{name}.")
        try:
            os.write(fd, data)
            os.fsync(fd)
            os.close(fd)
            os.replace(tmp, self.root / name)
        except OSError as e:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise StoreError(f"Could not save {name}: {e.strerror or e}") from e

    def read_document(self, name: str) -> dict:
        try:
            return json.loads((self.root / name).read_text("utf-8-sig"))
        except FileNotFoundError:
            return {"schema": 1}

    def update_document(self, name: str, fn: Callable[[dict], dict | None]) -> dict:
        doc = self.read_document(name)
        new = fn(doc)
        if new is None:
            new = doc
        self._write_atomic(name, json.dumps(new, indent=2).encode())
        return new

    def append(self, log: str, record: dict) -> dict:
        rec = dict(record)
        rec.setdefault("id", str(uuid.uuid4()))
        rec.setdefault("schema", 1)
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(self.root / log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, (json.dumps(rec) + "\n").encode())
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as e:
            raise StoreError(f"Could not save {log}: {e.strerror or e}") from e
        return rec

    def read_log(self, log: str) -> list[dict]:
        try:
            text = (self.root / log).read_text("utf-8")
        except FileNotFoundError:
            return []
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    def append_session(self, record: dict) -> dict:
        return self.append("sessions.jsonl", record)

    def sessions(self) -> list[dict]:
        return self.read_log("sessions.jsonl")

    def sessions_since(self, since: datetime) -> list[dict]:
        return [s for s in self.sessions() if datetime.fromisoformat(s["started"]) >= since]

    def settings(self) -> dict:
        merged = dict(DEFAULT_SETTINGS)
        merged.update(self.read_document("settings.json"))
        return merged

    def save_settings(self, settings: dict) -> None:
        def _set(doc: dict) -> dict:
            return {**DEFAULT_SETTINGS, **settings}

        self.update_document("settings.json", _set)

    def problems(self) -> list[Problem]:
        return list(self._problems)


__all__ = ["DEFAULT_SETTINGS", "LockTimeout", "Problem", "Store", "StoreError"]
