"""Whole-process start-up of the light commands (issue: < 0.3 s each).

    python bench/bench_startup.py [--runs 15]

Runs each command as a new process, as an admin's script would, and prints
the median and worst wall time with the machine and date, beside a floor taken in
the same run (a bare `python -c pass`): on a shared machine the ratio holds.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date

COMMANDS = [
    ["--version"],
    ["--help"],
    ["deadline", "2026-02-13", "20"],
    ["deadline", "2026-03-01", "10", "--suspend", "2026-03-05:2026-03-10", "--json"],
    ["calendar", "check", "2026"],
    # A due date in a year without the official schedule: the provisional calendar (lunar library) is built.
    ["deadline", "2026-12-10", "20", "--provisional"],
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    exe = shutil.which("quancheng") or sys.executable
    prefix = [exe] if exe.endswith("quancheng") else [sys.executable, "-m", "quancheng_tui"]
    tmp = tempfile.mkdtemp()
    env = dict(os.environ, QUANCHENG_DB=os.path.join(tmp, "none.db"), QUANCHENG_CONFIG=os.devnull)
    print(f"machine: {platform.platform()}, {os.cpu_count()} cpus, Python {platform.python_version()}; {date.today()}")
    floor = _times([sys.executable, "-c", "pass"], env, args.runs)
    print(f"{'floor: python -c pass':<80} median {statistics.median(floor):.3f} s  max {max(floor):.3f} s")
    for cmd in COMMANDS:
        times = _times(prefix + cmd, env, args.runs)
        ratio = statistics.median(times) / statistics.median(floor)
        print(f"quancheng {' '.join(cmd):<70} median {statistics.median(times):.3f} s  max {max(times):.3f} s"
              f"  ({ratio:.1f}× floor)")


def _times(argv: list[str], env: dict, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t0)
    return times


if __name__ == "__main__":
    main()
