"""责任追究情况通报: a period's entries of the accountability register and what was decided on each
(003 第34条 给予通报批评; 004 责任追究). Laid out here; what it lists is decided by
services.accountability.bulletin. An official document: always Chinese, whatever the UI language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from .layout import Column, Document

if TYPE_CHECKING:
    from .forms import Contacts


@dataclass(frozen=True)
class BulletinEntry:
    occurred_on: date
    source: str  # as printed: 办件超期, 违反一次性告知, 投诉属实
    name: str  # whom it is about
    summary: str
    measure: str  # as printed (提醒 … 其他); "" while undecided
    reason: str
    leader: str


@dataclass(frozen=True)
class AccountabilityBulletinData:
    office: str
    number: str
    start: date
    end: date
    issued_on: date
    issued_by: str
    entries: Sequence[BulletinEntry]
    contacts: Contacts | None = None


def _day(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def accountability_bulletin(d: AccountabilityBulletinData) -> Document:
    from .forms import _contacts

    doc = Document(title="责任追究情况通报", office=d.office, number=d.number, date=_day(d.issued_on),
                   landscape=True, footer="本通报在中心内部公布，并存档备查。")
    decided = sum(1 for e in d.entries if e.measure)
    by_source: dict[str, int] = {}
    for e in d.entries:
        by_source[e.source] = by_source.get(e.source, 0) + 1
    doc.fields([
        ("通报期间", f"{_day(d.start)}至{_day(d.end)}"),
        ("合计", f"{len(d.entries)} 条（" + "，".join(f"{k} {v} 条" for k, v in by_source.items()) + "）"
         if d.entries else "0 条"),
        ("已作处理", f"{decided} 条；待处理 {len(d.entries) - decided} 条"),
        ("通报人", d.issued_by),
    ])
    doc.paragraph("根据全程协办有关制度，对本期办件超期、违反一次性告知和投诉属实的情况通报如下：", indent=True)
    doc.table(
        [Column("序号", align="C", fit=True), Column("日期", align="C", fit=True), Column("类别", fit=True),
         Column("责任人", align="C", fit=True), Column("情况", weight=2.0), Column("处理", align="C", fit=True),
         Column("理由", weight=1.2), Column("决定人", align="C", fit=True)],
        [(str(n), e.occurred_on.isoformat(), e.source, e.name, e.summary, e.measure or "待处理", e.reason, e.leader)
         for n, e in enumerate(d.entries, 1)],
        empty="（本期无）", fit_share=0.6,
    )
    doc.paragraph("各岗位要引以为戒，严格执行首问负责、一次性告知、限时办结制度，按时办结、热情服务。", indent=True)
    _contacts(doc, d.contacts)
    doc.signatures("通报人（签字）", "中心负责人（签字）")
    return doc
