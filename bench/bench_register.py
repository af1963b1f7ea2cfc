"""Counter registration through the real service on a SQLite file: latency of one
registration (the clerk waits for it) and of one page of the case list.

    python bench/bench_register.py [--cases N] [--db PATH]

Registers N cases (default 500; every fifth a 提示件 with its one-time notice) one after
another, as one counter would, and prints the median and 95th percentile of a
registration; then times `list_cases` pages (first page, overdue, due within 3 working
days, one village) over them. Wall and CPU time are printed: a shared 2-core machine
makes wall time noisy.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quancheng_tui.services import cases, setup, staff
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.context import fixed_clock
from quancheng_tui.store import migrate
from quancheng_tui.store.database import Database

MATTERS = ["MZ-008", "MZ-003", "MZ-001", "CL-001", "NY-003", "SB-001", "MZ-004"]
VILLAGES = ["V01", "V02", "V03", "V04", "V05", None]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    path = args.db or Path(folder.name) / "bench.db"
    db = Database.open(str(path))
    migrate.upgrade(db)
    clock = fixed_clock(datetime(2026, 3, 16, 9, 30, tzinfo=timezone(timedelta(hours=8))))
    setup.initialize(db, clock, "青山镇便民服务中心", "QS", "admin", "管理员", "secret123", demo=True, catalog=[])
    catalog_svc.import_catalog(db, staff.actor_for(db, "admin"), clock, catalog_svc.SAMPLE_CATALOG)
    clerk = staff.actor_for(db, "zhangwei")

    wall, cpu = [], []
    for i in range(args.cases):
        notice = i % 5 == 0
        data = cases.RegistrationInput(
            "MZ-001" if notice else MATTERS[i % len(MATTERS)], name="张三丰", id_number="11010519491231002X",
            phone="13812345678", village=VILLAGES[i % len(VILLAGES)], materials=["SQS"] if notice else "all",
            received_on=date(2026, 3, 16) - timedelta(days=i % 40))
        w0, c0 = time.perf_counter(), time.process_time()
        cases.register_case(db, clerk, clock, data)
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    q = statistics.quantiles(wall, n=20)
    print(f"register_case × {args.cases}: median {statistics.median(wall) * 1000:.1f} ms, "
          f"p95 {q[18] * 1000:.1f} ms wall; median CPU {statistics.median(cpu) * 1000:.1f} ms")

    today = date(2026, 3, 16)
    for label, kw in [("first page (100)", {}), ("overdue", {"overdue": True}),
                      ("due within 3 working days", {"due_within": 3}), ("village V01", {"village": "V01"})]:
        best = float("inf")
        for _ in range(5):
            w0 = time.perf_counter()
            rows = cases.list_cases(db, clerk, today=today, **kw)
            best = min(best, time.perf_counter() - w0)
        print(f"list_cases {label}: {len(rows)} rows in {best * 1000:.1f} ms (best of 5)")
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
