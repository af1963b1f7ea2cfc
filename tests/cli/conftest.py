from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from quancheng_at import AT
from sqlite_files import copy_sqlite


@dataclass
class Result:
    code: int
    out: str
    err: str




def run_cli(*args: str, db: Path | None = None, user: str | None = None, stdin: str | None = None,
            env: dict | None = None) -> Result:
    """The real command in a subprocess, as an admin's script would run it, on the fixed clock
    (QUANCHENG_TEST_NOW in env sets another time)."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("QUANCHENG_")}
    full_env["QUANCHENG_CONFIG"] = os.devnull
    if db is not None:
        full_env["QUANCHENG_DB"] = str(db)
    if user is not None:
        full_env["QUANCHENG_USER"] = user
    full_env.update(env or {})
    proc = subprocess.run([sys.executable, str(AT), *args], capture_output=True, text=True,
                          env=full_env, input=stdin, timeout=120)
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """`init --demo` once per run; each test gets its own copy of the file."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    r = run_cli("init", "--demo", db=path)
    assert r.code == 0, r.err
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    copy_sqlite(demo_template, path)
    return path
