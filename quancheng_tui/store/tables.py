"""SQLModel tables. Screens never see these rows: services turn them into
plain dataclasses first, so a widget cannot lazy-load or write by accident."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class Office(SQLModel, table=True):
    __tablename__ = "office"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=200)
    phone: str = Field(default="", max_length=50)
    complaint_phone: str = Field(default="", max_length=50)
    address: str = Field(default="", max_length=300)
    created_at: datetime


class Department(SQLModel, table=True):
    __tablename__ = "department"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=200)
    phone: str = Field(default="", max_length=50)


class Village(SQLModel, table=True):
    __tablename__ = "village"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=200)


class Staff(SQLModel, table=True):
    __tablename__ = "staff"
    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=64, unique=True)
    name: str = Field(max_length=100)
    role: str = Field(max_length=16, index=True)
    village_id: int | None = Field(default=None, foreign_key="village.id")
    department_id: int | None = Field(default=None, foreign_key="department.id")
    phone: str = Field(default="", max_length=50)
    active: bool = Field(default=True)
    password_hash: str | None = Field(default=None, max_length=200)
    failed_logins: int = Field(default=0)
    locked_until: datetime | None = None
    created_at: datetime


class Setting(SQLModel, table=True):
    __tablename__ = "setting"
    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(sa_column=Column(Text, nullable=False))


class AuditEntry(SQLModel, table=True):
    """Append-only and hash-chained: each entry's hash covers the previous one."""

    __tablename__ = "audit"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    actor: str = Field(max_length=64)
    acting_for: str | None = Field(default=None, max_length=64)
    action: str = Field(max_length=64)
    entity: str = Field(max_length=32)
    entity_key: str = Field(default="", max_length=64)
    before: str | None = Field(default=None, sa_column=Column(Text))
    after: str | None = Field(default=None, sa_column=Column(Text))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class CalendarYear(SQLModel, table=True):
    """A year's holiday schedule imported by an admin; it overrides the shipped table."""

    __tablename__ = "calendar_year"
    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    source: str = Field(default="", max_length=300)
    published: date | None = None
    imported_at: datetime
    imported_by: str = Field(max_length=64)


class CalendarDay(SQLModel, table=True):
    __tablename__ = "calendar_day"
    __table_args__ = (Index("ix_calendar_day_year", "year"),)
    day: date = Field(primary_key=True)
    year: int = Field(foreign_key="calendar_year.year")
    kind: str = Field(max_length=8)  # holiday | workday
    name: str = Field(default="", max_length=50)


class Matter(SQLModel, table=True):
    """One matter of the catalog (办事指南): what the counter tells the applicant once.

    `code_key`, `pinyin` and `pinyin_full` exist for search only: lowercase
    [a-z0-9] keys derived from `code` and `name` on import. Each search index
    carries (active, village) too, so a keystroke's candidate ids come from
    the index alone and the wide text columns are read only for the hits.
    """

    __tablename__ = "matter"
    __table_args__ = (
        Index("ix_matter_code_key", "code_key", "active", "village"),
        Index("ix_matter_pinyin", "pinyin", "active", "village"),
        Index("ix_matter_pinyin_full", "pinyin_full", "active", "village"),
        Index("ix_matter_name", "name", "active", "village"),
    )
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    code_key: str = Field(max_length=32)
    name: str = Field(max_length=200)
    pinyin: str = Field(default="", max_length=200)  # initials: 低保申请 -> "dbsq"
    pinyin_full: str = Field(default="", max_length=1200)  # "dibaoshenqing"
    department: str = Field(default="", max_length=100)
    category: str = Field(max_length=16)  # own | joint | transfer
    kind: str | None = Field(default=None, max_length=16)  # instant | promised | report_up
    statutory_days: int = Field(default=0)  # 0: none set by law
    promised_days: int = Field(default=0)
    # 法定延长期限 (行政许可法 第四十二条): how far extensions may go past statutory_days; 0: none
    statutory_extension_days: int = Field(default=0)
    day_kind: str = Field(default="working", max_length=8)  # working | natural
    window: str = Field(default="", max_length=50)
    phone: str = Field(default="", max_length=50)
    basis: str = Field(default="", sa_column=Column(Text, nullable=False))
    conditions: str = Field(default="", sa_column=Column(Text, nullable=False))
    procedure: str = Field(default="", sa_column=Column(Text, nullable=False))
    fees: str = Field(default="", sa_column=Column(Text, nullable=False))
    village: bool = Field(default=False)  # village agents may take it
    units: str = Field(default="[]", sa_column=Column(Text, nullable=False))  # JSON list of unit names
    unit_address: str = Field(default="", max_length=300)
    unit_phone: str = Field(default="", max_length=50)
    active: bool = Field(default=True)
    updated_at: datetime


class Material(SQLModel, table=True):
    """A material a matter requires, in the order the one-time notice lists them."""

    __tablename__ = "material"
    __table_args__ = (UniqueConstraint("matter_id", "code", name="uq_material_matter_code"),)
    id: int | None = Field(default=None, primary_key=True)
    matter_id: int = Field(foreign_key="matter.id")
    position: int
    code: str = Field(max_length=32)
    name: str = Field(max_length=200)
    form: str = Field(max_length=8)  # original | copy | either
    copies: int = Field(default=1)
    required: bool = Field(default=True)
    note: str = Field(default="", max_length=500)
    sample: str = Field(default="", max_length=300)  # where a filled-in sample (样表) is found


__all__ = [
    "AuditEntry",
    "CalendarDay",
    "CalendarYear",
    "Department",
    "Material",
    "Matter",
    "Office",
    "SQLModel",
    "Setting",
    "Staff",
    "UniqueConstraint",
    "Village",
]


# Every table shares one metadata: importing this module registers them all.
from . import (  # noqa: E402 (the tables import this module's base first)
    accountability_tables,  # noqa: F401
    attendance_tables,  # noqa: F401
    case_tables,  # noqa: F401
    identity_tables,  # noqa: F401
    roster_tables,  # noqa: F401
    voice_tables,  # noqa: F401
)
