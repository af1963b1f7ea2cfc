"""The monthly report over 100,000 cases (issue 15 item 6: under 2 s), beside a floor measured in the
same run: the bare GROUP BY counts of the same month over the same tables (sqlite3, no SQLAlchemy).

    python bench/bench_report.py [--cases N] [--db PATH] [--repeat R]

Builds a SQLite file whose N cases were all received in the reported month (the worst case for a
monthly report: every case is in it), with bulk inserts (sqlite3 executemany): ~70% completed in the
month (a complete event each, ~60% of them on time), 5% suspended for the applicant's own cause, a
rating for 40% of the completed, 1 complaint per 200 cases, and 1 notice breach per 1,000; five villages
and the demo office's staff. Then times `services.reports.figures` for the month (median of --repeat
runs, wall and CPU), and the floor.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from _rows import emit, machine  # noqa: E402

from quancheng_tui.services import reports, setup, staff  # noqa: E402
from quancheng_tui.services.context import fixed_clock  # noqa: E402
from quancheng_tui.store import migrate  # noqa: E402
from quancheng_tui.store.database import Database  # noqa: E402

CST = timezone(timedelta(hours=8))
NOW = datetime(2026, 4, 10, 9, 0, tzinfo=CST)
MONTH = (date(2026, 3, 1), date(2026, 3, 31))
OWNERS = ["zhangwei", "liuna", "sunli", "zhoujun", "wangfang", "chenjie"]
VILLAGES = ["V01", "V02", "V03", "V04", "V05", None]
CATEGORIES = [("own", 80), ("joint", 8), ("transfer", 4), ("consult", 8)]
KINDS = ["instant", "promised", "report_up", "notice"]
MODES = [("counter", 70), ("proxy", 12), ("accompany", 8), ("advise", 10)]
LEVELS = ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]


def utc(day: date, hour: int) -> str:
    """As SQLModel's UTCDateTime stores an instant in SQLite: UTC wall time."""
    return (datetime(day.year, day.month, day.day, hour, tzinfo=CST).astimezone(timezone.utc)
            .strftime("%Y-%m-%d %H:%M:%S.000000"))


def build(path: Path, n: int, seed: int = 15) -> None:
    db = Database.open(str(path))
    migrate.upgrade(db)
    setup.initialize(db, fixed_clock(NOW), "青山镇便民服务中心", "QS", "admin", "管理员", "secret123", demo=True,
                     catalog=[])
    db.dispose()
    rng = random.Random(seed)
    cases, events, ratings, complaints = [], [], [], []
    for i in range(1, n + 1):
        received = MONTH[0] + timedelta(days=rng.randrange(31))
        category = rng.choices([c for c, _ in CATEGORIES], [w for _, w in CATEGORIES])[0]
        kind = None if category == "consult" else rng.choice(KINDS)
        mode = rng.choices([m for m, _ in MODES], [w for _, w in MODES])[0]
        due = received + timedelta(days=rng.choice((0, 3, 5, 7, 10)))
        done = rng.random() < 0.7
        status = "completed" if done else "in_progress"
        cases.append((i, f"QS-{received:%Y%m%d}-{i:07d}", "M1", "事项", category, kind, status, mode, "张三",
                      rng.choice(VILLAGES), received.isoformat(), utc(received, 9), rng.choice(OWNERS),
                      rng.choice(OWNERS), due.isoformat()))
        if rng.random() < 0.05:
            events.append((i, utc(received, 11), "suspend",
                           json.dumps({"on": received.isoformat(), "reason": "申请人外出", "cause": "applicant"}, ensure_ascii=False)))
        if done:
            finished = due + timedelta(days=rng.choice((-2, -1, 0, 0, 1, 3)))
            finished = min(max(finished, received), MONTH[1])
            events.append((i, utc(finished, 15), "complete", json.dumps({"on": finished.isoformat()})))
            if rng.random() < 0.4:
                ratings.append((i, rng.choice(LEVELS), utc(finished, 16)))
        if i % 200 == 0:
            complaints.append((i, utc(received, 10), (received + timedelta(days=5)).isoformat(),
                               utc(received + timedelta(days=rng.randrange(8)), 10) if rng.random() < 0.8 else None))
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    t0 = time.perf_counter()
    con.executemany(
        "INSERT INTO cases (id, number, matter_code, matter_name, category, kind, status, mode, applicant_type,"
        " applicant_name, id_number, phone, address, village, org_name, credit_code, contact, received_on,"
        " registered_at, registered_by, owner, limit_days, statutory_days, day_kind, due_on, reason, basis)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'person', ?, '', '', '', ?, '', '', '', ?, ?, ?, ?, 5, 20, 'working',"
        " ?, '', '')", cases)
    con.executemany("INSERT INTO case_event (case_id, at, actor, type, data) VALUES (?, ?, 'zhangwei', ?, ?)", events)
    con.executemany("INSERT INTO rating (case_id, level, overall, efficiency, skill, attitude, channel, comment,"
                    " real_name, at) VALUES (?, ?, '满意', '满意', '满意', '满意', 'hall', '', 0, ?)", ratings)
    con.executemany("INSERT INTO complaint (case_id, complainant, phone, what, channel, simple, received_at,"
                    " received_by, due_on, reply, answered_at) VALUES (?, '王小明', '', '态度', 'phone', 0, ?,"
                    " 'zhaomin', ?, '', ?)", complaints)
    con.commit()
    con.execute("ANALYZE")
    con.commit()
    con.close()
    print(f"built {n:,} cases, {len(events):,} events, {len(ratings):,} ratings in {time.perf_counter() - t0:.2f} s")


