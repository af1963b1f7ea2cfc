"""A Report as rows (table, CSV, JSON), as an XLSX workbook and as a printed PDF with charts.

What each figure is called is decided here once, for the command line, the screen and the paper; the
PDF is an official document and always Chinese, like the forms. Rates are shares (0.5), rounded to four
places in data and printed as percentages (50.0%); a rate with nothing to divide is empty, never 0.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from ..domain.cases import CATEGORY_LABELS, KIND_LABELS, MODE_LABELS, STATUS_LABELS, Category, Kind, Mode
from ..domain.voice import COMPLAINT_CHANNELS
from ..errors import N_
from .report_views import Report

SECTIONS = {
    "summary": N_("总体"), "category": N_("办件类别"), "kind": N_("办理方式"), "mode": N_("服务方式"),
    "month": N_("月份"), "complaint": N_("投诉渠道"), "staff": N_("工作人员"), "overdue": N_("超期办件"),
    "catalog": N_("承诺时限压缩"),
}
FIGURES = {
    "received": N_("受理（收件）"), "completed": N_("办结"), "one_visit": N_("一次办结"),
    "one_visit_rate": N_("一次办结率"), "timed": N_("有期限的办结件"), "on_time": N_("按时办结"),
    "on_time_rate": N_("按时办结率"), "overdue": N_("超期件"), "rated": N_("参评件"), "satisfied": N_("满意"),
    "bad": N_("差评"), "reviewed_out": N_("复核剔除的评价"), "satisfaction_rate": N_("好评率"),
    "completed_rated": N_("办结件中已评价"), "coverage": N_("评价覆盖率（应评尽评）"),
    "breaches": N_("一次性告知违规"), "village_point": N_("村级代办点受理"), "village_share": N_("村级代办占比"),
    "complaints": N_("投诉"), "answered": N_("已答复"), "answered_on_time": N_("按时答复"),
    "substantiated": N_("属实"), "complaint_on_time_rate": N_("投诉按时答复率"),
    "matters": N_("有法定时限的事项"), "meeting": N_("压缩达 50% 的事项"), "compression_rate": N_("时限压缩率"),
    "attendance": N_("出勤天数"), "due_on": N_("承诺期限"), "ended_on": N_("结束日期"), "owner": N_("全程办事人"),
    "status": N_("状态"),
}
ITEM_LABELS: dict[str, dict[str, str]] = {
    "category": {c.value: CATEGORY_LABELS[c] for c in Category},
    "kind": {k.value: KIND_LABELS[k] for k in Kind},
    "mode": {m.value: MODE_LABELS[m] for m in Mode},
    "complaint": dict(COMPLAINT_CHANNELS),
}
COLUMNS = ["section", "item", "figure", "value"]


def item_label(section: str, key: str) -> str:
    """The msgid naming a category, kind, mode or complaint channel (other items are names already)."""
    return ITEM_LABELS.get(section, {}).get(key, key)


def rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def rows(r: Report) -> list[dict[str, Any]]:
    """The report in long form: one row per figure (section, item, figure, value)."""
    out: list[dict[str, Any]] = []

    def add(section: str, item: str, figure: str, value: Any) -> None:
        out.append({"section": section, "item": item, "figure": figure, "value": value})

    for key, value in summary(r):
        add("summary", "", key, value)
    for section, counts in (("category", r.by_category), ("kind", r.by_kind), ("mode", r.by_mode)):
        for c in counts:
            add(section, c.key, "received", c.received)
            add(section, c.key, "completed", c.completed)
    for m in r.months:
        add("month", m.month, "received", m.received)
        add("month", m.month, "completed", m.completed)
    for k in r.complaints:
        for key in ("received", "answered", "answered_on_time", "substantiated"):
            add("complaint", k.channel, key, getattr(k, key))
        add("complaint", k.channel, "complaint_on_time_rate", rate(k.on_time_rate))
    for s in r.staff:
        for key in ("received", "completed", "timed", "on_time"):
            add("staff", s.login, key, getattr(s, key))
        add("staff", s.login, "on_time_rate", rate(s.on_time_rate))
        for key in ("rated", "satisfied"):
            add("staff", s.login, key, getattr(s, key))
        add("staff", s.login, "satisfaction_rate", rate(s.satisfaction_rate))
        add("staff", s.login, "complaints", s.complaints)
        add("staff", s.login, "attendance", s.attendance)
    for o in r.overdue:
        add("overdue", o.number, "due_on", o.due_on)
        add("overdue", o.number, "ended_on", o.ended_on)
        add("overdue", o.number, "owner", o.owner)
    return out


def summary(r: Report) -> list[tuple[str, Any]]:
    c = r.compression
    return [
        ("received", r.received), ("completed", r.completed), ("one_visit", r.one_visit),
        ("one_visit_rate", rate(r.one_visit_rate)), ("timed", r.timed), ("on_time", r.on_time),
        ("on_time_rate", rate(r.on_time_rate)), ("overdue", r.overdue_total), ("rated", r.rated),
        ("satisfied", r.satisfied), ("bad", r.bad), ("reviewed_out", r.reviewed_out),
        ("satisfaction_rate", rate(r.satisfaction_rate)), ("completed_rated", r.completed_rated),
        ("coverage", rate(r.coverage)), ("breaches", r.breaches), ("village_point", r.village_point),
        ("village_share", rate(r.village_share)), ("complaints", r.complaints_received),
        ("answered_on_time", r.complaints_on_time), ("complaint_on_time_rate", rate(r.complaint_on_time_rate)),
        ("matters", c.matters), ("meeting", c.meeting), ("compression_rate", rate(c.rate)),
    ]


def document_json(r: Report) -> dict[str, Any]:
    """The report as one JSON document (besides the long rows)."""
    return {
        "from": r.start.isoformat(), "to": r.end.isoformat(), "village": r.village, "summary": dict(summary(r)),
        "by_category": [vars(c) for c in r.by_category], "by_kind": [vars(c) for c in r.by_kind],
        "by_mode": [vars(c) for c in r.by_mode], "months": [vars(m) for m in r.months],
        "complaints": [{**vars(c), "on_time_rate": rate(c.on_time_rate)} for c in r.complaints],
        "staff": [{**vars(s), "on_time_rate": rate(s.on_time_rate), "satisfaction_rate": rate(s.satisfaction_rate)}
                  for s in r.staff],
        "overdue_total": r.overdue_total,
        "overdue": [{**vars(o), "due_on": o.due_on.isoformat(),
                     "ended_on": o.ended_on.isoformat() if o.ended_on else None} for o in r.overdue],
    }


# --- XLSX ----------------------------------------------------------------------------------------------


def xlsx(r: Report) -> bytes:
    """One sheet per part; headers are the JSON keys (as CSV's), numbers are numbers, text is text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    sheets: list[tuple[str, list[str], list[list[Any]]]] = [
        ("summary", ["figure", "value"], [[k, v] for k, v in summary(r)]),
        ("by_category", ["category", "received", "completed"], [[c.key, c.received, c.completed] for c in r.by_category]),
        ("by_kind", ["kind", "received", "completed"], [[c.key, c.received, c.completed] for c in r.by_kind]),
        ("by_mode", ["mode", "received", "completed"], [[c.key, c.received, c.completed] for c in r.by_mode]),
        ("months", ["month", "received", "completed"], [[m.month, m.received, m.completed] for m in r.months]),
        ("complaints", ["channel", "received", "answered", "answered_on_time", "substantiated", "on_time_rate"],
         [[c.channel, c.received, c.answered, c.answered_on_time, c.substantiated, rate(c.on_time_rate)]
          for c in r.complaints]),
        ("staff", ["login", "name", "received", "completed", "timed", "on_time", "on_time_rate", "rated",
                   "satisfied", "satisfaction_rate", "complaints", "attendance"],
         [[s.login, s.name, s.received, s.completed, s.timed, s.on_time, rate(s.on_time_rate), s.rated,
           s.satisfied, rate(s.satisfaction_rate), s.complaints, s.attendance] for s in r.staff]),
        ("overdue", ["number", "matter", "owner", "village", "due_on", "ended_on", "status"],
         [[o.number, o.matter, o.owner, o.village, o.due_on, o.ended_on, o.status] for o in r.overdue]),
    ]
    first = True
    bold = Font(bold=True)
    for title, header, body in sheets:
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = title
        ws.append(header)
        for cell in ws[1]:
            cell.font = bold
        for row in body:
            ws.append([_xlsx_value(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _xlsx_value(value: Any) -> Any:
    if value is None or isinstance(value, (int, float)):
        return value
    if isinstance(value, date):
        return value.isoformat()
    from ..domain.text import formula_safe

    return formula_safe(str(value))  # a name is text, never a formula


# --- PDF -----------------------------------------------------------------------------------------------


def pdf(r: Report, office: str, village_name: str | None = None) -> bytes:
    from ..documents.charts import render_pdf

    return render_pdf(document(r, office, village_name))


def text(r: Report, office: str, village_name: str | None = None) -> str:
    from ..documents.charts import render_text

    return render_text(document(r, office, village_name))


def document(r: Report, office: str, village_name: str | None = None):
    """The printed report: the figures, bars of cases by category, a month-by-month line for longer periods."""
    from ..documents.charts import BarChart, LineChart
    from ..documents.forms import format_date
    from ..documents.layout import Column, Document

    where = f"（{village_name or r.village}）" if r.village else ""
    doc = Document(title="全程协办统计报表" + where, office=office, landscape=False,
                   subtitle=f"统计期间：{format_date(r.start)} 至 {format_date(r.end)}")
    doc.heading("总体情况")
    doc.fields([(FIGURES[k], percent(v) if k.endswith("rate") or k in ("coverage", "village_share")
                 else str(v)) for k, v in summary(r)], skip_empty=False)
    # charts are blocks documents/charts.py's renderers draw (layout's Block union does not list them)
    bars = BarChart("办件类别：受理与办结", tuple(item_label("category", c.key) for c in r.by_category),
                    (("受理", tuple(c.received for c in r.by_category)),
                     ("办结", tuple(c.completed for c in r.by_category))))
    doc.add(bars)  # type: ignore[arg-type]
    if len(r.months) > 1:
        line = LineChart("逐月受理与办结", tuple(m.month for m in r.months),
                         (("受理", tuple(m.received for m in r.months)),
                          ("办结", tuple(m.completed for m in r.months))))
        doc.add(line)  # type: ignore[arg-type]
    for section, counts in (("kind", r.by_kind), ("mode", r.by_mode)):
        doc.heading(SECTIONS[section])
        doc.table([Column(SECTIONS[section]), Column("受理", align="R"), Column("办结", align="R")],
                  [(item_label(section, c.key), c.received, c.completed) for c in counts])
    doc.heading("投诉（按渠道）")
    doc.table([Column("渠道"), Column("收到", align="R"), Column("已答复", align="R"), Column("按时答复", align="R"),
               Column("属实", align="R"), Column("按时答复率", align="R")],
              [(item_label("complaint", c.channel), c.received, c.answered, c.answered_on_time, c.substantiated,
                percent(c.on_time_rate)) for c in r.complaints])
    doc.heading("工作人员")
    doc.table([Column("工作人员", weight=1.4), Column("受理", align="R"), Column("办结", align="R"),
               Column("按时率", align="R"), Column("好评率", align="R"), Column("投诉", align="R"),
               Column("出勤", align="R")],
              [(f"{s.name}（{s.login}）", s.received, s.completed, percent(s.on_time_rate),
                percent(s.satisfaction_rate), s.complaints, s.attendance) for s in r.staff])
    doc.heading(f"超期办件（共 {r.overdue_total} 件）")
    doc.table([Column("编号", fit=True), Column("事项", weight=2), Column("全程办事人"), Column("承诺期限", fit=True),
               Column("结束日期", fit=True)],
              [(o.number, o.matter, o.owner, o.due_on.isoformat(), o.ended_on.isoformat() if o.ended_on else "未办结")
               for o in r.overdue])
    doc.footer = "口径见使用说明“报表口径”一节：率 = 分子 ÷ 分母，分母为 0 时记“—”。"
    return doc


STATUS = STATUS_LABELS  # re-exported for the screen's overdue list
