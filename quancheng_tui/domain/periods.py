"""Report periods (domain.md §10): a month, a quarter or a range of days, both ends included."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..errors import N_, InputError

MAX_DAYS = 366 * 3  # a range longer than three years is a typo, not a report


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def months(self) -> list[tuple[date, date]]:
        """The period cut at month ends: (first, last) day of each piece, in order."""
        out = []
        first = self.start
        while first <= self.end:
            last = min(month_end(first), self.end)
            out.append((first, last))
            first = last + timedelta(days=1)
        return out


def month_end(day: date) -> date:
    nxt = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def month(year: int, mon: int) -> Period:
    start = date(year, mon, 1)
    return Period(start, month_end(start))


def previous_month(today: date) -> Period:
    """The default report: the whole month before today's."""
    last = today.replace(day=1) - timedelta(days=1)
    return month(last.year, last.month)


def previous_quarter(today: date) -> Period:
    q = (today.month - 1) // 3  # 0..3: this quarter's index
    year, q = (today.year - 1, 4) if q == 0 else (today.year, q)
    return quarter(year, q)


def quarter(year: int, q: int) -> Period:
    start = date(year, 3 * (q - 1) + 1, 1)
    return Period(start, month_end(date(year, 3 * q, 1)))


def shift_month(period: Period, by: int) -> Period:
    n = period.start.year * 12 + period.start.month - 1 + by
    return month(n // 12, n % 12 + 1)


def shift_quarter(period: Period, by: int) -> Period:
    n = period.start.year * 4 + (period.start.month - 1) // 3 + by
    return quarter(n // 4, n % 4 + 1)


_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_QUARTER = re.compile(r"^\s*(\d{4})-?[Qq]([1-4])\s*$")


def parse_month(value: str) -> Period:
    m = _MONTH.match(value)
    if m and 1 <= int(m.group(2)) <= 12 and int(m.group(1)) >= 1900:
        return month(int(m.group(1)), int(m.group(2)))
    raise InputError(N_("月份“{value}”无效，应为 YYYY-MM"), value=value.strip()[:20])


def parse_quarter(value: str) -> Period:
    m = _QUARTER.match(value)
    if m and int(m.group(1)) >= 1900:
        return quarter(int(m.group(1)), int(m.group(2)))
    raise InputError(N_("季度“{value}”无效，应为 YYYY-Qn（n 为 1 到 4）"), value=value.strip()[:20])


def checked_range(start: date, end: date) -> Period:
    if end < start:
        raise InputError(N_("截止日期 {end} 早于起始日期 {start}"), start=start.isoformat(), end=end.isoformat())
    if (end - start).days > MAX_DAYS:
        raise InputError(N_("统计区间不能超过三年"))
    return Period(start, end)
