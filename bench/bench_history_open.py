"""Opening the history screen: ten years of sessions (40,000) against an empty history.

Both folders are measured in the same run, alternating, in a headless ``app.run_test()``. The
clock starts when the screen is pushed and stops when it is mounted, its table holds its rows
(none for the empty history) and the first frame has been processed. The median of several runs
is compared. Target: ten years at most 1.5x empty.

The rest of the log is read afterwards by a thread worker; the time until every row is in the
table is printed as well, for information (it is not part of opening).

The ten-year folder is written by ``pacer.store.sample.write_history`` (the same seed as the
launch benchmark: 40,000 sessions and 5,000 journal entries, in exactly the format the store
writes, ``logged`` stamps included).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, median, report

sys.path.insert(0, str(ROOT))

from pacer.app import PacerApp
from pacer.screens.history import HistoryScreen, SessionTable
from pacer.store import Store
from pacer.store.sample import write_history

RUNS = 9
SESSIONS = 40_000
TARGET = 1.5


async def open_once(folder: Path) -> tuple[float, float, int]:
    """Seconds to open the screen, seconds until every row is loaded, and the row count."""
    app = PacerApp(Store(folder), reduced_motion=True, sound=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = HistoryScreen()
        started = time.perf_counter()
        await app.push_screen(screen)
        await asyncio.wait_for(screen.shown.wait(), timeout=60)
        opened = time.perf_counter() - started
        await asyncio.wait_for(screen.loaded.wait(), timeout=60)
        loaded = time.perf_counter() - started
        rows = screen.query_one(SessionTable).row_count
    return opened, loaded, rows


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        empty, full = Path(tmp, "empty"), Path(tmp, "full")
        empty.mkdir(mode=0o700)
        write_history(full, sessions=SESSIONS, journal=5_000)
        folders = {"empty": empty, "ten years": full}
        for folder in folders.values():  # warm imports and the file cache once
            asyncio.run(open_once(folder))
        opened: dict[str, list[float]] = {key: [] for key in folders}
        loaded: dict[str, list[float]] = {key: [] for key in folders}
        rows: dict[str, int] = {}
        for _ in range(RUNS):
            for key, folder in folders.items():
                seconds, everything, count = asyncio.run(open_once(folder))
                opened[key].append(seconds)
                loaded[key].append(everything)
                rows[key] = count
    if rows["ten years"] != SESSIONS or rows["empty"] != 0:
        print(f"history open: wrong row counts {rows}", flush=True)
        return 1
    empty_s, full_s = median(opened["empty"]), median(opened["ten years"])
    ratio = full_s / empty_s
    ok = report(
        "history open",
        f"40k {full_s:.2f} s vs empty {empty_s:.2f} s -> ratio {ratio:.2f} (target <= {TARGET})",
        ratio <= TARGET,
    )
    print(
        f"history open: all 40,000 rows in the table after {median(loaded['ten years']):.2f} s "
        "(read in the background; for information)",
        flush=True,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
