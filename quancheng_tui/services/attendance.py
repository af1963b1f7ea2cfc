"""Attendance (考勤, issue 15 item 4; domain.md §6, §10): 签到/签退, 延时服务 and 去向告知.

Who may do what, and why:

- Sign in and out: each member of staff for themselves, agents included (002 第十二条(一): 上下班签到、
  签退). Nobody signs for another: the record says who was at the desk, typed by that person. A
  supervisor (监督员) watches the office rather than sitting in it, so has no attendance here.
- 延时服务 (002 第十二条(八)): recorded by the person who served after hours, or by a leader or an admin
  for them (the leader often asks for it and sees it done).
- 去向告知 (004 AB岗 第四条(五)): a short absence from the desk, with where and when back, and who looks
  after the post meanwhile; announced by the person, or by a leader/admin for them. It is on the public
  board until the return time passes or the person says they are back. Leave and trips are the
  roster's (services/roster.py), asked beforehand and approved.
- Reading: everyone their own; leaders, admins and supervisors everyone's (the assessment's figures).

Each day of attendance is the office's date (the injected clock's), stored with the row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from sqlmodel import Session, col, func, select

from ..domain import text
from ..domain.roles import APPROVERS, WRITERS, Role
from ..errors import N_, Conflict, InputError, NotFound, NotPermitted
from ..store.attendance_tables import AttendanceDay, AwayNotice, OvertimeService
from ..store.database import Database
from ..store.roster_tables import RosterPost
from ..store.tables import Staff
from . import audit
from .context import Actor, Clock

__all__ = [
    "AttendanceRecord",
    "AttendanceStatus",
    "AwayView",
    "active_away",
    "announce_away",
    "come_back",
    "days_present",
    "list_records",
    "overtime_minutes",
    "record_overtime",
    "sign_in",
    "sign_out",
    "status",
]

PRESENT_ROLES = WRITERS  # everyone who works at a desk or a village point
READ_ALL = APPROVERS | {Role.SUPERVISOR}
MAX_OVERTIME_MINUTES = 12 * 60
MAX_BACK_DAYS = 31  # 延时服务 is written up soon after; a month back is the longest a record may look
KINDS = ("day", "overtime", "away")  # what `list_records` returns, in this order within a day


@dataclass(frozen=True)
class AwayView:
    id: int
    login: str
    name: str
    place: str
    starts_at: datetime
    returns_at: datetime
    cover: str | None
    cover_name: str | None
    posts: tuple[str, ...]  # names of the A/B posts this person holds as A
    ended_at: datetime | None = None


@dataclass(frozen=True)
class AttendanceStatus:
    """Today's state of one person: for the status line and `attendance list`."""

    login: str
    day: date
    signed_in_at: datetime | None
    signed_out_at: datetime | None
    away: AwayView | None

    @property
    def signed_in(self) -> bool:
        return self.signed_in_at is not None and self.signed_out_at is None


@dataclass(frozen=True)
class AttendanceRecord:
    """One line of `attendance list`: a day signed (from, to), an after-hours service or an absence."""

    kind: str  # day | overtime | away
    day: date
    login: str
    name: str
    start: str  # HH:MM, "" when none
    end: str
    minutes: int | None
    what: str


# --- helpers --------------------------------------------------------------------------------------


