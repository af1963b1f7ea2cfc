"""The shipped command on the real clock holds on any day: a year end, a month end in a year without an
official holiday schedule, a day years past the last shipped table.

Every other CLI test runs on a fixed clock (tests/quancheng_at.py). This one runs `python -m quancheng_tui`
itself, as an admin's script does, with the system clock moved by libfaketime (Debian's `faketime`, which
.ci/run installs; QUANCHENG_REQUIRE_FAKETIME=1 makes its absence a failure instead of a skip).
"""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

LIB = next(iter(sorted(glob.glob("/usr/lib/*/faketime/libfaketime.so.1"))), None)
ID = "11010519491231002X"

if LIB is None:
    if os.environ.get("QUANCHENG_REQUIRE_FAKETIME"):
        raise RuntimeError("libfaketime is required (apt-get install faketime)")
    pytest.skip("libfaketime not installed (apt-get install faketime)", allow_module_level=True)


def run_at(when: str, db: Path, *args: str, user: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUANCHENG_")}
    # The monotonic clock is moved too: with FAKETIME_DONT_FAKE_MONOTONIC, libfaketime 0.9.10 makes Python's
    # time.sleep fail with EINVAL (its clock_nanosleep wrapper mixes the two clocks).
    env = {k: v for k, v in env.items() if not k.startswith("FAKETIME")}
    env.update(QUANCHENG_CONFIG=os.devnull, QUANCHENG_DB=str(db), LD_PRELOAD=LIB, FAKETIME=f"@{when}",
               TZ="Asia/Shanghai")
    if user:
        env["QUANCHENG_USER"] = user
        env["QUANCHENG_TOKEN"] = _token(when, db, user)
    return subprocess.run([sys.executable, "-m", "quancheng_tui", *args], env=env, capture_output=True, text=True,
                          timeout=300)


_TOKENS: dict[tuple[str, str], str] = {}


def _token(when: str, db: Path, login: str) -> str:
    """Proof of `login` (issue 18): a token made by the OS account that `init` mapped to the admin."""
    if (str(db), login) not in _TOKENS:
        r = run_at(when, db, "token", "create", login)
        assert r.returncode == 0, r.stderr
        _TOKENS[str(db), login] = r.stdout.strip()
    return _TOKENS[str(db), login]


@pytest.mark.slow
@pytest.mark.parametrize("when", ["2026-12-31 16:30:00", "2027-01-29 09:00:00", "2029-06-29 09:00:00"])
def test_a_working_session_on_any_day(tmp_path, when):
    day = when[:10]
    db = tmp_path / "office.db"
    r = run_at(when, db, "init", "--demo", "--demo-cases", "12")
    assert r.returncode == 0, r.stderr
    r = run_at(when, db, "case", "register", "--matter", "MZ-001", "--applicant", "张三丰", "--id-number", ID,
               "--json", user="zhangwei")
    assert r.returncode == 0, r.stderr
    case = json.loads(r.stdout)
    assert case["received_on"] == day and case["number"].startswith(f"QS-{day.replace('-', '')}-")
    assert case["due_on"] > day and case["provisional"] is (day >= "2026-12-01")
    r = run_at(when, db, "case", "list", "--format", "json", user="zhangwei")
    assert r.returncode == 0 and case["number"] in r.stdout, r.stderr
    r = run_at(when, db, "roster", "show", "--json", user="zhangwei")
    assert r.returncode == 0, r.stderr
    days = json.loads(r.stdout)
    assert days[0]["date"] == day[:8] + "01" and any(d["clerks"] for d in days)
    r = run_at(when, db, "case", "remind", "--format", "json", user="lixiang")
    assert r.returncode == 0, r.stderr
    r = run_at(when, db, "deadline", day, "5", "--provisional", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["due"] > day, r.stderr
