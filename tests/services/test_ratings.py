"""Ratings, rectification and follow-ups (issue 14 items 2, 3, 5; domain.md §9), on SQLite and PostgreSQL.

The cases are registered and walked through the real services on the demo office with the sample
catalog on the fixed clock (Monday 2026-03-16): zhangwei registers and completes, the applicant
rates at the hall terminal, or another member of staff records a rating given by phone.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from quancheng_tui.domain.lifecycle import Action
from quancheng_tui.errors import Conflict, InputError, NotPermitted
from quancheng_tui.services import audit, followups, lifecycle, ratings, staff
from quancheng_tui.services import cases as case_svc
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.case_views import RegistrationInput
from quancheng_tui.services.context import fixed_clock
from quancheng_tui.store.voice_tables import FollowUp, Rating, Rectification

ID = "11010519491231002X"
PHONE = "13812345678"
TWO_LEVELS = {"服务效率": "满意", "attitude": "非常满意"}


@pytest.fixture
def cat_db(office_db, clock):
    catalog_svc.import_catalog(office_db, staff.actor_for(office_db, "admin"), clock, catalog_svc.SAMPLE_CATALOG)
    return office_db


def _who(db, login):
    return staff.actor_for(db, login)


def _done_case(db, clock, *, handover: bool = False) -> str:
    """zhangwei's 低保 case in V01, completed (handed to wangfang first when asked)."""
    clerk = _who(db, "zhangwei")
    number = case_svc.register_case(db, clerk, clock, RegistrationInput(
        "MZ-001", name="王小明", id_number=ID, phone=PHONE, village="V01")).number
    if handover:
        lifecycle.act(db, clerk, clock, number, Action.HANDOVER, {"to": "wangfang", "note": "请核实"})
    lifecycle.act(db, clerk, clock, number, Action.COMPLETE, {"result": "已批准"})
    return number


def _count(db, table) -> int:
    with db.read() as s:
        return s.exec(select(func.count()).select_from(table)).one()


def test_the_visitor_rates_once_with_the_four_indicators(cat_db, clock):
    number = _done_case(cat_db, clock)
    view = ratings.rate_by_visitor(cat_db, clock, number, ID[-4:], "满意", TWO_LEVELS, comment="办得快")
    assert (view.level, view.channel, view.recorded_by, view.real_name, view.rater) == ("满意", "hall", None, False, "")
    assert dict(view.indicators) == {"overall": "满意", "efficiency": "满意", "skill": "满意", "attitude": "非常满意"}
    assert view.rectification is None and view.followup_id is None
    with pytest.raises(Conflict, match="一次一评"):
        ratings.rate_by_visitor(cat_db, clock, number, PHONE[-4:], "非常满意", {})
    with pytest.raises(Conflict, match="一次一评"):
        ratings.record_rating(cat_db, _who(cat_db, "lixiang"), clock, number, "phone", "不满意")
    with pytest.raises(Conflict, match="一次一评"):  # the case screen's path keeps the same rule
        lifecycle.act(cat_db, _who(cat_db, "lixiang"), clock, number, Action.RATE, {"level": "满意", "channel": "qr"})
    assert _count(cat_db, Rating) == 1
    event = case_svc.get_case(cat_db, _who(cat_db, "admin"), number).events[-1]
    assert (event.type, event.data["level"], event.data["channel"]) == ("rate", "满意", "hall")
    assert audit.verify(cat_db).ok


def test_a_wrong_proof_or_number_is_one_refusal_and_changes_nothing(cat_db, clock):
    number = _done_case(cat_db, clock)
    for case_number, proof in ((number, "1234"), (number, ID[-3:]), ("QS-20260316-9999", ID[-4:]), (number, "")):
        with pytest.raises(InputError, match="办件编号或证件号码/电话后四位不符"):
            ratings.rate_by_visitor(cat_db, clock, case_number, proof, "满意", {})
    assert _count(cat_db, Rating) == 0
    assert ratings.rate_by_visitor(cat_db, clock, number, "002x", "满意", {}).level == "满意"  # X either case


def test_a_case_not_done_cannot_be_rated_but_one_with_a_notice_can(cat_db, clock):
    clerk = _who(cat_db, "zhangwei")
    open_case = case_svc.register_case(cat_db, clerk, clock, RegistrationInput(
        "MZ-001", name="王小明", id_number=ID, phone=PHONE, village="V01")).number
    with pytest.raises(InputError, match="尚未办结"):
        ratings.rate_by_visitor(cat_db, clock, open_case, ID[-4:], "满意", {})
    waiting = case_svc.register_case(cat_db, clerk, clock, RegistrationInput(
        "MZ-001", name="王小明", id_number=ID, phone=PHONE, village="V01", materials=["SQS"]))
    assert waiting.status == "pending_materials" and waiting.notice_number
    assert ratings.rate_by_visitor(cat_db, clock, waiting.number, PHONE[-4:], "基本满意", {}).level == "基本满意"


