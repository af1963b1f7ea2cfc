"""Time limits: worked examples from the 2026 schedule, properties against a day-by-day reference."""

from __future__ import annotations

import ast
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quancheng_tui.domain.calendar import Calendar, shipped_years
from quancheng_tui.domain.deadlines import (
    DueResult,
    Suspension,
    Warning,
    check_promised_limit,
    due_date,
    extension_needs_leader,
    normalise_suspensions,
    notice_deadline,
    notice_is_late,
    warning_state,
)
from quancheng_tui.errors import InputError

D = date
S = Suspension
ROOT = Path(__file__).resolve().parents[2]
MISSING = "缺少 {year} 年的节假日安排，无法计算；请用 quancheng calendar import FILE 导入该年的安排"


@pytest.fixture(scope="module")
def cal() -> Calendar:
    """The official schedules alone: what the calendar knows exactly (provisional years: test_provisional_calendar)."""
    return Calendar(shipped_years())


# ---------------------------------------------------------------------------
# Worked examples (2026 schedule)

WORKED = [
    # id, received, days, kind, suspensions, corrected_on, extensions, due, suspended_days
    ("spring-festival-20wd", D(2026, 2, 13), 20, "working", (), None, (), D(2026, 3, 19), 0),
    ("may-day-5wd", D(2026, 4, 30), 5, "working", (), None, (), D(2026, 5, 11), 0),
    ("make-up-sunday", D(2026, 1, 1), 1, "working", (), None, (), D(2026, 1, 4), 0),
    ("make-up-sunday-sept", D(2026, 9, 18), 1, "working", (), None, (), D(2026, 9, 20), 0),
    ("zero-working", D(2026, 3, 4), 0, "working", (), None, (), D(2026, 3, 4), 0),
    ("zero-working-on-holiday", D(2026, 10, 2), 0, "working", (), None, (), D(2026, 10, 2), 0),
    ("zero-natural-on-sunday", D(2026, 3, 8), 0, "natural", (), None, (), D(2026, 3, 8), 0),
    ("received-on-holiday", D(2026, 10, 3), 1, "working", (), None, (), D(2026, 10, 8), 0),
    ("ten-wd-over-national-day", D(2026, 9, 28), 10, "working", (), None, (), D(2026, 10, 16), 0),
    # Natural days: land on a holiday or weekend, then the next working day.
    ("natural-lands-mid-autumn", D(2026, 9, 20), 5, "natural", (), None, (), D(2026, 9, 28), 0),
    ("natural-lands-spring-festival", D(2026, 1, 25), 21, "natural", (), None, (), D(2026, 2, 24), 0),
    ("natural-lands-national-day", D(2026, 9, 30), 1, "natural", (), None, (), D(2026, 10, 8), 0),
    ("natural-lands-make-up-saturday", D(2026, 2, 7), 7, "natural", (), None, (), D(2026, 2, 14), 0),
    ("natural-ordinary", D(2026, 3, 2), 30, "natural", (), None, (), D(2026, 4, 1), 0),
    ("natural-30-over-may-day", D(2026, 4, 5), 30, "natural", (), None, (), D(2026, 5, 6), 0),
    # Suspensions (inspection, survey…): the suspended working days do not count.
    ("suspend-wed-fri", D(2026, 3, 2), 5, "working", (S(D(2026, 3, 4), D(2026, 3, 6)),), None, (), D(2026, 3, 12), 3),
    ("suspend-weekend-only", D(2026, 3, 2), 5, "working", (S(D(2026, 3, 7), D(2026, 3, 8)),), None, (), D(2026, 3, 9), 0),
    ("suspend-after-due", D(2026, 3, 2), 5, "working", (S(D(2026, 3, 10), D(2026, 3, 20)),), None, (), D(2026, 3, 9), 0),
    ("suspend-starts-on-due", D(2026, 3, 2), 5, "working", (S(D(2026, 3, 9), D(2026, 3, 9)),), None, (), D(2026, 3, 10), 1),
    ("suspend-before-receipt-clipped", D(2026, 3, 2), 5, "working", (S(D(2026, 2, 25), D(2026, 3, 3)),), None, (), D(2026, 3, 10), 1),
    ("suspend-entirely-before", D(2026, 3, 2), 5, "working", (S(D(2026, 2, 25), D(2026, 3, 2)),), None, (), D(2026, 3, 9), 0),
    ("two-suspensions-unsorted", D(2026, 3, 2), 5, "working",
     (S(D(2026, 3, 10), D(2026, 3, 10)), S(D(2026, 3, 4), D(2026, 3, 4))), None, (), D(2026, 3, 11), 2),
    ("adjacent-suspensions", D(2026, 3, 2), 5, "working",
     (S(D(2026, 3, 3), D(2026, 3, 4)), S(D(2026, 3, 5), D(2026, 3, 5))), None, (), D(2026, 3, 12), 3),
    ("suspend-over-holiday", D(2026, 9, 28), 10, "working", (S(D(2026, 9, 30), D(2026, 10, 9)),), None, (), D(2026, 10, 21), 3),
    ("natural-suspend", D(2026, 3, 2), 10, "natural", (S(D(2026, 3, 5), D(2026, 3, 7)),), None, (), D(2026, 3, 16), 3),
    ("natural-roll-into-suspension", D(2026, 3, 2), 5, "natural", (S(D(2026, 3, 9), D(2026, 3, 10)),), None, (), D(2026, 3, 11), 2),
    ("natural-suspension-inside-weekend-roll", D(2026, 3, 2), 5, "natural", (S(D(2026, 3, 8), D(2026, 3, 8)),), None, (), D(2026, 3, 9), 1),
    # Correction (补正): counting restarts after the day the materials became complete.
    ("correction", D(2026, 3, 2), 5, "working", (), D(2026, 3, 10), (), D(2026, 3, 17), 0),
    ("correction-same-day", D(2026, 3, 2), 5, "working", (), D(2026, 3, 2), (), D(2026, 3, 9), 0),
    ("correction-ignores-earlier-suspension", D(2026, 3, 2), 5, "working",
     (S(D(2026, 3, 4), D(2026, 3, 6)),), D(2026, 3, 10), (), D(2026, 3, 17), 0),
    ("correction-natural", D(2026, 2, 2), 10, "natural", (), D(2026, 2, 10), (), D(2026, 2, 24), 0),
    # Extensions: +M days of the same kind from the current due date.
    ("extension", D(2026, 3, 2), 5, "working", (), None, (5,), D(2026, 3, 16), 0),
    ("two-extensions", D(2026, 3, 2), 5, "working", (), None, (5, 3), D(2026, 3, 19), 0),
    ("extension-zero", D(2026, 3, 2), 5, "working", (), None, (0,), D(2026, 3, 9), 0),
    ("extension-with-suspension", D(2026, 3, 2), 5, "working", (S(D(2026, 3, 11), D(2026, 3, 12)),), None, (5,), D(2026, 3, 18), 2),
    ("extension-after-zero", D(2026, 3, 7), 0, "working", (), None, (1,), D(2026, 3, 9), 0),
    ("extension-natural", D(2026, 3, 2), 5, "natural", (), None, (10,), D(2026, 3, 19), 0),
    ("everything", D(2026, 2, 2), 10, "working", (S(D(2026, 2, 26), D(2026, 2, 27)),), D(2026, 2, 9), (2,), D(2026, 3, 5), 2),
]


