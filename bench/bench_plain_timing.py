"""Cue timing of `pacer breathe --plain`, measured from outside by line arrival.

Runs a 2-minute session and, in the same run and at the same time, a baseline pacer that does
what many breathing scripts do: print, then sleep for the phase length (tick counting). Each
line's arrival is compared with when its phase should start, counted from the first line.
Targets: worst phase-start error <= 15 ms, and no drift (the error at the end is no larger
than at the start), while the baseline's error grows.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time

from _common import PYTHON, report

PATTERN = (2.0, 3.0)  # in 2 s, out 3 s: 48 phase starts in 2 minutes
MINUTES = 2.0

NAIVE = f"""
import time, sys
phases = {PATTERN!r}
elapsed = 0.0
while elapsed < {MINUTES * 60}:
    for seconds, words in zip(phases, ("Breathe in", "Breathe out")):
        print(f"{{words}} {{seconds:g}}s", flush=True)
        time.sleep(seconds)  # tick counting: every phase's overhead adds up
        elapsed += seconds
"""


def arrivals(argv: list[str], env: dict[str, str], out: dict[str, list[float]], key: str) -> None:
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env)
    times: list[float] = []
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith((b"Breathe", b"Hold")):
            times.append(time.monotonic())
    process.wait()
    out[key] = times


def errors(times: list[float]) -> list[float]:
    """Arrival minus schedule, in seconds; phase k starts at the sum of the pattern so far."""
    schedule, at = [], 0.0
    for k in range(len(times)):
        schedule.append(at)
        at += PATTERN[k % 2]
    return [(t - times[0]) - s for t, s in zip(times, schedule, strict=True)]


def main() -> int:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "PACER_HOME": home}
        pattern = f"{PATTERN[0]:g}-0-{PATTERN[1]:g}"
        ours = [PYTHON, "-m", "pacer", "breathe", "--plain", "--no-sound",
                "--pattern", pattern, "--minutes", str(MINUTES)]
        results: dict[str, list[float]] = {}
        threads = [
            threading.Thread(target=arrivals, args=(ours, env, results, "pacer")),
            threading.Thread(target=arrivals, args=([PYTHON, "-c", NAIVE], env, results, "naive")),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    ours_err = errors(results["pacer"])
    naive_err = errors(results["naive"])
    worst = max(abs(e) for e in ours_err) * 1000
    naive_worst = max(abs(e) for e in naive_err) * 1000
    tail = 8
    drift = (sum(ours_err[-tail:]) - sum(ours_err[1:tail + 1])) / tail * 1000
    naive_drift = (sum(naive_err[-tail:]) - sum(naive_err[1:tail + 1])) / tail * 1000
    ratio = worst / naive_worst if naive_worst else float("inf")
    ok = report(
        "cue timing (plain, 2 min)",
        f"{len(ours_err)} cues, worst {worst:.2f} ms, drift {drift:+.2f} ms; "
        "tick-counting baseline "
        f"worst {naive_worst:.2f} ms, drift {naive_drift:+.2f} ms -> ratio {ratio:.2f} "
        "(target worst <= 15 ms, |drift| <= 1 ms)",
        worst <= 15.0 and abs(drift) <= 1.0 and len(ours_err) >= 40,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
