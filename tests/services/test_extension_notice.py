"""The extension notice (延长办理期限告知书) built from a case's real events.

MZ-003 (临时救助申请) promises 10 working days: received Monday 2026-03-16, due 2026-03-30.
Qingming 2026 is 4–6 April, so days counted past 2 April jump to Tuesday 7 April.
"""

from datetime import date, datetime, timedelta, timezone

import pytest

from quancheng_tui.documents.forms import ExtensionNoticeData, render_text
from quancheng_tui.domain.lifecycle import Action
from quancheng_tui.errors import NotFound
from quancheng_tui.services import cases, lifecycle, setup, staff
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.case_views import RegistrationInput
from quancheng_tui.services.context import fixed_clock
from quancheng_tui.services.extension_notice import extension_notice

ID = "11010519491231002X"
CST = timezone(timedelta(hours=8))


def at(day: int, month: int = 3):
    return fixed_clock(datetime(2026, month, day, 10, 0, tzinfo=CST))


@pytest.fixture
def office(db, clock):
    setup.initialize(db, clock, "青山镇便民服务中心", "QS", "admin", "管理员", "secret123", demo=True, catalog=[],
                     phone="0571-88880000", complaint_phone="0571-12345")
    catalog_svc.import_catalog(db, staff.actor_for(db, "admin"), clock, catalog_svc.SAMPLE_CATALOG)
    return db


def _register(db, matter="MZ-003", village="V01", **over):
    data = dict(matter_code=matter, name="张三丰", id_number=ID, village=village, received_on=date(2026, 3, 16))
    data.update(over)
    return cases.register_case(db, staff.actor_for(db, "zhangwei"), at(16), RegistrationInput(**data))


def _extend(db, number, when, days, login="zhangwei", approver=None):
    return lifecycle.act(db, staff.actor_for(db, login), when, number, Action.EXTEND,
                         {"days": days, "reason": "需入户核查家庭财产状况", "basis": "《社会救助暂行办法》第十一条"},
                         approver=staff.actor_for(db, approver) if approver else None)


def test_notice_of_one_extension_states_both_dates_and_the_full_name(office):
    case = _register(office)
    assert case.due_on == date(2026, 3, 30)
    done = _extend(office, case.number, at(20), 3)
    assert done.due_on == date(2026, 4, 2)
    clerk = staff.actor_for(office, "zhangwei")
    notice = extension_notice(office, clerk, at(27), case.number)
    assert isinstance(notice, ExtensionNoticeData)
    assert notice.number == f"YQ-{case.number}-1"
    assert (notice.received_on, notice.original_due_on, notice.new_due_on) == (
        date(2026, 3, 16), date(2026, 3, 30), date(2026, 4, 2))
    assert notice.issued_on == date(2026, 3, 20)  # the day of the extension, not of the reprint
    assert (notice.days, notice.working_days) == (3, True)
    assert notice.applicant == "张三丰"  # handed to the applicant: unmasked, like the receipt
    assert (notice.reason, notice.basis) == ("需入户核查家庭财产状况", "《社会救助暂行办法》第十一条")
    assert (notice.clerk, notice.approved_by) == ("张伟", "")  # a clerk within the statutory limit: no approval
    assert (notice.office, notice.phone, notice.complaint_phone) == ("青山镇便民服务中心", "0571-88880000", "0571-12345")
    assert notice.matter_code == "MZ-003" and notice.case_number == case.number
    text = render_text(notice)
    for needle in ("延长办理期限告知书", "张三丰", "2026年3月30日", "2026年4月2日", "3 个工作日", case.number,
                   "0571-12345"):
        assert needle in text, needle


def test_later_suspension_and_second_extension_by_a_leader(office):
    case = _register(office)
    first = _extend(office, case.number, at(20), 3)
    clerk = staff.actor_for(office, "zhangwei")
    lifecycle.act(office, clerk, at(23), case.number, Action.SUSPEND, {"reason": "鉴定"})
    lifecycle.act(office, clerk, at(25), case.number, Action.RESUME)  # 23–24 March not counted
    second = _extend(office, case.number, at(26), 2, login="lixiang")
    assert second.due_on == date(2026, 4, 9)

    latest = extension_notice(office, clerk, at(26), case.number)
    assert latest.number == f"YQ-{case.number}-2"
    assert (latest.original_due_on, latest.new_due_on, latest.days) == (date(2026, 4, 7), date(2026, 4, 9), 2)
    assert latest.approved_by == "李响" and latest.clerk == "李响"  # a duty leader approves by extending

    # The first notice, reprinted, still says what it said on 20 March.
    again = extension_notice(office, clerk, at(27), case.number, event_id=first.event_id)
    assert again.number == f"YQ-{case.number}-1"
    assert (again.original_due_on, again.new_due_on, again.issued_on) == (
        date(2026, 3, 30), date(2026, 4, 2), date(2026, 3, 20))


def test_extension_past_the_statutory_limit_names_the_approving_leader(office):
    # MZ-001: promised 20, statutory 30 working days; 15 more days go past the statutory limit.
    case = _register(office, matter="MZ-001")
    _extend(office, case.number, at(20), 15, approver="lixiang")
    notice = extension_notice(office, staff.actor_for(office, "zhangwei"), at(20), case.number)
    assert notice.approved_by == "李响" and notice.clerk == "张伟" and notice.days == 15
    assert notice.original_due_on == case.due_on and notice.new_due_on > case.due_on
    assert "经值班领导李响批准" in render_text(notice)


def test_organisation_applicant_is_printed_with_its_contact(office):
    case = _register(office, name="", applicant_type="org", org_name="东湖农业专业合作社",
                     credit_code="91350100M000100Y4F", contact="陈七", id_number="")
    _extend(office, case.number, at(20), 1)
    notice = extension_notice(office, staff.actor_for(office, "zhangwei"), at(20), case.number)
    assert notice.applicant == "东湖农业专业合作社（陈七）"


def test_refusals_are_one_clear_error(office):
    case = _register(office)
    clerk = staff.actor_for(office, "zhangwei")
    with pytest.raises(NotFound, match="没有延期记录"):
        extension_notice(office, clerk, at(20), case.number)
    done = _extend(office, case.number, at(20), 1)
    with pytest.raises(NotFound, match="不存在"):
        extension_notice(office, clerk, at(20), "QS-20260316-9999")
    with pytest.raises(NotFound, match=str(done.event_id + 100)):
        extension_notice(office, clerk, at(20), case.number, event_id=done.event_id + 100)
    # An agent of another village never learns the case exists; the case's own agent may print it.
    with pytest.raises(NotFound, match="不存在"):
        extension_notice(office, staff.actor_for(office, "zhoujun"), at(20), case.number)
    assert extension_notice(office, staff.actor_for(office, "sunli"), at(20), case.number).days == 1
    # Another case's extension is not this case's.
    other = _register(office, village="V02")
    with pytest.raises(NotFound, match="延期记录"):
        extension_notice(office, clerk, at(20), other.number, event_id=done.event_id)

