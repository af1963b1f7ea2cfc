"""One small office for the permission tests, built through the real services and copied into each test's database.

Building it (two argon2 hashes, the catalog, about forty cases walked through real actions) takes
seconds; the permission tests are several hundred cells. So it is built once per backend and
session into a template, and each test starts from a fresh copy of it: a new SQLite file through
SQLite's backup API, or, on PostgreSQL, the tests' schema emptied and filled again row by row from
the template schema. Each test may change its copy at will.

The office, on Monday 2026-03-16 09:30 (+08:00): the demo staff (every role, password demo1234,
admin's too), the five demo villages, three matters of the sample catalog, an SSH key of sunli, the demo
roster (March 2026: zhangwei and liuna on duty, lixiang leading; the A/B posts of roster.sample.toml), and

- `case`: zhangwei's accepted 低保 case (MZ-001, statutory 30 / promised 20 working days) in V01,
  extended once by a day: the case of the matrix's case-level rows;
- `notice`: the one-time notice of zhangwei's 提示件 in V01, and `unlisted`, a material it did not list;
- three 即办件 due today (reminders): sunli's in V01, zhangwei's in V02, liuna's without a village;
- three appointments on 2026-03-18 (V01, V02, none);
- `rated`: three of zhangwei's cases completed and rated 满意 by the applicant at the hall terminal, in V01,
  V02 and without a village (ratings exports);
- `staged`: for each lifecycle action and each of the owners zhangwei and sunli (an agent, V01),
  a case of theirs in V01 walked by real actions into a status the action applies to, handed over
  to the handler wangfang first wherever a hand-over is possible (not on a 提示件 waiting for correction);
  the case staged for 改为承诺件 is a 即办件 (MZ-008), so it is due today too (`due_today` holds them).
"""

from __future__ import annotations

import base64
import os
import struct
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

import pytest
import sqlalchemy as sa

from quancheng_tui.domain.cases import OPEN_STATUSES
from quancheng_tui.domain.lifecycle import Action
from quancheng_tui.services import appointments, cases, lifecycle, notices, ratings, setup, staff
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.case_views import RegistrationInput
from quancheng_tui.services.context import SYSTEM, Actor, Clock, fixed_clock
from quancheng_tui.store import migrate
from quancheng_tui.store.database import Database
from quancheng_tui.store.target import parse

NOW = datetime(2026, 3, 16, 9, 30, tzinfo=timezone(timedelta(hours=8)))
PASSWORD = "demo1234"  # setup.DEMO_PASSWORD: the demo staff's, and admin's here too
ID = "11010519491231002X"
CATALOG = ("CL-001", "MZ-001", "MZ-008")  # 联办件; 上报件 with a statutory limit; 即办件 (all village matters)
APPOINTMENT_DAY = date(2026, 3, 18)
HANDLER = "wangfang"

# The matrix's columns and who stands in each; agent_other is an agent of another village (V02).
LOGINS = {
    "clerk": "zhangwei", "handler": "wangfang", "leader": "lixiang", "admin": "admin",
    "agent": "sunli", "agent_other": "zhoujun", "supervisor": "zhaomin",
}
STAFF = frozenset(LOGINS.values()) | {"liuna", "chenjie"}


def ssh_key(seed: int, comment: str) -> str:
    """A well-formed ssh-ed25519 public key line (the key bytes are made up; nothing signs with it)."""
    blob = struct.pack(">I", 11) + b"ssh-ed25519" + struct.pack(">I", 32) + bytes([seed]) * 32
    return f"ssh-ed25519 {base64.b64encode(blob).decode()} {comment}"


SSH_KEYS = {"sunli": ssh_key(1, "sunli@V01"), "zhoujun": ssh_key(2, "zhoujun@V02")}

# A valid payload of every action: the walk uses them, the tests act with them.
ACTION_DATA: dict[Action, dict] = {
    Action.HANDOVER: {"to": "chenjie", "note": "请协助核实"},
    Action.PROGRESS: {"note": "已入户调查"},
    Action.CORRECT: {"materials": "all"},
    Action.SUSPEND: {"reason": "鉴定", "note": "等待鉴定结论"},
    Action.RESUME: {},
    Action.EXTEND: {"days": 1, "reason": "需补充调查", "basis": "《社会救助暂行办法》"},
    Action.REPORT_UP: {"to": "县民政局"},
    Action.REPORT_ANSWER: {"note": "县民政局已批复"},
    Action.JOINT_STEP: {"unit": "县残疾人联合会", "step": "start", "limit_days": "10"},
    Action.TRANSFER: {"reason": "不属本中心职权", "unit": "县政务服务中心"},
    Action.COMPLETE: {"result": "已按规定办结"},
    Action.REPLY: {"method": "phone", "note": "已电话告知结果"},
    Action.SIGN_OFF: {},
    Action.WITHDRAW: {"reason": "申请人主动撤回"},
    Action.REJECT: {"reason": "不符合申请条件", "basis": "《社会救助暂行办法》第九条"},
    Action.RATE: {"level": "满意", "channel": "phone"},  # a rating the visitor gave by phone
    Action.RECLASSIFY: {"reason": "需现场核实，不能当场办结"},
}
# What must happen after the hand-over before the action applies.
PRE_STEPS: dict[Action, tuple[Action, ...]] = {
    Action.RESUME: (Action.SUSPEND,),
    Action.REPORT_ANSWER: (Action.REPORT_UP,),
    Action.REPLY: (Action.COMPLETE,),
    Action.RATE: (Action.COMPLETE,),
    Action.SIGN_OFF: (Action.COMPLETE, Action.REPLY),
}
ANY = object()


