"""Write a realistic data folder quickly (ten years of history in well under a second).

For benchmarks and tests, including the app-launch benchmark: it writes the files directly, in
exactly the format the store writes (ids, schema, ``logged`` order), instead of making 40,000
appends. Deterministic for a given seed, so benchmark runs compare like with like.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from pacer.store import atomic
from pacer.store.schema import DEFAULT_SETTINGS

PATTERNS = [
    ("resonance", "5.5-0-5.5-0"),
    ("box", "4-4-4-4"),
    ("4-7-8", "4-7-8-0"),
    ("extended exhale", "4-0-6-0"),
]


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def write_history(
    root: Path,
    sessions: int = 40_000,
    journal: int = 5_000,
    *,
    years: float = 10.0,
    end: datetime | None = None,
    seed: int = 1,
) -> None:
    """Create ``root`` (0700) with settings, goals, appointments, patterns and two logs.

    Sessions are spread evenly over ``years`` up to ``end`` (default: now), so "this week"
    holds what a real week of this history would.
    """
    rng = random.Random(seed)
    end = (end or datetime.now().astimezone()).replace(microsecond=0)
    start = end - timedelta(days=365.25 * years)
    atomic.ensure_folder(root)

    def write(name: str, data: bytes) -> None:
        atomic.replace_file(root, name, data)

    step = (end - start) / max(sessions, 1)
    lines = []
    for i in range(sessions):
        began = start + step * i + timedelta(seconds=rng.randint(0, 600))
        planned = rng.choice((180, 300, 300, 600, 900))
        completed = rng.random() < 0.85
        practised = planned if completed else rng.randint(30, planned)
        ended = began + timedelta(seconds=practised + rng.randint(0, 20))
        pattern, rhythm = rng.choice(PATTERNS)
        note = rng.choice((None, None, None, "after the scan", "couldn't settle", "calmer"))
        lines.append(
            json.dumps(
                {
                    "id": _uuid(rng),
                    "schema": 1,
                    "started": began.isoformat(),
                    "ended": ended.isoformat(),
                    "pattern": pattern,
                    "rhythm": rhythm,
                    "seconds": float(practised),
                    "planned_seconds": float(planned),
                    "completed": completed,
                    "before": rng.randint(3, 9),
                    "after": rng.randint(1, 6),
                    "note": note,
                    "source": rng.choice(("app", "app", "app", "plain", "log")),
                    "logged": (ended + timedelta(seconds=1)).isoformat(),
                },
                separators=(",", ":"),
                ensure_ascii=False,
            )
        )
    write("sessions.jsonl", ("\n".join(lines) + "\n").encode() if lines else b"")

    jstep = (end - start) / max(journal, 1)
    entries = []
    for i in range(journal):
        created = start + jstep * i
        entries.append(
            json.dumps(
                {
                    "id": _uuid(rng),
                    "schema": 1,
                    "created": created.isoformat(),
                    "situation": "waiting for results " * rng.randint(1, 4),
                    "thought": "what if it has spread",
                    "reframe": "I will know on Thursday; today I can walk",
                    "stress_before": rng.randint(4, 9),
                    "stress_after": rng.randint(2, 7),
                    "logged": created.isoformat(),
                },
                separators=(",", ":"),
                ensure_ascii=False,
            )
        )
    write("journal.jsonl", ("\n".join(entries) + "\n").encode() if entries else b"")

    def document(name: str, key: str, count: int, make: object) -> None:
        records = [make(i) for i in range(count)]  # type: ignore[operator]
        doc = {"schema": 1, key: records}
        write(name, (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode())

    write("settings.json", (json.dumps(DEFAULT_SETTINGS, indent=2) + "\n").encode())
    document(
        "goals.json",
        "goals",
        20,
        lambda i: {"id": _uuid(rng), "title": f"finish line {i}", "done": i < 15},
    )
    document(
        "appointments.json",
        "appointments",
        60,
        lambda i: {
            "id": _uuid(rng),
            "title": "oncology",
            "at": (end - timedelta(days=60 * i)).isoformat(),
        },
    )
    document("patterns.json", "patterns", 5, lambda i: {"id": _uuid(rng), "rhythm": "4-2-6-0"})
