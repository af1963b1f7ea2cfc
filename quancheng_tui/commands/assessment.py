"""assessment show | print | settings: the quarterly assessment of the staff (issue 15 item 2).

show goes through the listing commands' one output path (common.emit); print writes the 考核表 PDF to a
file, whole and readable by its owner only, as reports are.
"""

from __future__ import annotations

import typer

from . import common

app = typer.Typer(help="季度考核：按办件、效率、满意度、出勤和投诉给每位工作人员打分、排名", no_args_is_help=True)

QUARTER = typer.Option(None, "--quarter", help="季度 YYYY-Qn（默认：上个季度）")


def _assessment(ctx: typer.Context, quarter: str | None):
    from ..domain import periods
    from ..services import assessment

    db = common.open_db(ctx)
    year = q = None
    if quarter:
        period = periods.parse_quarter(quarter)
        year, q = period.start.year, (period.start.month - 1) // 3 + 1
    return db, assessment.quarterly(db, common.actor(ctx, db), common.clock(), year, q)


@app.command("show")
def show(ctx: typer.Context, quarter: str | None = QUARTER, fmt: str = common.FORMAT,
         json_: bool = common.JSON) -> None:
    """每人一行：名次、各项得分、总分、等次、一票否决与处理（第二十八、二十九条）。"""
    from ..services import assessment_files

    _db, a = _assessment(ctx, quarter)
    fmt = common.output_format(json_, fmt)
    rows = assessment_files.rows(a)
    t = common.t(ctx)
    if fmt == "table":
        rows = [assessment_files.readable(r, t) for r in rows]
    common.emit(rows, fmt, assessment_files.COLUMNS,
                headers=[t(assessment_files.HEADERS[c]) for c in assessment_files.COLUMNS])
    common.echo_err(t("{year} 年第 {q} 季度（{start} 至 {end}）：{n} 人", year=a.year, q=a.quarter,
                      start=a.start.isoformat(), end=a.through.isoformat(), n=len(a.people)))


@app.command("print")
def print_(ctx: typer.Context, quarter: str | None = QUARTER,
           out: str = typer.Option(..., "--out", "-o", "--output", help="输出的 PDF 文件")) -> None:
    """打印季度考核表（PDF）。"""
    from pathlib import Path

    from ..errors import N_, InputError
    from ..services import assessment_files, setup
    from ..services.tabular import Output

    target = Path(out).expanduser()
    if target.is_dir():
        raise InputError(N_("{path} 是文件夹，请给出文件名"), path=str(target))
    db, a = _assessment(ctx, quarter)
    office = setup.office(db)
    data = assessment_files.pdf(a, office.name if office else "")
    with Output(path=target).pending(sensitive=True) as pending:
        pending.stream.write(data)
        pending.publish()
    common.echo_err(common.t(ctx)("已生成季度考核表：{path}", path=str(target)))


@app.command("settings")
def settings(
    ctx: typer.Context,
    workload: int | None = typer.Option(None, "--workload", help="办件量权重"),
    on_time: int | None = typer.Option(None, "--on-time", help="按时办结权重"),
    satisfaction: int | None = typer.Option(None, "--satisfaction", help="群众满意权重"),
    attendance: int | None = typer.Option(None, "--attendance", help="出勤权重"),
    complaints: int | None = typer.Option(None, "--complaints", help="投诉权重"),
    pass_mark: int | None = typer.Option(None, "--pass-mark", help="合格分数线（默认 60）"),
    excellent_mark: int | None = typer.Option(None, "--excellent-mark", help="优秀分数线（默认 90）"),
    complaint_penalty: int | None = typer.Option(None, "--complaint-penalty", help="每件属实投诉扣分（默认 50）"),
    veto_complaints: int | None = typer.Option(None, "--veto-complaints",
                                               help="属实投诉满几件一票否决（0 为不否决，默认 2）"),
    veto_accountability: bool | None = typer.Option(None, "--veto-accountability/--no-veto-accountability",
                                                    help="通报批评或诫勉是否一票否决（默认是）"),
    fmt: str = common.FORMAT, json_: bool = common.JSON,
) -> None:
    """查看或修改考核设置（修改须管理员）。"""
    from dataclasses import asdict

    from ..services import assessment, assessment_files

    db = common.open_db(ctx)
    changes = dict(workload=workload, on_time=on_time, satisfaction=satisfaction, attendance=attendance,
                   complaints=complaints, pass_mark=pass_mark, excellent_mark=excellent_mark,
                   complaint_penalty=complaint_penalty, veto_complaints=veto_complaints,
                   veto_accountability=veto_accountability)
    actor = common.actor(ctx, db)
    if any(v is not None for v in changes.values()):
        weights = assessment.configure(db, actor, common.clock(), **changes)
    else:
        weights = assessment.current_weights(db, actor)
    t = common.t(ctx)
    fmt = common.output_format(json_, fmt)
    rows = [{"key": k, "setting": t(assessment_files.SETTING_LABELS[k]), "value": v}
            for k, v in asdict(weights).items()]
    if fmt == "table":
        rows = [{**r, "value": (t("是") if r["value"] else t("否")) if isinstance(r["value"], bool) else r["value"]}
                for r in rows]
    common.emit(rows, fmt, ["key", "setting", "value"], headers=[t("代码"), t("设置"), t("值")])
