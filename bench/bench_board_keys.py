"""CPU time of one cursor key on the case board (issue #6: "a cursor key within 16 ms of CPU").

    python bench/bench_board_keys.py [--cases N] [--keys K] [--db PATH]

Builds the board bench's file (bench_board.build: 100,000 cases, a realistic mix), opens the real app
headless through Pilot at 80x24 and 120x40, opens the board (key 3) and presses ↓ K times, then ↑
back. For each key: this process's CPU time (time.process_time: every thread, so also the worker that
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

from quancheng_tui.app import QuanchengApp
from quancheng_tui.i18n import translator
from quancheng_tui.screens.board import BoardScreen
from quancheng_tui.services.context import fixed_clock
from quancheng_tui.settings import Settings
from quancheng_tui.store.database import Database


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
    db.dispose()
    return inside, crossing, idle


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
            inside, crossing, idle = asyncio.run(run(path, size, args.keys))
            print(f"{size[0]}x{size[1]}  " + describe("an unbound key (harness only)", idle))
            print(f"{size[0]}x{size[1]}  " + describe("within a page", inside) + "   [target <= 16 ms]")
            print(f"{size[0]}x{size[1]}  cursor key less the harness: median "
                  f"{statistics.median(inside) - statistics.median(idle):.1f} ms CPU")
            print(f"{size[0]}x{size[1]}  " + describe("to the next/previous page (worker included)", crossing))
    return 0


if __name__ == "__main__":
    sys.exit(main())
