"""Run the real `quancheng` command on a fixed clock: `python tests/quancheng_at.py ARGS...`.

The tests' subprocesses start here instead of `python -m quancheng_tui` so that what they make
(case numbers, rosters, demo data, due dates) does not depend on the day the suite runs. The time is
QUANCHENG_TEST_NOW (ISO 8601, default FIXED_NOW below); nothing in the package reads that variable, so
the shipped command has no way to be told another time. Password hashes are made with light argon2
parameters, as in-process tests make them.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

AT = Path(__file__).resolve()
FIXED_NOW_ISO = "2026-03-16T09:30:00+08:00"  # a Monday in a year with a published holiday schedule
FIXED_NOW = datetime.fromisoformat(FIXED_NOW_ISO)
LIGHT_ARGON2 = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}


def install(now: str | None = None) -> datetime:
    from quancheng_tui.commands import state
    from quancheng_tui.services import staff
    from quancheng_tui.services.context import fixed_clock

    at = datetime.fromisoformat(now or os.environ.get("QUANCHENG_TEST_NOW") or FIXED_NOW_ISO)
    state.clock = lambda: fixed_clock(at)  # the one clock every command and the TUI read
    staff.hash_parameters(**LIGHT_ARGON2)
    return at


if __name__ == "__main__":
    install()
    from quancheng_tui.__main__ import main

    sys.exit(main(sys.argv[1:]))
