"""`quancheng case act NUMBER ACTION` through the real command (cli-contract.md "Cases", issue 12 item 8).

Every run is on the fixed clock of tests/quancheng_at.py (2026-03-16) unless QUANCHENG_TEST_NOW says
another time; materials are received that day, so no date here depends on the day the suite runs.
Demo staff (services/setup.py DEMO_STAFF): zhangwei clerk, wangfang handler, lixiang duty leader,
zhaomin supervisor, sunli agent of V01, zhoujun agent of V02; password demo1234.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

import pytest
from quancheng_at import FIXED_NOW

ID = "11010519491231002X"


@pytest.fixture
def register(cli, demo_db):
    def run(matter: str = "MZ-001", village: str = "V01", user: str = "zhangwei") -> str:
        r = cli("case", "register", "--matter", matter, "--applicant", "张三丰", "--id-number", ID,
                "--village", village, "--received", "2026-03-16", db=demo_db, user=user)
        assert r.code == 0, r.err
        return r.out.strip()
    return run


@pytest.fixture
def act(cli, demo_db):
    def run(number: str, action: str, *args: str, user: str = "zhangwei", lang: str | None = None,
            stdin: str | None = None, env: dict | None = None):
        extra = ["--lang", lang] if lang else []
        return cli(*extra, "case", "act", number, action, *args, db=demo_db, user=user, stdin=stdin, env=env)
    return run


def show(cli, db, number: str, user: str = "zhangwei") -> dict:
    r = cli("case", "show", number, "--json", db=db, user=user)
    assert r.code == 0, r.err
    return json.loads(r.out)


def snapshot(db, number: str) -> tuple:
    """Everything an action may change: the case row, its events, the audit trail, the staff rows."""
    con = sqlite3.connect(db)
    try:
        case = con.execute("SELECT * FROM cases WHERE number = ?", (number,)).fetchall()
        events = con.execute("SELECT e.* FROM case_event e JOIN cases c ON c.id = e.case_id WHERE c.number = ?",
                             (number,)).fetchall()
        # The harness proves who runs each command with a token, and every token use is audited (issue 18):
        # that entry is the proof's, not the action's.
        audit = con.execute("SELECT id, hash FROM audit WHERE action <> 'token.use' ORDER BY id").fetchall()
        return case, events, audit
    finally:
        con.close()


def audit_actions(db, number: str) -> list[tuple[str, str]]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT action, actor FROM audit WHERE entity = 'case' AND entity_key = ? ORDER BY id",
                           (number,)).fetchall()
    finally:
        con.close()


def one_line(err: str) -> str:
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_full_lifecycle(cli, demo_db, register, act):
    number = register()
    assert show(cli, demo_db, number)["status"] == "accepted"

    r = act(number, "handover", "--to", "wangfang", "--note", "请审核")
    assert r.code == 0, r.err
    assert r.out.strip() == "in_progress"
    assert "已交办" in one_line(r.err) and number in r.err and "办理中" in r.err

    # the assigned handler records progress and completes; the owner replies and closes
    r = act(number, "progress", "--note", "已审核材料", user="wangfang")
    assert (r.code, r.out.strip()) == (0, "in_progress"), r.err
    r = act(number, "complete", "--result", "已批准", user="wangfang")
    assert (r.code, r.out.strip()) == (0, "completed"), r.err
    r = act(number, "reply", "--method", "fax")
    assert r.code == 1 and "in_person" in one_line(r.err)
    r = act(number, "reply", "--method", "phone", "--note", "已电话告知")
    assert (r.code, r.out.strip()) == (0, "replied"), r.err
    r = act(number, "sign-off")  # a hyphen is read as the underscore of the code
    assert (r.code, r.out.strip()) == (0, "closed"), r.err
    assert "已签字销号" in one_line(r.err)

    shown = show(cli, demo_db, number)
    assert shown["status"] == "closed" and datetime.fromisoformat(shown["closed_at"]) == FIXED_NOW
    events = [(e["type"], e["actor"]) for e in shown["events"]]
    assert events[-5:] == [("handover", "zhangwei"), ("progress", "wangfang"), ("complete", "wangfang"),
                           ("reply", "zhangwei"), ("sign_off", "zhangwei")]
    assert shown["events"][-5]["data"]["to"] == "wangfang"
    assert shown["events"][-3]["data"]["result"] == "已批准"
    assert shown["events"][-2]["data"]["method"] == "phone"

    assert audit_actions(demo_db, number)[-5:] == [
        ("case.handover", "zhangwei"), ("case.progress", "wangfang"), ("case.complete", "wangfang"),
        ("case.reply", "zhangwei"), ("case.sign_off", "zhangwei")]
    assert cli("audit", "verify", db=demo_db).code == 0


def test_json_output_is_the_case(cli, demo_db, register, act):
    number = register()
    r = act(number, "handover", "--to", "wangfang", "--json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data["number"] == number and data["status"] == "in_progress"
    assert data["action"]["code"] == "handover" and isinstance(data["action"]["event_id"], int)
    assert data["events"][-1]["type"] == "handover" and data["events"][-1]["data"]["to"] == "wangfang"
    expected = show(cli, demo_db, number)
    assert {k: v for k, v in data.items() if k != "action"} == expected


def test_extension_with_its_notice(cli, demo_db, register, act, tmp_path):
    # MZ-001: promised 20 working days, statutory 30.
    number = register()
    before = show(cli, demo_db, number)["due_on"]
    out = tmp_path / "notices"
    r = act(number, "extend", "--days", "5", "--reason", "需现场核实", "--basis", "《社会救助暂行办法》",
            "--notice-out", str(out))
    assert r.code == 0, r.err
    assert r.out.strip() == "accepted"
    due = show(cli, demo_db, number)["due_on"]
    d = cli("deadline", "2026-03-16", "25", "--json", db=demo_db)
    assert d.code == 0, d.err
    assert due == json.loads(d.out)["due"] and due > before
    lines = [x for x in r.err.splitlines() if x.strip()]
    assert len(lines) == 2 and "已延期" in lines[0] and due in lines[0] and "延长办理期限告知书" in lines[1]
    files = sorted(p.suffix for p in out.iterdir())
    assert files == [".pdf", ".txt"]
    text = next(out.glob("*.txt")).read_text(encoding="utf-8-sig")
    assert number in text and "需现场核实" in text

    # without --notice-out the command names how to print the notice later
    r = act(number, "extend", "--days", "1", "--reason", "补充核实", "--basis", "同上", "--json")
    assert r.code == 0, r.err
    event_id = json.loads(r.out)["action"]["event_id"]
    assert f"case extension-notice {number} --event {event_id}" in r.err
    notice = cli("case", "extension-notice", number, "--event", str(event_id), "--out", str(tmp_path / "later"),
                 db=demo_db, user="zhangwei")
    assert notice.code == 0, notice.err
    assert "补充核实" in next((tmp_path / "later").glob("*.txt")).read_text(encoding="utf-8-sig")


def test_extension_past_the_statutory_limit_needs_the_leader(cli, demo_db, register, act):
    number = register()
    before = snapshot(demo_db, number)
    r = act(number, "extend", "--days", "15", "--reason", "需鉴定", "--basis", "规定")
    assert r.code == 1
    assert "法定" in one_line(r.err)
    assert snapshot(demo_db, number) == before

    # a wrong password: refused, the case untouched
    r = act(number, "extend", "--days", "5", "--reason", "需鉴定", "--basis", "规定", "--approver", "lixiang",
            stdin="wrong\n")
    assert r.code == 1 and "密码" in one_line(r.err)
    assert snapshot(demo_db, number)[:2] == before[:2]

    # the password never comes from the command line: one line of standard input here
    r = act(number, "extend", "--days", "5", "--reason", "需鉴定", "--basis", "规定", "--approver", "lixiang",
            stdin="demo1234\n")
    assert r.code == 0, r.err
    assert show(cli, demo_db, number)["events"][-1]["data"]["approved_by"] == "lixiang"
    assert cli("case", "act", "--help").out.count("--approver-password") == 0


def test_extension_after_the_due_date_is_refused(cli, demo_db, register, act):
    number = register()
    before = snapshot(demo_db, number)
    r = act(number, "extend", "--days", "3", "--reason", "x", "--basis", "y",
            env={"QUANCHENG_TEST_NOW": "2026-06-01T10:00:00+08:00"})
    assert r.code == 1 and "不能再延期" in one_line(r.err)
    assert snapshot(demo_db, number) == before


@pytest.mark.parametrize("user, words", [
    ("zhoujun", "不存在"),  # an agent of another village never learns of the case
    ("zhaomin", "无权"),  # a supervisor only reads
    ("sunli", "全程办事人"),  # the village's own agent, but not the owner
    ("chenjie", "全程办事人"),  # a handler the case was never handed to
])
def test_refused_by_role_changes_nothing(cli, demo_db, register, act, user, words):
    number = register()
    before = snapshot(demo_db, number)
    r = act(number, "complete", "--result", "已批准", user=user)
    assert r.code == 1 and r.out == ""
    assert words in one_line(r.err)
    assert snapshot(demo_db, number) == before
    assert act(number, "complete", "--result", "已批准").code == 0  # the owner may: the refusal was the role's


def test_agent_acts_on_own_village_case(cli, demo_db, register, act):
    number = register(matter="MZ-008", village="V01", user="sunli")
    r = act(number, "complete", "--result", "已代办完成", user="sunli")
    assert (r.code, r.out.strip()) == (0, "completed"), r.err
    assert audit_actions(demo_db, number)[-1] == ("case.complete", "sunli")


def test_forbidden_transition_names_the_rule(cli, demo_db, register, act):
    number = register()
    before = snapshot(demo_db, number)
    r = act(number, "sign_off")
    assert r.code == 1
    assert one_line(r.err) == "案件状态为“已受理”，不能签字销号"
    assert snapshot(demo_db, number) == before
    r = act(number, "sign_off", lang="en")
    assert r.code == 1 and one_line(r.err) == 'The case is "Accepted": cannot Sign off and close'


def test_invalid_fields_name_the_field(cli, demo_db, register, act):
    number = register()
    before = snapshot(demo_db, number)
    r = act(number, "complete")
    assert r.code == 1 and "办理结果" in one_line(r.err)
    r = act(number, "handover", "--to", "nobody")
    assert r.code == 1 and "nobody" in one_line(r.err)
    r = act(number, "suspend", "--reason", "放假")
    assert r.code == 1 and "听证" in one_line(r.err)
    r = act(number, "extend", "--days", "0", "--reason", "x", "--basis", "y")
    assert r.code == 1 and "延长天数" in one_line(r.err)
    r = act("QS-20260316-9999", "progress", "--note", "x")
    assert r.code == 1 and "QS-20260316-9999" in one_line(r.err)
    assert snapshot(demo_db, number) == before


def test_usage_errors(cli, demo_db, register, act):
    number = register()
    before = snapshot(demo_db, number)
    r = act(number, "frobnicate")
    assert r.code == 2 and "frobnicate" in r.err and "handover" in r.err
    r = act(number, "handover", "--to", "wangfang", "--days", "3")  # an option the action does not take
    assert r.code == 2 and "--days" in r.err
    r = act(number, "extend", "--days", "many")
    assert r.code == 2
    assert snapshot(demo_db, number) == before


def test_help_lists_every_action_and_its_options(cli):
    from quancheng_tui.domain.lifecycle import Action

    r = cli("case", "act", "--help")
    assert r.code == 0, r.err
    for action in Action:
        assert action.value in r.out
    assert "--to --note" in r.out and "--days --reason --basis" in r.out


def test_english(cli, demo_db, register, act):
    number = register()
    r = act(number, "handover", "--to", "wangfang", lang="en")
    assert r.code == 0, r.err
    assert one_line(r.err).startswith(f"Done: Hand over on {number}; status: In progress; due on 2026-")
    r = act(number, "progress", "--note", "x", user="zhaomin", lang="en")
    assert r.code == 1 and "may not" in one_line(r.err)
    r = act(number, "handover", "--to", "wangfang", "--result", "x", lang="en")
    assert r.code == 2 and "does not take --result" in r.err
    r = act(number, "frobnicate", lang="en")
    assert r.code == 2 and "Unknown action" in r.err
