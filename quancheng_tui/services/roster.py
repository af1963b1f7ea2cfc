"""Duty rosters, A/B posts and absences (domain.md §6): import, show, export, leave and return.

Who may do what, and why:

- Import (a month's duty and the posts): admins only. The 中心主任 sets rosters (domain.md §1),
  and the roster is filed with the oversight office (000 四(一) 备案), so it changes by one
  accountable hand. A month in the file replaces that month whole; posts in the file replace
  all posts; the file is checked completely first and written in one transaction, or not at all.
- Reading (show, export, posts, who is on duty, who acts for whom): everyone. The roster hangs in
  the hall anyway, and a clerk must know whom to lead a visitor to.
- Leave or a trip: recorded by a leader or an admin. 002 第十二条(二): leave is asked for
  beforehand and approved; the record is the approval, so the approver makes it, not the person
  going away.
- 销假 on return: the person themselves (the seed makes it their duty: 返回工作岗位后要及时销假),
  or a leader or an admin for them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session, col, delete, select

from ..domain import roster as rules
from ..domain import text
from ..domain.calendar import Calendar, shipped_calendar
from ..domain.roles import ADMINS, APPROVERS, ROLE_LABELS, WRITERS, Role
from ..domain.roster import Absence, DutyPeriod, Post
from ..domain.roster_file import RosterFile, parse
from ..domain.roster_rule import breaches
from ..errors import N_, InputError, NotFound
from ..store.database import Database
from ..store.keys import key
from ..store.roster_tables import RosterDuty, RosterPost, RosterPostB, StaffAbsence
from ..store.tables import Staff
from . import audit, tabular
from .calendar import calendar
from .context import Actor, Clock
from .roster_rule import rule_in
from .roster_views import (
    AbsenceResult,
    AbsenceView,
    Acting,
    DayView,
    DutyToday,
    ImportResult,
    MonthView,
    PeriodView,
    PersonRef,
    PostView,
)
from .tabular import Column

__all__ = [
    "EXPORT_COLUMNS",
    "SAMPLE_ROSTER",
    "acting_for",
    "apply_roster",
    "duty_today",
    "end_absence",
    "export_month",
    "export_rows",
    "import_roster",
    "list_posts",
    "load_sample",
    "month_view",
    "read_file",
    "set_absence",
]

SAMPLE_ROSTER = Path(__file__).resolve().parent.parent / "data" / "roster.sample.toml"
CLERK_ROLES = frozenset({Role.CLERK, Role.HANDLER})  # 协办员: middle-level cadres who handle cases
LEADER_ROLES = frozenset({Role.LEADER})
POST_ROLES = WRITERS  # a B takes over A's cases: only someone who may write cases can
MAX_ABSENCE_DAYS = 366
EXPORT_FORMATS = ("csv", "xlsx")
EXPORT_COLUMNS = (Column("from", 12), Column("to", 12), Column("clerks", 22), Column("leader", 14),
                  Column("clerk_names", 16), Column("leader_name", 10))
F_CLERK = N_("协办员")
F_LEADER = N_("值班领导")
F_A = N_("A 岗")
F_B = N_("B 岗")


# --- people ---------------------------------------------------------------------------------------


def _staff(session: Session) -> dict[str, Staff]:
    return {s.login: s for s in session.exec(select(Staff))}


def _ref(staff: dict[str, Staff], login: str) -> PersonRef:
    row = staff.get(login)
    return PersonRef(login, row.name if row else login)


def _check_person(staff: dict[str, Staff], login: str, roles: frozenset[Role], duty: str, file: str, line: int,
                  fld: str) -> None:
    at = {"file": file, "line": line, "field": fld, "login": login}
    row = staff.get(login)
    if row is None:
        raise InputError(N_("{file} 第 {line} 行：字段“{field}”中的“{login}”不是本中心的工作人员"), **at)
    if not row.active:
        raise InputError(N_("{file} 第 {line} 行：字段“{field}”中的 {login} 已停用"), **at)
    if Role(row.role) not in roles:
        raise InputError(N_("{file} 第 {line} 行：字段“{field}”中的 {login} 是{role}，不能担任{duty}"),
                         role=ROLE_LABELS[Role(row.role)], duty=duty, **at)


def _check_people(staff: dict[str, Staff], roster: RosterFile) -> None:
    for p in roster.duties:
        for login in p.clerks:
            _check_person(staff, login, CLERK_ROLES, F_CLERK, roster.source, p.line, "clerks")
        _check_person(staff, p.leader, LEADER_ROLES, F_LEADER, roster.source, p.line, "leader")
    for post in roster.posts or ():
        _check_person(staff, post.a, POST_ROLES, F_A, roster.source, post.line, "a")
        for login in post.bs:
            _check_person(staff, login, POST_ROLES, F_B, roster.source, post.line, "b")


# --- rows to domain -------------------------------------------------------------------------------


def _period(row: RosterDuty) -> DutyPeriod:
    clerks = (row.clerk1,) if row.clerk2 is None else (row.clerk1, row.clerk2)
    return DutyPeriod(row.starts_on, row.ends_on, clerks, row.leader)


def _posts(session: Session) -> list[Post]:
    bs: dict[int, list[str]] = {}
    for b in session.exec(select(RosterPostB).order_by(col(RosterPostB.post_id), col(RosterPostB.position))):
        bs.setdefault(b.post_id, []).append(b.login)
    return [Post(r.code, r.name, r.a_login, tuple(bs.get(key(r), ())))
            for r in session.exec(select(RosterPost).order_by(col(RosterPost.code)))]


def _absence(row: StaffAbsence) -> Absence:
    return Absence(row.login, row.starts_on, row.ends_on, row.kind, row.handover, row.returned_on)


def _absences_between(session: Session, first: date, last: date) -> list[StaffAbsence]:
    return list(session.exec(select(StaffAbsence).where(StaffAbsence.starts_on <= last, StaffAbsence.ends_on >= first)
                             .order_by(col(StaffAbsence.starts_on), col(StaffAbsence.id))))


def _absence_view(staff: dict[str, Staff], row: StaffAbsence) -> AbsenceView:
    return AbsenceView(row.id or 0, _ref(staff, row.login), row.kind, row.starts_on, row.ends_on,
                       _absence(row).last_day, _ref(staff, row.handover) if row.handover else None, row.returned_on)


def _period_json(p: DutyPeriod) -> list:
    return [p.start.isoformat(), p.end.isoformat(), list(p.clerks), p.leader]


# --- import ---------------------------------------------------------------------------------------


def read_file(path: Path) -> RosterFile:
    """Parse a roster file (.toml, .csv, .xlsx) completely; nothing is stored."""
    try:
        from ..files import read_input

        raw = read_input(Path(path))  # a regular file of bounded size: never /dev/zero
    except OSError as exc:
        raise InputError(N_("无法读取文件 {path}：{reason}"), path=str(path), reason=exc.strerror or str(exc)) from None
    return parse(raw, Path(path).name)


def import_roster(db: Database, actor: Actor, clock: Clock, path: Path) -> ImportResult:
    actor.require(ADMINS, N_("导入值班排班"))
    roster = read_file(path)
    cal = calendar(db)  # before the write: one transaction at a time
    with db.write() as session:
        return apply_roster(session, actor, clock, roster, cal.is_workday)


def apply_roster(session: Session, actor: Actor, clock: Clock, roster: RosterFile,
                 is_workday: Callable[[date], bool]) -> ImportResult:
    """Check people and cover, then replace the file's months (and posts) inside an open write transaction."""
    staff = _staff(session)
    _check_people(staff, roster)
    for month in roster.months:
        year, mon = rules.parse_month(month)
        missing = rules.gaps(year, mon, [p for p in roster.duties if p.month == month], is_workday)
        if missing:
            shown = "、".join(d.isoformat() for d in missing[:5]) + ("…" if len(missing) > 5 else "")
            raise InputError(N_("{file}：{month} 有 {count} 个工作日无人值班（{days}），每个工作日都要排班"),
                             file=roster.source, month=month, count=len(missing), days=shown)
    now = clock.now()
    before: dict = {"months": {}}
    for month in roster.months:
        old = session.exec(select(RosterDuty).where(RosterDuty.month == month).order_by(col(RosterDuty.starts_on))).all()
        before["months"][month] = [_period_json(_period(r)) for r in old]
        for r in old:
            session.delete(r)
    session.flush()
    for p in roster.duties:
        session.add(RosterDuty(month=p.month, starts_on=p.start, ends_on=p.end, clerk1=p.clerks[0],
                               clerk2=p.clerks[1] if len(p.clerks) > 1 else None, leader=p.leader,
                               imported_at=now, imported_by=actor.login))
    after: dict = {"file": roster.source,
                   "months": {m: [_period_json(p) for p in roster.duties if p.month == m] for m in roster.months}}
    if roster.posts is not None:
        before["posts"] = [[p.code, p.a, list(p.bs)] for p in _posts(session)]
        session.exec(delete(RosterPostB))
        session.exec(delete(RosterPost))
        session.flush()
        for post in roster.posts:
            row = RosterPost(code=post.code, name=post.name, a_login=post.a, updated_at=now)
            session.add(row)
            session.flush()
            for pos, login in enumerate(post.bs, 1):
                session.add(RosterPostB(post_id=key(row), position=pos, login=login))
        after["posts"] = [[p.code, p.a, list(p.bs)] for p in roster.posts]
    session.flush()
    warned = tuple(breaches(roster.duties, rule_in(session)))  # seed 000's rule: a warning, not a refusal
    if warned:
        after["rule_breaches"] = [w.month for w in warned]
    audit.append(session, actor, now, "roster.import", "roster", roster.source[:64], before=before, after=after)
    return ImportResult(roster.source, roster.months, len(roster.duties),
                        None if roster.posts is None else len(roster.posts), warned)


