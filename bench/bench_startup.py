"""Whole-process start-up of the light commands (issue 17: `--version` and `deadline` ≤ 0.15 s).

    python bench/bench_startup.py [--runs 15]

Runs each command as a new process, as an admin's script would, and prints
the median and worst wall time and the median CPU time (user + system of the child) with the machine
and date, beside a floor taken in the same run (a bare `python -c pass`): on a shared machine the
ratio holds. `python -c "import typer"` is printed too: every sub-command pays for its parser.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _rows import emit, machine

GOAL = 0.15
GOALS = {("--version",): GOAL, ("deadline", "2026-02-13", "20"): GOAL,
         ("deadline", "2026-03-01", "10", "--suspend", "2026-03-05:2026-03-10", "--json"): GOAL}

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
    exe = shutil.which("quancheng", path=os.path.dirname(sys.executable)) or shutil.which("quancheng") or sys.executable
    prefix = [exe] if exe.endswith("quancheng") else [sys.executable, "-m", "quancheng_tui"]
    tmp = tempfile.mkdtemp()
    env = dict(os.environ, QUANCHENG_DB=os.path.join(tmp, "none.db"), QUANCHENG_CONFIG=os.devnull)
    print(f"machine: {platform.platform()}, {machine()}; {date.today()}")
    floor, floor_cpu = _times([sys.executable, "-c", "pass"], env, args.runs)
    print(f"{'floor: python -c pass':<80} median {statistics.median(floor):.3f} s  max {max(floor):.3f} s"
          f"  CPU {statistics.median(floor_cpu):.3f} s")
    typer_wall, typer_cpu = _times([sys.executable, "-c", "import typer"], env, args.runs)
    label = 'python -c "import typer"'
    print(f"{label:<80} median {statistics.median(typer_wall):.3f} s"
          f"  CPU {statistics.median(typer_cpu):.3f} s")
    for cmd in COMMANDS:
        times, cpu = _times(prefix + cmd, env, args.runs)
        ratio = statistics.median(times) / statistics.median(floor)
        print(f"quancheng {' '.join(cmd):<70} median {statistics.median(times):.3f} s  max {max(times):.3f} s"
              f"  ({ratio:.1f}× floor)  CPU {statistics.median(cpu):.3f} s")
        goal = GOALS.get(tuple(cmd))
        if goal is not None:
            emit(f"start-up: quancheng {' '.join(cmd)} (wall)", statistics.median(times), "s",
                 floor=statistics.median(floor), floor_what="python -c pass", goal=goal)
            # CPU time moves less than wall time on a shared machine; on a quiet one they are close.
            emit(f"start-up: quancheng {' '.join(cmd)} (CPU)", statistics.median(cpu), "s",
                 floor=statistics.median(floor_cpu), floor_what="python -c pass", goal=goal)


def _times(argv: list[str], env: dict, runs: int) -> tuple[list[float], list[float]]:
    """Wall time of each run and its CPU time (the child's user + system)."""
    times, cpu = [], []
    for _ in range(runs):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t0)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
    return times, cpu


if __name__ == "__main__":
    main()
