"""Duty rosters and A/B posts: worked examples from the seeds and invariants over random posts and absences."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quancheng_tui.domain import roster_file
from quancheng_tui.domain.calendar import shipped_calendar
from quancheng_tui.domain.roster import (
    Absence,
    DutyPeriod,
    Post,
    absent,
    acting_b,
    acting_for,
    check_absence,
    check_period,
    gaps,
    on_duty,
    parse_month,
    rebase,
    uncovered_posts,
)
from quancheng_tui.errors import InputError

CAL = shipped_calendar()
DAY = date(2026, 3, 16)  # a Monday


# --- worked examples ------------------------------------------------------------------------------


def test_first_available_b_in_order_skipping_absent_ones():
    post = Post("CK1", "综合受理窗口", "zhang", ("liu", "wang", "chen"))
    away = [Absence("zhang", DAY, DAY), Absence("liu", DAY, DAY, "trip")]
    assert acting_b(post, DAY, away) == "wang"
    assert acting_for("wang", DAY, [post], away) == {"zhang"}
    assert acting_for("liu", DAY, [post], away) == frozenset()
    assert acting_for("chen", DAY, [post], away) == frozenset()
    assert acting_b(post, DAY + timedelta(days=1), away) is None  # A is back: nobody acts


def test_handover_is_preferred_while_that_b_is_present():
    post = Post("CK1", "综合受理窗口", "zhang", ("liu", "wang"))
    handed = Absence("zhang", DAY, DAY + timedelta(days=2), handover="wang")
    assert acting_b(post, DAY, [handed]) == "wang"
    wang_away = [handed, Absence("wang", DAY + timedelta(days=1), DAY + timedelta(days=1))]
    assert acting_b(post, DAY + timedelta(days=1), wang_away) == "liu"  # then the order decides
    other = Post("BL1", "办理", "zhang", ("chen",))  # not a B here: the handover does not apply
    assert acting_b(other, DAY, [handed]) == "chen"


def test_acting_never_chains():
    """X backs A and Y backs X; with A and X away, Y acts for X only and A's post is empty."""
    posts = [Post("P1", "一", "a", ("x",)), Post("P2", "二", "x", ("y",))]
    away = [Absence("a", DAY, DAY), Absence("x", DAY, DAY)]
    assert acting_for("y", DAY, posts, away) == {"x"}
    assert acting_for("x", DAY, posts, away) == frozenset()
    assert [p.code for p in uncovered_posts(DAY, posts, away)] == ["P1"]


def test_return_ends_the_absence_the_day_before():
    a = Absence("zhang", DAY, DAY + timedelta(days=4), returned_on=DAY + timedelta(days=2))
    assert a.last_day == DAY + timedelta(days=1)
    assert a.covers(DAY + timedelta(days=1)) and not a.covers(DAY + timedelta(days=2))
    cancelled = Absence("zhang", DAY, DAY + timedelta(days=4), returned_on=DAY)
    assert cancelled.last_day is None and not cancelled.covers(DAY)
    assert absent("zhang", DAY, [cancelled]) is None


def test_working_days_need_cover_weekends_and_holidays_do_not():
    """February 2026: Spring Festival 2/15–2/23 off, Saturday 2/14 and 2/28 make-up working days."""
    weekdays_only = [DutyPeriod(date(2026, 2, d), date(2026, 2, d), ("zhang",), "li")
                     for d in range(1, 29) if date(2026, 2, d).weekday() < 5]
    assert gaps(2026, 2, weekdays_only, CAL.is_workday) == [date(2026, 2, 14), date(2026, 2, 28)]
    whole = [DutyPeriod(date(2026, 2, 1), date(2026, 2, 28), ("zhang", "liu"), "li")]
    assert gaps(2026, 2, whole, CAL.is_workday) == []


def test_a_fully_covered_month_needs_no_holiday_schedule():
    def unknown(day: date) -> bool:
        raise InputError("缺少 {year} 年的节假日安排", year=day.year)

    whole = [DutyPeriod(date(2027, 1, 1), date(2027, 1, 31), ("zhang",), "li")]
    assert gaps(2027, 1, whole, unknown) == []
    with pytest.raises(InputError):
        gaps(2027, 1, whole[:0], unknown)


def test_on_duty_and_periods():
    periods = [DutyPeriod(date(2026, 3, 1), date(2026, 3, 15), ("zhang", "liu"), "li"),
               DutyPeriod(date(2026, 3, 16), date(2026, 3, 31), ("wang",), "li")]
    assert on_duty(date(2026, 3, 15), periods) == (("zhang", "liu"), "li")
    assert on_duty(DAY, periods) == (("wang",), "li")
    assert on_duty(date(2026, 4, 1), periods) is None


