from datetime import timedelta

import pytest

from quancheng_tui.domain.lifecycle import Action
from quancheng_tui.errors import InputError, NotFound, NotPermitted
from quancheng_tui.services import audit, cases, lifecycle, staff
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.case_views import RegistrationInput
from quancheng_tui.services.context import fixed_clock

ID = "11010519491231002X"


@pytest.fixture
def cat_db(office_db, clock):
    catalog_svc.import_catalog(office_db, staff.actor_for(office_db, "admin"), clock, catalog_svc.SAMPLE_CATALOG)
    return office_db


def _promised(db):
    """低保: own, report_up, statutory 30 and promised 20 working days, village agents may take it."""
    return catalog_svc.get_matter(db, "MZ-001")


def _register(db, clock, login="zhangwei", village="V01"):
    m = _promised(db)
    return cases.register_case(db, staff.actor_for(db, login), clock,
                               RegistrationInput(matter_code=m.code, name="张三", id_number=ID, village=village))


def test_full_lifecycle_with_suspension_moves_due(cat_db, clock):
    clerk = staff.actor_for(cat_db, "zhangwei")
    case = _register(cat_db, clock)
    assert case.status == "accepted" and case.due_on is not None
    r = lifecycle.act(cat_db, clerk, clock, case.number, Action.HANDOVER, {"to": "wangfang", "note": "请核实收入"})
    assert r.status == "in_progress"
    handler = staff.actor_for(cat_db, "wangfang")
    lifecycle.act(cat_db, handler, clock, case.number, Action.PROGRESS, {"note": "已入户调查"})
    r = lifecycle.act(cat_db, clerk, clock, case.number, Action.SUSPEND, {"reason": "鉴定"})
    assert r.status == "suspended"
    later = fixed_clock(clock.now() + timedelta(days=7))  # one working week suspended
    r = lifecycle.act(cat_db, clerk, later, case.number, Action.RESUME)
    assert r.due_on > case.due_on  # the suspended working days are not counted
    with pytest.raises(InputError, match="不能"):
        lifecycle.act(cat_db, clerk, later, case.number, Action.REPLY, {"method": "phone"})
    lifecycle.act(cat_db, handler, later, case.number, Action.COMPLETE, {"result": "已批准"})
    lifecycle.act(cat_db, clerk, later, case.number, Action.REPLY, {"method": "phone"})
    r = lifecycle.act(cat_db, clerk, later, case.number, Action.SIGN_OFF)
    assert r.status == "closed"
    assert audit.verify(cat_db).ok


def test_extension_needs_reason_basis_and_leader_past_statutory(cat_db, clock):
    clerk = staff.actor_for(cat_db, "zhangwei")
    leader = staff.actor_for(cat_db, "lixiang")
    case = _register(cat_db, clock)
    m = _promised(cat_db)
    with pytest.raises(InputError):
        lifecycle.act(cat_db, clerk, clock, case.number, Action.EXTEND, {"days": 2, "reason": "需补充调查"})
    r = lifecycle.act(cat_db, clerk, clock, case.number, Action.EXTEND,
                      {"days": 1, "reason": "需补充调查", "basis": "《社会救助暂行办法》"})
    assert r.due_on > case.due_on
    big = m.statutory_days - m.promised_days + 4  # past the statutory 30, within its extension to 45
    with pytest.raises(NotPermitted, match="值班领导"):
        lifecycle.act(cat_db, clerk, clock, case.number, Action.EXTEND,
                      {"days": big, "reason": "疑难", "basis": "依据"})
    r2 = lifecycle.act(cat_db, clerk, clock, case.number, Action.EXTEND,
                       {"days": big, "reason": "疑难", "basis": "依据"}, approver=leader)
    assert r2.due_on > r.due_on
    # never past the statutory limit plus the statutory extension, whoever approves (行政许可法 第四十二条)
    with pytest.raises(InputError, match="法定延长期限"):
        lifecycle.act(cat_db, clerk, clock, case.number, Action.EXTEND,
                      {"days": m.statutory_extension_days, "reason": "疑难", "basis": "依据"}, approver=leader)


def test_extension_refused_after_due(cat_db, clock):
    clerk = staff.actor_for(cat_db, "zhangwei")
    case = _register(cat_db, clock)
    late = fixed_clock(clock.now() + timedelta(days=120))
    with pytest.raises(InputError, match="期限已过"):
        lifecycle.act(cat_db, clerk, late, case.number, Action.EXTEND, {"days": 1, "reason": "r", "basis": "b"})


def test_who_may_act(cat_db, clock):
    case = _register(cat_db, clock)
    other_clerk = staff.actor_for(cat_db, "liuna")
    with pytest.raises(NotPermitted):
        lifecycle.act(cat_db, other_clerk, clock, case.number, Action.PROGRESS, {"note": "x"})
    with pytest.raises(NotPermitted):
        lifecycle.act(cat_db, staff.actor_for(cat_db, "zhaomin"), clock, case.number, Action.PROGRESS, {"note": "x"})
    leader = staff.actor_for(cat_db, "lixiang")
    assert lifecycle.act(cat_db, leader, clock, case.number, Action.PROGRESS, {"note": "督办"}).status == "in_progress"
    with pytest.raises(NotFound):  # another village's agent does not learn the case exists
        lifecycle.act(cat_db, staff.actor_for(cat_db, "zhoujun"), clock, case.number, Action.PROGRESS, {"note": "x"})


def test_suspension_reason_must_be_a_legal_one(cat_db, clock):
    clerk = staff.actor_for(cat_db, "zhangwei")
    case = _register(cat_db, clock)
    with pytest.raises(InputError, match="鉴定"):
        lifecycle.act(cat_db, clerk, clock, case.number, Action.SUSPEND, {"reason": "领导出差"})
    with pytest.raises(NotFound):
        lifecycle.act(cat_db, clerk, clock, case.number, Action.HANDOVER, {"to": "ghost"})
