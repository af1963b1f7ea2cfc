"""What each form of a case says: pure builders from a ``CaseView``, the office and the matter.

See the package's docstring for the list of forms; ``form_for`` in the package reads the database.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from ...documents.forms import (
    AcceptanceData,
    CaseLogData,
    Contacts,
    DateChangeData,
    LogEntry,
    Material,
    NoticeData,
    ReceiptData,
    RefusalData,
    ReminderData,
    TransferData,
)
from ...domain.cases import CATEGORY_LABELS, KIND_LABELS, STATUS_LABELS, Category, Kind, Status
from ...domain.catalog import is_licensing
from ...domain.lifecycle import ACTION_LABELS, CLOCK_RUNS, Action
from ...errors import N_, Conflict, InputError
from ..case_views import CaseView
from ..catalog_views import MatterView
from ..views import OfficeView

__all__ = [
    "FORMS",
    "FORM_ALIASES",
    "FORM_LABELS",
    "FORM_STEMS",
    "acceptance",
    "accepted",
    "applicable",
    "case_log",
    "contacts",
    "date_change",
    "date_changes",
    "notice",
    "receipt",
    "refusal",
    "registration_form",
    "reminder",
    "transfer",
]


FORMS = ("receipt", "acceptance", "notice", "refusal", "transfer", "extension", "date-change", "reminder", "log")
FORM_ALIASES = {"change": "date-change", "date_change": "date-change"}
FORM_LABELS = {
    "receipt": N_("受理回执"), "acceptance": N_("受理单"), "notice": N_("一次性告知书"),
    "refusal": N_("退回反馈单"), "transfer": N_("移办告知单"), "extension": N_("延长办理期限告知书"),
    "date-change": N_("办理时限变更告知书"), "reminder": N_("催办单"), "log": N_("协办日志"),
}
# File stems: the forms are official papers and always Chinese; so are their file names.
FORM_STEMS = {
    "receipt": "受理回执", "acceptance": "受理单", "notice": "告知书", "refusal": "退回反馈单",
    "transfer": "移办告知单", "extension": "延期告知书", "date-change": "时限变更告知书", "reminder": "催办单",
    "log": "协办日志",
}
# Why a form does not apply to a case: one line each (exit 1 in `case print`).
_NOT_APPLICABLE = {
    "receipt": N_("办件 {number} 未受理，无受理回执可打印"),
    "acceptance": N_("办件 {number} 没有补正受理，无受理单可打印"),
    "notice": N_("办件 {number} 没有出具一次性告知书，无告知书可打印"),
    "refusal": N_("办件 {number} 未退回，无退回反馈单可打印"),
    "transfer": N_("办件 {number} 未移办，无移办告知单可打印"),
    "extension": N_("办件 {number} 没有延期记录，无延长办理期限告知书可打印"),
    "date-change": N_("办件 {number} 的办结日期没有变更，无时限变更告知书可打印"),
    "reminder": N_("办件 {number} 不在计时办理中，无催办单可打印"),
    "log": N_("办件 {number} 没有办理记录，无协办日志可打印"),
}
_ACCEPTED_KINDS = (Kind.INSTANT.value, Kind.PROMISED.value, Kind.REPORT_UP.value)
_REPLY_METHODS = {"in_person": "当面", "phone": "电话", "written": "书面"}


# --- pure helpers ---------------------------------------------------------------------------------


def contacts(office: OfficeView | None, matter: MatterView | None = None, clerk: str = "") -> Contacts:
    """The phones every form prints: the office's enquiry and complaint lines, the matter's where set."""
    return Contacts(
        office_phone=office.phone if office else "", complaint_phone=office.complaint_phone if office else "",
        matter_phone=getattr(matter, "phone", "") or "",
        matter_supervision_phone=getattr(matter, "supervision_phone", "") or "", clerk=clerk,
    )


class _Applicant(Protocol):
    """What names the applicant: a ``CaseView``, or the stored case row (``extension_notice``)."""

    @property
    def applicant_type(self) -> str: ...
    @property
    def applicant_name(self) -> str: ...
    @property
    def org_name(self) -> str: ...
    @property
    def contact(self) -> str: ...


def applicant_on_form(case: _Applicant) -> str:
    """The applicant in full, as the applicant's own papers print it."""
    if case.applicant_type == "org":
        return f"{case.org_name}（{case.contact}）" if case.contact else case.org_name
    return case.applicant_name