def load_sample(session: Session, actor: Actor, clock: Clock) -> ImportResult | None:
    """The demo office's sample roster, moved to the clock's month; what is already set stays."""
    today = clock.today()
    month = rules.month_key(today)
    has_month = session.exec(select(RosterDuty.id).where(RosterDuty.month == month)).first() is not None
    has_posts = session.exec(select(RosterPost.id)).first() is not None
    if has_month and has_posts:
        return None
    sample = read_file(SAMPLE_ROSTER)
    duties = () if has_month else tuple(rules.rebase(sample.duties, today.year, today.month))
    roster = RosterFile(sample.source, duties, None if has_posts else sample.posts)
    # The sample covers whole months, so the calendar is asked nothing (the shipped one would do).
    return apply_roster(session, actor, clock, roster, shipped_calendar().is_workday)


# --- reading --------------------------------------------------------------------------------------


def _workday(cal: Calendar, day: date) -> bool | None:
    try:
        return cal.is_workday(day)
    except InputError:  # a year without a holiday schedule: say so rather than guess
        return None


def month_view(db: Database, month: str) -> MonthView:
    """Every day of the month: who is on duty, who is away, who acts for whom; and the uncovered working days."""
    year, mon = rules.parse_month(month)
    key = f"{year:04d}-{mon:02d}"
    days = rules.month_days(year, mon)
    cal = calendar(db)
    with db.read() as session:
        staff = _staff(session)
        rows = session.exec(select(RosterDuty).where(RosterDuty.month == key).order_by(col(RosterDuty.starts_on))).all()
        periods = [_period(r) for r in rows]
        posts = _posts(session)
        away_rows = _absences_between(session, days[0], days[-1])
    absences = [_absence(r) for r in away_rows]
    out: list[DayView] = []
    for day in days:
        duty = rules.on_duty(day, periods)
        acting = tuple(Acting(p.code, _ref(staff, p.a), _opt_ref(staff, rules.acting_b(p, day, absences)))
                       for p in posts if rules.absent(p.a, day, absences) is not None)
        out.append(DayView(
            day, _workday(cal, day), tuple(_ref(staff, c) for c in duty[0]) if duty else (),
            _ref(staff, duty[1]) if duty else None,
            tuple(_absence_view(staff, r) for r, a in zip(away_rows, absences) if a.covers(day)), acting))
    return MonthView(
        key, tuple(PeriodView(p.start, p.end, tuple(_ref(staff, c) for c in p.clerks), _ref(staff, p.leader))
                   for p in periods),
        tuple(out), tuple(d.day for d in out if d.workday and d.leader is None))


