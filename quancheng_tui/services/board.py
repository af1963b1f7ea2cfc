"""The case board (案件看板, 挂牌销号): one page of cases with their traffic light.

Everything is filtered, ordered and cut to a page in SQL: the table is never
loaded whole. The default order is the due date (the same as working days left);
received date, number, matter and owner are the other sorts, either way, each
with the case number as the tiebreak so pages never lose or repeat a row. Each
open status is read in order from an index on (status, sort column, number) —
or (owner|village, status, due_on) — and the few rows wanted are merged. The
light (红黄绿灯, 003 篇5) is computed for the page's rows only, with the office's
`yellow_within` setting. Names are masked on the board (张*三): it is read at the counter, on
the hall screen and over village SSH sessions alike (002 第二十条).

Search text matches a case number (prefix; or any part when it has a digit),
the applicant's name (any part), or the matter: code prefix, name, or pinyin
initials / full pinyin prefix through the catalog's search keys.
"""

from __future__ import annotations

import json
import re
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, union_all
from sqlmodel import col, select

from ..domain import masking, pinyin, text
from ..domain.calendar import Calendar
from ..domain.cases import KIND_LABELS, OPEN_STATUSES, STATUS_LABELS, Kind, Status, parse_enum
from ..domain.deadlines import warning_state
from ..domain.lifecycle import Action
from ..domain.roles import Role
from ..errors import N_, InputError, NotPermitted
from ..store.case_tables import Case, CaseEvent
from ..store.database import Database
from ..store.tables import Matter, Staff
from .attendance import AwayView, active_away
from .calendar import calendar
from .context import Actor, Clock
from .setup import get_setting

__all__ = [
    "LIGHT_LABELS",
    "LIGHT_MARKS",
    "MAX_LIMIT",
    "OPEN_VALUES",
    "PUBLIC_ACTOR",
    "SORTS",
    "SORT_LABELS",
    "BoardFilters",
    "BoardPage",
    "BoardRow",
    "PublicPage",
    "PublicRow",
    "check",
    "count",
    "counted_page",
    "overdue_complaints",
    "page",
    "public_page",
]

OPEN_VALUES = tuple(sorted(s.value for s in OPEN_STATUSES))
MAX_LIMIT = 500
F_SEARCH = N_("查找")
F_STATUS = N_("状态")
F_KIND = N_("办理方式")
F_OWNER = N_("经办人")
F_VILLAGE = N_("村（社区）")
F_DUE_WITHIN = N_("到期工作日数")
F_SORT = N_("排序")

# The sorts a board offers, in the order a key cycles them; the due date comes first (the default).
SORTS = ("due", "received", "number", "matter", "owner")
SORT_LABELS = {"due": N_("到期"), "received": N_("申请日期"), "number": N_("案件编号"), "matter": N_("事项"),
               "owner": N_("经办人")}
# Working days left order exactly as the due date does.
_SORT_ALIASES = {"days_left": "due"}
# The matter sorts by code (a matter's cases together) and the owner by login: names in code point
# order would look random to a Chinese reader, and the codes are indexed and short.
_SORT_COLUMNS = {"due": "due_on", "received": "received_on", "number": "number", "matter": "matter_code",
                 "owner": "owner"}

# Reads without colour too: a mark before the days.
LIGHT_MARKS = {"red": "×", "due_today": "!", "yellow": "●", "green": "○", None: "·"}
LIGHT_LABELS = {"red": N_("超期"), "due_today": N_("今日到期"), "yellow": N_("临近"), "green": N_("正常"),
                None: N_("未计时")}

# The hall screen: only open cases, only masked data, no login (挂牌销号, 003 第33条).
PUBLIC_ACTOR = Actor(login="public", name="公示屏", role=Role.SUPERVISOR)


@dataclass(frozen=True)
class BoardFilters:
    """What the board shows; the default is every open case the actor may see."""

    kind: str | None = None
    status: str | None = None  # one status value; None: all open statuses
    owner: str | None = None
    village: str | None = None
    overdue: bool = False
    due_within: int | None = None  # due today or within N working days; the overdue are `overdue`'s
    mine: bool = False
    acting: bool = False  # the cases of the A posts the actor stands in for today (B post, 004 AB岗)
    search: str = ""
    sort: str = "due"  # one of SORTS
    descending: bool = False

    def with_(self, **changes) -> BoardFilters:
        return replace(self, **changes)

    @property
    def is_default(self) -> bool:
        """Nothing narrows the board (in whatever order it is sorted)."""
        return self.with_(sort="due", descending=False) == BoardFilters()


