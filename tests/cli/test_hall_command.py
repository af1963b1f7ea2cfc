"""`quancheng hall` is registered and refuses a bad terminal name before it opens anything (issue 14 item 1).

The terminal itself is a Textual app: tests/tui/test_hall_screen.py drives it.
"""

from __future__ import annotations

from sqlite_files import copy_sqlite


def test_hall_is_a_command_with_its_options(cli):
    r = cli("hall", "--help")
    assert r.code == 0
    assert "--terminal" in r.out and "--idle" in r.out and "F12" in r.out


def test_a_blank_terminal_name_is_one_line_and_exit_1(cli, tmp_path, migrated_template):
    db = tmp_path / "q.db"
    copy_sqlite(migrated_template, db)
    r = cli("hall", "--terminal", " ", db=db)
    assert r.code == 1 and len(r.err.strip().splitlines()) == 1 and "--terminal" in r.err
