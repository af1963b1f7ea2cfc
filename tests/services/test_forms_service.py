"""Every form of a case from the one forms service, read back from its PDF, on both backends.

Each form prints the office's enquiry (咨询) and complaint/supervision (投诉/监督) phones and the
matter's enquiry phone from the catalog (MZ-003: 0797-6281001), and its own key fields.
The office's phones are set the way an admin sets them (`setup.set_office_phones`).
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta, timezone

import pytest
from pypdf import PdfReader
from sqlmodel import select

from quancheng_tui.documents.forms import (
    AcceptanceData,
    CaseLogData,
    DateChangeData,
    ExtensionNoticeData,
    NoticeData,
    ReceiptData,
    RefusalData,
    ReminderData,
    TransferData,
    render_pdf,
)
from quancheng_tui.domain.catalog import is_licensing
from quancheng_tui.domain.lifecycle import Action
from quancheng_tui.errors import Conflict, InputError, NotFound, NotPermitted
from quancheng_tui.services import cases, forms, lifecycle, setup, staff
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.case_views import RegistrationInput
from quancheng_tui.services.context import fixed_clock
from quancheng_tui.store.case_tables import Case, CaseEvent

ID = "11010519491231002X"
CST = timezone(timedelta(hours=8))
OFFICE_PHONE, COMPLAINT_PHONE, MATTER_PHONE = "0797-6280000", "12345", "0797-6281001"


def at(day: int, month: int = 3):
    return fixed_clock(datetime(2026, month, day, 10, 0, tzinfo=CST))


@pytest.fixture
def office(db, clock):
    setup.initialize(db, clock, "青山镇便民服务中心", "QS", "admin", "管理员", "secret123", demo=True, catalog=[])
    admin = staff.actor_for(db, "admin")
    setup.set_office_phones(db, admin, clock, phone=OFFICE_PHONE, complaint_phone=COMPLAINT_PHONE)
    catalog_svc.import_catalog(db, admin, clock, catalog_svc.SAMPLE_CATALOG)
    return db


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace(" ", "")


def _register(db, matter="MZ-003", **over):
    data = dict(matter_code=matter, name="张三丰", id_number=ID, village="V01", received_on=date(2026, 3, 16))
    data.update(over)
    return cases.register_case(db, staff.actor_for(db, "zhangwei"), at(16), RegistrationInput(**data))


def _pdf(db, number, form, who="zhangwei", when=None, **kw):
    data = forms.form_for(db, staff.actor_for(db, who), when or at(20), number, form, **kw)
    return data, _text(render_pdf(data))


def _phones(text: str, matter: bool = True) -> None:
    assert f"本中心咨询电话：{OFFICE_PHONE}" in text
    assert f"投诉/监督电话：{COMPLAINT_PHONE}" in text
    if matter:
        assert f"本事项咨询电话：{MATTER_PHONE}" in text


def test_receipt_reminder_log_and_extension_of_a_promised_case(office):
    case = _register(office)
    assert forms.applicable(cases.get_case(office, staff.actor_for(office, "zhangwei"), case.number)) == (
        "receipt", "reminder", "log")
    data, text = _pdf(office, case.number, "receipt")
    assert isinstance(data, ReceiptData)
    assert case.number in text and "临时救助申请" in text and "张三丰" in text and "2026年3月30日" in text
    _phones(text)

    lifecycle.act(office, staff.actor_for(office, "zhangwei"), at(20), case.number, Action.EXTEND,
                  {"days": 3, "reason": "需入户核查家庭财产状况", "basis": "《社会救助暂行办法》第十一条"})
    data, text = _pdf(office, case.number, "extension", when=at(23))
    assert isinstance(data, ExtensionNoticeData) and data.number == f"YQ-{case.number}-1"
    assert "2026年3月30日" in text and "2026年4月2日" in text and "需入户核查家庭财产状况" in text
    _phones(text)

    data, text = _pdf(office, case.number, "reminder", who="lixiang", when=at(1, 4))  # due 4-02: due soon
    assert isinstance(data, ReminderData) and data.case_number == case.number and not data.overdue
    assert f"CB-{case.number}" in text and "2026年4月2日" in text and "张*" in text  # masked: it goes round the office
    _phones(text, matter=False)

    data, text = _pdf(office, case.number, "log", when=at(23))
    assert isinstance(data, CaseLogData) and [e.action for e in data.entries] == ["登记", "延期"]
    assert "协办日志" in text and "张三丰" in text and "张伟" in text and "2026-03-20" in text
    assert "延长3日" in text and "服务对象（签字）" in text
    _phones(text)


def test_notice_then_acceptance_after_the_correction(office):
    case = _register(office, materials=["SQS"])
    assert case.notice_number
    data, text = _pdf(office, case.number, "notice")
    assert isinstance(data, NoticeData) and data.number == case.notice_number
    assert "一次性告知书" in text and case.notice_number in text and "户口簿" in text
    _phones(text)
    with pytest.raises(Conflict, match="没有补正受理"):
        forms.form_for(office, staff.actor_for(office, "zhangwei"), at(17), case.number, "acceptance")

    lifecycle.act(office, staff.actor_for(office, "zhangwei"), at(18), case.number, Action.CORRECT,
                  {"materials": "all"})
    data, text = _pdf(office, case.number, "acceptance")
    assert isinstance(data, AcceptanceData) and data.issued_on == date(2026, 3, 18)
    assert "受理单" in text and case.notice_number in text and "补正齐全日期：2026年3月18日" in text
    assert data.due_on is not None and f"{data.due_on.year}年{data.due_on.month}月{data.due_on.day}日" in text
    _phones(text)


def test_refusal_of_a_case_rejected_after_acceptance(office):
    case = _register(office)
    lifecycle.act(office, staff.actor_for(office, "zhangwei"), at(19), case.number, Action.REJECT,
                  {"reason": "家庭人均收入高于当地低保标准", "basis": "《社会救助暂行办法》第九条"})
    data, text = _pdf(office, case.number, "refusal")
    assert isinstance(data, RefusalData) and data.issued_on == date(2026, 3, 19)
    assert "否认报备反馈单" in text and "家庭人均收入高于当地低保标准" in text and "《社会救助暂行办法》第九条" in text
    _phones(text)
    assert "receipt" in forms.applicable(cases.get_case(office, staff.actor_for(office, "zhangwei"), case.number))


def test_refusal_at_registration_still_printed(office):
    case = _register(office, kind="rejected", reason="不属于临时救助范围", basis="《社会救助暂行办法》第四十七条")
    data, text = _pdf(office, case.number, "refusal")
    assert "不属于临时救助范围" in text and "第四十七条" in text
    _phones(text)


def test_transfer_of_a_case_transferred_after_acceptance(office):
    case = _register(office)
    lifecycle.act(office, staff.actor_for(office, "zhangwei"), at(19), case.number, Action.TRANSFER,
                  {"reason": "申请人户籍不在本镇", "unit": "县民政局"})
    data, text = _pdf(office, case.number, "transfer")
    assert isinstance(data, TransferData) and (data.unit, data.issued_on) == ("县民政局", date(2026, 3, 19))
    assert "移办告知单" in text and "县民政局" in text and "申请人户籍不在本镇" in text
    _phones(text)


def test_date_change_notice_from_the_calendar_and_from_the_record(office):
    case = _register(office)
    view = cases.get_case(office, staff.actor_for(office, "zhangwei"), case.number)
    data = forms.date_change(view, date(2026, 3, 30), date(2026, 3, 31), "国务院办公厅公布了本年度节假日安排",
                             office=setup.office(office), issued_on=date(2026, 3, 20), old_provisional=True)
    text = _text(render_pdf(data))
    assert isinstance(data, DateChangeData) and data.number == f"BG-{case.number}-1"
    assert "办理时限变更告知书" in text and "2026年3月30日（预计）" in text and "2026年3月31日" in text
    assert "国务院办公厅公布了本年度节假日安排" in text
    _phones(text, matter=False)  # no matter given: the office's phones only
    with pytest.raises(InputError):
        forms.date_change(view, date(2026, 3, 30), date(2026, 3, 30), "x", office=None, issued_on=date(2026, 3, 20))

    with pytest.raises(Conflict, match="办结日期没有变更"):
        forms.form_for(office, staff.actor_for(office, "zhangwei"), at(20), case.number, "date-change")
    with office.write() as session:  # the record a re-dating leaves on the case (services.forms's contract)
        row = session.exec(select(Case).where(Case.number == case.number)).one()
        session.add(CaseEvent(case_id=row.id, at=at(20).now(), actor="admin", acting_for=None, type="redated",
                              data=json.dumps({"on": "2026-03-20", "old_due": "2026-03-30", "new_due": "2026-03-31",
                                               "reason": "导入正式节假日安排"})))
    data, text = _pdf(office, case.number, "change")
    assert (data.old_due_on, data.new_due_on, data.issued_on) == (date(2026, 3, 30), date(2026, 3, 31), date(2026, 3, 20))
    assert "导入正式节假日安排" in text
    _phones(text)
    with office.write() as session:  # as services.redating records it: a year's schedule imported, no reason
        row = session.exec(select(Case).where(Case.number == case.number)).one()
        session.add(CaseEvent(case_id=row.id, at=at(21).now(), actor="admin", acting_for=None, type="redated",
                              data=json.dumps({"on": "2026-03-21", "old_due": "2026-03-31", "new_due": "2026-04-01",
                                               "calendar_year": 2026})))
    data, text = _pdf(office, case.number, "date-change")
    assert data.number == f"BG-{case.number}-2" and data.old_provisional
    assert "2026年3月31日（预计）" in text and "2026年4月1日" in text and "2026年部分节假日安排" in text


def test_forms_that_do_not_apply_are_refused_and_visibility_is_the_cases(office):
    case = _register(office)
    clerk = staff.actor_for(office, "zhangwei")
    for form, words in (("extension", "没有延期记录"), ("refusal", "未退回"), ("transfer", "未移办"),
                        ("notice", "没有出具一次性告知书")):
        with pytest.raises(Conflict, match=words):
            forms.form_for(office, clerk, at(20), case.number, form)
    with pytest.raises(InputError, match="表单"):
        forms.form_for(office, clerk, at(20), case.number, "poster")
    with pytest.raises(NotFound):  # another village's agent does not see the case at all
        forms.form_for(office, staff.actor_for(office, "zhoujun"), at(20), case.number, "receipt")
    with pytest.raises(NotPermitted):  # a reminder: the owner's or oversight's
        forms.form_for(office, staff.actor_for(office, "wangfang"), at(20), case.number, "reminder")
    done = _register(office, matter="MZ-001")
    lifecycle.act(office, clerk, at(17), done.number, Action.COMPLETE, {"result": "已按规定办结"})
    with pytest.raises(Conflict, match="不在计时办理中"):
        forms.form_for(office, clerk, at(20), done.number, "reminder")
    data = forms.form_for(office, clerk, at(20), done.number, "log")
    assert data.result == "办结：已按规定办结"


def test_office_phones_are_admins_and_audited(office, clock):
    with pytest.raises(NotPermitted):
        setup.set_office_phones(office, staff.actor_for(office, "zhangwei"), clock, phone="1")
    view = setup.set_office_phones(office, staff.actor_for(office, "admin"), clock, complaint_phone="0797-12345")
    assert (view.phone, view.complaint_phone) == (OFFICE_PHONE, "0797-12345")
    assert (setup.office(office).phone, setup.office(office).complaint_phone) == (OFFICE_PHONE, "0797-12345")


def test_licensing_rule_lives_in_the_domain():
    class M:
        name, basis = "农村宅基地和建房（规划许可）申请", ""

    class N:
        name, basis = "临时救助申请", "《社会救助暂行办法》"

    assert is_licensing(M()) and not is_licensing(N())
