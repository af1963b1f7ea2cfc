import json
from datetime import timedelta

from quancheng_at import FIXED_NOW


def _next_workday():
    d = FIXED_NOW.date() + timedelta(days=1)
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def test_book_and_list_appointments(cli, demo_db):
    day = _next_workday().isoformat()
    r = cli("appointment", "book", "--matter", "MZ-001", "--name", "张三", "--phone", "13812345678",
            "--date", day, "--time", "09:30", "--json", db=demo_db, user="zhangwei")
    if r.code == 1 and "不是工作日" in r.err:  # tomorrow may be a statutory holiday
        return
    assert r.code == 0, r.err
    booked = json.loads(r.out)
    assert booked["notice_number"] and booked["name"] == "张三"
    r = cli("appointment", "list", "--date", day, "--format", "json", db=demo_db, user="zhangwei")
    rows = json.loads(r.out)
    assert [x["time"] for x in rows] == ["09:30"] and rows[0]["name"] == "张*"
    r = cli("appointment", "list", "--date", day, "--unmasked", db=demo_db, user="zhangwei")
    assert r.code == 1 and "无权" in r.err
    r = cli("appointment", "book", "--matter", "MZ-001", "--name", "张三", "--phone", "123",
            "--date", day, "--time", "09:30", db=demo_db, user="zhangwei")
    assert r.code == 1 and "电话" in r.err


def test_consultation_is_logged(cli, demo_db):
    r = cli("case", "consult", "--name", "王五", "--question", "低保怎么申请？", "--answer", "已一次性告知所需材料",
            "--matter", "MZ-001", db=demo_db, user="zhangwei")
    assert r.code == 0, r.err
    shown = json.loads(cli("case", "show", r.out.strip(), "--json", db=demo_db, user="zhangwei").out)
    assert shown["category"] == "consult" and shown["status"] == "closed"
