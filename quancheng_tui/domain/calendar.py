"""The working-day calendar (工作日历) built from the State Council's yearly schedules.

A working day is a Monday–Friday that is not a listed holiday, or a weekend
day listed as an adjusted working day (调休上班日). Years with an official table
(shipped or imported) are exact. A year without one, after the first official year
and up to a horizon, gets a **provisional** table (domain.md §5): the statutory
holidays of 全国年节及纪念日放假办法 (as amended 2024), weekends off, no make-up
days. Anything computed from such a year is marked provisional by the callers
(`Calendar.provisional`), never passed off as exact; a query outside every table
still raises `InputError` naming the year and `calendar import`.

This module is pure and cheap to import (no Textual, no SQLAlchemy, TOML and
CSV parsers imported lazily) because `quancheng deadline` must start fast.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

from quancheng_tui.errors import N_, InputError

__all__ = [
    "Calendar",
    "Festival",
    "YearTable",
    "build_calendar",
    "missing_year",
    "parse_year_csv",
    "parse_year_toml",
    "provisional_year",
    "shipped_calendar",
    "shipped_years",
]

Origin = Literal["shipped", "imported", "provisional"]

# How many years after the last official table get a provisional one by default.
PROVISIONAL_HORIZON = 2

# Sane bounds: a typo such as 20026 must not silently build a 18,000-year array.
MIN_YEAR, MAX_YEAR = 1900, 2999

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def missing_year(year: int) -> InputError:
    """The refusal for any query that needs a year we have no schedule for."""
    return InputError(
        N_("缺少 {year} 年的节假日安排，无法计算；请用 quancheng calendar import FILE 导入该年的安排"),
        year=year,
    )


@dataclass(frozen=True)
class Festival:
    """One block of the notice, e.g. 春节: its days off and its make-up working days."""

    name: str
    holidays: tuple[date, ...]
    workdays: tuple[date, ...] = ()


@dataclass(frozen=True)
class YearTable:
    """One year's schedule. `holidays` never intersects `workdays`; every workday is a weekend day."""

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]
    source: str
    origin: Origin = "imported"
    published: date | None = None
    # Kept for display and export (calendar show); the sets above are what counting uses.
    festivals: tuple[Festival, ...] = field(default=(), compare=False)

    def name_of(self, d: date) -> str:
        """The festival a listed date belongs to, or "" for an ordinary day."""
        for f in self.festivals:
            if d in f.holidays or d in f.workdays:
                return f.name
        return ""

    def to_toml(self) -> str:
        """The canonical TOML form (what `parse_year_toml` reads back to an equal table)."""

        def q(s: str) -> str:
            return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

        def dates(ds: Iterable[date]) -> str:
            return "[" + ", ".join(d.isoformat() for d in ds) + "]"

        lines = [f"year = {self.year}", f"source = {q(self.source)}"]
        if self.published is not None:
            lines.append(f"published = {self.published.isoformat()}")
        festivals = self.festivals
        if not festivals:
            # A table built by hand: keep it round-trippable under one anonymous festival.
            festivals = (Festival("", tuple(sorted(self.holidays)), tuple(sorted(self.workdays))),)
        for f in festivals:
            lines += [
                "",
                "[[festival]]",
                f"name = {q(f.name or '节假日')}",
                f"holidays = {dates(f.holidays)}",
                f"workdays = {dates(f.workdays)}",
            ]
        return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Parsing


