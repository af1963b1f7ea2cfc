"""The working-day calendar: shipped schedules, parsing, O(1) queries, unknown years."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quancheng_tui.domain.calendar import (
    Calendar,
    YearTable,
    build_calendar,
    parse_year_csv,
    parse_year_toml,
    shipped_years,
)
from quancheng_tui.errors import InputError

D = date
MISSING = "缺少 {year} 年的节假日安排，无法计算；请用 quancheng calendar import FILE 导入该年的安排"


@pytest.fixture(scope="module")
def cal() -> Calendar:
    """The official schedules alone: what the calendar knows exactly (provisional years: test_provisional_calendar)."""
    return Calendar(shipped_years())


def naive_is_workday(tables: dict[int, YearTable], d: date) -> bool:
    t = tables[d.year]
    if d in t.workdays:
        return True
    if d in t.holidays:
        return False
    return d.weekday() < 5


# ---------------------------------------------------------------------------
# Shipped data


def test_shipped_years_and_sources():
    years = shipped_years()
    assert sorted(years) == [2024, 2025, 2026]
    assert years[2024].source == "国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号）"
    assert years[2025].source == "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）"
    assert years[2026].source == "国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）"
    assert years[2024].published == D(2023, 10, 25)
    assert years[2025].published == D(2024, 11, 12)
    assert years[2026].published == D(2025, 11, 4)
    assert all(t.origin == "shipped" for t in years.values())


def test_2026_matches_the_notice(cal):
    t = cal.table(2026)
    expected_off = set()
    for a, b in [((1, 1), (1, 3)), ((2, 15), (2, 23)), ((4, 4), (4, 6)), ((5, 1), (5, 5)),
                 ((6, 19), (6, 21)), ((9, 25), (9, 27)), ((10, 1), (10, 7))]:
        d = D(2026, *a)
        while d <= D(2026, *b):
            expected_off.add(d)
            d += timedelta(1)
    assert t.holidays == expected_off
    assert t.workdays == {D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)}
    assert t.name_of(D(2026, 2, 28)) == "春节"
    assert t.name_of(D(2026, 3, 2)) == ""


@pytest.mark.parametrize("year, count", [(2024, 251), (2025, 248), (2026, 248)])
def test_working_days_per_year(cal, year, count):
    assert cal.workday_count(year) == count


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_every_day_agrees_with_chinese_calendar(cal, year):
    chinese_calendar = pytest.importorskip("chinese_calendar")
    d = D(year, 1, 1)
    mismatches = []
    while d.year == year:
        if cal.is_workday(d) != chinese_calendar.is_workday(d) or cal.is_workday(d) == chinese_calendar.is_holiday(d):
            mismatches.append(d)
        d += timedelta(1)
    assert mismatches == []


@pytest.mark.parametrize(
    "d, expected",
    [
        (D(2026, 1, 4), True),    # make-up Sunday
        (D(2026, 2, 14), True),   # make-up Saturday
        (D(2026, 2, 15), False),  # Spring Festival on a Sunday
        (D(2026, 2, 23), False),  # Spring Festival on a Monday
        (D(2026, 3, 7), False),   # ordinary Saturday
        (D(2026, 3, 9), True),    # ordinary Monday
        (D(2024, 2, 9), True),    # 除夕 2024 was only "encouraged" off: a working day
        (D(2025, 1, 28), False),  # 除夕 2025 became a statutory holiday
    ],
)
def test_is_workday(cal, d, expected):
    assert cal.is_workday(d) is expected


# ---------------------------------------------------------------------------
# Queries


@pytest.mark.parametrize(
    "d, n, expected",
    [
        (D(2026, 1, 1), 1, D(2026, 1, 4)),
        (D(2026, 2, 13), 20, D(2026, 3, 19)),
        (D(2026, 4, 30), 5, D(2026, 5, 11)),
        (D(2026, 3, 2), 0, D(2026, 3, 2)),
        (D(2026, 3, 7), 0, D(2026, 3, 7)),      # n = 0 is d even on a weekend
        (D(2025, 12, 31), 1, D(2026, 1, 4)),    # across a year boundary
        (D(2024, 2, 9), 1, D(2024, 2, 18)),
        (D(2025, 1, 27), 1, D(2025, 2, 5)),
        (D(2026, 3, 2), -1, D(2026, 2, 28)),    # back to the make-up Saturday
        (D(2026, 3, 7), -1, D(2026, 3, 6)),
        (D(2026, 3, 2), -5, D(2026, 2, 24)),
    ],
)
def test_add_workdays(cal, d, n, expected):
    assert cal.add_workdays(d, n) == expected


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (D(2026, 2, 13), D(2026, 3, 19), 20),
        (D(2026, 3, 2), D(2026, 3, 2), 0),
        (D(2026, 3, 6), D(2026, 3, 8), 0),    # Friday to Sunday: nothing after Friday
        (D(2026, 3, 6), D(2026, 3, 9), 1),
        (D(2026, 3, 9), D(2026, 3, 6), -1),   # reversed: negative
        (D(2024, 1, 1), D(2026, 12, 31), 251 + 248 + 248 - 0),  # 2024-01-01 is a holiday
    ],
)
def test_workdays_between(cal, a, b, expected):
    assert cal.workdays_between(a, b) == expected


@pytest.mark.parametrize(
    "d, expected",
    [
        (D(2026, 2, 14), D(2026, 2, 14)),
        (D(2026, 2, 15), D(2026, 2, 24)),
        (D(2026, 10, 1), D(2026, 10, 8)),
        (D(2025, 12, 31), D(2025, 12, 31)),
        (D(2026, 9, 19), D(2026, 9, 20)),
    ],
)
def test_next_workday_on_or_after(cal, d, expected):
    assert cal.next_workday_on_or_after(d) == expected


def test_years_and_missing_table(cal):
    assert cal.years == (2024, 2025, 2026)
    with pytest.raises(InputError) as exc:
        cal.table(2027)
    assert str(exc.value) == MISSING.format(year=2027)
    assert exc.value.msgid == MISSING and exc.value.params == {"year": 2027}


@pytest.mark.parametrize(
    "call, year",
    [
        (lambda c: c.is_workday(D(2027, 1, 4)), 2027),
        (lambda c: c.is_workday(D(2023, 12, 29)), 2023),
        (lambda c: c.add_workdays(D(2027, 3, 1), 0), 2027),
        (lambda c: c.add_workdays(D(2026, 12, 20), 20), 2027),   # crosses into 2027
        (lambda c: c.add_workdays(D(2024, 1, 5), -10), 2023),    # backwards into 2023
        (lambda c: c.workdays_between(D(2026, 12, 1), D(2027, 1, 5)), 2027),
        (lambda c: c.next_workday_on_or_after(D(2027, 1, 1)), 2027),
    ],
)
def test_unknown_year_refused(cal, call, year):
    with pytest.raises(InputError) as exc:
        call(cal)
    assert str(exc.value) == MISSING.format(year=year)


def test_next_workday_past_the_last_covered_day_is_refused():
    # 2026-12-31 is a Thursday (a working day); make it a holiday to force a crossing.
    t = parse_year_toml(
        'year = 2026\nsource = "x"\n[[festival]]\nname = "t"\nholidays = [2026-12-31]\n', "t.toml"
    )
    c = Calendar({2026: t})
    with pytest.raises(InputError, match="缺少 2027 年"):
        c.next_workday_on_or_after(D(2026, 12, 31))


def test_gap_year_only_refused_when_crossed():
    years = shipped_years()
    c = Calendar({2024: years[2024], 2026: years[2026]})
    assert c.years == (2024, 2026)
    # Inside either covered year: fine.
    assert c.add_workdays(D(2026, 2, 13), 20) == D(2026, 3, 19)
    assert c.add_workdays(D(2024, 4, 30), 1) == D(2024, 5, 6)
    assert c.workdays_between(D(2026, 1, 1), D(2026, 12, 31)) == 248
    assert c.workday_count(2024) == 251
    # Anything touching or crossing 2025 names 2025.
    for call in (
        lambda: c.is_workday(D(2025, 6, 3)),
        lambda: c.workdays_between(D(2024, 12, 2), D(2026, 1, 5)),
        lambda: c.workdays_between(D(2026, 1, 5), D(2024, 12, 2)),
        lambda: c.add_workdays(D(2024, 12, 20), 30),
        lambda: c.add_workdays(D(2026, 1, 5), -5),
        lambda: c.next_workday_on_or_after(D(2025, 1, 1)),
    ):
        with pytest.raises(InputError) as exc:
            call()
        assert str(exc.value) == MISSING.format(year=2025)


def test_empty_calendar_refuses_everything():
    c = Calendar({})
    assert c.years == ()
    with pytest.raises(InputError, match="缺少 2026 年"):
        c.is_workday(D(2026, 3, 2))


def test_build_calendar_imported_year_replaces_shipped():
    t = parse_year_csv("# year: 2026\ndate,kind,name\n2026-03-02,holiday,测试\n", "x.csv")
    c = build_calendar([t])
    assert c.years == (2024, 2025, 2026, 2027, 2028)  # two provisional years after the last official one
    assert c.provisional_years == {2027, 2028}
    assert c.table(2026).origin == "imported"
    assert not c.is_workday(D(2026, 3, 2))
    assert c.is_workday(D(2026, 2, 16))  # the imported table has no Spring Festival
    c2 = build_calendar({2027: parse_year_csv("# year: 2027\ndate,kind\n2027-01-01,holiday\n", "y.csv")})
    assert c2.years == (2024, 2025, 2026, 2027, 2028, 2029)
    assert c2.provisional_years == {2028, 2029}
    assert c2.add_workdays(D(2026, 12, 31), 1) == D(2027, 1, 4)


def test_mismatched_key_is_a_programming_error():
    with pytest.raises(ValueError):
        Calendar({2025: shipped_years()[2026]})


# ---------------------------------------------------------------------------
# Properties against a day-by-day reference

_lo, _hi = D(2024, 1, 1), D(2026, 12, 31)
dates = st.dates(min_value=_lo, max_value=_hi)


def naive_add(tables, d: date, n: int) -> date | None:
    """Day by day; None when the walk leaves the covered years."""
    step = 1 if n > 0 else -1
    left = abs(n)
    while left:
        d += timedelta(step)
        if not _lo <= d <= _hi:
            return None
        if naive_is_workday(tables, d):
            left -= 1
    return d


@settings(max_examples=400, deadline=None)
@given(d=dates, n=st.integers(min_value=-80, max_value=80))
def test_add_workdays_matches_day_by_day(cal, d, n):
    expected = naive_add(shipped_years(), d, n)
    if expected is None:
        with pytest.raises(InputError, match="缺少 (2023|2027) 年"):
            cal.add_workdays(d, n)
    else:
        assert cal.add_workdays(d, n) == expected


@settings(max_examples=300, deadline=None)
@given(a=dates, b=dates)
def test_workdays_between_matches_day_by_day(cal, a, b):
    lo, hi = min(a, b), max(a, b)
    count = sum(naive_is_workday(shipped_years(), lo + timedelta(k)) for k in range(1, (hi - lo).days + 1))
    assert cal.workdays_between(a, b) == (count if b >= a else -count)
    if b > a and cal.is_workday(b):
        # Counting and stepping are inverse.
        assert cal.add_workdays(a, cal.workdays_between(a, b)) == b


@settings(max_examples=200, deadline=None)
@given(d=st.dates(min_value=_lo, max_value=D(2026, 12, 30)))
def test_next_workday_is_first_working_day(cal, d):
    r = cal.next_workday_on_or_after(d)
    assert r >= d and cal.is_workday(r)
    assert all(not cal.is_workday(d + timedelta(k)) for k in range((r - d).days))


# ---------------------------------------------------------------------------
# TOML parsing

GOOD_TOML = """\
year = 2026
source = "测试通知"
published = 2025-11-04

