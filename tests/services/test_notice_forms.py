"""The one-time notice is decided by the services: which materials it lists, its 行政许可 wording, its
date and the returning visitor's checklist, the same for the notice screen, the registration screen
and `case print --form notice` (services.notices, services.forms.notice_form), on both backends.

NY-001 (农村宅基地和建房（规划许可）申请) is a 行政许可; MZ-001 (低保) is not. The fixed clock is
Monday 2026-03-16 09:30 +08:00.
"""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta, timezone

import pytest
from pypdf import PdfReader

from quancheng_tui.documents.forms import LICENSING_NOTE, NoticeData, ReceiptData, render_pdf
from quancheng_tui.errors import InputError, NotFound
from quancheng_tui.services import cases, forms, notices, setup, staff
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.case_views import RegistrationInput
from quancheng_tui.services.context import fixed_clock
from quancheng_tui.services.notices import Applicant

CST = timezone(timedelta(hours=8))
ID = "11010519491231002X"
LICENSING, NOT_LICENSING = "NY-001", "MZ-001"


@pytest.fixture
def office(office_db, clock):
    admin = staff.actor_for(office_db, "admin")
    setup.set_office_phones(office_db, admin, clock, phone="0797-6280000", complaint_phone="12345")
    catalog_svc.import_catalog(office_db, admin, clock, catalog_svc.SAMPLE_CATALOG)
    return office_db


def _text(data) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(data))).pages).replace(" ", "").replace("\n", "")


def _issue(db, clock, matter_code, brought, who="zhangwei", applicant=None):
    return notices.issue_notice(db, staff.actor_for(db, who), clock, matter_code, brought,
                                applicant or Applicant("张三", ID, "13800138000"))


@pytest.mark.parametrize(("matter_code", "licensing"), [(LICENSING, True), (NOT_LICENSING, False)])
def test_the_service_decides_the_materials_and_the_licensing_wording(office, clock, matter_code, licensing):
    matter = catalog_svc.get_matter(office, matter_code)
    brought = [matter.materials[0].code]
    view = _issue(office, clock, matter_code, brought)
    later = fixed_clock(datetime(2026, 3, 20, 10, tzinfo=CST))  # reprinted four days later

    data = forms.notice_form(office, staff.actor_for(office, "zhangwei"), later, view.number)

    assert isinstance(data, NoticeData) and data.number == view.number
    want = [m.name for m in matter.materials if m.required and m.code not in brought]
    assert [m.name for m in data.missing] == want and want  # every required one missing, in the guide's order
    optional = [m.name for m in matter.materials if not m.required]
    assert not set(optional) & {m.name for m in data.missing}  # an optional material is never demanded
    assert data.issued_on == date(2026, 3, 16)  # the day it was issued, not the day it is printed
    assert data.licensing is licensing
    assert data.window == matter.window and data.conditions == matter.conditions
    text = _text(data)
    assert all(name.replace(" ", "") in text for name in want)
    assert ("《中华人民共和国行政许可法》第三十二条" in text) is licensing
    assert (LICENSING_NOTE[:20] in text) is licensing
    assert "本中心咨询电话：0797-6280000" in text and "投诉/监督电话：12345" in text


def test_form_for_prints_a_visitors_notice_by_its_number_as_the_agent_may_see_it(office, clock):
    view = _issue(office, clock, NOT_LICENSING, [], who="sunli")  # a village agent's visitor, no case
    assert notices.is_notice_number(view.number) and not notices.is_notice_number("QS-20260316-0001")
    data = forms.form_for(office, staff.actor_for(office, "zhangwei"), clock, view.number, "notice")
    assert isinstance(data, NoticeData) and data.number == view.number
    assert data == forms.notice_form(office, staff.actor_for(office, "sunli"), clock, view.number)
    with pytest.raises(NotFound):  # another village's agent does not see it
        forms.form_for(office, staff.actor_for(office, "zhoujun"), clock, view.number, "notice")
    with pytest.raises(NotFound):
        forms.form_for(office, staff.actor_for(office, "zhangwei"), clock, "QS-GZ20260316-0099", "notice")


def test_registration_slip_is_the_same_notice_for_a_notice_case_and_a_receipt_otherwise(office, clock):
    clerk = staff.actor_for(office, "zhangwei")
    incomplete = cases.register_case(office, clerk, clock, RegistrationInput(
        matter_code="MZ-003", name="张三丰", id_number=ID, village="V01", received_on=date(2026, 3, 16),
        materials=["SQS"]))
    assert incomplete.notice_number
    key, data = forms.registration_slip(office, clerk, clock, incomplete)
    assert key == "notice" and data == forms.notice_form(office, clerk, clock, incomplete.notice_number)
    assert data == forms.form_for(office, clerk, clock, incomplete.number, "notice")  # case print: the same paper
    accepted = cases.register_case(office, clerk, clock, RegistrationInput(
        matter_code="MZ-003", name="李四", id_number=ID, village="V01", received_on=date(2026, 3, 16)))
    key, data = forms.registration_slip(office, clerk, clock, accepted)
    assert key == "receipt" and isinstance(data, ReceiptData) and data.case_number == accepted.number


def test_returning_visitor_checklist_and_the_one_time_rule(office, clock):
    matter = catalog_svc.get_matter(office, NOT_LICENSING)
    codes = [m.code for m in matter.materials]
    assert notices.checklist_start(matter, None) == notices.ChecklistStart()  # a first visit: nothing ticked
    assert not notices.needs_approval(None, codes[0])  # a first notice may ask for anything

    first = _issue(office, clock, NOT_LICENSING, ["SQS", "SFZ", "SQWT"])
    listed = {i.code for i in first.items}
    start = notices.checklist_start(matter, first)
    assert start.listed == listed and start.approved == frozenset()
    assert start.brought == set(codes) - listed  # only what it listed can still be missing
    assert not notices.needs_approval(first, sorted(listed)[0])
    assert notices.needs_approval(first, "SQS")  # not listed: only with a leader's approval
    assert not notices.needs_approval(first, "SQS", approved={"SQS"})

    leader = staff.actor_for(office, "lixiang")
    notices.approve_breach(office, staff.actor_for(office, "zhangwei"), clock, first.number, "SQS", "原件模糊",
                           approver=leader)
    again = notices.get_notice(office, first.number, actor=staff.actor_for(office, "zhangwei"))
    start = notices.checklist_start(matter, again)
    assert start.approved == {"SQS"} and "SQS" not in start.brought

    assert notices.same_visitor(first, ID.lower(), "") and notices.same_visitor(first, "", " 13800138000 ")
    assert not notices.same_visitor(first, "", "13900000000")
    assert notices.find_earlier(office, clock, NOT_LICENSING, ID.lower()).number == first.number
    assert notices.find_earlier(office, clock, NOT_LICENSING, "", "13800138000").number == first.number
    assert notices.find_earlier(office, clock, LICENSING, ID) is None
    assert notices.find_earlier(office, clock, NOT_LICENSING) is None
    with pytest.raises(InputError, match="校验位"):  # a mistyped ID number is said, not "no notice"
        notices.find_earlier(office, clock, NOT_LICENSING, "110105194912310021")