def _opt_ref(staff: dict[str, Staff], login: str | None) -> PersonRef | None:
    return None if login is None else _ref(staff, login)


def export_rows(session: Session, start: date | None = None, end: date | None = None) -> Iterator[tuple]:
    """Duty periods touching [start, end] as EXPORT_COLUMNS rows, by date: the file imports back."""
    staff = _staff(session)
    stmt = select(RosterDuty).order_by(col(RosterDuty.starts_on))
    if start is not None:
        stmt = stmt.where(RosterDuty.ends_on >= start)
    if end is not None:
        stmt = stmt.where(RosterDuty.starts_on <= end)
    for row in session.exec(stmt).all():
        p = _period(row)
        yield (p.start.isoformat(), p.end.isoformat(), "、".join(p.clerks), p.leader,
               "、".join(_ref(staff, c).name for c in p.clerks), _ref(staff, p.leader).name)


def export_month(db: Database, month: str, fmt: str, output: tabular.Output) -> int:
    """The month's duty periods as CSV (UTF-8 with BOM) or XLSX; NotFound when the month has none."""
    fmt = (fmt or "").strip().lower()
    if fmt not in EXPORT_FORMATS:
        raise InputError(N_("导出格式“{value}”无效，应为 csv 或 xlsx"), value=fmt)
    if output.path is None and fmt == "xlsx":
        raise InputError(N_("xlsx 格式不能输出到标准输出，请用 --out 指定文件"))
    year, mon = rules.parse_month(month)
    days = rules.month_days(year, mon)
    with db.read() as session:
        rows = list(export_rows(session, days[0], days[-1]))
    if not rows:
        raise NotFound(N_("{month} 还没有排班"), month=f"{year:04d}-{mon:02d}")
    with output.pending() as pending:
        count = tabular.write(fmt, EXPORT_COLUMNS, rows, pending.stream, sheet="roster")
        pending.publish()
    return count


