"""`quancheng case print NUMBER --form FORM --out FILE`: every form of a case from the forms service.

Runs the real command on the fixed clock (Monday 2026-03-16, tests/quancheng_at.py).
"""

from __future__ import annotations

import io
import stat
from datetime import datetime, timedelta, timezone

import pytest
from pypdf import PdfReader

OFFICE_PHONE, COMPLAINT_PHONE = "0797-6280000", "12345"


def _pdf_text(path) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages).replace(" ", "")


@pytest.fixture
def case(cli, demo_db):
    r = cli("init", "--phone", OFFICE_PHONE, "--complaint-phone", COMPLAINT_PHONE, db=demo_db, user="admin")
    assert r.code == 0, r.err
    r = cli("case", "register", "--matter", "MZ-003", "--applicant", "张三丰", "--id-number", "11010519491231002X",
            "--village", "V01", db=demo_db, user="zhangwei")
    assert r.code == 0, r.err
    return r.out.strip()


def _act(db_path, number, action, data, login="zhangwei"):
    """Acts through the same service the TUI and `case act` call (not this module's subject)."""
    from quancheng_tui.domain.lifecycle import Action
    from quancheng_tui.services import lifecycle, staff
    from quancheng_tui.services.context import fixed_clock
    from quancheng_tui.store.database import Database

    db = Database.open(str(db_path))
    try:
        when = fixed_clock(datetime(2026, 3, 20, 10, tzinfo=timezone(timedelta(hours=8))))
        return lifecycle.act(db, staff.actor_for(db, login), when, number, Action(action), data)
    finally:
        db.dispose()


def test_receipt_as_pdf_and_text_with_the_office_phones_mode_0600(cli, demo_db, case, tmp_path):
    pdf, txt = tmp_path / "r.pdf", tmp_path / "r.txt"
    r = cli("case", "print", case, "--form", "receipt", "--out", str(pdf), db=demo_db, user="zhangwei")
    assert r.code == 0, r.err
    assert r.out.strip() == str(pdf)
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    text = _pdf_text(pdf)
    assert "受理回执" in text and case in text and "张三丰" in text and "临时救助申请" in text
    assert f"本中心咨询电话：{OFFICE_PHONE}" in text and f"投诉/监督电话：{COMPLAINT_PHONE}" in text
    assert "本事项咨询电话：0797-6281001" in text  # the catalog's phone of MZ-003
    r = cli("case", "print", case, "--form", "receipt", "--out", str(txt), db=demo_db, user="zhangwei")
    assert r.code == 0, r.err
    assert stat.S_IMODE(txt.stat().st_mode) == 0o600
    body = txt.read_text(encoding="utf-8")
    assert "受理回执" in body and case in body and OFFICE_PHONE in body and COMPLAINT_PHONE in body


def test_log_into_a_directory_and_the_extension_after_one(cli, demo_db, case, tmp_path):
    r = cli("case", "print", case, "--form", "log", "--out", str(tmp_path), db=demo_db, user="zhangwei")
    assert r.code == 0, r.err
    log = tmp_path / f"协办日志-{case}.pdf"
    assert r.out.strip() == str(log) and stat.S_IMODE(log.stat().st_mode) == 0o600
    text = _pdf_text(log)
    assert "协办日志" in text and case in text and "服务对象（签字）" in text and COMPLAINT_PHONE in text

    _act(demo_db, case, "extend", {"days": 3, "reason": "需入户核查家庭财产状况", "basis": "《社会救助暂行办法》第十一条"})
    out = tmp_path / "ext.pdf"
    r = cli("case", "print", case, "--form", "extension", "--out", str(out), db=demo_db, user="zhangwei")
    assert r.code == 0, r.err
    text = _pdf_text(out)
    assert "延长办理期限告知书" in text and "需入户核查家庭财产状况" in text and OFFICE_PHONE in text


def test_rejected_after_acceptance_prints_the_refusal(cli, demo_db, case, tmp_path):
    _act(demo_db, case, "reject", {"reason": "家庭人均收入高于当地低保标准", "basis": "《社会救助暂行办法》第九条"})
    out = tmp_path / "refusal.pdf"
    r = cli("case", "print", case, "--form", "refusal", "--out", str(out), db=demo_db, user="zhangwei")
    assert r.code == 0, r.err
    text = _pdf_text(out)
    assert "否认报备反馈单" in text and "家庭人均收入高于当地低保标准" in text and COMPLAINT_PHONE in text


@pytest.mark.parametrize(("form", "needle"), [
    ("extension", "没有延期记录"), ("refusal", "未退回"), ("transfer", "未移办"), ("acceptance", "没有补正受理"),
    ("notice", "没有出具一次性告知书"), ("date-change", "办结日期没有变更"),
])
def test_a_form_that_does_not_apply_is_one_line_and_exit_1(cli, demo_db, case, tmp_path, form, needle):
    out = tmp_path / "x.pdf"
    r = cli("case", "print", case, "--form", form, "--out", str(out), db=demo_db, user="zhangwei")
    assert r.code == 1 and r.out == "" and "Traceback" not in r.err
    assert len(r.err.strip().splitlines()) == 1 and needle in r.err and case in r.err
    assert not out.exists()


def test_bad_form_bad_suffix_and_another_village(cli, demo_db, case, tmp_path):
    r = cli("case", "print", case, "--form", "poster", "--out", str(tmp_path / "x.pdf"), db=demo_db, user="zhangwei")
    assert r.code == 1 and "receipt" in r.err and len(r.err.strip().splitlines()) == 1
    r = cli("case", "print", case, "--form", "receipt", "--out", str(tmp_path / "x.doc"), db=demo_db, user="zhangwei")
    assert r.code == 1 and ".pdf" in r.err and not (tmp_path / "x.doc").exists()
    r = cli("case", "print", case, "--form", "receipt", "--out", str(tmp_path / "y.pdf"), db=demo_db, user="zhoujun")
    assert r.code == 1 and "不存在" in r.err and not (tmp_path / "y.pdf").exists()
    r = cli("case", "print", case, "--out", str(tmp_path / "z.pdf"), db=demo_db, user="zhangwei")
    assert r.code == 2  # --form is required: wrong usage
