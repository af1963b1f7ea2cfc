"""Start-up stays light: `--version` loads no command-line framework, and a sub-command builds only its own
part of the command tree (Typer converts every command's signature on each run)."""

from __future__ import annotations

import subprocess
import sys

from quancheng_tui import __version__
from quancheng_tui import cli as cli_module


def test_version_alone_imports_neither_typer_nor_click():
    code = ("import sys\nfrom quancheng_tui.__main__ import main\nsys.argv = ['quancheng', '--version']\n"
            "rc = main()\nprint('LOADED', [m for m in ('typer', 'click', 'quancheng_tui.cli') if m in sys.modules], rc)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert f"quancheng {__version__}" in out
    assert "LOADED [] 0" in out


def _names(tree) -> set[str]:
    return {g.name for g in tree.registered_groups} | {
        c.name or c.callback.__name__.replace("_", "-") for c in tree.registered_commands}


def test_a_sub_command_gets_only_its_own_branch():
    assert _names(cli_module._tree_for(["deadline", "2026-02-13", "20"])) == {"deadline"}
    # A global option's value is not a command name, even when it looks like one.
    assert _names(cli_module._tree_for(["--db", "staff", "--user", "case", "--lang=en", "catalog", "list"])) == {"catalog"}
    assert len(_names(cli_module.app)) > 10


def test_help_and_typos_get_the_whole_tree_and_the_tui_none_of_it():
    for argv in (["--help"], ["--db", "x.db", "-h"], ["dedline", "1", "2"]):
        assert cli_module._tree_for(argv) is cli_module.app
    for argv in ([], ["--db", "x.db"], ["--user", "zhangwei", "--lite"]):
        assert _names(cli_module._tree_for(argv)) == set()


def test_the_tui_starts_without_the_storage_stack(office_db, db_path, run_under_pty):
    """Until the login screen is on screen nothing imports SQLAlchemy: the app's worker opens the database
    afterwards (issue 17). The app's `run` is replaced so the process stops where the UI would start; it runs
    under a pseudo-terminal, as the TUI refuses to start without one."""
    code = ("import sys\nimport quancheng_tui.app as a\n"
            "def run(self, **kw):\n"
            "    print('LOADED', sorted(m for m in ('sqlalchemy', 'sqlmodel', 'lunar_python') if m in sys.modules),"
            " self.db is None, flush=True)\n"
            "a.QuanchengApp.run = run\n"
            "from quancheng_tui.cli import run as cli_run\n"
            f"sys.exit(cli_run(['--db', {str(db_path)!r}]))\n")
    rc, out = run_under_pty(code)
    assert rc == 0, out
    assert "LOADED [] True" in out, out


def test_every_command_still_runs_through_its_branch(cli):
    r = cli("deadline", "2026-02-13", "20")
    assert r.code == 0 and r.out.strip() == "2026-03-19"
    r = cli("dedline", "2026-02-13", "20")
    assert r.code == 2 and "deadline" in r.err  # Click's suggestion needs the whole tree
