#!/usr/bin/env python
"""Benchmark: `pacer status` (a line in ~/.bashrc, run at every new shell) against `python -c pass`.

The folder holds what makes the line say all three things: ten years of sessions (40,000) with
some this week, a scan in three days, and a blood test two days ago whose results are due. Each
run is a fresh interpreter with cached bytecode, as people run it; the programs take turns, and
the median wall time of many runs is compared. It times the installed entry point (what the
.bashrc line runs) and `python -m pacer status`, and also an empty folder (nothing to say).

Run: ``python bench/bench_status.py [--runs N]``. Exits 1 if the entry point's ratio with all
three parts misses the target (under 2x). On a busy machine the ratios are noisy; the figures
that count are taken on a quiet one.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pacer.store.sample import write_history  # noqa: E402

TARGET = 2.0


def seed(folder: Path) -> None:
    """Ten years of history, then this week's appointments: a scan soon, a wait for results."""
    now = datetime.now().astimezone()
    write_history(folder, sessions=40_000, journal=1_000)
    path = folder / "appointments.json"
    doc = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"schema": 1}
    doc["appointments"] = [
        {"id": "bench-scan", "kind": "scan",
         "when": (now + timedelta(days=3)).replace(microsecond=0).isoformat()},
        {"id": "bench-blood", "kind": "blood-test",
         "when": (now - timedelta(days=2)).replace(microsecond=0).isoformat(),
         "results_due": (now + timedelta(days=2)).date().isoformat()},
    ]
    path.write_text(json.dumps(doc), encoding="utf-8")


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    out = subprocess.run(argv, check=True, capture_output=True, text=True, env=env).stdout
    return time.perf_counter() - started, out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=31)
    args = parser.parse_args()
    entry = Path(sys.executable).with_name("pacer")
    with tempfile.TemporaryDirectory(prefix="pacer-bench-status-") as tmp:
        full, empty = Path(tmp) / "full", Path(tmp) / "empty"
        seed(full)
        empty.mkdir()
        env = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONDONTWRITEBYTECODE", "PACER_HOME", "PACER_TEST_NOW")}
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        programs: dict[str, list[str]] = {"python -c pass": [sys.executable, "-c", "pass"]}
        if entry.exists() or shutil.which("pacer"):
            command = str(entry) if entry.exists() else str(shutil.which("pacer"))
            programs["pacer status"] = [command, "--data-dir", str(full), "status"]
            programs["pacer status (empty)"] = [command, "--data-dir", str(empty), "status"]
        programs["python -m pacer status"] = [sys.executable, "-m", "pacer", "--data-dir",
                                              str(full), "status"]
        times: dict[str, list[float]] = {name: [] for name in programs}
        lines: dict[str, str] = {}
        for argv in programs.values():  # warm the page cache and the .pyc files
            timed(argv, env)
        for _ in range(args.runs):
            for name, argv in programs.items():
                seconds, out = timed(argv, env)
                times[name].append(seconds)
                lines[name] = out.strip()
    base = statistics.median(times["python -c pass"])
    print(f"python -c pass: median {base * 1000:.1f} ms over {args.runs} runs")
    ok = True
    for name in programs:
        if name == "python -c pass":
            continue
        median = statistics.median(times[name])
        ratio = median / base
        print(f"{name}: median {median * 1000:.1f} ms, {ratio:.2f}x python -c pass"
              + (f"  [{lines[name]}]" if lines[name] else "  [nothing to say]"))
        if name == ("pacer status" if "pacer status" in programs else "python -m pacer status"):
            ok = ratio < TARGET
    verdict = "PASS" if ok else "FAIL"
    print(f"bench_status: target under {TARGET:g}x python -c pass {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
