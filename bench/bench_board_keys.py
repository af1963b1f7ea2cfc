"""CPU time of one cursor key on the case board (issue #6: "a cursor key within 16 ms of CPU").

    python bench/bench_board_keys.py [--cases N] [--keys K] [--db PATH]

Builds the board bench's file (bench_board.build: 100,000 cases, a realistic mix), opens the real app
headless through Pilot at 80x24 and 120x40, opens the board (key 3) and presses ↓ K times, then ↑
back. Then (issue 17) Enter on a row K/6 times: the CPU from Enter to the case on screen (the case screen
painted with the case read; every thread, so the worker that reads it too), beside `cases.get_case` of the
same case called directly (what reading it costs without a screen), and the CPU of Esc back to the board.
For each key: this process's CPU time (time.process_time: every thread, so also the worker that
fetches the next page when ↓ leaves the last row, and Pilot's own bookkeeping; an upper bound on
what the UI thread spends). Keys inside a page and keys that cross to the next page are reported
apart, and beside them an unbound key, which costs the harness's key simulation and a repaint check
and nothing of the board's. Wall time is not the figure: Pilot waits for the screen to settle.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bench_board
from _rows import emit

from quancheng_tui.app import QuanchengApp
from quancheng_tui.i18n import translator
from quancheng_tui.screens.board import BoardScreen
from quancheng_tui.services.context import fixed_clock
from quancheng_tui.settings import Settings
from quancheng_tui.store.database import Database


def watch_paints(app) -> None:
    """Note the CPU (whole process, and this thread) when a case screen with its case read is first painted."""
    display = app._display
    app.case_painted = None

    def noted(screen, update) -> None:
        display(screen, update)
        if app.case_painted is None and getattr(screen, "case", None) is not None and hasattr(screen, "reload"):
            app.case_painted = (time.process_time(), time.thread_time())

    app._display = noted


async def open_cases(pilot, app, board, times: int) -> tuple[list[float], list[float], list[float], list[float]]:
    """Enter on a row, wait for the case on screen, Esc back to the board; `times` rows, one after another."""
    from quancheng_tui.screens.case_detail import CaseDetailScreen
    from quancheng_tui.services import cases

    watch_paints(app)
    opened, ui, floor, back = [], [], [], []
    for _ in range(times):
        await pilot.press("down")
        while board.busy:
            await pilot.pause(0.01)
        await pilot.pause()
        number = board.current_number()
        c0 = time.process_time()
        cases.get_case(app.db, app.me, number, today=app.clock.today())
        floor.append((time.process_time() - c0) * 1000)
        await pilot.pause()
        app.case_painted = None
        c0, t0 = time.process_time(), time.thread_time()
        await pilot.press("enter")
        while app.case_painted is None:
            await pilot.pause(0.01)
        opened.append((app.case_painted[0] - c0) * 1000)
        ui.append((app.case_painted[1] - t0) * 1000)
        assert isinstance(app.screen, CaseDetailScreen) and app.screen.case.number == number
        await pilot.pause(0.1)
        c0 = time.process_time()
        await pilot.press("escape")
        while not (app.screen is board and not board.busy):
            await pilot.pause(0.01)
        await pilot.pause()
        back.append((time.process_time() - c0) * 1000)
    return opened, ui, floor, back


async def run(path: Path, size: tuple[int, int], keys: int) -> tuple[list[float], list[float], list[float]]:
    db = Database.open(str(path), create=False)
    settings = Settings(db=str(path), user="zhangwei", lang="zh", forced_login="zhangwei")
    app = QuanchengApp(settings, db, fixed_clock(bench_board.NOW), translator=translator("zh"), stable=True)
    inside, crossing = [], []
    async with app.run_test(size=size) as pilot:
        while type(app.screen).__name__ != "MainScreen":
            await pilot.pause(0.05)
        await pilot.press("3")
        while not (isinstance(app.screen, BoardScreen) and app.screen.page is not None and not app.screen.busy):
            await pilot.pause(0.05)
        board = app.screen
        idle = []
        for _ in range(keys):  # a key the board does not bind: Pilot's and Textual's own cost of a key press
            c0 = time.process_time()
            await pilot.press("x")
            await pilot.pause()
            idle.append((time.process_time() - c0) * 1000)
        for key in ["down"] * keys + ["up"] * keys:
            start = board.start
            c0 = time.process_time()
            await pilot.press(key)
            while board.busy:
                await pilot.pause(0.01)
            await pilot.pause()
            spent = (time.process_time() - c0) * 1000
            (crossing if board.start != start else inside).append(spent)
        opening = await open_cases(pilot, app, board, max(3, keys // 6))
    db.dispose()
    return inside, crossing, idle, opening


def describe(label: str, values: list[float]) -> str:
    if not values:
        return f"{label}: none"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (f"{label}: {len(values)} keys, median {statistics.median(values):.1f} ms, p95 {p95:.1f} ms, "
            f"max {max(values):.1f} ms CPU")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--keys", type=int, default=60)
    parser.add_argument("--db", type=Path, default=None, help="reuse (or keep) this file")
    args = parser.parse_args()
    print(f"machine: {platform.machine()} {platform.platform()}, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "board-keys.db"
        if not path.exists():
            bench_board.build(path, args.cases)
        for size in ((80, 24), (120, 40)):
            inside, crossing, idle, (opened, ui, floor, back) = asyncio.run(run(path, size, args.keys))
            print(f"{size[0]}x{size[1]}  " + describe("an unbound key (harness only)", idle))
            print(f"{size[0]}x{size[1]}  " + describe("within a page", inside) + "   [target <= 16 ms]")
            print(f"{size[0]}x{size[1]}  cursor key less the harness: median "
                  f"{statistics.median(inside) - statistics.median(idle):.1f} ms CPU")
            print(f"{size[0]}x{size[1]}  " + describe("to the next/previous page (worker included)", crossing))
            print(f"{size[0]}x{size[1]}  " + describe("Enter -> case on screen (worker included)", opened)
                  + f"; UI thread alone median {statistics.median(ui):.1f} ms")
            print(f"{size[0]}x{size[1]}  " + describe("cases.get_case alone", floor))
            print(f"{size[0]}x{size[1]}  " + describe("Esc back to the board", back))
            if size == (80, 24):
                emit(f"open a case from the board (Enter -> case on screen, {args.cases:,} cases), CPU",
                     statistics.median(opened) / 1000, "s", floor=statistics.median(floor) / 1000,
                     floor_what="cases.get_case of the same case", goal=0.150)
    return 0


if __name__ == "__main__":
    sys.exit(main())
