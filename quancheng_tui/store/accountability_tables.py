"""The accountability register (责任追究台账, issue 15; 003 第34条, 004 责任追究制度).

An entry is a fact the system already knew (a case past its due date, an approved breach of the
one-time notice, a complaint found substantiated) copied in once: (source, source_id) is unique, so a
second sync finds it there. A leader's decisions are appended, never replaced: the latest one stands
and the earlier ones stay as the record of how it was decided.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class AccountabilityEntry(SQLModel, table=True):
    __tablename__ = "accountability_entry"
    __table_args__ = (UniqueConstraint("source", "source_id", name="uq_accountability_source"),
                      Index("ix_accountability_entry_on", "occurred_on"))
    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=16)  # overdue | notice_breach | complaint
    source_id: int  # the case, breach or complaint it came from
    login: str = Field(max_length=64)  # whom it is about
    case_id: int | None = Field(default=None, foreign_key="cases.id")
    occurred_on: date
    summary: str = Field(sa_column=Column(Text, nullable=False))
    entered_at: datetime


class AccountabilityDecision(SQLModel, table=True):
    __tablename__ = "accountability_decision"
    __table_args__ = (Index("ix_accountability_decision_entry", "entry_id"),)
    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="accountability_entry.id")
    measure: str = Field(max_length=16)  # remind | caution | criticize | admonish | other
    reason: str = Field(sa_column=Column(Text, nullable=False))
    leader: str = Field(max_length=64)
    at: datetime
