"""`quancheng case print NOTICE_NUMBER --form notice`: a visitor's one-time notice, without a case.

A visitor told at the counter what was missing has a notice (QS-GZ…) and no case; the command prints
that notice through the same forms service and writing path as every other form, read back with pypdf.
"""

from __future__ import annotations

import io
import stat
from datetime import datetime, timedelta, timezone

import pytest
from pypdf import PdfReader

LICENSING_WORDS = "《中华人民共和国行政许可法》第三十二条"


def _pdf_text(path) -> str:
    pages = PdfReader(io.BytesIO(path.read_bytes())).pages
    return "".join(p.extract_text() for p in pages).replace(" ", "").replace("\n", "")


def _issue(db_path, matter_code: str, brought: list[str], login: str = "zhangwei"):
    """Issued through the same service as the notice screen (not this module's subject)."""
    from quancheng_tui.services import notices, staff
    from quancheng_tui.services.context import fixed_clock
    from quancheng_tui.store.database import Database

    db = Database.open(str(db_path))
    try:
        when = fixed_clock(datetime(2026, 3, 16, 10, tzinfo=timezone(timedelta(hours=8))))
        return notices.issue_notice(db, staff.actor_for(db, login), when, matter_code, brought,
                                    notices.Applicant("赵小燕", "11010519491231002X", "13800138000"))
    finally:
        db.dispose()


@pytest.mark.parametrize(("matter", "licensing"), [("NY-001", True), ("MZ-001", False)])
def test_a_visitors_notice_prints_by_its_number(cli, demo_db, tmp_path, matter, licensing):
    notice = _issue(demo_db, matter, [])
    out = tmp_path / "n.pdf"
    r = cli("case", "print", notice.number, "--form", "notice", "--out", str(out), db=demo_db, user="zhangwei")
    assert r.code == 0, r.err
    assert r.out.strip() == str(out) and stat.S_IMODE(out.stat().st_mode) == 0o600
    text = _pdf_text(out)
    assert "一次性告知书" in text and notice.number in text and "赵小燕" in text
    assert all(item.name.replace(" ", "") in text for item in notice.items) and notice.items
    assert (LICENSING_WORDS in text) is licensing

    r = cli("case", "print", notice.number, "--form", "notice", "--out", str(tmp_path), db=demo_db, user="zhangwei")
    assert r.code == 0, r.err
    assert r.out.strip() == str(tmp_path / f"告知书-{notice.number}.pdf")


def test_a_notice_number_is_refused_for_other_forms_and_other_villages(cli, demo_db, tmp_path):
    notice = _issue(demo_db, "MZ-001", ["SQS"], login="sunli")  # a village agent's (V01) visitor
    out = tmp_path / "x.pdf"
    r = cli("case", "print", notice.number, "--form", "notice", "--out", str(out), db=demo_db, user="zhoujun")
    assert r.code == 1 and r.out == "" and len(r.err.strip().splitlines()) == 1 and "不存在" in r.err
    assert not out.exists()
    r = cli("case", "print", notice.number, "--form", "receipt", "--out", str(out), db=demo_db, user="zhangwei")
    assert r.code == 1 and "不存在" in r.err and not out.exists()  # a notice number is no case
    r = cli("case", "print", "QS-GZ20260316-9999", "--form", "notice", "--out", str(out), db=demo_db, user="zhangwei")
    assert r.code == 1 and "告知书" in r.err and "QS-GZ20260316-9999" in r.err and not out.exists()
    r = cli("case", "print", notice.number, "--form", "notice", "--out", str(out), db=demo_db, user="sunli")
    assert r.code == 0, r.err
    assert notice.number in _pdf_text(out)
