"""attendance sign-in | sign-out | overtime | away | list (考勤, issue 15; services/attendance.py)."""

from __future__ import annotations

from datetime import date, time

import typer

from ..errors import N_, InputError
from . import common

app = typer.Typer(help="考勤：签到、签退、延时服务、去向告知", no_args_is_help=True)

COLUMNS = ["day", "kind", "login", "name", "start", "end", "minutes", "what"]


def _day(value: str | None, field: str) -> date | None:
    from .deadline import parse_date

    return parse_date(value, field) if value is not None else None


def _hhmm(value: str) -> time:
    hour, _, minute = value.strip().partition(":")
    if hour.isascii() and hour.isdigit() and minute.isascii() and minute.isdigit() and len(minute) == 2 \
            and int(hour) < 24 and int(minute) < 60:
        return time(int(hour), int(minute))
    raise InputError(N_("{field}“{value}”不是有效时间（HH:MM）"), field="--until", value=value[:20])


def _status_line(ctx: typer.Context, st) -> None:
    t = common.t(ctx)
    if st.signed_out_at is not None:
        common.echo_err(t("已签退：{at}", at=st.signed_out_at.strftime("%H:%M")))
    else:
        common.echo_err(t("已签到：{at}", at=st.signed_in_at.strftime("%H:%M")))
    typer.echo(st.day.isoformat())


@app.command("sign-in")
def sign_in(ctx: typer.Context) -> None:
    """签到（本人，每天一次）。标准输出当天日期。"""
    from ..services import attendance

    db = common.open_db(ctx)
    _status_line(ctx, attendance.sign_in(db, common.actor(ctx, db), common.clock()))


@app.command("sign-out")
def sign_out(ctx: typer.Context) -> None:
    """签退（本人，当天签到之后，一次）。标准输出当天日期。"""
    from ..services import attendance

    db = common.open_db(ctx)
    _status_line(ctx, attendance.sign_out(db, common.actor(ctx, db), common.clock()))


@app.command("overtime")
def overtime(
    ctx: typer.Context,
    minutes: int = typer.Option(..., "--minutes", help="延时服务的分钟数"),
    what: str = typer.Option(..., "--what", help="服务内容"),
    day: str | None = typer.Option(None, "--day", help="日期 YYYY-MM-DD（默认今天）"),
    login: str | None = typer.Option(None, "--for", help="为谁登记（值班领导、管理员；默认本人）"),
) -> None:
    """登记延时服务（下班后仍为群众办理）：谁、哪天、多少分钟、做了什么。"""
    from ..services import attendance

    db = common.open_db(ctx)
    rec = attendance.record_overtime(db, common.actor(ctx, db), common.clock(), minutes, what, login=login,
                                     day=_day(day, "--day"))
    common.echo_err(common.t(ctx)("已登记延时服务：{name}，{day}，{minutes} 分钟", name=rec.name,
                                  day=rec.day.isoformat(), minutes=rec.minutes))


@app.command("away")
def away(
    ctx: typer.Context,
    place: str | None = typer.Option(None, "--to", help="去向（如：下村入户）"),
    until: str | None = typer.Option(None, "--until", help="返回时间 HH:MM（当天）"),
    cover: str | None = typer.Option(None, "--cover", help="离岗期间照看岗位的同事登录名"),
    login: str | None = typer.Option(None, "--for", help="为谁登记（值班领导、管理员；默认本人）"),
    back: bool = typer.Option(False, "--back", help="已返回：结束去向告知"),
) -> None:
    """去向告知：短时离岗，写明去向和返回时间，公示屏上显示到返回为止；--back 表示已返回。"""
    from ..services import attendance

    t = common.t(ctx)
    if not back and (place is None or until is None):
        raise InputError(N_("请同时给出 --to（去向）和 --until（返回时间），或用 --back 表示已返回"))
    db = common.open_db(ctx)
    who, clock = common.actor(ctx, db), common.clock()
    if back:
        view = attendance.come_back(db, who, clock, login=login)
        common.echo_err(t("已结束去向告知：{name}", name=view.name))
        return
    assert place is not None and until is not None
    view = attendance.announce_away(db, who, clock, place, _hhmm(until), cover=cover, login=login)
    common.echo_err(t("已登记去向告知：{name}，{place}，{at} 回", name=view.name, place=view.place,
                      at=view.returns_at.strftime("%H:%M")))


@app.command("list")
def list_(
    ctx: typer.Context,
    from_: str | None = typer.Option(None, "--from", help="起始日期 YYYY-MM-DD（含；默认本月 1 日）"),
    to: str | None = typer.Option(None, "--to", help="截止日期 YYYY-MM-DD（含；默认今天）"),
    login: str | None = typer.Option(None, "--login", help="只列此人（本人以外：值班领导、管理员、监督员）"),
    json_: bool = common.JSON,
    fmt: str = common.FORMAT,
) -> None:
    """列出考勤：签到签退（day）、延时服务（overtime）、去向告知（away），按日期和人。"""
    from ..services import attendance

    fmt = common.output_format(json_, fmt)
    clock = common.clock()
    today = clock.today()
    start = _day(from_, "--from") or today.replace(day=1)
    end = _day(to, "--to") or today
    db = common.open_db(ctx)
    recs = attendance.list_records(db, common.actor(ctx, db), clock, start, end, login=login)
    common.emit([{"day": r.day, "kind": r.kind, "login": r.login, "name": r.name, "start": r.start, "end": r.end,
                  "minutes": r.minutes, "what": r.what} for r in recs], fmt, COLUMNS)


__all__ = ["app"]
