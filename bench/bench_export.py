"""`quancheng export cases` at scale (issue 17 item 6): CSV and XLSX, each beside its floors measured in the
same run.

    python bench/bench_export.py [--cases N] [--db PATH] [--no-xlsx] [--runs R]

Builds a file with N cases (default 100,000) the way bench_board.py does (one executemany), with an ID
number, a mobile number and an address on every case so that masking has work to do, and this OS account
mapped to the admin (as `init` maps whoever runs it): the command proves who runs it as a clerk's script
would. Each figure is one whole process, started here and waited for with wait4 (its own CPU time and
peak RSS, imports included), the median of R runs:

- CSV: `quancheng --db F export cases --format csv --out X`: identity proof, permission check, masking,
  Chinese headers and labels (the default), the formula guard, atomic write with mode 0600;
  floor: a process that runs sqlite3 `SELECT * FROM cases` → csv.writer (no masking, no labels, no guard).
- The floor of the stack the command stands on, for its memory: `python -c "import typer, sqlalchemy,
  sqlmodel"` (the CLI's parser and the store's ORM, nothing of ours), then the same plus our tables
  (store/tables.py), and the command itself exporting no rows (`--from 2999-01-01`): what the export of
  100,000 rows costs is its figure over that one.
- XLSX: the same command with `--format xlsx`; floor: the rows the CSV export wrote (the same columns and
  values, short digit strings as numbers) appended with `ws.append` to openpyxl's write-only workbook.

Goals: CSV ≤ 3 s and ≤ 40 MiB peak RSS; XLSX ≤ 1.3× its floor. Wall and CPU time are both given: on a
shared machine the wall time is the CPU time plus the waiting. (A child's peak RSS is never below this
process's own at the moment it starts it, Linux keeping the peak across fork and exec: this process stays
small, and builds the file in a process of its own.)
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from _rows import emit  # noqa: E402

STACK = "import typer, sqlalchemy, sqlmodel"
SCHEMA = "import typer, sqlalchemy, sqlmodel, quancheng_tui.store.tables"
NOTHING_FROM = "2999-01-01"  # --from a day no case is received on: the command exporting no rows


def _floor_child(kind: str, db: str, out: str) -> None:
    """One floor process: sqlite3 → csv.writer, or openpyxl write-only of the rows the CSV export wrote."""
    import csv
    import sqlite3

    con = sqlite3.connect(db)
    cur = con.execute("SELECT * FROM cases ORDER BY id")
    header = [d[0] for d in cur.description]
    if kind == "floor-csv":
        with open(out, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            while batch := cur.fetchmany(2000):
                writer.writerows(batch)
        return
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("cases")
    with open(Path(out).with_name("csv.csv"), encoding="utf-8-sig", newline="") as fh:
        for row in csv.reader(fh):
            ws.append([int(v) if v.isdigit() and len(v) < 6 else v or None for v in row])
    wb.save(out)


def _command() -> list[str]:
    exe = shutil.which("quancheng", path=os.path.dirname(sys.executable))
    return [exe] if exe else [sys.executable, "-m", "quancheng_tui"]


def _env() -> dict[str, str]:
    """The caller's environment without anything that would make the command someone else or read a
    settings file: it proves identity by this OS account, as a script run by the admin would."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUANCHENG_")}
    env["QUANCHENG_CONFIG"] = os.devnull
    return env


