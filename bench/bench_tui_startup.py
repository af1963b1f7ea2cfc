"""TUI start-up to an interactive board, beside a bare Textual app on the same file (issue 17, item 3).

    python bench/bench_tui_startup.py [--cases 100000] [--db PATH] [--runs 5]

Each run is a new process under a pseudo-terminal of 80×24 (TERM=xterm-256color, --no-lite: the
counter's full frames, so a marker's text arrives whole). Timeline of the real `quancheng`:

- start → the login screen on screen (its key line: the password field has the focus and takes keys);
- the password and Enter typed at once → the main menu; `3` typed at once → board rows on screen.

Beside it, in the same run, the floor: a bare Textual app that opens the same SQLite file with sqlite3 and
shows 20 case rows in a DataTable. The login proves the password with argon2 (the office's parameters,
deliberately slow); its cost is measured here in this process on the same hash and added to the floor of
the "to the board" figure, so the ratio is the app's own overhead. CPU (user + system) and RSS of the
child are read from /proc at the moment each marker appears. Medians of --runs.
"""

from __future__ import annotations

import argparse
import os
import select
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _pty import COLS, ROWS, PtyProgram, terminal_env
from _rows import emit, machine

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "demo1234"
TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")

BARE = r"""
import sqlite3, sys
from textual.app import App
from textual.widgets import DataTable
class Bare(App):
    def compose(self):
        yield DataTable()
    def on_mount(self):
        con = sqlite3.connect(sys.argv[1])
        rows = con.execute("SELECT number, applicant_name, status, due_on FROM cases "
                           "ORDER BY due_on LIMIT 20").fetchall()
        t = self.query_one(DataTable)
        t.add_columns("编号", "申请人", "状态", "期限")
        t.add_rows([tuple(str(v) for v in r) for r in rows])
Bare().run(mouse=False)
"""
STACK = "import sqlalchemy, sqlmodel\n"


