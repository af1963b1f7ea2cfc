"""One row of `bench/run.py`'s table: a figure, its value, the floor measured in the same run, the goal.

Each bench prints its rows as it goes; under `bench/run.py` (environment variable BENCH_ROWS names a
file) it also appends them there as JSON lines, which run.py gathers into one table.
"""

from __future__ import annotations

import json
import os
import platform
from datetime import datetime

ENV = "BENCH_ROWS"


def machine() -> str:
    """`nproc`, the CPU model from /proc/cpuinfo, Python, and the date: printed beside every figure."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            model = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), model)
    except OSError:
        pass
    return (f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, "
            f"{datetime.now().astimezone().isoformat(timespec='minutes')}")


def emit(figure: str, value: float, unit: str, *, floor: float | None = None, floor_what: str = "",
         goal: float | None = None, goal_text: str = "") -> None:
    """Print the row, and record it for run.py. ``goal`` is an upper bound on ``value`` (same unit)."""
    ratio = value / floor if floor else None
    ok = None if goal is None else value <= goal
    text = f"{figure}: {fmt(value, unit)}"
    if floor is not None:
        text += f"  (floor {fmt(floor, unit)}: {floor_what}; {ratio:.1f}×)" if ratio is not None else ""
    if goal is not None:
        text += f"  goal {goal_text or '≤ ' + fmt(goal, unit)}: {'ok' if ok else 'MISSED'}"
    print(text, flush=True)
    path = os.environ.get(ENV)
    if path:
        row = {"figure": figure, "value": value, "unit": unit, "floor": floor, "floor_what": floor_what,
               "ratio": ratio, "goal": goal, "goal_text": goal_text, "ok": ok}
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def fmt(value: float, unit: str) -> str:
    if unit == "s" and value < 1:
        return f"{value * 1000:.0f} ms"
    if unit == "B" and value >= 1024:
        return f"{value / 1024:.1f} KB"
    if unit == "B/s":
        return f"{value:.0f} B/s"
    return f"{value:.2f} {unit}" if unit == "s" else f"{value:.0f} {unit}"