@pytest.mark.parametrize(
    "received, days, kind, suspensions, corrected_on, extensions, due, suspended",
    [w[1:] for w in WORKED],
    ids=[w[0] for w in WORKED],
)
def test_worked_examples(cal, received, days, kind, suspensions, corrected_on, extensions, due, suspended):
    res = due_date(cal, received, days, kind, suspensions, corrected_on, extensions)
    assert res == DueResult(due, suspended, corrected_on or received)
    # The same answer from the day-by-day reference.
    assert ref_due(cal, received, days, kind, suspensions, corrected_on, extensions) == (due, suspended)


def test_unknown_year_2027(cal):
    with pytest.raises(InputError) as exc:
        due_date(cal, D(2027, 3, 1), 5)
    assert str(exc.value) == MISSING.format(year=2027)
    assert exc.value.msgid == MISSING


@pytest.mark.parametrize(
    "received, days, kind, suspensions",
    [
        (D(2026, 12, 20), 20, "working", ()),
        (D(2026, 12, 1), 40, "natural", ()),
        (D(2026, 12, 30), 2, "working", ()),
        (D(2026, 12, 1), 10, "working", (S(D(2026, 12, 3), D(2027, 1, 10)),)),
        (D(2026, 12, 1), 10, "natural", (S(D(2026, 12, 3), D(2026, 12, 30)),)),
    ],
)
def test_crossing_into_unknown_year(cal, received, days, kind, suspensions):
    with pytest.raises(InputError) as exc:
        due_date(cal, received, days, kind, suspensions)
    assert str(exc.value) == MISSING.format(year=2027)