class Child(PtyProgram):
    """The program under a pty; `until(marker)` reads until the marker's bytes have arrived."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        super().__init__(argv, env)
        self.seen = bytearray()

    def until(self, marker: str, limit: float = 120.0) -> tuple[float, float, float]:
        """(seconds since start, CPU seconds of the child, its RSS in MiB) when `marker` is on screen."""
        want = marker.encode()
        end = time.perf_counter() + limit
        while want not in self.seen:
            if time.perf_counter() > end:
                raise TimeoutError(f"{marker!r} did not appear; last output: {bytes(self.seen[-400:])!r}")
            ready, _, _ = select.select([self.master], [], [], 0.5)
            if ready:
                self.seen += os.read(self.master, 1 << 16)
        took = time.perf_counter() - self.t0
        del self.seen[: self.seen.index(want) + len(want)]
        return took, *self._usage()

    def _usage(self) -> tuple[float, float]:
        with open(f"/proc/{self.proc.pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        cpu = (int(fields[11]) + int(fields[12])) / TICK
        with open(f"/proc/{self.proc.pid}/statm", encoding="ascii") as fh:
            rss = int(fh.read().split()[1]) * PAGE / 2**20
        return cpu, rss


def run_app(exe: str, db: Path, env: dict[str, str], pace: float) -> dict[str, float]:
    """The timeline of one start; with `pace` > 0 the password is typed a key every `pace` seconds, as a
    person does, and the waits are the times the screen kept the user waiting (typing excluded)."""
    child = Child([exe, "--db", str(db), "--user", "zhangwei", "--no-lite"], env)
    try:
        login, login_cpu, login_rss = child.until("回车登录")
        for key in PASSWORD if pace else [PASSWORD]:
            time.sleep(pace)
            child.send(key)
        entered = time.perf_counter() - child.t0
        child.send("\r")
        menu = child.until("一次性告知")[0]
        child.send("3")
        pressed = time.perf_counter() - child.t0
        board, board_cpu, board_rss = child.until("QS-20")
    finally:
        child.close()
    return {"login": login, "login_cpu": login_cpu, "login_rss": login_rss, "board": board,
            "board_cpu": board_cpu, "board_rss": board_rss, "waited": login + (menu - entered) + (board - pressed)}


def run_bare(script: str, db: Path, env: dict[str, str], number: str) -> tuple[float, float, float]:
    child = Child([sys.executable, "-c", script, str(db)], env)
    try:
        return child.until(number)
    finally:
        child.close()


def argon2_verify(db: Path, runs: int) -> tuple[float, float]:
    """The login's deliberate cost: one argon2 verify of zhangwei's stored hash (median wall, median CPU)."""
    from argon2 import PasswordHasher

    with sqlite3.connect(db) as con:
        (stored,) = con.execute("SELECT password_hash FROM staff WHERE login = 'zhangwei'").fetchone()
    hasher = PasswordHasher()
    wall, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        hasher.verify(stored, PASSWORD)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000, help="cases in the demo file (default 100,000)")
    parser.add_argument("--db", type=Path, default=None, help="a demo database (default: made with demo --cases)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pace", type=float, default=0.15, help="seconds between the password's keys")
    args = parser.parse_args()
    print(f"machine: {machine()}; pty {COLS}×{ROWS}, TERM=xterm-256color, --no-lite")
    folder = tempfile.TemporaryDirectory()
    env = terminal_env(folder.name, str(ROOT))
    exe = shutil.which("quancheng", path=str(Path(sys.executable).parent)) or "quancheng"
    db = args.db
    if db is None:
        made = subprocess.run([exe, "demo", "--cases", str(args.cases), "--no-tui"], env=dict(env, TMPDIR=folder.name),
                              check=True, capture_output=True, text=True)
        db = Path(made.stdout.strip().splitlines()[-1])
    with sqlite3.connect(db) as con:
        (number,) = con.execute("SELECT number FROM cases ORDER BY due_on LIMIT 1").fetchone()
        (count,) = con.execute("SELECT count(*) FROM cases").fetchone()
    print(f"{count} cases in {db}")
    bare, stack, typed, paced = [], [], [], []
    for _ in range(args.runs):  # interleaved, so load changes hit all alike
        bare.append(run_bare(BARE, db, env, number))
        stack.append(run_bare(STACK + BARE, db, env, number))
        typed.append(run_app(exe, db, env, 0.0))
        paced.append(run_app(exe, db, env, args.pace))
    verify_wall, verify_cpu = argon2_verify(db, args.runs)

    def med(rows: list, key) -> float:
        return statistics.median(r[key] for r in rows)

    floor = "bare Textual DataTable app, 20 rows of the same file"
    bare_wall, bare_cpu, bare_rss = med(bare, 0), med(bare, 1), med(bare, 2)
    print(f"argon2 verify of the stored hash: {verify_wall * 1000:.0f} ms wall, {verify_cpu * 1000:.0f} ms CPU")
    print(f"the same bare app importing SQLAlchemy and SQLModel first (the store's stack): {med(stack, 0) * 1000:.0f} ms"
          f" wall, {med(stack, 1) * 1000:.0f} ms CPU, {med(stack, 2):.0f} MiB")
    emit("TUI start → login screen taking keys (wall)", med(typed, "login"), "s", floor=bare_wall, floor_what=floor,
         goal=1.5 * bare_wall)
    emit("TUI start → login screen taking keys (CPU)", med(typed, "login_cpu"), "s", floor=bare_cpu,
         floor_what=floor, goal=1.5 * bare_cpu)
    emit("TUI start → login screen taking keys (RSS)", med(typed, "login_rss"), "MiB", floor=bare_rss,
         floor_what=floor, goal=1.5 * bare_rss)
    with_login = f"{floor}, + one argon2 verify"
    emit(f"TUI start → board rows, password typed at {args.pace:.2f} s a key: the user's waits (wall)",
         med(paced, "waited"), "s", floor=bare_wall + verify_wall, floor_what=with_login,
         goal=1.5 * (bare_wall + verify_wall))
    emit("TUI start → board rows, password typed at once (wall)", med(typed, "board"), "s",
         floor=bare_wall + verify_wall, floor_what=with_login)
    emit("TUI start → board rows (CPU)", med(typed, "board_cpu"), "s", floor=bare_cpu + verify_cpu,
         floor_what=with_login)
    emit("TUI start → board rows (RSS)", med(typed, "board_rss"), "MiB", floor=bare_rss, floor_what=floor)
    emit("TUI start → board rows (RSS) over the store's stack", med(typed, "board_rss"), "MiB", floor=med(stack, 2),
         floor_what="the bare app importing SQLAlchemy and SQLModel", goal=1.5 * med(stack, 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
