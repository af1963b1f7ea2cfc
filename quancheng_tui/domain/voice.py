"""The public's voice (domain.md §9): ratings (好差评), complaints (投诉), follow-up visits (回访), rectification.

Pure rules: no I/O. The national rule (国办发〔2019〕51号) gives the five levels, the four indicators and
一次一评; 003 第32条 gives the complaint limits (same day when simple, else 5 working days).
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from datetime import date

from ..errors import N_, InputError
from .calendar import Calendar

LEVELS = ("非常满意", "满意", "基本满意", "不满意", "非常不满意")
BAD = frozenset({"不满意", "非常不满意"})
# Counted as satisfied in the satisfaction rate (the national rule's 好评: the first three levels).
GOOD = frozenset({"非常满意", "满意", "基本满意"})
# indicator code -> its label (a msgid); the label is accepted as a key too
INDICATORS = {"overall": N_("整体满意度"), "efficiency": N_("服务效率"), "skill": N_("服务水平"),
              "attitude": N_("服务态度")}
CHANNELS = {"hall": N_("大厅评价终端"), "counter": N_("窗口代录"), "phone": N_("电话"), "sms": N_("短信"),
            "qr": N_("二维码"), "paper": N_("纸质评价表"), "other": N_("其他")}
# Where the visitor rates by their own hand: never typed in by staff.
SELF_CHANNELS = frozenset({"hall"})
RULINGS = {"mistaken": N_("误评"), "malicious": N_("恶意差评")}
COMPLAINT_CHANNELS = {"phone": N_("电话"), "visit": N_("来访"), "letter": N_("来信"), "online": N_("网上"),
                      "hall": N_("大厅评价终端"), "other": N_("其他")}
FINDINGS = {"substantiated": N_("属实"), "unsubstantiated": N_("不属实")}
FOLLOWUP_REASONS = {"rating": N_("差评回访"), "complaint": N_("投诉回访"), "sample": N_("抽样回访")}
COMPLAINT_DAYS = 5  # 003 第32条: within 5 working days unless answered the same day

F_LEVEL = N_("评价")
F_CHANNEL = N_("评价渠道")
F_RULING = N_("复核结论")
F_FINDING = N_("调查结论")
F_COMPLAINT_CHANNEL = N_("投诉渠道")


def parse_level(value: str, field: str = F_LEVEL) -> str:
    level = (value or "").strip()
    if level not in LEVELS:
        raise InputError(N_("{field}须为：非常满意、满意、基本满意、不满意、非常不满意"), field=field)
    return level


def parse_indicators(values: Mapping[str, str] | None, overall: str) -> dict[str, str]:
    """Each of the four indicators as a level; one not given takes the overall level (the visitor who
    presses only 满意 has rated every indicator so)."""
    by_label = {label: code for code, label in INDICATORS.items()}
    out = dict.fromkeys(INDICATORS, overall)
    for key, value in (values or {}).items():
        code = by_label.get(key.strip(), key.strip())
        if code not in INDICATORS:
            raise InputError(N_("评价指标“{value}”无效，应为：整体满意度、服务效率、服务水平、服务态度"), value=key)
        out[code] = parse_level(value, INDICATORS[code])
    return out


def _choice(value: str, allowed: Mapping[str, str], msgid: str) -> str:
    code = (value or "").strip().lower()
    if code not in allowed:
        raise InputError(msgid, value=value, allowed="、".join(allowed))
    return code


def parse_channel(value: str) -> str:
    return _choice(value, CHANNELS, N_("评价渠道“{value}”无效，应为：{allowed}"))


def parse_ruling(value: str) -> str:
    return _choice(value, RULINGS, N_("复核结论“{value}”无效，应为：{allowed}"))


def parse_finding(value: str) -> str:
    return _choice(value, FINDINGS, N_("调查结论“{value}”无效，应为：{allowed}"))


def parse_complaint_channel(value: str) -> str:
    return _choice(value, COMPLAINT_CHANNELS, N_("投诉渠道“{value}”无效，应为：{allowed}"))


def is_bad(level: str) -> bool:
    return level in BAD


def proof_matches(proof_last4: str, id_number: str, phone: str) -> bool:
    """The visitor's proof: the last 4 characters of the applicant's ID number or phone (X either case)."""
    proof = (proof_last4 or "").strip().upper()
    if len(proof) != 4:
        return False
    return any(len(v) >= 4 and v[-4:].upper() == proof for v in ((id_number or "").strip(), (phone or "").strip()))


def sampled(number: str, percent: int) -> bool:
    """Whether a completed case is in the follow-up sample: the same answer for the same case every time,
    spread evenly over case numbers (not the first N of a month, which staff could predict by the clock)."""
    if percent <= 0:
        return False
    return zlib.crc32(number.encode("utf-8")) % 100 < min(percent, 100)


def complaint_due(cal: Calendar, received: date, simple: bool) -> date:
    """003 第32条 and 篇6: a simple complaint is answered the day it comes, any other within 5 working days
    (the day received not counted, as for cases)."""
    return received if simple else cal.add_workdays(received, COMPLAINT_DAYS)


def overdue(due: date, answered_on: date | None, today: date) -> bool:
    """Past its day and not answered, or answered after it."""
    return (answered_on or today) > due
