"""Rosters, A/B posts and absences through the services, on SQLite and PostgreSQL.

`office_db` is the demo office on 2026-03-16: its sample roster (张伟、刘娜 on duty, 李响 leading)
is loaded for March 2026, with posts CK1 (A 张伟, B 刘娜 王芳), CK2, BL1 and BL2.
"""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func
from sqlmodel import select

from quancheng_tui.errors import InputError, NotFound, NotPermitted
from quancheng_tui.services import roster, setup, staff
from quancheng_tui.services.context import fixed_clock
from quancheng_tui.services.tabular import Output
from quancheng_tui.store.roster_tables import RosterDuty
from quancheng_tui.store.tables import AuditEntry

APRIL = """\
[[duty]]
from = 2026-04-01
to = 2026-04-15
clerks = ["wangfang", "chenjie"]
leader = "lixiang"

[[duty]]
from = 2026-04-16
to = 2026-04-30
clerks = ["liuna"]
leader = "lixiang"

[[post]]
code = "CK1"
name = "综合受理窗口"
a = "zhangwei"
b = ["wangfang", "liuna"]
"""


def _audit_count(db) -> int:
    with db.read() as s:
        return int(s.exec(select(func.count()).select_from(AuditEntry)).one())


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _snapshot(db):
    return (roster.month_view(db, "2026-03"), roster.month_view(db, "2026-04"), roster.list_posts(db),
            _audit_count(db))


def test_demo_office_has_this_months_roster_and_posts(office_db, clock):
    duty = roster.duty_today(office_db, clock)
    assert [p.name for p in duty.clerks] == ["张伟", "刘娜"] and duty.leader.name == "李响"
    assert [p.code for p in roster.list_posts(office_db)] == ["BL1", "BL2", "CK1", "CK2"]
    assert roster.duty_today(office_db, fixed_clock(datetime(2026, 4, 1, 9, tzinfo=timezone.utc))) is None
    before = _audit_count(office_db)
    setup.load_demo(office_db, staff.actor_for(office_db, "admin"), clock)  # again: nothing doubles
    with office_db.read() as s:
        assert len(s.exec(select(RosterDuty)).all()) == 1
    assert len(roster.list_posts(office_db)) == 4
    assert _audit_count(office_db) == before + 1  # the demo.load entry only


def test_import_replaces_the_files_months_and_the_posts(office_db, clock, tmp_path):
    admin = staff.actor_for(office_db, "admin")
    result = roster.import_roster(office_db, admin, clock, _write(tmp_path, "april.toml", APRIL))
    assert (result.months, result.periods, result.posts) == (("2026-04",), 2, 1)
    april = roster.month_view(office_db, "2026-04")
    assert [(p.start, [c.login for c in p.clerks]) for p in april.periods] == [
        (date(2026, 4, 1), ["wangfang", "chenjie"]), (date(2026, 4, 16), ["liuna"])]
    assert april.gaps == ()
    assert roster.month_view(office_db, "2026-03").periods[0].clerks[0].login == "zhangwei"  # untouched
    [post] = roster.list_posts(office_db)
    assert (post.code, post.a.login, [b.login for b in post.bs]) == ("CK1", "zhangwei", ["wangfang", "liuna"])
    # Again with only a duty table: April replaced whole, the posts stay.
    roster.import_roster(office_db, admin, clock, _write(
        tmp_path, "april.csv", "from,to,clerks,leader\n2026-04-01,2026-04-30,zhangwei,lixiang\n"))
    assert [(p.start, p.end) for p in roster.month_view(office_db, "2026-04").periods] == [
        (date(2026, 4, 1), date(2026, 4, 30))]
    assert len(roster.list_posts(office_db)) == 1
    with office_db.read() as s:
        entries = s.exec(select(AuditEntry).where(AuditEntry.action == "roster.import")
                         .order_by(AuditEntry.id)).all()
    assert [e.entity_key for e in entries][-2:] == ["april.toml", "april.csv"]
    assert '"2026-04"' in entries[-1].before and "wangfang" in entries[-1].before


