"""The case board on a big SQLite file: first page and filter changes through `services.board`,
each beside the raw sqlite3 query for the same page (the floor).

    python bench/bench_board.py [--cases N] [--million] [--db PATH] [--repeat R]

Builds a file with N cases (default 100,000; --million: 1,000,000) in one bulk insert
(sqlite3 executemany: not one register_case per row), a realistic mix: ~85% closed
(已销号 / 已退回 / 已移办 / 已撤回 / 已办结 …), ~15% open, spread over the past two years,
five villages and the demo office's staff. Then times, in this process:

- opening the database and the first page (target < 0.5 s);
- filter changes (target < 100 ms at 100k, < 300 ms at 1M): overdue, mine, a village,
  a kind, due within 3 working days, a search by pinyin initials, by name, by number;
- page 2 and a deep page;
- sort changes (same targets): each sort (due date, received date, number, matter, owner) both
  ways, and a sort with a filter and on a deep page.

Wall and CPU time are printed (median of --repeat runs); a shared machine makes wall time noisy.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

T_IMPORT = time.perf_counter()
from quancheng_tui.services import board, setup, staff  # noqa: E402
from quancheng_tui.services import catalog as catalog_svc  # noqa: E402
from quancheng_tui.services.context import fixed_clock  # noqa: E402
from quancheng_tui.store import migrate  # noqa: E402
from quancheng_tui.store.database import Database  # noqa: E402

T_IMPORT = time.perf_counter() - T_IMPORT

CST = timezone(timedelta(hours=8))
NOW = datetime(2026, 3, 16, 9, 30, tzinfo=CST)
TODAY = NOW.date()
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华玉萍红玲芬燕鹏飞辉建国志海春梅"
OWNERS = ["zhangwei", "liuna", "sunli", "zhoujun", "wangfang"]
VILLAGES = ["V01", "V02", "V03", "V04", "V05", None]
# (status, weight): ~15% open
STATUSES = [("closed", 60), ("replied", 5), ("completed", 3), ("rejected", 4), ("transferred", 3),
            ("withdrawn", 10), ("accepted", 5), ("in_progress", 6), ("suspended", 1), ("reported_up", 2),
            ("pending_materials", 1)]


def build(path: Path, n: int, seed: int = 7) -> None:
    db = Database.open(str(path))
    migrate.upgrade(db)
    clock = fixed_clock(NOW)
    setup.initialize(db, clock, "青山镇便民服务中心", "QS", "admin", "管理员", "secret123", demo=True, catalog=[])
    catalog_svc.import_catalog(db, staff.actor_for(db, "admin"), clock, catalog_svc.SAMPLE_CATALOG)
    matters = [(m.code, m.name, m.kind or "promised") for m in catalog_svc.list_matters(db)]
    with db.read() as s:
        ids = dict(s.connection().exec_driver_sql("SELECT code, id FROM matter").all())
    db.dispose()
    rng = random.Random(seed)
    statuses = [s for s, _w in STATUSES]
    weights = [w for _s, w in STATUSES]
    rows = []
    for i in range(n):
        received = TODAY - timedelta(days=int(rng.expovariate(1 / 120)) % 730)
        status = rng.choices(statuses, weights)[0]
        code, name, kind = rng.choice(matters)
        if status == "pending_materials":
            kind = "notice"
        elif status == "rejected":
            kind = "rejected"
        open_ = status in board.OPEN_VALUES
        if open_:  # open cases are recent
            received = TODAY - timedelta(days=rng.randint(0, 30))
        limit = 0 if kind == "instant" else rng.choice((3, 5, 7, 10, 15, 20))
        due = None if kind in ("notice", "rejected") else received + timedelta(days=limit * 7 // 5)
        day = received.strftime("%Y%m%d")
        number = f"QS-{day}-{i:07d}"
        owner = rng.choice(OWNERS)
        who = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        reg = f"{received.isoformat()} 09:00:00.000000"
        rows.append((number, ids.get(code), code, name, "own", kind, status, "counter", "person", who,
                     "", "", "", rng.choice(VILLAGES), "", "", "", received.isoformat(), reg, owner, owner,
                     limit, limit * 2, "working", due.isoformat() if due else None,
                     None if open_ else reg, "", ""))
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    t0 = time.perf_counter()
    con.executemany(
        "INSERT INTO cases (number, matter_id, matter_code, matter_name, category, kind, status, mode, "
        "applicant_type, applicant_name, id_number, phone, address, village, org_name, credit_code, contact, "
        "received_on, registered_at, registered_by, owner, limit_days, statutory_days, day_kind, due_on, "
        "closed_at, reason, basis) VALUES (" + ",".join("?" * 28) + ")", rows)
    con.commit()
    con.execute("ANALYZE")
    con.commit()
    con.close()
    print(f"built {n:,} cases in {time.perf_counter() - t0:.2f} s (executemany + ANALYZE)")


def timed(fn, repeat: int):
    wall, cpu, out = [], [], None
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        out = fn()
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000, out


COLS = ("number, received_on, applicant_type, applicant_name, matter_code, matter_name, category, kind, "
        "status, owner, village, due_on, limit_days")


OPEN_SQL = ",".join(f"'{s}'" for s in board.OPEN_VALUES)
SORT_SQL = {"due": "due_on", "received": "received_on", "number": "number", "matter": "matter_code", "owner": "owner"}


def raw_sql(extra: str, offset: int, limit: int = 50, sort: str = "due", descending: bool = False) -> str:
    """The same page by hand: one index-ordered select per open status, merged (for the due date, the
    dated part)."""
    n = offset + limit + 1
    way = " DESC" if descending else ""
    column = SORT_SQL[sort]
    order = f"{column}{way}" + ("" if column == "number" else f", number{way}")
    dated = "AND due_on IS NOT NULL" if sort == "due" else ""
    parts = " UNION ALL ".join(
        f"SELECT * FROM (SELECT {COLS} FROM cases WHERE status = '{s}' {dated} {extra} "
        f"ORDER BY {order} LIMIT {n})" for s in board.OPEN_VALUES)
    return f"SELECT * FROM ({parts}) ORDER BY {order} LIMIT {limit + 1} OFFSET {offset}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--million", action="store_true", help="1,000,000 cases")
    parser.add_argument("--db", type=Path, default=None, help="reuse (or keep) this file")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    n = 1_000_000 if args.million else args.cases
    folder = tempfile.TemporaryDirectory()
    path = args.db or Path(folder.name) / "board.db"
    print(f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cpu, {platform.platform()}, "
          f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")
    print(f"date: {datetime.now().astimezone():%Y-%m-%d %H:%M %z}; board 'today' fixed at {TODAY}")
    print(f"imports (services, sqlmodel): {T_IMPORT * 1000:.0f} ms")
    if not path.exists():
        build(path, n)
    con = sqlite3.connect(path)
    total, open_n = con.execute(
        f"SELECT count(*), sum(status IN ({','.join(repr(s) for s in board.OPEN_VALUES)})) FROM cases").one() \
        if hasattr(con, "one") else con.execute(
        f"SELECT count(*), sum(status IN ({','.join(repr(s) for s in board.OPEN_VALUES)})) FROM cases").fetchone()
    print(f"file: {path.stat().st_size / 2**20:.0f} MiB, {total:,} cases, {open_n:,} open")

    clock = fixed_clock(NOW)
    w0, c0 = time.perf_counter(), time.process_time()
    db = Database.open(str(path), create=False)
    actor = staff.actor_for(db, "zhangwei")
    first = board.page(db, actor, clock, board.BoardFilters(), limit=50)
    print(f"\nopen database + actor + first page (cold, {len(first.rows)} rows): "
          f"{(time.perf_counter() - w0) * 1000:.0f} ms wall, {(time.process_time() - c0) * 1000:.0f} ms cpu"
          "   [target < 500 ms]")

    from quancheng_tui.services.calendar import calendar
    cutoff = calendar(db).add_workdays(TODAY, 3).isoformat()
    F = board.BoardFilters
    cases = [
        ("first page", F(), 0, ""),
        ("page 2", F(), 50, ""),
        ("page 40 (offset 2000)", F(), 2000, ""),
        ("overdue", F(overdue=True), 0, f"AND due_on < '{TODAY}'"),
        ("mine", F(mine=True), 0, "AND owner = 'zhangwei'"),
        ("village V03", F(village="V03"), 0, "AND village = 'V03'"),
        ("kind promised", F(kind="promised"), 0, "AND kind = 'promised'"),
        ("due within 3 wd", F(due_within=3), 0, f"AND due_on <= '{cutoff}'"),
        # a search finds its hits from one index first (board._ordered), so the floor does the same
        ("search pinyin 'dbsq'", F(search="dbsq"), 0,
         f"AND id IN (SELECT id FROM cases WHERE status IN ({OPEN_SQL}) AND matter_code IN "
         "(SELECT code FROM matter WHERE pinyin >= 'dbsq' AND pinyin < 'dbsr'))"),
        ("search name '张伟'", F(search="张伟"), 0,
         f"AND id IN (SELECT id FROM cases WHERE status IN ({OPEN_SQL}) AND applicant_name LIKE '%张伟%')"),
        ("search number prefix", F(search="QS-20260310"), 0, "AND number >= 'QS-20260310' AND number < 'QS-20260311'"),
        ("status in_progress + mine", F(status="in_progress", mine=True), 0, ""),
    ]
    print(f"\n{'query':28} {'board.page ms (wall/cpu)':>26} {'raw sqlite3 ms':>16} {'rows':>5}")
    for label, flt, offset, extra in cases:
        wall, cpu, pg = timed(lambda: board.page(db, actor, clock, flt, offset=offset, limit=50), args.repeat)
        raw_s = "-"
        if extra or label.startswith(("first", "page")):
            sql = raw_sql(extra, offset)
            rw, _rc, _ = timed(lambda: con.execute(sql).fetchall(), args.repeat)
            raw_s = f"{rw:.2f}"
        target = 300 if total >= 1_000_000 else 100
        flag = "" if wall < target else f"  > {target} ms!"
        print(f"{label:28} {wall:13.1f} / {cpu:6.1f}   {raw_s:>16} {len(pg.rows):5}{flag}")
    sorts = [(f"sort {key} {'desc' if desc else 'asc'}", F(sort=key, descending=desc), 0, "")
             for key in board.SORTS for desc in (False, True)]
    sorts += [("sort received desc + mine", F(sort="received", descending=True, mine=True), 0,
               "AND owner = 'zhangwei'"),
              ("sort matter asc, page 40", F(sort="matter"), 2000, ""),
              ("sort owner desc + village V03", F(sort="owner", descending=True, village="V03"), 0,
               "AND village = 'V03'")]
    print(f"\n{'sort change':28} {'board.page ms (wall/cpu)':>26} {'raw sqlite3 ms':>16} {'rows':>5}")
    for label, flt, offset, extra in sorts:
        wall, cpu, pg = timed(lambda: board.page(db, actor, clock, flt, offset=offset, limit=50), args.repeat)
        sql = raw_sql(extra, offset, sort=flt.sort, descending=flt.descending)
        rw, _rc, _ = timed(lambda: con.execute(sql).fetchall(), args.repeat)
        target = 300 if total >= 1_000_000 else 100
        flag = "" if wall < target else f"  > {target} ms!"
        print(f"{label:28} {wall:13.1f} / {cpu:6.1f}   {rw:16.2f} {len(pg.rows):5}{flag}")
    wall, cpu, c = timed(lambda: board.count(db, actor, clock, F()), args.repeat)
    print(f"{'count (all open)':28} {wall:13.1f} / {cpu:6.1f}   {'':>16} {c:5}")
    counted(path, clock, con, args.repeat, cutoff)
    wall, cpu, _ = timed(db.change_marker, args.repeat)
    print(f"{'change_marker (poll)':28} {wall:13.1f} / {cpu:6.1f}")
    db.dispose()
    con.close()
    return 0


def counted(path: Path, clock, con, repeat: int, cutoff: str) -> None:
    """The page as the board screen reads it (`counted_page`: the rows and "1–19 of N"): the first time
    for a filter, then again (paging, back from a case, a poll: the count is kept until the next write,
    issue 17). Floor: the raw COUNT for the same filter."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _rows import emit

    F = board.BoardFilters
    filters = [("kind promised (k)", F(kind="promised"), "AND kind = 'promised'"),
               ("all open", F(), ""), ("overdue (o)", F(overdue=True), f"AND due_on < '{TODAY}'"),
               ("village V03 (c)", F(village="V03"), "AND village = 'V03'"),
               ("due within 3 wd (d)", F(due_within=3), f"AND due_on >= '{TODAY}' AND due_on <= '{cutoff}'")]
    print(f"\n{'counted_page (screen)':28} {'first ms cpu':>13} {'again ms cpu':>13} {'raw COUNT cpu':>13} {'total':>7}")
    for label, flt, extra in filters:
        db = Database.open(str(path), create=False)  # a new process's first read of this filter
        actor = staff.actor_for(db, "zhangwei")
        c0 = time.process_time()
        first = board.counted_page(db, actor, clock, flt, limit=19)
        first_cpu = (time.process_time() - c0) * 1000
        _wall, again_cpu, _ = timed(lambda: board.counted_page(db, actor, clock, flt, limit=19), repeat)
        sql = f"SELECT count(*) FROM cases WHERE status IN ({OPEN_SQL}) {extra}"
        _rw, raw, _ = timed(lambda: con.execute(sql).fetchone(), repeat)  # CPU, as the figures beside it
        print(f"{label:28} {first_cpu:13.1f} {again_cpu:13.1f} {raw:13.2f} {first.total:7}")
        if label.startswith("kind"):
            emit(f"board k (kind filter) page + count, first read, CPU @{first.total} matching", first_cpu / 1000,
                 "s", floor=raw / 1000, floor_what="raw sqlite3 COUNT of the same filter", goal=0.100)
            emit("board page + count again (paging, Esc back, poll), CPU", again_cpu / 1000, "s", goal=0.100)
        db.dispose()


if __name__ == "__main__":
    sys.exit(main())
