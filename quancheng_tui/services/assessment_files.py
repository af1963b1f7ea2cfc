"""The quarterly assessment as rows (table, CSV, JSON) and as the printed 季度考核表 (always Chinese, as forms).

What each column is called is decided here once, for the command line and the paper.
"""

from __future__ import annotations

from typing import Any

from ..domain.assessment import CONSEQUENCES, GRADE_LABELS, PART_LABELS, PARTS
from ..domain.roles import ROLE_LABELS, Role
from ..errors import N_
from .assessment import Assessment

COLUMNS = ["rank", "login", "name", "role", *PARTS, "score", "grade", "vetoes", "consequence", "unmeasured"]
HEADERS = {"rank": N_("名次"), "login": N_("登录名"), "name": N_("姓名"), "role": N_("岗位"), **PART_LABELS,
           "score": N_("总分"), "grade": N_("等次"), "vetoes": N_("一票否决"), "consequence": N_("处理"),
           "unmeasured": N_("无可考项")}
VETO_LABELS = {"complaints": N_("投诉属实"), "accountability": N_("通报批评或诫勉")}
SETTING_LABELS = {
    "workload": N_("办件量权重"), "on_time": N_("按时办结权重"), "satisfaction": N_("群众满意权重"),
    "attendance": N_("出勤权重"), "complaints": N_("投诉权重"), "pass_mark": N_("合格分数线"),
    "excellent_mark": N_("优秀分数线"), "complaint_penalty": N_("每件属实投诉扣分"),
    "veto_complaints": N_("属实投诉一票否决件数（0 为不否决）"), "veto_accountability": N_("通报批评或诫勉一票否决"),
}


def rows(a: Assessment) -> list[dict[str, Any]]:
    """One row a person, codes as they are (scripts read these)."""
    return [{"rank": p.rank, "login": p.login, "name": p.name, "role": p.role, **p.result.parts,
             "score": p.result.score, "grade": p.result.grade, "vetoes": ",".join(p.result.vetoes),
             "consequence": p.consequence or "", "unmeasured": ",".join(p.result.unmeasured)} for p in a.people]


def readable(row: dict[str, Any], t) -> dict[str, Any]:
    """The same row in words of the user's language (the table format)."""
    return {**row, "role": t(ROLE_LABELS[Role(row["role"])]), "grade": t(GRADE_LABELS[row["grade"]]),
            "vetoes": t("、").join(t(VETO_LABELS[v]) for v in row["vetoes"].split(",") if v),
            "consequence": t(CONSEQUENCES[row["consequence"]]) if row["consequence"] else "",
            "unmeasured": t("、").join(t(PART_LABELS[p]) for p in row["unmeasured"].split(",") if p)}


def document(a: Assessment, office: str):
    """The printed 季度考核表: the settings it was worked out with, one line a person, the signatures."""
    from ..documents.forms import format_date
    from ..documents.layout import Column, Document

    w = a.weights
    doc = Document(title=f"{a.year}年第{a.quarter}季度工作人员考核表", office=office, landscape=True,
                   subtitle=f"考核期间：{format_date(a.start)} 至 {format_date(a.through)}")
    doc.paragraph("权重：" + "，".join(f"{PART_LABELS[p]} {getattr(w, p)}" for p in PARTS)
                  + f"；合格 {w.pass_mark} 分，优秀 {w.excellent_mark} 分；每件属实投诉扣 {w.complaint_penalty} 分"
                  + (f"；属实投诉满 {w.veto_complaints} 件一票否决" if w.veto_complaints else "")
                  + ("；通报批评或诫勉一票否决" if w.veto_accountability else "") + "。", small=True)
    doc.table([Column("名次", fit=True, align="R"), Column("姓名", weight=1.2), Column("岗位", fit=True),
               *(Column(PART_LABELS[p], align="R") for p in PARTS), Column("总分", align="R"),
               Column("等次", fit=True), Column("一票否决"), Column("处理", weight=2)],
              [(p.rank, p.name, ROLE_LABELS[Role(p.role)], *(_part(p, part) for part in PARTS),
                f"{p.result.score:.1f}", GRADE_LABELS[p.result.grade],
                "、".join(VETO_LABELS[v] for v in p.result.vetoes), CONSEQUENCES[p.consequence] if p.consequence
                else "") for p in a.people])
    doc.paragraph("注：“—”为本季度无可考内容（无到期办件或无评价），按满分计。口径见使用说明“季度考核”一节。", small=True)
    doc.signatures("考核小组", "分管领导")
    return doc


def _part(p, part: str) -> str:
    return "—" if part in p.result.unmeasured else f"{p.result.parts[part]:.0f}"


def pdf(a: Assessment, office: str) -> bytes:
    return document(a, office).to_pdf()


def text(a: Assessment, office: str) -> str:
    return document(a, office).to_text()
