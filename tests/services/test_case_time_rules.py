"""The seeds' time rules in the case lifecycle, on real databases (issue 12 items 3–6, domain.md §5).

Every refusal leaves the database as it was (one transaction); every decision is audited.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from office_fixture import snapshot

from quancheng_tui.domain.lifecycle import Action
from quancheng_tui.errors import InputError, NotPermitted
from quancheng_tui.services import audit, cases, forms, lifecycle, setup, staff
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.case_views import RegistrationInput
from quancheng_tui.services.context import fixed_clock

ID = "11010519491231002X"
MZ001 = ["SQS", "SFZ", "HKB", "SQWT", "SRSM", "YHK"]  # its required materials, in order


@pytest.fixture
def cat_db(office_db, clock):
    catalog_svc.import_catalog(office_db, staff.actor_for(office_db, "admin"), clock, catalog_svc.SAMPLE_CATALOG)
    return office_db


def _reg(db, clock, matter="MZ-001", login="zhangwei", **kw):
    return cases.register_case(db, staff.actor_for(db, login), clock,
                               RegistrationInput(matter_code=matter, name="张三", id_number=ID, village="V01", **kw))


def _at(clock, days):
    return fixed_clock(clock.now() + timedelta(days=days))


# --- 3. 即办件 ------------------------------------------------------------------------------------


def test_register_and_complete_an_instant_case_in_one_go(cat_db, clock):
    case = _reg(cat_db, clock, "MZ-008", result="当场核发优待证")
    assert (case.kind, case.status) == ("instant", "completed")
    done = [e for e in case.events if e.type == "complete"]
    assert len(done) == 1 and done[0].data == {"on": "2026-03-16", "result": "当场核发优待证"}
    assert case.on_time is True
    snap = snapshot(cat_db)
    actions = [(r["action"], r["entity_key"]) for r in snap["audit"][-2:]]
    assert actions == [("case.register", case.number), ("case.complete", case.number)]
    assert audit.verify(cat_db).ok
    # the applicant is told and may rate it like any completed case
    lifecycle.act(cat_db, staff.actor_for(cat_db, "zhangwei"), clock, case.number, Action.REPLY, {"method": "in_person"})


@pytest.mark.parametrize("matter, kw, fragment", [
    ("MZ-001", {}, "只有材料齐全的即办件"),  # a promised matter
    ("MZ-008", {"materials": ["SFZ"]}, "只有材料齐全的即办件"),  # incomplete: a 提示件
])
def test_register_and_complete_is_refused_for_any_other_case(cat_db, clock, matter, kw, fragment):
    before = snapshot(cat_db)
    with pytest.raises(InputError, match=fragment):
        _reg(cat_db, clock, matter, result="已办结", **kw)
    assert snapshot(cat_db) == before  # no number used, nothing written


@pytest.mark.parametrize("action, data, words", [
    (Action.EXTEND, {"days": 1, "reason": "需核实", "basis": "办事指南"}, "即办件当场办结，不能延期（003 第24条）"),
    (Action.REPORT_UP, {"to": "县民政局"}, "即办件当场办结，不能上报（003 第24条）"),
])
def test_an_instant_case_is_never_extended_nor_reported_up(cat_db, clock, action, data, words):
    case = _reg(cat_db, clock, "MZ-008")
    leader = staff.actor_for(cat_db, "lixiang")
    before = snapshot(cat_db)
    with pytest.raises(InputError) as err:
        lifecycle.act(cat_db, leader, clock, case.number, action, data, approver=leader)
    assert err.value.msgid.startswith(words)
    assert snapshot(cat_db) == before


def test_an_instant_case_reclassified_as_promised_with_a_reason(cat_db, clock):
    clerk = staff.actor_for(cat_db, "zhangwei")
    case = _reg(cat_db, clock, "MZ-008")
    assert case.due_on == date(2026, 3, 16)
    before = snapshot(cat_db)
    with pytest.raises(InputError, match="理由"):
        lifecycle.act(cat_db, clerk, clock, case.number, Action.RECLASSIFY, {"reason": "  "})
    assert snapshot(cat_db) == before
    tomorrow = _at(clock, 1)
    r = lifecycle.act(cat_db, clerk, tomorrow, case.number, Action.RECLASSIFY, {"reason": "需现场核实"})
    # the matter has no promised limit (an instant matter): the default 3 working days, from the receipt date
    assert (r.status, r.due_on) == ("accepted", date(2026, 3, 19))
    now = cases.get_case(cat_db, clerk, case.number, today=tomorrow.today())
    assert (now.kind, now.limit_days) == ("promised", 3)
    ev = now.events[-1]
    assert ev.type == "reclassify" and ev.data["reason"] == "需现场核实" and ev.data["from"] == "instant"
    entry = new_entries(before, cat_db)[-1]
    assert entry["action"] == "case.reclassify" and '"kind": "promised"' in entry["after"]
    # a promised case may now be extended and reported up, and is never reclassified again
    lifecycle.act(cat_db, clerk, tomorrow, case.number, Action.REPORT_UP, {"to": "县民政局"})
    with pytest.raises(InputError, match="状态"):
        lifecycle.act(cat_db, clerk, tomorrow, case.number, Action.RECLASSIFY, {"reason": "再改"})
    assert audit.verify(cat_db).ok


def test_a_promised_case_is_not_reclassified(cat_db, clock):
    case = _reg(cat_db, clock)
    before = snapshot(cat_db)
    with pytest.raises(InputError, match="只有即办件"):
        lifecycle.act(cat_db, staff.actor_for(cat_db, "zhangwei"), clock, case.number, Action.RECLASSIFY,
                      {"reason": "x"})
    assert snapshot(cat_db) == before


def new_entries(before, db):
    after = snapshot(db)
    return after["audit"][len(before["audit"]):]


# --- 4. 延期 --------------------------------------------------------------------------------------

EXT = {"reason": "需补充调查", "basis": "《社会救助暂行办法》"}


def test_extensions_stop_at_the_statutory_limit_plus_its_extension(cat_db, clock):
    """MZ-001: promised 20, statutory 30, statutory extension 15 working days (sample catalog)."""
    clerk, leader = staff.actor_for(cat_db, "zhangwei"), staff.actor_for(cat_db, "lixiang")
    case = _reg(cat_db, clock)
    assert catalog_svc.get_matter(cat_db, "MZ-001").statutory_extension_days == 15
    lifecycle.act(cat_db, clerk, clock, case.number, Action.EXTEND, {"days": 10, **EXT})  # 30: the statutory limit
    before = snapshot(cat_db)
    with pytest.raises(NotPermitted, match="值班领导"):
        lifecycle.act(cat_db, clerk, clock, case.number, Action.EXTEND, {"days": 1, **EXT})
    assert snapshot(cat_db) == before
    r = lifecycle.act(cat_db, clerk, clock, case.number, Action.EXTEND, {"days": 15, **EXT}, approver=leader)  # 45
    # again and again, the leader too: refused, naming the ceiling and the law
    before = snapshot(cat_db)
    for who, approver in ((leader, None), (clerk, leader)):
        with pytest.raises(InputError, match="行政许可法第四十二条") as err:
            lifecycle.act(cat_db, who, clock, case.number, Action.EXTEND, {"days": 1, **EXT}, approver=approver)
        assert err.value.params["ceiling"] == r.due_on.isoformat()
    assert snapshot(cat_db) == before


def test_a_matter_without_a_statutory_extension_is_not_extended_past_its_limit(cat_db, clock):
    clerk, leader = staff.actor_for(cat_db, "zhangwei"), staff.actor_for(cat_db, "lixiang")
    case = _reg(cat_db, clock, "MZ-002")  # statutory 15, no statutory extension
    m = catalog_svc.get_matter(cat_db, "MZ-002")
    assert m.statutory_extension_days == 0
    lifecycle.act(cat_db, clerk, clock, case.number, Action.EXTEND,
                  {"days": m.statutory_days - m.promised_days, **EXT})
    before = snapshot(cat_db)
    with pytest.raises(InputError, match="没有法定延长期限"):
        lifecycle.act(cat_db, leader, clock, case.number, Action.EXTEND, {"days": 1, **EXT})
    assert snapshot(cat_db) == before


def test_an_extension_in_the_last_three_working_days_is_a_late_notice_needing_a_leader(cat_db, clock):
    clerk, leader = staff.actor_for(cat_db, "zhangwei"), staff.actor_for(cat_db, "lixiang")
    case = _reg(cat_db, clock)  # due 20 working days after 2026-03-16
    early = lifecycle.act(cat_db, clerk, clock, case.number, Action.EXTEND, {"days": 1, **EXT})
    assert "late_notice" not in cases.get_case(cat_db, clerk, case.number, today=clock.today()).events[-1].data
    late_day = staff_clock_on(early.due_on, -2)  # two working days before the due date
    before = snapshot(cat_db)
    with pytest.raises(NotPermitted, match="告知不及时") as err:
        lifecycle.act(cat_db, clerk, late_day, case.number, Action.EXTEND, {"days": 1, **EXT})
    assert "004 限时办结 第三条" in err.value.msgid
    assert snapshot(cat_db) == before
    r = lifecycle.act(cat_db, clerk, late_day, case.number, Action.EXTEND, {"days": 1, **EXT}, approver=leader)
    assert r.due_on > early.due_on
    ev = cases.get_case(cat_db, clerk, case.number, today=late_day.today()).events[-1]
    assert ev.data["late_notice"] is True and ev.data["approved_by"] == "lixiang"
    entry = new_entries(before, cat_db)[-1]
    assert '"late_notice": true' in entry["after"]
    # the duty leader asking on the due day approves by doing so
    r2 = lifecycle.act(cat_db, leader, fixed_clock(datetime.combine(r.due_on, clock.now().timetz())),
                       case.number, Action.EXTEND, {"days": 1, **EXT})
    assert r2.due_on > r.due_on


def staff_clock_on(due: date, workdays: int):
    from quancheng_tui.domain.calendar import shipped_calendar

    day = shipped_calendar().add_workdays(due, workdays)
    return fixed_clock(datetime(day.year, day.month, day.day, 10, 0).astimezone())


# --- 5. 申请人原因 --------------------------------------------------------------------------------


def test_the_applicants_own_delay_is_recorded_and_counts_as_on_time(cat_db, clock):
    clerk = staff.actor_for(cat_db, "zhangwei")
    case = _reg(cat_db, clock)
    lifecycle.act(cat_db, clerk, clock, case.number, Action.SUSPEND,
                  {"reason": "申请人要求暂缓，待其补充收入证明", "cause": "applicant"})
    later = _at(clock, 7)
    lifecycle.act(cat_db, clerk, later, case.number, Action.RESUME)
    due = cases.get_case(cat_db, clerk, case.number, today=later.today()).due_on
    after_due = fixed_clock(datetime.combine(due + timedelta(days=10), clock.now().timetz()))
    lifecycle.act(cat_db, clerk, after_due, case.number, Action.COMPLETE, {"result": "已批准"})
    view = cases.get_case(cat_db, clerk, case.number, today=after_due.today())
    assert view.events[-3].data["cause"] == "applicant"
    assert view.on_time is True  # done after the due date, but the applicant caused the delay
    assert view.as_json()["on_time"] is True


def test_an_ending_caused_by_the_applicant_counts_as_on_time(cat_db, clock):
    clerk = staff.actor_for(cat_db, "zhangwei")
    a, b = _reg(cat_db, clock), _reg(cat_db, clock)
    late = fixed_clock(datetime.combine(a.due_on + timedelta(days=3), clock.now().timetz()))
    before = snapshot(cat_db)
    with pytest.raises(InputError, match="applicant"):
        lifecycle.act(cat_db, clerk, late, a.number, Action.WITHDRAW, {"reason": "撤回", "cause": "someone"})
    assert snapshot(cat_db) == before
    lifecycle.act(cat_db, clerk, late, a.number, Action.WITHDRAW, {"reason": "申请人撤回", "cause": "applicant"})
    lifecycle.act(cat_db, clerk, late, b.number, Action.REJECT, {"reason": "不符合条件", "basis": "第九条"})
    va = cases.get_case(cat_db, clerk, a.number, today=late.today())
    vb = cases.get_case(cat_db, clerk, b.number, today=late.today())
    assert (va.events[-1].data["cause"], va.on_time) == ("applicant", True)
    assert (vb.events[-1].data["cause"], vb.on_time) == ("office", False)
    assert '"cause": "applicant"' in new_entries(before, cat_db)[0]["after"]


def test_an_office_suspension_still_needs_a_listed_reason(cat_db, clock):
    case = _reg(cat_db, clock)
    with pytest.raises(InputError, match="中止计时的事由"):
        lifecycle.act(cat_db, staff.actor_for(cat_db, "zhangwei"), clock, case.number, Action.SUSPEND,
                      {"reason": "申请人要求暂缓"})


# --- 6. 补正 --------------------------------------------------------------------------------------


def test_a_partial_correction_keeps_the_case_pending_with_the_rest_listed(cat_db, clock):
    clerk = staff.actor_for(cat_db, "zhangwei")
    case = _reg(cat_db, clock, materials=["SQS", "SFZ"])
    assert (case.kind, case.status, case.due_on) == ("notice", "pending_materials", None)
    assert case.missing_materials == ("HKB", "SQWT", "SRSM", "YHK")
    before = snapshot(cat_db)
    with pytest.raises(InputError) as err:
        lifecycle.act(cat_db, clerk, clock, case.number, Action.CORRECT, {"materials": ["SFZ"]})  # not missing
    assert err.value.params["missing"] == "HKB、SQWT、SRSM、YHK"
    with pytest.raises(InputError, match="补正须列出"):
        lifecycle.act(cat_db, clerk, clock, case.number, Action.CORRECT, {})
    assert snapshot(cat_db) == before
    r = lifecycle.act(cat_db, clerk, _at(clock, 1), case.number, Action.CORRECT, {"materials": ["hkb", "SQWT"]})
    assert (r.status, r.due_on) == ("pending_materials", None)
    view = cases.get_case(cat_db, clerk, case.number, today=clock.today())
    assert view.missing_materials == ("SRSM", "YHK") and view.kind == "notice"
    assert view.events[-1].data["received"] == ["HKB", "SQWT"]
    assert view.events[-1].data["remaining"] == ["SRSM", "YHK"]
    with pytest.raises(Exception, match="未受理"):
        forms.receipt(view, setup.office(cat_db))


def test_a_correction_that_completes_the_file_accepts_the_case_from_the_next_day(cat_db, clock):
    clerk = staff.actor_for(cat_db, "zhangwei")
    case = _reg(cat_db, clock, materials=["SQS", "SFZ"])
    lifecycle.act(cat_db, clerk, _at(clock, 1), case.number, Action.CORRECT, {"materials": "HKB,SQWT"})
    corrected = _at(clock, 3)  # Thursday 2026-03-19
    r = lifecycle.act(cat_db, clerk, corrected, case.number, Action.CORRECT, {"materials": ["SRSM", "YHK"]})
    from quancheng_tui.domain.calendar import shipped_calendar

    # MZ-001 is a 上报件 of 20 promised working days, counted from the day after the completing correction
    assert (r.status, r.due_on) == ("accepted", shipped_calendar().add_workdays(date(2026, 3, 19), 20))
    view = cases.get_case(cat_db, clerk, case.number, today=corrected.today())
    assert (view.kind, view.limit_days, view.missing_materials) == ("report_up", 20, ())
    assert all(m.received for m in view.materials if m.required)
    # the 受理回执 is printed for it now
    receipt = forms.receipt(view, setup.office(cat_db))
    assert receipt.due_on == r.due_on and len(receipt.materials) == 6
    assert forms.registration_form(view, setup.office(cat_db))[1] is not None
    assert audit.verify(cat_db).ok
