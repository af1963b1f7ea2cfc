"""One service for every form: what each printed form of a case says, from the case and the office.

``documents.forms`` lays the forms out (PDF and text); this module decides their content — which
case fields, which dates, which phones — so that the registration screen, the notice screen, the
case screen and ``quancheng case print`` hand the applicant the same paper.

Forms (``FORMS``; the key is the ``case print --form`` value):

- ``receipt``     受理回执: an accepted 即办件, 承诺件 or 上报件 (联办件 too) (003 第25条, 004 限时办结 第七条)
- ``acceptance``  受理单: a 提示件 accepted after the correction (补正齐全) (003 第25条(一), 第29条)
- ``notice``      一次性告知书: everything missing, at once (domain §4); ``notice_form`` by the notice's
                  own number too, for a visitor who has no case (``form_for`` takes either number)
- ``refusal``     否认报备反馈单: a 退回件, at registration or rejected later, with reasons and basis
                  (000 三(二)1, 004 第五篇 第五条(四))
- ``transfer``    移办告知单: a 移办件, at registration or transferred later (000 三(二)3)
- ``extension``   延长办理期限告知书: the latest (or a chosen) extension (domain §5)
- ``date-change`` 办理时限变更告知书: the due date moved without an extension, e.g. when the official
                  holiday schedule replaced a provisional one (domain §5). The calendar service may call
                  ``date_change(case, old_due, new_due, reason, …)``; otherwise the case's events are
                  read: an event whose data holds ``old_due`` and ``new_due`` (ISO dates; ``reason``, or
                  ``calendar_year`` as ``services.redating`` records its "redated" event) is a date change.
- ``reminder``    催办单 of one case whose clock runs (003 第34条)
- ``log``         协办日志: every event with date and actor, the result, signature lines (000 三(三))

Every form prints the office's 咨询电话 and 投诉/监督电话 and, where the catalog has them, the
matter's (``contacts``). The builders taking a ``CaseView`` are pure; ``form_for`` is the one entry
point that reads the database and checks who may see the case.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlmodel import col, select

from ...documents.forms import NoticeData, ReminderData
from ...domain.lifecycle import Action
from ...domain.roles import APPROVERS, Role
from ...errors import N_, Conflict, InputError, NotPermitted, QuanchengError
from ...store.database import Database
from ...store.tables import Staff
from ..case_views import CaseView
from ..catalog_views import MatterView
from ..context import Actor, Clock
from ..notices import is_notice_number
from ..views import OfficeView
from .content import (
    FORM_ALIASES,
    FORM_LABELS,
    FORM_STEMS,
    FORMS,
    _last,
    _require,
    acceptance,
    accepted,
    applicable,
    applicant_on_form,
    case_log,
    contacts,
    date_change,
    date_changes,
    notice,
    receipt,
    refusal,
    registration_form,
    reminder,
    transfer,
)
from .printing import deliver_form, print_folder

__all__ = [
    "FORMS",
    "FORM_ALIASES",
    "FORM_LABELS",
    "FORM_STEMS",
    "acceptance",
    "accepted",
    "applicable",
    "applicant_on_form",
    "case_log",
    "contacts",
    "date_change",
    "date_changes",
    "deliver_form",
    "file_stem",
    "form_for",
    "notice",
    "notice_form",
    "parse_form",
    "print_folder",
    "receipt",
    "refusal",
    "registration_form",
    "registration_slip",
    "reminder",
    "render",
    "transfer",
    "write",
]


# --- the one entry point with the database --------------------------------------------------------------


def parse_form(value: str) -> str:
    form = (value or "").strip().lower()
    form = FORM_ALIASES.get(form, form)
    if form not in FORMS:
        raise InputError(N_("表单“{value}”无效，应为：{allowed}"), value=value, allowed="、".join(FORMS))
    return form


def _matter(db: Database, code: str) -> MatterView | None:
    from ..catalog import get_matter

    try:
        return get_matter(db, code)
    except QuanchengError:
        return None  # a matter removed from the catalog: the form prints the case's own copy


def _names(db: Database, logins: set[str]) -> dict[str, str]:
    if not logins:
        return {}
    with db.read() as session:
        return dict(session.exec(select(Staff.login, Staff.name).where(col(Staff.login).in_(sorted(logins)))).all())


def form_for(db: Database, actor: Actor, clock: Clock, number: str, form: str, *,
             event_id: int | None = None):
    """The form ``form`` (a ``FORMS`` key) of case ``number``, as the actor may see it.

    Anyone who may see the case may print its forms (a village agent only their village's: any
    other case is not found); a reminder only its owner or a leader, admin or supervisor, as
    ``reminders.due_soon``. A form that does not apply to the case is one ``Conflict``.
    """
    from ..cases import get_case
    from ..setup import office as get_office

    form = parse_form(form)
    if form == "notice" and is_notice_number(number):  # a visitor's notice, with or without a case
        return notice_form(db, actor, clock, number)
    today = clock.today()
    case = get_case(db, actor, number, today=today)
    _require(case, form)
    office = get_office(db)
    if office is None:
        raise Conflict(N_("请先完成中心设置"))
    matter = _matter(db, case.matter_code)
    if form == "receipt":
        return receipt(case, office, matter)
    if form == "acceptance":
        return acceptance(case, office, matter)
    if form == "notice":
        return notice_form(db, actor, clock, case.notice_number or "")
    if form == "refusal":
        return refusal(case, office, matter)
    if form == "transfer":
        return transfer(case, office, matter)
    if form == "extension":
        from ..extension_notice import extension_notice

        data = extension_notice(db, actor, clock, case.number, event_id=event_id)
        return replace(data, phone=office.phone, complaint_phone=office.complaint_phone,
                       contacts=contacts(office, matter, data.clerk))
    if form == "date-change":
        return date_changes(case, office, matter)[-1]
    if form == "reminder":
        return _reminder(db, actor, clock, case, office)
    names = _names(db, {e.actor for e in case.events} | {e.acting_for for e in case.events if e.acting_for}
                    | {str(e.data.get("to")) for e in case.events if e.type == Action.HANDOVER.value})
    return case_log(case, office, issued_on=today, names=names, matter=matter)


def notice_form(db: Database, actor: Actor, clock: Clock, number: str) -> NoticeData:
    """The 一次性告知书 of notice ``number`` as the actor may see it (``notices.get_notice``): the one
    place a notice becomes paper — the notice screen after issuing, the registration screen for a
    提示件, ``case print --form notice`` for a case or a visitor's notice number.

    The form is dated the day the notice was issued, in the office's time zone, whenever it is printed;
    which materials it lists is what the notice stored, and the 行政许可 wording is the matter's
    (``domain.catalog.is_licensing``; a matter gone from the catalog keeps it, the safer side).
    """
    from ..notices import get_notice
    from ..setup import office as get_office

    view = get_notice(db, number, actor=actor)
    office = get_office(db)
    if office is None:
        raise Conflict(N_("请先完成中心设置"))
    issued = view.issued_at
    if issued.tzinfo is not None:
        issued = issued.astimezone(clock.now().tzinfo)
    return notice(view, office, _matter(db, view.matter_code), issued_on=issued.date())


def registration_slip(db: Database, actor: Actor, clock: Clock, case: CaseView,
                      matter: MatterView | None = None) -> tuple[str, object] | None:
    """The paper a case gets at the counter when it is registered: (form key, data), or None.

    A 提示件 gets its one-time notice (``notice_form``); otherwise ``registration_form`` decides
    (a receipt, refusal or transfer notice; a consultation has none).
    """
    from ..setup import office as get_office

    if case.notice_number:
        return "notice", notice_form(db, actor, clock, case.notice_number)
    office = get_office(db)
    if office is None:
        return None
    return registration_form(case, office, matter if matter is not None else _matter(db, case.matter_code))


def _reminder(db: Database, actor: Actor, clock: Clock, case: CaseView, office: OfficeView) -> ReminderData:
    from ...domain import masking
    from ...domain.deadlines import warning_state
    from ..calendar import calendar
    from ..setup import get_setting

    if actor.role not in APPROVERS and actor.role is not Role.SUPERVISOR and case.owner != actor.login:
        raise NotPermitted(N_("只能查看自己的催办"))
    today = clock.today()
    assert case.due_on is not None, "applicable() offers a reminder only for a case with a due date"
    try:
        k = int(get_setting(db, "yellow_within") or 2)
    except (TypeError, ValueError):
        k = 2
    w = warning_state(calendar(db), case.due_on, today, 1, yellow_within=k)
    left = -w.workdays_overdue if w.light == "red" else w.workdays_left
    handover = _last(case, Action.HANDOVER)
    handler = ""
    if handover is not None:
        login = str(handover.data.get("to", ""))
        handler = _names(db, {login}).get(login, login)
    return reminder(case, office, today=today, days_left=left, overdue=w.light == "red" or case.due_on < today,
                    issued_by=actor.name, applicant=masking.name(applicant_on_form(case)), handler=handler)


def file_stem(form: str, data) -> str:
    """The file name (no suffix) of a form: its Chinese name and its number."""
    number = getattr(data, "number", "") or getattr(data, "case_number", "")
    return f"{FORM_STEMS[parse_form(form)]}-{number}"


def render(data, fmt: str = "pdf") -> bytes:
    """The form as PDF bytes, or as UTF-8 text (``fmt`` "txt")."""
    from ...documents.forms import render_pdf, render_text

    return render_text(data).encode("utf-8") if fmt == "txt" else render_pdf(data)


def write(data, path: Path) -> Path:
    """Write the form to ``path`` (.pdf, or .txt for plain text) with mode 0600: it names the applicant."""
    from ...documents.output import write_private

    suffix = path.suffix.lower()
    if suffix not in (".pdf", ".txt"):
        raise InputError(N_("输出文件须以 .pdf 或 .txt 结尾：{path}"), path=str(path))
    payload = render(data, suffix[1:])
    try:
        return write_private(path, payload)
    except OSError as exc:
        raise InputError(N_("无法写入文件 {path}：{reason}"), path=str(path), reason=exc.strerror or str(exc)) from None
