"""An unexpected failure's one line names the failure, never the data it was handling (issue #7 item 6)."""

from __future__ import annotations

import sqlite3

import sqlalchemy.exc

from quancheng_tui import crash

NAME, ID, PHONE = "欧阳小明", "11010519491231002X", "13812345678"


def test_sql_parameters_never_reach_the_line():
    err = sqlalchemy.exc.IntegrityError("INSERT INTO t (a, b) VALUES (?, ?)", (NAME, ID),
                                        sqlite3.IntegrityError("UNIQUE constraint failed: t.b"))
    assert NAME in str(err) and ID in str(err)  # what a naive str(exc) would print
    line = crash.reason(err)
    assert line == "IntegrityError: UNIQUE constraint failed: t.b"


def test_driver_detail_lines_are_dropped_and_numbers_masked():
    orig = Exception(f"duplicate key value violates unique constraint \"uq\" {PHONE}\nDETAIL: Key (name)=({NAME}) exists")
    err = sqlalchemy.exc.IntegrityError("INSERT", {"n": NAME}, orig)
    line = crash.reason(err)
    assert NAME not in line and PHONE not in line and "138****5678" in line and "DETAIL" not in line


def test_other_exceptions_show_only_their_kind():
    assert crash.reason(KeyError(f"{NAME} {ID}")) == "KeyError"
    assert crash.reason(ValueError(NAME)) == "ValueError"


def test_os_errors_keep_their_system_message():
    line = crash.reason(OSError(28, "No space left on device"))
    assert line == "OSError: [Errno 28] No space left on device"


def test_unexpected_is_a_one_line_quancheng_error():
    err = crash.unexpected(RuntimeError(NAME))
    assert err.render() == "内部错误：RuntimeError" and "\n" not in err.render()
