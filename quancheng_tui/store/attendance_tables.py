"""Attendance (考勤): sign-in and sign-out, after-hours service (延时服务), announced short absences
(去向告知) (issue 15; 002 第十二条, 004 去向告知制度).

Staff are referred to by login, as cases' owners are. A day of attendance is one row per person and
office day: the unique key makes a second sign-in a conflict in the database, not only in the service,
and "days present" a plain count of rows.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class AttendanceDay(SQLModel, table=True):
    """签到 opens the day's row, 签退 closes it. `day` is the office's date of the sign-in, stored so
    counting days never has to turn instants into dates in SQL (SQLite and PostgreSQL differ there)."""

    __tablename__ = "attendance_day"
    __table_args__ = (UniqueConstraint("login", "day", name="uq_attendance_day_login_day"),
                      Index("ix_attendance_day_day", "day"))
    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=64)
    day: date
    signed_in_at: datetime
    signed_out_at: datetime | None = None


class OvertimeService(SQLModel, table=True):
    """延时服务: service given after office hours (who, which day, how long, what was done)."""

    __tablename__ = "overtime_service"
    __table_args__ = (Index("ix_overtime_service_day", "day", "login"),)
    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=64)
    day: date
    minutes: int
    what: str = Field(sa_column=Column(Text, nullable=False))
    recorded_at: datetime
    recorded_by: str = Field(max_length=64)


class AwayNotice(SQLModel, table=True):
    """去向告知: a short absence from the post (where, back when). It shows on the public board until the
    return time passes or the person comes back (`ended_at`); nothing is deleted."""

    __tablename__ = "away_notice"
    __table_args__ = (Index("ix_away_notice_login", "login", "returns_at"),)
    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=64)
    place: str = Field(max_length=100)  # 去向: 下村入户、县政务中心…
    cover: str | None = Field(default=None, max_length=64)  # who looks after the post meanwhile (004 第四条(五))
    starts_at: datetime
    returns_at: datetime
    ended_at: datetime | None = None
    created_by: str = Field(max_length=64)