@dataclass(frozen=True)
class BoardRow:
    number: str
    received_on: date
    applicant: str  # masked
    matter_code: str
    matter_name: str
    category: str
    kind: str | None
    kind_label: str  # msgid ("" when none)
    status: str
    status_label: str  # msgid
    owner: str
    owner_name: str
    village: str | None
    due_on: date | None
    light: str | None  # green | yellow | due_today | red; None: no deadline running (待补正)
    days_left: int  # working days until due (0 once due)
    days_overdue: int  # working days past due
    provisional: bool = False  # due_on is 预计 (a year without the official schedule)

    @property
    def mark(self) -> str:
        return LIGHT_MARKS[self.light]


@dataclass(frozen=True)
class BoardPage:
    rows: tuple[BoardRow, ...]
    offset: int
    limit: int
    has_more: bool
    today: date
    filters: BoardFilters = field(default_factory=BoardFilters)
    total: int | None = None  # how many the filters select, read with the rows (counted_page); else None

    @property
    def has_previous(self) -> bool:
        return self.offset > 0


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _opt(value: str | None, label: str, max_len: int) -> str:
    return text.clean(value or "", label, max_len=max_len, required=False) if value else ""


_NUMBER_PREFIX = re.compile(r"^[A-Za-z]{1,8}-\d{4,}")


def _search_clause(raw: str):
    q = text.clean(raw, F_SEARCH, max_len=100, required=False)
    if not q:
        return None
    esc = _like_escape(q)
    if _NUMBER_PREFIX.match(q):  # "QS-2026031…": a range of the unique index on number, nothing else
        low = q.upper()
        return and_(col(Case.number) >= low, col(Case.number) < low[:-1] + chr(ord(low[-1]) + 1))
    parts = [col(Case.number).like(_like_escape(q.upper()) + "%", escape="\\"),
             col(Case.applicant_name).like(f"%{esc}%", escape="\\")]
    if any(c.isdigit() for c in q):
        parts.append(col(Case.number).like(f"%{_like_escape(q.upper())}%", escape="\\"))
    key = pinyin.search_key(q)
    matter_parts: list[ColumnElement[bool]] = [col(Matter.name).like(f"%{esc}%", escape="\\")]
    if key:
        upper = pinyin.next_prefix(key)
        for column in (col(Matter.code_key), col(Matter.pinyin), col(Matter.pinyin_full)):
            matter_parts.append(and_(column >= key, column < upper) if upper else column >= key)
    parts.append(col(Case.matter_code).in_(select(Matter.code).where(or_(*matter_parts))))
    return or_(*parts)


def _sort(filters: BoardFilters) -> str:
    key = _SORT_ALIASES.get(filters.sort, filters.sort)
    if key not in SORTS:
        raise InputError(N_("{field}“{value}”无效，应为 {allowed}"), field=F_SORT, value=str(filters.sort)[:40],
                         allowed="、".join(SORTS))
    return key


def _order(cols, key: str, descending: bool) -> list:
    """ORDER BY terms over `cols` (the table or a subquery's columns): the sort column, then the number."""
    names = [_SORT_COLUMNS[key]] + ([] if key == "number" else ["number"])
    terms = [getattr(cols, name) for name in names]
    return [t.desc() if descending else t.asc() for t in terms]


# --- what the board reads again and again: the count per filter and the calendar, kept per database -------
#
# Both are keyed on the change marker (the last audit id: every write appends to the audit trail, whoever
# wrote, in this process or another), so a registration or any action invalidates them; a count is read in
# the same transaction as its marker, so a cached total always belongs to the state the page is read from.

COUNT_CACHE_SIZE = 128


class _Kept:
    def __init__(self) -> None:
        self.lock = threading.Lock()  # the board's page worker and its poll run in threads
        self.counts: OrderedDict[tuple, tuple[int, int]] = OrderedDict()  # key -> (marker, total)
        self.calendar: tuple[date, int, Calendar] | None = None  # (day, marker, calendar)


