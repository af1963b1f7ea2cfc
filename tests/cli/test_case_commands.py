"""`quancheng case register | list | show | receipt` through the real command (cli-contract.md "Cases").

Materials are dated 2026-03-16 (--received) so due dates do not depend on the day the tests
run; the number carries the day of registration, the fixed clock's day (tests/quancheng_at.py).
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest
from quancheng_at import FIXED_NOW

NUMBER = re.compile(r"QS-\d{8}-\d{4}")
ID = "11010519491231002X"
TODAY = FIXED_NOW.strftime("%Y%m%d")  # the day tests/quancheng_at.py fixes the clock at


@pytest.fixture
def demo_db(empty_demo_db):
    """The demo office without its generated cases (these tests count and number from an empty book)."""
    return empty_demo_db


@pytest.fixture
def reg(cli, demo_db):
    def run(*args: str, user: str = "zhangwei", lang: str | None = None):
        extra = ["--lang", lang] if lang else []
        return cli(*extra, "case", "register", "--received", "2026-03-16", *args, db=demo_db, user=user)
    return run


def test_register_show_list(cli, demo_db, reg):
    r = reg("--matter", "MZ-001", "--applicant", "张三丰", "--id-number", ID, "--phone", "13812345678",
            "--village", "V01")
    assert r.code == 0, r.err
    number = r.out.strip()
    assert number == f"QS-{TODAY}-0001"

    r = cli("case", "show", number, "--json", db=demo_db, user="zhangwei")
    assert r.code == 0, r.err
    shown = json.loads(r.out)
    assert {"number", "matter", "category", "kind", "status", "received_on", "due_on", "owner",
            "missing_materials"} <= shown.keys()
    assert (shown["number"], shown["matter"], shown["category"], shown["kind"], shown["status"]) == (
        number, "MZ-001", "own", "report_up", "accepted")
    assert (shown["received_on"], shown["due_on"], shown["owner"]) == ("2026-03-16", "2026-04-14", "zhangwei")
    assert shown["missing_materials"] == [] and shown["events"][0]["type"] == "registered"

    r = cli("case", "show", number, db=demo_db, user="zhangwei")
    assert r.code == 0 and "2026-04-14" in r.out and "张伟" in r.out

    r = cli("case", "list", "--format", "json", db=demo_db, user="zhangwei")
    assert r.code == 0, r.err
    [row] = json.loads(r.out)
    assert (row["number"], row["applicant"], row["due_on"], row["village"]) == (number, "张*丰", "2026-04-14", "V01")

    r = cli("case", "list", db=demo_db, user="zhangwei")
    assert r.code == 0 and number in r.out and "张*丰" in r.out and "张三丰" not in r.out and "上报件" in r.out
    r = cli("case", "list", "--format", "csv", db=demo_db, user="zhangwei")
    rows = list(csv.DictReader(io.StringIO(r.out)))
    assert r.code == 0 and rows[0]["applicant"] == "张*丰" and "张三丰" not in r.out
    r = cli("case", "list", "--format", "ndjson", "--overdue", db=demo_db, user="zhangwei")
    assert r.code == 0 and r.out == ""  # due 2026-04-14, seen on 2026-03-16
    later = {"QUANCHENG_TEST_NOW": "2026-04-15T09:00:00+08:00"}
    r = cli("case", "list", "--format", "ndjson", "--overdue", db=demo_db, user="zhangwei", env=later)
    assert r.code == 0 and [json.loads(x)["number"] for x in r.out.splitlines()] == [number]
    r = cli("case", "list", "--status", "rejected", "--format", "json", db=demo_db, user="zhangwei")
    assert r.code == 0 and json.loads(r.out) == []


def test_register_json_and_notice_and_refusal_slip(cli, demo_db, reg, tmp_path):
    r = reg("--matter", "MZ-001", "--applicant", "李四", "--id-number", ID, "--materials", "SQS,sfz", "--json")
    assert r.code == 0, r.err
    case = json.loads(r.out)
    assert (case["kind"], case["status"], case["due_on"]) == ("notice", "pending_materials", None)
    assert case["missing_materials"] == ["HKB", "SQWT", "SRSM", "YHK"]
    assert case["notice_number"] == f"QS-GZ{TODAY}-0001" and "告知书" in r.err

    r = reg("--matter", "MZ-001", "--applicant", "李四", "--id-number", ID, "--kind", "rejected",
            "--reason", "家庭人均收入高于低保标准", "--basis", "《社会救助暂行办法》第九条")
    assert r.code == 0, r.err
    number = r.out.strip()
    assert number == f"QS-{TODAY}-0002"
    out = tmp_path / "refusal.txt"
    r = cli("case", "receipt", number, "--out", str(out), db=demo_db, user="zhangwei")
    assert r.code == 0, r.err
    slip = out.read_text(encoding="utf-8")
    assert "否认报备反馈单" in slip and "《社会救助暂行办法》第九条" in slip and number in slip

    r = reg("--matter", "MZ-008", "--applicant", "王五", "--id-number", ID, "--mode", "door")
    pdf = tmp_path / "receipt.pdf"
    r = cli("case", "receipt", r.out.strip(), "--out", str(pdf), db=demo_db, user="zhangwei")
    assert r.code == 0, r.err
    assert pdf.read_bytes().startswith(b"%PDF")


def test_org_with_wrong_credit_code_warns_but_saves(reg):
    r = reg("--matter", "NY-002", "--applicant", "陈七", "--org", "东湖农业专业合作社",
            "--credit-code", "91350100M000100Y4Z", "--json")
    assert r.code == 0, r.err
    case = json.loads(r.out)
    assert case["warnings"] and "统一社会信用代码校验位不符" in r.err
    assert case["applicant"]["org_name"] == "东湖农业专业合作社" and case["applicant"]["contact"] == "陈七"


@pytest.mark.parametrize("args, field", [
    (["--matter", "MZ-001", "--applicant", "张三", "--id-number", "110105194912310021"], "身份证号"),
    (["--matter", "MZ-001", "--applicant", "张三", "--id-number", "110105194902301234"], "出生日期"),
    (["--matter", "MZ-001", "--applicant", "张\x1b[31m三", "--id-number", ID], "申请人姓名"),
    (["--matter", "MZ-001", "--applicant", "", "--id-number", ID], "申请人姓名"),
    (["--matter", "XX-999", "--applicant", "张三", "--id-number", ID], "XX-999"),
    (["--matter", "MZ-001", "--applicant", "张三", "--id-number", ID, "--materials", "NOPE"], "NOPE"),
    (["--matter", "MZ-001", "--applicant", "张三", "--id-number", ID, "--kind", "rejected", "--reason", "x"], "法律依据"),
    (["--matter", "MZ-008", "--applicant", "张三", "--id-number", ID, "--kind", "promised"], "理由"),
    (["--matter", "MZ-001", "--applicant", "张三", "--id-number", ID, "--received", "2026-02-30"], "收件日期"),
    (["--matter", "MZ-001", "--applicant", "张三", "--id-number", ID, "--mode", "\x1b]0;x\x07"], "办理方式"),
])
def test_bad_input_is_one_line_naming_the_field_and_writes_nothing(cli, demo_db, reg, args, field):
    r = reg(*args)
    assert r.code == 1, r.out
    assert r.out == "" and len(r.err.strip().splitlines()) == 1 and field in r.err
    assert "\x1b" not in r.err and "\x07" not in r.err and "Traceback" not in r.err
    listed = cli("case", "list", "--format", "json", db=demo_db, user="zhangwei")
    assert listed.code == 0 and json.loads(listed.out) == []


def test_english_errors_name_the_field(reg):
    r = reg("--matter", "MZ-001", "--applicant", "张三", "--id-number", "110105194912310021", lang="en")
    assert r.code == 1 and "ID number" in r.err


def test_permissions_and_exit_codes(cli, demo_db, reg):
    assert reg("--matter", "MZ-008", "--applicant", "张三", "--id-number", ID, user="zhaomin").code == 1
    r = reg("--matter", "MZ-008", "--applicant", "张三", "--id-number", ID, "--village", "V02", user="sunli")
    assert r.code == 1 and "V01" in r.err
    r = reg("--matter", "MZ-008", "--applicant", "张三", "--id-number", ID, user="sunli")
    assert r.code == 0, r.err
    number = r.out.strip()
    shown = cli("case", "show", number, "--json", db=demo_db, user="sunli")
    assert shown.code == 0 and json.loads(shown.out)["village"] == "V01"
    hidden = cli("case", "show", number, db=demo_db, user="zhoujun")
    unknown = cli("case", "show", "QS-20260316-9999", db=demo_db, user="zhoujun")
    assert hidden.code == unknown.code == 1 and "不存在" in hidden.err
    listed = cli("case", "list", "--format", "json", db=demo_db, user="zhoujun")
    assert listed.code == 0 and json.loads(listed.out) == []
    assert cli("case", "register", "--applicant", "张三", db=demo_db, user="zhangwei").code == 2
    assert cli("case", "list", "--format", "xml", db=demo_db, user="zhangwei").code == 2  # usage (cli-contract)


def _pdf_text(path) -> str:
    pypdf = pytest.importorskip("pypdf")
    return re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in pypdf.PdfReader(str(path)).pages))


def test_remind_lists_and_writes_one_sheet_per_owner(cli, demo_db, reg, tmp_path):
    # NY-003 has a 3-working-day promise: received 2026-03-16, due 03-19, overdue when reminded on 03-25.
    r = reg("--matter", "NY-003", "--applicant", "赵六", "--id-number", ID)
    assert r.code == 0, r.err
    number = r.out.strip()
    r = reg("--matter", "NY-003", "--applicant", "钱七", "--id-number", ID, user="liuna")
    assert r.code == 0, r.err
    other = r.out.strip()
    later, day = {"QUANCHENG_TEST_NOW": "2026-03-25T09:00:00+08:00"}, "20260325"
    r = cli("case", "remind", "--format", "json", "--out", str(tmp_path / "slips"), db=demo_db, user="zhangwei")
    assert r.code == 0 and json.loads(r.out) == []  # on the day of receipt nothing is due yet
    r = cli("case", "remind", "--format", "json", "--out", str(tmp_path / "slips"), db=demo_db, user="zhangwei",
            env=later)
    assert r.code == 0, r.err
    rows = json.loads(r.out)
    assert [x["number"] for x in rows] == [number] and rows[0]["light"] == "red"
    assert sorted(p.name for p in (tmp_path / "slips").iterdir()) == [
        f"催办单-zhangwei-{day}.pdf", f"催办单-zhangwei-{day}.txt"]

    # The duty leader prints everyone's: one sheet per owner, each with only that owner's cases.
    r = cli("case", "remind", "--out", str(tmp_path / "all"), db=demo_db, user="lixiang", env=later)
    assert r.code == 0, r.err
    assert "已生成 2 份催办单" in r.err
    zhang = _pdf_text(tmp_path / "all" / f"催办单-zhangwei-{day}.pdf")
    liu = _pdf_text(tmp_path / "all" / f"催办单-liuna-{day}.pdf")
    assert number in zhang and other not in zhang and "张伟（zhangwei）" in zhang and "赵*" in zhang
    assert other in liu and number not in liu and "刘娜（liuna）" in liu and "超期" in liu
    assert "赵六" not in zhang  # the sheet goes round the office: names masked
    text = (tmp_path / "all" / f"催办单-liuna-{day}.txt").read_text(encoding="utf-8-sig")
    assert other in text and "1 件：超期 1 件" in text

    r = cli("case", "remind", "--per", "case", "--out", str(tmp_path / "each"), db=demo_db, user="lixiang", env=later)
    assert r.code == 0, r.err
    assert sorted(p.name for p in (tmp_path / "each").iterdir() if p.suffix == ".pdf") == sorted(
        [f"催办单-{number}.pdf", f"催办单-{other}.pdf"])


def test_remind_refuses_an_unknown_scope_and_writes_nothing(cli, demo_db, tmp_path):
    r = cli("case", "remind", "--per", "village", "--out", str(tmp_path / "x"), db=demo_db, user="lixiang")
    assert r.code == 1 and r.out == "" and len(r.err.strip().splitlines()) == 1
    assert "village" in r.err and "owner" in r.err and not (tmp_path / "x").exists()
    r = cli("--lang", "en", "case", "remind", "--per", "x", db=demo_db, user="lixiang")
    assert r.code == 1 and "reminder slip scope" in r.err


def _extend(db_path, number, days, login="zhangwei"):
    """There is no CLI for case actions: the test acts through the same service the TUI calls."""
    from datetime import datetime, timedelta, timezone

    from quancheng_tui.domain.lifecycle import Action
    from quancheng_tui.services import lifecycle, staff
    from quancheng_tui.services.context import fixed_clock
    from quancheng_tui.store.database import Database

    db = Database.open(str(db_path))
    try:
        when = fixed_clock(datetime(2026, 3, 20, 10, tzinfo=timezone(timedelta(hours=8))))
        return lifecycle.act(db, staff.actor_for(db, login), when, number, Action.EXTEND,
                             {"days": days, "reason": "需入户核查家庭财产状况", "basis": "《社会救助暂行办法》第十一条"})
    finally:
        db.dispose()


def test_extension_notice_writes_pdf_and_text(cli, demo_db, reg, tmp_path):
    # MZ-003: 10 working days from 2026-03-16, due 2026-03-30; 3 more days: 2026-04-02.
    r = reg("--matter", "MZ-003", "--applicant", "张三丰", "--id-number", ID, "--village", "V01")
    assert r.code == 0, r.err
    number = r.out.strip()
    r = cli("case", "extension-notice", number, "--out", str(tmp_path / "docs"), db=demo_db, user="zhangwei")
    assert r.code == 1 and r.out == "" and len(r.err.strip().splitlines()) == 1 and "没有延期记录" in r.err
    assert not (tmp_path / "docs").exists()

    assert _extend(demo_db, number, 3).due_on == date(2026, 4, 2)
    r = cli("case", "extension-notice", number, "--out", str(tmp_path / "docs"), db=demo_db, user="zhangwei")
    assert r.code == 0, r.err
    pdf, txt = (tmp_path / "docs" / f"延期告知书-YQ-{number}-1.pdf"), (tmp_path / "docs" / f"延期告知书-YQ-{number}-1.txt")
    assert r.out.splitlines() == [str(pdf), str(txt)]
    flat = _pdf_text(pdf)
    for needle in ("延长办理期限告知书", f"YQ-{number}-1", "张三丰", "临时救助申请", "2026年3月16日",
                   "原承诺办结日期：2026年3月30日", "延长期限：3个工作日", "延长后办结日期：2026年4月2日",
                   "需入户核查家庭财产状况", "《社会救助暂行办法》第十一条", "经办人：张伟", "申请人（签收）"):
        assert needle in flat, needle
    text = txt.read_text(encoding="utf-8-sig")
    assert "延长办理期限告知书" in text and "2026年4月2日" in text and "张三丰" in text

    # The village's own agent may print it; another village's agent is told it does not exist.
    r = cli("case", "extension-notice", number, "--out", str(tmp_path / "agent"), db=demo_db, user="sunli")
    assert r.code == 0, r.err
    r = cli("case", "extension-notice", number, "--out", str(tmp_path / "other"), db=demo_db, user="zhoujun")
    assert r.code == 1 and "不存在" in r.err and not (tmp_path / "other").exists()


@pytest.mark.parametrize("args, needle", [
    (["QS-20260316-9999"], "不存在"),
    (["QS-20260316-9999", "--event", "0"], "--event"),
])
def test_extension_notice_bad_number_is_one_line(cli, demo_db, tmp_path, args, needle):
    r = cli("case", "extension-notice", *args, "--out", str(tmp_path / "docs"), db=demo_db, user="zhangwei")
    assert r.code in (1, 2) and r.out == "" and needle in r.err and "Traceback" not in r.err
    if r.code == 1:
        assert len(r.err.strip().splitlines()) == 1
    assert not (tmp_path / "docs").exists()


def test_list_csv_never_carries_a_formula(cli, demo_db, reg):
    """`case list --format csv` passes the one CSV sanitiser, as `export` does (an applicant named like a formula)."""
    r = reg("--matter", "MZ-008", "--applicant", "=1+2", "--id-number", ID)
    assert r.code == 0, r.err
    r = cli("case", "list", "--format", "csv", db=demo_db, user="zhangwei")
    [row] = list(csv.DictReader(io.StringIO(r.out)))
    assert row["applicant"].startswith("'=") and row["provisional"] == "false"
