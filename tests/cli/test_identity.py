"""Who runs a command is proven, never claimed (issue 18 item 1, cli-contract.md "Identity").

The harness's own proof: `init` maps this process's OS account to the first admin, and `cli(..., user=X)`
shows a token made for X by that admin. The tests here set QUANCHENG_USER/QUANCHENG_TOKEN themselves
(`env=`) to see what a claim without proof gets.
"""

from __future__ import annotations

import json
import os
import pty
import select
import sqlite3
import sys
import time
from pathlib import Path

from quancheng_at import AT, FIXED_NOW

from quancheng_tui.services import staff
from quancheng_tui.services.context import fixed_clock
from quancheng_tui.store.database import Database


def one_line(err: str) -> str:
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def count(db: Path, sql: str, *args) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchone()[0]
    finally:
        con.close()


def test_init_maps_its_os_account_to_the_first_admin(cli, tmp_path):
    db = tmp_path / "q.db"
    r = cli("init", "--admin", "boss", db=db)
    assert r.code == 0 and "boss" in r.err
    r = cli("staff", "add", "li", "--name", "李", "--role", "clerk", db=db)  # no --user: the OS account proves boss
    assert r.code == 0, r.err
    assert count(db, "SELECT count(*) FROM audit WHERE action = 'staff.add' AND actor = 'boss'") == 1
    r = cli("init", "--admin", "other", db=db)  # a second init maps nobody again
    assert count(db, "SELECT count(*) FROM os_account") == 1


def test_a_claimed_user_proves_nothing(cli, demo_db):
    before = count(demo_db, "SELECT count(*) FROM cases")
    # $USER and $LOGNAME are the caller's to set: the OS account comes from the kernel.
    for claim in ({"QUANCHENG_USER": "zhangwei"}, {"QUANCHENG_USER": "lixiang", "USER": "lixiang", "LOGNAME": "lixiang"}):
        r = cli("case", "register", "--matter", "MZ-001", "--applicant", "张三", db=demo_db, env=claim)
        assert r.code == 1 and r.out == ""
        assert claim["QUANCHENG_USER"] in one_line(r.err) and "QUANCHENG_TOKEN" in r.err
    r = cli("--user", "zhangwei", "case", "list", db=demo_db)
    assert r.code == 1 and "zhangwei" in one_line(r.err)
    assert count(demo_db, "SELECT count(*) FROM cases") == before


def test_read_only_commands_without_personal_data_need_no_proof(cli, demo_db):
    env = {"QUANCHENG_USER": "nobody"}
    assert cli("--version", env=env).code == 0
    assert cli("deadline", "2026-02-13", "20", db=demo_db, env=env).out.strip() == "2026-03-19"
    assert cli("calendar", "show", "2026", db=demo_db, env=env).code == 0


def test_token_create_use_list_revoke(cli, demo_db, tmp_path):
    r = cli("token", "create", "zhangwei", "--note", "nightly", db=demo_db, user="zhaomin")
    assert r.code == 1 and "无权" in one_line(r.err)
    r = cli("token", "create", "zhangwei", "--note", "nightly", db=demo_db)  # the OS account: admin
    assert r.code == 0, r.err
    token = r.out.strip()
    assert token.startswith("qct_") and len(token) > 40 and "QUANCHENG_TOKEN" in r.err
    assert token.encode() not in demo_db.read_bytes()  # only its hash is stored

    env = {"QUANCHENG_TOKEN": token}
    r = cli("case", "register", "--matter", "MZ-001", "--applicant", "张三", "--id-number", "11010519491231002X",
            "--json", db=demo_db, env=env)
    assert r.code == 0, r.err
    assert json.loads(r.out)["owner"] == "zhangwei"
    assert count(demo_db, "SELECT count(*) FROM audit WHERE action = 'token.use' AND actor = 'zhangwei'") >= 1
    r = cli("--user", "admin", "staff", "list", db=demo_db, env=env)  # a token proves its own login only
    assert r.code == 1 and "zhangwei" in one_line(r.err)

    listed = json.loads(cli("token", "list", "--json", db=demo_db).out)
    mine = [t for t in listed if t["note"] == "nightly"]
    assert len(mine) == 1 and mine[0]["login"] == "zhangwei" and mine[0]["last_used_at"]
    assert token not in json.dumps(listed)
    assert cli("token", "list", db=demo_db, user="zhangwei").code == 1

    assert cli("token", "revoke", str(mine[0]["id"]), db=demo_db, user="lixiang").code == 1
    r = cli("token", "revoke", str(mine[0]["id"]), db=demo_db)
    assert r.code == 0, r.err
    r = cli("case", "list", db=demo_db, env=env)
    assert r.code == 1 and "令牌" in one_line(r.err) and r.out == ""
    assert count(demo_db, "SELECT count(*) FROM audit WHERE action = 'token.refused'") == 1
    assert cli("token", "revoke", "9999", db=demo_db).code == 1


