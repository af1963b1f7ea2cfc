"""Gap-free numbers per office and day: {office}-{YYYYMMDD}-{NNNN}.

The counter row is incremented inside the caller's write transaction, so a
number is used exactly when the case or notice it names is committed; a
rolled-back registration gives its number back. SQLite serialises writers with
BEGIN IMMEDIATE; on PostgreSQL the UPDATE's row lock does (INSERT … ON CONFLICT
for the first number of the day).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlmodel import Session

from ..store.case_tables import CaseCounter

PREFIX = {"case": "", "notice": "GZ"}


def next_number(session: Session, office_code: str, day: date, series: str = "case") -> str:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        n = session.execute(
            text(
                "INSERT INTO case_counter (office_code, day, series, last) VALUES (:o, :d, :s, 1) "
                "ON CONFLICT (office_code, day, series) DO UPDATE SET last = case_counter.last + 1 "
                "RETURNING last"
            ),
            {"o": office_code, "d": day, "s": series},
        ).scalar_one()
    else:
        row = session.get(CaseCounter, (office_code, day, series))
        if row is None:
            row = CaseCounter(office_code=office_code, day=day, series=series, last=0)
        row.last += 1
        session.add(row)
        session.flush()
        n = row.last
    prefix = PREFIX[series]
    return f"{office_code}-{prefix}{day:%Y%m%d}-{n:04d}"
