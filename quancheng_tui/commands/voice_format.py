"""What the rating, complaint and follow-up commands share besides common's output options: dates."""

from __future__ import annotations

from datetime import date


def day(value: str | None, option: str) -> date | None:
    from .deadline import parse_date

    return parse_date(value, option) if value is not None else None
