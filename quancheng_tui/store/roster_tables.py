"""Duty rosters (值班排班), A/B posts and absences (请假、出差).

Staff are referred to by login, as cases' owners are: a roster filed for a past month must still
read the same after an account is renamed away or deactivated.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class RosterDuty(SQLModel, table=True):
    """One period of a month's duty: 1–2 协办员 and a 值班领导 (000 二)."""

    __tablename__ = "roster_duty"
    __table_args__ = (Index("ix_roster_duty_month", "month", "starts_on"),)
    id: int | None = Field(default=None, primary_key=True)
    month: str = Field(max_length=7)  # YYYY-MM: a month is imported, shown and replaced whole
    starts_on: date
    ends_on: date
    clerk1: str = Field(max_length=64)
    clerk2: str | None = Field(default=None, max_length=64)
    leader: str = Field(max_length=64)
    imported_at: datetime
    imported_by: str = Field(max_length=64)


class RosterPost(SQLModel, table=True):
    """An A/B post (004 AB岗工作制度); its B's are RosterPostB rows in order."""

    __tablename__ = "roster_post"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=100)
    a_login: str = Field(max_length=64, index=True)
    updated_at: datetime


class RosterPostB(SQLModel, table=True):
    __tablename__ = "roster_post_b"
    __table_args__ = (
        UniqueConstraint("post_id", "position", name="uq_roster_post_b_position"),
        UniqueConstraint("post_id", "login", name="uq_roster_post_b_login"),
    )
    id: int | None = Field(default=None, primary_key=True)
    post_id: int = Field(foreign_key="roster_post.id")
    position: int  # 1 steps in first
    login: str = Field(max_length=64)


class StaffAbsence(SQLModel, table=True):
    """Leave or a trip, asked beforehand and ended by 销假 on return (002 第十二条(二))."""

    __tablename__ = "staff_absence"
    __table_args__ = (Index("ix_staff_absence_days", "starts_on", "ends_on"),
                      Index("ix_staff_absence_login", "login", "starts_on"))
    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=64)
    kind: str = Field(max_length=8)  # leave | trip
    starts_on: date
    ends_on: date
    handover: str | None = Field(default=None, max_length=64)
    note: str = Field(default="", max_length=200)
    created_at: datetime
    created_by: str = Field(max_length=64)
    returned_on: date | None = None
    returned_by: str | None = Field(default=None, max_length=64)
