"""Setting up the office: the first run, `init`, and the demo office."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from ..domain import text
from ..domain.roles import ADMINS, Role
from ..errors import N_, Conflict
from ..store.database import Database
from ..store.tables import Department, Office, Setting, Staff, Village
from . import audit
from .catalog import SAMPLE_CATALOG, apply_catalog, read_file
from .context import SYSTEM, Actor, Clock
from .roster import load_sample
from .staff import create_staff, hash_password
from .views import OfficeView, VillageView

if TYPE_CHECKING:
    from ..domain.catalog import MatterSpec

DEFAULT_SETTINGS = {"yellow_within": 2}
F_PHONE = N_("咨询电话")
F_COMPLAINT_PHONE = N_("投诉/监督电话")


def office(db: Database) -> OfficeView | None:
    with db.read() as session:
        row = session.exec(select(Office)).first()
        return None if row is None else OfficeView(row.code, row.name, row.phone, row.complaint_phone, row.address)


def needs_first_run(db: Database) -> bool:
    """True until an office and at least one admin exist."""
    with db.read() as session:
        has_office = session.exec(select(Office)).first() is not None
        has_admin = session.exec(select(Staff).where(Staff.role == Role.ADMIN.value)).first() is not None
        return not (has_office and has_admin)


def initialize(db: Database, clock: Clock, office_name: str, office_code: str, admin_login: str,
               admin_name: str, password: str | None = None, demo: bool = False,
               phone: str = "", complaint_phone: str = "",
               catalog: Sequence[MatterSpec] | None = None, catalog_source: str = "") -> OfficeView:
    """Create the office and its first admin, once; `init` run again changes nothing.

    `catalog` (already parsed, so a bad file fails before anything is written)
    goes in the same transaction; the demo office gets the sample catalog.
    """
    name = text.clean(office_name, N_("中心名称"))
    code = text.code(office_code, N_("中心代码"))
    if demo:  # the demo office's forms show where the phones go (the sample catalog's numbers are alike)
        phone, complaint_phone = phone or DEMO_PHONE, complaint_phone or DEMO_COMPLAINT_PHONE
    phone = text.clean(phone, F_PHONE, required=False, max_len=50)
    complaint_phone = text.clean(complaint_phone, F_COMPLAINT_PHONE, required=False, max_len=50)
    with db.write() as session:
        existing = session.exec(select(Office)).first()
        if existing is not None:
            if session.exec(select(Staff).where(Staff.role == Role.ADMIN.value)).first() is not None:
                return OfficeView(existing.code, existing.name, existing.phone, existing.complaint_phone, existing.address)
            row = existing
        else:
            row = Office(code=code, name=name, phone=phone, complaint_phone=complaint_phone, address="",
                         created_at=clock.now())
            session.add(row)
            session.flush()
            audit.append(session, SYSTEM, clock.now(), "office.create", "office", code,
                         after={"code": code, "name": name})
            for key, value in DEFAULT_SETTINGS.items():
                session.add(Setting(key=key, value=json.dumps(value)))
        create_staff(session, SYSTEM, clock, admin_login, admin_name, Role.ADMIN.value, password=password)
        admin = Actor(login=admin_login, name=admin_name, role=Role.ADMIN)
        if demo:
            _demo_reference_data(session, admin, clock)
            if catalog is None:
                catalog, catalog_source = read_file(SAMPLE_CATALOG), SAMPLE_CATALOG.name
        if catalog:
            apply_catalog(session, admin, clock, catalog, catalog_source)
        return OfficeView(row.code, row.name, row.phone, row.complaint_phone, row.address)


def set_office_phones(db: Database, actor: Actor, clock: Clock, *, phone: str | None = None,
                      complaint_phone: str | None = None) -> OfficeView:
    """Set the office's enquiry (咨询) and complaint/supervision (投诉/监督) phones, printed on every form.

    Admins only; ``None`` leaves a phone as it is, "" clears it. Any number a caller can dial is
    accepted (a hotline such as 12345 too), so the text is only cleaned, not parsed.
    """
    actor.require(ADMINS, N_("设置中心电话"))
    values = {}
    if phone is not None:
        values["phone"] = text.clean(phone, F_PHONE, required=False, max_len=50)
    if complaint_phone is not None:
        values["complaint_phone"] = text.clean(complaint_phone, F_COMPLAINT_PHONE, required=False, max_len=50)
    with db.write() as session:
        row = session.exec(select(Office)).first()
        if row is None:
            raise Conflict(N_("请先完成中心设置"))
        before = {key: getattr(row, key) for key in values}
        if values and before != values:
            for key, value in values.items():
                setattr(row, key, value)
            session.add(row)
            audit.append(session, actor, clock.now(), "office.update", "office", row.code, before=before, after=values)
        return OfficeView(row.code, row.name, row.phone, row.complaint_phone, row.address)


DEMO_PASSWORD = "demo1234"
DEMO_PHONE, DEMO_COMPLAINT_PHONE = "0797-6280000", "0797-6280012"
DEMO_DEPARTMENTS = [
    ("MZ", "民政办"), ("SB", "社保所"), ("YB", "医保站"), ("CL", "残联"),
    ("WJ", "卫健办"), ("NY", "农业农村办"), ("TY", "退役军人服务站"), ("HJ", "派出所户籍室"),
]
DEMO_VILLAGES = [
    ("V01", "东湖村"), ("V02", "西岭村"), ("V03", "南桥社区"), ("V04", "北山村"), ("V05", "青石村"),
]
DEMO_STAFF = [
    ("zhangwei", "张伟", "clerk", None), ("liuna", "刘娜", "clerk", None),
    ("wangfang", "王芳", "handler", None), ("chenjie", "陈杰", "handler", None),
    ("lixiang", "李响", "leader", None), ("zhaomin", "赵敏", "supervisor", None),
    ("sunli", "孙丽", "agent", "V01"), ("zhoujun", "周军", "agent", "V02"),
]


def _demo_reference_data(session: Session, actor: Actor, clock: Clock) -> None:
    for code, name in DEMO_DEPARTMENTS:
        if not session.exec(select(Department).where(Department.code == code)).first():
            session.add(Department(code=code, name=name, phone=""))
    for code, name in DEMO_VILLAGES:
        if not session.exec(select(Village).where(Village.code == code)).first():
            session.add(Village(code=code, name=name))
    session.flush()
    audit.append(session, actor, clock.now(), "demo.load", "office", "",
                 after={"departments": len(DEMO_DEPARTMENTS), "villages": len(DEMO_VILLAGES)})
    digest = hash_password(DEMO_PASSWORD)  # argon2 is slow by design: once, not per person
    for login, name, role, village in DEMO_STAFF:
        if not session.exec(select(Staff).where(Staff.login == login)).first():
            create_staff(session, actor, clock, login, name, role, village, password_hash=digest)
    session.flush()
    load_sample(session, actor, clock)  # this month's duty and the A/B posts: the status line shows them


def load_demo(db: Database, actor: Actor, clock: Clock) -> None:
    actor.require(ADMINS, N_("载入演示数据"))
    with db.write() as session:
        if session.exec(select(Office)).first() is None:
            raise Conflict(N_("请先完成中心设置"))
        _demo_reference_data(session, actor, clock)


def villages(db: Database) -> list[VillageView]:
    with db.read() as session:
        return [VillageView(v.code, v.name) for v in session.exec(select(Village).order_by(col(Village.code)))]


def get_setting(db: Database, key: str):
    with db.read() as session:
        row = session.get(Setting, key)
        return json.loads(row.value) if row else DEFAULT_SETTINGS.get(key)