class _YearBuilder:
    """Collects dates for one declared year and applies the checks common to TOML and CSV."""

    def __init__(self, name: str, year: int) -> None:
        self.name = name
        self.year = year
        self.holidays: dict[date, str] = {}
        self.workdays: dict[date, str] = {}
        self.festivals: dict[str, tuple[list[date], list[date]]] = {}

    def add(self, d: date, kind: str, festival: str, where: str) -> None:
        if d.year != self.year:
            raise InputError(N_("{where}：日期 {value} 不在 {year} 年内"), where=where, value=d.isoformat(), year=self.year)
        if kind == "holiday":
            if d in self.holidays:
                raise InputError(N_("{where}：放假日 {value} 重复"), where=where, value=d.isoformat())
            if d in self.workdays:
                raise InputError(N_("{where}：{value} 同时列为放假日和调休上班日"), where=where, value=d.isoformat())
            self.holidays[d] = where
        else:
            if d in self.workdays:
                raise InputError(N_("{where}：调休上班日 {value} 重复"), where=where, value=d.isoformat())
            if d in self.holidays:
                raise InputError(N_("{where}：{value} 同时列为放假日和调休上班日"), where=where, value=d.isoformat())
            # A make-up day on a weekday would mean nothing: it is almost surely a typo.
            if d.weekday() < 5:
                raise InputError(N_("{where}：调休上班日 {value} 不是周六或周日"), where=where, value=d.isoformat())
            self.workdays[d] = where
        hol, work = self.festivals.setdefault(festival, ([], []))
        (hol if kind == "holiday" else work).append(d)

    def build(self, source: str, published: date | None, origin: Origin) -> YearTable:
        if not self.holidays:
            raise InputError(N_("{where}：没有任何放假日"), where=self.name)
        return YearTable(
            year=self.year,
            holidays=frozenset(self.holidays),
            workdays=frozenset(self.workdays),
            source=source,
            origin=origin,
            published=published,
            festivals=tuple(Festival(n, tuple(h), tuple(w)) for n, (h, w) in self.festivals.items()),
        )


def _check_year(value: object, where: str) -> int:
    # bool is an int in Python; `year = true` must not become year 1.
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_YEAR <= value <= MAX_YEAR:
        raise InputError(N_("{where}：年份“{value}”无效，应为 1900 到 2999 之间的整数"), where=where, value=value)
    return value


def _to_date(value: object, where: str) -> date:
    """A TOML date, or a `YYYY-MM-DD` string (CSV cells, quoted TOML values)."""
    if isinstance(value, date) and type(value) is date:
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InputError(N_("{where}：日期“{value}”无效"), where=where, value=value)


_TOML_KEYS = {"year", "source", "published", "festival"}
_FESTIVAL_KEYS = {"name", "holidays", "workdays"}