def _run(argv: list[str]) -> dict:
    """One process: its wall time from start to exit, its CPU time and peak RSS (wait4, this child only)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, env=_env(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()  # the command's one line; read before waiting so a long message cannot block it
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {err.decode(errors='replace')}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mib": usage.ru_maxrss / 1024}


def measure(argv: list[str], runs: int, out: Path | None = None) -> dict:
    """The median of `runs` runs of each figure, and the size of the file written."""
    got = [_run(argv) for _ in range(runs)]
    med = {k: statistics.median(g[k] for g in got) for k in ("wall", "cpu", "rss_mib")}
    med["bytes"] = out.stat().st_size if out is not None and out.exists() else 0
    return med


def export_argv(db: Path, fmt: str, out: Path, *extra: str) -> list[str]:
    return [*_command(), "--db", str(db), "export", "cases", "--format", fmt, "--out", str(out), *extra]


def floor_argv(kind: str, db: Path, out: Path) -> list[str]:
    return [sys.executable, __file__, "--child", kind, "--db", str(db), "--out", str(out)]


def build(path: Path, n: int) -> None:
    import sqlite3

    import bench_board

    from quancheng_tui.services import identity
    from quancheng_tui.services.context import Clock
    from quancheng_tui.store.database import Database

    bench_board.build(path, n)
    con = sqlite3.connect(path)
    con.execute("UPDATE cases SET id_number = '4417021980' || printf('%08d', id), "
                "phone = '138' || printf('%08d', id), address = '本镇' || ifnull(village, '') || '组' || (id % 40) || '号'")
    con.commit()
    con.close()
    db = Database.open(str(path))
    identity.map_first_admin(db, Clock(), "admin", identity.current_os_account())
    db.dispose()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=None, help="reuse (or keep) this file")
    parser.add_argument("--no-xlsx", action="store_true", help="CSV only (XLSX takes a minute or two)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each CSV figure (the median is shown)")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--out", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "build":
        build(args.db, int(args.out))
        return 0
    if args.child:
        _floor_child(args.child, str(args.db), args.out)
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
        runs = max(1, args.runs)
        floor = measure(floor_argv("floor-csv", db, folder / "floor.csv"), runs, folder / "floor.csv")
        got = measure(export_argv(db, "csv", folder / "csv.csv"), runs, folder / "csv.csv")
        empty = measure(export_argv(db, "csv", folder / "none.csv", "--from", NOTHING_FROM), runs)
        stack = measure([sys.executable, "-c", STACK], runs)
        schema = measure([sys.executable, "-c", SCHEMA], runs)
        print(f"CSV: {got} / floor {floor}")
        print(f"no rows: {empty}; stack ({STACK}): {stack}; with our tables: {schema}")
        what = "sqlite3 → csv.writer of the same table, one process"
        emit(f"export cases CSV, {n}, wall of the process", got["wall"], "s", floor=floor["wall"], floor_what=what,
             goal=3.0)
        emit(f"export cases CSV, {n}, CPU of the process", got["cpu"], "s", floor=floor["cpu"], floor_what=what,
             goal=3.0)
        emit(f"export cases CSV, {n}, peak RSS of the process", got["rss_mib"], "MiB", floor=floor["rss_mib"],
             floor_what=what, goal=40.0)
        emit(f"export cases CSV, {n}, peak RSS over the stack's", got["rss_mib"], "MiB", floor=stack["rss_mib"],
             floor_what=f'python -c "{STACK}"')
        emit(f"export cases CSV, {n}, peak RSS over the stack's with our tables", got["rss_mib"], "MiB",
             floor=schema["rss_mib"], floor_what=f'python -c "{SCHEMA}"')
        emit("export cases CSV, no rows (the command's fixed cost), CPU", empty["cpu"], "s", floor=stack["cpu"],
             floor_what=f'python -c "{STACK}"')
        emit("export cases CSV, no rows (the command's fixed cost), peak RSS", empty["rss_mib"], "MiB",
             floor=stack["rss_mib"], floor_what=f'python -c "{STACK}"')
        if not args.no_xlsx:
            floor = measure(floor_argv("floor-xlsx", db, folder / "floor.xlsx"), 1, folder / "floor.xlsx")
            got = measure(export_argv(db, "xlsx", folder / "xlsx.xlsx"), 1, folder / "xlsx.xlsx")
            print(f"XLSX: {got} / floor {floor}")
            what = "openpyxl write-only ws.append of the rows the export wrote"
            emit(f"export cases XLSX, {n}, wall of the process", got["wall"], "s", floor=floor["wall"],
                 floor_what=what, goal=1.3 * floor["wall"], goal_text="≤ 1.3× floor")
            emit(f"export cases XLSX, {n}, CPU of the process", got["cpu"], "s", floor=floor["cpu"],
                 floor_what=what, goal=1.3 * floor["cpu"], goal_text="≤ 1.3× floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