def test_suspension_reaching_into_unknown_year_does_not_matter_when_after_due(cal):
    res = due_date(cal, D(2026, 12, 1), 5, "working", (S(D(2026, 12, 20), D(2027, 2, 1)),))
    assert res.due == D(2026, 12, 8)
    res = due_date(cal, D(2026, 12, 1), 5, "working", (S(D(2027, 1, 5), D(2027, 2, 1)),))
    assert res.due == D(2026, 12, 8)


def test_gap_year_refused_only_when_crossed():
    from quancheng_tui.domain.calendar import shipped_years

    years = shipped_years()
    gap = Calendar({2024: years[2024], 2026: years[2026]})
    assert due_date(gap, D(2026, 2, 13), 20).due == D(2026, 3, 19)
    assert due_date(gap, D(2024, 12, 2), 5, "natural").due == D(2024, 12, 9)
    for received, n, kind in ((D(2024, 12, 20), 20, "working"), (D(2024, 12, 20), 20, "natural")):
        with pytest.raises(InputError) as exc:
            due_date(gap, received, n, kind)
        assert str(exc.value) == MISSING.format(year=2025)
    with pytest.raises(InputError, match="缺少 2025 年"):
        due_date(gap, D(2024, 12, 2), 5, "working", (S(D(2024, 12, 3), D(2026, 1, 10)),))


def test_natural_days_need_no_data_for_the_receipt_year(cal):
    # Only the days the count lands on are looked up; 2023's holidays do not matter here.
    assert due_date(cal, D(2023, 12, 20), 30, "natural").due == D(2024, 1, 19)
    with pytest.raises(InputError, match="缺少 2023 年"):
        due_date(cal, D(2023, 12, 20), 3, "natural")
    with pytest.raises(InputError, match="缺少 2023 年"):
        due_date(cal, D(2023, 12, 20), 30, "working")


# ---------------------------------------------------------------------------
# Refusals


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        (dict(days=-1), "期限天数不能为负数：-1"),
        (dict(days=5, extensions=(3, -2)), "延长天数不能为负数：-2"),
        (dict(days=5, kind="calendar"), "期限类型“calendar”无效"),
        (dict(days=5, corrected_on=D(2026, 3, 1)), "补正日期 2026-03-01 早于收件日期 2026-03-02"),
        (dict(days=5, suspensions=(S(D(2026, 3, 3), D(2026, 3, 5)), S(D(2026, 3, 5), D(2026, 3, 9)))),
         "中止计时区间 2026-03-03:2026-03-05 与 2026-03-05:2026-03-09 重叠"),
        (dict(days=5, suspensions=(S(D(2026, 3, 3), D(2026, 3, 20)), S(D(2026, 3, 5), D(2026, 3, 6)))), "重叠"),
    ],
)
def test_due_date_refusals(cal, kwargs, fragment):
    kwargs.setdefault("kind", "working")
    with pytest.raises(InputError) as exc:
        due_date(cal, D(2026, 3, 2), **kwargs)
    assert fragment in str(exc.value)


def test_suspension_validation_and_parse():
    with pytest.raises(InputError, match="中止计时区间的结束日 2026-03-01 早于开始日 2026-03-05"):
        Suspension(D(2026, 3, 5), D(2026, 3, 1))
    s = Suspension.parse(" 2026-03-02:2026-03-06 ", "检测")
    assert s == Suspension(D(2026, 3, 2), D(2026, 3, 6), "检测") and s.days == 5 and str(s) == "2026-03-02:2026-03-06"
    assert Suspension.parse("2026-03-02:2026-03-02").days == 1
    for bad in ("2026-03-02", "2026-03-02:2026-03-32", "a:b", "2026-03-02:2026-03-03:2026-03-04", ""):
        with pytest.raises(InputError, match="中止计时区间“.*”无效"):
            Suspension.parse(bad)
    with pytest.raises(InputError, match="早于开始日"):
        Suspension.parse("2026-03-06:2026-03-02")
    assert normalise_suspensions([S(D(2026, 3, 9), D(2026, 3, 9)), S(D(2026, 3, 2), D(2026, 3, 8))])[0].start == D(2026, 3, 2)


