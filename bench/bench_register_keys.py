"""Keys and time for one 即办件 registered at the counter as a practised clerk does it, through Pilot.

    python bench/bench_register_keys.py [--runs N] [--size 80x24]

From the main menu: 1 (登记受理), the matter's code, Enter, the applicant's name, ID number,
phone (Enter after each), Enter past the address, the village from its list (Space, Down,
Enter, Enter), Enter past "at the counter", A (every material handed in), Enter: registered,
receipt PDF saved. Counted: every key press, split into the text typed (name, numbers, matter
code) and the rest (targets: the rest <= 25 keys, the whole <= 45 s). Timed: wall time from
pressing 1 to the case on screen and to the receipt saved, and the CPU time of this process
(Pilot waits >= 40 ms a key whatever the app does, so wall time overstates what the clerk waits).
Then (issue 17) Esc and 1 again: the CPU of opening the kept form for the next visitor, and of each key
typed in it, beside an unbound key on the main menu (Pilot's own cost per key). And F5 -> case on screen:
the last key (Enter on the checklist, which does what F5 does) until the registered number is painted, as
the CPU of the UI thread (time.thread_time) plus that of `cases.register_case` in the registration worker;
the receipt that worker goes on to make is not counted (the whole process's CPU meanwhile is printed).

A real SQLite file in a temporary folder, the demo office and the sample catalog; the clock is
the machine's.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from quancheng_tui.app import QuanchengApp
from quancheng_tui.i18n import translator
from quancheng_tui.services import cases, setup, staff
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.context import Clock
from quancheng_tui.settings import Settings
from quancheng_tui.store import migrate
from quancheng_tui.store.database import Database

MATTER_QUERY = "sb001"  # SB-001 城乡居民基本养老保险参保登记: 即办件, 3 materials
NAME = "张三丰"
ID_NUMBER = "11010519491231002X"
PHONE = "13812345678"
KEY_TARGET = 25
TIME_TARGET = 45.0


class Counter:
    def __init__(self, pilot) -> None:
        self.pilot = pilot
        self.typed = 0  # characters of names, numbers and the matter code
        self.other = 0  # everything else: navigation, choices, commands
        self.log: list[str] = []

    async def type(self, text: str) -> None:
        for ch in text:
            await self.pilot.press(ch)
        self.typed += len(text)
        self.log.append(f"«{text}»")

    async def press(self, *keys: str) -> None:
        for key in keys:
            await self.pilot.press(key)
        self.other += len(keys)
        self.log.extend(keys)


async def wait_until(pilot, condition, timeout: float = 60.0) -> None:
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout:
            raise SystemExit(f"timed out on {pilot.app.screen!r}, focus {pilot.app.focused!r}")
        await pilot.pause(0.01)
    await pilot.pause()


async def one_run(db: Database, db_path: Path, out: Path, size: tuple[int, int]) -> dict:
    from quancheng_tui.screens.main import MainScreen
    from quancheng_tui.screens.register import RegisterScreen

    settings = Settings(db=str(db_path), user="zhangwei", lang="zh", print_dir=out)
    app = QuanchengApp(settings, db, Clock(), translator=translator("zh"), stable=True)
    async with app.run_test(size=size) as pilot:
        # Logging in is not part of a registration.
        await wait_until(pilot, lambda: type(app.screen).__name__ == "LoginScreen")
        await pilot.pause()
        for ch in setup.DEMO_PASSWORD:
            await pilot.press(ch)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))

        keys = Counter(pilot)
        wall0, cpu0 = time.perf_counter(), time.process_time()
        await keys.press("1")
        await wait_until(pilot, lambda: isinstance(app.screen, RegisterScreen))
        screen = app.screen
        watch_paints(app)
        await keys.type(MATTER_QUERY)
        await keys.press("enter")
        await keys.type(NAME)
        await keys.press("enter")
        await keys.type(ID_NUMBER)
        await keys.press("enter")
        await keys.type(PHONE)
        await keys.press("enter")
        await keys.press("enter")  # no address today
        await keys.press("space", "down", "enter", "enter")  # village: open the list, 东湖村, take it, on
        await keys.press("enter")  # at the counter (the default)
        await keys.press("a")  # every material handed in
        await pilot.pause()
        ui0, cpu_f5 = time.thread_time(), time.process_time()
        service_cpu.clear()
        await keys.press("enter")  # Enter on the checklist registers (what F5 does)
        await wait_until(pilot, lambda: painted_case(screen))
        f5_ui, f5_process = app.case_painted_at - ui0, time.process_time() - cpu_f5
        registered = time.perf_counter() - wall0
        await wait_until(pilot, lambda: bool(screen.slip))
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        case, slip = screen.case, screen.slip
        reopen, keys_cpu, floor_cpu, back = await reopen_and_type(pilot, app)
    delivery = slip.get("delivery")
    return {
        "number": case.number, "kind": case.kind, "typed": keys.typed, "other": keys.other, "log": keys.log,
        "registered": registered, "wall": wall, "cpu": cpu,
        "pdf": str(delivery.pdf_path) if delivery and delivery.pdf_path else slip.get("failure"),
        "reopen": reopen, "key_cpu": keys_cpu, "floor_cpu": floor_cpu, "back": back,
        "f5": f5_ui + sum(service_cpu), "f5_service": sum(service_cpu), "f5_process": f5_process,
    }


# CPU of `cases.register_case` in the registration worker's thread: the part of that worker that puts the case
# on screen (what follows it there, the receipt, is not).
service_cpu: list[float] = []


def time_register_case() -> None:
    from quancheng_tui.services import cases as cases_svc

    register_case = cases_svc.register_case

    def timed(*args, **kwargs):
        t0 = time.thread_time()
        try:
            return register_case(*args, **kwargs)
        finally:
            service_cpu.append(time.thread_time() - t0)

    cases_svc.register_case = timed


def watch_paints(app) -> None:
    """Note on the app each screen update sent to the terminal: "on screen" means painted, not just set."""
    display = app._display
    app.painted = []
    app.case_painted_at = None

    def noted(screen, update) -> None:
        display(screen, update)
        if getattr(screen, "case", None) is not None and app.case_painted_at is None:
            app.case_painted_at = time.thread_time()  # this thread's CPU when the number went out
        app.painted.append((screen, getattr(screen, "case", None)))

    app._display = noted


def painted_case(screen) -> bool:
    """The registered case's number has been sent to the terminal."""
    return any(s is screen and case is not None for s, case in screen.app.painted)