def test_staff_never_rate_a_case_they_served_nor_through_the_hall_channel(cat_db, clock):
    number = _done_case(cat_db, clock, handover=True)
    for login in ("zhangwei", "wangfang"):  # the owner; the handler it was handed to
        with pytest.raises(NotPermitted, match="经办了办件"):
            ratings.record_rating(cat_db, _who(cat_db, login), clock, number, "phone", "非常满意")
        with pytest.raises(NotPermitted):
            lifecycle.act(cat_db, _who(cat_db, login), clock, number, Action.RATE, {"level": "非常满意",
                                                                                    "channel": "phone"})
    with pytest.raises(NotPermitted, match="大厅评价终端"):
        ratings.record_rating(cat_db, _who(cat_db, "liuna"), clock, number, "hall", "满意")
    with pytest.raises(NotPermitted):
        ratings.record_rating(cat_db, _who(cat_db, "zhaomin"), clock, number, "phone", "满意")  # oversight reads
    with pytest.raises(InputError, match="评价渠道"):
        lifecycle.act(cat_db, _who(cat_db, "liuna"), clock, number, Action.RATE, {"level": "满意"})
    assert _count(cat_db, Rating) == 0
    result = lifecycle.act(cat_db, _who(cat_db, "liuna"), clock, number, Action.RATE,
                           {"level": "满意", "channel": "paper"})
    assert result.status == "completed"
    view = ratings.get_rating(cat_db, _who(cat_db, "admin"), clock, number)
    assert (view.recorded_by, view.channel, view.event_id) == ("liuna", "paper", result.event_id)


def test_a_bad_rating_opens_rectification_and_a_visit_and_closes_only_after_the_visit(cat_db, clock):
    number = _done_case(cat_db, clock, handover=True)
    view = ratings.rate_by_visitor(cat_db, clock, number, ID[-4:], "非常不满意", {}, comment="电话13812345678没人接",
                                   real_name=True)
    rect = view.rectification
    # 5 working days from Monday 2026-03-16, the office's default: Monday 2026-03-23 (a weekend between)
    assert (rect.owner, rect.due_on, rect.status, rect.overdue) == ("zhangwei", date(2026, 3, 23), "open", False)
    assert view.rater == "王*明" and "13812345678" not in view.comment
    assert view.followup_id is not None and not view.followup_done
    leader = _who(cat_db, "lixiang")
    for who in ("zhangwei", "lixiang"):
        with pytest.raises(Conflict, match="须先回访"):
            ratings.close_rectification(cat_db, _who(cat_db, who), clock, number, "已整改")
    with pytest.raises(NotPermitted):
        ratings.close_rectification(cat_db, _who(cat_db, "liuna"), clock, number, "已整改")  # not hers
    with pytest.raises(NotPermitted, match="经办了办件"):  # the handler does not visit about her own work
        followups.record(cat_db, _who(cat_db, "zhangwei"), clock, view.followup_id, "满意", "满意", "满意")
    later = fixed_clock(clock.now() + timedelta(days=8))  # Tuesday 03-24: past the rectification's day
    assert ratings.get_rating(cat_db, leader, later, number).rectification.overdue
    visit = followups.record(cat_db, leader, later, view.followup_id, "基本满意", "满意", "不满意", "已致歉")
    assert (visit.done, visit.done_by, visit.efficiency, visit.reason) == (True, "lixiang", "不满意", "rating")
    with pytest.raises(Conflict, match="不能重复记录"):
        followups.record(cat_db, leader, later, view.followup_id, "满意", "满意", "满意")
    closed = ratings.close_rectification(cat_db, _who(cat_db, "zhangwei"), later, number, "已改进告知方式")
    assert (closed.rectification.status, closed.rectification.result, closed.followup_done) == (
        "closed", "已改进告知方式", True)
    with pytest.raises(Conflict, match="已办结"):
        ratings.close_rectification(cat_db, leader, later, number, "再次")
    assert audit.verify(cat_db).ok


def test_the_rectification_days_are_an_office_setting(cat_db, clock):
    admin = _who(cat_db, "admin")
    with pytest.raises(InputError):
        ratings.configure(cat_db, admin, clock, rectify_days=0)
    assert ratings.configure(cat_db, admin, clock, rectify_days=10)["rectify_days"] == 10
    number = _done_case(cat_db, clock)
    view = ratings.record_rating(cat_db, _who(cat_db, "liuna"), clock, number, "sms", "不满意")
    assert view.rectification.due_on == date(2026, 3, 30)  # 10 working days from 2026-03-16
    with cat_db.read() as s:
        assert s.exec(select(Rectification.owner)).all() == ["zhangwei"]