_KEPT: weakref.WeakKeyDictionary[Database, _Kept] = weakref.WeakKeyDictionary()
_KEPT_LOCK = threading.Lock()


def _kept(db: Database) -> _Kept:
    with _KEPT_LOCK:
        kept = _KEPT.get(db)
        if kept is None:
            kept = _KEPT[db] = _Kept()
        return kept


def _marker_in(session) -> int:
    return int(session.connection().exec_driver_sql("SELECT coalesce(max(id), 0) FROM audit").scalar() or 0)


def _count_key(actor: Actor, filters: BoardFilters, today: date) -> tuple:
    """What a count depends on: who asks (their village, their own cases), the filters but not the sort,
    and the day (overdue and due-within move with it; `acting` with the day's roster)."""
    return (actor.login, actor.role, actor.village, filters.with_(sort="due", descending=False), today)


def _cached_count(db: Database, key: tuple, marker: int, read) -> int:
    kept = _kept(db)
    with kept.lock:
        hit = kept.counts.get(key)
        if hit is not None and hit[0] == marker:
            kept.counts.move_to_end(key)
            return hit[1]
    total = int(read())
    with kept.lock:
        kept.counts[key] = (marker, total)
        kept.counts.move_to_end(key)
        while len(kept.counts) > COUNT_CACHE_SIZE:
            kept.counts.popitem(last=False)
    return total


def _day_calendar(db: Database, today: date, marker: int | None = None) -> Calendar:
    """The office's calendar, built once a day and again only after a write (a schedule imported): a page
    of the board needs it for its lights and its due-within filter (3.5 ms to read and build each time)."""
    kept = _kept(db)
    if marker is None:
        marker = db.change_marker()
    with kept.lock:
        held = kept.calendar
    if held is not None and held[0] == today and held[1] == marker:
        return held[2]
    cal = calendar(db)
    with kept.lock:
        kept.calendar = (today, marker, cal)
    return cal


def prepare(db: Database, clock: Clock) -> None:
    """What the first page would do first, done before it is asked for (the TUI's start-up worker does, while
    the password is typed): today's calendar built (a year without an official schedule is worked out from
    the lunar calendar, ≈0.15 s), and the default page's two statements run once, their results dropped, so
    SQLAlchemy has compiled them and the file's index pages are read (the first page took 25–45 ms instead of
    12–15). Nothing read is kept or shown: no one has signed in yet."""
    _day_calendar(db, clock.today())
    statuses = list(OPEN_VALUES)
    with db.read() as session:
        session.exec(select(func.count()).select_from(Case).where(col(Case.status).in_(statuses))).one()
        session.exec(_ordered(statuses, [], 0, 20, "due", False)).all()


def check(db: Database, actor: Actor, clock: Clock, filters: BoardFilters) -> BoardFilters:
    """`filters` validated for `actor` as `page` would (bad values and foreign villages refused), the sort
    spelled as SORTS does."""
    _where(db, actor, filters, clock.today())
    return filters.with_(sort=_sort(filters))


def _where(db: Database, actor: Actor, filters: BoardFilters, today: date,
           cal: Calendar | None = None) -> tuple[list[str], list]:
    """(statuses, other WHERE terms) of `filters` for `actor`; raises on bad input or a village the
    actor may not see."""
    where = []
    status = _opt(filters.status, F_STATUS, 20)
    statuses = [parse_enum(Status, status, F_STATUS).value] if status and status != "open" else list(OPEN_VALUES)
    kind = _opt(filters.kind, F_KIND, 16)
    if kind:
        where.append(Case.kind == parse_enum(Kind, kind, F_KIND).value)
    village = _opt(filters.village, F_VILLAGE, 32) or None
    if actor.role is Role.AGENT:
        if village is not None and village != actor.village:
            raise NotPermitted(N_("村代办员只能查看本村（{village}）的办件"), village=actor.village or "")
        village = actor.village
    if village is not None:
        where.append(Case.village == village)
    owner = actor.login if filters.mine else (_opt(filters.owner, F_OWNER, 64) or None)
    if owner is not None:
        where.append(Case.owner == owner)
    if filters.acting:
        from .roster import acting_for

        where.append(col(Case.owner).in_(sorted(acting_for(db, actor.login, today)) or [""]))
    if filters.overdue:
        where.append(col(Case.due_on) < today)
    if filters.due_within is not None:
        if filters.due_within < 0:
            raise InputError(N_("{field}不能为负数"), field=F_DUE_WITHIN)
        where.append(col(Case.due_on) >= today)  # 临期 is not yet late (issue 16)
        where.append(col(Case.due_on) <= (cal or _day_calendar(db, today)).add_workdays(today, filters.due_within))
    if filters.search:
        clause = _search_clause(filters.search)
        if clause is not None:
            where.append(clause)
    return statuses, where


