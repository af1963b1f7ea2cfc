"""One-time notices (一次性告知): issue once, hold the office to the list.

A notice stores exactly what it told the visitor. When the visitor returns,
the checklist starts from it; asking for anything it did not list is a
breach of the one-time rule, allowed only with a leader's approval and a
reason, and counted in the reports (domain.md §4).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, func, select

from ..domain import text, validators
from ..domain.deadlines import notice_is_late
from ..domain.roles import WRITERS, Role
from ..errors import N_, Conflict, InputError, NotFound, NotPermitted
from ..store.case_tables import Notice, NoticeBreach, NoticeItem
from ..store.database import Database
from ..store.keys import key
from ..store.tables import Matter, Office
from . import audit
from .calendar import calendar
from .catalog import get_matter
from .catalog_views import MaterialView, MatterView
from .context import Actor, Clock
from .numbering import next_number


@dataclass(frozen=True)
class NoticeItemView:
    code: str
    name: str
    form: str
    copies: int
    note: str


@dataclass(frozen=True)
class BreachView:
    material_code: str
    material_name: str
    reason: str
    requested_by: str
    approved_by: str
    at: datetime


@dataclass(frozen=True)
class NoticeView:
    number: str
    matter_code: str
    matter_name: str
    applicant_name: str
    id_number: str
    phone: str
    received_on: date
    issued_at: datetime
    issued_by: str
    late: bool
    items: tuple[NoticeItemView, ...]
    breaches: tuple[BreachView, ...] = ()

    def lists(self, material_code: str) -> bool:
        return any(i.code == material_code for i in self.items)


def missing_materials(matter: MatterView, brought: Iterable[str]) -> list[MaterialView]:
    """Every required material the visitor did not bring, in the guide's order."""
    have = set(brought)
    unknown = have - {m.code for m in matter.materials}
    if unknown:
        raise InputError(N_("事项 {matter} 没有材料“{code}”"), matter=matter.code, code=sorted(unknown)[0])
    return [m for m in matter.materials if m.required and m.code not in have]


def office_code(session: Session) -> str:
    office = session.exec(select(Office)).first()
    if office is None:
        raise Conflict(N_("请先完成中心设置"))
    return office.code


def _view(session: Session, n: Notice) -> NoticeView:
    items = session.exec(select(NoticeItem).where(NoticeItem.notice_id == n.id).order_by(col(NoticeItem.position))).all()
    breaches = session.exec(select(NoticeBreach).where(NoticeBreach.notice_id == n.id).order_by(col(NoticeBreach.id))).all()
    return NoticeView(
        n.number, n.matter_code, n.matter_name, n.applicant_name, n.id_number, n.phone, n.received_on,
        n.issued_at, n.issued_by, n.late,
        tuple(NoticeItemView(i.code, i.name, i.form, i.copies, i.note) for i in items),
        tuple(BreachView(b.material_code, b.material_name, b.reason, b.requested_by, b.approved_by, b.at)
              for b in breaches),
    )


def issue_in_session(session: Session, actor: Actor, clock: Clock, matter: MatterView,
                     missing: Sequence[MaterialView], applicant_name: str, id_number: str, phone: str,
                     received_on: date, late: bool) -> Notice:
    """Store a notice inside an open write transaction (registration of a 提示件 uses this too)."""
    if not missing:
        raise InputError(N_("材料已齐全，无需出具一次性告知书"))
    number = next_number(session, office_code(session), clock.today(), "notice")
    matter_row = session.exec(select(Matter).where(Matter.code == matter.code)).first()
    row = Notice(
        number=number, matter_id=matter_row.id if matter_row else None, matter_code=matter.code,
        matter_name=matter.name, applicant_name=applicant_name, id_number=id_number, phone=phone,
        received_on=received_on, issued_at=clock.now(), issued_by=actor.login, late=late,
    )
    session.add(row)
    session.flush()
    for pos, m in enumerate(missing):
        session.add(NoticeItem(notice_id=key(row), position=pos, code=m.code, name=m.name, form=m.form,
                               copies=m.copies, note=m.note))
    audit.append(session, actor, clock.now(), "notice.issue", "notice", number,
                 after={"matter": matter.code, "missing": [m.code for m in missing], "late": late})
    return row