@lru_cache(maxsize=1)
def sample_specs() -> dict:
    return {s.code: s for s in catalog_svc.read_file(catalog_svc.SAMPLE_CATALOG)}


@dataclass(frozen=True)
class Office:
    db: Database
    clock: Clock
    case: str
    notice: str
    unlisted: str
    villages: Mapping[str, str | None]  # every case -> its village
    statuses: Mapping[str, str]
    owners: Mapping[str, str]
    due_today: frozenset[str]
    staged: Mapping[tuple[str, Action], str]  # (owner login, action) -> case number
    rated: frozenset[str]
    files: Path | None = None  # this test's own directory for files read or written (None in the template)

    @property
    def today(self) -> date:
        return self.clock.today()

    def actor(self, who: str) -> Actor:
        """A matrix column (clerk, agent_other…) or a login."""
        return staff.actor_for(self.db, LOGINS.get(who, who))

    def cases_in(self, village=ANY, *, open_only: bool = False) -> set[str]:
        open_values = {s.value for s in OPEN_STATUSES}
        return {n for n, v in self.villages.items()
                if (village is ANY or v == village) and (not open_only or self.statuses[n] in open_values)}


def _register(db: Database, who: Actor, clock: Clock, matter: str, village: str | None, **kw) -> cases.CaseView:
    return cases.register_case(db, who, clock, RegistrationInput(
        matter, name="张三", id_number=ID, phone="13812345678", village=village, **kw))


def _stage(db: Database, clock: Clock, owner: Actor, action: Action) -> str:
    if action is Action.CORRECT:  # a 提示件 waits for the correction and cannot be handed over before
        return _register(db, owner, clock, "MZ-001", "V01", materials=["SQS"]).number
    matter = {Action.JOINT_STEP: "CL-001", Action.RECLASSIFY: "MZ-008"}.get(action, "MZ-001")  # MZ-008: 即办件
    number = _register(db, owner, clock, matter, "V01").number
    lifecycle.act(db, owner, clock, number, Action.HANDOVER, {"to": HANDLER, "note": "请核实后办理"})
    for step in PRE_STEPS.get(action, ()):
        lifecycle.act(db, owner, clock, number, step, ACTION_DATA[step])
    return number


def build(db: Database, clock: Clock) -> Office:
    specs = sample_specs()
    setup.initialize(db, clock, "青山镇便民服务中心", "QS", "admin", "管理员", PASSWORD, demo=True,
                     catalog=[specs[c] for c in CATALOG], catalog_source="permission-matrix")
    admin, zhang, liu, sun = (staff.actor_for(db, x) for x in ("admin", "zhangwei", "liuna", "sunli"))
    staff.add_key(db, admin, clock, "sunli", SSH_KEYS["sunli"])
    case = _register(db, zhang, clock, "MZ-001", "V01").number
    lifecycle.act(db, zhang, clock, case, Action.EXTEND, ACTION_DATA[Action.EXTEND])
    pending = _register(db, zhang, clock, "MZ-001", "V01", materials=["SQS"])
    notice = notices.get_notice(db, pending.notice_number, actor=SYSTEM)
    unlisted = next(m.code for m in catalog_svc.get_matter(db, "MZ-001").materials
                    if not notice.lists(m.code) and m.code != "SQS")
    due = {_register(db, who, clock, "MZ-008", village).number
           for who, village in ((sun, None), (zhang, "V02"), (liu, None))}
    for village in ("V01", "V02", None):
        appointments.book(db, zhang, clock, "MZ-001", APPOINTMENT_DAY, "09:00", "预约人", "13812345678",
                          village=village)
    staged = {(owner.login, action): _stage(db, clock, owner, action) for owner in (zhang, sun) for action in Action}
    due |= {staged[(owner.login, Action.RECLASSIFY)] for owner in (zhang, sun)}  # 即办件 too, due today
    rated = set()
    for village in ("V01", "V02", None):
        number = _register(db, zhang, clock, "MZ-001", village).number
        lifecycle.act(db, zhang, clock, number, Action.COMPLETE, ACTION_DATA[Action.COMPLETE])
        ratings.rate_by_visitor(db, clock, number, ID[-4:], "满意", {})  # the applicant, at the hall terminal
        rated.add(number)
    every = cases.list_cases(db, admin, limit=1000, today=clock.today())
    return Office(
        db=db, clock=clock, case=case, notice=notice.number, unlisted=unlisted,
        villages={c.number: c.village for c in every}, statuses={c.number: c.status for c in every},
        owners={c.number: c.owner for c in every}, due_today=frozenset(due), staged=staged, rated=frozenset(rated),
    )