def test_review_takes_a_bad_rating_out_of_the_figures_and_keeps_it_on_record(cat_db, clock):
    good, bad, anonymous = (_done_case(cat_db, clock) for _ in range(3))
    ratings.rate_by_visitor(cat_db, clock, good, ID[-4:], "非常满意", {})
    view = ratings.rate_by_visitor(cat_db, clock, bad, ID[-4:], "不满意", {}, real_name=True)
    ratings.record_rating(cat_db, _who(cat_db, "liuna"), clock, anonymous, "phone", "非常不满意")
    reader = _who(cat_db, "zhaomin")
    fig = ratings.figures(cat_db, reader, clock)
    assert (fig.rated, fig.satisfied, fig.bad, fig.bad_real_name, fig.followup_rate) == (3, 1, 2, 1, 0.0)
    followups.record(cat_db, _who(cat_db, "lixiang"), clock, view.followup_id, "满意", "满意", "满意")
    assert ratings.figures(cat_db, reader, clock).followup_rate == 1.0  # the rule: 100%
    leader = _who(cat_db, "lixiang")
    with pytest.raises(NotPermitted):
        ratings.review(cat_db, _who(cat_db, "admin"), clock, bad, "malicious", "无理由")
    with pytest.raises(InputError, match="只有差评"):
        ratings.review(cat_db, leader, clock, good, "mistaken", "误按")
    with pytest.raises(InputError, match="复核结论"):
        ratings.review(cat_db, leader, clock, bad, "wrong", "误按")
    reviewed = ratings.review(cat_db, leader, clock, bad, "mistaken", "申请人误按，经回访核实")
    assert (reviewed.ruling, reviewed.reviewed_by, reviewed.level) == ("mistaken", "lixiang", "不满意")
    with pytest.raises(Conflict, match="已复核"):
        ratings.review(cat_db, leader, clock, bad, "malicious", "再次")
    fig = ratings.figures(cat_db, reader, clock)
    assert (fig.rated, fig.bad, fig.reviewed_out, fig.bad_real_name, fig.followup_rate) == (2, 1, 1, 0, None)
    assert fig.satisfaction_rate == 0.5
    kept = {v.case_number: v for v in ratings.list_ratings(cat_db, reader, clock)}
    assert set(kept) == {good, bad, anonymous} and kept[bad].ruling == "mistaken"
    assert [v.case_number for v in ratings.list_ratings(cat_db, reader, clock, bad_only=True)] != []
    assert ratings.list_ratings(cat_db, reader, clock, start=date(2026, 3, 17)) == []


def test_completed_cases_are_sampled_for_a_visit_once_and_the_same_every_time(cat_db, clock):
    numbers = [_done_case(cat_db, clock) for _ in range(6)]
    leader, admin = _who(cat_db, "lixiang"), _who(cat_db, "admin")
    ratings.configure(cat_db, admin, clock, sample_percent=0)
    assert followups.schedule_sample(cat_db, leader, clock) == []
    ratings.configure(cat_db, admin, clock, sample_percent=50)
    from quancheng_tui.domain.voice import sampled

    first = {v.case_number for v in followups.schedule_sample(cat_db, leader, clock)}
    assert first == {n for n in numbers if sampled(n, 50)}
    assert followups.schedule_sample(cat_db, leader, clock) == []  # already scheduled
    ratings.configure(cat_db, admin, clock, sample_percent=100)
    rest = {v.case_number for v in followups.schedule_sample(cat_db, leader, clock)}
    assert rest == set(numbers) - first
    visits = followups.list_followups(cat_db, leader, clock, pending_only=True)
    assert {v.reason for v in visits} == {"sample"} and len(visits) == 6
    assert all(v.scheduled_on == date(2026, 3, 23) for v in visits)
    with pytest.raises(NotPermitted):
        followups.schedule_sample(cat_db, _who(cat_db, "zhangwei"), clock)
    assert _count(cat_db, FollowUp) == 6


def test_ratings_are_stored_with_the_instant_given(cat_db, clock):
    number = _done_case(cat_db, clock)
    ratings.rate_by_visitor(cat_db, clock, number, ID[-4:], "满意", {})
    view = ratings.list_ratings(cat_db, _who(cat_db, "sunli"), clock)[0]  # the V01 agent sees V01's
    at = view.at if view.at.tzinfo else view.at.replace(tzinfo=clock.now().tzinfo)
    assert abs(at - clock.now()) < timedelta(seconds=1)
    assert ratings.list_ratings(cat_db, _who(cat_db, "zhoujun"), clock) == []  # V02's does not
    assert isinstance(view.at, datetime)
