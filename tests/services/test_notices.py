from datetime import date

import pytest

from quancheng_tui.errors import Conflict, InputError, NotPermitted
from quancheng_tui.services import audit, notices, staff
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.context import SYSTEM
from quancheng_tui.services.notices import Applicant


@pytest.fixture
def cat_db(office_db, clock):
    catalog_svc.import_catalog(office_db, staff.actor_for(office_db, "admin"), clock, catalog_svc.SAMPLE_CATALOG)
    return office_db


def _dibao(db):
    return next(m for m in catalog_svc.search(db, "dbsq"))


def test_notice_lists_every_missing_required_material(cat_db, clock):
    clerk = staff.actor_for(cat_db, "zhangwei")
    matter = catalog_svc.get_matter(cat_db, _dibao(cat_db).code)
    brought = [matter.materials[0].code]
    n = notices.issue_notice(cat_db, clerk, clock, matter.code, brought, Applicant("张三", "11010519491231002X", "13812345678"))
    expected = [m.code for m in matter.materials if m.required and m.code not in brought]
    assert [i.code for i in n.items] == expected and expected
    assert n.number.startswith("QS-GZ20260316-0001")
    assert not n.late
    again = notices.latest_for_visitor(cat_db, matter.code, id_number="11010519491231002X")
    assert again.number == n.number
    assert notices.latest_for_visitor(cat_db, matter.code, phone="13900000000") is None
    assert audit.verify(cat_db).ok


def test_complete_materials_need_no_notice_and_bad_input_is_refused(cat_db, clock):
    clerk = staff.actor_for(cat_db, "zhangwei")
    matter = catalog_svc.get_matter(cat_db, _dibao(cat_db).code)
    all_codes = [m.code for m in matter.materials]
    with pytest.raises(InputError, match="无需"):
        notices.issue_notice(cat_db, clerk, clock, matter.code, all_codes, Applicant("张三"))
    with pytest.raises(InputError, match="身份证号"):
        notices.issue_notice(cat_db, clerk, clock, matter.code, [], Applicant("张三", "110105194912310021"))
    with pytest.raises(InputError):
        notices.issue_notice(cat_db, clerk, clock, matter.code, ["NOPE"], Applicant("张三"))


def test_late_notice_is_flagged(cat_db, clock):
    clerk = staff.actor_for(cat_db, "zhangwei")
    code = _dibao(cat_db).code
    # received Monday 2026-03-02; 5 working days end 2026-03-09; the clock says 2026-03-16
    n = notices.issue_notice(cat_db, clerk, clock, code, [], Applicant("李四"), received_on=date(2026, 3, 2))
    assert n.late
    on_time = notices.issue_notice(cat_db, clerk, clock, code, [], Applicant("王五"), received_on=date(2026, 3, 9))
    assert not on_time.late


def test_breach_needs_a_leader_and_a_reason(cat_db, clock):
    clerk = staff.actor_for(cat_db, "zhangwei")
    leader = staff.actor_for(cat_db, "lixiang")
    matter = catalog_svc.get_matter(cat_db, _dibao(cat_db).code)
    first = matter.materials[0]
    n = notices.issue_notice(cat_db, clerk, clock, matter.code, [first.code], Applicant("张三"))
    assert not n.lists(first.code)
    with pytest.raises(NotPermitted, match="值班领导"):
        notices.approve_breach(cat_db, clerk, clock, n.number, first.code, "原件模糊", approver=clerk)
    with pytest.raises(InputError, match="理由"):
        notices.approve_breach(cat_db, clerk, clock, n.number, first.code, "  ", approver=leader)
    listed = n.items[0].code
    with pytest.raises(Conflict, match="已在告知书"):
        notices.approve_breach(cat_db, clerk, clock, n.number, listed, "再要一份", approver=leader)
    b = notices.approve_breach(cat_db, clerk, clock, n.number, first.code, "原件模糊，需重新提供", approver=leader)
    assert (b.approved_by, b.requested_by) == ("lixiang", "zhangwei")
    assert notices.get_notice(cat_db, n.number, actor=SYSTEM).breaches[0].material_code == first.code
    with pytest.raises(Conflict):
        notices.approve_breach(cat_db, clerk, clock, n.number, first.code, "再次", approver=leader)
    assert notices.breach_count(cat_db, date(2026, 3, 1), date(2026, 3, 31)) == 1


def test_supervisor_cannot_issue(cat_db, clock):
    with pytest.raises(NotPermitted):
        notices.issue_notice(cat_db, staff.actor_for(cat_db, "zhaomin"), clock, _dibao(cat_db).code, [], Applicant("张三"))