# ---------------------------------------------------------------------------
# A day-by-day reference implementation of the rules


def _in(d: date, sus) -> bool:
    return any(s.start <= d <= s.end for s in sus)


def _ref_segment(cal, start: date, n: int, kind: str, sus) -> tuple[date, int]:
    if n == 0:
        return start, 0
    d, counted, excluded = start, 0, 0
    while counted < n:
        d += timedelta(1)
        suspended = _in(d, sus)
        if kind == "working":
            if cal.is_workday(d):
                if suspended:
                    excluded += 1
                else:
                    counted += 1
        elif suspended:
            excluded += 1
        else:
            counted += 1
    # Natural days end on a working day that is not suspended.
    while kind == "natural" and (not cal.is_workday(d) or _in(d, sus)):
        d += timedelta(1)
        if _in(d, sus):
            excluded += 1
    return d, excluded


def ref_due(cal, received, days, kind, sus=(), corrected_on=None, extensions=()):
    due, excluded = _ref_segment(cal, corrected_on or received, days, kind, sus)
    for m in extensions:
        due, more = _ref_segment(cal, due, m, kind, sus)
        excluded += more
    return due, excluded


# ---------------------------------------------------------------------------
# Properties

received_dates = st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 4, 30))
kinds = st.sampled_from(["working", "natural"])
limits = st.integers(min_value=0, max_value=60)


@st.composite
def suspension_sets(draw, around: date):
    """Up to three disjoint suspensions starting from a few days before `around`."""
    out = []
    cursor = around - timedelta(draw(st.integers(0, 5)))
    for _ in range(draw(st.integers(0, 3))):
        start = cursor + timedelta(draw(st.integers(0, 15)))
        end = start + timedelta(draw(st.integers(0, 12)))
        out.append(Suspension(start, end))
        cursor = end + timedelta(1)
    draw(st.randoms()).shuffle(out)
    return tuple(out)


@st.composite
def cases(draw):
    received = draw(received_dates)
    return received, draw(limits), draw(kinds), draw(suspension_sets(received))


@settings(max_examples=400, deadline=None)
@given(case=cases())
def test_matches_day_by_day_reference(cal, case):
    received, n, kind, sus = case
    res = due_date(cal, received, n, kind, sus)
    assert (res.due, res.suspended_days) == ref_due(cal, received, n, kind, sus)
    assert res.start == received


@settings(max_examples=300, deadline=None)
@given(case=cases())
def test_due_not_before_receipt_and_is_actionable(cal, case):
    received, n, kind, sus = case
    due = due_date(cal, received, n, kind, sus).due
    assert due >= received
    if n > 0:
        assert due > received
        # The office can act on the due date.
        assert cal.is_workday(due) and not _in(due, sus)


@settings(max_examples=300, deadline=None)
@given(case=cases(), extra=st.integers(min_value=1, max_value=20))
def test_monotone_in_days(cal, case, extra):
    received, n, kind, sus = case
    a = due_date(cal, received, n, kind, sus).due
    b = due_date(cal, received, n + extra, kind, sus).due
    assert b >= a
    if kind == "working":
        assert b > a  # natural days may tie: both roll over the same weekend or holiday
    # One more day is exactly the next counted day (working kind).
    if kind == "working":
        c = due_date(cal, received, n + 1, kind, sus).due
        assert c > a and all(not cal.is_workday(d) or _in(d, sus)
                             for d in (a + timedelta(k) for k in range(1, (c - a).days)))


@settings(max_examples=300, deadline=None)
@given(case=cases(), data=st.data())
def test_suspension_never_makes_due_earlier(cal, case, data):
    received, n, kind, sus = case
    without = due_date(cal, received, n, kind).due
    with_all = due_date(cal, received, n, kind, sus).due
    assert with_all >= without
    if sus:
        # Dropping any one suspension never makes the due date later.
        drop = data.draw(st.integers(0, len(sus) - 1))
        fewer = sus[:drop] + sus[drop + 1:]
        assert due_date(cal, received, n, kind, fewer).due <= with_all


