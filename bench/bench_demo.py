"""`quancheng demo --cases N --no-tui` at scale (issue 17 item 5), beside its floor measured in the same run.

    python bench/bench_demo.py [--cases N]

The figure: the whole `quancheng demo --cases N --no-tui` process (office set-up, TEMPLATES cases through
the services, the rest in bulk), wall and CPU. The floor: the same rows that run left in its file (cases,
materials, events, notices, ratings, audit entries), inserted with one sqlite3 executemany per table into
an empty file of the same schema: what writing them costs with no rule, no hashing and no Python per row.

Goal (issue 17): ≤ 30 s at 100,000 cases.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _rows import emit  # noqa: E402

TABLES = ("notice", "notice_item", "cases", "case_material", "case_event", "rating", "audit")


def floor(made: Path, folder: Path) -> tuple[float, float, int]:
    """Seconds (wall, CPU) to executemany the rows of TABLES from `made` into an empty copy of its schema."""
    empty = folder / "floor.db"
    src = sqlite3.connect(made)
    schema = [sql for (sql,) in src.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL "
                                             "AND name NOT LIKE 'sqlite_%' ORDER BY type = 'index'")]
    rows = {t: src.execute(f"SELECT * FROM {t}").fetchall() for t in TABLES}
    src.close()
    con = sqlite3.connect(empty)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    for sql in schema:
        con.execute(sql)
    con.commit()
    w, c = time.perf_counter(), time.process_time()
    for t in TABLES:
        if rows[t]:
            con.executemany(f"INSERT INTO {t} VALUES ({','.join('?' * len(rows[t][0]))})", rows[t])
    con.commit()
    took = time.perf_counter() - w, time.process_time() - c
    con.close()
    return took[0], took[1], sum(len(r) for r in rows.values())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    args = parser.parse_args()
    quancheng = Path(sys.executable).with_name("quancheng")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        w = time.perf_counter()
        proc = subprocess.run([str(quancheng), "demo", "--cases", str(args.cases), "--no-tui"], capture_output=True,
                              text=True, check=True, env={"TMPDIR": str(folder), "PATH": "/usr/bin:/bin",
                                                          "HOME": str(folder)})
        wall = time.perf_counter() - w
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        made = Path(proc.stdout.strip().splitlines()[-1])
        f_wall, f_cpu, rows = floor(made, folder)
        print(f"demo --cases {args.cases:,}: {wall:.1f} s wall, {cpu:.1f} s CPU, {made.stat().st_size / 2**20:.0f} MiB; "
              f"floor: {rows:,} rows executemany {f_wall:.1f} s wall, {f_cpu:.1f} s CPU")
        shutil.rmtree(made.parent, ignore_errors=True)
        n = f"{args.cases // 1000}k" if args.cases >= 1000 else str(args.cases)
        goal = 30.0 * args.cases / 100_000
        what = f"executemany of the same {rows:,} rows into an empty file"
        emit(f"demo --cases {n} --no-tui, wall of the process", wall, "s", floor=f_wall, floor_what=what,
             goal=goal, goal_text=f"≤ {goal:.0f} s (30 s per 100k)")
        emit(f"demo --cases {n} --no-tui, CPU of the process", cpu, "s", floor=f_cpu, floor_what=what, goal=goal,
             goal_text=f"≤ {goal:.0f} s (30 s per 100k)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