_COLS = (Case.number, Case.received_on, Case.applicant_type, Case.applicant_name, Case.matter_code,
         Case.matter_name, Case.category, Case.kind, Case.status, Case.owner, Case.village, Case.due_on,
         Case.limit_days)


def _select_cols():
    """A new select of `_COLS`."""
    # sqlmodel types select() for at most 4 columns (fastapi/sqlmodel#271)
    return select(*_COLS)  # type: ignore[call-overload]


def _ordered(statuses: list[str], where: list, offset: int, want: int, key: str, descending: bool,
             scan: bool = False):
    """Cases in (sort column, number) order: one index-ordered, limited select per status (an index
    range on (status, column) each, or (owner|village, status, due_on)), merged. A single
    `status IN (...) ORDER BY column` would sort every open case for each page. With `scan` (a search
    text: every open case is read anyway) one statement reads them once and sorts the few hits.
    The due sort reads dated cases only; `page` appends the undated ones."""
    n = offset + want
    dated = [col(Case.due_on).is_not(None)] if key == "due" else []
    if scan:
        # The hits first, by whichever index answers the WHERE alone (ix_cases_status_matter holds number,
        # matter and name), then only they are read and sorted: ordering the scan itself made SQLite walk
        # an ordered index and read every open case's row (~600 ms at 1,000,000 cases; now ~50 ms).
        hits = select(Case.id).where(col(Case.status).in_(statuses), *where)
        return (_select_cols().where(col(Case.id).in_(hits), *dated)
                .order_by(*_order(Case, key, descending)).offset(offset).limit(want))
    where = [*dated, *where]
    if len(statuses) == 1:
        return (_select_cols().where(Case.status == statuses[0], *where)
                .order_by(*_order(Case, key, descending)).offset(offset).limit(want))
    parts = [_select_cols().where(Case.status == s, *where)
             .order_by(*_order(Case, key, descending)).limit(n).subquery() for s in statuses]
    merged = union_all(*(select(*p.c) for p in parts)).subquery()
    return select(*merged.c).order_by(*_order(merged.c, key, descending)).offset(offset).limit(want)


def page(db: Database, actor: Actor, clock: Clock, filters: BoardFilters | None = None, *, offset: int = 0,
         limit: int = 50) -> BoardPage:
    """One page of the board, in the filters' sort, then by number; by due date (the default) those
    without one (待补正) come last either way."""
    return _read(db, actor, clock, filters or BoardFilters(), offset, limit, counted=False)


def counted_page(db: Database, actor: Actor, clock: Clock, filters: BoardFilters | None = None, *,
                 offset: int = 0, limit: int = 50) -> BoardPage:
    """`page` with its `total` ("page 2 of 9"), both read in one transaction that sees one state of the
    database, so the count and the rows agree while others write; an offset past the end (the board
    shrank since the last page) gives the last page."""
    return _read(db, actor, clock, filters or BoardFilters(), offset, limit, counted=True)


