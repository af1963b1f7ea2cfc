"""kill -9 writers at random moments: the file stays intact and every reported registration is there."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services import staff

WRITER = r"""
import sys
from quancheng_tui.services import cases, staff
from quancheng_tui.services.case_views import RegistrationInput
from datetime import datetime
from quancheng_tui.services.context import fixed_clock
from quancheng_tui.store.database import Database

db = Database.open(sys.argv[1])
clerk = staff.actor_for(db, "zhangwei")
clock = fixed_clock(datetime.fromisoformat(sys.argv[2]))
print("ready", flush=True)
while True:
    case = cases.register_case(db, clerk, clock, RegistrationInput(
        matter_code="YB-002", name="张三", id_number="11010519491231002X"))
    print(case.number, flush=True)  # printed only after the commit: "reported as done"
"""

KILLS = 20


@pytest.mark.slow
@pytest.mark.sqlite_only
def test_kill_9_during_registrations_loses_nothing(office_db, clock, tmp_path):
    if office_db.dialect != "sqlite":
        pytest.skip("the file's own durability")
    catalog_svc.import_catalog(office_db, staff.actor_for(office_db, "admin"), clock, catalog_svc.SAMPLE_CATALOG)
    office_db.dispose()
    path = str(office_db.target.path)
    rng = random.Random(7)
    reported: list[str] = []
    waited_for = 0
    for _ in range(KILLS):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, path, clock.now().isoformat()],
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        # Kill only after the writer has committed a few cases, however slow the machine: the kill then
        # lands somewhere inside a later registration (before, during or after its commit).
        need = rng.randint(1, 4)
        for _ in range(need):
            line = proc.stdout.readline().strip()
            assert line.startswith("QS-"), line
            reported.append(line)
        waited_for += need
        time.sleep(rng.uniform(0, 0.05))
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        reported += [line for line in out.split() if line.startswith("QS-")]
    assert len(reported) >= waited_for
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in con.execute("SELECT number FROM cases")}
        numbers = sorted(int(n.rsplit("-", 1)[1]) for n in stored)
    finally:
        con.close()
    missing = [n for n in reported if n not in stored]
    assert missing == []
    assert numbers == list(range(1, len(numbers) + 1))  # still gap-free after every crash