@pytest.mark.parametrize("period, fragment", [
    (DutyPeriod(date(2026, 3, 5), date(2026, 3, 4), ("a",), "l", 3), "结束日期"),
    (DutyPeriod(date(2026, 3, 20), date(2026, 4, 5), ("a",), "l", 3), "不能跨月"),
    (DutyPeriod(date(2026, 3, 1), date(2026, 3, 5), ("a", "b", "c"), "l", 3), "1–2 名协办员"),
    (DutyPeriod(date(2026, 3, 1), date(2026, 3, 5), ("a", "a"), "l", 3), "出现了两次"),
    (DutyPeriod(date(2026, 3, 1), date(2026, 3, 5), ("a", "l"), "l", 3), "不能同时担任"),
])
def test_bad_periods_name_file_and_line(period, fragment):
    with pytest.raises(InputError) as exc:
        check_period(period, "r.toml")
    assert str(exc.value).startswith("r.toml 第 3 行") and fragment in str(exc.value)


def test_overlapping_absences_refused():
    old = [Absence("zhang", DAY, DAY + timedelta(days=3))]
    with pytest.raises(InputError, match="重叠"):
        check_absence(Absence("zhang", DAY + timedelta(days=3), DAY + timedelta(days=5)), old)
    check_absence(Absence("zhang", DAY + timedelta(days=4), DAY + timedelta(days=5)), old)
    check_absence(Absence("liu", DAY, DAY), old)
    back_early = [Absence("zhang", DAY, DAY + timedelta(days=3), returned_on=DAY + timedelta(days=1))]
    check_absence(Absence("zhang", DAY + timedelta(days=2), DAY + timedelta(days=2)), back_early)
    with pytest.raises(InputError, match="移交给自己"):
        check_absence(Absence("zhang", DAY, DAY, handover="zhang"), [])
    with pytest.raises(InputError, match="leave"):
        check_absence(Absence("zhang", DAY, DAY, kind="holiday"), [])


def test_months_and_rebase():
    assert parse_month("2026-3") == (2026, 3)
    for bad in ("2026-13", "26-03", "2026/03", ""):
        with pytest.raises(InputError, match="月份"):
            parse_month(bad)
    march = [DutyPeriod(date(2026, 3, 1), date(2026, 3, 15), ("a",), "l"),
             DutyPeriod(date(2026, 3, 16), date(2026, 3, 31), ("b",), "l")]
    feb = rebase(march, 2026, 2)
    assert [(p.start, p.end) for p in feb] == [(date(2026, 2, 1), date(2026, 2, 15)),
                                                (date(2026, 2, 16), date(2026, 2, 28))]
    assert gaps(2026, 2, feb, CAL.is_workday) == []


# --- files ----------------------------------------------------------------------------------------

TOML = """\
[[duty]]
from = 2026-03-01
to = 2026-03-15
clerks = ["zhangwei", "liuna"]
leader = "lixiang"

[[duty]]
from = "2026-03-16"
to = "2026-03-31"
clerks = "wangfang"
leader = "lixiang"

[[post]]
code = "CK1"
name = "综合受理窗口"
a = "zhangwei"
b = ["liuna", "wangfang"]
"""


def test_toml_file():
    r = roster_file.parse(TOML.encode(), "r.toml")
    assert r.months == ("2026-03",)
    assert [(p.start, p.clerks, p.line) for p in r.duties] == [
        (date(2026, 3, 1), ("zhangwei", "liuna"), 1), (date(2026, 3, 16), ("wangfang",), 7)]
    assert r.posts == (Post("CK1", "综合受理窗口", "zhangwei", ("liuna", "wangfang")),)
    assert r.posts[0].line == 13


@pytest.mark.parametrize("old, new, message", [
    ('to = "2026-03-31"', 'to = "2026-03-32"', "r.toml 第 7 行：字段“to”应为日期 YYYY-MM-DD，实为“2026-03-32”"),
    ('clerks = "wangfang"', 'clerks = "wang fang liuna"', "r.toml 第 7 行：字段“clerks”应有 1–2 名协办员，实为 3 名"),
    ('leader = "lixiang"\n\n[[post]]', 'leader = ""\n\n[[post]]', "r.toml 第 7 行：字段“leader”不能为空"),
    ('to = "2026-03-31"', 'to = "2026-03-31"\nroom = 1', "r.toml 第 7 行：未知字段“room”"),
    ('from = "2026-03-16"', 'from = "2026-03-15"', "r.toml 第 7 行：值班时段 2026-03-15 至 2026-03-31 与第 1 行的时段重叠"),
    ('b = ["liuna", "wangfang"]', 'b = []', "r.toml 第 13 行：字段“b”不能为空"),
    ('b = ["liuna", "wangfang"]', 'b = ["liuna", "zhangwei"]', "r.toml 第 13 行：zhangwei 不能同时是岗位“CK1”的 A 岗和 B 岗"),
])
def test_toml_errors_name_line_and_field(old, new, message):
    assert old in TOML
    with pytest.raises(InputError) as exc:
        roster_file.parse(TOML.replace(old, new, 1).encode(), "r.toml")
    assert str(exc.value) == message