def _local(value: datetime | None, tz: tzinfo | None) -> datetime | None:
    """A stored instant in the office's zone: PostgreSQL returns it aware, SQLite naive in wall-clock time."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=tz) if tz is not None else value
    return value.astimezone(tz) if tz is not None else value


def _hm(value: datetime | None) -> str:
    return value.strftime("%H:%M") if value is not None else ""


def _names(session: Session) -> dict[str, str]:
    return dict(session.exec(select(Staff.login, Staff.name)).all())


def _person(session: Session, actor: Actor, login: str | None, what: str) -> str:
    """Whom a record is about: the actor, or (leaders and admins) someone else of the office."""
    actor.require(PRESENT_ROLES, what)
    if login is None or login == actor.login:
        return actor.login
    login = text.login(login)
    if actor.role not in APPROVERS:
        raise NotPermitted(N_("{login} 只能为自己{what}"), login=actor.login, what=what)
    _active_staff(session, login)
    return login


def _active_staff(session: Session, login: str) -> Staff:
    row = session.exec(select(Staff).where(Staff.login == login)).first()
    if row is None:
        raise NotFound(N_("工作人员“{login}”不存在"), login=login)
    if not row.active:
        raise InputError(N_("工作人员 {login} 已停用"), login=login)
    return row


def _today_row(session: Session, login: str, day: date) -> AttendanceDay | None:
    return session.exec(select(AttendanceDay).where(AttendanceDay.login == login, AttendanceDay.day == day)).first()


def _active_away_rows(session: Session, now: datetime, login: str | None = None) -> list[AwayNotice]:
    stmt = select(AwayNotice).where(col(AwayNotice.ended_at).is_(None), AwayNotice.returns_at > now,
                                    AwayNotice.starts_at <= now)
    if login is not None:
        stmt = stmt.where(AwayNotice.login == login)
    return list(session.exec(stmt.order_by(col(AwayNotice.returns_at), col(AwayNotice.id))).all())


def _away_view(session: Session, row: AwayNotice, names: dict[str, str], tz: tzinfo | None) -> AwayView:
    posts = tuple(session.exec(select(RosterPost.name).where(RosterPost.a_login == row.login)
                               .order_by(col(RosterPost.code))).all())
    return AwayView(row.id or 0, row.login, names.get(row.login, row.login), row.place,
                    _local(row.starts_at, tz) or row.starts_at, _local(row.returns_at, tz) or row.returns_at,
                    row.cover, names.get(row.cover, row.cover) if row.cover else None, posts,
                    _local(row.ended_at, tz))


def _status(session: Session, login: str, clock: Clock) -> AttendanceStatus:
    now, tz = clock.now(), clock.now().tzinfo
    row = _today_row(session, login, clock.today())
    away = _active_away_rows(session, now, login)
    return AttendanceStatus(login, clock.today(), _local(row.signed_in_at, tz) if row else None,
                            _local(row.signed_out_at, tz) if row else None,
                            _away_view(session, away[0], _names(session), tz) if away else None)


# --- sign in and out ------------------------------------------------------------------------------


def sign_in(db: Database, actor: Actor, clock: Clock) -> AttendanceStatus:
    """签到: once a day, for oneself."""
    actor.require(PRESENT_ROLES, N_("签到"))
    now, today = clock.now(), clock.today()
    with db.write() as session:
        if _today_row(session, actor.login, today) is not None:
            raise Conflict(N_("{login} 今天（{day}）已签到"), login=actor.login, day=today.isoformat())
        session.add(AttendanceDay(login=actor.login, day=today, signed_in_at=now))
        session.flush()
        audit.append(session, actor, now, "attendance.sign_in", "attendance", actor.login,
                     after={"day": today.isoformat(), "at": _hm(now)})
        return _status(session, actor.login, clock)


def sign_out(db: Database, actor: Actor, clock: Clock) -> AttendanceStatus:
    """签退: once, after that day's sign-in."""
    actor.require(PRESENT_ROLES, N_("签退"))
    now, today = clock.now(), clock.today()
    with db.write() as session:
        row = _today_row(session, actor.login, today)
        if row is None:
            raise Conflict(N_("{login} 今天（{day}）尚未签到，不能签退"), login=actor.login, day=today.isoformat())
        if row.signed_out_at is not None:
            raise Conflict(N_("{login} 今天（{day}）已签退"), login=actor.login, day=today.isoformat())
        row.signed_out_at = now
        session.add(row)
        session.flush()
        audit.append(session, actor, now, "attendance.sign_out", "attendance", actor.login,
                     after={"day": today.isoformat(), "at": _hm(now)})
        return _status(session, actor.login, clock)


def status(db: Database, actor: Actor, clock: Clock) -> AttendanceStatus:
    """The actor's own state today (signed in? away?): anyone may ask about themselves."""
    with db.read() as session:
        return _status(session, actor.login, clock)


# --- 延时服务 ----------------------------------------------------------------------------------------


