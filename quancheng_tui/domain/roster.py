"""Duty rosters (值班排班) and A/B posts (AB 岗): the rules, pure (domain.md §6).

What the seeds say, and what follows from it here:

- 000 二: every month 1–2 middle-level cadres sit as 协办员 and one leadership member as 值班领导
  (坐班服务). The unit is the month; a roster file may split a month into periods (a rota by
  week, say), each with its own 1–2 clerks and one leader. A period never crosses a month's end,
  so a month's roster is a thing of its own that can be filed (备案, 000 四(一)) and replaced whole.
- Cover is needed on working days only: the duty is 坐班 during office hours (002 第十二条(一):
  行政事业单位作息时间), and the AB rule applies "在工作日内" (004 AB岗 第一条). Weekends and
  holidays may be covered (延时服务, 002 (八)) but need not be; a make-up working Saturday
  (调休上班日) must be, which is why the check asks the calendar.
- 004 AB岗 第四条(三): a post has several B's in an order; when A and earlier B's are away, the next
  one steps in (按序顶岗). The first available B acts for an absent A; a B who is away is skipped.
- 004 AB岗 第四条(二): A hands over before leaving (工作移交). When A named whom they handed over
  to and that person is one of the post's B's and present, they act; otherwise the order decides.
- Acting never chains: a B acts only for the A's of posts that list them. If X backs A and Y backs
  X, and A and X are both away, Y acts for X only; A's post is then empty, which `uncovered_posts`
  reports (不得空岗: it must be seen and filled, not silently passed down a chain nobody agreed to).
- 002 第十二条(二): leave is asked for beforehand and cancelled (销假) on return; a return ends the
  absence on the day before (whoever is back at work on a day is present that day).
"""

from __future__ import annotations

import calendar as _cal
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from ..errors import N_, InputError

KINDS = ("leave", "trip")  # 请假 | 出差
KIND_LABELS = {"leave": N_("请假"), "trip": N_("出差")}
MAX_CLERKS = 2
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


@dataclass(frozen=True)
class DutyPeriod:
    """Who sits on duty from `start` to `end` (both included), within one month."""

    start: date
    end: date
    clerks: tuple[str, ...]  # 协办员 logins, 1–2, in the order given
    leader: str  # 值班领导 login
    line: int = field(default=0, compare=False)  # where it was read from, for messages

    @property
    def month(self) -> str:
        return month_key(self.start)

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Post:
    """An A/B post: A and their ordered B's."""

    code: str
    name: str
    a: str
    bs: tuple[str, ...]
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Absence:
    login: str
    start: date
    end: date  # as asked; `last_day` is what counts once they are back
    kind: str = "leave"
    handover: str | None = None  # to whom A handed over their work before leaving
    returned_on: date | None = None  # 销假: back at work on this day

    @property
    def last_day(self) -> date | None:
        """The last day away, or None when a return cancelled it before it began."""
        last = self.end if self.returned_on is None else min(self.end, self.returned_on - timedelta(days=1))
        return last if last >= self.start else None

    def covers(self, day: date) -> bool:
        last = self.last_day
        return last is not None and self.start <= day <= last


# --- months ---------------------------------------------------------------------------------------


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def parse_month(value: str) -> tuple[int, int]:
    """`YYYY-MM` as (year, month); the error names the option."""
    m = _MONTH.match(value or "")
    if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 1900:
        raise InputError(N_("月份“{value}”无效，应为 YYYY-MM，如 2026-03"), value=(value or "").strip())
    return int(m.group(1)), int(m.group(2))


def month_days(year: int, month: int) -> list[date]:
    return [date(year, month, d) for d in range(1, _cal.monthrange(year, month)[1] + 1)]


def rebase(periods: Sequence[DutyPeriod], year: int, month: int) -> list[DutyPeriod]:
    """The same day numbers in another month (a sample roster for the current month).

    A period that ran to its month's last day runs to the new month's last day; other days past the
    new month's end are clamped to it, and periods left empty are dropped.
    """
    last = _cal.monthrange(year, month)[1]
    out: list[DutyPeriod] = []
    for p in periods:
        old_last = _cal.monthrange(p.start.year, p.start.month)[1]
        end_day = last if p.end.day == old_last else min(p.end.day, last)
        if p.start.day > last:
            continue
        out.append(replace(p, start=date(year, month, p.start.day), end=date(year, month, end_day)))
    return out


# --- checks ---------------------------------------------------------------------------------------


def check_period(p: DutyPeriod, file: str) -> None:
    """One period on its own: dates in order and in one month, 1–2 distinct clerks, a separate leader."""
    at = {"file": file, "line": p.line}
    if p.end < p.start:
        raise InputError(N_("{file} 第 {line} 行：结束日期 {end} 早于开始日期 {start}"), start=p.start.isoformat(),
                         end=p.end.isoformat(), **at)
    if month_key(p.start) != month_key(p.end):
        raise InputError(N_("{file} 第 {line} 行：一段值班不能跨月（{start} 至 {end}），请按月分开"),
                         start=p.start.isoformat(), end=p.end.isoformat(), **at)
    if not 1 <= len(p.clerks) <= MAX_CLERKS:
        raise InputError(N_("{file} 第 {line} 行：字段“{field}”应有 1–2 名协办员，实为 {count} 名"), field="clerks",
                         count=len(p.clerks), **at)
    if len(set(p.clerks)) != len(p.clerks):
        raise InputError(N_("{file} 第 {line} 行：字段“{field}”中 {login} 出现了两次"), field="clerks",
                         login=p.clerks[0], **at)
    if p.leader in p.clerks:
        raise InputError(N_("{file} 第 {line} 行：{login} 不能同时担任协办员和值班领导"), login=p.leader, **at)