def _day(event) -> date:
    """The service day of an event: the day it stored, else the local date of its time."""
    on = event.data.get("on") if isinstance(event.data, dict) else None
    if on:
        try:
            return date.fromisoformat(str(on))
        except ValueError:
            pass
    at: datetime = event.at
    return (at.astimezone() if at.tzinfo else at).date()


def _last(case: CaseView, action: Action):
    return next((e for e in reversed(case.events) if e.type == action.value), None)


def _limit_words(case: CaseView) -> str:
    if case.kind == Kind.INSTANT.value or not case.limit_days:
        return "即办（当场或当日办结）"
    return f"{case.limit_days} 个{'工作日' if case.day_kind == 'working' else '自然日'}"


def _is_date_change(event) -> bool:
    return isinstance(event.data, dict) and bool(event.data.get("old_due")) and bool(event.data.get("new_due"))


def _corrected(case: CaseView) -> bool:
    """A 提示件 whose file a correction (补正) completed: accepted since (003 第29条)."""
    return (case.status != Status.PENDING_MATERIALS.value and not case.missing_materials
            and any(e.type == Action.CORRECT.value for e in case.events))


def accepted(case: CaseView) -> bool:
    """Accepted, so owed a 受理回执: a 即办件, 承诺件 or 上报件, or a 提示件 a correction completed
    ."""
    if case.category == Category.TRANSFER.value:
        return False
    return case.kind in _ACCEPTED_KINDS or (case.kind == Kind.NOTICE.value and _corrected(case))


def applicable(case: CaseView) -> tuple[str, ...]:
    """The forms this case has, in ``FORMS`` order."""
    types = {e.type for e in case.events}
    out = []
    if accepted(case):
        out.append("receipt")
    if _corrected(case):
        out.append("acceptance")
    if case.notice_number:
        out.append("notice")
    if case.status == Status.REJECTED.value or case.kind == Kind.REJECTED.value:
        out.append("refusal")
    if case.status == Status.TRANSFERRED.value or case.category == Category.TRANSFER.value:
        out.append("transfer")
    if Action.EXTEND.value in types:
        out.append("extension")
    if any(_is_date_change(e) for e in case.events):
        out.append("date-change")
    if case.status in {s.value for s in CLOCK_RUNS} and case.due_on is not None:
        out.append("reminder")
    if case.events:
        out.append("log")
    return tuple(out)


def _require(case: CaseView, form: str) -> None:
    if form not in applicable(case):
        raise Conflict(_NOT_APPLICABLE[form], number=case.number)


# --- the forms of a case (pure) ---------------------------------------------------------------------


def receipt(case: CaseView, office: OfficeView, matter: MatterView | None = None, *,
            owner_phone: str = "") -> ReceiptData:
    """受理回执 of an accepted 即办件, 承诺件 or 上报件 (联办件 too: the other units are printed)."""
    if not accepted(case):
        raise Conflict(N_("办件 {number} 未受理，没有受理回执"), number=case.number)
    return ReceiptData(
        office=office.name, case_number=case.number, matter_name=case.matter_name, matter_code=case.matter_code,
        applicant=applicant_on_form(case),
        materials=tuple(Material(m.name, m.form, m.copies) for m in case.materials if m.received),
        received_on=case.received_on, due_on=None if case.kind == Kind.INSTANT.value else case.due_on,
        owner=case.owner_name, owner_phone=owner_phone, complaint_phone=office.complaint_phone,
        applicant_phone=case.phone, limit=_limit_words(case), window=case.window,
        joint_units=case.units if case.category == Category.JOINT.value else (),
        contacts=contacts(office, matter, case.owner_name), provisional=case.due_provisional,
    )