def record_overtime(db: Database, actor: Actor, clock: Clock, minutes: int, what: str, *,
                    login: str | None = None, day: date | None = None) -> AttendanceRecord:
    """延时服务: `minutes` of service after hours on `day` (today by default; never a future day)."""
    what = text.clean(what, N_("服务内容"), max_len=500)
    if not 1 <= int(minutes) <= MAX_OVERTIME_MINUTES:
        raise InputError(N_("{field}应在 1 到 {max} 之间"), field=N_("延时分钟数"), max=MAX_OVERTIME_MINUTES)
    today = clock.today()
    day = day or today
    if day > today:
        raise InputError(N_("不能登记未来日期（{day}）的延时服务"), day=day.isoformat())
    if day < today - timedelta(days=MAX_BACK_DAYS):
        raise InputError(N_("延时服务须在 {n} 天内登记"), n=MAX_BACK_DAYS)
    now = clock.now()
    with db.write() as session:
        who = _person(session, actor, login, N_("登记延时服务"))
        row = OvertimeService(login=who, day=day, minutes=int(minutes), what=what, recorded_at=now,
                              recorded_by=actor.login)
        session.add(row)
        session.flush()
        audit.append(session, actor, now, "attendance.overtime", "attendance", who,
                     after={"id": row.id, "day": day.isoformat(), "minutes": int(minutes), "what": what})
        return AttendanceRecord("overtime", day, who, _names(session).get(who, who), "", "", int(minutes), what)


# --- 去向告知 ----------------------------------------------------------------------------------------


def announce_away(db: Database, actor: Actor, clock: Clock, place: str, returns_at: datetime | time, *,
                  cover: str | None = None, login: str | None = None) -> AwayView:
    """去向告知: away from the desk now, back by `returns_at` (a time today, or an instant later today).
    One at a time: a second while the first lasts is refused (say `come_back` first)."""
    place = text.clean(place, N_("去向"), max_len=100)
    now, today = clock.now(), clock.today()
    back = datetime.combine(today, returns_at, now.tzinfo) if isinstance(returns_at, time) else returns_at
    if back.tzinfo is None:
        back = back.replace(tzinfo=now.tzinfo)
    if back <= now:
        raise InputError(N_("返回时间 {at} 须晚于现在"), at=_hm(back))
    if back.astimezone(now.tzinfo).date() != today:
        raise InputError(N_("去向告知只用于当天的短时离岗；更长的请假或出差请走请假手续"))
    with db.write() as session:
        who = _person(session, actor, login, N_("登记去向告知"))
        if cover is not None:
            cover = text.login(cover)
            if cover == who:
                raise InputError(N_("照看岗位的人不能是离岗者本人"))
            _active_staff(session, cover)
        if _active_away_rows(session, now, who):
            raise Conflict(N_("{login} 已有未结束的去向告知"), login=who)
        row = AwayNotice(login=who, place=place, cover=cover, starts_at=now, returns_at=back, created_by=actor.login)
        session.add(row)
        session.flush()
        audit.append(session, actor, now, "attendance.away", "attendance", who,
                     after={"id": row.id, "place": place, "returns_at": _hm(back), "cover": cover})
        return _away_view(session, row, _names(session), now.tzinfo)


def come_back(db: Database, actor: Actor, clock: Clock, *, login: str | None = None) -> AwayView:
    """Back at the desk before the announced time: the notice leaves the board now (kept on record)."""
    now = clock.now()
    with db.write() as session:
        who = _person(session, actor, login, N_("结束去向告知"))
        rows = _active_away_rows(session, now, who)
        if not rows:
            raise NotFound(N_("{login} 没有未结束的去向告知"), login=who)
        row = rows[0]
        row.ended_at = now
        session.add(row)
        session.flush()
        audit.append(session, actor, now, "attendance.back", "attendance", who,
                     after={"id": row.id, "at": _hm(now)})
        return _away_view(session, row, _names(session), now.tzinfo)


def active_away(session: Session, clock: Clock) -> tuple[AwayView, ...]:
    """Absences announced and lasting now, soonest back first: what the public board shows. Inside the
    caller's read (the board's one snapshot); nothing here is private (name, post, where, back when)."""
    rows = _active_away_rows(session, clock.now())
    if not rows:
        return ()
    names = _names(session)
    return tuple(_away_view(session, r, names, clock.now().tzinfo) for r in rows)


