"""Seed 000's roster rule as a setting (domain.md §6, §10): each month 1–2 协办员 and one 值班领导.

000 二: 每月安排1-2名局机关中层干部担任协办员，1名班子成员担任值班领导. Other offices differ (a rota by
week with more people), so the numbers are the office's settings and a roster that breaks them is
imported with a warning naming the month, not refused: the roster must still be filed (备案) and the
oversight office decides whether the deviation stands. Counted per month over all its periods: the
distinct logins that sit as 协办员 and as 值班领导.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import N_, InputError
from .roster import DutyPeriod

LIMIT = 31  # nobody means more people than days in a month


@dataclass(frozen=True)
class MonthRule:
    clerks_min: int = 1
    clerks_max: int = 2
    leaders: int = 1  # at most this many 值班领导 a month

    def check(self) -> MonthRule:
        if not 1 <= self.clerks_min <= self.clerks_max <= LIMIT or not 1 <= self.leaders <= LIMIT:
            raise InputError(N_("排班规则无效：协办员人数须为 1 ≤ 最少 ≤ 最多 ≤ {max}，值班领导人数 1 到 {max}"),
                             max=LIMIT)
        return self


@dataclass(frozen=True)
class MonthBreach:
    month: str  # YYYY-MM
    clerks: tuple[str, ...]  # the distinct 协办员 of the month, in order of first appearance
    leaders: tuple[str, ...]


def breaches(duties: Sequence[DutyPeriod], rule: MonthRule) -> list[MonthBreach]:
    """The months of `duties` whose people break `rule`, in month order."""
    clerks: dict[str, dict[str, None]] = {}
    leaders: dict[str, dict[str, None]] = {}
    for p in duties:
        clerks.setdefault(p.month, {}).update(dict.fromkeys(p.clerks))
        leaders.setdefault(p.month, {})[p.leader] = None
    out = []
    for month in sorted(clerks):
        c, lead = tuple(clerks[month]), tuple(leaders[month])
        if not rule.clerks_min <= len(c) <= rule.clerks_max or len(lead) > rule.leaders:
            out.append(MonthBreach(month, c, lead))
    return out