def acceptance(case: CaseView, office: OfficeView, matter: MatterView | None = None) -> AcceptanceData:
    """受理单 of a 提示件 whose materials were completed: the limit runs from the correction."""
    _require(case, "acceptance")
    corrected = _last(case, Action.CORRECT)
    return AcceptanceData(
        office=office.name, case_number=case.number, issued_on=_day(corrected), applicant=applicant_on_form(case),
        matter_name=case.matter_name, matter_code=case.matter_code, received_on=case.received_on,
        materials=tuple(Material(m.name, m.form, m.copies) for m in case.materials if m.received or m.required),
        due_on=case.due_on, owner=case.owner_name, limit=_limit_words(case),
        notice_number=case.notice_number or "", window=case.window or (matter.window if matter else ""),
        provisional=case.due_provisional, contacts=contacts(office, matter, case.owner_name),
    )


def notice(view, office: OfficeView | None, matter: MatterView | None, *,
           issued_on: date | None = None) -> NoticeData:
    """一次性告知书 of an issued notice: everything missing at once, with the matter's 办事指南."""
    return NoticeData(
        office=office.name if office else "", number=view.number,
        issued_on=issued_on or (view.issued_at.astimezone() if view.issued_at.tzinfo else view.issued_at).date(),
        applicant=view.applicant_name, matter_name=view.matter_name, matter_code=view.matter_code,
        missing=[Material(i.name, i.form, i.copies, i.note) for i in view.items], received_on=view.received_on,
        conditions=matter.conditions if matter else "", window=matter.window if matter else "",
        department=matter.department if matter else "", phone=matter.phone if matter else "",
        basis=matter.basis if matter else "", complaint_phone=office.complaint_phone if office else "",
        licensing=is_licensing(matter) if matter else True,
        contacts=contacts(office, matter),
    )


def refusal(case: CaseView, office: OfficeView, matter: MatterView | None = None) -> RefusalData:
    """否认报备反馈单: a 退回件 at registration, or a case rejected later (the reject event's reasons)."""
    if case.kind != Kind.REJECTED.value and case.status != Status.REJECTED.value:
        raise Conflict(N_("办件 {number} 不是退回件"), number=case.number)
    event = _last(case, Action.REJECT)
    if event is not None:
        reason, basis, on = str(event.data.get("reason", "")), str(event.data.get("basis", "")), _day(event)
    else:
        reason, basis = case.reason, case.basis
        on = (case.registered_at.astimezone() if case.registered_at.tzinfo else case.registered_at).date()
    return RefusalData(
        office=office.name, number=case.number, issued_on=on, applicant=applicant_on_form(case),
        matter_name=case.matter_name, matter_code=case.matter_code,
        reasons=tuple(r for r in reason.splitlines() if r.strip()), basis=basis,
        received_on=case.received_on, case_number=case.number, clerk=case.owner_name, phone=office.phone,
        complaint_phone=office.complaint_phone, contacts=contacts(office, matter, case.owner_name),
    )


