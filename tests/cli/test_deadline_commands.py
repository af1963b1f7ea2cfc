import json
import subprocess
import sys

import pytest

CAL_2027 = """year = 2027
source = "测试用 2027 年安排"
published = 2026-11-01

[[festival]]
name = "元旦"
holidays = [2027-01-01, 2027-01-02, 2027-01-03]
workdays = []

[[festival]]
name = "春节"
holidays = [2027-02-06, 2027-02-07, 2027-02-08, 2027-02-09, 2027-02-10, 2027-02-11, 2027-02-12]
workdays = [2027-01-31, 2027-02-20]
"""


@pytest.mark.parametrize("args, due", [
    (["2026-02-13", "20"], "2026-03-19"),
    (["2026-04-30", "5"], "2026-05-11"),
    (["2026-01-01", "1"], "2026-01-04"),
    (["2026-03-02", "0"], "2026-03-02"),
    (["2026-09-30", "3", "--natural"], "2026-10-08"),
    (["2026-03-01", "10", "--suspend", "2026-03-05:2026-03-10"], "2026-03-19"),
])
def test_deadline_examples(cli, tmp_path, args, due):
    r = cli("deadline", *args, db=tmp_path / "none.db")
    assert r.code == 0, r.err
    assert r.out.strip() == due
    assert not (tmp_path / "none.db").exists()  # a pure calculation creates nothing


def test_deadline_json(cli, tmp_path):
    r = cli("deadline", "2026-03-01", "10", "--suspend", "2026-03-05:2026-03-10", "--json", db=tmp_path / "x.db")
    assert json.loads(r.out) == {"from": "2026-03-01", "days": 10, "kind": "working",
                                 "due": "2026-03-19", "suspended_days": 4, "provisional": False}


@pytest.mark.parametrize("args, needle", [
    (["2026-02-30", "5"], "2026-02-30"),
    (["2026-03-01", "-5"], "-5"),
    (["2026-03-01", "five"], "five"),
    (["2026-03-01", "5", "--suspend", "2026-03-10:2026-03-05"], "2026-03-05"),
    (["2026-03-01", "5", "--suspend", "2026-03-02:2026-03-06", "--suspend", "2026-03-05:2026-03-09"], ""),
    (["2026-03-01", "5", "--suspend", "yesterday"], "yesterday"),
    (["2026-12-20", "30"], "2027"),
])
def test_deadline_bad_input(cli, tmp_path, args, needle):
    r = cli("deadline", *args, db=tmp_path / "x.db")
    assert r.code == 1
    assert "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1
    assert needle in r.err


def test_deadline_imports_neither_textual_nor_sqlalchemy(tmp_path):
    code = (
        "import sys\n"
        "from quancheng_tui.cli import run\n"
        "try:\n"
        "    run(['deadline', '2026-02-13', '20'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('HEAVY', [m for m in ('textual', 'sqlalchemy', 'sqlmodel', 'alembic', 'pydantic') if m in sys.modules],"
        " file=sys.stderr)\n"
    )
    env = {"QUANCHENG_DB": str(tmp_path / "x.db"), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert "2026-03-19" in proc.stdout
    assert "HEAVY []" in proc.stderr, proc.stderr


def test_calendar_show_and_check(cli, tmp_path):
    r = cli("calendar", "show", "2026", "--json", db=tmp_path / "x.db")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data["working_days"] == 248 and data["origin"] == "shipped"
    kinds = {d["date"]: d["kind"] for d in data["days"]}
    assert kinds["2026-02-14"] == "workday" and kinds["2026-10-01"] == "holiday"
    assert cli("calendar", "check", "2026", db=tmp_path / "x.db").code == 0
    r = cli("calendar", "check", "2027", db=tmp_path / "x.db")
    assert r.code == 1 and "calendar import" in r.err


def test_calendar_import_then_deadline_uses_it(cli, demo_db, tmp_path):
    f = tmp_path / "2027.toml"
    f.write_text(CAL_2027, encoding="utf-8")
    assert cli("deadline", "2027-01-29", "1", db=demo_db).code == 1
    r = cli("calendar", "import", str(f), db=demo_db, user="zhangwei")
    assert r.code == 1 and "无权" in r.err
    r = cli("calendar", "import", str(f), db=demo_db, user="admin")
    assert r.code == 0, r.err
    # 2027-01-31 is a make-up Sunday in this table.
    assert cli("deadline", "2027-01-29", "1", db=demo_db).out.strip() == "2027-01-31"
    assert cli("calendar", "check", "2027", db=demo_db).code == 0
    shown = json.loads(cli("calendar", "show", "2027", "--json", db=demo_db).out)
    assert shown["origin"] == "imported" and shown["source"] == "测试用 2027 年安排"


def test_calendar_import_bad_file_changes_nothing(cli, demo_db, tmp_path):
    f = tmp_path / "bad.toml"
    f.write_text(CAL_2027.replace("workdays = []", "workdays = [2027-01-01]", 1), encoding="utf-8")
    before = cli("calendar", "check", "2027", db=demo_db)
    r = cli("calendar", "import", str(f), db=demo_db, user="admin")
    assert r.code == 1 and "2027-01-01" in r.err and "bad.toml" in r.err
    assert cli("calendar", "check", "2027", db=demo_db).code == before.code == 1
    g = tmp_path / "gbk.toml"
    g.write_bytes(CAL_2027.encode("gbk"))
    r = cli("calendar", "import", str(g), db=demo_db, user="admin")
    assert r.code == 1 and "UTF-8" in r.err