def parse_year_toml(text: str, name: str, origin: Origin = "imported") -> YearTable:
    """Parse one year's schedule in TOML (the format of the shipped files).

    ```toml
    year = 2026
    source = "国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）"
    published = 2025-11-04          # optional
    [[festival]]
    name = "元旦"
    holidays = [2026-01-01, 2026-01-02, 2026-01-03]
    workdays = [2026-01-04]         # optional: adjusted working weekend days
    ```

    Dates may be TOML dates or "YYYY-MM-DD" strings. Errors name `name` and the
    line (syntax) or the field path, e.g. `2026.toml:festival[2].workdays[1]`.
    """
    if not text.strip():
        raise InputError(N_("{where}：文件为空"), where=name)
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        doc = tomllib.loads(text.lstrip("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        raise _toml_syntax_error(text, name, str(exc)) from None
    except RecursionError:  # brackets nested thousands deep: no schedule, and no reason to crash
        raise InputError(N_("{file}：嵌套层数过多，不是有效的 TOML 文件"), file=name) from None

    for key in doc:
        if key not in _TOML_KEYS:
            raise InputError(N_("{where}：未知字段“{field}”"), where=name, field=key)
    if "year" not in doc:
        raise InputError(N_("{where}：缺少字段“{field}”"), where=name, field="year")
    year = _check_year(doc["year"], f"{name}:year")
    source = doc.get("source")
    if not isinstance(source, str) or not source.strip():
        raise InputError(N_("{where}：字段“{field}”应为非空文本"), where=f"{name}:source", field="source")
    published = doc.get("published")
    if published is not None and (not isinstance(published, date) or type(published) is not date):
        raise InputError(N_("{where}：字段“{field}”应为日期（YYYY-MM-DD）"), where=f"{name}:published", field="published")
    festivals = doc.get("festival")
    if not isinstance(festivals, list) or not festivals or not all(isinstance(f, dict) for f in festivals):
        raise InputError(N_("{where}：字段“{field}”应为 [[festival]] 表数组"), where=name, field="festival")

    builder = _YearBuilder(name, year)
    for i, fest in enumerate(festivals, 1):
        at = f"{name}:festival[{i}]"
        for key in fest:
            if key not in _FESTIVAL_KEYS:
                raise InputError(N_("{where}：未知字段“{field}”"), where=at, field=key)
        fname = fest.get("name")
        if not isinstance(fname, str) or not fname.strip():
            raise InputError(N_("{where}：字段“{field}”应为非空文本"), where=f"{at}.name", field="name")
        fname = fname.strip()
        if "holidays" not in fest:
            raise InputError(N_("{where}：缺少字段“{field}”"), where=at, field="holidays")
        for kind, key in (("holiday", "holidays"), ("workday", "workdays")):
            values = fest.get(key, [])
            if not isinstance(values, list):
                raise InputError(N_("{where}：字段“{field}”应为日期列表"), where=f"{at}.{key}", field=key)
            for j, value in enumerate(values, 1):
                where = f"{at}.{key}[{j}]"
                builder.add(_to_date(value, where), kind, fname, where)
    return builder.build(source.strip(), published, origin)


def _toml_syntax_error(text: str, name: str, detail: str) -> InputError:
    m = re.search(r"line (\d+)(?:, column (\d+))?", detail)
    where = f"{name}:{m.group(1)}" if m else name
    if m and detail.startswith("Invalid date"):
        # tomllib rejects 2026-02-30 itself: show the offending literal, not its English message.
        line = text.lstrip("\ufeff").splitlines()[int(m.group(1)) - 1]
        col = int(m.group(2) or 1) - 1
        token = re.match(r"[0-9][0-9:T .+\-Z]*", line[col:])
        value = token.group(0).strip() if token else line.strip()
        return InputError(N_("{where}：日期“{value}”无效"), where=where, value=value)
    detail = re.sub(r"\s*\(at (end of document|line \d+, column \d+)\)", "", detail)
    return InputError(N_("{where}：TOML 格式错误：{detail}"), where=where, detail=detail)


_KINDS = {"holiday": "holiday", "放假": "holiday", "休": "holiday", "workday": "workday", "上班": "workday", "班": "workday"}
_META = re.compile(r"^#\s*(year|source|published)\s*[:：]\s*(.*)$", re.IGNORECASE)


def parse_year_csv(text: str, name: str, origin: Origin = "imported") -> YearTable:
    """Parse one year's schedule from CSV (UTF-8, a BOM is fine).

    ```
    # year: 2027
    # source: 国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕N号）
    # published: 2026-11-01
    date,kind,name
    2027-01-01,holiday,元旦
    2027-01-04,workday,元旦
    ```

    Lines starting with `#` are comments; `# year:` is required, `# source:` and
    `# published:` are optional (source defaults to the file name). The header
    row `date,kind,name` comes first among the non-comment lines; `kind` is
    `holiday` (or 放假/休) or `workday` (or 上班/班); `name` may be empty or
    left out. Blank lines are skipped. Errors name `name:LINE`.
    """
    import csv

    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputError(N_("{where}：文件为空"), where=name)
    year: int | None = None
    source = ""
    published: date | None = None
    header_seen = False
    rows: list[tuple[int, list[str]]] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        where = f"{name}:{lineno}"
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            m = _META.match(stripped)
            if m:
                key, value = m.group(1).lower(), m.group(2).strip()
                if key == "year":
                    if year is not None:
                        raise InputError(N_("{where}：年份行重复"), where=where)
                    year = _check_year(int(value) if value.isdigit() else value, where)
                elif key == "source":
                    source = value
                else:
                    published = _to_date(value, where)
            continue
        cells = [c.strip() for c in next(csv.reader([line]))]
        if not header_seen:
            if [c.lower() for c in cells[:3]] not in (["date", "kind", "name"], ["date", "kind"]) or len(cells) > 3:
                raise InputError(N_("{where}：表头应为“date,kind,name”"), where=where)
            header_seen = True
            continue
        if len(cells) not in (2, 3):
            raise InputError(N_("{where}：应有 2 或 3 列（date,kind,name），实有 {count} 列"), where=where, count=len(cells))
        rows.append((lineno, cells))
    if year is None:
        raise InputError(N_("{where}：缺少年份行“# year: YYYY”"), where=name)
    if not header_seen:
        raise InputError(N_("{where}：表头应为“date,kind,name”"), where=name)

    builder = _YearBuilder(name, year)
    for lineno, cells in rows:
        where = f"{name}:{lineno}"
        d = _to_date(cells[0], where)
        kind = _KINDS.get(cells[1].lower())
        if kind is None:
            raise InputError(N_("{where}：类型“{value}”无效，应为 holiday（放假）或 workday（上班）"), where=where, value=cells[1])
        builder.add(d, kind, cells[2] if len(cells) == 3 else "", where)
    return builder.build(source or name, published, origin)


# ---------------------------------------------------------------------------
# Shipped data


@lru_cache(maxsize=1)
def shipped_years() -> dict[int, YearTable]:
    """The schedules shipped in `quancheng_tui/data/holidays/*.toml`, by year (cached; do not mutate)."""
    from importlib.resources import files

    folder = files("quancheng_tui").joinpath("data", "holidays")
    tables: dict[int, YearTable] = {}
    for entry in folder.iterdir():
        if not entry.name.endswith(".toml"):
            continue
        table = parse_year_toml(entry.read_text(encoding="utf-8"), entry.name, origin="shipped")
        # The file name is the index people look at; a mismatch would hide a year.
        if entry.name != f"{table.year}.toml":
            raise InputError(N_("{where}：年份“{value}”与文件名不符"), where=entry.name, value=table.year)
        tables[table.year] = table
    return tables


# 全国年节及纪念日放假办法 (国务院令第270号, as amended by 国务院令第795号 of 2024): the days off
# every year has whatever the yearly schedule later moves around. Lunar dates and 清明 (a solar term)
# come from lunar_python; nothing here is a hand-written table of dates.
_STATUTORY_SOURCE = "预计：全国年节及纪念日放假办法（2024 年修订）的法定假日，周末休息，不含调休（国务院尚未公布该年安排）"


@lru_cache(maxsize=32)
def provisional_year(year: int) -> YearTable:
    """The provisional table of a year without the State Council's schedule (origin "provisional")."""
    from lunar_python import Lunar

    def lunar(month: int, day: int) -> date:
        s = Lunar.fromYmd(year, month, day).getSolar()
        return date(s.getYear(), s.getMonth(), s.getDay())

    spring = lunar(1, 1)
    qingming = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    festivals = [
        ("元旦", [date(year, 1, 1)]),
        ("春节", [spring + timedelta(days=k) for k in range(-1, 3)]),  # 除夕 to 初三
        ("清明节", [date(qingming.getYear(), qingming.getMonth(), qingming.getDay())]),
        ("劳动节", [date(year, 5, 1), date(year, 5, 2)]),
        ("端午节", [lunar(5, 5)]),
        ("中秋节", [lunar(8, 15)]),
        ("国庆节", [date(year, 10, 1), date(year, 10, 2), date(year, 10, 3)]),
    ]
    seen: set[date] = set()
    kept: list[Festival] = []
    for name, days in festivals:  # 中秋 may fall on a 国庆 day: a day is listed once
        days = [d for d in days if d.year == year and d not in seen]
        seen.update(days)
        if days:
            kept.append(Festival(name, tuple(days)))
    return YearTable(year, frozenset(seen), frozenset(), _STATUTORY_SOURCE, "provisional", None, tuple(kept))


def build_calendar(imported: Mapping[int, YearTable] | Iterable[YearTable] = (),
                   through: int | None = None, provisional: bool = True) -> Calendar:
    """Shipped years overlaid with imported ones (an imported year replaces the shipped one).

    Years without an official table between the first official year and `through` (default: the
    last official year + PROVISIONAL_HORIZON) get provisional tables, so a due date in next year is
    computed (and marked provisional) instead of refused. `provisional=False`: the official years alone.
    """
    tables = dict(shipped_years())
    items = imported.values() if isinstance(imported, Mapping) else imported
    for t in items:
        tables[t.year] = t
    if tables and provisional:
        last = max(tables) + PROVISIONAL_HORIZON
        if through is not None:
            last = max(last, min(through, MAX_YEAR))
        for year in range(min(tables), last + 1):
            if year not in tables:
                tables[year] = provisional_year(year)
    return Calendar(tables)


@lru_cache(maxsize=1)
def shipped_calendar() -> Calendar:
    return build_calendar()


# ---------------------------------------------------------------------------
# The calendar


class Calendar:
    """O(1) working-day arithmetic over the covered years.

    Internally every day from 1 January of the first covered year to
    31 December of the last gets an index `i`; `_cum[i]` is the number of
    working days from the first day up to and including day `i`, and
    `_nth[k]` is the index of the k-th working day. Counting and stepping are
    then a subtraction or one lookup. Consecutive covered years form a "run";
    a query whose days lie in different runs crosses a year without data and
    raises for that year. `deadlines.py` reads these internals directly (same
    package) so that a due date costs a few list lookups.
    """

    __slots__ = ("_base", "_cum", "_nth", "_provisional", "_run", "_runs", "_span", "_tables", "_work", "_years")

    def __init__(self, tables: Mapping[int, YearTable]) -> None:
        for y, t in tables.items():
            if y != t.year:
                raise ValueError(f"table for {t.year} given under key {y}")
        self._tables: dict[int, YearTable] = dict(tables)
        self._years: tuple[int, ...] = tuple(sorted(self._tables))
        self._provisional = frozenset(y for y, t in self._tables.items() if t.origin == "provisional")
        self._cum: list[int] = []
        self._work: list[int] = []
        self._run: list[int] = []  # run id per day; 0 = a year without data
        self._nth: list[int] = [-1]  # 1-based
        # run id -> (first year, last year, working days before the run, working days through it)
        self._runs: dict[int, tuple[int, int, int, int]] = {}
        if not self._years:
            self._base, self._span = 0, 0
            return
        first, last = self._years[0], self._years[-1]
        self._base = date(first, 1, 1).toordinal()
        self._span = date(last, 12, 31).toordinal() - self._base + 1

        cum = 0
        run_id = 0
        prev_year: int | None = None
        run_start_year = first
        run_cum_before = 0
        for year in range(first, last + 1):
            table = self._tables.get(year)
            ndays = 366 if _is_leap(year) else 365
            if table is None:
                if prev_year is not None:
                    self._runs[run_id] = (run_start_year, prev_year, run_cum_before, cum)
                    prev_year = None
                self._work.extend([0] * ndays)
                self._run.extend([0] * ndays)
                self._cum.extend([cum] * ndays)
                continue
            if prev_year is None:
                run_id += 1
                run_start_year, run_cum_before = year, cum
            prev_year = year
            first_day = date(year, 1, 1)
            idx = first_day.toordinal() - self._base
            wd = first_day.weekday()
            for k in range(ndays):
                day = first_day + timedelta(k)
                if day in table.workdays:
                    w = 1
                elif day in table.holidays:
                    w = 0
                else:
                    w = 1 if (wd + k) % 7 < 5 else 0
                cum += w
                self._work.append(w)
                self._run.append(run_id)
                self._cum.append(cum)
                if w:
                    self._nth.append(idx + k)
        assert prev_year is not None  # the last year always has a table
        self._runs[run_id] = (run_start_year, prev_year, run_cum_before, cum)

    # -- metadata ---------------------------------------------------------

    @property
    def years(self) -> tuple[int, ...]:
        """The covered years, ascending."""
        return self._years

    @property
    def provisional_years(self) -> frozenset[int]:
        """Covered years whose table is provisional (no official schedule yet)."""
        return self._provisional

    def provisional(self, start: date, end: date | None = None) -> bool:
        """Whether counting over [start, end] uses a provisional year (a due date there is 预计)."""
        if not self._provisional:
            return False
        end = end or start
        lo, hi = min(start.year, end.year), max(start.year, end.year)
        return any(y in self._provisional for y in range(lo, hi + 1))

    def table(self, year: int) -> YearTable:
        try:
            return self._tables[year]
        except KeyError:
            raise missing_year(year) from None

    def workday_count(self, year: int) -> int:
        """Number of working days in a covered year."""
        self.table(year)
        a = date(year, 1, 1).toordinal() - self._base
        b = date(year, 12, 31).toordinal() - self._base
        return self._cum[b] - self._cum[a] + self._work[a]

    # -- internals (ordinals are date.toordinal() values) ---------------------

    def _idx(self, ordinal: int) -> int:
        i = ordinal - self._base
        if i < 0 or i >= self._span or not self._run[i]:
            raise missing_year(date.fromordinal(ordinal).year)
        return i

    def _same_run(self, i: int, j: int) -> None:
        if self._run[i] != self._run[j]:
            lo = min(i, j)
            # The first uncovered year after the earlier day is the one the user must import.
            raise missing_year(self._runs[self._run[lo]][1] + 1)

    def _nth_in_run(self, k: int, run: int) -> int:
        """Index of the k-th working day, which must lie in `run`."""
        first_year, last_year, before, through = self._runs[run]
        if k > through:
            raise missing_year(last_year + 1)
        if k <= before:
            raise missing_year(first_year - 1)
        return self._nth[k]

    def _next_work_ord(self, ordinal: int) -> int:
        """Ordinal of the first working day on or after `ordinal`."""
        i = self._idx(ordinal)
        if self._work[i]:
            return ordinal
        return self._base + self._nth_in_run(self._cum[i] + 1, self._run[i])

    # -- queries ----------------------------------------------------------

    def is_workday(self, d: date) -> bool:
        return bool(self._work[self._idx(d.toordinal())])

    def workdays_between(self, a: date, b: date) -> int:
        """Working days in the half-open interval (a, b]; negative when b < a."""
        return self._between_ord(a.toordinal(), b.toordinal())

    def _between_ord(self, a: int, b: int) -> int:
        # Inlined bounds checks: this is the hot path of every warning light.
        base, span, run = self._base, self._span, self._run
        i, j = a - base, b - base
        if not (0 <= i < span and 0 <= j < span and run[i] and run[i] == run[j]):
            self._same_run(self._idx(a), self._idx(b))
        cum = self._cum
        return cum[j] - cum[i]

    def add_workdays(self, d: date, n: int) -> date:
        """The n-th working day after d (n > 0), before d (n < 0), or d itself (n == 0)."""
        i = self._idx(d.toordinal())
        if n == 0:
            return d
        run = self._run[i]
        if n > 0:
            k = self._cum[i] + n
        else:
            # Working days strictly before d, then step back |n|-1 more.
            k = self._cum[i] - self._work[i] + 1 + n
        return date.fromordinal(self._base + self._nth_in_run(k, run))

    def next_workday_on_or_after(self, d: date) -> date:
        o = d.toordinal()
        r = self._next_work_ord(o)
        return d if r == o else date.fromordinal(r)

    def __repr__(self) -> str:
        return f"Calendar(years={list(self._years)})"


def _is_leap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
