"""Counter registration (issue 5): every category and kind, numbering, bad input, permissions.

Runs on SQLite and, with QUANCHENG_TEST_PG_URL, on PostgreSQL (tests/services/conftest.py).
The clock is fixed at Monday 2026-03-16 09:30 (+08:00).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from sqlmodel import func, select

from quancheng_tui.documents.forms import render_text
from quancheng_tui.domain.validators import CREDIT_CHECK_WARNING
from quancheng_tui.errors import InputError, NotFound, NotPermitted
from quancheng_tui.services import audit, forms, notices, setup, staff
from quancheng_tui.services import cases as svc
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.cases import RegistrationInput
from quancheng_tui.services.context import SYSTEM
from quancheng_tui.store.case_tables import Case, CaseCounter, CaseEvent, CaseMaterial, Notice, NoticeItem
from quancheng_tui.store.tables import AuditEntry

ID = "11010519491231002X"
ID2 = "440524188001010014"
TODAY = date(2026, 3, 16)


@pytest.fixture
def cat_db(office_db, clock):
    catalog_svc.import_catalog(office_db, staff.actor_for(office_db, "admin"), clock, catalog_svc.SAMPLE_CATALOG)
    return office_db


@pytest.fixture
def clerk(cat_db):
    return staff.actor_for(cat_db, "zhangwei")


def person(matter: str, **kw) -> RegistrationInput:
    base = {"name": "张三丰", "id_number": ID, "phone": "13812345678"}
    base.update(kw)
    return RegistrationInput(matter, **base)


def counts(db) -> tuple[int, int, int, int, int]:
    with db.read() as s:
        return tuple(s.exec(select(func.count()).select_from(t)).one()
                     for t in (Case, CaseEvent, CaseMaterial, Notice, AuditEntry))


def counter(db, series="case") -> int:
    with db.read() as s:
        row = s.get(CaseCounter, ("QS", TODAY, series))
        return row.last if row else 0


# --- every category and kind -----------------------------------------------------------------


def test_instant_case_is_due_the_same_day_with_receipt_timeline_and_masked_audit(cat_db, clerk, clock):
    v = svc.register_case(cat_db, clerk, clock, person("MZ-008", address="青山镇东湖村3组12号"))
    assert v.number == "QS-20260316-0001"
    assert (v.category, v.kind, v.status) == ("own", "instant", "accepted")
    assert v.received_on == TODAY and v.due_on == TODAY and v.limit_days == 0
    assert v.owner == v.registered_by == "zhangwei" and v.owner_name == "张伟"
    assert v.mode == "counter" and v.missing_materials == () and v.warnings == ()
    assert [(m.code, m.received) for m in v.materials] == [("SFZ", True), ("ZP", True)]
    [event] = v.events
    assert event.type == "registered" and event.actor == "zhangwei"
    assert event.data["proposal"] == {"category": "own", "kind": "instant", "status": "accepted", "limit_days": 0}
    assert event.data["overrides"] == {}
    j = v.as_json()
    for key in ("number", "matter", "category", "kind", "status", "received_on", "due_on", "owner",
                "missing_materials"):
        assert key in j
    assert j["matter"] == "MZ-008" and j["due_on"] == "2026-03-16"
    assert v.as_json(mask=True)["applicant"]["id_number"] == "110105********002X"

    with cat_db.read() as s:
        entry = s.exec(select(AuditEntry).where(AuditEntry.action == "case.register")).one()
    assert entry.entity_key == v.number
    assert "张三丰" not in entry.after and ID not in entry.after and "13812345678" not in entry.after
    after = json.loads(entry.after)
    assert after["applicant"]["name"] == "张*丰" and after["applicant"]["phone"] == "138****5678"
    assert after["applicant"]["address"].endswith("***") and "12" not in after["applicant"]["address"]
    assert audit.verify(cat_db).ok

    slip = forms.receipt(v, setup.office(cat_db))
    assert slip.due_on is None and slip.case_number == v.number and slip.owner == "张伟"
    assert [m.name for m in slip.materials] == [m.name for m in v.materials]
    assert "当场办结" in render_text(slip)


def test_promised_case_gets_its_due_date_from_the_deadline_engine(cat_db, clerk, clock):
    v = svc.register_case(cat_db, clerk, clock, person("MZ-003"))  # 承诺件, 10 working days
    assert (v.category, v.kind, v.status, v.limit_days) == ("own", "promised", "accepted", 10)
    assert v.due_on == date(2026, 3, 30)
    slip = forms.receipt(v, setup.office(cat_db))
    assert slip.due_on == date(2026, 3, 30) and slip.limit == "10 个工作日"


def test_report_up_case_counts_working_days_over_the_qingming_holiday(cat_db, clerk, clock):
    v = svc.register_case(cat_db, clerk, clock, person("MZ-001"))  # 上报件, 20 working days
    assert (v.kind, v.status, v.limit_days, v.statutory_days) == ("report_up", "accepted", 20, 30)
    assert v.due_on == date(2026, 4, 14)  # 4/4–4/6 are holidays


def test_received_earlier_counts_from_receipt_but_number_is_registration_day(cat_db, clerk, clock):
    v = svc.register_case(cat_db, clerk, clock, person("MZ-003", received_on=date(2026, 3, 13)))
    assert v.number == "QS-20260316-0001"
    assert v.received_on == date(2026, 3, 13) and v.due_on == date(2026, 3, 27)
    with pytest.raises(InputError, match="收件日期不能晚于今天"):
        svc.register_case(cat_db, clerk, clock, person("MZ-003", received_on=date(2026, 3, 17)))


def test_notice_case_stores_a_one_time_notice_listing_every_missing_material(cat_db, clerk, clock):
    matter = catalog_svc.get_matter(cat_db, "MZ-001")
    v = svc.register_case(cat_db, clerk, clock, person("MZ-001", materials=["SQS", "jbzm"]))
    expected = [m.code for m in matter.materials if m.required and m.code != "SQS"]
    assert (v.category, v.kind, v.status) == ("own", "notice", "pending_materials")
    assert v.due_on is None and v.limit_days == 20
    assert list(v.missing_materials) == expected
    assert v.notice_number == "QS-GZ20260316-0001" and v.number == "QS-20260316-0001"
    assert {m.code for m in v.materials if m.received} == {"SQS", "JBZM"}  # codes match ignoring case
    notice = notices.get_notice(cat_db, v.notice_number, actor=SYSTEM)
    assert [i.code for i in notice.items] == expected
    assert (notice.applicant_name, notice.id_number, notice.phone) == ("张三丰", ID, "13812345678")
    assert not notice.late
    with cat_db.read() as s:
        row = s.exec(select(Case).where(Case.number == v.number)).one()
        stored = s.exec(select(Notice).where(Notice.id == row.notice_id)).one()
        assert stored.number == v.notice_number
        assert s.exec(select(func.count()).select_from(NoticeItem).where(NoticeItem.notice_id == stored.id)).one() \
            == len(expected)
    assert notices.latest_for_visitor(cat_db, "MZ-001", id_number=ID).number == v.notice_number
    with pytest.raises(Exception):
        forms.receipt(v, setup.office(cat_db))


def test_notice_kind_needs_missing_materials(cat_db, clerk, clock):
    with pytest.raises(InputError, match="无需出具"):
        svc.register_case(cat_db, clerk, clock, person("MZ-001", kind="notice", reason="要求补正"))


def test_transfer_case_is_closed_at_once_with_where_to_go(cat_db, clerk, clock):
    v = svc.register_case(cat_db, clerk, clock, RegistrationInput("HJ-001", name="李四", materials="all",
                                                                  transfer_contact="户籍民警王警官"))
    assert (v.category, v.kind, v.status) == ("transfer", None, "transferred")
    assert v.closed_at is not None and v.due_on is None and v.id_number == ""
    assert v.units == ("青山镇派出所户籍室",) and v.unit_phone == "0797-6281110"
    assert not any(m.received for m in v.materials) and v.missing_materials == ()
    slip = forms.transfer(v, setup.office(cat_db))
    assert (slip.unit, slip.address, slip.phone, slip.contact) == (
        "青山镇派出所户籍室", "青山镇人民路 12 号", "0797-6281110", "户籍民警王警官")
    assert "青山镇派出所户籍室" in render_text(slip)


def test_override_to_transfer_needs_a_reason_and_a_unit(cat_db, clerk, clock):
    with pytest.raises(InputError, match="理由"):
        svc.register_case(cat_db, clerk, clock, person("MZ-004", category="transfer"))
    with pytest.raises(InputError, match="承办单位"):
        svc.register_case(cat_db, clerk, clock, person("MZ-004", category="transfer", reason="户籍不在本镇"))
    v = svc.register_case(cat_db, clerk, clock, person("MZ-004", category="transfer", reason="户籍不在本镇",
                                                        transfer_unit="白水镇便民服务中心"))
    assert (v.category, v.status, v.units) == ("transfer", "transferred", ("白水镇便民服务中心",))
    assert v.events[0].data["overrides"] == {"category": "transfer", "kind": None}


def test_joint_case_lists_the_other_units_on_its_receipt(cat_db, clerk, clock):
    v = svc.register_case(cat_db, clerk, clock, person("CL-001"))
    assert (v.category, v.kind, v.status, v.limit_days) == ("joint", "promised", "accepted", 20)
    assert v.due_on == date(2026, 4, 14)
    slip = forms.receipt(v, setup.office(cat_db))
    assert tuple(slip.joint_units) == ("县残疾人联合会", "县级指定残疾评定医院")


def test_rejected_case_needs_reason_and_basis_and_gets_a_refusal(cat_db, clerk, clock):
    before = counts(cat_db)
    with pytest.raises(InputError, match="理由"):
        svc.register_case(cat_db, clerk, clock, person("MZ-001", kind="rejected", basis="《社会救助暂行办法》"))
    with pytest.raises(InputError, match="法律依据"):
        svc.register_case(cat_db, clerk, clock, person("MZ-001", kind="rejected", reason="家庭收入超过标准"))
    assert counts(cat_db) == before and counter(cat_db) == 0
    v = svc.register_case(cat_db, clerk, clock, person(
        "MZ-001", kind="rejected", reason="家庭人均收入高于低保标准\n家庭有小汽车", basis="《社会救助暂行办法》第九条"))
    assert (v.kind, v.status, v.reason, v.basis) == ("rejected", "rejected", "家庭人均收入高于低保标准\n家庭有小汽车",
                                                     "《社会救助暂行办法》第九条")
    assert v.closed_at is not None and v.due_on is None and v.number == "QS-20260316-0001"
    slip = forms.refusal(v, setup.office(cat_db))
    assert list(slip.reasons) == ["家庭人均收入高于低保标准", "家庭有小汽车"]
    assert slip.basis == "《社会救助暂行办法》第九条" and slip.issued_on == TODAY


def test_override_of_the_proposal_needs_a_reason_and_is_recorded(cat_db, clerk, clock):
    with pytest.raises(InputError, match="理由"):
        svc.register_case(cat_db, clerk, clock, person("MZ-008", kind="promised"))
    with pytest.raises(InputError, match="理由"):
        svc.register_case(cat_db, clerk, clock, person("MZ-004", category="joint"))
    v = svc.register_case(cat_db, clerk, clock, person("MZ-008", kind="promised", reason="需入户核实"))
    assert (v.kind, v.limit_days, v.due_on) == ("promised", svc.DEFAULT_LIMIT_DAYS, date(2026, 3, 19))
    data = v.events[0].data
    assert data["proposal"]["kind"] == "instant" and data["overrides"] == {"kind": "promised"}
    assert data["reason"] == "需入户核实"
    # accepting with materials missing (容缺受理) is an override too
    w = svc.register_case(cat_db, clerk, clock, person("MZ-003", materials=["SQS"], kind="promised",
                                                        reason="情况紧急，先行受理"))
    assert w.status == "accepted" and w.notice_number is None and "SFZ" in w.missing_materials
    with pytest.raises(InputError, match="办件类型"):
        svc.register_case(cat_db, clerk, clock, person("MZ-008", kind="bogus", reason="x"))
    with pytest.raises(InputError, match="咨询"):
        svc.register_case(cat_db, clerk, clock, person("MZ-008", category="consult", reason="x"))


def test_consultation_is_a_closed_case_in_the_same_number_series(cat_db, clerk, clock):
    first = svc.register_case(cat_db, clerk, clock, person("MZ-008"))
    c = svc.log_consultation(cat_db, clerk, clock, "王五", "13900001111", "MZ-001", "低保怎么申请？",
                             "带身份证、户口簿到1号窗口，或委托村代办员。")
    assert c.number == "QS-20260316-0002" and first.number == "QS-20260316-0001"
    assert (c.category, c.kind, c.status, c.matter_code) == ("consult", None, "closed", "MZ-001")
    assert c.closed_at is not None and c.id_number == ""
    [event] = c.events
    assert event.type == "consulted" and event.data["question"] == "低保怎么申请？"
    general = svc.log_consultation(cat_db, clerk, clock, "赵六", question="中心几点下班？")
    assert general.matter_code == "" and general.number == "QS-20260316-0003"
    with pytest.raises(InputError, match="咨询问题"):
        svc.log_consultation(cat_db, clerk, clock, "赵六", question="  ")
    with pytest.raises(InputError, match="申请人姓名"):
        svc.log_consultation(cat_db, clerk, clock, "", question="?")
    with pytest.raises(NotPermitted):
        svc.log_consultation(cat_db, staff.actor_for(cat_db, "zhaomin"), clock, "赵六", question="?")


def test_organisation_with_a_wrong_credit_check_character_is_saved_with_a_warning(cat_db, clerk, clock):
    v = svc.register_case(cat_db, clerk, clock, RegistrationInput(
        "NY-002", applicant_type="org", org_name="青山镇东湖农业专业合作社", credit_code="91350100M000100Y4Z",
        contact="陈七", phone="0797-6281234"))
    assert v.warnings == (CREDIT_CHECK_WARNING,)
    assert (v.applicant_name, v.org_name, v.credit_code, v.contact) == (
        "青山镇东湖农业专业合作社", "青山镇东湖农业专业合作社", "91350100M000100Y4Z", "陈七")
    assert svc.get_case(cat_db, clerk, v.number).warnings == (CREDIT_CHECK_WARNING,)
    ok = svc.register_case(cat_db, clerk, clock, RegistrationInput(
        "NY-002", applicant_type="org", org_name="某公司", credit_code="91350100m000100y43"))
    assert ok.warnings == () and ok.credit_code == "91350100M000100Y43"
    with pytest.raises(InputError, match="统一社会信用代码"):
        svc.register_case(cat_db, clerk, clock, RegistrationInput("NY-002", applicant_type="org", org_name="某公司",
                                                                  credit_code="91350100O000100Y43"))
    with pytest.raises(InputError, match="统一社会信用代码不能为空"):
        svc.register_case(cat_db, clerk, clock, RegistrationInput("NY-002", applicant_type="org", org_name="某公司"))
    with pytest.raises(InputError, match="单位名称"):
        svc.register_case(cat_db, clerk, clock, RegistrationInput("NY-002", applicant_type="org",
                                                                  credit_code="91350100M000100Y43"))


def test_fifteen_digit_id_is_stored_as_eighteen(cat_db, clerk, clock):
    v = svc.register_case(cat_db, clerk, clock, person("MZ-008", id_number="110105491231002"))
    assert v.id_number == ID


# --- bad input: refused before anything is written, no number consumed ----------------------


@pytest.mark.parametrize("changes, field", [
    ({"id_number": "110105194912310021"}, "校验位"),
    ({"id_number": "110105194902301234"}, "出生日期"),
    ({"id_number": ""}, "身份证号不能为空"),
    ({"name": "  "}, "申请人姓名不能为空"),
    ({"name": "张\x1b[31m三"}, "申请人姓名含有控制字符"),
    ({"name": "张三\x07"}, "申请人姓名含有控制字符"),
    ({"address": "东湖村\x1b]0;pwned\x07"}, "住址含有控制字符"),
    ({"phone": "12345"}, "联系电话"),
    ({"materials": ["SQS", "NOPE"]}, "没有材料"),
    ({"mode": "teleport"}, "办理方式"),
    ({"village": "V99"}, "V99"),
    ({"applicant_type": "robot"}, "申请人类型"),
])
def test_bad_input_is_refused_and_consumes_no_number(cat_db, clerk, clock, changes, field):
    before = counts(cat_db)
    with pytest.raises((InputError, NotFound), match=field) as info:
        svc.register_case(cat_db, clerk, clock, person("MZ-001", **changes))
    assert "\x1b" not in str(info.value) and "\x07" not in str(info.value)
    assert counts(cat_db) == before and counter(cat_db) == 0 and counter(cat_db, "notice") == 0
    assert svc.register_case(cat_db, clerk, clock, person("MZ-001")).number == "QS-20260316-0001"


def test_unknown_and_inactive_matters_are_refused(cat_db, clerk, clock):
    with pytest.raises(NotFound, match="XX-999"):
        svc.register_case(cat_db, clerk, clock, person("XX-999"))
    with pytest.raises(InputError, match="事项编码"):
        svc.register_case(cat_db, clerk, clock, person("MZ\x1b[2J"))
    admin = staff.actor_for(cat_db, "admin")
    spec = next(m for m in catalog_svc.export_catalog(cat_db, admin) if m.code == "MZ-008")
    catalog_svc.import_specs(cat_db, admin, clock, [replace(spec, active=False)])
    with pytest.raises(InputError, match="已停用"):
        svc.register_case(cat_db, clerk, clock, person("MZ-008"))
    assert counter(cat_db) == 0


def test_numbers_are_gap_free_across_refusals_and_kinds(cat_db, clerk, clock):
    numbers = []
    for i, data in enumerate([person("MZ-008"), person("MZ-001", id_number="110105194912310021"),
                              person("MZ-001", materials=[]), person("XX-1"), person("HJ-001"),
                              person("MZ-001", kind="rejected", reason="r"), person("CL-001")]):
        try:
            numbers.append(svc.register_case(cat_db, clerk, clock, data).number)
        except (InputError, NotFound):
            pass
    assert numbers == [f"QS-20260316-{n:04d}" for n in range(1, 5)]
    assert counter(cat_db) == 4 and counter(cat_db, "notice") == 1


# --- permissions -----------------------------------------------------------------------------


def test_supervisor_may_read_but_not_register(cat_db, clerk, clock):
    sup = staff.actor_for(cat_db, "zhaomin")
    with pytest.raises(NotPermitted):
        svc.register_case(cat_db, sup, clock, person("MZ-008"))
    v = svc.register_case(cat_db, clerk, clock, person("MZ-008"))
    assert svc.get_case(cat_db, sup, v.number).number == v.number
    assert [c.number for c in svc.list_cases(cat_db, sup, today=TODAY)] == [v.number]


def test_agent_registers_only_for_own_village_and_village_matters(cat_db, clerk, clock):
    sunli, zhoujun = staff.actor_for(cat_db, "sunli"), staff.actor_for(cat_db, "zhoujun")
    v = svc.register_case(cat_db, sunli, clock, person("MZ-001"))
    assert (v.village, v.mode, v.owner) == ("V01", "proxy", "sunli")
    w = svc.register_case(cat_db, sunli, clock, person("MZ-008", village="V01", mode="accompany"))
    assert (w.village, w.mode) == ("V01", "accompany")
    with pytest.raises(NotPermitted, match="V01"):
        svc.register_case(cat_db, sunli, clock, person("MZ-008", village="V02"))
    with pytest.raises(NotPermitted, match="SB-003"):
        svc.register_case(cat_db, sunli, clock, person("SB-003", village="V01"))
    with pytest.raises(NotPermitted):
        svc.register_case(cat_db, sunli, clock, person("HJ-001"))
    other = svc.register_case(cat_db, clerk, clock, person("MZ-008", village="V02"))
    office = svc.register_case(cat_db, clerk, clock, person("MZ-008"))

    # get_case: another village's case does not exist for an agent
    with pytest.raises(NotFound) as info:
        svc.get_case(cat_db, zhoujun, v.number)
    with pytest.raises(NotFound) as missing:
        svc.get_case(cat_db, zhoujun, "QS-20260316-9999")
    assert type(info.value) is type(missing.value) and info.value.msgid == missing.value.msgid
    with pytest.raises(NotFound):
        svc.get_case(cat_db, sunli, office.number)
    assert svc.get_case(cat_db, zhoujun, other.number).village == "V02"
    assert svc.get_case(cat_db, clerk, v.number).village == "V01"

    assert {c.number for c in svc.list_cases(cat_db, sunli, today=TODAY)} == {v.number, w.number}
    assert {c.number for c in svc.list_cases(cat_db, zhoujun, today=TODAY)} == {other.number}
    with pytest.raises(NotPermitted):
        svc.list_cases(cat_db, sunli, village="V02", today=TODAY)
    assert {c.number for c in svc.list_cases(cat_db, clerk, village="V01", today=TODAY)} == {v.number, w.number}
    assert len(svc.list_cases(cat_db, clerk, today=TODAY)) == 4


# --- lists -----------------------------------------------------------------------------------


def test_list_filters_and_orders_in_sql(cat_db, clerk, clock):
    late = svc.register_case(cat_db, clerk, clock, person("MZ-004", received_on=date(2026, 2, 2)))  # due 2/9
    soon = svc.register_case(cat_db, clerk, clock, person("MZ-008"))  # due today
    mid = svc.register_case(cat_db, clerk, clock, person("NY-003"))  # 3 working days: 3/19
    far = svc.register_case(cat_db, clerk, clock, person("MZ-001"))  # 4/14
    pending = svc.register_case(cat_db, clerk, clock, person("MZ-001", materials=[]))
    gone = svc.register_case(cat_db, clerk, clock, person("HJ-001"))
    assert late.due_on == date(2026, 2, 9) and mid.due_on == date(2026, 3, 19)

    everything = [c.number for c in svc.list_cases(cat_db, clerk, today=TODAY)]
    assert everything == [late.number, soon.number, mid.number, far.number, pending.number, gone.number]
    assert [c.number for c in svc.list_cases(cat_db, clerk, overdue=True, today=TODAY)] == [late.number]
    # due within N working days means not yet late: the overdue have --overdue (issue 16)
    assert [c.number for c in svc.list_cases(cat_db, clerk, due_within=0, today=TODAY)] == [soon.number]
    assert [c.number for c in svc.list_cases(cat_db, clerk, due_within=3, today=TODAY)] == [soon.number, mid.number]
    assert [c.number for c in svc.list_cases(cat_db, clerk, status="pending_materials", today=TODAY)] == [
        pending.number]
    assert [c.number for c in svc.list_cases(cat_db, clerk, kind="report_up", today=TODAY)] == [far.number]
    assert [c.number for c in svc.list_cases(cat_db, clerk, limit=2, offset=1, today=TODAY)] == [
        soon.number, mid.number]
    row = svc.list_cases(cat_db, clerk, limit=1, today=TODAY)[0]
    assert row.as_dict()["applicant"] == "张*丰" and row.as_dict(mask=False)["applicant"] == "张三丰"
    with pytest.raises(InputError, match="状态"):
        svc.list_cases(cat_db, clerk, status="nonsense", today=TODAY)
    with pytest.raises(InputError):
        svc.list_cases(cat_db, clerk, limit=0, today=TODAY)


def test_get_case_unknown_number_and_control_characters(cat_db, clerk):
    with pytest.raises(NotFound, match="QS-1"):
        svc.get_case(cat_db, clerk, "QS-1")
    with pytest.raises(InputError, match="办件编号"):
        svc.get_case(cat_db, clerk, "QS\x1b[2J")
