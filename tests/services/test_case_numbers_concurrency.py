"""Case numbers under contention: 4 processes × 50 registrations at the same moment.

Each process opens its own Database on the same SQLite file (or PostgreSQL schema) and
registers through the real service; one in five is a 提示件, so the case and notice counters
are taken in the same transactions too. The numbers must come out unique and gap-free
(0001..0200) and no registration may fail, "database is locked" least of all.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from sqlmodel import select

from quancheng_tui.services import audit, setup, staff
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.store.case_tables import Case, Notice

PROCESSES = 4
PER_PROCESS = 50

WORKER = r"""
import json, sys, time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from quancheng_tui.errors import QuanchengError
from quancheng_tui.services import cases, staff
from quancheng_tui.services.context import fixed_clock
from quancheng_tui.store.database import Database
from quancheng_tui.store.target import parse

url, go, n, wid = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
db = Database(parse(url))
clock = fixed_clock(datetime(2026, 3, 16, 9, 30, tzinfo=timezone(timedelta(hours=8))))
clerk = staff.actor_for(db, "zhangwei")
numbers, errors = [], []
print("ready", flush=True)
while not go.exists():
    time.sleep(0.005)
for i in range(n):
    notice = i % 5 == 0
    data = cases.RegistrationInput("MZ-001" if notice else "MZ-008", name=f"并发{wid}{i}",
                                   id_number="11010519491231002X", materials=() if notice else "all")
    try:
        numbers.append(cases.register_case(db, clerk, clock, data).number)
    except QuanchengError as exc:
        errors.append(str(exc))
db.dispose()
print(json.dumps({"numbers": numbers, "errors": errors}), flush=True)
"""


def test_parallel_registrations_get_unique_gap_free_numbers(db, clock, tmp_path: Path):
    setup.initialize(db, clock, "青山镇便民服务中心", "QS", "admin", "管理员", "secret123", demo=True, catalog=[])
    catalog_svc.import_catalog(db, staff.actor_for(db, "admin"), clock, catalog_svc.SAMPLE_CATALOG)
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, db.target.url, str(go), str(PER_PROCESS), str(w)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for w in range(PROCESSES)]
    try:
        for p in procs:  # every worker has imported everything and opened its database
            assert p.stdout.readline().strip() == "ready", p.stderr.read()
        started = time.perf_counter()
        go.touch()
        results = []
        for p in procs:
            out, err = p.communicate(timeout=300)
            assert p.returncode == 0, err
            results.append(json.loads(out.strip().splitlines()[-1]))
        elapsed = time.perf_counter() - started
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()

    errors = [e for r in results for e in r["errors"]]
    assert not any("locked" in e for e in errors), errors[:3]
    assert errors == []
    numbers = [n for r in results for n in r["numbers"]]
    total = PROCESSES * PER_PROCESS
    assert len(numbers) == total and len(set(numbers)) == total
    assert sorted(numbers) == [f"QS-20260316-{i:04d}" for i in range(1, total + 1)]
    for r in results:  # each process saw its own numbers rise
        assert r["numbers"] == sorted(r["numbers"])
    with db.read() as s:
        stored = sorted(s.exec(select(Case.number)).all())
        notices = sorted(s.exec(select(Notice.number)).all())
        linked = s.exec(select(Case).where(Case.notice_id.is_not(None))).all()
    assert stored == sorted(numbers)
    assert notices == [f"QS-GZ20260316-{i:04d}" for i in range(1, PROCESSES * PER_PROCESS // 5 + 1)]
    assert len(linked) == len(notices)
    assert audit.verify(db).ok
    print(f"{db.dialect}: {total} registrations by {PROCESSES} processes in {elapsed:.2f} s")
