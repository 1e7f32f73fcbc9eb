#!/usr/bin/env python
"""Benchmark: appending a session costs the same with ten years of history as with none.

Two folders are measured in the same run, appends interleaved so that disk and CPU noise hit
both alike: an empty folder and one with 40,000 sessions and 5,000 journal entries. Reported:

* the real cost of an append (lock, tail check, one write, fsync), median of many appends;
* the same with ``os.fsync`` stubbed out, which removes the disk's noise and shows the CPU
  work alone: a history-size-dependent step (reading the log, counting lines) would show here.

Run: ``python bench/bench_store_append.py [--rounds N]``. Exits 1 if a ratio misses the target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pacer.store import Store
from pacer.store.sample import write_history

TARGET = 1.2


def record() -> dict[str, object]:
    start = datetime.now().astimezone().replace(microsecond=0) - timedelta(minutes=6)
    return {
        "started": start.isoformat(),
        "ended": (start + timedelta(seconds=300)).isoformat(),
        "pattern": "resonance",
        "rhythm": "5.5-0-5.5-0",
        "seconds": 300.0,
        "planned_seconds": 300.0,
        "completed": True,
        "before": 7,
        "after": 4,
        "note": None,
        "source": "app",
    }


def measure(stores: dict[str, Store], rounds: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in stores}
    for i in range(rounds):
        order = list(stores) if i % 2 == 0 else list(reversed(stores))
        for name in order:
            rec = record()
            t0 = time.perf_counter()
            stores[name].append_session(rec)
            times[name].append(time.perf_counter() - t0)
    return {name: statistics.median(values) for name, values in times.items()}


def line(label: str, med: dict[str, float]) -> tuple[str, bool]:
    ratio = med["ten-years"] / med["empty"]
    ok = ratio <= TARGET
    return (
        f"{label}: 40k history {med['ten-years'] * 1000:.3f} ms vs empty "
        f"{med['empty'] * 1000:.3f} ms -> ratio {ratio:.2f} (target <= ~{TARGET}) "
        f"{'PASS' if ok else 'FAIL'}",
        ok,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pacer-bench-") as tmp:
        empty, full = Path(tmp) / "empty", Path(tmp) / "ten-years"
        t0 = time.perf_counter()
        write_history(full, sessions=40_000, journal=5_000)
        size = (full / "sessions.jsonl").stat().st_size
        print(
            f"data: 40,000 sessions + 5,000 journal entries ({size / 1e6:.1f} MB log) written in "
            f"{time.perf_counter() - t0:.2f} s under {tmp}"
        )
        stores = {"empty": Store(empty), "ten-years": Store(full)}
        for store in stores.values():  # first append: creates files, imports filelock
            store.append_session(record())
        real, ok_real = line("store append", measure(stores, args.rounds))
        print(real)
        fsync = os.fsync
        os.fsync = lambda fd: None  # CPU work only
        try:
            cpu, ok_cpu = line("store append, fsync skipped", measure(stores, args.rounds * 3))
        finally:
            os.fsync = fsync
        print(cpu)
        stored = len(Store(full).sessions())
        assert stored == 40_000 + 1 + args.rounds * 4, stored
    return 0 if ok_real and ok_cpu else 1


if __name__ == "__main__":
    sys.exit(main())