# --- the database copies ------------------------------------------------------------------------

_TABLES: dict[str, list[tuple[str, list[str], bool]]] = {}


def _tables(conn) -> list[tuple[str, list[str], bool]]:
    """(table, primary key columns, has an id column) of the schema as migrated, parents before children."""
    name = conn.dialect.name
    if name not in _TABLES:
        meta = sa.MetaData()
        meta.reflect(bind=conn)
        _TABLES[name] = [(t.name, [c.name for c in t.primary_key.columns] or [c.name for c in t.columns],
                          "id" in t.columns) for t in meta.sorted_tables]
    return _TABLES[name]


def snapshot(db: Database) -> dict[str, list[dict]]:
    """Every row of every table, in primary key order: equal snapshots mean nothing was written."""
    with db.read() as session:
        conn = session.connection()
        out = {}
        for table, keys, _ in _tables(conn):
            order = ", ".join(f'"{k}"' for k in keys)
            out[table] = [dict(r) for r in conn.exec_driver_sql(f'SELECT * FROM "{table}" ORDER BY {order}').mappings()]
        return out


def new_audit(before: dict, after: dict) -> list[dict]:
    """The audit entries appended between two snapshots (the earlier ones must be untouched)."""
    n = len(before["audit"])
    assert after["audit"][:n] == before["audit"], "the audit trail was rewritten"
    return after["audit"][n:]


def _pg_schema(url: str, prefix: str) -> tuple[str, Database]:
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    admin.dispose()
    db = Database(parse(f"{url}?options=-csearch_path%3D{schema}"))
    migrate.upgrade(db)
    return schema, db


class _Templates:
    """The office built once per backend; `sqlite_copy` and `pg_copy` hand each test its own copy."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.sqlite: tuple[Path, Office] | None = None
        self.pg: tuple[str, Office] | None = None  # the template schema and its office
        self.pg_tests: tuple[str, Database] | None = None  # the schema the tests run in, one after the other

    def sqlite_copy(self, path: Path) -> Office:
        """The office in a new SQLite file at `path` (migrated already: a copy of the template's file)."""
        if self.sqlite is None:
            template_path = self.tmp / "office.db"
            template = Database.open(str(template_path))
            migrate.upgrade(template)
            self.sqlite = (template_path, build(template, fixed_clock(NOW)))
            template.dispose()
        template_path, office = self.sqlite
        migrate.sqlite_backup(template_path, path)
        return replace(office, db=Database.open(str(path), create=False))

    def pg_copy(self, url: str) -> Office:
        """The office in the tests' PostgreSQL schema, emptied and filled again from the template schema.

        One schema serves the tests of a session one after the other, so each does not pay for
        creating and migrating its own; a test leaves no transaction open behind it.
        """
        if self.pg is None:
            schema, template = _pg_schema(url, "office")
            self.pg = (schema, build(template, fixed_clock(NOW)))
            template.dispose()
            self.pg_tests = _pg_schema(url, "office_test")
        (schema, office), (_, db) = self.pg, self.pg_tests
        with db.engine.begin() as conn:
            tables = [(t, has_id) for t, _, has_id in _tables(conn) if t != "alembic_version"]
            names = ", ".join(f'"{t}"' for t, _ in tables)
            conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            for table, has_id in tables:
                conn.exec_driver_sql(f'INSERT INTO "{table}" SELECT * FROM "{schema}"."{table}"')
                if has_id:  # the copied ids must not be handed out again
                    conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), max(id)) "
                                         f'FROM "{table}" HAVING max(id) IS NOT NULL')
        return replace(office, db=db)

    def close(self, url: str | None) -> None:
        if self.pg is None or self.pg_tests is None:
            return
        self.pg_tests[1].dispose()
        admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for schema in (self.pg[0], self.pg_tests[0]):
                conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


PG_URL = os.environ.get("QUANCHENG_TEST_PG_URL")


@pytest.fixture(scope="session")
def office_templates(tmp_path_factory):
    templates = _Templates(tmp_path_factory.mktemp("office-template"))
    yield templates
    templates.close(PG_URL)


@pytest.fixture
def office(backend, db_path, office_templates):
    """A copy of the office in this test's database, on each backend of tests/services/conftest.py.

    Not through its `db` fixture, which migrates a new database for every test: these tests are
    several hundred, and a copy of the migrated template needs no migration. On SQLite the copy
    is a file at the `db` fixture's path; PostgreSQL is skipped or required as there.
    """
    files = db_path.parent / "files"
    files.mkdir()
    if backend == "sqlite":
        office = replace(office_templates.sqlite_copy(db_path), files=files)
        yield office
        office.db.dispose()
        return
    if not PG_URL:
        if os.environ.get("QUANCHENG_REQUIRE_PG"):
            pytest.fail("QUANCHENG_TEST_PG_URL is not set but QUANCHENG_REQUIRE_PG is")
        pytest.skip("no PostgreSQL server (set QUANCHENG_TEST_PG_URL)")
    yield replace(office_templates.pg_copy(PG_URL), files=files)
