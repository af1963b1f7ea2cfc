"""`quancheng case register | list | show | receipt` through the real command (cli-contract.md "Cases").

Materials are dated 2026-03-16 (--received) so due dates do not depend on the day the tests
run; the number carries the day of registration, i.e. the real today.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date

import pytest

NUMBER = re.compile(r"QS-\d{8}-\d{4}")
ID = "11010519491231002X"
TODAY = date.today().strftime("%Y%m%d")


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("case-demo") / "demo.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUANCHENG_")}
    env.update(QUANCHENG_CONFIG=os.devnull, QUANCHENG_DB=str(path))
    # The demo office without its generated cases: these tests count and number from an empty book.
    r = subprocess.run([sys.executable, "-m", "quancheng_tui", "init", "--demo", "--demo-cases", "0"], env=env,
                       capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert not path.with_name("demo.db-wal").exists() or path.with_name("demo.db-wal").stat().st_size == 0
    return path


@pytest.fixture
def demo_db(demo_template, tmp_path):
    """The demo office, initialised once for this module and copied for each test."""
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    return path


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
    assert cli("case", "list", "--format", "xml", db=demo_db, user="zhangwei").code == 1


def test_remind_lists_and_writes_slips(cli, demo_db, reg, tmp_path):
    # NY-003 has a 3-working-day promise: received long ago, it is overdue today.
    r = reg("--matter", "NY-003", "--applicant", "赵六", "--id-number", ID)
    assert r.code == 0, r.err
    number = r.out.strip()
    r = cli("case", "remind", "--format", "json", "--out", str(tmp_path / "slips"), db=demo_db, user="zhangwei")
    assert r.code == 0, r.err
    rows = json.loads(r.out)
    assert [x["number"] for x in rows] == [number] and rows[0]["light"] == "red"
    assert (tmp_path / "slips" / f"催办单-{number}.pdf").exists()
