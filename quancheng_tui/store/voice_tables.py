"""The public's voice (issue 14): ratings, their review and rectification, complaints, follow-up visits.

Staff are referred to by login, as cases' owners are. A rating names its case by id and is unique per
case: 一次一评 is a constraint of the table, not only of the service.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel


class Rating(SQLModel, table=True):
    """One rating of a case (好差评): the overall level and the four indicators, each a level."""

    __tablename__ = "rating"
    __table_args__ = (Index("ix_rating_at", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", unique=True)
    level: str = Field(max_length=8)
    overall: str = Field(max_length=8)  # 整体满意度
    efficiency: str = Field(max_length=8)  # 服务效率
    skill: str = Field(max_length=8)  # 服务水平
    attitude: str = Field(max_length=8)  # 服务态度
    channel: str = Field(max_length=16)
    comment: str = Field(default="", sa_column=Column(Text, nullable=False))
    real_name: bool = Field(default=False)
    rater_name: str | None = Field(default=None, max_length=100)  # the applicant's name, when real-name
    recorded_by: str | None = Field(default=None, max_length=64)  # None: the visitor at the hall terminal
    at: datetime


class RatingReview(SQLModel, table=True):
    """申诉复核: a leader's ruling that a bad rating was mistaken or malicious. The rating stays on record;
    the figures leave it out."""

    __tablename__ = "rating_review"
    id: int | None = Field(default=None, primary_key=True)
    rating_id: int = Field(foreign_key="rating.id", unique=True)
    leader: str = Field(max_length=64)
    ruling: str = Field(max_length=16)  # mistaken | malicious
    reason: str = Field(sa_column=Column(Text, nullable=False))
    at: datetime


class Rectification(SQLModel, table=True):
    """整改 of a bad rating: its owner puts it right by the due date; closed only after the follow-up."""

    __tablename__ = "rectification"
    __table_args__ = (Index("ix_rectification_status_due", "status", "due_on"),)
    id: int | None = Field(default=None, primary_key=True)
    rating_id: int = Field(foreign_key="rating.id", unique=True)
    owner: str = Field(max_length=64)
    due_on: date
    status: str = Field(default="open", max_length=8)  # open | closed
    result: str = Field(default="", sa_column=Column(Text, nullable=False))
    opened_at: datetime
    closed_at: datetime | None = None
    closed_by: str | None = Field(default=None, max_length=64)


class Complaint(SQLModel, table=True):
    """A complaint recorded in writing (003 第32条, 篇6): who, about which case or staff member, what."""

    __tablename__ = "complaint"
    __table_args__ = (Index("ix_complaint_due", "answered_at", "due_on"), Index("ix_complaint_received", "received_at"))
    id: int | None = Field(default=None, primary_key=True)
    complainant: str = Field(max_length=100)
    phone: str = Field(default="", max_length=30)
    case_id: int | None = Field(default=None, foreign_key="cases.id")
    about_staff: str | None = Field(default=None, max_length=64)
    what: str = Field(sa_column=Column(Text, nullable=False))
    channel: str = Field(max_length=16)
    simple: bool = Field(default=False)
    received_at: datetime
    received_by: str = Field(max_length=64)
    due_on: date
    reply: str = Field(default="", sa_column=Column(Text, nullable=False))
    finding: str | None = Field(default=None, max_length=16)  # substantiated | unsubstantiated
    answered_at: datetime | None = None
    answered_by: str | None = Field(default=None, max_length=64)


class FollowUp(SQLModel, table=True):
    """回访 (003 第35条): of a bad rating, a complaint, or a sampled completed case."""

    __tablename__ = "follow_up"
    __table_args__ = (Index("ix_follow_up_scheduled", "done_at", "scheduled_on"),
                      Index("ix_follow_up_case", "case_id"))
    id: int | None = Field(default=None, primary_key=True)
    reason: str = Field(max_length=16)  # rating | complaint | sample
    rating_id: int | None = Field(default=None, foreign_key="rating.id", unique=True)
    complaint_id: int | None = Field(default=None, foreign_key="complaint.id", unique=True)
    case_id: int | None = Field(default=None, foreign_key="cases.id")
    scheduled_on: date
    created_at: datetime
    done_at: datetime | None = None
    done_by: str | None = Field(default=None, max_length=64)
    attitude: str | None = Field(default=None, max_length=8)
    quality: str | None = Field(default=None, max_length=8)
    efficiency: str | None = Field(default=None, max_length=8)
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