@pytest.mark.parametrize("old, new, message", [
    ('"chenjie"]', '"nobody"]', "april.toml 第 1 行：字段“clerks”中的“nobody”不是本中心的工作人员"),
    ('"chenjie"]', '"sunli"]', "april.toml 第 1 行：字段“clerks”中的 sunli 是村代办员，不能担任协办员"),
    ('leader = "lixiang"\n\n[[duty]]', 'leader = "zhangwei"\n\n[[duty]]',
     "april.toml 第 1 行：字段“leader”中的 zhangwei 是协办员，不能担任值班领导"),
    ('b = ["wangfang", "liuna"]', 'b = ["zhaomin"]', "april.toml 第 13 行：字段“b”中的 zhaomin 是监督员，不能担任B 岗"),
    ("to = 2026-04-15", "to = 2026-04-14",
     "april.toml：2026-04 有 1 个工作日无人值班（2026-04-15），每个工作日都要排班"),
])
def test_bad_file_changes_nothing_and_names_the_place(office_db, clock, tmp_path, old, new, message):
    assert old in APRIL
    before = _snapshot(office_db)
    with pytest.raises(InputError) as exc:
        roster.import_roster(office_db, staff.actor_for(office_db, "admin"), clock,
                             _write(tmp_path, "april.toml", APRIL.replace(old, new, 1)))
    assert str(exc.value) == message
    assert _snapshot(office_db) == before


def test_only_admins_import_everyone_reads(office_db, clock, tmp_path):
    before = _snapshot(office_db)
    for login in ("zhangwei", "lixiang", "zhaomin"):
        with pytest.raises(NotPermitted):
            roster.import_roster(office_db, staff.actor_for(office_db, login), clock,
                                 _write(tmp_path, "april.toml", APRIL))
    assert _snapshot(office_db) == before
    march = roster.month_view(office_db, "2026-03")  # no actor needed: the roster hangs in the hall
    assert len(march.days) == 31 and march.days[15].leader.login == "lixiang"
    assert [d.day.day for d in march.days if d.workday is False][:2] == [1, 7]


def test_leave_trip_handover_and_return(office_db, clock):
    leader = staff.actor_for(office_db, "lixiang")
    with pytest.raises(NotPermitted):
        roster.set_absence(office_db, staff.actor_for(office_db, "zhangwei"), clock, "zhangwei", date(2026, 3, 17),
                           date(2026, 3, 18))
    with pytest.raises(InputError, match="--handover"):
        roster.set_absence(office_db, leader, clock, "zhangwei", date(2026, 3, 16), date(2026, 3, 20),
                           handover="chenjie")  # not a B of 张伟's post
    result = roster.set_absence(office_db, leader, clock, "zhangwei", date(2026, 3, 16), date(2026, 3, 20),
                                handover="wangfang")
    assert result.uncovered == ()
    assert roster.acting_for(office_db, "wangfang", date(2026, 3, 16)) == {"zhangwei"}
    assert roster.acting_for(office_db, "liuna", date(2026, 3, 16)) == frozenset()
    with pytest.raises(InputError, match="重叠"):
        roster.set_absence(office_db, leader, clock, "zhangwei", date(2026, 3, 20), date(2026, 3, 21))
    # 王芳 away on a trip on the 18th: 刘娜, next in order, acts for 张伟; nobody is left for 王芳's BL1 but 陈杰.
    trip = roster.set_absence(office_db, leader, clock, "wangfang", date(2026, 3, 18), date(2026, 3, 18), "trip")
    assert trip.uncovered == ()
    assert roster.acting_for(office_db, "liuna", date(2026, 3, 18)) == {"zhangwei"}
    assert roster.acting_for(office_db, "chenjie", date(2026, 3, 18)) == {"wangfang"}
    # 陈杰 away too that day: BL1 (A 王芳, B 陈杰 only) is empty, and the service says so.
    both = roster.set_absence(office_db, leader, clock, "chenjie", date(2026, 3, 18), date(2026, 3, 19))
    assert (date(2026, 3, 18), "BL1") in both.uncovered
    day = roster.month_view(office_db, "2026-03").days[17]
    assert {(x.post, x.a.login, x.b.login if x.b else None) for x in day.acting} >= {
        ("CK1", "zhangwei", "liuna"), ("BL1", "wangfang", None)}
    # 销假: someone else's needs a leader; their own they may do themselves.
    with pytest.raises(NotPermitted):
        roster.end_absence(office_db, staff.actor_for(office_db, "liuna"), clock, "zhangwei")
    view = roster.end_absence(office_db, staff.actor_for(office_db, "zhangwei"), clock, "zhangwei")
    assert view.returned_on == date(2026, 3, 16) and view.last_day is None  # back on its first day
    assert roster.acting_for(office_db, "wangfang", date(2026, 3, 17)) == frozenset()
    with pytest.raises(NotFound):
        roster.end_absence(office_db, staff.actor_for(office_db, "zhangwei"), clock, "zhangwei")
    with office_db.read() as s:
        actions = [e.action for e in s.exec(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(4))]
    assert actions == ["roster.back", "roster.absence", "roster.absence", "roster.absence"]


