"""SQLModel tables. Screens never see these rows: services turn them into
plain dataclasses first, so a widget cannot lazy-load or write by accident."""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class Office(SQLModel, table=True):
    __tablename__ = "office"
    id: Optional[int] = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=200)
    phone: str = Field(default="", max_length=50)
    complaint_phone: str = Field(default="", max_length=50)
    address: str = Field(default="", max_length=300)
    created_at: datetime


class Department(SQLModel, table=True):
    __tablename__ = "department"
    id: Optional[int] = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=200)
    phone: str = Field(default="", max_length=50)


class Village(SQLModel, table=True):
    __tablename__ = "village"
    id: Optional[int] = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=200)


class Staff(SQLModel, table=True):
    __tablename__ = "staff"
    id: Optional[int] = Field(default=None, primary_key=True)
    login: str = Field(max_length=64, unique=True)
    name: str = Field(max_length=100)
    role: str = Field(max_length=16, index=True)
    village_id: Optional[int] = Field(default=None, foreign_key="village.id")
    department_id: Optional[int] = Field(default=None, foreign_key="department.id")
    phone: str = Field(default="", max_length=50)
    active: bool = Field(default=True)
    password_hash: Optional[str] = Field(default=None, max_length=200)
    failed_logins: int = Field(default=0)
    locked_until: Optional[datetime] = None
    created_at: datetime


class Setting(SQLModel, table=True):
    __tablename__ = "setting"
    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(sa_column=Column(Text, nullable=False))


class AuditEntry(SQLModel, table=True):
    """Append-only and hash-chained: each entry's hash covers the previous one."""

    __tablename__ = "audit"
    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime
    actor: str = Field(max_length=64)
    acting_for: Optional[str] = Field(default=None, max_length=64)
    action: str = Field(max_length=64)
    entity: str = Field(max_length=32)
    entity_key: str = Field(default="", max_length=64)
    before: Optional[str] = Field(default=None, sa_column=Column(Text))
    after: Optional[str] = Field(default=None, sa_column=Column(Text))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class CalendarYear(SQLModel, table=True):
    """A year's holiday schedule imported by an admin; it overrides the shipped table."""

    __tablename__ = "calendar_year"
    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    source: str = Field(default="", max_length=300)
    published: Optional[date] = None
    imported_at: datetime
    imported_by: str = Field(max_length=64)


class CalendarDay(SQLModel, table=True):
    __tablename__ = "calendar_day"
    __table_args__ = (Index("ix_calendar_day_year", "year"),)
    day: date = Field(primary_key=True)
    year: int = Field(foreign_key="calendar_year.year")
    kind: str = Field(max_length=8)  # holiday | workday
    name: str = Field(default="", max_length=50)


__all__ = [
    "Office", "Department", "Village", "Staff", "Setting", "AuditEntry",
    "CalendarYear", "CalendarDay", "SQLModel", "UniqueConstraint",
]
