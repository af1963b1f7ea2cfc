"""The report's figures (issue 15 items 1 and 6) on a hand-built office whose every expected value is
worked out below by hand, on SQLite and PostgreSQL.

The rows are written straight into the tables (cases, their events, ratings, complaints, notices) so each
date is the one the arithmetic names; one test at the end goes through the real services instead, to prove
that what lifecycle.act stores for the applicant's own delay is what the report reads.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from quancheng_tui.domain.lifecycle import Action
from quancheng_tui.errors import NotFound, NotPermitted
from quancheng_tui.services import cases, lifecycle, reports, setup, staff
from quancheng_tui.services.case_views import RegistrationInput
from quancheng_tui.services.context import fixed_clock
from quancheng_tui.store.case_tables import Case, CaseEvent, Notice, NoticeBreach
from quancheng_tui.store.tables import Matter
from quancheng_tui.store.voice_tables import Complaint, Rating, RatingReview

CST = timezone(timedelta(hours=8))
NOW = datetime(2026, 4, 10, 9, 0, tzinfo=CST)  # the report of March is run in April
MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def at(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=CST)


def _matter(s, code, statutory, promised, active=True):
    s.add(Matter(code=code, code_key=code.lower().replace("-", ""), name=f"事项{code}", category="own",
                 kind="promised", statutory_days=statutory, promised_days=promised, active=active,
                 updated_at=NOW))


def _case(s, n, received, *, owner="zhangwei", by=None, village="V01", category="own", kind="promised",
          mode="counter", due=None, status="in_progress", notice_id=None) -> Case:
    row = Case(number=f"QS-{n:04d}", matter_code="M1", matter_name="事项M1", category=category, kind=kind,
               status=status, mode=mode, applicant_name="张三", village=village, received_on=received,
               registered_at=datetime.combine(received, datetime.min.time(), CST), registered_by=by or owner,
               owner=owner, due_on=due, notice_id=notice_id)
    s.add(row)
    s.flush()
    return row


def _event(s, case: Case, kind: str, when: datetime, **data) -> None:
    data = {"on": when.date().isoformat(), **data}
    s.add(CaseEvent(case_id=case.id, at=when, actor=case.owner, type=kind, data=json.dumps(data, ensure_ascii=False)))


def _rating(s, case: Case, level: str, when: datetime, reviewed: bool = False) -> None:
    r = Rating(case_id=case.id, level=level, overall=level, efficiency=level, skill=level, attitude=level,
               channel="hall", at=when)
    s.add(r)
    s.flush()
    if reviewed:
        s.add(RatingReview(rating_id=r.id, leader="lixiang", ruling="malicious", reason="与事实不符", at=when))


def _complaint(s, channel, received, due, *, case=None, about=None, answered=None, finding=None, simple=False):
    s.add(Complaint(complainant="王小明", case_id=case.id if case else None, about_staff=about, what="态度生硬",
                    channel=channel, simple=simple, received_at=received, received_by="zhaomin", due_on=due,
                    answered_at=answered, finding=finding, answered_by="lixiang" if answered else None))


@pytest.fixture
def office(db):
    clock = fixed_clock(NOW)
    setup.initialize(db, clock, "青山镇便民服务中心", "QS", "admin", "管理员", "demo1234", demo=True, catalog=[])
    with db.write() as s:
        # The catalog: two matters with a statutory limit count. M1 20→10 days (cut 50%: meets 002's rule),
        # M2 30→20 (cut 33%: does not); M3 has no statutory limit, M4 is retired: both left out.
        # Compression = 1 − (10+20)/(20+30) = 1 − 30/50 = 40%; meeting 1 of 2.
        _matter(s, "M1", 20, 10)
        _matter(s, "M2", 30, 20)
        _matter(s, "M3", 0, 0)
        _matter(s, "M4", 10, 9, active=False)
        notice = Notice(number="QS-GZ20260305-0001", matter_code="M1", matter_name="事项M1", applicant_name="张三",
                        received_on=date(2026, 3, 5), issued_at=at(3, 5), issued_by="wangfang")
        s.add(notice)
        s.flush()
        c1 = _case(s, 1, date(2026, 3, 2), due=date(2026, 3, 10), status="completed")
        _event(s, c1, "complete", at(3, 9))  # on time (3-09 ≤ 3-10)
        _rating(s, c1, "满意", at(3, 12))
        c2 = _case(s, 2, date(2026, 3, 3), due=date(2026, 3, 10), status="completed")
        _event(s, c2, "complete", at(3, 12))  # late (3-12 > 3-10)
        _rating(s, c2, "不满意", at(3, 13))
        c3 = _case(s, 3, date(2026, 3, 4), village="V02", due=date(2026, 3, 11), status="completed")
        _event(s, c3, "suspend", at(3, 5), reason="申请人外出", cause="applicant")
        _event(s, c3, "resume", at(3, 15))
        _event(s, c3, "complete", at(3, 20))  # late by the date, on time: the applicant's own delay
        _rating(s, c3, "非常不满意", at(3, 21), reviewed=True)  # ruled malicious: out of every figure
        c4 = _case(s, 4, date(2026, 3, 5), owner="wangfang", by="zhoujun", village="V02", mode="proxy",
                   due=date(2026, 3, 20), status="completed", notice_id=notice.id)
        # 00:30 on 3-21 in the office's zone is still 3-20 in UTC: late only if the day is taken locally.
        _event(s, c4, "complete", at(3, 21, 0, 30))
        _case(s, 5, date(2026, 3, 6), owner="wangfang", by="sunli", category="joint", mode="accompany",
              due=date(2026, 3, 31))  # open past its due date: overdue
        _case(s, 7, date(2026, 3, 10), owner="sunli", category="consult", kind=None, mode="advise", status="closed")
        c6 = _case(s, 6, date(2026, 3, 9), village=None, kind="instant", due=date(2026, 3, 9), status="completed")
        _event(s, c6, "complete", at(3, 9, 16))  # on time, the same day
        _rating(s, c6, "非常满意", at(4, 2))  # rated in April: not in March's 好评率, yet c6 was rated (应评尽评)
        c8 = _case(s, 8, date(2026, 2, 20), due=date(2026, 3, 5), status="completed")
        _event(s, c8, "complete", at(3, 6))  # received in February, completed (late) in March
        _case(s, 9, date(2026, 3, 25), due=date(2026, 4, 15))  # open, not yet due
        c10 = _case(s, 10, date(2026, 2, 10), due=date(2026, 2, 20), status="completed")
        _event(s, c10, "complete", at(2, 25))  # late, but in February: nothing of March's
        _rating(s, c10, "满意", at(2, 26))
        c11 = _case(s, 11, date(2026, 3, 12), owner="liuna", village="V02", due=date(2026, 3, 13), status="suspended")
        _event(s, c11, "suspend", at(3, 12), reason="鉴定", cause="office")  # the clock stands: not overdue
        c12 = _case(s, 12, date(2026, 3, 15), due=date(2026, 3, 18), status="withdrawn")
        _event(s, c12, "withdraw", at(3, 20), reason="申请人主动撤回", cause="applicant")  # not overdue
        _case(s, 13, date(2026, 4, 1), due=date(2026, 4, 20))  # April
        s.add(NoticeBreach(notice_id=notice.id, material_code="X1", material_name="补充材料", reason="漏告知",
                           requested_by="wangfang", approved_by="lixiang", at=at(3, 8)))
        s.add(NoticeBreach(notice_id=notice.id, material_code="X2", material_name="另一材料", reason="漏告知",
                           requested_by="wangfang", approved_by="lixiang", at=at(2, 28)))  # February
        _complaint(s, "phone", at(3, 13), date(2026, 3, 20), case=c2, about="zhangwei", answered=at(3, 19),
                   finding="substantiated")  # answered in time
        _complaint(s, "visit", at(3, 16), date(2026, 3, 16), case=c4, simple=True, answered=at(3, 17, 9),
                   finding="unsubstantiated")  # a simple one answered the next day: late
        _complaint(s, "phone", at(3, 30), date(2026, 4, 7), about="liuna")  # still unanswered
        _complaint(s, "letter", at(2, 27), date(2026, 3, 6), about="zhangwei")  # February
    return db, clock


def test_march_figures_of_the_whole_office(office):
    db, clock = office
    r = reports.figures(db, staff.actor_for(db, "lixiang"), clock, *MARCH)
    # received 3-01..3-31: cases 1 2 3 4 5 6 7 9 11 12 = 10 (8 was received in February, 13 in April)
    assert r.received == 10
    assert {c.key: c.received for c in r.by_category} == {"own": 8, "joint": 1, "consult": 1}
    assert {c.key: c.received for c in r.by_kind} == {"instant": 1, "promised": 8}  # consult has no kind
    assert {c.key: c.received for c in r.by_mode} == {"counter": 7, "proxy": 1, "accompany": 1, "advise": 1}
    assert [c.key for c in r.by_mode] == ["counter", "proxy", "accompany", "advise"]  # the enum's order
    # registered by a village agent: 4 (zhoujun), 5 and 7 (sunli) = 3 of 10
    assert (r.village_point, r.village_share) == (3, 0.3)
    # completed in March (their complete event): 1 2 3 4 6 8 = 6, all 受理件; kinds: instant 6, promised the rest
    assert r.completed == 6
    assert {c.key: c.completed for c in r.by_category} == {"own": 6, "joint": 0, "consult": 0}
    assert {c.key: c.completed for c in r.by_kind} == {"instant": 1, "promised": 5}
    assert {c.key: c.completed for c in r.by_mode} == {"counter": 5, "proxy": 1, "accompany": 0, "advise": 0}
    # 一次办结: without a one-time notice, every completed case but 4 = 5/6
    assert (r.one_visit, r.one_visit_rate) == (5, 5 / 6)
    # on time of the 6 (all have a due date): 1 (3-09≤3-10), 3 (applicant), 6 (same day) = 3; late 2, 4, 8
    assert (r.timed, r.on_time, r.on_time_rate) == (6, 3, 0.5)
    # ratings given in March: 1 满意, 2 不满意 (3 ruled malicious: out); 10 in Feb and 6 in April: not March's
    assert (r.rated, r.satisfied, r.bad, r.reviewed_out) == (2, 1, 1, 1)
    assert r.satisfaction_rate == 0.5
    # 应评尽评: of the 6 completed, rated (a counted rating, whenever given): 1, 2, 6 = 3/6
    assert (r.completed_rated, r.coverage) == (3, 0.5)
    assert r.breaches == 1  # 3-08 (the other was approved in February)
    # complaints received in March: phone 2 (one answered in time, substantiated; one open), visit 1 (late)
    assert [(c.channel, c.received, c.answered, c.answered_on_time, c.substantiated) for c in r.complaints] == [
        ("phone", 2, 1, 1, 1), ("visit", 1, 1, 0, 0)]
    assert (r.complaints_received, r.complaints_on_time) == (3, 1)
    assert r.complaint_on_time_rate == pytest.approx(1 / 3)
    # overdue by 3-31: 8 (due 3-05, done 3-06), 2 (3-10, 3-12), 4 (3-20, 3-21), 5 (3-31, open);
    # not 3 or 12 (the applicant's delay), 11 (suspended), 10 (ended in February), 9 (due in April)
    assert r.overdue_total == 4
    assert [(o.number, o.due_on, o.ended_on) for o in r.overdue] == [
        ("QS-0008", date(2026, 3, 5), date(2026, 3, 6)), ("QS-0002", date(2026, 3, 10), date(2026, 3, 12)),
        ("QS-0004", date(2026, 3, 20), date(2026, 3, 21)), ("QS-0005", date(2026, 3, 31), None)]
    c = r.compression
    assert (c.matters, c.meeting, c.promised_days, c.statutory_days) == (2, 1, 30, 50)
    assert c.rate == pytest.approx(0.4)
    assert [(m.month, m.received, m.completed) for m in r.months] == [("2026-03", 10, 6)]


def test_per_staff_member(office):
    db, clock = office
    r = reports.figures(db, staff.actor_for(db, "admin"), clock, *MARCH)
    rows = {s.login: s for s in r.staff}
    z = rows["zhangwei"]
    # received 1 2 3 6 9 12 = 6; completed 1 2 3 6 8 = 5, on time 1 3 6 = 3; rated in March 1 (满意), 2 (不满意);
    # complaints: the phone one about them (the February letter is not March's)
    assert (z.received, z.completed, z.timed, z.on_time, z.rated, z.satisfied, z.complaints) == (6, 5, 5, 3, 2, 1, 1)
    assert (z.on_time_rate, z.satisfaction_rate) == (0.6, 0.5)
    w = rows["wangfang"]
    # received 4, 5; completed 4 (late); the visit complaint names case 4, which is hers
    assert (w.received, w.completed, w.on_time, w.rated, w.complaints) == (2, 1, 0, 0, 1)
    assert (rows["liuna"].received, rows["liuna"].complaints) == (1, 1)
    assert rows["sunli"].received == 1
    assert [s.login for s in r.staff][:2] == ["zhangwei", "wangfang"]  # most completed first


def test_one_village(office):
    db, clock = office
    r = reports.figures(db, staff.actor_for(db, "lixiang"), clock, *MARCH, village="V01")
    # V01: cases 1 2 5 7 8 9 12; received in March 1 2 5 7 9 12 = 6; completed 1 2 8 = 3, on time 1 only
    assert (r.received, r.completed, r.on_time, r.timed) == (6, 3, 1, 3)
    assert (r.rated, r.satisfied) == (2, 1)  # 1 and 2
    assert r.breaches == 0  # the notice is case 4's, of V02
    assert [(c.channel, c.received) for c in r.complaints] == [("phone", 1)]  # about case 2; not the one of no case
    assert [o.number for o in r.overdue] == ["QS-0008", "QS-0002", "QS-0005"]
    assert r.village_point == 2  # 5 and 7, by sunli


def test_an_agent_sees_their_own_village_only(office):
    db, clock = office
    sunli = staff.actor_for(db, "sunli")  # agent of V01
    assert reports.figures(db, sunli, clock, *MARCH).received == 6
    assert reports.figures(db, sunli, clock, *MARCH, village="V01").village == "V01"
    with pytest.raises(NotPermitted):
        reports.figures(db, sunli, clock, *MARCH, village="V02")


def test_who_may_read_figures_and_bad_input(office):
    db, clock = office
    for login in ("zhangwei", "wangfang"):  # clerk, handler: not their colleagues' figures
        with pytest.raises(NotPermitted):
            reports.figures(db, staff.actor_for(db, login), clock, *MARCH)
    assert reports.figures(db, staff.actor_for(db, "zhaomin"), clock, *MARCH).received == 10  # supervisor
    with pytest.raises(NotFound):
        reports.figures(db, staff.actor_for(db, "admin"), clock, *MARCH, village="V99")
    from quancheng_tui.errors import InputError

    with pytest.raises(InputError):
        reports.figures(db, staff.actor_for(db, "admin"), clock, date(2026, 3, 31), date(2026, 3, 1))


def test_a_quarter_month_by_month(office):
    db, clock = office
    r = reports.figures(db, staff.actor_for(db, "admin"), clock, date(2026, 1, 1), date(2026, 3, 31))
    # February: received 8 and 10; completed 10 (2-25). March as above.
    assert [(m.month, m.received, m.completed) for m in r.months] == [
        ("2026-01", 0, 0), ("2026-02", 2, 1), ("2026-03", 10, 6)]
    assert (r.received, r.completed) == (12, 7)
    assert (r.rated, r.reviewed_out) == (3, 1)  # 1, 2 and 10 (February)


def test_attendance_comes_from_the_attendance_service(office):
    db, _ = office
    from quancheng_tui.services import attendance

    # zhangwei signs in on 3-02, 3-03 and 3-31 (and 4-01: April's); wangfang on 3-02 only
    for login, days in (("zhangwei", (2, 3, 31)), ("wangfang", (2,))):
        for day in days:
            attendance.sign_in(db, staff.actor_for(db, login), fixed_clock(at(3, day, 8)))
    attendance.sign_in(db, staff.actor_for(db, "zhangwei"), fixed_clock(at(4, 1, 8)))
    r = reports.figures(db, staff.actor_for(db, "admin"), fixed_clock(NOW), *MARCH)
    got = {s.login: s.attendance for s in r.staff}
    assert (got["zhangwei"], got["wangfang"], got["liuna"]) == (3, 1, 0)


def test_the_applicants_delay_as_the_lifecycle_records_it(db):
    """Through the real services: a case suspended for the applicant's own cause counts as on time even
    when completed long after its due date; its twin without that suspension is late."""
    from office_fixture import CATALOG, sample_specs

    clock = fixed_clock(datetime(2026, 3, 2, 9, 0, tzinfo=CST))
    setup.initialize(db, clock, "青山镇便民服务中心", "QS", "admin", "管理员", "demo1234", demo=True,
                     catalog=[sample_specs()[c] for c in CATALOG])
    zhang = staff.actor_for(db, "zhangwei")
    numbers = []
    for _ in range(2):
        numbers.append(cases.register_case(db, zhang, clock, RegistrationInput(
            "MZ-001", name="张三", id_number="11010519491231002X", phone="13812345678", village="V01")).number)
    lifecycle.act(db, zhang, clock, numbers[0], Action.SUSPEND, {"reason": "申请人外出务工", "cause": "applicant"})
    lifecycle.act(db, zhang, clock, numbers[0], Action.RESUME, {})
    late = fixed_clock(datetime(2026, 6, 15, 10, 0, tzinfo=CST))
    for number in numbers:
        lifecycle.act(db, zhang, late, number, Action.COMPLETE, {"result": "已办结"})
    r = reports.figures(db, staff.actor_for(db, "lixiang"), late, date(2026, 6, 1), date(2026, 6, 30))
    assert (r.completed, r.timed, r.on_time) == (2, 2, 1)
    assert [o.number for o in r.overdue] == [numbers[1]]



def test_the_same_figures_inside_a_callers_transaction(office):
    db, clock = office
    with db.read() as session:
        inside = reports.figures_in(session, clock, *MARCH)
    assert inside == reports.figures(db, staff.actor_for(db, "admin"), clock, *MARCH)