FLOOR_SQL = [  # the same month's bare counts: what any report must at least read
    "SELECT category, kind, mode, owner, COUNT(*) FROM cases WHERE received_on BETWEEN ? AND ?"
    " GROUP BY category, kind, mode, owner",
    "SELECT c.category, c.owner, COUNT(*) FROM case_event e JOIN cases c ON c.id = e.case_id"
    " WHERE e.type = 'complete' AND e.at >= ? AND e.at < ? GROUP BY c.category, c.owner",
]


def floor(path: Path) -> float:
    con = sqlite3.connect(path)
    lo, hi = utc(MONTH[0], 0), utc(MONTH[1] + timedelta(days=1), 0)
    t0 = time.perf_counter()
    con.execute(FLOOR_SQL[0], (MONTH[0].isoformat(), MONTH[1].isoformat())).fetchall()
    con.execute(FLOOR_SQL[1], (lo, hi)).fetchall()
    took = time.perf_counter() - t0
    con.close()
    return took


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=None, help="reuse (or keep) this file")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    tmp = None
    path = args.db
    if path is None:
        tmp = tempfile.TemporaryDirectory(prefix="quancheng-bench-report-")
        path = Path(tmp.name) / "report.db"
    if not path.exists():
        build(path, args.cases)
    db = Database.open(str(path))
    clock = fixed_clock(NOW)
    leader = staff.actor_for(db, "lixiang")
    walls, cpus = [], []
    report = None
    for _ in range(args.repeat):
        w, c = time.perf_counter(), time.process_time()
        report = reports.figures(db, leader, clock, *MONTH)
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    db.dispose()
    assert report is not None
    print(f"received {report.received:,}, completed {report.completed:,}, on time {report.on_time:,},"
          f" overdue {report.overdue_total:,}, rated {report.rated:,}, complaints {report.complaints_received:,}")
    low = statistics.median(floor(path) for _ in range(args.repeat))
    emit(f"monthly report over {args.cases:,} cases (wall)", statistics.median(walls), "s", floor=low,
         floor_what="bare GROUP BY counts of the month", goal=2.0)
    emit(f"monthly report over {args.cases:,} cases (CPU)", statistics.median(cpus), "s")
    print(machine())
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