[[festival]]
name = "元旦"
holidays = [2026-01-01, 2026-01-02, 2026-01-03]
workdays = [2026-01-04]

[[festival]]
name = "春节"
holidays = ["2026-02-16", 2026-02-17]
"""


def test_parse_toml_good():
    t = parse_year_toml(GOOD_TOML, "2026.toml")
    assert t.year == 2026 and t.source == "测试通知" and t.origin == "imported"
    assert t.holidays == {D(2026, 1, 1), D(2026, 1, 2), D(2026, 1, 3), D(2026, 2, 16), D(2026, 2, 17)}
    assert t.workdays == {D(2026, 1, 4)}
    assert [f.name for f in t.festivals] == ["元旦", "春节"]
    assert parse_year_toml("\ufeff" + GOOD_TOML, "bom.toml").holidays == t.holidays


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_to_toml_round_trips(year):
    t = shipped_years()[year]
    back = parse_year_toml(t.to_toml(), f"{year}.toml", origin="shipped")
    assert back == t
    assert [f.name for f in back.festivals] == [f.name for f in t.festivals]


def _fest(holidays: str, workdays: str = "[]", year: int = 2026, extra: str = "") -> str:
    return f'year = {year}\nsource = "s"\n{extra}[[festival]]\nname = "节"\nholidays = {holidays}\nworkdays = {workdays}\n'


@pytest.mark.parametrize(
    "text, where, fragment",
    [
        ("", "bad.toml", "文件为空"),
        ("  \n\n", "bad.toml", "文件为空"),
        ("year = 2026\n[[festival]\n", "bad.toml:2", "TOML 格式错误"),
        ('year = 2026\nsource = "s\n', "bad.toml:2", "TOML 格式错误"),
        (_fest("[2026-02-30]"), "bad.toml:5", "日期“2026-02-30”无效"),
        (_fest('["2026-13-01"]'), "bad.toml:festival[1].holidays[1]", "日期“2026-13-01”无效"),
        (_fest('["20260101"]'), "bad.toml:festival[1].holidays[1]", "日期“20260101”无效"),
        (_fest("[2026-01-01T08:00:00]"), "bad.toml:festival[1].holidays[1]", "无效"),
        (_fest("[2026-01-01, 2027-01-01]"), "bad.toml:festival[1].holidays[2]", "日期 2027-01-01 不在 2026 年内"),
        (_fest("[2026-01-01]", "[2025-12-28]"), "bad.toml:festival[1].workdays[1]", "不在 2026 年内"),
        (_fest("[2026-01-03]", "[2026-01-03]"), "bad.toml:festival[1].workdays[1]", "2026-01-03 同时列为放假日和调休上班日"),
        (_fest("[2026-01-01]", "[2026-01-05]"), "bad.toml:festival[1].workdays[1]", "调休上班日 2026-01-05 不是周六或周日"),
        (_fest("[2026-01-01, 2026-01-02, 2026-01-01]"), "bad.toml:festival[1].holidays[3]", "放假日 2026-01-01 重复"),
        (_fest("[2026-01-01]", "[2026-01-04, 2026-01-04]"), "bad.toml:festival[1].workdays[2]", "调休上班日 2026-01-04 重复"),
        (_fest("[2026-01-01]") + '[[festival]]\nname = "又"\nholidays = [2026-01-01]\n',
         "bad.toml:festival[2].holidays[1]", "放假日 2026-01-01 重复"),
        (_fest("[2026-01-01]", "[2026-01-04]") + '[[festival]]\nname = "又"\nholidays = [2026-01-04]\n',
         "bad.toml:festival[2].holidays[1]", "同时列为放假日和调休上班日"),
        (_fest("[]"), "bad.toml", "没有任何放假日"),
        ('source = "s"\n[[festival]]\nname = "n"\nholidays = [2026-01-01]\n', "bad.toml", "缺少字段“year”"),
        (_fest("[2026-01-01]").replace("year = 2026", 'year = "2026"'), "bad.toml:year", "年份“2026”无效"),
        (_fest("[2026-01-01]").replace("year = 2026", "year = true"), "bad.toml:year", "年份“True”无效"),
        (_fest("[2026-01-01]").replace("year = 2026", "year = 20026"), "bad.toml:year", "年份“20026”无效"),
        (_fest("[2026-01-01]").replace('source = "s"\n', ""), "bad.toml:source", "字段“source”应为非空文本"),
        (_fest("[2026-01-01]").replace('source = "s"', 'source = "  "'), "bad.toml:source", "应为非空文本"),
        (_fest("[2026-01-01]", extra='published = "soon"\n'), "bad.toml:published", "字段“published”应为日期"),
        (_fest("[2026-01-01]", extra="note = 1\n"), "bad.toml", "未知字段“note”"),
        (_fest("[2026-01-01]").replace("workdays", "workday"), "bad.toml:festival[1]", "未知字段“workday”"),
        ('year = 2026\nsource = "s"\n', "bad.toml", "字段“festival”应为 [[festival]] 表数组"),
        ('year = 2026\nsource = "s"\nfestival = 3\n', "bad.toml", "表数组"),
        ('year = 2026\nsource = "s"\n[[festival]]\nname = "n"\n', "bad.toml:festival[1]", "缺少字段“holidays”"),
        ('year = 2026\nsource = "s"\n[[festival]]\nholidays = [2026-01-01]\n', "bad.toml:festival[1].name", "字段“name”应为非空文本"),
        (_fest("2026-01-01"), "bad.toml:festival[1].holidays", "字段“holidays”应为日期列表"),
    ],
)
def test_parse_toml_errors(text, where, fragment):
    with pytest.raises(InputError) as exc:
        parse_year_toml(text, "bad.toml")
    message = str(exc.value)
    assert message.startswith(where + "："), message
    assert fragment in message
    assert "\n" not in message


def test_shipped_files_are_valid_and_name_their_year():
    # The loader insists file name == year; a wrong one would hide a year.
    from importlib.resources import files

    folder = files("quancheng_tui").joinpath("data", "holidays")
    names = sorted(e.name for e in folder.iterdir() if e.name.endswith(".toml"))
    assert names == ["2024.toml", "2025.toml", "2026.toml"]


# ---------------------------------------------------------------------------
# CSV parsing

GOOD_CSV = """\ufeff# 2027 年安排（示例）
# year: 2027
# source: 国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕1号）
# published: 2026-11-01
date,kind,name
2027-01-01,holiday,元旦

