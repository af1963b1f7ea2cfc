import sqlite3

import pytest


def test_version(cli):
    r = cli("--version")
    assert r.code == 0 and r.out.startswith("quancheng ")


def test_help_lists_command_groups(cli):
    r = cli("--help")
    assert r.code == 0
    for word in ("init", "db", "backup", "restore", "staff", "calendar", "deadline"):
        assert word in r.out


def test_light_commands_import_neither_textual_nor_sqlalchemy(tmp_path):
    """The guarantee behind `--help` and `deadline` starting fast."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from quancheng_tui.cli import run\n"
        "for argv in (['--version'], ['--help']):\n"
        "    try:\n"
        "        run(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "bad = [m for m in ('textual', 'sqlalchemy', 'sqlmodel', 'alembic') if m in sys.modules]\n"
        "print('HEAVY', bad, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "HEAVY []" in proc.stderr, proc.stderr


def test_init_is_idempotent_and_demo_has_every_role(cli, tmp_path):
    db = tmp_path / "q.db"
    r = cli("init", "--demo", db=db)
    assert r.code == 0, r.err
    assert str(db) in r.out
    r2 = cli("init", "--demo", db=db, user="admin")
    assert r2.code == 0, r2.err
    r3 = cli("staff", "list", "--json", db=db, user="admin")
    import json

    staff = json.loads(r3.out)
    assert {s["role"] for s in staff} == {"clerk", "handler", "leader", "admin", "agent", "supervisor"}
    assert len(staff) == 9  # the second init added nobody


def test_init_with_office_options(cli, tmp_path):
    db = tmp_path / "q.db"
    r = cli("init", "--office-name", "白沙镇便民服务中心", "--office-code", "BS", "--admin", "boss", db=db)
    assert r.code == 0, r.err
    assert "白沙镇便民服务中心" in r.err and "boss" in r.err


@pytest.mark.parametrize("kind", ["directory", "not_sqlite", "missing_folder", "unwritable"])
def test_bad_db_one_line_exit_1_untouched(cli, tmp_path, kind):
    if kind == "directory":
        target = tmp_path
    elif kind == "not_sqlite":
        target = tmp_path / "notes.db"
        target.write_text("这不是数据库\n" * 20, encoding="utf-8")
    elif kind == "missing_folder":
        target = tmp_path / "nope" / "q.db"
    else:
        import os

        if os.geteuid() == 0:  # permission bits do not bind root; /proc refuses new files
            target = __import__("pathlib").Path("/proc/quancheng-test.db")
        else:
            ro = tmp_path / "ro"
            ro.mkdir()
            ro.chmod(0o555)
            target = ro / "q.db"
    before = target.read_bytes() if target.is_file() else None
    r = cli("init", db=target)
    assert r.code == 1
    assert "Traceback" not in r.err
    assert len(r.err.strip().splitlines()) == 1
    assert str(target) in r.err or str(target.parent) in r.err
    if before is not None:
        assert target.read_bytes() == before
    assert not (tmp_path / "nope").exists()


def test_newer_schema_refused_untouched(cli, tmp_path):
    target = tmp_path / "future.db"
    con = sqlite3.connect(target)
    con.execute("CREATE TABLE alembic_version (version_num TEXT)")
    con.execute("INSERT INTO alembic_version VALUES ('0999')")
    con.commit()
    con.close()
    before = target.read_bytes()
    r = cli("db", "check", db=target)
    assert r.code == 1 and "0999" in r.err and "Traceback" not in r.err
    r = cli("--lang", "en", "db", "upgrade", db=target)
    assert r.code == 1 and "newer" in r.err
    assert target.read_bytes() == before


def test_english_messages(cli, tmp_path):
    r = cli("--lang", "en", "db", "check", db=tmp_path)
    assert r.code == 1 and "is a directory" in r.err


def test_usage_error_is_exit_2(cli):
    assert cli("no-such-command").code == 2
    assert cli("staff", "add").code == 2


def test_db_check_and_upgrade(cli, demo_db):
    r = cli("db", "check", "--json", db=demo_db)
    assert r.code == 0, r.err
    import json

    from quancheng_tui.store.schema import HEAD

    assert json.loads(r.out) == {"integrity": "ok", "revision": HEAD, "head": HEAD, "ok": True}
    r = cli("db", "upgrade", db=demo_db)
    assert r.code == 0 and HEAD in r.err


def test_db_check_missing_file(cli, tmp_path):
    r = cli("db", "check", db=tmp_path / "none.db")
    assert r.code == 1 and "不存在" in r.err
    assert not (tmp_path / "none.db").exists()


def test_backup_and_restore_round_trip(cli, demo_db, tmp_path):
    copy = tmp_path / "copy.db"
    assert cli("backup", str(copy), db=demo_db).code == 0
    assert cli("backup", str(copy), db=demo_db).code == 1  # never overwrites
    r = cli("staff", "add", "later", "--name", "后来者", "--role", "clerk", db=demo_db, user="admin")
    assert r.code == 0, r.err
    r = cli("restore", str(copy), db=demo_db)
    assert r.code == 0, r.err
    listing = cli("staff", "list", "--format", "csv", db=demo_db, user="admin").out
    assert "later" not in listing and "zhangwei" in listing


def test_restore_refuses_bad_copies(cli, demo_db, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"x" * 4096)
    before = demo_db.read_bytes()
    r = cli("restore", str(junk), db=demo_db)
    assert r.code == 1 and "junk.db" in r.err
    newer = tmp_path / "newer.db"
    con = sqlite3.connect(newer)
    con.execute("CREATE TABLE alembic_version (version_num TEXT)")
    con.execute("INSERT INTO alembic_version VALUES ('0999')")
    con.commit()
    con.close()
    r = cli("restore", str(newer), db=demo_db)
    assert r.code == 1 and "0999" in r.err
    assert demo_db.read_bytes() == before


def test_staff_permissions_and_bad_input(cli, demo_db):
    r = cli("staff", "add", "x1", "--name", "某人", "--role", "clerk", db=demo_db, user="zhangwei")
    assert r.code == 1 and "无权" in r.err
    r = cli("staff", "add", "x2", "--name", "\x1b[2J坏人", "--role", "clerk", db=demo_db, user="admin")
    assert r.code == 1 and "\x1b" not in r.err and "姓名" in r.err
    r = cli("staff", "add", "x3", "--name", "某人", "--role", "boss", db=demo_db, user="admin")
    assert r.code == 1 and "boss" in r.err
    r = cli("staff", "list", db=demo_db, user="nobody")
    assert r.code == 1 and "nobody" in r.err


def test_staff_password_from_stdin(cli, demo_db):
    r = cli("staff", "add", "li4", "--name", "李四", "--role", "clerk", "--password-stdin",
            db=demo_db, user="admin", stdin="longenough1\n")
    assert r.code == 0, r.err
    r = cli("staff", "passwd", "li4", db=demo_db, user="admin", stdin="short\n")
    assert r.code == 1 and "8" in r.err


def test_init_with_catalog_file_and_bad_catalog_changes_nothing(cli, tmp_path):
    import json
    from pathlib import Path

    sample = Path(__file__).resolve().parents[2] / "quancheng_tui" / "data" / "catalog.sample.toml"
    bad = tmp_path / "bad.toml"
    bad.write_text(sample.read_text(encoding="utf-8").replace("promised_days = ", "promised_days = 9", 1),
                   encoding="utf-8")
    db = tmp_path / "q.db"
    r = cli("init", "--catalog", str(bad), db=db)
    assert r.code == 1 and "bad.toml" in r.err
    assert not db.exists() or cli("db", "check", db=db).code == 0
    r = cli("init", "--admin", "boss", "--catalog", str(sample), db=db)
    assert r.code == 0, r.err
    listed = json.loads(cli("catalog", "list", "--json", db=db, user="boss").out)
    assert len(listed) >= 30


def test_demo_office_has_the_sample_catalog(cli, demo_db):
    import json

    found = json.loads(cli("catalog", "search", "dbsq", "--json", db=demo_db, user="zhangwei").out)
    assert any("低保" in m["name"] for m in found)


def test_demo_no_tui_generates_a_throwaway_database(cli, tmp_path):
    r = cli("demo", "--cases", "12", "--seed", "3", "--no-tui", env={"TMPDIR": str(tmp_path)})
    assert r.code == 0, r.err
    path = r.out.strip()
    assert path.startswith(str(tmp_path)) and path.endswith("demo.db")
    con = sqlite3.connect(path)
    n = con.execute("SELECT count(*) FROM cases").fetchone()[0]
    statuses = {row[0] for row in con.execute("SELECT DISTINCT status FROM cases")}
    con.close()
    assert 8 <= n <= 12 and len(statuses) >= 3
    assert cli("audit", "verify", db=path).code == 0


def test_init_demo_has_cases_in_many_states(cli, demo_db):
    con = sqlite3.connect(demo_db)
    statuses = {row[0] for row in con.execute("SELECT DISTINCT status FROM cases")}
    con.close()
    assert {"accepted", "in_progress", "pending_materials", "completed", "closed"} <= statuses


def test_tui_without_a_terminal_refuses_at_once(cli, demo_db):
    r = cli(db=demo_db, stdin="")
    assert r.code == 1 and "ssh -t" in r.err and "Traceback" not in r.err
