"""The demo at scale (issue 17 item 5): 2,000 cases, most written in bulk, with the variety and the rules of
the services' demo. On the tests' fixed clock; SQLite only (the bulk path copies stored rows)."""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter, defaultdict

import pytest

from quancheng_tui.domain import masking
from quancheng_tui.domain.cases import Status
from quancheng_tui.domain.lifecycle import Action, next_status
from quancheng_tui.services import audit, demo, demo_bulk, setup

pytestmark = pytest.mark.slow  # 240 cases through the services first (large data)

N = 2000


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory, migrated_template):
    from quancheng_at import FIXED_NOW
    from sqlite_files import copy_sqlite

    from quancheng_tui.services.context import fixed_clock
    from quancheng_tui.store.database import Database

    path = tmp_path_factory.mktemp("bulk") / "demo.db"
    copy_sqlite(migrated_template, path)
    db = Database.open(str(path))
    clock = fixed_clock(FIXED_NOW)
    setup.initialize(db, clock, "青山镇便民服务中心", "QS", "admin", "管理员", setup.DEMO_PASSWORD, demo=True)
    made = demo.generate(db, clock, N, seed=1)
    result = audit.verify(db)
    db.dispose()
    return path, made, result


def rows(path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as con:
        return con.execute(sql).fetchall()


def test_every_status_and_the_services_mix(demo_file):
    path, made, _ = demo_file
    assert made == N and N > demo.BULK_FROM
    counts = Counter(s for (s,) in rows(path, "SELECT status FROM cases"))
    assert sum(counts.values()) == N and set(counts) == {s.value for s in Status}
    # the repeats keep the services' weights (demo.PATHS): closed is the most common, open cases many
    assert counts["closed"] == max(counts.values()) and counts["suspended"] >= 10
    assert rows(path, "SELECT count(*) FROM rating")[0][0] > N // 10


def test_each_case_is_where_its_own_events_lead_by_the_state_machine(demo_file):
    """The rules decided every state: replaying each case's events through domain.lifecycle.next_status
    from its registered status gives its stored status, for the repeats as for the services' cases."""
    path, _, _ = demo_file
    events: dict[int, list[tuple[str, dict]]] = defaultdict(list)
    for case_id, kind, data in rows(path, "SELECT case_id, type, data FROM case_event ORDER BY id"):
        events[case_id].append((kind, json.loads(data)))
    checked = 0
    for case_id, status in rows(path, "SELECT id, status FROM cases"):
        (first, data), *later = events[case_id]
        assert first == "registered"
        state = Status(data["status"])
        for kind, data in later:
            action = Action(kind)
            remaining = action is Action.CORRECT and data.get("remaining")
            state = Status.PENDING_MATERIALS if remaining else next_status(state, action)
        assert state.value == status, case_id
        checked += 1
    assert checked == N


def test_numbers_gap_free_per_day_audit_chain_whole_and_every_reference_holds(demo_file):
    path, _, verified = demo_file
    assert verified.ok and verified.entries > 3 * N
    by_day: dict[str, list[int]] = defaultdict(list)
    for (number,) in rows(path, "SELECT number FROM cases"):
        m = re.fullmatch(r"QS-(\d{8})-(\d{4,})", number)
        assert m, number
        by_day[m[1]].append(int(m[2]))
    counters = {day.replace("-", ""): last for day, last in
                rows(path, "SELECT day, last FROM case_counter WHERE series = 'case'")}
    for day, seq in by_day.items():
        assert sorted(seq) == list(range(1, len(seq) + 1)) and counters[day] == len(seq)
    assert rows(path, "PRAGMA foreign_key_check") == []
    notices = rows(path, "SELECT count(*), count(DISTINCT number) FROM notice")[0]
    assert notices[0] == notices[1] > 100


def test_each_repeat_has_its_own_applicant_in_its_audit_entries(demo_file):
    path, _, _ = demo_file
    after = dict(rows(path, "SELECT entity_key, after FROM audit WHERE action = 'case.register'"))
    cases = rows(path, "SELECT number, applicant_name, id_number, phone FROM cases WHERE id > "
                       f"{demo_bulk.TEMPLATES} ORDER BY id LIMIT 300")
    assert len({c[2] for c in cases}) == len(cases)  # new applicants, not the templates' again
    for number, name, id_number, phone in cases:
        applicant = json.loads(after[number])["applicant"]
        assert (applicant["name"], applicant["id_number"], applicant["phone"]) == (
            masking.name(name), masking.id_number(id_number), masking.phone(phone))