@settings(max_examples=300, deadline=None)
@given(case=cases())
def test_exactly_n_counted_working_days(cal, case):
    received, n, _, sus = case
    res = due_date(cal, received, n, "working", sus)
    days = [received + timedelta(k) for k in range(1, (res.due - received).days + 1)]
    counted = [d for d in days if cal.is_workday(d) and not _in(d, sus)]
    excluded = [d for d in days if cal.is_workday(d) and _in(d, sus)]
    assert len(counted) == n
    assert len(excluded) == res.suspended_days
    # Without suspensions this is the calendar's own ordinal arithmetic.
    if not excluded:
        assert cal.workdays_between(received, res.due) == n


@settings(max_examples=200, deadline=None)
@given(case=cases(), ext=st.lists(st.integers(0, 10), max_size=2), corr=st.integers(0, 10))
def test_correction_and_extensions_match_reference(cal, case, ext, corr):
    received, n, kind, sus = case
    corrected = received + timedelta(corr)
    res = due_date(cal, received, n, kind, sus, corrected, ext)
    assert (res.due, res.suspended_days) == ref_due(cal, received, n, kind, sus, corrected, ext)
    assert res.start == corrected
    # An extension never shortens; a later correction never shortens.
    assert res.due >= due_date(cal, received, n, kind, sus, corrected).due
    assert res.due >= due_date(cal, received, n, kind, sus, None, ext).due


@settings(max_examples=200, deadline=None)
@given(received=received_dates, n=st.integers(1, 40), m=st.integers(1, 20))
def test_extension_equals_longer_limit_for_working_days(cal, received, n, m):
    # Counting M more working days from the due date is the same as counting N + M.
    assert due_date(cal, received, n, extensions=(m,)).due == due_date(cal, received, n + m).due


# ---------------------------------------------------------------------------
# Warning lights

DUE = D(2026, 3, 19)  # 20 working days after 2026-02-13


@pytest.mark.parametrize(
    "today, light, left, overdue",
    [
        (D(2026, 3, 2), "green", 13, 0),
        (D(2026, 3, 16), "green", 3, 0),
        (D(2026, 3, 17), "yellow", 2, 0),   # boundary: 2 left is yellow
        (D(2026, 3, 18), "yellow", 1, 0),
        (D(2026, 3, 19), "due_today", 0, 0),
        (D(2026, 3, 20), "red", 0, 1),
        (D(2026, 3, 22), "red", 0, 1),      # Sunday after
        (D(2026, 3, 23), "red", 0, 2),
    ],
)
def test_warning_lights(cal, today, light, left, overdue):
    w = warning_state(cal, DUE, today, 20)
    assert isinstance(w, Warning)
    assert (w.light, w.workdays_left, w.workdays_overdue) == (light, left, overdue)


def test_share_used(cal):
    # Without start: share = (limit - left) / limit.
    assert warning_state(cal, DUE, D(2026, 3, 2), 20).share_used == pytest.approx(7 / 20)
    # With start: elapsed working days since start (2026-02-14 make-up Saturday counts).
    assert warning_state(cal, DUE, D(2026, 3, 2), 20, start=D(2026, 2, 13)).share_used == pytest.approx(7 / 20)
    assert warning_state(cal, DUE, D(2026, 2, 13), 20, start=D(2026, 2, 13)).share_used == 0.0
    assert warning_state(cal, DUE, DUE, 20).share_used == 1.0
    assert warning_state(cal, DUE, D(2026, 3, 23), 20).share_used == pytest.approx(22 / 20)
    # A suspension pushed the due date out: share stays below 1 until the due date.
    assert warning_state(cal, D(2026, 3, 26), D(2026, 3, 18), 20, start=D(2026, 2, 13)).share_used == pytest.approx(19 / 20)


def test_weekend_right_after_friday_due_is_red_with_zero_working_days(cal):
    w = warning_state(cal, D(2026, 3, 20), D(2026, 3, 21), 5)
    assert w.light == "red" and w.workdays_overdue == 0 and w.share_used == 1.0


def test_yellow_within_is_configurable(cal):
    assert warning_state(cal, DUE, D(2026, 3, 16), 20, yellow_within=3).light == "yellow"
    assert warning_state(cal, DUE, D(2026, 3, 18), 20, yellow_within=0).light == "green"


def test_limit_zero(cal):
    d = D(2026, 3, 4)
    assert warning_state(cal, d, d, 0) == Warning("due_today", 0, 0, 1.0)
    assert warning_state(cal, d, D(2026, 3, 6), 0) == Warning("red", 0, 2, 3.0)
    assert warning_state(cal, D(2026, 3, 6), d, 0) == Warning("yellow", 2, 0, 0.0)


