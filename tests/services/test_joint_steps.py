"""联办件: each other unit's step (start, progress, done, hand-over), its own limit, due date and light.

CL-001 残疾人证新办 is a 联办件 with two other units, 县残疾人联合会 then 县级指定残疾评定医院;
20 promised working days. The clock is fixed (Monday 2026-03-16) and the calendar is the real one.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlmodel import func, select

from quancheng_tui.domain.lifecycle import Action
from quancheng_tui.errors import InputError
from quancheng_tui.services import audit, cases, lifecycle, staff
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.case_views import RegistrationInput
from quancheng_tui.services.context import fixed_clock
from quancheng_tui.store.case_tables import CaseEvent
from quancheng_tui.store.tables import AuditEntry

ID = "11010519491231002X"
FEDERATION, HOSPITAL = "县残疾人联合会", "县级指定残疾评定医院"
CST = timezone(timedelta(hours=8))


def at(day: date):
    return fixed_clock(datetime(day.year, day.month, day.day, 10, 0, tzinfo=CST))


@pytest.fixture
def cat_db(office_db, clock):
    catalog_svc.import_catalog(office_db, staff.actor_for(office_db, "admin"), clock, catalog_svc.SAMPLE_CATALOG)
    return office_db


@pytest.fixture
def clerk(cat_db):
    return staff.actor_for(cat_db, "zhangwei")


def register(db, clock, clerk, matter="CL-001"):
    return cases.register_case(db, clerk, clock, RegistrationInput(matter_code=matter, name="张三", id_number=ID))


def step(db, clerk, day, number, **data):
    return lifecycle.act(db, clerk, at(day), number, Action.JOINT_STEP, data)


def written(db) -> tuple[int, int]:
    with db.read() as s:
        return (s.exec(select(func.count()).select_from(CaseEvent)).one(),
                s.exec(select(func.count()).select_from(AuditEntry)).one())


def test_a_new_joint_case_has_every_unit_waiting(cat_db, clock, clerk):
    case = register(cat_db, clock, clerk)
    assert [(j.unit, j.state, j.due_on) for j in case.joint_steps] == [(FEDERATION, "waiting", None),
                                                                      (HOSPITAL, "waiting", None)]
    assert case.next_unit == FEDERATION
    own = register(cat_db, clock, clerk, "MZ-001")
    assert own.joint_steps == () and own.next_unit is None


def test_each_unit_works_within_its_own_limit_and_hands_over_to_the_next(cat_db, clock, clerk):
    case = register(cat_db, clock, clerk)
    r = step(cat_db, clerk, date(2026, 3, 16), case.number, unit=FEDERATION, step="start", limit_days="5",
             note="审核材料")
    assert r.status == "in_progress"
    v = cases.get_case(cat_db, clerk, case.number, today=date(2026, 3, 16))
    fed, hosp = v.joint_steps
    # receipt day not counted: 5 working days after Monday 03-16 is Monday 03-23
    assert (fed.state, fed.limit_days, fed.day_kind, fed.started_on, fed.due_on) == (
        "working", 5, "working", date(2026, 3, 16), date(2026, 3, 23))
    assert (fed.light, fed.days_left) == ("green", 5)
    assert hosp.state == "waiting" and v.next_unit == HOSPITAL
    step(cat_db, clerk, date(2026, 3, 17), case.number, unit=FEDERATION, step="progress", note="已初审")
    step(cat_db, clerk, date(2026, 3, 18), case.number, unit=FEDERATION, step="handover", contact="李医生",
         phone="0797 6281 999", note="请申请人持介绍信到医院评定")
    # the hospital starts on Wednesday 04-01: Qingming (04-04–04-06) is not counted -> Thursday 04-09
    step(cat_db, clerk, date(2026, 4, 1), case.number, unit=HOSPITAL, step="start", limit_days=5)
    v = cases.get_case(cat_db, clerk, case.number, today=date(2026, 4, 1))
    fed, hosp = v.joint_steps
    assert (fed.state, fed.done_on, fed.handed_to, fed.contact, fed.phone, fed.light, fed.late) == (
        "handed", date(2026, 3, 18), HOSPITAL, "李医生", "0797-6281999", None, False)
    assert fed.notes == ("审核材料", "已初审", "请申请人持介绍信到医院评定")
    assert (hosp.state, hosp.due_on, hosp.light) == ("working", date(2026, 4, 9), "green")
    assert v.next_unit is None
    step(cat_db, clerk, date(2026, 4, 10), case.number, unit=HOSPITAL, step="done", note="评定为肢体三级")
    v = cases.get_case(cat_db, clerk, case.number, today=date(2026, 4, 10))
    hosp = v.joint_steps[1]
    assert (hosp.state, hosp.done_on, hosp.late, hosp.light) == ("done", date(2026, 4, 10), True, None)
    j = v.as_json()["joint_steps"]
    assert [x["state"] for x in j] == ["handed", "done"] and j[1]["due_on"] == "2026-04-09"
    r = lifecycle.act(cat_db, clerk, at(date(2026, 4, 10)), case.number, Action.COMPLETE, {"result": "已发证"})
    assert r.status == "completed"


def test_lights_of_a_unit_follow_the_clock(cat_db, clock, clerk):
    case = register(cat_db, clock, clerk)
    step(cat_db, clerk, date(2026, 3, 16), case.number, unit=HOSPITAL, step="start", limit_days=3)
    seen = {}
    for day in (date(2026, 3, 16), date(2026, 3, 17), date(2026, 3, 19), date(2026, 3, 23)):
        s = cases.get_case(cat_db, clerk, case.number, today=day).joint_steps[1]
        seen[day] = (s.due_on, s.light, s.days_left, s.days_overdue)
    assert seen == {
        date(2026, 3, 16): (date(2026, 3, 19), "green", 3, 0),
        date(2026, 3, 17): (date(2026, 3, 19), "yellow", 2, 0),
        date(2026, 3, 19): (date(2026, 3, 19), "due_today", 0, 0),
        date(2026, 3, 23): (date(2026, 3, 19), "red", 0, 2),
    }


def test_natural_day_limit_lands_on_the_next_working_day(cat_db, clerk):
    day = date(2026, 9, 30)
    case = register(cat_db, at(day), clerk)
    step(cat_db, clerk, day, case.number, unit=FEDERATION, step="start", limit_days=1, day_kind="natural")
    s = cases.get_case(cat_db, clerk, case.number, today=day).joint_steps[0]
    assert (s.day_kind, s.due_on) == ("natural", date(2026, 10, 8))


def test_a_suspension_of_the_case_is_not_counted_for_a_working_unit(cat_db, clock, clerk):
    case = register(cat_db, clock, clerk)
    step(cat_db, clerk, date(2026, 3, 16), case.number, unit=FEDERATION, step="start", limit_days=5)
    lifecycle.act(cat_db, clerk, at(date(2026, 3, 17)), case.number, Action.SUSPEND, {"reason": "鉴定"})
    lifecycle.act(cat_db, clerk, at(date(2026, 3, 24)), case.number, Action.RESUME)
    s = cases.get_case(cat_db, clerk, case.number, today=date(2026, 3, 24)).joint_steps[0]
    # 03-17..03-23 suspended (5 working days): 03-23 + 5 working days
    assert s.due_on == date(2026, 3, 30)


@pytest.mark.parametrize("data, words", [
    ({"unit": "县民政局", "step": "start", "limit_days": 5}, "不是本案的联办单位"),
    ({"unit": "", "step": "start", "limit_days": 5}, "联办单位不能为空"),
    ({"unit": FEDERATION, "step": "finish"}, "联办环节“finish”无效"),
    ({"unit": FEDERATION, "step": "start"}, "办理时限（天）须为 1 到 365"),
    ({"unit": FEDERATION, "step": "start", "limit_days": "0"}, "办理时限（天）须为 1 到 365"),
    ({"unit": FEDERATION, "step": "start", "limit_days": "五"}, "办理时限（天）须为 1 到 365"),
    ({"unit": FEDERATION, "step": "start", "limit_days": 5, "day_kind": "lunar"}, "期限类型“lunar”无效"),
    ({"unit": FEDERATION, "step": "progress", "note": "x"}, "当前为“待办”，不能记录进展"),
    ({"unit": FEDERATION, "step": "handover", "contact": "李四", "phone": "13800138000"}, "不能移交下一单位"),
])
def test_bad_steps_are_refused_with_one_line_and_nothing_written(cat_db, clock, clerk, data, words):
    case = register(cat_db, clock, clerk)
    before = written(cat_db)
    with pytest.raises(InputError) as err:
        step(cat_db, clerk, date(2026, 3, 16), case.number, **data)
    assert words in str(err.value) and "\n" not in str(err.value)
    assert written(cat_db) == before


def test_handover_needs_the_next_units_contact_and_a_valid_phone(cat_db, clock, clerk):
    case = register(cat_db, clock, clerk)
    step(cat_db, clerk, date(2026, 3, 16), case.number, unit=FEDERATION, step="start", limit_days=5)
    before = written(cat_db)
    for data, words in [({"phone": "13800138000"}, "下一单位对接人不能为空"),
                        ({"contact": "李四"}, "对接人电话不能为空"),
                        ({"contact": "李四", "phone": "12345"}, "对接人电话应为 11 位手机号码")]:
        with pytest.raises(InputError, match=words):
            step(cat_db, clerk, date(2026, 3, 17), case.number, unit=FEDERATION, step="handover", **data)
    with pytest.raises(InputError, match="不能开始办理"):  # started already
        step(cat_db, clerk, date(2026, 3, 17), case.number, unit=FEDERATION, step="start", limit_days=3)
    with pytest.raises(InputError, match="说明不能为空"):  # a progress entry is its note
        step(cat_db, clerk, date(2026, 3, 17), case.number, unit=FEDERATION, step="progress")
    step(cat_db, clerk, date(2026, 3, 17), case.number, unit=HOSPITAL, step="start", limit_days=3)
    with pytest.raises(InputError, match="最后一个联办单位"):  # nobody after the hospital
        step(cat_db, clerk, date(2026, 3, 17), case.number, unit=HOSPITAL, step="handover", contact="王五",
             phone="13800138000")
    assert written(cat_db)[0] == before[0] + 1


def test_a_case_that_is_not_joint_has_no_joint_steps(cat_db, clock, clerk):
    case = register(cat_db, clock, clerk, "MZ-001")
    before = written(cat_db)
    with pytest.raises(InputError, match=f"办件 {case.number} 不是联办件"):
        step(cat_db, clerk, date(2026, 3, 16), case.number, unit=FEDERATION, step="start", limit_days=5)
    assert written(cat_db) == before


def test_the_case_completes_only_when_every_started_unit_is_done_or_handed_over(cat_db, clock, clerk):
    case = register(cat_db, clock, clerk)
    step(cat_db, clerk, date(2026, 3, 16), case.number, unit=FEDERATION, step="start", limit_days=5)
    step(cat_db, clerk, date(2026, 3, 16), case.number, unit=HOSPITAL, step="start", limit_days=5)
    later = at(date(2026, 3, 20))
    with pytest.raises(InputError, match=f"联办单位尚未办结或移交：{FEDERATION}、{HOSPITAL}"):
        lifecycle.act(cat_db, clerk, later, case.number, Action.COMPLETE, {"result": "已办结"})
    step(cat_db, clerk, date(2026, 3, 20), case.number, unit=FEDERATION, step="done")
    with pytest.raises(InputError, match=f"联办单位尚未办结或移交：{HOSPITAL}；"):
        lifecycle.act(cat_db, clerk, later, case.number, Action.COMPLETE, {"result": "已办结"})
    step(cat_db, clerk, date(2026, 3, 20), case.number, unit=HOSPITAL, step="done")
    assert lifecycle.act(cat_db, clerk, later, case.number, Action.COMPLETE, {"result": "已办结"}).status == "completed"


def test_a_unit_never_started_does_not_hold_the_case_open(cat_db, clock, clerk):
    case = register(cat_db, clock, clerk)
    step(cat_db, clerk, date(2026, 3, 16), case.number, unit=FEDERATION, step="start", limit_days=5)
    step(cat_db, clerk, date(2026, 3, 17), case.number, unit=FEDERATION, step="done")
    r = lifecycle.act(cat_db, clerk, at(date(2026, 3, 17)), case.number, Action.COMPLETE, {"result": "无需评残"})
    assert r.status == "completed"
    v = cases.get_case(cat_db, clerk, case.number, today=date(2026, 3, 17))
    assert [j.state for j in v.joint_steps] == ["done", "waiting"]


def test_every_step_is_an_event_and_an_audit_entry(cat_db, clock, clerk):
    case = register(cat_db, clock, clerk)
    handler = staff.actor_for(cat_db, "wangfang")
    lifecycle.act(cat_db, clerk, clock, case.number, Action.HANDOVER, {"to": "wangfang"})
    # the colleague the case was handed to records the unit's steps too
    step(cat_db, handler, date(2026, 3, 16), case.number, unit=FEDERATION, step="start", limit_days=5)
    with cat_db.read() as s:
        entries = s.exec(select(AuditEntry).where(AuditEntry.action == "case.joint_step")).all()
        [event] = s.exec(select(CaseEvent).where(CaseEvent.type == "joint_step")).all()
    assert [(e.actor, e.entity_key) for e in entries] == [("wangfang", case.number)]
    assert json.loads(event.data) == {"on": "2026-03-16", "unit": FEDERATION, "step": "start", "limit_days": 5,
                                      "day_kind": "working", "note": ""}
    after = json.loads(entries[0].after)  # what was decided, without the free-text note
    assert (after["unit"], after["step"], after["limit_days"]) == (FEDERATION, "start", 5) and "note" not in after
    assert audit.verify(cat_db).ok
