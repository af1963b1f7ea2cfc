"""Whole-process start-up of the light commands (issue: < 0.3 s each).

    python bench/bench_startup.py [--runs 15]

Runs each command as a new process, as an admin's script would, and prints
the median and worst wall time with the machine and date.
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
    for cmd in COMMANDS:
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            subprocess.run(prefix + cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            times.append(time.perf_counter() - t0)
        print(f"quancheng {' '.join(cmd):<70} median {statistics.median(times):.3f} s  max {max(times):.3f} s")


if __name__ == "__main__":
    main()
