"""Time limits (限时办结): due dates, suspensions, corrections, extensions, warning lights.

The rules are those of domain.md §5 and of the Administrative Licensing Law
(行政许可法) as practised at service counters:

- The day of receipt does not count. N working days end on the N-th working
  day after it; N natural days end on receipt + N, moved to the next working
  day when that day is not one. N = 0 (即办件) means the same day, for both kinds.
- Suspended periods (听证、检验、检测、鉴定、专家评审…, 第四十五条) are not
  counted: working days inside them for a working-day limit, every day inside
  them for a natural-day limit. A due date never falls inside a suspension.
- Incomplete materials (补正): counting starts afresh the day after the
  materials became complete (`corrected_on` replaces the receipt date).
- Extensions (延期) add M days of the same kind counted from the current due date.

Everything is computed with the calendar's working-day ordinals, so a due date
costs O(number of suspensions), never a walk over the days.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from quancheng_tui.errors import N_, InputError

from .calendar import Calendar

__all__ = [
    "EXTENSION_NOTICE_WORKDAYS",
    "NOTICE_WORKDAYS",
    "DayKind",
    "DueResult",
    "Light",
    "Suspension",
    "Warning",
    "WarningState",
    "check_promised_limit",
    "due_date",
    "extension_is_late",
    "extension_needs_leader",
    "normalise_suspensions",
    "notice_deadline",
    "notice_is_late",
    "warning_state",
]

DayKind = Literal["working", "natural"]
Light = Literal["green", "yellow", "due_today", "red"]

# 行政许可法 第三十二条: the applicant is told within five days what is missing; the
# counter practice (and 004 一次性告知制度) counts them as working days.
NOTICE_WORKDAYS = 5
# 004 限时办结 第三条: an extension is told to the applicant 3 days before the due date (应在到期前3天).
EXTENSION_NOTICE_WORKDAYS = 3


@dataclass(frozen=True, slots=True)
class Suspension:
    """A closed interval of days not counted (both ends included)."""

    start: date
    end: date
    reason: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InputError(
                N_("中止计时区间的结束日 {end} 早于开始日 {start}"),
                start=self.start.isoformat(),
                end=self.end.isoformat(),
            )

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __str__(self) -> str:
        return f"{self.start.isoformat()}:{self.end.isoformat()}"

    @classmethod
    def parse(cls, text: str, reason: str = "") -> Suspension:
        """`START:END` as given on the command line (`--suspend 2026-03-02:2026-03-06`)."""
        parts = text.strip().split(":")
        try:
            if len(parts) != 2:
                raise ValueError
            start, end = (date.fromisoformat(p.strip()) for p in parts)
        except ValueError:
            raise InputError(
                N_("中止计时区间“{value}”无效，应为 开始日:结束日（YYYY-MM-DD:YYYY-MM-DD）"), value=text
            ) from None
        return cls(start, end, reason)


# The results are plain (non-frozen) slotted dataclasses: a frozen one costs four
# times as much to build, and the board computes one of each per open case.
# Treat them as read-only.


@dataclass(slots=True)
class DueResult:
    due: date
    # Counted-kind days inside suspensions within (start, due]: working days for a
    # working-day limit, all days for a natural-day one.
    suspended_days: int
    # The day after which counting ran: the receipt date, or the correction date.
    start: date
    # Counting ran through a year without the official schedule: the date is 预计 (domain.md §5).
    provisional: bool = False


@dataclass(slots=True)
class WarningState:
    light: Light
    workdays_left: int  # working days in (today, due]; 0 once due or overdue
    workdays_overdue: int  # working days in (due, today]; 0 unless overdue
    # Share of the limit used: 1.0 on the due date, above 1.0 when overdue.
    share_used: float


# The brief calls it `Warning`; `WarningState` avoids shadowing the builtin inside importers.
Warning = WarningState


def _check_days(value: int, what: str) -> None:
    if value < 0:
        if what == "extension":
            raise InputError(N_("延长天数不能为负数：{value}"), value=value)
        raise InputError(N_("期限天数不能为负数：{value}"), value=value)


def _check_kind(kind: str) -> None:
    if kind != "working" and kind != "natural":
        raise InputError(N_("期限类型“{value}”无效，应为 working（工作日）或 natural（自然日）"), value=kind)


def normalise_suspensions(suspensions: Iterable[Suspension]) -> tuple[Suspension, ...]:
    """Sorted by start; overlapping intervals are refused (which would count a day twice)."""
    ordered = sorted(suspensions, key=lambda s: s.start)
    for a, b in itertools.pairwise(ordered):
        if b.start <= a.end:
            raise InputError(N_("中止计时区间 {first} 与 {second} 重叠"), first=str(a), second=str(b))
    return tuple(ordered)


def _spans(sus: tuple[Suspension, ...], after: int) -> list[tuple[int, int]]:
    """Suspensions as ordinal pairs, clipped to days after `after` (earlier days never count)."""
    out = []
    for s in sus:
        e = s.end.toordinal()
        if e <= after:
            continue
        out.append((max(s.start.toordinal(), after + 1), e))
    return out


def _count_working(cal: Calendar, start: int, n: int, spans: list[tuple[int, int]]) -> tuple[int, int]:
    i = cal._idx(start)
    run = cal._run[i]
    target = cal._cum[i] + n  # ordinal (in working-day numbering) of the due day
    excluded = 0
    last_ord = cal._base + cal._span - 1
    for lo, hi in spans:
        if lo > last_ord:
            break
        li = cal._idx(lo) if cal._run[lo - cal._base] else None
        if li is None:
            # Starts in a year without data: only matters if the due day is beyond it,
            # and then _nth_in_run raises for the missing year anyway.
            break
        before = cal._cum[li] - cal._work[li]  # working days up to the day before lo
        if before >= target:
            break  # the due day comes before this suspension
        hi_i = cal._idx(hi)
        cal._same_run(li, hi_i)
        w = cal._cum[hi_i] - before
        target += w
        excluded += w
    return cal._base + cal._nth_in_run(target, run), excluded


def _count_natural(cal: Calendar, start: int, n: int, spans: list[tuple[int, int]]) -> tuple[int, int]:
    c = start + n
    excluded = 0
    k, m = 0, len(spans)
    while True:
        # Suspensions that began on or before the tentative last day push it back by their length.
        while k < m and spans[k][0] <= c:
            length = spans[k][1] - spans[k][0] + 1
            c += length
            excluded += length
            k += 1
        d = cal._next_work_ord(c)
        if k < m and spans[k][0] <= d:
            # The move to the next working day ran into a suspension: the office cannot
            # act while suspended, so the due day is the first working day after it.
            excluded += spans[k][1] - spans[k][0] + 1
            c = spans[k][1] + 1
            k += 1
            continue
        return d, excluded


def _plain(cal: Calendar, s_ord: int, n: int, kind: str) -> int:
    """Due ordinal for n > 0 days without suspensions; falls back to the checked path at edges."""
    base, span, run, cum = cal._base, cal._span, cal._run, cal._cum
    if kind == "working":
        i = s_ord - base
        if 0 <= i < span and run[i]:
            k = cum[i] + n
            if k <= cal._runs[run[i]][3]:
                return base + cal._nth[k]
        return _count_working(cal, s_ord, n, [])[0]
    i = s_ord + n - base
    if 0 <= i < span and run[i] and cal._work[i]:
        return s_ord + n
    return cal._next_work_ord(s_ord + n)


def _count(cal: Calendar, start: int, n: int, kind: str, spans: list[tuple[int, int]]) -> tuple[int, int]:
    if n == 0:
        if kind == "working":
            cal._idx(start)  # still refuse a year we know nothing about
        return start, 0
    if kind == "working":
        return _count_working(cal, start, n, spans)
    return _count_natural(cal, start, n, spans)


def due_date(
    cal: Calendar,
    received: date,
    days: int,
    kind: DayKind | str = "working",  # a catalog's text, checked here
    suspensions: Iterable[Suspension] = (),
    corrected_on: date | None = None,
    extensions: Sequence[int] = (),
) -> DueResult:
    """The due date of a limit of `days` days of `kind` for materials received on `received`."""
    if kind != "working" and kind != "natural":
        _check_kind(kind)
    if days < 0:
        _check_days(days, "days")
    for m in extensions:
        _check_days(m, "extension")
    start = received
    if corrected_on is not None:
        if corrected_on < received:
            raise InputError(
                N_("补正日期 {corrected} 早于收件日期 {received}"),
                corrected=corrected_on.isoformat(),
                received=received.isoformat(),
            )
        start = corrected_on
    s_ord = start.toordinal()
    if not suspensions and not extensions and days:
        # Fast path (most open cases): one or two table lookups, no loop.
        due = date.fromordinal(_plain(cal, s_ord, days, kind))
        return DueResult(due, 0, start, cal.provisional(start, due))
    sus = normalise_suspensions(suspensions) if suspensions else ()
    due_ord, excluded = _count(cal, s_ord, days, kind, _spans(sus, s_ord) if sus else [])
    for m in extensions:
        due_ord, more = _count(cal, due_ord, m, kind, _spans(sus, due_ord) if sus else [])
        excluded += more
    due = start if due_ord == s_ord else date.fromordinal(due_ord)
    return DueResult(due, excluded, start, cal.provisional(start, due))


def warning_state(
    cal: Calendar,
    due: date,
    today: date,
    limit_days: int,
    yellow_within: int = 2,
    start: date | None = None,
) -> WarningState:
    """The traffic light of an open case (003 篇5: 红黄绿灯).

    - red: today is after the due date (even on the weekend right after a Friday
      due date, when `workdays_overdue` is still 0);
    - due_today: today is the due date;
    - yellow: at most `yellow_within` working days left;
    - green: otherwise.

    `share_used` is the share of the limit used. With `start` it is the working
    days elapsed since `start` over `limit_days`; without, `limit_days` minus the
    days left. Overdue adds the overdue working days, so it grows past 1.0. A
    limit of 0 (same-day matter) is 0.0 before its day, 1.0 on it, 1.0 plus the
    overdue working days after it.
    """
    if limit_days < 0 or yellow_within < 0:
        _check_days(min(limit_days, yellow_within), "days")
    due_ord, today_ord = due.toordinal(), today.toordinal()
    if today_ord > due_ord:
        overdue = cal._between_ord(due_ord, today_ord)
        share = (limit_days + overdue) / limit_days if limit_days else 1.0 + overdue
        return WarningState("red", 0, overdue, share)
    if today_ord == due_ord:
        cal._idx(today_ord)  # the same year rule as every other answer
        return WarningState("due_today", 0, 0, 1.0)
    left = cal._between_ord(today_ord, due_ord)
    if limit_days == 0:
        share = 0.0
    elif start is not None:
        share = max(0, cal._between_ord(start.toordinal(), today_ord)) / limit_days
    else:
        share = max(0, limit_days - left) / limit_days
    return WarningState("yellow" if left <= yellow_within else "green", left, 0, share)


def notice_deadline(cal: Calendar, received: date) -> date:
    """Last day for the one-time notice of missing materials (一次性告知)."""
    return cal.add_workdays(received, NOTICE_WORKDAYS)


def notice_is_late(cal: Calendar, received: date, noticed_on: date) -> bool:
    """True when the notice came too late: 行政许可法 第三十二条 then counts the case
    as accepted on the day the materials were received."""
    if noticed_on < received:
        raise InputError(
            N_("告知日期 {noticed} 早于收件日期 {received}"),
            noticed=noticed_on.isoformat(),
            received=received.isoformat(),
        )
    return noticed_on > notice_deadline(cal, received)


def check_promised_limit(promised: int, statutory: int) -> None:
    """The promised limit must be shorter than the statutory one (001 第二(二): 必须少于).

    statutory == 0 means the law sets none, so any promised limit is accepted.
    """
    _check_days(promised, "days")
    _check_days(statutory, "days")
    if statutory and promised >= statutory:
        raise InputError(
            N_("承诺时限 {promised} 天必须少于法定时限 {statutory} 天"), promised=promised, statutory=statutory
        )


def extension_needs_leader(
    cal: Calendar,
    received: date,
    statutory_days: int,
    kind: DayKind,
    new_due: date,
    suspensions: Iterable[Suspension] = (),
    corrected_on: date | None = None,
) -> bool:
    """True when `new_due` lies past the statutory maximum due date.

    Going past the statutory limit needs the head of the office (行政许可法 第四十二条:
    经本行政机关负责人批准). With no statutory limit (0) there is no maximum: False.
    Suspensions and a correction move the statutory maximum as they move any due date.
    """
    if statutory_days == 0:
        return False
    limit = due_date(cal, received, statutory_days, kind, suspensions, corrected_on).due
    return new_due > limit


def extension_is_late(cal: Calendar, today: date, due: date) -> bool:
    """True when an extension asked `today` is a late notice (告知不及时, 004 限时办结 第三条): on the due
    day, or within the last EXTENSION_NOTICE_WORKDAYS working days before it."""
    return cal.workdays_between(today, due) <= EXTENSION_NOTICE_WORKDAYS
