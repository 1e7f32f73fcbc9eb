"""`make bench`: run every bench/bench_*.py, print what each reports, fail if any fails."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    selected = sys.argv[1:]
    failed: list[str] = []
    for script in sorted(HERE.glob("bench_*.py")):
        if selected and not any(name in script.name for name in selected):
            continue
        print(f"== {script.name}", flush=True)
        result = subprocess.run([sys.executable, str(script)], cwd=HERE)
        if result.returncode != 0:
            failed.append(script.name)
    if failed:
        print(f"benchmarks missing their targets: {', '.join(failed)}")
        return 1
    print("all benchmarks met their targets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
