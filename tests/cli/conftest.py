from __future__ import annotations

import io
import os
import pwd
import select
import sqlite3
import subprocess
import sys
import tempfile
import time
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
    another time): through the installed command's own entry point (`quancheng_tui.__main__.main`), with
    its own environment, standard streams and exit code; in this process, so that a test pays for the
    command, not for importing the package again (tests that need a separate process make one themselves)."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("QUANCHENG_")}
    full_env["QUANCHENG_CONFIG"] = os.devnull
    if db is not None:
        full_env["QUANCHENG_DB"] = str(db)
    if user is not None:
        full_env["QUANCHENG_USER"] = user
        # The claim alone proves nothing (issue 18): the harness shows the user's token, as a script would.
        token = token_for(db, user) if db is not None else None
        if token:
            full_env["QUANCHENG_TOKEN"] = token
    full_env.update(env or {})
    if SUBPROCESS:
        proc = subprocess.run([sys.executable, str(AT), *args], capture_output=True, text=True,
                              env=full_env, input=stdin, timeout=120)
        return Result(proc.returncode, proc.stdout, proc.stderr)
    return _in_process(list(args), full_env, stdin or "")


# Tokens the harness made, per database file: login -> token ("" when none can be made, e.g. unknown login).
_TOKENS: dict[str, dict[str, str]] = {}


def os_account() -> str:
    return pwd.getpwuid(os.geteuid()).pw_name


def mapped_login(db: Path) -> str | None:
    """The staff login this process's OS account is mapped to in `db` (by `init` or `staff map-os`)."""
    if not Path(db).is_file():
        return None
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT s.login FROM os_account o JOIN staff s ON s.id = o.staff_id WHERE o.os_user = ?",
                          (os_account(),)).fetchone()
    except sqlite3.Error:
        return None
    finally:
        con.close()
    return row[0] if row else None


def token_for(db: Path | str, login: str) -> str | None:
    """A token proving `login` on `db`, made as a script's admin would: `token create` run by the OS account
    that `init` mapped to the first admin. None when the OS account proves `login` itself."""
    if "://" in str(db) or login == mapped_login(Path(db)):
        return None
    tokens = _TOKENS.setdefault(str(db), {})
    if login not in tokens:
        r = run_cli("token", "create", login, db=Path(db))
        tokens[login] = r.out.strip() if r.code == 0 else ""
    return tokens[login] or None


def share_tokens(template: Path, copy: Path) -> None:
    """A copy of a database file holds the template's tokens."""
    _TOKENS[str(copy)] = dict(_TOKENS.get(str(template), {}))


def _stream() -> io.TextIOWrapper:
    # Binary-capable like a real stdout (exports write to sys.stdout.buffer); no newline translation.
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="", write_through=True)


def _in_process(args: list[str], env: dict, stdin: str) -> Result:
    from quancheng_tui.__main__ import main
    from quancheng_tui.commands import common, state
    from quancheng_tui.services.context import fixed_clock

    at = datetime.fromisoformat(env.get("QUANCHENG_TEST_NOW") or FIXED_NOW.isoformat())
    saved_env, saved_streams, saved_clock = dict(os.environ), (sys.stdin, sys.stdout, sys.stderr), state.clock
    out, err = _stream(), _stream()
    os.environ.clear()
    os.environ.update(env)
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin), out, err
    state.clock = lambda: fixed_clock(at)
    saved_tempdir, tempfile.tempdir = tempfile.tempdir, None  # TMPDIR is read again, as by a new process
    try:
        code = main(args)
    except Exception:
        traceback.print_exc(file=err)
        code = 1
    finally:
        tempfile.tempdir = saved_tempdir
        state.clock = saved_clock
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.environ.clear()
        os.environ.update(saved_env)
        common.current = common.CliState()
    return Result(code, out.buffer.getvalue().decode("utf-8"), err.buffer.getvalue().decode("utf-8"))


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(scope="session")
def cli_runner():
    """run_cli for module- or session-scoped fixtures (`from conftest import …` would find another
    directory's conftest when the whole suite runs)."""
    return run_cli


@pytest.fixture
def token():
    """token(db, login): a QUANCHENG_TOKEN proving `login` (for tests that start their own processes)."""
    return token_for


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """`init --demo` once per run; each test gets its own copy of the file."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    r = run_cli("init", "--demo", db=path)
    assert r.code == 0, r.err
    _tokens_for_all_staff(path)
    return path


def _tokens_for_all_staff(path: Path) -> None:
    import json

    for row in json.loads(run_cli("staff", "list", "--json", db=path).out):
        token_for(path, row["login"])


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    copy_sqlite(demo_template, path)
    share_tokens(demo_template, path)
    return path


@pytest.fixture(scope="session")
def empty_demo_template(tmp_path_factory) -> Path:
    """The demo office without its generated cases, once per run: tests that count and number cases."""
    path = tmp_path_factory.mktemp("empty-demo") / "demo.db"
    r = run_cli("init", "--demo", "--demo-cases", "0", db=path)
    assert r.code == 0, r.err
    _tokens_for_all_staff(path)
    return path


@pytest.fixture
def empty_demo_db(empty_demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    copy_sqlite(empty_demo_template, path)
    share_tokens(empty_demo_template, path)
    return path



@pytest.fixture
def run_under_pty():
    """Run `python -c code` with a pseudo-terminal for its standard streams (the TUI refuses to start without
    one): (exit status, everything it wrote)."""

    def run(code: str) -> tuple[int, str]:
        master, slave = os.openpty()
        env = dict(os.environ, QUANCHENG_CONFIG=os.devnull)
        proc = subprocess.Popen([sys.executable, "-c", code], stdin=slave, stdout=slave, stderr=slave, env=env)
        os.close(slave)
        out = bytearray()
        deadline = time.monotonic() + 120
        try:
            # Read while it runs: a child that fills the pty's buffer would otherwise never end.
            while time.monotonic() < deadline:
                ready, _, _ = select.select([master], [], [], 0.2)
                try:
                    chunk = os.read(master, 65536) if ready else b""
                except OSError:  # the child has exited and everything it wrote is read
                    break
                if ready and not chunk:
                    break
                out += chunk
            else:
                raise AssertionError(f"still running after 120 s; it wrote: {bytes(out[-2000:])!r}")
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            os.close(master)
        return proc.returncode, out.decode("utf-8", "replace")

    return run
