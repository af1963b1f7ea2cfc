from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import traceback
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from quancheng_at import AT, FIXED_NOW
from sqlite_files import copy_sqlite


@dataclass
class Result:
    code: int
    out: str
    err: str


# QUANCHENG_TEST_CLI=subprocess runs every command in its own Python process (slower: each pays the imports).
SUBPROCESS = os.environ.get("QUANCHENG_TEST_CLI") == "subprocess"


def run_cli(*args: str, db: Path | None = None, user: str | None = None, stdin: str | None = None,
            env: dict | None = None) -> Result:
    """The real command as an admin's script runs it, on the fixed clock (QUANCHENG_TEST_NOW in env sets
    another time): parsed, run and reported by the same `quancheng_tui.cli.run`, with its own environment,
    standard streams and exit code; in this process, so that a test pays for the command, not for
    importing the package again (tests that need a separate process make one themselves)."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("QUANCHENG_")}
    full_env["QUANCHENG_CONFIG"] = os.devnull
    if db is not None:
        full_env["QUANCHENG_DB"] = str(db)
    if user is not None:
        full_env["QUANCHENG_USER"] = user
    full_env.update(env or {})
    if SUBPROCESS:
        proc = subprocess.run([sys.executable, str(AT), *args], capture_output=True, text=True,
                              env=full_env, input=stdin, timeout=120)
        return Result(proc.returncode, proc.stdout, proc.stderr)
    return _in_process(list(args), full_env, stdin or "")


def _stream() -> io.TextIOWrapper:
    # Binary-capable like a real stdout (exports write to sys.stdout.buffer); no newline translation.
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="", write_through=True)


def _in_process(args: list[str], env: dict, stdin: str) -> Result:
    from quancheng_tui import cli
    from quancheng_tui.commands import common
    from quancheng_tui.services.context import fixed_clock

    at = datetime.fromisoformat(env.get("QUANCHENG_TEST_NOW") or FIXED_NOW.isoformat())
    saved_env, saved_streams, saved_clock = dict(os.environ), (sys.stdin, sys.stdout, sys.stderr), common.clock
    out, err = _stream(), _stream()
    os.environ.clear()
    os.environ.update(env)
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin), out, err
    common.clock = lambda: fixed_clock(at)
    saved_tempdir, tempfile.tempdir = tempfile.tempdir, None  # TMPDIR is read again, as by a new process
    try:
        code = cli.run(args)
    except Exception:
        traceback.print_exc(file=err)
        code = 1
    finally:
        tempfile.tempdir = saved_tempdir
        common.clock = saved_clock
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.environ.clear()
        os.environ.update(saved_env)
        common.current = common.CliState()
    return Result(code, out.buffer.getvalue().decode("utf-8"), err.buffer.getvalue().decode("utf-8"))


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


@pytest.fixture(scope="session")
def empty_demo_template(tmp_path_factory) -> Path:
    """The demo office without its generated cases, once per run: tests that count and number cases."""
    path = tmp_path_factory.mktemp("empty-demo") / "demo.db"
    r = run_cli("init", "--demo", "--demo-cases", "0", db=path)
    assert r.code == 0, r.err
    return path


@pytest.fixture
def empty_demo_db(empty_demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    copy_sqlite(empty_demo_template, path)
    return path

