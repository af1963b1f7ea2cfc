"""Issue #7 item 4: `db upgrade` from the previous schema on a copy holding 100,000 cases.

The demo office's real cases (walked through the services) are taken back to
the previous revision with the shipped downgrade, multiplied to 100,000 with
their registration events, and then upgraded by the real command. Nothing may
be lost, a backup at the old revision must exist first, and the upgraded file
must work.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import date, timedelta

import pytest

from quancheng_tui.store import migrate, schema
from quancheng_tui.store.database import Database

CASES = 100_000
# The schema the previous landed release shipped (stop 8: 0006); its users upgrade from there. Moving it
# forward is part of releasing a build with new migrations.
PREVIOUS = "0006"


def _multiply(path, total: int) -> None:
    """Fill to `total` cases, each a copy of a real one with its own number, day and registration event."""
    con = sqlite3.connect(str(path))
    con.row_factory = sqlite3.Row
    templates = [dict(r) for r in con.execute("SELECT * FROM cases ORDER BY id")]
    events = {r["case_id"]: dict(r) for r in con.execute("SELECT * FROM case_event WHERE type='registered'")}
    assert templates and events
    cols = [c for c in templates[0] if c != "id"]
    ev_cols = [c for c in next(iter(events.values())) if c != "id"]
    next_id = con.execute("SELECT max(id) FROM cases").fetchone()[0] + 1
    start = date(2024, 1, 2)
    cases, evs = [], []
    for n in range(total - len(templates)):
        t = templates[n % len(templates)]
        day = start + timedelta(days=n // 150)
        row = dict(t, id=next_id + n, number=f"QS-{day:%Y%m%d}-{n % 150 + 5001:04d}", received_on=day.isoformat())
        cases.append([row["id"]] + [row[c] for c in cols])
        ev = dict(events.get(t["id"]) or next(iter(events.values())), case_id=row["id"])
        evs.append([ev[c] for c in ev_cols])
    with con:
        con.executemany(f"INSERT INTO cases (id, {', '.join(cols)}) VALUES ({', '.join('?' * (len(cols) + 1))})", cases)
        con.executemany(f"INSERT INTO case_event ({', '.join(ev_cols)}) VALUES ({', '.join('?' * len(ev_cols))})", evs)
    con.close()


def _counts(path) -> dict[str, int]:
    con = sqlite3.connect(str(path))
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    out = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables if t != "alembic_version"}
    con.close()
    return out


@pytest.mark.slow
def test_upgrade_from_previous_schema_keeps_100k_cases(cli, demo_db):
    db = Database.open(str(demo_db))
    migrate.downgrade(db, PREVIOUS)
    assert migrate.current(db) == PREVIOUS
    db.dispose()
    _multiply(demo_db, CASES)
    before = _counts(demo_db)
    assert before["cases"] == CASES

    started = time.perf_counter()
    r = cli("db", "upgrade", db=demo_db)
    took = time.perf_counter() - started
    assert r.code == 0, r.err
    print(f"db upgrade {PREVIOUS} -> {schema.HEAD} on {CASES} cases: {took:.2f} s")

    backups = list(demo_db.parent.glob(f"{demo_db.name}.bak-{PREVIOUS}-*"))
    assert len(backups) == 1
    old = sqlite3.connect(str(backups[0]))
    assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] == PREVIOUS
    assert old.execute("SELECT count(*) FROM cases").fetchone()[0] == CASES
    old.close()

    after = _counts(demo_db)
    # Nothing lost; one audit entry more: the upgrading OS account adopted as the first admin's (issue 18),
    # as the schema before had no OS mappings to keep.
    assert after["audit"] == before["audit"] + 1 and after["os_account"] == 1
    assert {t: n for t, n in after.items() if t in before and t != "audit"} == {
        t: n for t, n in before.items() if t != "audit"}
    assert cli("db", "check", db=demo_db).code == 0
    listed = cli("case", "list", "--limit", "3", "--format", "json", db=demo_db, user="admin")
    assert listed.code == 0, listed.err
    shown = cli("case", "show", "QS-20240102-5001", "--json", db=demo_db, user="admin")
    assert shown.code == 0 and "QS-20240102-5001" in shown.out
