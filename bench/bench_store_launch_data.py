#!/usr/bin/env python
"""Benchmark: what the store adds to app launch with ten years of data vs an empty folder.

At launch the app reads its settings, the sessions of this week (home screen: minutes today /
this week) and the problem list. This runs exactly that in fresh interpreters
(``python -c ...``), alternating an empty folder and one with 40,000 sessions and 5,000
journal entries, and compares median wall times (interpreter start included, as for a real
launch). It also prints the time spent inside the store calls themselves.

The whole-app launch comparison (Textual included) is a separate benchmark.

Run: ``python bench/bench_store_launch_data.py [--runs N]``. Exits 1 if the ratio misses 1.15.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pacer.store.sample import write_history  # noqa: E402

TARGET = 1.15

LAUNCH = """
import sys, time
t0 = time.perf_counter()
from datetime import datetime, timedelta
from pathlib import Path
from pacer.store import Store
t1 = time.perf_counter()
store = Store(Path(sys.argv[1]))
settings = store.settings()
now = datetime.now().astimezone()
week = (now - timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
recent = store.sessions_since(week)
problems = store.problems()
t2 = time.perf_counter()
assert not problems, problems
print(t1 - t0, t2 - t1, len(recent))
"""


def run(root: Path, env: dict[str, str]) -> tuple[float, float, float, int]:
    """(wall seconds, import seconds, store-call seconds, sessions this week)."""
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", LAUNCH, str(root)],
        check=True,
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
    ).stdout.split()
    wall = time.perf_counter() - t0
    return wall, float(out[0]), float(out[1]), int(out[2])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pacer-bench-") as tmp:
        empty, full = Path(tmp) / "empty", Path(tmp) / "ten-years"
        write_history(full, sessions=40_000, journal=5_000)
        folders = {"empty": empty, "ten-years": full}
        # Cached bytecode, as in a real install, but kept out of the repository.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        results: dict[str, list[tuple[float, float, float, int]]] = {k: [] for k in folders}
        for root in folders.values():  # warm the page cache and .pyc files
            run(root, env)
        for i in range(args.runs):
            order = list(folders) if i % 2 == 0 else list(reversed(folders))
            for name in order:
                results[name].append(run(folders[name], env))

    def med(name: str, index: int) -> float:
        return statistics.median(r[index] for r in results[name])

    week = results["ten-years"][0][3]
    ratio = med("ten-years", 0) / med("empty", 0)
    ok = ratio <= TARGET
    print(
        f"store launch: 40k history {med('ten-years', 0) * 1000:.1f} ms vs empty "
        f"{med('empty', 0) * 1000:.1f} ms -> ratio {ratio:.3f} (target <= {TARGET}) "
        f"{'PASS' if ok else 'FAIL'}"
    )
    print(
        f"  inside the store: settings + sessions_since(this week: {week} sessions) + problems "
        f"= {med('ten-years', 2) * 1000:.2f} ms vs {med('empty', 2) * 1000:.2f} ms empty; "
        f"import pacer.store {med('empty', 1) * 1000:.1f} ms"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