def list_posts(db: Database) -> list[PostView]:
    with db.read() as session:
        staff = _staff(session)
        return [PostView(p.code, p.name, _ref(staff, p.a), tuple(_ref(staff, b) for b in p.bs))
                for p in _posts(session)]


def duty_today(db: Database, clock: Clock) -> DutyToday | None:
    """Who sits on duty today (the status line), or None when no roster covers today."""
    day = clock.today()
    with db.read() as session:
        row = session.exec(select(RosterDuty).where(RosterDuty.month == rules.month_key(day),
                                                    RosterDuty.starts_on <= day, RosterDuty.ends_on >= day)).first()
        if row is None:
            return None
        p = _period(row)
        names = {s.login: s for s in session.exec(select(Staff).where(col(Staff.login).in_([*p.clerks, p.leader])))}
    return DutyToday(day, tuple(_ref(names, c) for c in p.clerks), _ref(names, p.leader))


def acting_for(db: Database, login: str, day: date) -> frozenset[str]:
    """The A logins `login` acts for on `day` as their B (004 AB岗): for case permissions and the board."""
    with db.read() as session:
        posts = _posts(session)
        absences = [_absence(r) for r in _absences_between(session, day, day)]
    return rules.acting_for(login, day, posts, absences)


# --- absences -------------------------------------------------------------------------------------


def _active(staff: dict[str, Staff], login: str) -> Staff:
    row = staff.get(login)
    if row is None or not row.active:
        raise NotFound(N_("“{login}”不是本中心在岗的工作人员"), login=login)
    return row


def set_absence(db: Database, actor: Actor, clock: Clock, login: str, start: date, end: date,
                kind: str = "leave", handover: str | None = None, note: str = "") -> AbsenceResult:
    """Record approved leave or a trip; warns (does not refuse) when it leaves a post with nobody."""
    actor.require(APPROVERS, N_("登记请假或出差"))
    login = text.login(login)
    handover = text.login(handover) if handover else None
    note = text.clean(note, N_("备注"), required=False, max_len=200)
    if end >= start and (end - start).days >= MAX_ABSENCE_DAYS:
        raise InputError(N_("请假或出差最长 {days} 天"), days=MAX_ABSENCE_DAYS)
    cal = calendar(db)
    now = clock.now()
    with db.write() as session:
        staff = _staff(session)
        _active(staff, login)
        new = Absence(login, start, end, kind, handover)
        own = session.exec(select(StaffAbsence).where(StaffAbsence.login == login)).all()
        rules.check_absence(new, [_absence(r) for r in own])
        posts = _posts(session)
        if handover is not None:
            _active(staff, handover)
            if not any(p.a == login and handover in p.bs for p in posts):
                raise InputError(N_("{handover} 不是 {login} 所在岗位的 B 岗，不能接手其工作（--handover）"),
                                 handover=handover, login=login)
        row = StaffAbsence(login=login, kind=kind, starts_on=start, ends_on=end, handover=handover, note=note,
                           created_at=now, created_by=actor.login)
        session.add(row)
        session.flush()
        audit.append(session, actor, now, "roster.absence", "staff", login, after={
            "login": login, "kind": kind, "from": start.isoformat(), "to": end.isoformat(), "handover": handover,
            "note": note})
        absences = [_absence(r) for r in _absences_between(session, start, end)]
        view = _absence_view(staff, row)
    uncovered = tuple((day, p.code) for day in _days(start, end) if _workday(cal, day) is not False
                      for p in rules.uncovered_posts(day, posts, absences))
    return AbsenceResult(view, uncovered)


def _days(start: date, end: date) -> Sequence[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def end_absence(db: Database, actor: Actor, clock: Clock, login: str) -> AbsenceView:
    """销假: the absence running today ends; from today on the person is at work again."""
    login = text.login(login)
    if actor.login != login:
        actor.require(APPROVERS, N_("为他人销假"))
    today = clock.today()
    with db.write() as session:
        rows = session.exec(select(StaffAbsence).where(
            StaffAbsence.login == login, StaffAbsence.starts_on <= today, StaffAbsence.ends_on >= today)).all()
        row = next((r for r in rows if _absence(r).covers(today)), None)
        if row is None:
            raise NotFound(N_("{login} 今天没有在请假或出差，无需销假"), login=login)
        row.returned_on = today
        row.returned_by = actor.login
        session.add(row)
        audit.append(session, actor, clock.now(), "roster.back", "staff", login, after={
            "login": login, "kind": row.kind, "from": row.starts_on.isoformat(), "to": row.ends_on.isoformat(),
            "returned_on": today.isoformat()})
        return _absence_view(_staff(session), row)
