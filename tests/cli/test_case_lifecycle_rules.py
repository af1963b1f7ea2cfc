"""The seeds' time rules through the real command (issue 12 items 3–6): `case register --complete`,
instant cases never extended, a correction completing a 提示件 and its receipt, the applicant's delay.

The clock is the fixed one of tests/quancheng_at.py (Monday 2026-03-16) unless QUANCHENG_TEST_NOW says otherwise.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

ID = "11010519491231002X"


@pytest.fixture
def demo_db(empty_demo_db):
    """The demo office without its generated cases."""
    return empty_demo_db


def _rows(db, sql: str, *args) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def _show(cli, db, number: str, **kw) -> dict:
    r = cli("case", "show", number, "--json", db=db, user="zhangwei", **kw)
    assert r.code == 0, r.err
    return json.loads(r.out)


def _one_line(err: str) -> str:
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_register_and_complete_an_instant_case(cli, demo_db):
    r = cli("case", "register", "--matter", "MZ-008", "--applicant", "王五", "--id-number", ID,
            "--complete", "当场核发老年人优待证", db=demo_db, user="zhangwei")
    assert r.code == 0, r.err
    number = r.out.strip()
    assert "当场办结" in r.err
    case = _show(cli, demo_db, number)
    assert (case["kind"], case["status"], case["on_time"]) == ("instant", "completed", True)
    assert [(e["type"], e["data"].get("result")) for e in case["events"]] == [
        ("registered", None), ("complete", "当场核发老年人优待证")]
    audit = _rows(demo_db, "SELECT action, actor FROM audit WHERE entity_key = ? ORDER BY id", number)
    assert audit == [("case.register", "zhangwei"), ("case.complete", "zhangwei")]


@pytest.mark.parametrize("args, words", [
    (("--matter", "MZ-001", "--complete", "已办结"), "只有材料齐全的即办件"),  # a 上报件
    (("--matter", "MZ-008", "--materials", "none", "--complete", "已办结"), "只有材料齐全的即办件"),
    (("--matter", "MZ-008", "--complete", "  "), "办理结果"),
])
def test_register_and_complete_refused_changes_nothing(cli, demo_db, args, words):
    before = _rows(demo_db, "SELECT count(*) FROM cases")
    r = cli("case", "register", "--applicant", "王五", "--id-number", ID, *args, db=demo_db, user="zhangwei")
    assert r.code != 0
    assert words in _one_line(r.err)
    assert _rows(demo_db, "SELECT count(*) FROM cases") == before


def test_an_instant_case_is_not_extended_but_reclassified(cli, demo_db):
    number = cli("case", "register", "--matter", "MZ-008", "--applicant", "王五", "--id-number", ID,
                 db=demo_db, user="zhangwei").out.strip()
    before = _rows(demo_db, "SELECT * FROM case_event")
    r = cli("case", "act", number, "extend", "--days", "2", "--reason", "需核实", "--basis", "办事指南",
            db=demo_db, user="lixiang")
    assert r.code == 1
    assert "即办件当场办结，不能延期（003 第24条）" in _one_line(r.err)
    assert _rows(demo_db, "SELECT * FROM case_event") == before
    r = cli("case", "act", number, "reclassify", "--reason", "需现场核实，不能当场办结", db=demo_db, user="zhangwei")
    assert r.code == 0, r.err
    case = _show(cli, demo_db, number)
    assert (case["kind"], case["limit_days"], case["due_on"]) == ("promised", 3, "2026-03-19")


def test_a_correction_completes_a_notice_case_which_then_gets_its_receipt(cli, demo_db, tmp_path):
    r = cli("case", "register", "--matter", "MZ-001", "--applicant", "张三", "--id-number", ID,
            "--materials", "SQS,SFZ", db=demo_db, user="zhangwei")
    assert r.code == 0, r.err
    number = r.out.strip()
    out = tmp_path / "receipt.txt"
    r = cli("case", "receipt", number, "--out", str(out), db=demo_db, user="zhangwei")
    assert r.code != 0  # a 提示件 waiting for its materials has no receipt
    tuesday = {"QUANCHENG_TEST_NOW": "2026-03-17T10:00:00+08:00"}
    r = cli("case", "act", number, "correct", "--materials", "HKB,SQWT", db=demo_db, user="zhangwei", env=tuesday)
    assert r.code == 0, r.err
    case = _show(cli, demo_db, number, env=tuesday)
    assert (case["status"], case["missing_materials"]) == ("pending_materials", ["SRSM", "YHK"])
    thursday = {"QUANCHENG_TEST_NOW": "2026-03-19T10:00:00+08:00"}
    r = cli("case", "act", number, "correct", "--materials", "SRSM,YHK", db=demo_db, user="zhangwei", env=thursday)
    assert r.code == 0, r.err
    case = _show(cli, demo_db, number, env=thursday)
    # 20 working days counted from Friday 2026-03-20, the day after the correction (Qingming: 2026-04-06)
    assert (case["status"], case["kind"], case["missing_materials"]) == ("accepted", "report_up", [])
    assert case["due_on"] == "2026-04-17"
    r = cli("case", "receipt", number, "--out", str(out), db=demo_db, user="zhangwei", env=thursday)
    assert r.code == 0, r.err
    slip = out.read_text(encoding="utf-8")
    assert "受理回执" in slip and number in slip and "2026年4月17日" in slip


def test_an_ending_caused_by_the_applicant_is_on_time(cli, demo_db):
    number = cli("case", "register", "--matter", "MZ-001", "--applicant", "张三", "--id-number", ID,
                 db=demo_db, user="zhangwei").out.strip()
    late = {"QUANCHENG_TEST_NOW": "2026-05-20T10:00:00+08:00"}  # long after the due date
    r = cli("case", "act", number, "withdraw", "--reason", "申请人撤回", "--cause", "applicant",
            db=demo_db, user="zhangwei", env=late)
    assert r.code == 0, r.err
    case = _show(cli, demo_db, number, env=late)
    assert case["events"][-1]["data"]["cause"] == "applicant" and case["on_time"] is True
    r = cli("case", "show", number, db=demo_db, user="zhangwei", env=late)
    assert "时效：按时" in r.out
    # the office's own delay is not
    other = cli("case", "register", "--matter", "MZ-001", "--applicant", "李四", "--id-number", ID,
                db=demo_db, user="zhangwei").out.strip()
    r = cli("case", "act", other, "reject", "--reason", "不符合条件", "--basis", "第九条", db=demo_db,
            user="zhangwei", env=late)
    assert r.code == 0, r.err
    assert "时效：超时" in cli("case", "show", other, db=demo_db, user="zhangwei", env=late).out
    assert "Timeliness: late" in cli("--lang", "en", "case", "show", other, db=demo_db, user="zhangwei", env=late).out