2027-02-06,workday,"春节, 调休"
2027-02-08,放假,春节
2027-02-09,holiday
"""


def test_parse_csv_good():
    t = parse_year_csv(GOOD_CSV, "2027.csv")
    assert t.year == 2027
    assert t.source.startswith("国务院办公厅关于2027年")
    assert t.published == D(2026, 11, 1)
    assert t.holidays == {D(2027, 1, 1), D(2027, 2, 8), D(2027, 2, 9)}
    assert t.workdays == {D(2027, 2, 6)}
    assert t.name_of(D(2027, 2, 6)) == "春节, 调休"
    c = Calendar({2027: t})
    assert c.add_workdays(D(2027, 2, 5), 1) == D(2027, 2, 6)
    # Without a source line the file name stands in.
    assert parse_year_csv("# year: 2027\ndate,kind,name\n2027-01-01,holiday,元旦\n", "a.csv").source == "a.csv"


@pytest.mark.parametrize(
    "text, where, fragment",
    [
        ("", "bad.csv", "文件为空"),
        ("\ufeff\n  \n", "bad.csv", "文件为空"),
        ("date,kind,name\n2027-01-01,holiday,元旦\n", "bad.csv", "缺少年份行“# year: YYYY”"),
        ("# year: 2027\n# year: 2027\ndate,kind,name\n", "bad.csv:2", "年份行重复"),
        ("# year: 27x\ndate,kind,name\n", "bad.csv:1", "年份“27x”无效"),
        ("# year: 2027\n", "bad.csv", "表头应为“date,kind,name”"),
        ("# year: 2027\n日期,类型,名称\n", "bad.csv:2", "表头应为“date,kind,name”"),
        ("# year: 2027\ndate,kind,name,extra\n", "bad.csv:2", "表头应为"),
        ("# year: 2027\ndate,kind,name\n2027-01-01\n", "bad.csv:3", "应有 2 或 3 列（date,kind,name），实有 1 列"),
        ("# year: 2027\ndate,kind,name\n2027-01-01,holiday,a,b\n", "bad.csv:3", "实有 4 列"),
        ("# year: 2027\ndate,kind,name\n2027-01-01,rest,元旦\n", "bad.csv:3", "类型“rest”无效"),
        ("# year: 2027\ndate,kind,name\n2027-02-29,holiday,x\n", "bad.csv:3", "日期“2027-02-29”无效"),
        ("# year: 2027\ndate,kind,name\n2027/01/01,holiday,x\n", "bad.csv:3", "日期“2027/01/01”无效"),
        ("# year: 2027\ndate,kind,name\n\n2026-12-31,holiday,x\n", "bad.csv:4", "日期 2026-12-31 不在 2027 年内"),
        ("# year: 2027\ndate,kind,name\n2027-01-02,holiday,x\n2027-01-02,workday,x\n", "bad.csv:4", "同时列为放假日和调休上班日"),
        ("# year: 2027\ndate,kind,name\n2027-01-04,workday,x\n", "bad.csv:3", "调休上班日 2027-01-04 不是周六或周日"),
        ("# year: 2027\ndate,kind,name\n2027-01-01,holiday,x\n2027-01-01,holiday,y\n", "bad.csv:4", "放假日 2027-01-01 重复"),
        ("# year: 2027\ndate,kind,name\n2027-01-02,workday,x\n2027-01-02,上班,y\n", "bad.csv:4", "调休上班日 2027-01-02 重复"),
        ("# year: 2027\ndate,kind,name\n2027-01-02,workday,x\n", "bad.csv", "没有任何放假日"),
        ("# year: 2027\n# published: 2026-13-01\ndate,kind,name\n", "bad.csv:2", "日期“2026-13-01”无效"),
    ],
)
def test_parse_csv_errors(text, where, fragment):
    with pytest.raises(InputError) as exc:
        parse_year_csv(text, "bad.csv")
    message = str(exc.value)
    assert message.startswith(where + "："), message
    assert fragment in message
    assert "\n" not in message