@dataclass(frozen=True)
class Applicant:
    name: str
    id_number: str = ""
    phone: str = ""

    def checked(self, today: date) -> Applicant:
        name = text.clean(self.name, N_("申请人姓名"), max_len=100)
        id_number = validators.id_number(self.id_number, today=today) if self.id_number.strip() else ""
        phone = validators.phone(self.phone) if self.phone.strip() else ""
        return Applicant(name, id_number, phone)


def issue_notice(db: Database, actor: Actor, clock: Clock, matter_code: str, brought: Iterable[str],
                 applicant: Applicant, received_on: date | None = None) -> NoticeView:
    """A visit without a case: the visitor is told every missing material at once, in writing."""
    actor.require(WRITERS, N_("出具一次性告知书"))
    today = clock.today()
    who = applicant.checked(today)
    matter = get_matter(db, matter_code)
    if not matter.active:
        raise InputError(N_("事项 {code} 已停用"), code=matter.code)
    if actor.role is Role.AGENT and not matter.village:
        raise NotPermitted(N_("事项 {code} 不由村代办员受理"), code=matter.code)
    missing = missing_materials(matter, brought)
    received = received_on or today
    if received > today:
        raise InputError(N_("收件日期不能晚于今天"))
    late = notice_is_late(calendar(db), received, today)
    with db.write() as session:
        row = issue_in_session(session, actor, clock, matter, missing, who.name, who.id_number, who.phone,
                               received, late)
        return _view(session, row)


def _visible(session: Session, actor: Actor, row: Notice | None) -> bool:
    """A village agent sees the notices they issued and those of their village's cases, like the cases themselves."""
    if row is None:
        return False
    if actor.role is not Role.AGENT or row.issued_by == actor.login:
        return True
    from ..store.case_tables import Case

    return session.exec(select(Case.id).where(Case.notice_id == row.id, Case.village == actor.village)).first() is not None


def get_notice(db: Database, number: str, *, actor: Actor) -> NoticeView:
    with db.read() as session:
        row = session.exec(select(Notice).where(Notice.number == number.strip())).first()
        if row is None or not _visible(session, actor, row):
            raise NotFound(N_("告知书“{number}”不存在"), number=number)
        return _view(session, row)


def latest_for_visitor(db: Database, matter_code: str, id_number: str = "", phone: str = "") -> NoticeView | None:
    """The visitor's last notice for this matter: their checklist starts from it when they return."""
    if not id_number.strip() and not phone.strip():
        return None
    with db.read() as session:
        q = select(Notice).where(Notice.matter_code == matter_code)
        if id_number.strip():
            q = q.where(Notice.id_number == id_number.strip().upper())
        else:
            q = q.where(Notice.phone == phone.strip())
        row = session.exec(q.order_by(col(Notice.id).desc()).limit(1)).first()
        return _view(session, row) if row else None


