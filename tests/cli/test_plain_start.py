"""Plain `quancheng` (the counter's TUI) starts without the command-line framework (issue 17: start-up):
`commands.state.plain_tui` reads the root options itself. It must read them exactly as the Typer root does,
hand everything else to the full command line, and fail the same way."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings

import pytest
import typer.main

from quancheng_tui import cli as cli_module
from quancheng_tui.commands.state import plain_tui

ENV = {"QUANCHENG_DB": "env.db", "QUANCHENG_USER": "lisi", "QUANCHENG_LANG": "en"}


def typer_reads(argv: list[str], environ: dict[str, str], monkeypatch) -> tuple[dict, bool | None]:
    """What the Typer root parses from `argv` (its callback not run): Click refusing them fails the test, and
    so does a sub-command (the arguments must be for the TUI alone)."""
    for name in ("QUANCHENG_DB", "QUANCHENG_USER", "QUANCHENG_LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    command = typer.main.get_command(cli_module._tree_for(argv))
    ctx = command.make_context("quancheng", list(argv))
    with warnings.catch_warnings():  # Click 8.5 deprecates protected_args (where a sub-command's name waits)
        warnings.simplefilter("ignore", DeprecationWarning)
        assert not ctx.protected_args and not ctx.args
    p = ctx.params
    return {"db": p["db"], "user": p["user"], "lang": p["lang"], "login": p["login"]}, p["lite"]


@pytest.mark.parametrize("environ", [{}, ENV, {"QUANCHENG_DB": ""}], ids=["no-env", "env", "empty-env"])
@pytest.mark.parametrize("argv", [
    [], ["--db", "a.db"], ["--db=a.db"], ["--db", "a.db", "--db", "b.db"], ["--lang", "en"], ["--lang=zh"],
    ["--user", "zhangwei", "--lite"], ["--no-lite"], ["--lite", "--no-lite"], ["--no-lite", "--lite"],
    ["--db=", "--user="], ["--lang", "xx"], ["--db", "库.db", "--user", "张伟"],
])
def test_the_root_options_are_read_as_the_typer_root_reads_them(argv, environ, monkeypatch):
    got = plain_tui(argv, environ)
    assert got is not None
    st, lite = got
    assert ({"db": st.db, "user": st.user, "lang": st.lang, "login": st.login}, lite) == \
        typer_reads(argv, environ, monkeypatch)


@pytest.mark.parametrize("argv", [
    ["--help"], ["-h"], ["--version"], ["staff", "list"], ["--db", "a.db", "board"], ["--login", "wang"],
    ["--login=wang"], ["--db"], ["--db", "--lite"], ["--lite=yes"], ["--lang"], ["--dbx", "a"], ["--"],
    ["--db", "caf\udce9.db"],
])
def test_anything_else_goes_to_the_full_command_line(argv):
    assert plain_tui(argv, {}) is None


def test_a_missing_database_file_is_refused_as_by_the_command_line(cli, tmp_path):
    missing = str(tmp_path / "nowhere.db")
    plain = cli("--db", missing)
    typer_path = cli("--db", missing, "board")  # the Typer root's own --db check, before the sub-command
    assert plain.code == typer_path.code == 1
    assert plain.err == typer_path.err and plain.err.count("\n") == 1 and "nowhere.db" in plain.err
    assert "Traceback" not in plain.err


def test_a_bad_language_is_one_line_in_chinese(cli, demo_db):
    r = cli("--lang", "fr", db=demo_db)
    assert r.code == 1 and r.err.count("\n") == 1 and "fr" in r.err and "zh 或 en" in r.err


def test_without_a_terminal_the_line_is_in_the_users_language(cli, demo_db):
    r = cli("--lang", "en", db=demo_db, stdin="")
    assert r.code == 1 and "ssh -t" in r.err and r.err.isascii() and "Traceback" not in r.err


def test_the_tui_starts_without_typer_click_or_the_storage_stack(office_db, db_path, run_under_pty):
    """The installed entry point, under a pseudo-terminal, up to where the UI would start (the app's `run`
    is replaced): neither the command-line framework nor SQLAlchemy has been imported, and the exit status
    is the app's."""
    code = ("import sys\nimport quancheng_tui.app as a\n"
            "def run(self, **kw):\n"
            "    print('LOADED', sorted(m for m in ('typer', 'click', 'quancheng_tui.cli', 'sqlalchemy', 'sqlmodel')"
            " if m in sys.modules), flush=True)\n"
            "a.QuanchengApp.run = run\n"
            "a.QuanchengApp.return_code = 3\n"
            "from quancheng_tui.__main__ import main\n"
            f"sys.exit(main(['--db', {str(db_path)!r}, '--lang=en']))\n")
    rc, out = run_under_pty(code)
    assert "LOADED []" in out, out
    assert rc == 3, out


def test_a_missing_file_named_by_the_environment_is_refused_too(cli, tmp_path):
    r = cli(env={"QUANCHENG_DB": str(tmp_path / "gone.db"), "QUANCHENG_LANG": "en"})
    assert r.code == 1 and r.err.count("\n") == 1 and "gone.db" in r.err and r.err.isascii()
    assert not (tmp_path / "gone.db").exists()


def test_ctrl_c_before_the_ui_ends_with_130(demo_db, monkeypatch, capsys):
    """Called here, not through the `cli` harness: the interruption is made in this process."""
    from quancheng_tui.commands import tui
    from quancheng_tui.commands.state import CliState

    def interrupted(*_args, **_kw):
        raise KeyboardInterrupt

    monkeypatch.setattr(tui, "start", interrupted)
    assert tui.run_plain(CliState(db=str(demo_db)), None) == 130
    assert "Traceback" not in capsys.readouterr().err


def test_an_ascii_stderr_still_gets_readable_chinese(tmp_path):
    """A misconfigured locale (an ASCII stderr) gets the line in UTF-8, as Click wrote it before."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUANCHENG_")}
    env.update(QUANCHENG_CONFIG=os.devnull, PYTHONIOENCODING="ascii", QUANCHENG_DB=str(tmp_path / "gone.db"))
    proc = subprocess.run([sys.executable, "-m", "quancheng_tui"], env=env, capture_output=True, timeout=60)
    assert proc.returncode == 1
    line = proc.stderr.decode("utf-8")
    assert "gone.db" in line and any("\u4e00" <= ch <= "\u9fff" for ch in line) and "\\u" not in line