def transfer(case: CaseView, office: OfficeView, matter: MatterView | None = None) -> TransferData:
    """移办告知单: a 移办件 at registration, or a case transferred later (the transfer event's unit)."""
    if case.category != Category.TRANSFER.value and case.status != Status.TRANSFERRED.value:
        raise Conflict(N_("办件 {number} 不是移办件"), number=case.number)
    event = _last(case, Action.TRANSFER)
    unit = case.units[0] if case.units else ""
    address, phone, contact, note = case.unit_address, case.unit_phone, case.transfer_contact, case.reason
    on = (case.registered_at.astimezone() if case.registered_at.tzinfo else case.registered_at).date()
    if event is not None:
        data = event.data
        unit = str(data.get("unit") or unit)
        same = matter if matter is not None and matter.units and unit == matter.units[0] else None
        address = str(data.get("address") or (same.unit_address if same is not None else ""))
        phone = str(data.get("phone") or (same.unit_phone if same is not None else ""))
        contact = str(data.get("contact") or "")
        note, on = str(data.get("reason") or ""), _day(event)
    return TransferData(
        office=office.name, number=case.number, issued_on=on, applicant=applicant_on_form(case),
        matter_name=case.matter_name, unit=unit, address=address, phone=phone, matter_code=case.matter_code,
        contact=contact, note=note, clerk=case.owner_name, clerk_phone=office.phone,
        contacts=contacts(office, matter, case.owner_name),
    )


def date_change(case: CaseView, old_due: date, new_due: date, reason: str, *, office: OfficeView | None,
                issued_on: date, matter: MatterView | None = None, sequence: int = 1,
                old_provisional: bool = False) -> DateChangeData:
    """办理时限变更告知书: tell the applicant the promised date moved from ``old_due`` to ``new_due``.

    For the calendar service when re-dating cases (e.g. the official holiday schedule replaced a
    provisional one: ``old_provisional=True``); ``sequence`` numbers the changes of one case.
    """
    if old_due == new_due:
        raise InputError(N_("办结日期没有变化（{due}），无需告知"), due=old_due.isoformat())
    return DateChangeData(
        office=office.name if office else "", number=f"BG-{case.number}-{sequence}", issued_on=issued_on,
        case_number=case.number, applicant=applicant_on_form(case), matter_name=case.matter_name,
        matter_code=case.matter_code, received_on=case.received_on, old_due_on=old_due, new_due_on=new_due,
        reason=reason, old_provisional=old_provisional, contacts=contacts(office, matter, case.owner_name),
    )


def date_changes(case: CaseView, office: OfficeView | None, matter: MatterView | None = None) -> list[DateChangeData]:
    """The date-change notices of the case's recorded date changes, oldest first."""
    out: list[DateChangeData] = []
    for event in (e for e in case.events if _is_date_change(e)):
        d = event.data
        out.append(date_change(case, date.fromisoformat(str(d["old_due"])), date.fromisoformat(str(d["new_due"])),
                               _change_reason(d), office=office, issued_on=_day(event), matter=matter,
                               sequence=len(out) + 1,
                               old_provisional=bool(d.get("old_provisional", bool(d.get("calendar_year"))))))
    return out


def _change_reason(d: dict) -> str:
    """The recorded reason, or the words for a re-dating by an imported holiday schedule (services.redating)."""
    if d.get("reason"):
        return str(d["reason"])
    if d.get("calendar_year"):
        return f"国务院办公厅公布了{d['calendar_year']}年部分节假日安排，办结日期按正式安排重新计算"
    return ""


def reminder(case: CaseView, office: OfficeView | None, *, today: date, days_left: int, overdue: bool,
             issued_by: str, applicant: str, handler: str = "") -> ReminderData:
    """催办单 of one case: ``days_left`` working days (negative: overdue); ``applicant`` as printed (masked)."""
    assert case.due_on is not None, "applicable() offers a reminder only for a case with a due date"
    return ReminderData(
        office=office.name if office else "", number=f"CB-{case.number}", issued_on=today,
        case_number=case.number, matter_name=case.matter_name,
        owner=f"{case.owner_name}（{case.owner}）" if case.owner_name != case.owner else case.owner,
        due_on=case.due_on, days_left=days_left, working_days=case.day_kind == "working", overdue=overdue,
        applicant=applicant, handler=handler, received_on=case.received_on, issued_by=issued_by,
        contacts=contacts(office),
    )