def approve_breach(db: Database, actor: Actor, clock: Clock, notice_number: str, material_code: str,
                   reason: str, approver: Actor) -> BreachView:
    """Ask for a material the notice did not list: only with a duty leader's approval and a reason."""
    actor.require(WRITERS, N_("补充要求材料"))
    if approver.role is not Role.LEADER:
        raise NotPermitted(N_("须由值班领导审批（{login} 不是值班领导）"), login=approver.login)
    why = text.clean(reason, N_("理由"), max_len=500, multiline=True)
    notice = get_notice(db, notice_number, actor=actor)
    if notice.lists(material_code):
        raise Conflict(N_("材料“{code}”已在告知书 {number} 中列明，无需审批"), code=material_code, number=notice.number)
    matter = get_matter(db, notice.matter_code)
    material = next((m for m in matter.materials if m.code == material_code), None)
    if material is None:
        raise NotFound(N_("事项 {matter} 没有材料“{code}”"), matter=matter.code, code=material_code)
    with db.write() as session:
        row = session.exec(select(Notice).where(Notice.number == notice.number)).one()
        if session.exec(select(NoticeBreach).where(NoticeBreach.notice_id == row.id,
                                                   NoticeBreach.material_code == material_code)).first():
            raise Conflict(N_("材料“{code}”的补充要求已审批过"), code=material_code)
        breach = NoticeBreach(notice_id=key(row), material_code=material.code, material_name=material.name,
                              reason=why, requested_by=actor.login, approved_by=approver.login, at=clock.now())
        session.add(breach)
        session.flush()
        audit.append(session, actor, clock.now(), "notice.breach", "notice", notice.number,
                     after={"material": material.code, "reason": why, "approved_by": approver.login})
        return BreachView(material.code, material.name, why, actor.login, approver.login, breach.at)


def breach_count(db: Database, start: date, end: date) -> int:
    with db.read() as session:
        return session.exec(select(func.count(col(NoticeBreach.id))).where(
            NoticeBreach.at >= datetime.combine(start, datetime.min.time()).astimezone(),
            NoticeBreach.at < datetime.combine(end, datetime.max.time()).astimezone(),
        )).one()


# --- the returning visitor: what the checklist starts from and what needs a leader (the screens ask here) ---


@dataclass(frozen=True)
class ChecklistStart:
    """How a visit's checklist starts: ticked (brought), listed by the earlier notice, approved beyond it."""

    brought: frozenset[str] = frozenset()
    listed: frozenset[str] = frozenset()
    approved: frozenset[str] = frozenset()


def checklist_start(matter: MatterView, earlier: NoticeView | None) -> ChecklistStart:
    """A first visit starts with nothing ticked. A returning visitor's checklist starts from their last
    notice: only what it listed (or a leader approved since) can still be missing, so the rest is ticked."""
    if earlier is None:
        return ChecklistStart()
    listed = frozenset(i.code for i in earlier.items)
    approved = frozenset(b.material_code for b in earlier.breaches)
    known = frozenset(m.code for m in matter.materials)
    return ChecklistStart(known - listed - approved, listed, approved)


def needs_approval(earlier: NoticeView | None, material_code: str, approved: Iterable[str] = ()) -> bool:
    """Whether asking for ``material_code`` breaks the one-time rule: the visitor has an earlier notice that
    did not list it and no leader approved it yet (domain.md §4). A first notice may ask for anything."""
    return earlier is not None and not earlier.lists(material_code) and material_code not in set(approved)


def same_visitor(notice: NoticeView, id_number: str, phone: str) -> bool:
    """Whether the ID number or phone now given is still the one ``notice`` was found by."""
    id_number = id_number.strip()
    digits = "".join(c for c in phone.strip() if c.isalnum() or c == "-")
    return bool((id_number and id_number.upper() == notice.id_number)
                or (digits and notice.phone and digits == notice.phone))


def find_earlier(db: Database, clock: Clock, matter_code: str, id_number: str = "",
                 phone: str = "") -> NoticeView | None:
    """The returning visitor's last notice for this matter, by their ID number, else their phone (each
    checked first: a wrong check digit is one clear error, not "no notice")."""
    found = None
    if id_number.strip():
        found = latest_for_visitor(db, matter_code, id_number=validators.id_number(id_number, today=clock.today()))
    if found is None and phone.strip():
        found = latest_for_visitor(db, matter_code, phone=validators.phone(phone))
    return found


def is_notice_number(number: str) -> bool:
    """Whether ``number`` is a notice's (QS-GZ20260316-0001), not a case's (QS-20260316-0001)."""
    from .numbering import PREFIX

    return re.fullmatch(rf"[^-\s]+-{PREFIX['notice']}\d{{8}}-\d+", number.strip().upper()) is not None