def test_csv_with_bom_and_chinese_headers():
    text = "开始日期,结束日期,协办员,值班领导,协办员姓名\n2026-03-01,2026-03-31,zhangwei、liuna,lixiang,张伟、刘娜\n"
    r = roster_file.parse(text.encode("utf-8-sig"), "r.csv")
    assert r.duties == (DutyPeriod(date(2026, 3, 1), date(2026, 3, 31), ("zhangwei", "liuna"), "lixiang"),)
    assert r.posts is None  # a duty table leaves the posts alone
    posts = roster_file.parse("code,name,a,b\nCK1,窗口,zhangwei,liuna;wangfang\n".encode(), "p.csv")
    assert posts.duties == () and posts.posts == (Post("CK1", "窗口", "zhangwei", ("liuna", "wangfang")),)
    with pytest.raises(InputError) as exc:
        roster_file.parse(b"from,to,clerks,leader,room\n", "r.csv")
    assert str(exc.value) == "r.csv 第 1 行：未知列“room”"
    with pytest.raises(InputError) as exc:
        roster_file.parse(b"from,to,clerks,leader,code\n", "r.csv")
    assert str(exc.value) == "r.csv 第 1 行：未知列“code”"  # periods or posts, not both in one table
    with pytest.raises(InputError) as exc:
        roster_file.parse(b"from,to,clerks\n2026-03-01,2026-03-31,a\n", "r.csv")
    assert str(exc.value) == "r.csv：缺少列“leader”"


def test_xlsx_sheets_with_real_dates():
    from datetime import datetime

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "值班"
    ws.append(["from", "to", "clerks", "leader"])
    ws.append([datetime(2026, 3, 1), datetime(2026, 3, 31), "zhangwei", "lixiang"])
    posts = wb.create_sheet("AB岗")
    posts.append(["code", "name", "a", "b"])
    posts.append(["CK1", "窗口", "zhangwei", "liuna"])
    posts.append(["CK1", "窗口", "liuna", "zhangwei"])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(InputError) as exc:
        roster_file.parse(buf.getvalue(), "r.xlsx")
    assert str(exc.value) == "r.xlsx 第 3 行：岗位编码“CK1”与第 2 行重复"
    posts.delete_rows(3)
    buf = io.BytesIO()
    wb.save(buf)
    r = roster_file.parse(buf.getvalue(), "r.xlsx")
    assert r.duties[0].end == date(2026, 3, 31) and r.posts[0].bs == ("liuna",)


# --- invariants -----------------------------------------------------------------------------------

PEOPLE = ["a", "b", "c", "d", "e", "f"]
DAYS = [DAY + timedelta(days=i) for i in range(5)]


@st.composite
def posts_and_absences(draw, unique_a: bool = False):
    n = draw(st.integers(1, 5))
    holders = draw(st.lists(st.sampled_from(PEOPLE), min_size=n, max_size=n, unique=unique_a))
    posts = []
    for i, a in enumerate(holders):
        bs = draw(st.lists(st.sampled_from([p for p in PEOPLE if p != a]), min_size=1, max_size=4, unique=True))
        posts.append(Post(f"P{i}", f"岗{i}", a, tuple(bs)))
    absences = []
    for who in draw(st.lists(st.sampled_from(PEOPLE), unique=True, max_size=len(PEOPLE))):
        start = draw(st.sampled_from(DAYS))
        end = start + timedelta(days=draw(st.integers(0, 3)))
        handover = draw(st.none() | st.sampled_from(PEOPLE))
        back = draw(st.none() | st.sampled_from(DAYS))
        absences.append(Absence(who, start, end, draw(st.sampled_from(("leave", "trip"))),
                                None if handover == who else handover, back))
    return posts, absences


@settings(max_examples=300, deadline=None)
@given(posts_and_absences(), st.sampled_from(DAYS))
def test_who_acts_is_present_listed_and_only_for_absent_a(data, day):
    posts, absences = data
    away = {p for p in PEOPLE if absent(p, day, absences) is not None}
    for login in PEOPLE:
        acts = acting_for(login, day, posts, absences)
        assert not acts & (set(PEOPLE) - away)  # nobody acts for a present A
        if acts:
            assert login not in away  # nobody acts while away
        # no chaining: only for the A's of posts that list them as B
        assert acts <= {p.a for p in posts if login in p.bs}


@settings(max_examples=300, deadline=None)
@given(posts_and_absences(unique_a=True), st.sampled_from(DAYS))
def test_an_absent_a_with_any_b_at_work_has_exactly_one_acting_b(data, day):
    posts, absences = data
    for post in posts:
        a_away = absent(post.a, day, absences) is not None
        present_bs = [b for b in post.bs if absent(b, day, absences) is None]
        actors = [login for login in PEOPLE if post.a in acting_for(login, day, posts, absences)]
        if a_away and present_bs:
            assert len(actors) == 1 and actors[0] in present_bs
            handover = absent(post.a, day, absences).handover
            assert actors[0] == (handover if handover in present_bs else present_bs[0])
        else:
            assert actors == []
        assert (post in uncovered_posts(day, posts, absences)) == (a_away and not present_bs)
