"""`export cases` at scale (issue 17 item 6): CSV and XLSX through `services.exports`, each beside its floor
measured in the same run.

    python bench/bench_export.py [--cases N] [--db PATH] [--no-xlsx]

Builds a file with N cases (default 100,000) the way bench_board.py does (one executemany), with an ID
number, a mobile number and an address on every case so that masking has work to do. Each figure is one
child process (so its peak RSS is its own, imports included), timed from its start to the file in place:

- CSV: `exports.export` of every case, masked, Chinese headers (the default), atomic write and mode 0600;
  floor: the same process start, then sqlite3 `SELECT * FROM cases` → csv.writer (no masking, no labels).
- XLSX: the same export as XLSX; floor: the rows the CSV export wrote (the same columns and values, short
  digit strings as numbers) appended with `ws.append` to openpyxl's write-only workbook.

Goals: CSV ≤ 3 s and ≤ 40 MiB peak RSS; XLSX ≤ 1.3× its floor. Wall and CPU time are both given: on a
shared machine the wall time is the CPU time plus the waiting.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from _rows import emit  # noqa: E402


def _child(kind: str, db: str, out: str) -> None:
    """One measured process: prints {"seconds", "rss_mib", "rows"} as JSON."""
    import resource

    t0 = time.perf_counter()
    if kind in ("csv", "xlsx"):
        from quancheng_tui.services import exports, staff, tabular
        from quancheng_tui.services.context import Clock
        from quancheng_tui.store.database import Database

        database = Database.open(db)
        result = exports.export(database, staff.actor_for(database, "admin"), Clock(),
                                exports.ExportRequest("cases", kind), tabular.Output(path=Path(out)))
        rows = result.rows
    else:
        import sqlite3

        con = sqlite3.connect(db)
        cur = con.execute("SELECT * FROM cases ORDER BY id")
        header = [d[0] for d in cur.description]
        rows = 0
        if kind == "floor-csv":
            import csv

            with open(out, "w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(header)
                while batch := cur.fetchmany(2000):
                    writer.writerows(batch)
                    rows += len(batch)
        else:  # the rows the CSV export wrote (its columns, its values), appended as they are
            import csv

            from openpyxl import Workbook

            wb = Workbook(write_only=True)
            ws = wb.create_sheet("cases")
            with open(Path(out).with_name("csv.csv"), encoding="utf-8-sig", newline="") as fh:
                for row in csv.reader(fh):
                    ws.append([int(v) if v.isdigit() and len(v) < 6 else v or None for v in row])
                    rows += 1
            wb.save(out)
            rows -= 1
    seconds = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "rss_mib": usage.ru_maxrss / 1024,
                      "rows": rows}))


def measure(kind: str, db: Path, folder: Path) -> dict:
    out = folder / f"{kind}.{'xlsx' if 'xlsx' in kind else 'csv'}"
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, "--child", kind, "--db", str(db), "--out", str(out)],
                          capture_output=True, text=True, check=True)
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    got["wall"] = time.perf_counter() - t0  # process start included
    got["bytes"] = out.stat().st_size
    return got


def build(path: Path, n: int) -> None:
    import sqlite3

    import bench_board

    bench_board.build(path, n)
    con = sqlite3.connect(path)
    con.execute("UPDATE cases SET id_number = '4417021980' || printf('%08d', id), "
                "phone = '138' || printf('%08d', id), address = '本镇' || ifnull(village, '') || '组' || (id % 40) || '号'")
    con.commit()
    con.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=None, help="reuse (or keep) this file")
    parser.add_argument("--no-xlsx", action="store_true", help="CSV only (XLSX takes a minute or two)")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--out", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "build":
        build(args.db, int(args.out))
        return 0
    if args.child:
        _child(args.child, str(args.db), args.out)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = args.db or folder / "export.db"
        if not db.exists():
            # in a process of its own: Linux keeps a process's peak RSS across fork and exec, so a big build
            # here would show as every child's peak
            subprocess.run([sys.executable, __file__, "--child", "build", "--db", str(db), "--out",
                            str(args.cases)], check=True)
        n = f"{args.cases // 1000}k"
        floor = measure("floor-csv", db, folder)
        got = measure("csv", db, folder)
        print(f"CSV: {got} / floor {floor}")
        emit(f"export cases CSV, {n}, wall of the process", got["wall"], "s", floor=floor["wall"],
             floor_what="sqlite3 → csv.writer of the same table, one process", goal=3.0)
        emit(f"export cases CSV, {n}, CPU of the process", got["cpu"], "s", floor=floor["cpu"],
             floor_what="sqlite3 → csv.writer of the same table, one process", goal=3.0)
        emit(f"export cases CSV, {n}, peak RSS of the process", got["rss_mib"], "MiB", floor=floor["rss_mib"],
             floor_what="sqlite3 → csv.writer of the same table, one process", goal=40.0)
        if not args.no_xlsx:
            floor = measure("floor-xlsx", db, folder)
            got = measure("xlsx", db, folder)
            print(f"XLSX: {got} / floor {floor}")
            emit(f"export cases XLSX, {n}, wall of the process", got["wall"], "s", floor=floor["wall"],
                 floor_what="openpyxl write-only ws.append of the rows the export wrote", goal=1.3 * floor["wall"],
                 goal_text="≤ 1.3× floor")
            emit(f"export cases XLSX, {n}, CPU of the process", got["cpu"], "s", floor=floor["cpu"],
                 floor_what="openpyxl write-only ws.append of the rows the export wrote", goal=1.3 * floor["cpu"],
                 goal_text="≤ 1.3× floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
