"""Every bench in one table: figure, value, floor (measured in the same run), ratio, goal.

    python bench/run.py [--quick] [--only NAME ...] [--timeout SECONDS]

Runs each bench/bench_*.py as its own process (the benches time whole processes, and one must not
warm another's caches), collects the rows they record through bench/_rows.py (environment variable
BENCH_ROWS), and prints them as one table, then the machine (`nproc`, the CPU model) and the date.
A bench that records no row yet is listed with its exit status: its own report is in its output
(shown with --verbose). --quick runs the big benches on smaller data (figures then differ from the
issue's sizes; the table says so).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _rows import ENV, fmt, machine  # noqa: E402

# Arguments per bench: (full run, --quick run). Benches not listed run without arguments.
ARGS: dict[str, tuple[list[str], list[str]]] = {
    "bench_board": (["--cases", "100000"], ["--cases", "20000", "--repeat", "3"]),
    "bench_board_keys": (["--cases", "100000"], ["--cases", "20000", "--keys", "20"]),
    "bench_register": (["--cases", "500"], ["--cases", "100"]),
    "bench_register_keys": (["--runs", "3"], ["--runs", "1"]),
    "bench_startup": (["--runs", "15"], ["--runs", "5"]),
    "bench_tui_startup": (["--cases", "100000", "--runs", "9"], ["--cases", "20000", "--runs", "3"]),
    "bench_receipt": (["--runs", "15"], ["--runs", "7"]),
    "bench_bytes": ([], ["--idle", "2"]),
    "bench_deadlines": ([], ["--cases", "20000"]),
    "bench_catalog_search": ([], ["--repeat", "10"]),
    "bench_report": (["--cases", "100000"], ["--cases", "20000", "--repeat", "2"]),
    "bench_export": (["--cases", "100000"], ["--cases", "20000"]),
    "bench_demo": (["--cases", "100000"], ["--cases", "20000"]),
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="smaller data for the big benches")
    parser.add_argument("--only", nargs="*", default=None, help="bench names (e.g. bench_receipt)")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per bench")
    parser.add_argument("--verbose", action="store_true", help="print each bench's own report")
    args = parser.parse_args()
    scripts = sorted(p for p in HERE.glob("bench_*.py"))
    if args.only:
        scripts = [p for p in scripts if p.stem in args.only or p.name in args.only]
    rows: list[dict] = []
    silent: list[tuple[str, str]] = []
    for script in scripts:
        full, quick = ARGS.get(script.stem, ([], []))
        argv = [sys.executable, str(script), *(quick if args.quick else full)]
        print(f"… {script.name} {' '.join(argv[2:])}", file=sys.stderr, flush=True)
        with tempfile.NamedTemporaryFile("r", suffix=".jsonl", delete=False) as fh:
            path = fh.name
        t0 = time.perf_counter()
        try:
            proc = subprocess.run(argv, env=dict(os.environ, **{ENV: path}), capture_output=True, text=True,
                                  timeout=args.timeout, check=False)
            status = f"exit {proc.returncode}"
            output = proc.stdout + proc.stderr
        except subprocess.TimeoutExpired:
            status, output = f"timed out after {args.timeout:.0f} s", ""
        took = time.perf_counter() - t0
        if args.verbose and output:
            print(output, file=sys.stderr)
        got = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
        Path(path).unlink(missing_ok=True)
        for row in got:
            row["bench"] = script.stem
        rows += got
        if not got:
            silent.append((script.name, f"{status}, {took:.0f} s, no table rows yet (its own report: --verbose)"))
        elif status != "exit 0":
            silent.append((script.name, f"{status} after {len(got)} rows (--verbose shows why)"))
    _print_table(rows)
    for name, why in silent:
        print(f"  {name}: {why}")
    print(f"\nmachine: {machine()}{' (--quick: smaller data)' if args.quick else ''}")
    return 0


def _print_table(rows: list[dict]) -> None:
    header = ("figure", "value", "floor", "ratio", "goal", "")
    table = [header]
    for r in rows:
        unit = r["unit"]
        goal = r.get("goal_text") or (f"≤ {fmt(r['goal'], unit)}" if r.get("goal") is not None else "")
        mark = "" if r.get("ok") is None else ("ok" if r["ok"] else "MISSED")
        floor = fmt(r["floor"], unit) if r.get("floor") is not None else ""
        ratio = f"{r['ratio']:.1f}×" if r.get("ratio") is not None else ""
        table.append((r["figure"], fmt(r["value"], unit), floor, ratio, goal, mark))
    widths = [max(_width(row[i]) for row in table) for i in range(len(header))]
    for n, row in enumerate(table):
        print("  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))
    floors = {r["floor_what"] for r in rows if r.get("floor_what")}
    if floors:
        print("\nfloors: " + "; ".join(sorted(floors)))


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


if __name__ == "__main__":
    sys.exit(main())
