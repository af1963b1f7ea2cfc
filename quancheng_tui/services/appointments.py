"""Appointments (预约服务, 002 (七)): book a time, tell the materials once, list the day."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from ..domain import text, validators
from ..domain.roles import ADMINS, WRITERS, Role
from ..errors import N_, InputError, NotPermitted
from ..store.case_tables import Appointment, Notice
from ..store.database import Database
from . import audit
from .calendar import calendar
from .catalog import get_matter
from .context import Actor, Clock
from .notices import issue_in_session

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True)
class AppointmentView:
    day: date
    time: str
    matter_code: str
    matter_name: str
    name: str
    phone: str
    village: str | None
    note: str
    notice_number: str | None
    status: str
    created_by: str

    def as_dict(self, mask: bool = True) -> dict:
        from ..domain import masking

        d = dict(self.__dict__)
        if mask:
            d["name"], d["phone"] = masking.name(self.name), masking.phone(self.phone)
        return d


def book(db: Database, actor: Actor, clock: Clock, matter_code: str, day: date, time: str, name: str,
         phone: str, village: str | None = None, note: str = "") -> AppointmentView:
    """One transaction: the appointment and the one-time notice of every required material to bring."""
    actor.require(WRITERS, N_("登记预约"))
    who = text.clean(name, N_("预约人姓名"), max_len=100)
    tel = validators.phone(phone)
    memo = text.clean(note, N_("备注"), required=False, max_len=500)
    if not _TIME.match(time.strip()):
        raise InputError(N_("{field}应为 HH:MM，如 09:30"), field=N_("预约时间"))
    today = clock.today()
    if day < today:
        raise InputError(N_("预约日期不能早于今天"))
    if not calendar(db).is_workday(day):
        raise InputError(N_("{day} 不是工作日，请另选日期"), day=day.isoformat())
    if actor.role is Role.AGENT:
        if village and village != actor.village:
            raise NotPermitted(N_("村代办员只能为本村（{village}）的群众登记办件"), village=actor.village)
        village = actor.village
    matter = get_matter(db, matter_code)
    if not matter.active:
        raise InputError(N_("事项 {code} 已停用"), code=matter.code)
    required = [m for m in matter.materials if m.required]
    with db.write() as session:
        notice = issue_in_session(session, actor, clock, matter, required, who, "", tel, today, False) if required else None
        row = Appointment(day=day, time=time.strip(), matter_code=matter.code, matter_name=matter.name, name=who,
                          phone=tel, village=village, note=memo, notice_id=notice.id if notice else None,
                          status="booked", created_by=actor.login, created_at=clock.now())
        session.add(row)
        session.flush()
        audit.append(session, actor, clock.now(), "appointment.book", "appointment", str(row.id),
                     after={"day": day.isoformat(), "time": row.time, "matter": matter.code})
        return AppointmentView(day, row.time, matter.code, matter.name, who, tel, village, memo,
                               notice.number if notice else None, "booked", actor.login)


def for_day(db: Database, actor: Actor, day: date) -> list[AppointmentView]:
    """The day's list in time order; an agent sees their village's only. The views hold full names and
    phones: whoever shows them masks them (AppointmentView.as_dict), unless for_day_unmasked allowed it."""
    with db.read() as session:
        return _day(session, actor, day)


def for_day_unmasked(db: Database, actor: Actor, clock: Clock, day: date) -> list[AppointmentView]:
    """The day's list to be shown unmasked (`appointment list --unmasked`): admins only, and the look
    is audited (who, which day, how many people), as an unmasked export is."""
    actor.require(ADMINS, N_("查看未脱敏的个人信息"))
    with db.write() as session:
        views = _day(session, actor, day)
        audit.append(session, actor, clock.now(), "appointment.unmasked", "appointment", day.isoformat(),
                     after={"day": day.isoformat(), "rows": len(views), "unmasked": True})
    return views


def _day(session: Session, actor: Actor, day: date) -> list[AppointmentView]:
    q = select(Appointment, Notice).join(Notice, col(Notice.id) == col(Appointment.notice_id), isouter=True)
    q = q.where(Appointment.day == day)
    if actor.role is Role.AGENT:
        q = q.where(Appointment.village == actor.village)
    rows = session.exec(q.order_by(col(Appointment.time), col(Appointment.id))).all()
    return [AppointmentView(a.day, a.time, a.matter_code, a.matter_name, a.name, a.phone, a.village, a.note,
                            n.number if n else None, a.status, a.created_by) for a, n in rows]
