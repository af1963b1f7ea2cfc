"""`quancheng roster import | show | export | posts | leave | back` on a copy of the demo office.

The demo office gets the sample roster for the month it was made in (the tests' fixed clock: March 2026):
张伟 and 刘娜 on duty, 李响 leading. Imports use December 2026, a month without a roster that the shipped
holiday schedule covers.
"""

from __future__ import annotations

import calendar
import json
from datetime import date

from quancheng_at import FIXED_NOW

TODAY = FIXED_NOW.date()

DECEMBER = """\
[[duty]]
from = 2026-12-01
to = 2026-12-15
clerks = ["wangfang", "chenjie"]
leader = "lixiang"

[[duty]]
from = 2026-12-16
to = 2026-12-31
clerks = ["zhangwei"]
leader = "lixiang"
"""


def one_line(err: str) -> str:
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def show(cli, db, month: str) -> list[dict]:
    r = cli("roster", "show", "--month", month, "--json", db=db, user="zhaomin")  # a supervisor may read
    assert r.code == 0, r.err
    return json.loads(r.out)


def test_demo_roster_for_this_month(cli, demo_db):
    today = TODAY
    month = f"{today:%Y-%m}"
    days = show(cli, demo_db, month)
    assert len(days) == calendar.monthrange(today.year, today.month)[1]
    assert all(d["clerks"] == ["zhangwei", "liuna"] and d["leader_name"] == "李响" for d in days)
    assert days[0]["date"] == f"{month}-01" and days[0]["weekday"] == date(today.year, today.month, 1).isoweekday()
    r = cli("roster", "posts", "--json", db=demo_db, user="zhangwei")
    assert r.code == 0 and [p["code"] for p in json.loads(r.out)] == ["BL1", "BL2", "CK1", "CK2"]


def test_import_good_file(cli, demo_db, tmp_path):
    path = tmp_path / "december.toml"
    path.write_text(DECEMBER, encoding="utf-8")
    r = cli("roster", "import", str(path), db=demo_db, user="admin")
    assert r.code == 0, r.err
    imported, warned = r.err.splitlines()  # three clerks in one month: against seed 000's rule, warned (issue 15)
    assert imported == "已导入排班 december.toml：月份 2026-12，值班时段 2 个，岗位 未变"
    assert warned.startswith("警告：2026-12 有协办员 3 人")
    days = show(cli, demo_db, "2026-12")
    assert days[14]["clerks"] == ["wangfang", "chenjie"] and days[15]["clerks"] == ["zhangwei"]
    r = cli("roster", "show", "--month", "2026-12", db=demo_db, user="zhangwei")
    rows = {line.split()[0]: line.split() for line in r.out.splitlines()}
    assert rows["日期"] == ["日期", "星期", "上班日", "协办员", "值班领导", "请假、出差"]
    assert rows["2026-12-25"] == ["2026-12-25", "星期五", "上班", "张伟", "李响"]
    assert rows["2026-12-26"] == ["2026-12-26", "星期六", "休息", "张伟", "李响"]


def test_bad_file_refused_with_row_and_field_and_nothing_changed(cli, demo_db, tmp_path):
    path = tmp_path / "december.csv"
    path.write_text("from,to,clerks,leader\n2026-12-01,2026-12-15,wangfang,lixiang\n"
                    "2026-12-16,2026-12-31,zhangwei,sunli\n", encoding="utf-8")
    r = cli("roster", "import", str(path), db=demo_db, user="admin")
    assert r.code == 1
    assert one_line(r.err) == "december.csv 第 3 行：字段“leader”中的 sunli 是村代办员，不能担任值班领导"
    assert all(d["clerks"] == [] for d in show(cli, demo_db, "2026-12"))
    r = cli("--lang", "en", "roster", "import", str(path), db=demo_db, user="admin")
    assert one_line(r.err) == ('december.csv line 3: field "leader": sunli is a Village agent and cannot serve '
                               'as Duty leader')


def test_non_admin_import_refused(cli, demo_db, tmp_path):
    path = tmp_path / "december.toml"
    path.write_text(DECEMBER, encoding="utf-8")
    r = cli("roster", "import", str(path), db=demo_db, user="lixiang")
    assert r.code == 1 and "无权导入值班排班" in one_line(r.err)
    assert all(d["clerks"] == [] for d in show(cli, demo_db, "2026-12"))


def test_export_csv_with_bom_and_xlsx(cli, demo_db, tmp_path):
    month = f"{TODAY:%Y-%m}"
    last = calendar.monthrange(TODAY.year, TODAY.month)[1]
    out = tmp_path / "roster.csv"
    r = cli("roster", "export", "--month", month, "--format", "csv", "--out", str(out), db=demo_db, user="zhangwei")
    assert r.code == 0, r.err
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines == ["from,to,clerks,leader,clerk_names,leader_name",
                     f"{month}-01,{month}-{last:02d},zhangwei、liuna,lixiang,张伟、刘娜,李响"]
    xlsx = tmp_path / "roster.xlsx"
    r = cli("roster", "export", "--month", month, "--format", "xlsx", "--out", str(xlsx), db=demo_db, user="admin")
    assert r.code == 0, r.err
    from openpyxl import load_workbook

    rows = list(load_workbook(xlsx).active.iter_rows(values_only=True))
    assert rows[0] == ("from", "to", "clerks", "leader", "clerk_names", "leader_name")
    assert rows[1][2:] == ("zhangwei、liuna", "lixiang", "张伟、刘娜", "李响")
    r = cli("roster", "export", "--month", "2026-12", "--format", "csv", "--out", str(tmp_path / "x.csv"),
            db=demo_db, user="admin")
    assert r.code == 1 and one_line(r.err) == "2026-12 还没有排班" and not (tmp_path / "x.csv").exists()


def test_leave_and_back(cli, demo_db):
    today = TODAY.isoformat()
    r = cli("roster", "leave", "zhangwei", "--from", today, "--to", today, "--handover", "wangfang",
            db=demo_db, user="zhangwei")
    assert r.code == 1 and "无权登记请假或出差" in one_line(r.err)
    r = cli("roster", "leave", "zhangwei", "--from", today, "--to", today, "--kind", "trip", "--handover", "wangfang",
            db=demo_db, user="lixiang")
    assert r.code == 0, r.err
    assert one_line(r.err) == f"已登记 张伟 {today} 至 {today} 出差"
    day = next(d for d in show(cli, demo_db, today[:7]) if d["date"] == today)
    assert day["absent"][0]["kind"] == "trip" and day["acting"] == [{"post": "CK1", "a": "zhangwei", "b": "wangfang"}]
    r = cli("roster", "back", "zhangwei", db=demo_db, user="zhangwei")
    assert r.code == 0 and one_line(r.err) == "张伟 已销假（出差）"
    r = cli("roster", "back", "zhangwei", db=demo_db, user="zhangwei")
    assert r.code == 1 and one_line(r.err) == "zhangwei 今天没有在请假或出差，无需销假"


def test_bad_month_and_format(cli, demo_db, tmp_path):
    r = cli("roster", "show", "--month", "2026-13", db=demo_db, user="admin")
    assert r.code == 1 and one_line(r.err) == "月份“2026-13”无效，应为 YYYY-MM，如 2026-03"
    r = cli("roster", "export", "--month", "2026-11", "--format", "pdf", "--out", str(tmp_path / "x"),
            db=demo_db, user="admin")
    assert r.code == 2 and "csv 或 xlsx" in one_line(r.err) and r.out == ""  # a usage error (cli-contract)