def test_later_return_ends_absence_the_day_before(office_db, clock):
    leader = staff.actor_for(office_db, "lixiang")
    roster.set_absence(office_db, leader, clock, "liuna", date(2026, 3, 13), date(2026, 3, 20), "trip")
    view = roster.end_absence(office_db, leader, clock, "liuna")
    assert view.last_day == date(2026, 3, 15)
    assert roster.acting_for(office_db, "zhangwei", date(2026, 3, 13)) == {"liuna"}
    assert roster.acting_for(office_db, "zhangwei", date(2026, 3, 16)) == frozenset()


def test_export_imports_back_equal(office_db, clock, tmp_path):
    out = tmp_path / "march.csv"
    assert roster.export_month(office_db, "2026-03", "csv", Output(path=out)) == 1
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "2026-03-01,2026-03-31,zhangwei、liuna,lixiang,张伟、刘娜,李响" in raw.decode("utf-8-sig")
    xlsx = tmp_path / "march.xlsx"
    roster.export_month(office_db, "2026-03", "xlsx", Output(path=xlsx))
    from openpyxl import load_workbook

    rows = list(load_workbook(xlsx).active.iter_rows(values_only=True))
    assert rows[1][:4] == ("2026-03-01", "2026-03-31", "zhangwei、liuna", "lixiang")
    before = roster.month_view(office_db, "2026-03")
    roster.import_roster(office_db, staff.actor_for(office_db, "admin"), clock, xlsx)
    assert roster.month_view(office_db, "2026-03") == before
    with pytest.raises(NotFound):
        roster.export_month(office_db, "2026-05", "csv", Output(path=tmp_path / "may.csv"))
    assert not (tmp_path / "may.csv").exists()
    with pytest.raises(InputError):
        roster.export_month(office_db, "2026-03", "json", Output(stream=io.BytesIO()))


def test_month_without_roster_shows_every_working_day_as_a_gap(office_db):
    april = roster.month_view(office_db, "2026-04")
    assert april.periods == () and april.gaps[0] == date(2026, 4, 1)
    assert date(2026, 4, 6) not in april.gaps  # 清明 holiday
    assert len(april.gaps) == sum(1 for d in april.days if d.workday)
    # 2027 has no official schedule yet: its statutory days are known (元旦), the make-up days are not.
    january = roster.month_view(office_db, "2027-01").days
    assert january[0].workday is False and january[3].workday is True  # Fri 1 Jan 元旦, Mon 4 Jan
    # A year past every table, shipped, imported or provisional, is not guessed.
    assert roster.month_view(office_db, "2999-01").days[0].workday is None
    with pytest.raises(InputError):
        roster.month_view(office_db, "2026-13")


def test_days_before_and_after_a_month_are_not_in_it(office_db, clock):
    leader = staff.actor_for(office_db, "lixiang")
    roster.set_absence(office_db, leader, clock, "chenjie", date(2026, 3, 30), date(2026, 4, 2))
    march = roster.month_view(office_db, "2026-03")
    assert [d.day.day for d in march.days if d.absent] == [30, 31]
    assert march.days[-1].day + timedelta(days=1) == date(2026, 4, 1)