def test_a_token_expires_after_its_last_day(cli, demo_db):
    r = cli("token", "create", "lixiang", "--expires", "2026-03-20", db=demo_db)
    assert r.code == 0, r.err
    env = {"QUANCHENG_TOKEN": r.out.strip()}
    assert cli("case", "list", db=demo_db, env={**env, "QUANCHENG_TEST_NOW": "2026-03-20T17:00:00+08:00"}).code == 0
    r = cli("case", "list", db=demo_db, env={**env, "QUANCHENG_TEST_NOW": "2026-03-21T08:00:00+08:00"})
    assert r.code == 1 and "过期" in one_line(r.err)
    for bad in ("2026-03-15", "2026-02-30"):
        r = cli("token", "create", "lixiang", "--expires", bad, db=demo_db)
        assert r.code == 1 and "有效期" in one_line(r.err)
    assert cli("token", "create", "nobody", db=demo_db).code == 1


def test_map_os_account(cli, demo_db):
    assert cli("staff", "map-os", "zhangwei", "counter1", db=demo_db, user="zhangwei").code == 1
    for bad in ("", "a b", "x:y"):
        assert cli("staff", "map-os", "zhangwei", bad, db=demo_db).code == 1
    assert cli("staff", "map-os", "nobody", "counter1", db=demo_db).code == 1
    r = cli("staff", "map-os", "zhangwei", "counter1", db=demo_db)
    assert r.code == 0 and "counter1" in r.err
    assert count(demo_db, "SELECT count(*) FROM audit WHERE action = 'staff.map_os' AND actor = 'admin'") == 1
    # Re-mapping this very OS account to a clerk: from now on its commands are the clerk's.
    import pwd

    me = pwd.getpwuid(os.geteuid()).pw_name
    assert cli("staff", "map-os", "zhangwei", me, db=demo_db).code == 0
    r = cli("staff", "add", "x1", "--name", "某", "--role", "clerk", db=demo_db)
    assert r.code == 1 and "zhangwei" in one_line(r.err) and "无权" in r.err


def test_a_locked_account_is_refused_whatever_the_proof(cli, demo_db):
    db = Database.open(str(demo_db))
    clock = fixed_clock(FIXED_NOW)
    for login in ("admin", "zhangwei"):
        for _ in range(staff.MAX_FAILURES):
            try:
                staff.authenticate(db, clock, login, "wrong-password")
            except Exception:
                pass
    db.dispose()
    r = cli("staff", "list", db=demo_db)  # the OS account's admin
    assert r.code == 1 and "锁定" in one_line(r.err)
    r = cli("case", "list", db=demo_db, user="zhangwei")  # by token
    assert r.code == 1 and "锁定" in one_line(r.err)
    # five minutes later both work again
    later = {"QUANCHENG_TEST_NOW": "2026-03-16T09:36:00+08:00"}
    assert cli("staff", "list", db=demo_db, env=later).code == 0
    assert cli("case", "list", db=demo_db, user="zhangwei", env=later).code == 0


def _on_a_terminal(db: Path, args: list[str], password: str) -> tuple[int, str]:
    """Run the command on a pseudo-terminal of its own (its controlling tty); type `password` when asked."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUANCHENG_")}
    env.update(QUANCHENG_CONFIG=os.devnull, QUANCHENG_DB=str(db))
    pid, fd = pty.fork()
    if pid == 0:  # the child: exec at once
        os.execve(sys.executable, [sys.executable, str(AT), *args], env)
    seen, typed = b"", False
    end = time.monotonic() + 120
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 1)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if not typed and "密码".encode() in seen:
            os.write(fd, password.encode() + b"\n")
            typed = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), seen.decode("utf-8", "replace")


def test_the_password_is_asked_on_the_terminal(demo_db):
    code, screen = _on_a_terminal(demo_db, ["--user", "zhangwei", "case", "list", "--format", "json"], "demo1234")
    assert code == 0, screen
    assert "zhangwei 的密码" in screen and "demo1234" not in screen  # not echoed
    assert count(demo_db, "SELECT count(*) FROM audit WHERE action = 'login' AND actor = 'zhangwei'") == 1
    code, screen = _on_a_terminal(demo_db, ["--user", "zhangwei", "case", "list"], "wrong-password")
    assert code == 1 and "不正确" in screen
    assert count(demo_db, "SELECT count(*) FROM audit WHERE action = 'login.failed' AND actor = 'zhangwei'") == 1


def test_an_office_from_before_os_mappings_is_adopted_by_whoever_upgrades_it(cli, demo_db):
    """After `db upgrade` from a schema without OS mappings nobody could prove anything without a terminal;
    the OS account that upgrades the file (its owner) becomes the first admin's, audited (issue 18)."""
    import sqlite3

    with sqlite3.connect(demo_db) as con:
        con.execute("DELETE FROM os_account")
    assert cli("case", "list", "--limit", "1", db=demo_db).code == 1  # no proof at all now
    r = cli("db", "upgrade", db=demo_db)
    assert r.code == 0 and "已关联到管理员 admin" in r.err
    assert cli("case", "list", "--limit", "1", db=demo_db).code == 0
    again = cli("db", "upgrade", db=demo_db)  # once only: an office with a mapping is never re-mapped
    assert again.code == 0 and "已关联" not in again.err
    with sqlite3.connect(demo_db) as con:
        row = con.execute("SELECT actor, after FROM audit WHERE action = 'staff.map_os' ORDER BY id DESC").fetchone()
    assert '"why": "upgrade"' in row[1]
