"""Terminal bytes at 80×24 for a slow link (issue 17: start ≤ 8 KB, ↓ ≤ 0.5 KB, PgDn ≤ 4 KB, idle 0 B/s).

    python bench/bench_bytes.py [--db PATH] [--idle 5]

Runs the real `quancheng` under a pseudo-terminal of 80×24 with TERM=xterm-256color on a demo
database (made with `init --demo` unless --db is given), as a village agent's SSH session would,
and counts every byte the app writes: start (to the login screen), idle there (the password field
has the focus: its cursor blinks unless --lite), logging in (to the main menu),
opening the board (3), one ↓, one PgDn, and 5 s idle on the board. Each step ends when the output has
been quiet for 0.4 s (a blinking cursor toggles every 0.5 s, so a blink does not hold a step open).
Once without and once with --lite, each also with COLORTERM=truecolor (a terminal that announces
24-bit colour; ssh does not forward it by default). The floor is the same steps of a bare Textual
app with a 20-row DataTable in the same pty. Then Enter (a case), Esc (the board again), Esc (the menu)
and 1 (registration): with --lite each screen change should stay within 8 KB.
"""

from __future__ import annotations

import argparse
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _pty import COLS, ROWS, PtyProgram, terminal_env
from _rows import emit, machine

ROOT = Path(__file__).resolve().parents[1]
QUIET = 0.4
SCREEN = 8 * 1024  # any screen change
GOALS = {"start": SCREEN, "down": 512, "pgdn": 4 * 1024, "idle": 0.0, "idle_login": 0.0, "login": SCREEN,
         "board": SCREEN, "case": SCREEN, "back": SCREEN, "menu": SCREEN, "register": SCREEN}

BARE = r"""
from textual.app import App
from textual.widgets import DataTable
class Bare(App):
    def compose(self):
        yield DataTable()
    def on_mount(self):
        t = self.query_one(DataTable)
        t.add_columns("编号", "事项", "申请人", "期限", "状态")
        t.add_rows([(f"QS-20261201-{i:04d}", "城乡居民基本养老保险参保登记", "张*三", "2026-12-10", "办理中")
                    for i in range(200)])
Bare().run(mouse=False)
"""


class Pty(PtyProgram):
    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        super().__init__(argv, env)
        self.total = 0

    def settle(self, marker: str | None = None, limit: float = 30.0) -> int:
        """Bytes written until `marker` has appeared (if any) and the output has been quiet for QUIET s."""
        got = bytearray()
        start = last = time.monotonic()
        while time.monotonic() - start < limit:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    break
                got += chunk
                last = time.monotonic()
            elif time.monotonic() - last >= QUIET and (marker is None or marker.encode() in got):
                break
        self.total += len(got)
        return len(got)

    def idle(self, seconds: float) -> int:
        got = 0
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    got += len(os.read(self.master, 65536))
                except OSError:
                    break
        return got


def run_app(db: Path, lite: bool, env: dict[str, str], idle: float) -> dict[str, float]:
    exe = shutil.which("quancheng", path=str(Path(sys.executable).parent)) or "quancheng"
    argv = [exe, "--db", str(db), "--user", "zhangwei", "--lite" if lite else "--no-lite"]
    pty = Pty(argv, env)
    try:
        # The start ends with the status line whole: office, date and who is on duty (the app shows the login
        # first and fills the line in once its worker has opened the database).
        out = {"start": pty.settle("领导")}
        out["idle_login"] = pty.idle(idle) / idle  # the password field has the focus: a cursor that may blink
        pty.send("demo1234\r")
        out["login"] = pty.settle("一次性告知")
        pty.send("3")
        out["board"] = pty.settle("QS-20")  # a case number: the rows are on screen
        pty.send("\x1b[B")
        out["down"] = pty.settle(None)
        pty.send("\x1b[6~")
        out["pgdn"] = pty.settle(None)
        out["idle"] = pty.idle(idle) / idle
        pty.send("\r")
        out["case"] = pty.settle("办理过程")
        pty.send("\x1b")
        out["back"] = pty.settle(None)
        pty.send("\x1b")
        out["menu"] = pty.settle(None)
        pty.send("1")
        out["register"] = pty.settle("身份证号")
    finally:
        pty.close()
    return out


def run_bare(env: dict[str, str], idle: float) -> dict[str, float]:
    pty = Pty([sys.executable, "-c", BARE], env)
    try:
        out = {"start": pty.settle("QS-20261201-0001")}
        pty.send("\x1b[B")
        out["down"] = pty.settle(None)
        pty.send("\x1b[6~")
        out["pgdn"] = pty.settle(None)
        out["idle"] = pty.idle(idle) / idle
    finally:
        pty.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=None, help="a demo database (default: made with init --demo)")
    parser.add_argument("--idle", type=float, default=5.0)
    args = parser.parse_args()
    print(f"machine: {machine()}; pty {COLS}×{ROWS}, TERM=xterm-256color")
    folder = tempfile.TemporaryDirectory()
    env = terminal_env(folder.name, str(ROOT))
    db = args.db
    if db is None:
        db = Path(folder.name) / "demo.db"
        exe = shutil.which("quancheng", path=str(Path(sys.executable).parent)) or "quancheng"
        subprocess.run([exe, "--db", str(db), "init", "--demo"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    bare = run_bare(env, args.idle)
    for colorterm in ("", "truecolor"):
        run_env = dict(env, COLORTERM=colorterm) if colorterm else env
        suffix = ", COLORTERM=truecolor" if colorterm else ""
        for lite in (False, True):
            got = run_app(db, lite, run_env, args.idle)
            mode = "--lite" if lite else "--no-lite"
            for step, what in (("start", "start → login screen"), ("idle_login", "idle on the login screen"),
                               ("login", "log in → main menu"),
                               ("board", "3 → board"), ("down", "↓ on the board"), ("pgdn", "PgDn on the board"),
                               ("idle", "idle on the board"), ("case", "Enter → case"), ("back", "Esc → board"),
                               ("menu", "Esc → main menu"), ("register", "1 → registration")):
                floor = bare.get(step)
                emit(f"bytes {mode}{suffix}: {what}", got[step], "B/s" if step.startswith("idle") else "B",
                     floor=floor or None, floor_what="bare Textual DataTable app",
                     goal=GOALS.get(step) if lite else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
