"""Due date + warning light for 100,000 synthetic open cases (target: < 0.5 s).

    python bench/bench_deadlines.py [--cases N] [--seed S]

Only the computation is timed; the synthetic cases are made beforehand. The
run is repeated (default 3) and the best wall time is the figure; CPU time is
printed beside it because a shared 2-core machine makes wall time noisy.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _rows import emit

from quancheng_tui.domain.calendar import shipped_calendar
from quancheng_tui.domain.deadlines import Suspension, due_date, warning_state

TARGET_S = 0.5


def make_cases(n: int, seed: int) -> list[tuple]:
    rng = random.Random(seed)
    first = date(2024, 1, 1).toordinal()
    # Keep received dates early enough that N ≤ 60 (plus suspensions) stays inside 2026.
    last = date(2026, 8, 31).toordinal()
    cases = []
    for _ in range(n):
        received = date.fromordinal(rng.randint(first, last))
        days = rng.randint(1, 60)
        kind = "working" if rng.random() < 0.8 else "natural"
        sus: tuple[Suspension, ...] = ()
        r = rng.random()
        if r < 0.10:  # one suspension (inspection, survey…)
            s = received + timedelta(rng.randint(1, 20))
            sus = (Suspension(s, s + timedelta(rng.randint(0, 10))),)
        elif r < 0.13:  # two
            s = received + timedelta(rng.randint(1, 10))
            e = s + timedelta(rng.randint(0, 5))
            s2 = e + timedelta(rng.randint(1, 10))
            sus = (Suspension(s, e), Suspension(s2, s2 + timedelta(rng.randint(0, 5))))
        today = received + timedelta(rng.randint(0, 90))
        cases.append((received, days, kind, sus, today))
    return cases


def run(cases: list[tuple]) -> tuple[float, float, dict[str, int]]:
    cal = shipped_calendar()
    lights = {"green": 0, "yellow": 0, "due_today": 0, "red": 0}
    t0, c0 = time.perf_counter(), time.process_time()
    for received, days, kind, sus, today in cases:
        res = due_date(cal, received, days, kind, sus)
        w = warning_state(cal, res.due, today, days, start=res.start)
        lights[w.light] += 1
    return time.perf_counter() - t0, time.process_time() - c0, lights


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    cases = make_cases(args.cases, args.seed)
    run(cases[:1000])  # warm the calendar cache and the interpreter
    runs = [run(cases) for _ in range(max(1, args.repeat))]
    elapsed, cpu, lights = min(runs, key=lambda r: r[0])
    print(f"cases:    {len(cases):,} (with suspensions: {sum(1 for c in cases if c[3]):,}, "
          f"natural-day: {sum(1 for c in cases if c[2] == 'natural'):,})")
    print(f"elapsed:  {elapsed:.3f} s wall, {cpu:.3f} s CPU, best of {len(runs)} "
          f"({elapsed / len(cases) * 1e6:.2f} µs/case; target < {TARGET_S} s); "
          f"all runs: {', '.join(f'{r[0]:.3f}' for r in runs)} s")
    print(f"lights:   {lights}")
    print(f"machine:  {platform.platform()}, {platform.machine()}, cpus={os.cpu_count()}, "
          f"Python {platform.python_version()} ({platform.python_implementation()})")
    print(f"date:     {datetime.now().astimezone().isoformat(timespec='seconds')}")
    floor = min(_floor(cases) for _ in range(max(1, args.repeat)))
    emit(f"deadlines: due date + light for {len(cases):,} cases (CPU)", cpu, "s", floor=floor,
         floor_what="received + N calendar days for the same cases", goal=TARGET_S * len(cases) / 100_000)
    return 0 if elapsed < TARGET_S else 1


def _floor(cases: list[tuple]) -> float:
    """The same loop with plain calendar arithmetic: what any due-date loop in Python costs."""
    c0 = time.process_time()
    for received, days, _kind, _sus, today in cases:
        due = received + timedelta(days)
        _ = (due - today).days
    return time.process_time() - c0


if __name__ == "__main__":
    raise SystemExit(main())