def _snapshot(session) -> None:
    """SQLite's read transaction is one snapshot already; PostgreSQL's default, read committed, would let
    the count and the page see different commits."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection().exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")


def _read(db: Database, actor: Actor, clock: Clock, filters: BoardFilters, offset: int, limit: int, *,
          counted: bool) -> BoardPage:
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(N_("{field}应在 1 到 {max} 之间"), field=N_("条数"), max=MAX_LIMIT)
    if offset < 0:
        raise InputError(N_("{field}不能为负数"), field=N_("起始位置"))
    today = clock.today()
    cal = _day_calendar(db, today)
    statuses, where = _where(db, actor, filters, today, cal)
    key = _sort(filters)
    want = limit + 1  # one more than the page says whether there is a next one
    scan = bool(filters.search.strip())
    total = None
    with db.read() as session:
        if counted:
            _snapshot(session)
            # Cached per filter until the next write: paging, returning from a case and the poll's reload
            # no longer count every matching open case again (267 ms for `k` at 100,000 cases).
            total = _cached_count(db, _count_key(actor, filters, today), _marker_in(session),
                                  lambda: session.exec(select(func.count()).select_from(Case)
                                                       .where(col(Case.status).in_(statuses), *where)).one())
            if offset >= total and total:
                offset = (total - 1) // limit * limit
        raw = list(session.exec(_ordered(statuses, where, offset, want, key, filters.descending, scan)).all())
        if key == "due" and len(raw) < want:
            undated_offset = 0
            if not raw and offset:
                dated = session.exec(select(func.count()).select_from(Case).where(
                    col(Case.status).in_(statuses), col(Case.due_on).is_not(None), *where)).one()
                undated_offset = max(0, offset - int(dated))
            raw += session.exec(_select_cols().where(col(Case.status).in_(statuses), col(Case.due_on).is_(None), *where)
                                .order_by(*_order(Case, "number", filters.descending))
                                .offset(undated_offset).limit(want - len(raw))).all()
        more = len(raw) > limit
        raw = raw[:limit]
        owners = sorted({r.owner for r in raw})
        names = dict(session.exec(select(Staff.login, Staff.name).where(col(Staff.login).in_(owners))).all()) \
            if owners else {}
    rows = _rows(db, raw, names, today, cal) if raw else ()
    return BoardPage(rows=rows, offset=offset, limit=limit, has_more=more, today=today, filters=filters,
                     total=total)


def _rows(db: Database, raw, names: dict[str, str], today: date, cal: Calendar | None = None) -> tuple[BoardRow, ...]:
    cal = cal or _day_calendar(db, today)
    try:
        yellow = int(get_setting(db, "yellow_within"))
    except (TypeError, ValueError):
        yellow = 2
    out = []
    for r in raw:
        light, left, over = None, 0, 0
        if r.due_on is not None and r.status != Status.SUSPENDED.value:
            try:
                w = warning_state(cal, r.due_on, today, max(r.limit_days, 0), yellow)
                light, left, over = w.light, w.workdays_left, w.workdays_overdue
            except InputError:  # a date outside the calendar's years: shown without a light
                light = "red" if r.due_on < today else None
        applicant = masking.org_name(r.applicant_name) if r.applicant_type == "org" else masking.name(r.applicant_name)
        kind_label = KIND_LABELS.get(Kind(r.kind), "") if r.kind else ""
        status_label = STATUS_LABELS.get(Status(r.status), r.status)
        out.append(BoardRow(
            number=r.number, received_on=r.received_on, applicant=applicant, matter_code=r.matter_code,
            matter_name=r.matter_name, category=r.category, kind=r.kind, kind_label=kind_label, status=r.status,
            status_label=status_label, owner=r.owner, owner_name=names.get(r.owner, r.owner), village=r.village,
            due_on=r.due_on, light=light, days_left=left, days_overdue=over,
            provisional=r.due_on is not None and cal.provisional(r.received_on, r.due_on)))
    return tuple(out)


def count(db: Database, actor: Actor, clock: Clock, filters: BoardFilters | None = None) -> int:
    """How many cases the filters select (for "page 2 of 9")."""
    statuses, where = _where(db, actor, filters or BoardFilters(), clock.today())
    with db.read() as session:
        return int(session.exec(select(func.count()).select_from(Case).where(col(Case.status).in_(statuses), *where)).one())


# --- the public view (公示屏 and the hall terminal) ------------------------------------------------------

# A case is struck off (销号) on the day it is done (办结) and stays on the board, struck, until that day ends:
# the public sees it finished, not vanished. Withdrawn, rejected or transferred cases were not done here and
# simply leave the board.
STRUCK_STATUSES = (Status.COMPLETED.value, Status.REPLIED.value, Status.CLOSED.value)


@dataclass(frozen=True)
class PublicRow(BoardRow):
    struck: bool = False  # done today: shown struck through until the day ends


@dataclass(frozen=True)
class PublicPage:
    rows: tuple[PublicRow, ...]
    offset: int
    limit: int
    total: int  # open cases and those struck off today
    struck_total: int
    today: date
    overdue_complaints: int = 0  # complaints past their reply date, unanswered
    away: tuple[AwayView, ...] = ()  # 去向告知 lasting now: who, their post, where, back when (issue 15)

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.rows) < self.total


def _struck_ids(session, clock: Clock) -> list[int]:
    """Ids of the cases done (办结) on the clock's day and not reopened since."""
    today = clock.today()
    # `at` is stored as the writer's wall time on SQLite and as an instant on PostgreSQL: a day's margin
    # catches both, and the event's own "on" (the office's day, written by the service) decides.
    since = datetime.combine(today, time.min, tzinfo=clock.now().tzinfo) - timedelta(days=1)
    rows = session.exec(select(CaseEvent.case_id, CaseEvent.data)
                        .where(CaseEvent.type == Action.COMPLETE.value, CaseEvent.at >= since)).all()
    wanted = today.isoformat()
    ids = set()
    for case_id, data in rows:
        try:
            on = json.loads(data or "{}").get("on")
        except ValueError:
            on = None
        if on == wanted:
            ids.add(case_id)
    if not ids:
        return []
    return list(session.exec(select(Case.id).where(col(Case.id).in_(sorted(ids)), col(Case.status).in_(STRUCK_STATUSES))).all())


