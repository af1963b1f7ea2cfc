"""Provisional calendars for years without the State Council's schedule (domain.md §5)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quancheng_tui.domain.calendar import (
    Calendar,
    build_calendar,
    parse_year_toml,
    provisional_year,
    shipped_calendar,
    shipped_years,
)
from quancheng_tui.domain.deadlines import due_date

D = date


def test_2027_statutory_holidays():
    t = provisional_year(2027)
    assert t.origin == "provisional" and t.workdays == frozenset()
    by_name = {f.name: f.holidays for f in t.festivals}
    assert by_name == {
        "元旦": (D(2027, 1, 1),),
        "春节": (D(2027, 2, 5), D(2027, 2, 6), D(2027, 2, 7), D(2027, 2, 8)),  # 除夕 to 初三 (春节 2027-02-06)
        "清明节": (D(2027, 4, 5),),
        "劳动节": (D(2027, 5, 1), D(2027, 5, 2)),
        "端午节": (D(2027, 6, 9),),
        "中秋节": (D(2027, 9, 15),),
        "国庆节": (D(2027, 10, 1), D(2027, 10, 2), D(2027, 10, 3)),
    }
    assert "预计" in t.source


def test_mid_autumn_on_a_national_day_is_listed_once():
    t = provisional_year(2028)  # 中秋 2028-10-03 is also 国庆's third day
    assert D(2028, 10, 3) in t.holidays
    assert sum(D(2028, 10, 3) in f.holidays for f in t.festivals) == 1
    assert len(t.holidays) == 12


@pytest.mark.parametrize("year", [2025, 2026])
def test_statutory_days_are_days_off_in_the_official_schedules(year):
    """Since the 2024 amendment (in force 2025) every statutory day is off in the State Council's table."""
    official = shipped_calendar()
    assert official.table(year).origin == "shipped"
    for d in provisional_year(year).holidays:
        assert not official.is_workday(d), d


@settings(max_examples=60)
@given(st.integers(min_value=2027, max_value=2099))
def test_every_provisional_year_has_the_statutory_shape(year):
    t = provisional_year(year)
    by_name = {f.name: f.holidays for f in t.festivals}
    spring = by_name["春节"]
    assert len(spring) == 4 and all(b - a == timedelta(days=1) for a, b in zip(spring, spring[1:]))
    assert D(year, 1, 21) <= spring[1] <= D(year, 2, 20)  # 春节 (初一) always falls in this window
    assert by_name["清明节"][0] in (D(year, 4, 4), D(year, 4, 5), D(year, 4, 6))
    assert D(year, 5, 26) <= by_name["端午节"][0] <= D(year, 6, 26)
    assert D(year, 9, 7) <= (by_name.get("中秋节") or (D(year, 10, 3),))[0] <= D(year, 10, 8)
    assert 12 <= len(t.holidays) <= 13 and all(d.year == year for d in t.holidays)
    # Weekends off, no make-up days: a working day is exactly a weekday that is not a statutory day.
    cal = Calendar({year: t})
    for k in range(0, 365, 7):
        d = D(year, 1, 1) + timedelta(days=k)
        assert cal.is_workday(d) == (d.weekday() < 5 and d not in t.holidays)


def test_due_date_into_next_year_is_computed_and_marked_provisional():
    cal = build_calendar()
    assert 2027 in cal.provisional_years and 2026 not in cal.provisional_years
    res = due_date(cal, D(2026, 12, 10), 20)
    assert res.due == D(2027, 1, 8) and res.provisional  # 元旦 (Fri 1 Jan 2027) is skipped
    inside = due_date(cal, D(2026, 12, 1), 20)
    assert inside.due == D(2026, 12, 29) and not inside.provisional


def test_an_imported_year_is_exact_and_replaces_the_provisional_one():
    t = parse_year_toml('year = 2027\nsource = "国办发明电测试"\n[[festival]]\nname = "元旦"\n'
                        'holidays = [2027-01-01, 2027-01-04]\n', "2027.toml")
    cal = build_calendar({2027: t})
    assert 2027 not in cal.provisional_years and cal.provisional_years == {2028, 2029}
    res = due_date(cal, D(2026, 12, 10), 20)
    assert res.due == D(2027, 1, 11) and not res.provisional


def test_gap_years_and_horizon():
    years = shipped_years()
    cal = build_calendar({2030: parse_year_toml('year = 2030\nsource = "s"\n[[festival]]\nname = "n"\n'
                                                'holidays = [2030-01-01]\n', "2030.toml")})
    assert cal.years == tuple(range(min(years), 2033))
    assert cal.provisional_years == {2027, 2028, 2029, 2031, 2032}
    assert build_calendar(through=2035).years[-1] == 2035
    assert cal.provisional(D(2026, 12, 1), D(2027, 1, 4)) and not cal.provisional(D(2030, 3, 1), D(2030, 4, 1))