async def reopen_and_type(pilot, app) -> tuple[float, list[float], list[float], float]:
    """Issue 17: CPU of opening registration again (Esc, then 1: the form ready for the next visitor), of
    each key typed in the form (the name field), and of an unbound key on the main menu (the floor: Pilot's
    key simulation and a repaint check, nothing of ours). Also the CPU of that Esc, with what the app does
    while idle after it (the emptied form is laid out then, out of the way of the next 1)."""
    from quancheng_tui.screens.main import MainScreen
    from quancheng_tui.screens.register import RegisterScreen

    c0 = time.process_time()
    await pilot.press("escape")
    await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
    await pilot.pause(0.2)
    back = time.process_time() - c0
    floor = []
    for _ in range(10):
        c0 = time.process_time()
        await pilot.press("f12")
        floor.append(time.process_time() - c0)
    c0 = time.process_time()
    await pilot.press("1")
    await wait_until(pilot, lambda: isinstance(app.screen, RegisterScreen) and app.focused is not None
                     and app.focused.id == "matter-query")
    reopen = time.process_time() - c0
    await pilot.press("tab")
    keys = []
    for ch in "zhangsanfeng":
        c0 = time.process_time()
        await pilot.press(ch)
        keys.append(time.process_time() - c0)
    return reopen, keys, floor, back


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", default="80x24")
    args = parser.parse_args()
    size = tuple(int(x) for x in args.size.split("x"))
    folder = tempfile.TemporaryDirectory()
    db_path = Path(folder.name) / "bench.db"
    out = Path(folder.name) / "out"
    db = Database.open(str(db_path))
    migrate.upgrade(db)
    clock = Clock()
    setup.initialize(db, clock, "青山镇便民服务中心", "QS", "admin", "管理员", "secret123", demo=True, catalog=[])
    catalog_svc.import_catalog(db, staff.actor_for(db, "admin"), clock, catalog_svc.SAMPLE_CATALOG)

    import textual

    print(f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} CPU, {platform.system()} "
          f"{platform.release()}, Python {platform.python_version()}, textual {textual.__version__}")
    print(f"date: {datetime.now().astimezone().isoformat(timespec='seconds')}; terminal {args.size}")
    time_register_case()
    results = []
    for run in range(1, args.runs + 1):
        r = asyncio.run(one_run(db, db_path, out, size))
        results.append(r)
        print(f"run {run}: {r['number']} ({r['kind']}): keys {r['typed'] + r['other']} = typed {r['typed']} "
              f"+ other {r['other']}; on screen after {r['registered']:.2f} s, receipt after {r['wall']:.2f} s "
              f"wall, {r['cpu']:.2f} s CPU; {r['pdf']}")
        print(f"  F5 -> case on screen: UI thread {1000 * (r['f5'] - r['f5_service']):.0f} ms + register_case "
              f"{1000 * r['f5_service']:.0f} ms CPU (the whole process meanwhile, receipt worker included: "
              f"{1000 * r['f5_process']:.0f} ms); Esc back to the menu {1000 * r['back']:.0f} ms, "
              f"1 again {1000 * r['reopen']:.0f} ms CPU")
    r = results[0]
    print("keys:", " ".join(r["log"]))
    from _rows import emit

    reopen = statistics.median(x["reopen"] for x in results)
    key_cpu = statistics.median(k for x in results for k in x["key_cpu"])
    floor = statistics.median(k for x in results for k in x["floor_cpu"])
    emit("opening registration again (Esc, 1), CPU", reopen, "s", floor=floor,
         floor_what="an unbound key on the main menu", goal=0.100)
    emit("F5 -> case on screen, CPU (UI thread + register_case; receipt worker not counted)",
         statistics.median(x["f5"] for x in results), "s",
         floor=statistics.median(x["f5_service"] for x in results), floor_what="register_case alone", goal=0.150)
    emit("a key typed in the registration form, CPU (median)", key_cpu, "s", floor=floor,
         floor_what="an unbound key on the main menu", goal=0.020)
    other = r["other"]
    code = len(MATTER_QUERY)
    best = min(x["wall"] for x in results)
    print(f"keys beyond typed names and numbers: {other} (target <= {KEY_TARGET}); "
          f"counting the matter code '{MATTER_QUERY}' too: {other + code}")
    print(f"wall time, 1 pressed -> receipt saved: best {best:.2f} s, worst {max(x['wall'] for x in results):.2f} s "
          f"(target <= {TIME_TARGET:.0f} s)")
    registered = [c.number for c in cases.list_cases(db, staff.actor_for(db, "zhangwei"), limit=100, today=clock.today())]
    assert len(registered) == args.runs, registered
    db.dispose()
    folder.cleanup()
    return 0 if other <= KEY_TARGET and best <= TIME_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
