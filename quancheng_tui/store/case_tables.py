"""Cases, their events and materials; one-time notices and their breaches.

A case's `due_on` is a cache derived from its events by the deadline engine
(suspensions, corrections and extensions are events, never edits of a date);
it exists so the board can page open cases by (status, due_on) from an index.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class CaseCounter(SQLModel, table=True):
    """The last number given per office, day and series: numbers are gap-free and never reused."""

    __tablename__ = "case_counter"
    office_code: str = Field(primary_key=True, max_length=32)
    day: date = Field(primary_key=True)
    series: str = Field(primary_key=True, max_length=8)  # "case" | "notice"
    last: int = Field(default=0)


class Case(SQLModel, table=True):
    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_status_due", "status", "due_on"),
        Index("ix_cases_owner_status", "owner", "status", "due_on"),
        Index("ix_cases_village_status", "village", "status", "due_on"),
        Index("ix_cases_received", "received_on"),
        # The board's other sorts, each in (column, number) order for one status at a time: without them
        # a page sorted by received date, number, matter or owner sorts every open case (measured by
        # bench/bench_board.py: 0.5–1.2 s at 1,000,000 cases, a few ms with them).
        Index("ix_cases_status_received", "status", "received_on", "number"),
        Index("ix_cases_status_number", "status", "number"),
        # applicant_name too: the board's search is answered from this index (migration 0009)
        Index("ix_cases_status_matter", "status", "matter_code", "number", "applicant_name"),
        Index("ix_cases_status_owner", "status", "owner", "number"),
        # The board's kind filter (k): its count and its pages by due date, one status at a time (migration 0015)
        Index("ix_cases_status_kind", "status", "kind", "due_on", "number"),
    )
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=40, unique=True)
    matter_id: int | None = Field(default=None, foreign_key="matter.id")
    matter_code: str = Field(max_length=32)
    matter_name: str = Field(max_length=200)
    category: str = Field(max_length=16)  # own | joint | transfer | consult
    kind: str | None = Field(default=None, max_length=16)  # notice | instant | promised | report_up | rejected
    status: str = Field(max_length=20)
    mode: str = Field(default="counter", max_length=16)
    applicant_type: str = Field(default="person", max_length=8)  # person | org
    applicant_name: str = Field(max_length=200)
    id_number: str = Field(default="", max_length=18)
    phone: str = Field(default="", max_length=30)
    address: str = Field(default="", max_length=300)
    village: str | None = Field(default=None, max_length=32)
    org_name: str = Field(default="", max_length=200)
    credit_code: str = Field(default="", max_length=18)
    contact: str = Field(default="", max_length=100)
    received_on: date
    registered_at: datetime
    registered_by: str = Field(max_length=64)
    owner: str = Field(max_length=64)
    limit_days: int = Field(default=0)
    statutory_days: int = Field(default=0)
    day_kind: str = Field(default="working", max_length=8)
    due_on: date | None = None
    closed_at: datetime | None = None
    reason: str = Field(default="", sa_column=Column(Text, nullable=False))
    basis: str = Field(default="", sa_column=Column(Text, nullable=False))
    notice_id: int | None = Field(default=None, foreign_key="notice.id")


class CaseEvent(SQLModel, table=True):
    __tablename__ = "case_event"
    __table_args__ = (Index("ix_case_event_case", "case_id", "id"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id")
    at: datetime
    actor: str = Field(max_length=64)
    acting_for: str | None = Field(default=None, max_length=64)
    type: str = Field(max_length=24)
    data: str = Field(default="{}", sa_column=Column(Text, nullable=False))


class CaseMaterial(SQLModel, table=True):
    __tablename__ = "case_material"
    __table_args__ = (Index("ix_case_material_case", "case_id"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id")
    position: int
    code: str = Field(max_length=32)
    name: str = Field(max_length=200)
    form: str = Field(max_length=8)
    copies: int = Field(default=1)
    required: bool = Field(default=True)
    received: bool = Field(default=False)


class Notice(SQLModel, table=True):
    """A one-time notice (一次性告知书) as issued: its list is the office's promise."""

    __tablename__ = "notice"
    __table_args__ = (
        Index("ix_notice_id_number", "id_number", "matter_code"),
        Index("ix_notice_phone", "phone", "matter_code"),
    )
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=40, unique=True)
    matter_id: int | None = Field(default=None, foreign_key="matter.id")
    matter_code: str = Field(max_length=32)
    matter_name: str = Field(max_length=200)
    applicant_name: str = Field(max_length=200)
    id_number: str = Field(default="", max_length=18)
    phone: str = Field(default="", max_length=30)
    received_on: date  # when the materials were first handed in (5-working-day rule)
    issued_at: datetime
    issued_by: str = Field(max_length=64)
    late: bool = Field(default=False)  # issued more than 5 working days after receipt


class NoticeItem(SQLModel, table=True):
    __tablename__ = "notice_item"
    __table_args__ = (Index("ix_notice_item_notice", "notice_id"),)
    id: int | None = Field(default=None, primary_key=True)
    notice_id: int = Field(foreign_key="notice.id")
    position: int
    code: str = Field(max_length=32)
    name: str = Field(max_length=200)
    form: str = Field(max_length=8)
    copies: int = Field(default=1)
    note: str = Field(default="", max_length=500)


class NoticeBreach(SQLModel, table=True):
    """A material demanded that the first notice did not list: approved by a leader, counted in reports."""

    __tablename__ = "notice_breach"
    __table_args__ = (UniqueConstraint("notice_id", "material_code", name="uq_breach_notice_material"),)
    id: int | None = Field(default=None, primary_key=True)
    notice_id: int = Field(foreign_key="notice.id")
    material_code: str = Field(max_length=32)
    material_name: str = Field(max_length=200)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    requested_by: str = Field(max_length=64)
    approved_by: str = Field(max_length=64)
    at: datetime


class StaffKey(SQLModel, table=True):
    """An SSH public key that logs its owner in through the forced command."""

    __tablename__ = "staff_key"
    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    key_type: str = Field(max_length=40)
    key: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    comment: str = Field(default="", max_length=100)
    fingerprint: str = Field(max_length=60)
    added_at: datetime
    added_by: str = Field(max_length=64)


class Appointment(SQLModel, table=True):
    """预约服务 (002 (七)): a booked visit, told its materials in advance by a one-time notice."""

    __tablename__ = "appointment"
    __table_args__ = (Index("ix_appointment_day", "day", "time"),)
    id: int | None = Field(default=None, primary_key=True)
    day: date
    time: str = Field(max_length=5)  # HH:MM
    matter_code: str = Field(max_length=32)
    matter_name: str = Field(max_length=200)
    name: str = Field(max_length=100)
    phone: str = Field(max_length=30)
    village: str | None = Field(default=None, max_length=32)
    note: str = Field(default="", max_length=500)
    notice_id: int | None = Field(default=None, foreign_key="notice.id")
    status: str = Field(default="booked", max_length=12)  # booked | arrived | cancelled
    created_by: str = Field(max_length=64)
    created_at: datetime


class SavedView(SQLModel, table=True):
    """A board view (filters, sort, search) a staff member saved under a name: in the database, so it
    follows them to any counter PC and over SSH."""

    __tablename__ = "saved_view"
    __table_args__ = (UniqueConstraint("login", "name", name="uq_saved_view_login_name"),)
    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=64)
    name: str = Field(max_length=40)
    filters: str = Field(default="{}", sa_column=Column(Text, nullable=False))  # JSON of BoardFilters
    created_at: datetime