# --- reading --------------------------------------------------------------------------------------


def list_records(db: Database, actor: Actor, clock: Clock, start: date, end: date, *,
                 login: str | None = None) -> list[AttendanceRecord]:
    """Days signed, after-hours service and absences announced in [start, end], by day, person and kind.
    Staff see their own; leaders, admins and supervisors anyone's (everyone's when `login` is None)."""
    if end < start:
        raise InputError(N_("结束日期不能早于开始日期"))
    if (end - start).days > 366:
        raise InputError(N_("查询范围不能超过一年"))
    if actor.role not in READ_ALL:
        if login not in (None, actor.login):
            raise NotPermitted(N_("{login}（{role}）无权{what}"), login=actor.login, role=actor.role.value,
                               what=N_("查看他人的考勤"))
        login = actor.login
    elif login is not None:
        login = text.login(login)
    tz = clock.now().tzinfo
    out: list[tuple[tuple, AttendanceRecord]] = []
    with db.read() as session:
        names = _names(session)
        days = select(AttendanceDay).where(col(AttendanceDay.day) >= start, col(AttendanceDay.day) <= end)
        extra = select(OvertimeService).where(col(OvertimeService.day) >= start, col(OvertimeService.day) <= end)
        # Instants of absences: a day's margin either side (SQLite stores wall-clock time), then the office day.
        lo = datetime.combine(start, time.min, tz) - timedelta(days=1)
        hi = datetime.combine(end, time.max, tz) + timedelta(days=1)
        away = select(AwayNotice).where(AwayNotice.starts_at >= lo, AwayNotice.starts_at <= hi)
        if login is not None:
            days = days.where(AttendanceDay.login == login)
            extra = extra.where(OvertimeService.login == login)
            away = away.where(AwayNotice.login == login)
        for d in session.exec(days).all():
            rec = AttendanceRecord("day", d.day, d.login, names.get(d.login, d.login),
                                   _hm(_local(d.signed_in_at, tz)), _hm(_local(d.signed_out_at, tz)), None, "")
            out.append(((d.day, d.login, 0, d.id), rec))
        for o in session.exec(extra).all():
            rec = AttendanceRecord("overtime", o.day, o.login, names.get(o.login, o.login), "", "", o.minutes, o.what)
            out.append(((o.day, o.login, 1, o.id), rec))
        for a in session.exec(away).all():
            began = _local(a.starts_at, tz) or a.starts_at
            if not start <= began.date() <= end:
                continue
            ended = _local(a.ended_at, tz) if a.ended_at is not None else _local(a.returns_at, tz)
            what = a.place + (f" / {names.get(a.cover, a.cover)}" if a.cover else "")
            rec = AttendanceRecord("away", began.date(), a.login, names.get(a.login, a.login), _hm(began),
                                   _hm(ended), None, what)
            out.append(((began.date(), a.login, 2, a.id), rec))
    return [r for _, r in sorted(out, key=lambda p: p[0])]


# --- figures for reports and the assessment (inside the caller's read) -----------------------------


def days_present(session: Session, start: date, end: date) -> dict[str, int]:
    """Login -> number of distinct office days in [start, end] the person signed in. Runs inside the
    caller's unit of work (reports read it in their own snapshot); one SQL aggregate, no rows loaded."""
    rows = session.exec(
        select(AttendanceDay.login, func.count(func.distinct(AttendanceDay.day)))
        .where(col(AttendanceDay.day) >= start, col(AttendanceDay.day) <= end)
        .group_by(AttendanceDay.login)).all()
    return {login: int(n) for login, n in rows}


def overtime_minutes(session: Session, start: date, end: date) -> dict[str, int]:
    """Login -> minutes of 延时服务 recorded for days in [start, end]; one SQL aggregate."""
    rows = session.exec(
        select(OvertimeService.login, func.sum(OvertimeService.minutes))
        .where(col(OvertimeService.day) >= start, col(OvertimeService.day) <= end)
        .group_by(OvertimeService.login)).all()
    return {login: int(n or 0) for login, n in rows}