def check_no_overlap(periods: Iterable[DutyPeriod], file: str) -> None:
    ordered = sorted(periods, key=lambda p: (p.start, p.line))
    for before, after in itertools.pairwise(ordered):
        if after.start <= before.end:
            raise InputError(N_("{file} 第 {line} 行：值班时段 {start} 至 {end} 与第 {other} 行的时段重叠"),
                             file=file, line=after.line, start=after.start.isoformat(), end=after.end.isoformat(),
                             other=before.line)


def gaps(year: int, month: int, periods: Iterable[DutyPeriod], is_workday: Callable[[date], bool]) -> list[date]:
    """The month's working days no period covers.

    The calendar is asked only about days left uncovered, so a month covered day by day is complete
    even in a year whose holiday schedule is not known yet.
    """
    ps = list(periods)
    return [d for d in month_days(year, month) if not any(p.covers(d) for p in ps) and is_workday(d)]


def check_posts(posts: Sequence[Post], file: str) -> None:
    """Codes unique (case ignored), at least one B, A not among their own B's, no B twice."""
    seen: dict[str, int] = {}
    for p in posts:
        key = p.code.casefold()
        if key in seen:
            raise InputError(N_("{file} 第 {line} 行：岗位编码“{code}”与第 {other} 行重复"), file=file, line=p.line,
                             code=p.code, other=seen[key])
        seen[key] = p.line
        if not p.bs:
            raise InputError(N_("{file} 第 {line} 行：岗位“{code}”没有 B 岗，不得空岗"), file=file, line=p.line,
                             code=p.code)
        if p.a in p.bs:
            raise InputError(N_("{file} 第 {line} 行：{login} 不能同时是岗位“{code}”的 A 岗和 B 岗"), file=file,
                             line=p.line, login=p.a, code=p.code)
        dup = next((b for i, b in enumerate(p.bs) if b in p.bs[:i]), None)
        if dup is not None:
            raise InputError(N_("{file} 第 {line} 行：字段“{field}”中 {login} 出现了两次"), file=file, line=p.line,
                             field="b", login=dup)


def check_absence(new: Absence, existing: Iterable[Absence]) -> None:
    """A new absence: valid kind and dates, not handed over to oneself, not overlapping another."""
    if new.kind not in KINDS:
        raise InputError(N_("类型“{value}”无效，应为 leave（请假）或 trip（出差）"), value=new.kind)
    if new.end < new.start:
        raise InputError(N_("结束日期 {end} 早于开始日期 {start}（--to、--from）"), start=new.start.isoformat(),
                         end=new.end.isoformat())
    if new.handover == new.login:
        raise InputError(N_("不能把工作移交给自己（--handover）"))
    for old in existing:
        last = old.last_day
        if old.login == new.login and last is not None and old.start <= new.end and new.start <= last:
            raise InputError(N_("{login} 在 {start} 至 {end} 已有{kind}记录，与新的日期重叠"), login=new.login,
                             start=old.start.isoformat(), end=last.isoformat(), kind=KIND_LABELS[old.kind])


# --- who is where ---------------------------------------------------------------------------------


def on_duty(day: date, periods: Iterable[DutyPeriod]) -> tuple[tuple[str, ...], str] | None:
    """(clerks, leader) on duty that day, or None when no period covers it."""
    for p in periods:
        if p.covers(day):
            return p.clerks, p.leader
    return None


def absent(login: str, day: date, absences: Iterable[Absence]) -> Absence | None:
    return next((a for a in absences if a.login == login and a.covers(day)), None)


def acting_b(post: Post, day: date, absences: Sequence[Absence]) -> str | None:
    """Who acts for the post's A that day: None when A is at work, or when every B is away too."""
    away = absent(post.a, day, absences)
    if away is None:
        return None
    available = [b for b in post.bs if absent(b, day, absences) is None]
    if away.handover in available:
        return away.handover
    return available[0] if available else None


def acting_for(login: str, day: date, posts: Iterable[Post], absences: Sequence[Absence]) -> frozenset[str]:
    """The A logins `login` acts for that day (nobody acts while absent themselves)."""
    return frozenset(p.a for p in posts if login in p.bs and acting_b(p, day, absences) == login)


def uncovered_posts(day: date, posts: Iterable[Post], absences: Sequence[Absence]) -> list[Post]:
    """Posts whose A is away with no B at work: empty posts (空岗) someone must fill."""
    return [p for p in posts if absent(p.a, day, absences) is not None and acting_b(p, day, absences) is None]