def _detail(event, names: dict[str, str]) -> str:
    d = event.data if isinstance(event.data, dict) else {}
    if _is_date_change(event):
        text = f"办结日期由 {d['old_due']} 变更为 {d['new_due']}"
        reason = _change_reason(d)
        return f"{text}；{reason}" if reason else text
    parts = []
    if d.get("to"):
        parts.append(f"交 {names.get(str(d['to']), d['to'])}" if event.type == Action.HANDOVER.value else f"报 {d['to']}")
    if d.get("unit"):
        parts.append(str(d["unit"]) + (f"（{d['step']}）" if d.get("step") else ""))
    if d.get("days"):
        parts.append(f"延长 {d['days']} 日")
    if d.get("method"):
        parts.append(_REPLY_METHODS.get(str(d["method"]), str(d["method"])) + "回复")
    if d.get("level"):
        parts.append(str(d["level"]))
    if isinstance(d.get("received"), list) and d["received"]:
        parts.append(f"收到补正材料 {len(d['received'])} 项")
    if isinstance(d.get("remaining"), list) and d["remaining"]:
        parts.append(f"仍缺 {len(d['remaining'])} 项")
    for key in ("reason", "basis", "result", "note"):
        if d.get(key):
            parts.append(str(d[key]))
    return "；".join(parts)


def case_log(case: CaseView, office: OfficeView | None, *, issued_on: date, names: dict[str, str] | None = None,
             matter: MatterView | None = None) -> CaseLogData:
    """协办日志: each event with its day and actor (names from ``names``, login → name), and the result."""
    names = names or {}
    labels = {a.value: label for a, label in ACTION_LABELS.items()}
    labels["registered"] = "登记"
    entries = []
    for e in case.events:
        action = "时限变更" if _is_date_change(e) else labels.get(e.type, e.type)
        who = names.get(e.actor, e.actor)
        if e.acting_for:
            who += f"（代{names.get(e.acting_for, e.acting_for)}）"
        entries.append(LogEntry(_day(e), who, action, "" if e.type == "registered" else _detail(e, names)))
    result = ""
    for action in (Action.COMPLETE, Action.REJECT, Action.TRANSFER, Action.WITHDRAW):
        event = _last(case, action)
        if event is not None:
            words = str(event.data.get("result") or event.data.get("reason") or "")
            result = f"{ACTION_LABELS[action]}：{words}" if words else ACTION_LABELS[action]
            break
    if not result and case.status == Status.REJECTED.value:
        result = f"退回：{case.reason}"
    if not result and case.category == Category.TRANSFER.value:
        result = f"移办：{'、'.join(case.units[:1])}"
    status = Status(case.status) if case.status in Status._value2member_map_ else None
    category = Category(case.category) if case.category in Category._value2member_map_ else None
    kind = Kind(case.kind) if case.kind in Kind._value2member_map_ else None
    return CaseLogData(
        office=office.name if office else "", case_number=case.number, issued_on=issued_on,
        applicant=applicant_on_form(case), matter_name=case.matter_name, matter_code=case.matter_code,
        received_on=case.received_on, owner=case.owner_name, entries=tuple(entries),
        category=CATEGORY_LABELS.get(category, "") if category else "", kind=KIND_LABELS.get(kind, "") if kind else "",
        status=STATUS_LABELS.get(status, "") if status else "", due_on=case.due_on, result=result,
        contacts=contacts(office, matter, case.owner_name),
    )


def registration_form(case: CaseView, office: OfficeView, matter: MatterView | None = None):
    """The slip a case gets at registration: (form key, data) for a receipt, refusal or transfer notice,
    or None (a 提示件's paper is its one-time notice, a consultation has none)."""
    if case.category == Category.TRANSFER.value:
        return "transfer", transfer(case, office, matter)
    if case.kind == Kind.REJECTED.value:
        return "refusal", refusal(case, office, matter)
    if accepted(case):
        return "receipt", receipt(case, office, matter)
    return None