def public_page(db: Database, clock: Clock, *, offset: int = 0, limit: int = 50) -> PublicPage:
    """One screenful of the public board: every open case and those done today (struck), by case number so
    that a visitor finds their own; the applicant masked (王*明). No actor: everything here may be public
    (003 第33条); count and rows are read in one transaction, so the page and its total agree."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(N_("{field}应在 1 到 {max} 之间"), field=N_("条数"), max=MAX_LIMIT)
    if offset < 0:
        raise InputError(N_("{field}不能为负数"), field=N_("起始位置"))
    today = clock.today()
    statuses = list(OPEN_VALUES)
    with db.read() as session:
        struck = _struck_ids(session, clock)
        away = active_away(session, clock)
        open_total = int(session.exec(select(func.count()).select_from(Case)
                                      .where(col(Case.status).in_(statuses))).one())
        # Each open status by its (status, number) index, the struck few by id, merged in number order.
        n = offset + limit
        parts = [_select_cols().where(Case.status == s).order_by(col(Case.number)).limit(n).subquery()
                 for s in statuses]
        if struck:
            parts.append(_select_cols().where(col(Case.id).in_(struck)).order_by(col(Case.number)).limit(n).subquery())
        merged = union_all(*(select(*p.c) for p in parts)).subquery()
        raw = list(session.exec(select(*merged.c).order_by(merged.c.number).offset(offset).limit(limit)).all())
        owners = sorted({r.owner for r in raw})
        names = dict(session.exec(select(Staff.login, Staff.name).where(col(Staff.login).in_(owners))).all()) \
            if owners else {}
    rows = _rows(db, raw, names, today) if raw else ()
    done = set(STRUCK_STATUSES)
    out = tuple(PublicRow(**{f.name: getattr(r, f.name) for f in fields(BoardRow)}, struck=r.status in done)
                for r in rows)
    # A done case has no light: its clock has stopped.
    out = tuple(replace(r, light=None, days_left=0, days_overdue=0) if r.struck else r for r in out)
    return PublicPage(rows=out, offset=offset, limit=limit, total=open_total + len(struck),
                      struck_total=len(struck), today=today, overdue_complaints=overdue_complaints(db, clock),
                      away=away)


def overdue_complaints(db: Database, clock: Clock) -> int:
    """How many complaints are past their reply date and unanswered: the public board lights them up
    (issue 14 item 4). A count only: who complained and about whom stays off the board."""
    from .complaints import overdue_count

    return int(overdue_count(db, clock))
