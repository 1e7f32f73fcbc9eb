"""CPU used by a breathing session in a real terminal, against a bare Textual app at 30 fps.

Both run at the same time in their own pseudo-terminal (80x24); after each has drawn its first
screen, their CPU time over the same window is read from /proc. Target: a session uses at most
0.5x the CPU of the bare app redrawing one line 30 times a second. A box-breathing session is
measured too: its holds should need almost nothing.
"""

from __future__ import annotations

import sys
import tempfile
import threading

from _common import PtyProcess, bare_app_argv, pacer_argv, report

WINDOW = 20.0  # seconds: two whole resonance breaths, more than a whole box breath


def measure(process: PtyProcess, marker: bytes, out: dict[str, float], key: str) -> None:
    process.spawn()
    try:
        if process.read_until(marker, 30.0) is None:
            raise SystemExit(f"{key}: never drew {marker!r}: {bytes(process.output[-400:])!r}")
        before = process.cpu_seconds()
        process.read_for(WINDOW)
        out[key] = process.cpu_seconds() - before
    finally:
        process.kill()


def main() -> int:
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as home:
        runs = {
            "bare 30 fps": (PtyProcess(bare_app_argv(animate=True)), b"Ready"),
            "resonance": (
                PtyProcess(pacer_argv(home, "breathe", "--pattern", "resonance", "--minutes", "5")),
                b"Breathe",
            ),
            "box": (
                PtyProcess(pacer_argv(home, "breathe", "--pattern", "box", "--minutes", "5")),
                b"Breathe",
            ),
        }
        threads = [
            threading.Thread(target=measure, args=(process, marker, results, key))
            for key, (process, marker) in runs.items()
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    base = results["bare 30 fps"]
    ok = True
    for key in ("resonance", "box"):
        ratio = results[key] / base
        ok &= report(
            f"session CPU ({key})",
            f"{results[key]:.2f} s CPU in {WINDOW:.0f} s vs bare Textual 30 fps {base:.2f} s "
            f"-> ratio {ratio:.2f} (target <= 0.5)",
            ratio <= 0.5,
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
