"""The quarterly assessment (issue 15 item 2) on a hand-built quarter, on SQLite and PostgreSQL: every
expected value is worked out in the comments from the default weights 20/30/25/15/10 (workload, on time,
satisfaction, attendance, complaints), pass 60, excellent 90, 50 points a substantiated complaint."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlmodel import select

from quancheng_tui.errors import InputError, NotPermitted
from quancheng_tui.services import assessment, setup, staff
from quancheng_tui.services.context import fixed_clock
from quancheng_tui.store.accountability_tables import AccountabilityDecision, AccountabilityEntry
from quancheng_tui.store.attendance_tables import AttendanceDay
from quancheng_tui.store.case_tables import Case, CaseEvent
from quancheng_tui.store.roster_tables import StaffAbsence
from quancheng_tui.store.tables import AuditEntry, Staff
from quancheng_tui.store.voice_tables import Complaint, Rating

CST = timezone(timedelta(hours=8))
NOW = datetime(2026, 4, 10, 9, 0, tzinfo=CST)  # Q1 2026 is over; Q4 2025 is the quarter before


def at(month: int, day: int, year: int = 2026, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=CST)


def _case(s, n, owner, due, done, rating=None):
    row = Case(number=f"QS-{n:04d}", matter_code="M1", matter_name="事项", category="own", kind="promised",
               status="completed", mode="counter", applicant_name="张三", village="V01", received_on=date(2026, 3, 2),
               registered_at=at(3, 2), registered_by=owner, owner=owner, due_on=due)
    s.add(row)
    s.flush()
    s.add(CaseEvent(case_id=row.id, at=done, actor=owner, type="complete", data=json.dumps({"on": done.date().isoformat()})))
    if rating:
        s.add(Rating(case_id=row.id, level=rating, overall=rating, efficiency=rating, skill=rating, attitude=rating,
                     channel="hall", at=done + timedelta(hours=1)))
    return row


def _entry(s, login, source_id, decisions):
    e = AccountabilityEntry(source="overdue", source_id=source_id, login=login, occurred_on=date(2026, 3, 5),
                            summary="超期", entered_at=at(3, 6))
    s.add(e)
    s.flush()
    for i, (measure, when) in enumerate(decisions):
        s.add(AccountabilityDecision(entry_id=e.id, measure=measure, reason=f"第{i + 1}次", leader="lixiang", at=when))


@pytest.fixture
def office(db):
    clock = fixed_clock(NOW)
    setup.initialize(db, clock, "青山镇便民服务中心", "QS", "admin", "管理员", "demo1234", demo=True, catalog=[])
    with db.write() as s:
        for person in s.exec(select(Staff)).all():  # everyone joined on Monday 3-23: 7 working days to 3-31
            person.created_at = at(3, 23, hour=8)
            s.add(person)
        # zhangwei: 2 completed (1 on time, 1 late); rated 满意 and 不满意; signed in 4 days; on leave 3-30..31
        _case(s, 1, "zhangwei", date(2026, 3, 10), at(3, 9), "满意")
        _case(s, 2, "zhangwei", date(2026, 3, 10), at(3, 12), "不满意")
        s.add(StaffAbsence(login="zhangwei", kind="leave", starts_on=date(2026, 3, 30), ends_on=date(2026, 3, 31),
                           created_at=at(3, 20), created_by="lixiang"))
        for day in (23, 24, 25, 26):
            s.add(AttendanceDay(login="zhangwei", day=date(2026, 3, day), signed_in_at=at(3, day, hour=8)))
        # an entry first decided 通报批评, then reconsidered as 提醒: the standing decision is no sanction
        _entry(s, "zhangwei", 1, [("criticize", at(3, 7)), ("remind", at(3, 8))])
        # wangfang: 1 completed on time, 非常满意; present all 7 days; two substantiated complaints (a veto)
        c3 = _case(s, 3, "wangfang", date(2026, 3, 20), at(3, 19), "非常满意")
        for day in (23, 24, 25, 26, 27, 30, 31):
            s.add(AttendanceDay(login="wangfang", day=date(2026, 3, day), signed_in_at=at(3, day, hour=8)))
        # she joined on 2025-12-01 (so Q4 2025 is hers too) and was on leave from New Year to 3-22: this
        # quarter she too had the 7 working days from 3-23
        wangfang = s.exec(select(Staff).where(Staff.login == "wangfang")).one()
        wangfang.created_at = at(12, 1, year=2025, hour=8)
        s.add(wangfang)
        s.add(StaffAbsence(login="wangfang", kind="leave", starts_on=date(2026, 1, 1), ends_on=date(2026, 3, 22),
                           created_at=at(12, 20, year=2025), created_by="lixiang"))
        for about, case_id in (("wangfang", None), (None, c3.id)):
            s.add(Complaint(complainant="李四", case_id=case_id, about_staff=about, what="态度差", channel="phone",
                            received_at=at(3, 25), received_by="zhaomin", due_on=date(2026, 3, 31),
                            answered_at=at(3, 26), answered_by="lixiang", finding="substantiated"))
        # and in Q4 2025 a standing 诫勉: that quarter failed too
        _entry(s, "wangfang", 2, [("admonish", at(12, 1, year=2025))])
    return db, clock


def test_the_quarter_by_hand(office):
    db, clock = office
    a = assessment.quarterly(db, staff.actor_for(db, "lixiang"), clock, 2026, 1)
    assert (a.start, a.end, a.through) == (date(2026, 1, 1), date(2026, 3, 31), date(2026, 3, 31))
    people = {p.login: p for p in a.people}
    z = people["zhangwei"]
    # workload 2/2 = 100 (the most anyone completed); on time 1/2 = 50; satisfied 1/2 = 50;
    # attendance 4 / (7 working days − 2 on leave) = 80; complaints 100.
    assert z.result.parts == {"workload": 100.0, "on_time": 50.0, "satisfaction": 50.0, "attendance": 80.0,
                              "complaints": 100.0}
    # (20·100 + 30·50 + 25·50 + 15·80 + 10·100) / 100 = (2000 + 1500 + 1250 + 1200 + 1000) / 100 = 69.5
    assert (z.result.score, z.result.grade, z.result.vetoes, z.consequence) == (69.5, "pass", (), None)
    assert z.inputs.days_due == 5 and z.inputs.sanctions == 0  # 通报批评 was replaced by 提醒
    w = people["wangfang"]
    # workload 1/2 = 50; on time 1/1; satisfied 1/1; attendance 7/7; complaints 100 − 2·50 = 0
    # (20·50 + 30·100 + 25·100 + 15·100 + 10·0) / 100 = 80.0, failed by the veto of two complaints
    assert (w.result.score, w.result.grade, w.result.vetoes) == (80.0, "fail", ("complaints",))
    # the quarter before failed too (the standing 诫勉 of 2025-12-01): sent back and replaced
    assert (w.failed_before, w.consequence) == (True, "replace")
    liuna = people["liuna"]
    # nothing completed: workload 0/2 = 0; on time and satisfaction unmeasured (100); attendance 0/7 = 0
    # (0 + 3000 + 2500 + 0 + 1000) / 100 = 65.0
    assert (liuna.result.score, liuna.result.grade, liuna.result.unmeasured) == (65.0, "pass",
                                                                                ("on_time", "satisfaction"))
    # ranks: zhangwei 69.5 first, those at 65.0 share second, wangfang last (vetoed) despite her 80.0
    assert z.rank == 1 and liuna.rank == 2 and w.rank == len(a.people)
    assert a.people[0].login == "zhangwei" and a.people[-1].login == "wangfang"
    assert "lixiang" not in people and "admin" not in people  # leaders and admins are not assessed here
    # Q4 2025: only wangfang had joined; her standing 诫勉 fails it (the others were added on 3-23)
    q4 = assessment.quarterly(db, staff.actor_for(db, "lixiang"), clock, 2025, 4)
    assert [(p.login, p.result.grade, p.result.vetoes) for p in q4.people] == [("wangfang", "fail", ("accountability",))]


def test_weights_are_office_settings_changed_by_admins_and_audited(office):
    db, clock = office
    admin = staff.actor_for(db, "admin")
    with pytest.raises(NotPermitted):
        assessment.configure(db, staff.actor_for(db, "lixiang"), clock, on_time=50)
    with pytest.raises(InputError):
        assessment.configure(db, admin, clock, on_time=50, pass_mark=101)
    changed = assessment.configure(db, admin, clock, complaints=0, veto_complaints=0)
    assert (changed.complaints, changed.veto_complaints, changed.on_time) == (0, 0, 30)
    a = assessment.quarterly(db, staff.actor_for(db, "lixiang"), clock, 2026, 1)
    w = next(p for p in a.people if p.login == "wangfang")
    # without the complaints part and its veto: (20·50 + 30·100 + 25·100 + 15·100) / 90 = 8000 / 90 = 88.9;
    # her 诫勉 stands in Q4 2025, not in this quarter: a pass
    assert (w.result.score, w.result.grade, w.result.vetoes) == (88.9, "pass", ())
    with db.read() as s:
        rows = s.exec(select(AuditEntry).where(AuditEntry.action == "settings.update")).all()
    assert [(r.actor, r.entity_key, json.loads(r.after)) for r in rows] == [
        ("admin", "assessment", {"complaints": 0, "veto_complaints": 0})]


def test_who_may_read_it(office):
    db, clock = office
    for login in ("zhangwei", "zhoujun"):
        with pytest.raises(NotPermitted):
            assessment.quarterly(db, staff.actor_for(db, login), clock, 2026, 1)
    default = assessment.quarterly(db, staff.actor_for(db, "admin"), clock)  # the last finished quarter: Q1
    assert (default.year, default.quarter) == (2026, 1)
