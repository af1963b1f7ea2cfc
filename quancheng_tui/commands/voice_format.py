"""What the rating, complaint and follow-up commands share: the list format and dates."""

from __future__ import annotations

from datetime import date

from ..errors import N_, InputError

LIST_FORMATS = ("table", "csv", "json", "ndjson")


def list_format(json_: bool, fmt: str) -> str:
    fmt = "json" if json_ else fmt.strip().lower()
    if fmt not in LIST_FORMATS:
        raise InputError(N_("输出格式“{value}”无效，应为 table、csv、json 或 ndjson"), value=fmt)
    return fmt


def day(value: str | None, option: str) -> date | None:
    from .deadline import parse_date

    return parse_date(value, option) if value is not None else None