def test_warning_needs_known_years(cal):
    with pytest.raises(InputError, match="缺少 2027 年"):
        warning_state(cal, D(2026, 12, 31), D(2027, 1, 4), 5)
    with pytest.raises(InputError, match="缺少 2027 年"):
        warning_state(cal, D(2027, 1, 4), D(2027, 1, 4), 5)
    with pytest.raises(InputError, match="期限天数不能为负数"):
        warning_state(cal, DUE, DUE, -1)


# ---------------------------------------------------------------------------
# Legal checks


def test_notice_deadline_and_lateness(cal):
    assert notice_deadline(cal, D(2026, 4, 30)) == D(2026, 5, 11)
    assert notice_deadline(cal, D(2026, 2, 13)) == D(2026, 2, 27)  # 2/14, 2/24–2/27
    assert notice_is_late(cal, D(2026, 4, 30), D(2026, 4, 30)) is False
    assert notice_is_late(cal, D(2026, 4, 30), D(2026, 5, 11)) is False
    assert notice_is_late(cal, D(2026, 4, 30), D(2026, 5, 12)) is True
    with pytest.raises(InputError, match="告知日期 2026-04-29 早于收件日期 2026-04-30"):
        notice_is_late(cal, D(2026, 4, 30), D(2026, 4, 29))


@pytest.mark.parametrize("promised, statutory", [(15, 30), (0, 1), (29, 30), (100, 0), (0, 0)])
def test_promised_limit_accepted(promised, statutory):
    assert check_promised_limit(promised, statutory) is None


@pytest.mark.parametrize(
    "promised, statutory, fragment",
    [
        (30, 30, "承诺时限 30 天必须少于法定时限 30 天"),
        (31, 30, "承诺时限 31 天必须少于法定时限 30 天"),
        (-1, 30, "期限天数不能为负数：-1"),
        (5, -3, "期限天数不能为负数：-3"),
    ],
)
def test_promised_limit_refused(promised, statutory, fragment):
    with pytest.raises(InputError) as exc:
        check_promised_limit(promised, statutory)
    assert str(exc.value) == fragment


def test_extension_needs_leader(cal):
    # Statutory 20 working days from 2026-03-02 end on 2026-03-30.
    assert due_date(cal, D(2026, 3, 2), 20).due == D(2026, 3, 30)
    assert extension_needs_leader(cal, D(2026, 3, 2), 20, "working", D(2026, 3, 30)) is False
    assert extension_needs_leader(cal, D(2026, 3, 2), 20, "working", D(2026, 3, 31)) is True
    assert extension_needs_leader(cal, D(2026, 3, 2), 0, "working", D(2026, 12, 31)) is False
    # A suspension moves the statutory maximum too.
    sus = (S(D(2026, 3, 4), D(2026, 3, 4)),)
    assert extension_needs_leader(cal, D(2026, 3, 2), 20, "working", D(2026, 3, 31), sus) is False
    assert extension_needs_leader(cal, D(2026, 3, 2), 30, "natural", D(2026, 4, 1)) is False
    assert extension_needs_leader(cal, D(2026, 3, 2), 30, "natural", D(2026, 4, 2)) is True


# ---------------------------------------------------------------------------
# Messages: every msgid is a literal N_() argument and has an English line in the .po part


def _msgids(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "N_":
            assert isinstance(node.args[0], ast.Constant), f"{path}:{node.lineno}: N_ needs a literal"
            found.add(node.args[0].value)
    return found


def _po(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid "((?:[^"\\]|\\.)*)"\nmsgstr "((?:[^"\\]|\\.)*)"$', text, re.M)
    return {a.replace('\\"', '"'): b.replace('\\"', '"') for a, b in pairs}


def test_every_message_has_an_english_translation_with_the_same_placeholders():
    pkg = ROOT / "quancheng_tui" / "domain"
    ids = _msgids(pkg / "calendar.py") | _msgids(pkg / "deadlines.py")
    po = _po(ROOT / "tools" / "po_parts" / "deadlines.po")
    assert len(ids) >= 30
    assert sorted(ids - po.keys()) == []
    for msgid in ids:
        english = po[msgid]
        assert english and not re.search(r"[\u4e00-\u9fff]", english), msgid
        assert set(re.findall(r"\{(\w+)\}", msgid)) == set(re.findall(r"\{(\w+)\}", english)), msgid
