"""Launch to first drawn screen: Pacer's home against a bare Textual app, same run.

Each program starts in its own 80x24 pseudo-terminal; the clock stops when its first screen's
text arrives. Then the same in a real terminal, tmux: the clock runs from the moment tmux
started the program to the first reading of the pane that shows the screen's text. Runs
alternate, and the median of several is compared. Targets: Pacer with an empty folder at most
1.2x the bare app, in the pty and in tmux; with ten years of data (40,000 sessions, 5,000
journal entries) at most 1.15x Pacer with an empty folder.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _common import PtyProcess, Tmux, bare_app_argv, median, pacer_argv, report

from pacer.store.sample import write_history

RUNS = 7
TMUX_RUNS = 5
HOME_MARKER = b"Today"
TARGET = 1.2


def launch_seconds(argv: list[str], marker: bytes) -> float:
    process = PtyProcess(argv).spawn()
    try:
        seconds = process.read_until(marker, 30.0)
        if seconds is None:
            raise SystemExit(f"never drew {marker!r}: {bytes(process.output[-400:])!r}")
        return seconds
    finally:
        process.kill()


def tmux_seconds(tmux: Tmux, argv: list[str], marker: bytes) -> float:
    pane, launched = tmux.open(argv)
    try:
        seen = tmux.wait_for(pane, marker.decode(), 30.0)
        if seen is None:
            raise SystemExit(f"never drew {marker!r} in tmux: {tmux.screen(pane)[0]!r}")
        return seen - launched
    finally:
        tmux.close(pane)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        empty, full = Path(tmp, "empty"), Path(tmp, "full")
        empty.mkdir(mode=0o700)
        write_history(full, sessions=40_000, journal=5_000)
        variants = {
            "bare": (bare_app_argv(animate=False), b"Ready"),
            "empty": (pacer_argv(str(empty)), HOME_MARKER),
            "ten years": (pacer_argv(str(full)), HOME_MARKER),
        }
        for argv, marker in variants.values():  # warm the file cache once
            launch_seconds(argv, marker)
        times: dict[str, list[float]] = {key: [] for key in variants}
        for _ in range(RUNS):
            for key, (argv, marker) in variants.items():
                times[key].append(launch_seconds(argv, marker))
        in_tmux: dict[str, list[float]] = {"bare": [], "empty": []}
        with Tmux() as tmux:
            for _ in range(TMUX_RUNS):
                for key in in_tmux:
                    in_tmux[key].append(tmux_seconds(tmux, *variants[key]))
    bare, empty_s, full_s = (median(times[k]) for k in ("bare", "empty", "ten years"))
    ok = report(
        "launch (empty folder, pty)",
        f"pacer {empty_s * 1000:.0f} ms vs bare Textual {bare * 1000:.0f} ms "
        f"-> ratio {empty_s / bare:.2f} (target <= {TARGET})",
        empty_s / bare <= TARGET,
    )
    tmux_bare, tmux_empty = median(in_tmux["bare"]), median(in_tmux["empty"])
    ok &= report(
        "launch (empty folder, tmux, to the first drawn frame)",
        f"pacer {tmux_empty * 1000:.0f} ms vs bare Textual {tmux_bare * 1000:.0f} ms "
        f"-> ratio {tmux_empty / tmux_bare:.2f} (target <= {TARGET})",
        tmux_empty / tmux_bare <= TARGET,
    )
    ok &= report(
        "launch (ten years, 40,000 sessions)",
        f"pacer {full_s * 1000:.0f} ms vs empty folder {empty_s * 1000:.0f} ms "
        f"-> ratio {full_s / empty_s:.2f} (target <= 1.15)",
        full_s / empty_s <= 1.15,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
