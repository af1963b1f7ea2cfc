"""Attendance (issue 15 item 4): 签到/签退, 延时服务, 去向告知 and the figures the assessment reads, on
SQLite and PostgreSQL, each write audited."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest
from sqlmodel import select

from quancheng_tui.errors import Conflict, InputError, NotFound, NotPermitted
from quancheng_tui.services import attendance, board, staff
from quancheng_tui.services.context import fixed_clock
from quancheng_tui.store.tables import AuditEntry

CST = timezone(timedelta(hours=8))


def _at(day: date, hour: int, minute: int = 0):
    return fixed_clock(datetime(day.year, day.month, day.day, hour, minute, tzinfo=CST))


def _who(db, login):
    return staff.actor_for(db, login)


def _audit(db, action: str) -> list[AuditEntry]:
    with db.read() as session:
        return list(session.exec(select(AuditEntry).where(AuditEntry.action == action)).all())


def test_sign_in_and_out_once_a_day_audited(office_db):
    mon = date(2026, 3, 16)
    me = _who(office_db, "zhangwei")
    st = attendance.sign_in(office_db, me, _at(mon, 8, 25))
    assert st.signed_in and st.signed_in_at.strftime("%H:%M") == "08:25" and st.signed_out_at is None
    with pytest.raises(Conflict):
        attendance.sign_in(office_db, me, _at(mon, 9, 0))
    st = attendance.sign_out(office_db, me, _at(mon, 17, 40))
    assert not st.signed_in and st.signed_out_at.strftime("%H:%M") == "17:40"
    with pytest.raises(Conflict):
        attendance.sign_out(office_db, me, _at(mon, 18, 0))
    with pytest.raises(Conflict):  # the next day: no sign-in yet
        attendance.sign_out(office_db, me, _at(mon + timedelta(days=1), 17, 0))
    assert [e.entity_key for e in _audit(office_db, "attendance.sign_in")] == ["zhangwei"]
    assert len(_audit(office_db, "attendance.sign_out")) == 1
    assert attendance.status(office_db, me, _at(mon + timedelta(days=1), 8, 0)).signed_in_at is None


def test_agents_sign_in_and_supervisors_do_not(office_db):
    mon = date(2026, 3, 16)
    assert attendance.sign_in(office_db, _who(office_db, "sunli"), _at(mon, 8)).signed_in
    with pytest.raises(NotPermitted):
        attendance.sign_in(office_db, _who(office_db, "zhaomin"), _at(mon, 8))


def test_days_present_counts_distinct_days_in_the_range(office_db):
    # zhangwei: Mon, Tue, Wed; liuna: Tue; wangfang: Sat 03-14 (before the range) and Thu.
    for login, days in {"zhangwei": (16, 17, 18), "liuna": (17,), "wangfang": (14, 19)}.items():
        for d in days:
            attendance.sign_in(office_db, _who(office_db, login), _at(date(2026, 3, d), 8))
    with office_db.read() as session:
        assert attendance.days_present(session, date(2026, 3, 16), date(2026, 3, 18)) == {
            "zhangwei": 3, "liuna": 1}
        assert attendance.days_present(session, date(2026, 3, 1), date(2026, 3, 31)) == {
            "zhangwei": 3, "liuna": 1, "wangfang": 2}
        assert attendance.days_present(session, date(2026, 4, 1), date(2026, 4, 30)) == {}


def test_overtime_by_oneself_or_by_a_leader_and_summed(office_db):
    mon = date(2026, 3, 16)
    clock = _at(mon, 18, 30)
    rec = attendance.record_overtime(office_db, _who(office_db, "zhangwei"), clock, 45, "为群众补办低保材料")
    assert (rec.kind, rec.login, rec.minutes, rec.day) == ("overtime", "zhangwei", 45, mon)
    attendance.record_overtime(office_db, _who(office_db, "lixiang"), clock, 30, "延时受理", login="zhangwei",
                               day=mon - timedelta(days=3))
    with pytest.raises(NotPermitted):  # a clerk writes only their own
        attendance.record_overtime(office_db, _who(office_db, "liuna"), clock, 30, "x", login="zhangwei")
    with pytest.raises(InputError):
        attendance.record_overtime(office_db, _who(office_db, "zhangwei"), clock, 0, "x")
    with pytest.raises(InputError):
        attendance.record_overtime(office_db, _who(office_db, "zhangwei"), clock, 30, "x", day=mon + timedelta(days=1))
    with pytest.raises(InputError):
        attendance.record_overtime(office_db, _who(office_db, "zhangwei"), clock, 30, "")
    with office_db.read() as session:
        assert attendance.overtime_minutes(session, mon, mon) == {"zhangwei": 45}
        assert attendance.overtime_minutes(session, date(2026, 3, 1), mon) == {"zhangwei": 75}
    assert [e.actor for e in _audit(office_db, "attendance.overtime")] == ["zhangwei", "lixiang"]


def test_away_shows_on_the_public_board_while_it_lasts(office_db):
    mon = date(2026, 3, 16)
    me = _who(office_db, "zhangwei")
    view = attendance.announce_away(office_db, me, _at(mon, 10), "下村入户核实", time(11, 30), cover="liuna")
    assert (view.place, view.cover_name, view.returns_at.strftime("%H:%M")) == ("下村入户核实", "刘娜", "11:30")
    assert view.posts  # zhangwei is A of a post in the demo roster
    with pytest.raises(Conflict):
        attendance.announce_away(office_db, me, _at(mon, 10, 5), "县政务中心", time(12, 0))
    page = board.public_page(office_db, _at(mon, 11, 0))
    assert [(a.name, a.place) for a in page.away] == [("张伟", "下村入户核实")]
    assert board.public_page(office_db, _at(mon, 11, 30)).away == ()  # back by then
    assert attendance.status(office_db, me, _at(mon, 11, 0)).away is not None
    # Back early: off the board at once, kept on record.
    attendance.announce_away(office_db, me, _at(mon, 14), "县政务中心", time(16, 0))
    attendance.come_back(office_db, me, _at(mon, 14, 40))
    assert board.public_page(office_db, _at(mon, 15, 0)).away == ()
    with pytest.raises(NotFound):
        attendance.come_back(office_db, me, _at(mon, 15, 0))
    recs = attendance.list_records(office_db, me, _at(mon, 17), mon, mon)
    assert [(r.kind, r.start, r.end, r.what) for r in recs] == [
        ("away", "10:00", "11:30", "下村入户核实 / 刘娜"), ("away", "14:00", "14:40", "县政务中心")]
    assert len(_audit(office_db, "attendance.away")) == 2 and len(_audit(office_db, "attendance.back")) == 1


@pytest.mark.parametrize(("until", "cover"), [(time(9, 0), None), (time(10, 0), None), (time(12, 0), "zhangwei"),
                                              (time(12, 0), "nobody")])
def test_away_refuses_a_past_return_or_a_bad_cover(office_db, until, cover):
    with pytest.raises((InputError, NotFound)):
        attendance.announce_away(office_db, _who(office_db, "zhangwei"), _at(date(2026, 3, 16), 10), "下村",
                                 until, cover=cover)
    assert _audit(office_db, "attendance.away") == []


def test_away_is_for_today_only(office_db):
    with pytest.raises(InputError):
        attendance.announce_away(office_db, _who(office_db, "zhangwei"), _at(date(2026, 3, 16), 10), "出差",
                                 datetime(2026, 3, 17, 9, 0, tzinfo=CST))


def test_list_records_own_for_staff_everyone_for_leaders(office_db):
    mon = date(2026, 3, 16)
    attendance.sign_in(office_db, _who(office_db, "zhangwei"), _at(mon, 8))
    attendance.sign_in(office_db, _who(office_db, "liuna"), _at(mon, 8, 10))
    attendance.sign_out(office_db, _who(office_db, "liuna"), _at(mon, 17, 30))
    attendance.record_overtime(office_db, _who(office_db, "liuna"), _at(mon, 18, 40), 40, "延时办理")
    clock = _at(mon, 19)
    mine = attendance.list_records(office_db, _who(office_db, "liuna"), clock, mon, mon)
    assert [(r.kind, r.login, r.start, r.end, r.minutes) for r in mine] == [
        ("day", "liuna", "08:10", "17:30", None), ("overtime", "liuna", "", "", 40)]
    with pytest.raises(NotPermitted):
        attendance.list_records(office_db, _who(office_db, "liuna"), clock, mon, mon, login="zhangwei")
    every = attendance.list_records(office_db, _who(office_db, "zhaomin"), clock, mon, mon)
    assert [(r.kind, r.login) for r in every] == [("day", "liuna"), ("overtime", "liuna"), ("day", "zhangwei")]
    with pytest.raises(InputError):
        attendance.list_records(office_db, _who(office_db, "lixiang"), clock, mon, mon - timedelta(days=1))
