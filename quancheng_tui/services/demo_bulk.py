"""Demo cases by the hundred thousand (issue 17 item 5): `quancheng demo --cases 100000` in seconds.

The rules decide every state here too, and no second copy of them exists: the first TEMPLATES cases go
through the services one by one exactly as a small demo's do (services/demo.py: register_case,
lifecycle.act, ratings), and every further case repeats the recorded life of one of them, picked at
random with the weights the services' demo used: its case row, materials, events, one-time notice, rating
and audit entries, written in bulk (executemany), under a new gap-free number of the same day and a new
applicant. So each status, due date and light is one the rules produced for that matter, path and day.

Left out of the repeats are the templates whose life reaches beyond the case (a bad rating with its
follow-up and rectification, a complaint, a review, a notice breach): those stay as the services made them.
Only for SQLite (the demo's throwaway file): rows are copied in their stored form.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import Connection

from ..domain import masking
from ..domain.voice import BAD
from ..store.database import Database
from . import audit
from .context import Clock
from .numbering import PREFIX

TEMPLATES = 240  # cases made through the services; enough for every path of demo.PATHS to occur
CHUNK = 5000  # clones written per executemany round

_KEEP_OUT = ("case_material", "case_event", "rating")  # tables a repeat copies; any other reference keeps a template out


@dataclass
class _Template:
    case: dict
    materials: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    notice: dict | None = None
    items: list[dict] = field(default_factory=list)
    rating: dict | None = None
    audit: list[dict] = field(default_factory=list)


def generate(db: Database, clock: Clock, n: int, seed: int) -> int:
    """n demo cases: TEMPLATES through the services, the rest repeats of their lives; returns how many."""
    from . import demo

    first = min(n, TEMPLATES)
    made = demo.through_services(db, clock, first, seed)
    if n <= first:
        return made
    rng = random.Random(seed * 1_000_003 + n)
    with db.read() as session:
        templates = _templates(session.connection())
    if not templates:
        return made
    writer: _Writer | None = None
    left = n - first
    while left:  # one transaction a chunk: a million cases never sit in one
        k = min(CHUNK, left)
        with db.write() as session:
            writer = _Writer(session.connection(), writer)
            writer.write([rng.choice(templates) for _ in range(k)], rng, clock)
            writer.finish()
        left -= k
    return made + (n - first)


def _rows(conn: Connection, sql: str, params: Sequence = ()) -> list[dict]:
    result = conn.exec_driver_sql(sql, tuple(params))
    keys = list(result.keys())
    return [dict(zip(keys, row)) for row in result.fetchall()]


def _columns(conn: Connection, table: str) -> list[str]:
    return [row[1] for row in conn.exec_driver_sql(f"PRAGMA table_info({table})").fetchall()]


def _templates(conn: Connection) -> list[_Template]:
    """The cases whose whole life is in the tables a repeat copies, with that life."""
    out: dict[int, _Template] = {c["id"]: _Template(c) for c in _rows(conn, "SELECT * FROM cases ORDER BY id")}
    tables = [t for (t,) in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()]
    for table in tables:
        if table in _KEEP_OUT or table == "cases" or "case_id" not in _columns(conn, table):
            continue
        for (case_id,) in conn.exec_driver_sql(f"SELECT case_id FROM {table} WHERE case_id IS NOT NULL").fetchall():
            out.pop(case_id, None)
    bad = ",".join("?" * len(BAD))
    for (case_id,) in conn.exec_driver_sql(
            f"SELECT case_id FROM rating WHERE level IN ({bad}) OR id IN (SELECT rating_id FROM rating_review)",
            tuple(BAD)).fetchall():
        out.pop(case_id, None)
    for (notice_id,) in conn.exec_driver_sql("SELECT notice_id FROM notice_breach").fetchall():
        for held in [t for t in out.values() if t.case["notice_id"] == notice_id]:
            out.pop(held.case["id"])
    for m in _rows(conn, "SELECT * FROM case_material ORDER BY id"):
        if m["case_id"] in out:
            out[m["case_id"]].materials.append(m)
    for e in _rows(conn, "SELECT * FROM case_event ORDER BY id"):
        if e["case_id"] in out:
            out[e["case_id"]].events.append(e)
    for r in _rows(conn, "SELECT * FROM rating"):
        if r["case_id"] in out:
            out[r["case_id"]].rating = r
    notices = {r["id"]: r for r in _rows(conn, "SELECT * FROM notice")}
    items: dict[int, list[dict]] = {}
    for i in _rows(conn, "SELECT * FROM notice_item ORDER BY id"):
        items.setdefault(i["notice_id"], []).append(i)
    by_key: dict[str, _Template] = {}
    for t in out.values():
        by_key[t.case["number"]] = t
        if t.case["notice_id"] is not None:
            t.notice = notices[t.case["notice_id"]]
            t.items = items.get(t.case["notice_id"], [])
            by_key[t.notice["number"]] = t
    for a in _rows(conn, "SELECT * FROM audit ORDER BY id"):
        owner = by_key.get(a["entity_key"])
        if owner is not None and a["entity"] in ("case", "notice"):
            owner.audit.append(a)
    return list(out.values())


class _Writer:
    """Clones of templates, numbered on from each day's counter and chained onto the audit trail."""

    def __init__(self, conn: Connection, before: _Writer | None = None) -> None:
        self.conn = conn
        if before is not None:  # the next chunk: carry on from where the last one ended (committed)
            self.__dict__.update({k: v for k, v in before.__dict__.items() if k != "conn"})
            return
        self.counters: dict[tuple[str, str], int] = {
            (str(day), series): last for day, series, last in
            conn.exec_driver_sql("SELECT day, series, last FROM case_counter").fetchall()}
        self.case_id = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM cases").scalar() or 0
        self.notice_id = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM notice").scalar() or 0
        self.prev = conn.exec_driver_sql("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").scalar() or audit.GENESIS
        self.cols = {t: [c for c in _columns(conn, t) if c != "id"] for t in
                     ("case_material", "case_event", "notice_item", "rating", "audit")}

    def _number(self, template_number: str, series: str) -> str:
        """The next number of the template's own day and series (numbering.next_number's form)."""
        head, _, _ = template_number.rpartition("-")
        office, _, stamp = head.rpartition("-")
        day = stamp[len(PREFIX[series]):]
        iso = f"{day[:4]}-{day[4:6]}-{day[6:]}"
        last = self.counters.get((iso, series), 0) + 1
        self.counters[(iso, series)] = last
        return f"{office}-{PREFIX[series]}{day}-{last:04d}"

    def write(self, picks: list[_Template], rng: random.Random, clock: Clock) -> None:
        from .demo import fake_id, fake_name

        cases, materials, events, notices, items, ratings, entries = [], [], [], [], [], [], []
        case_cols: list[str] = []
        notice_cols: list[str] = []
        for t in picks:
            self.case_id += 1
            case = dict(t.case)
            case_cols = case_cols or list(case)
            old = (case["number"], case["applicant_name"], case["id_number"], case["phone"])
            name = fake_name(rng)
            id_number = fake_id(rng, clock.today())
            phone = f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}"
            case.update(id=self.case_id, number=self._number(case["number"], "case"), applicant_name=name,
                        id_number=id_number, phone=phone)
            swaps = [(old[0], case["number"]), (masking.name(old[1]), masking.name(name)),
                     (masking.id_number(old[2]), masking.id_number(id_number)),
                     (masking.phone(old[3]), masking.phone(phone))]
            if t.notice is not None:
                self.notice_id += 1
                notice = dict(t.notice)
                notice_cols = notice_cols or list(notice)
                number = self._number(notice["number"], "notice")
                swaps.append((notice["number"], number))
                notice.update(id=self.notice_id, number=number, applicant_name=name, id_number=id_number, phone=phone)
                notices.append(tuple(notice.values()))
                items += [_values(i, self.cols["notice_item"], notice_id=self.notice_id) for i in t.items]
                case["notice_id"] = self.notice_id
            cases.append(tuple(case.values()))
            materials += [_values(m, self.cols["case_material"], case_id=self.case_id) for m in t.materials]
            for e in t.events:
                # an event's data names the notice; nothing else of the applicant's
                data = _swap(e["data"], swaps[-1:]) if t.notice is not None else e["data"]
                events.append(_values(e, self.cols["case_event"], case_id=self.case_id, data=data))
            if t.rating is not None:
                r = dict(t.rating)
                r.pop("id")
                r.update(case_id=self.case_id, rater_name=name if r["rater_name"] else None)
                ratings.append(tuple(r[c] for c in self.cols["rating"]))
            for a in t.audit:
                entries.append(self._chained(a, swaps))
        self._insert("notice", notice_cols, notices)  # before the cases that name them
        self._insert("notice_item", self.cols["notice_item"], items)
        self._insert("cases", case_cols, cases)
        self._insert("case_material", self.cols["case_material"], materials)
        self._insert("case_event", self.cols["case_event"], events)
        self._insert("rating", self.cols["rating"], ratings)
        self._insert("audit", self.cols["audit"], entries)

    def _chained(self, a: dict, swaps: list[tuple[str, str]]) -> tuple:
        key = _swap(a["entity_key"], swaps[:1] + swaps[4:])
        before, after = _swap(a["before"], swaps), _swap(a["after"], swaps)
        if "at_utc" not in a:  # the instant as audit.verify reads it back (stored as UTC text), once a template
            a["at_utc"] = datetime.fromisoformat(a["at"]).replace(tzinfo=timezone.utc)
        prev = self.prev
        self.prev = audit._digest(prev, a["at_utc"], a["actor"], a["acting_for"], a["action"], a["entity"], key,
                                  before, after)
        return _values(a, self.cols["audit"], entity_key=key, before=before, after=after, prev_hash=prev,
                       hash=self.prev)

    def _insert(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        if rows:
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            self.conn.exec_driver_sql(sql, rows)

    def finish(self) -> None:
        self.conn.exec_driver_sql("UPDATE case_counter SET last = ? WHERE day = ? AND series = ?",
                                  [(last, day, series) for (day, series), last in self.counters.items()])


def _swap(value, swaps: list[tuple[str, str]]):
    if not isinstance(value, str):
        return value
    for old, new in swaps:
        if old:
            value = value.replace(old, new)
    return value


def _values(row: dict, columns: list[str], **changed) -> tuple:
    return tuple(changed[c] if c in changed else row[c] for c in columns)
