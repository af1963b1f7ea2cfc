"""The accountability register's words (责任追究, domain.md §10; 003 第34条, 004 责任追究).

Three facts enter the register by themselves: a case past its due date for the office's own reasons
(004 限时办结 第六条: 超过办结时限的，要追查原因), a breach of the one-time notice (004 一次性告知 八),
a complaint found substantiated. What a leader decides is one of the measures the seeds name, from the
lightest up (004 首问 第九条: 口头告诫、书面告诫…; 003 第34条: 通报批评; 002 第二十九条: 诫勉谈话).
"""

from __future__ import annotations

from ..errors import N_, InputError
from .roles import APPROVERS, Role

# Who reads the register (and so enters what is new): leaders, admins, the office's oversight.
READERS = APPROVERS | {Role.SUPERVISOR}

SOURCES = {"overdue": N_("办件超期"), "notice_breach": N_("违反一次性告知"), "complaint": N_("投诉属实")}
MEASURES = {"remind": N_("提醒"), "caution": N_("告诫"), "criticize": N_("通报批评"), "admonish": N_("诫勉"),
            "other": N_("其他")}
# The Chinese words are accepted as typed, as a leader says them.
_BY_LABEL = {label: code for code, label in MEASURES.items()}


def parse_measure(value: str) -> str:
    raw = (value or "").strip()
    code = _BY_LABEL.get(raw, raw.lower())
    if code not in MEASURES:
        raise InputError(N_("处理措施“{value}”无效，应为 remind（提醒）、caution（告诫）、criticize（通报批评）、"
                            "admonish（诫勉）或 other（其他）"), value=raw[:40])
    return code


def parse_source(value: str) -> str:
    raw = (value or "").strip().lower()
    if raw not in SOURCES:
        raise InputError(N_("来源“{value}”无效，应为 overdue、notice_breach 或 complaint"), value=raw[:40])
    return raw
