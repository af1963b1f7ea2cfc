"""Issue #7 item 6: no personal data in tracebacks, error lines or files beside the database.

The failure is real, not mocked: a trigger (as a DBA's constraint might) makes
the database refuse the INSERT, and SQLAlchemy's own message for that error
lists the statement's parameters — the applicant's name and ID number.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from quancheng_at import AT

NAME = "欧阳小明"
ID = "11010519491231002X"
PHONE = "13812345678"


def _register(cli, db: Path, **env):
    return cli("case", "register", "--matter", "MZ-001", "--applicant", NAME, "--id-number", ID, "--phone", PHONE,
               "--village", "V01", db=db, user="zhangwei", env=env)


def test_database_failure_is_one_line_without_the_applicants_data(cli, demo_db):
    with sqlite3.connect(demo_db) as conn:
        conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON cases BEGIN SELECT RAISE(ABORT, 'refused by trigger'); END")
    r = _register(cli, demo_db)
    assert r.code == 1
    lines = r.err.strip().splitlines()
    assert len(lines) == 1, r.err
    assert "refused by trigger" in lines[0] and "内部错误" in lines[0]
    for secret in (NAME, ID, PHONE, ID[6:14]):
        assert secret not in r.err + r.out
    assert "Traceback" not in r.err


def test_debug_switch_shows_the_traceback_to_an_operator_who_asks(cli, demo_db):
    with sqlite3.connect(demo_db) as conn:
        conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON cases BEGIN SELECT RAISE(ABORT, 'refused by trigger'); END")
    r = _register(cli, demo_db, QUANCHENG_DEBUG="1")
    assert r.code == 1 and "Traceback" in r.err


def test_no_file_written_beside_the_database_holds_personal_data(demo_db, tmp_path, token):
    """A working session (register, show, list, board, audit) leaves the ID only inside the database."""
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUANCHENG_", "XDG_"))}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_CACHE_HOME=str(home / "cache"), XDG_STATE_HOME=str(home / "state"),
               QUANCHENG_DB=str(demo_db), QUANCHENG_USER="zhangwei", QUANCHENG_TOKEN=token(demo_db, "zhangwei"))

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(AT), *args], env=env, capture_output=True,
                              text=True, timeout=120)

    r = run("case", "register", "--matter", "MZ-001", "--applicant", NAME, "--id-number", ID, "--phone", PHONE,
            "--village", "V01")
    assert r.returncode == 0, r.stderr
    number = r.stdout.strip()
    assert run("case", "show", number).returncode == 0
    for args in (("case", "list"), ("case", "list", "--format", "json"), ("case", "remind"), ("audit", "verify")):
        r = run(*args)
        assert NAME not in r.stdout + r.stderr and ID not in r.stdout + r.stderr, args
    leaks = []
    for root in (home, demo_db.parent):
        for path in root.rglob("*"):
            if path.is_file() and not path.name.startswith(demo_db.name):
                data = path.read_bytes()
                if ID.encode() in data or NAME.encode() in data:
                    leaks.append(path)
    assert leaks == []
