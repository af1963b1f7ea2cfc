"""`quancheng report monthly|quarterly|range` (issue 15 item 1; cli-contract.md "Exports and reports") on a
copy of the demo office, the clock fixed at 2026-03-16: every format read back and held against the
service's own figures for the same period (whose arithmetic tests/services/test_reports.py proves)."""

from __future__ import annotations

import csv
import io
import json
import stat
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from quancheng_tui.services import reports, staff
from quancheng_tui.services.context import fixed_clock
from quancheng_tui.store.database import Database

FEBRUARY = (date(2026, 2, 1), date(2026, 2, 28))  # the month before the fixed clock's 2026-03-16


def service_figures(db: Path, start: date, end: date, login: str = "lixiang", village: str | None = None):
    from quancheng_at import FIXED_NOW

    database = Database.open(str(db))
    try:
        return reports.figures(database, staff.actor_for(database, login), fixed_clock(FIXED_NOW), start, end, village)
    finally:
        database.dispose()


def summary_of(rows: list[dict]) -> dict[str, str]:
    return {r["figure"]: r["value"] for r in rows if r["section"] == "summary"}


def test_monthly_defaults_to_last_month_and_csv_reads_back(cli, demo_db):
    r = cli("report", "monthly", "--format", "csv", db=demo_db, user="lixiang")
    assert r.code == 0, r.err
    rows = list(csv.DictReader(io.StringIO(r.out)))
    assert list(rows[0]) == ["section", "item", "figure", "value"]
    want = service_figures(demo_db, *FEBRUARY)
    assert want.received > 0 and want.completed > 0  # the demo has February's cases: the test can fail
    got = summary_of(rows)
    assert (int(got["received"]), int(got["completed"]), int(got["on_time"])) == (
        want.received, want.completed, want.on_time)
    assert float(got["on_time_rate"]) == round(want.on_time_rate, 4)
    per_category = {(r["item"], r["figure"]): int(r["value"]) for r in rows if r["section"] == "category"}
    assert per_category == {**{(c.key, "received"): c.received for c in want.by_category},
                            **{(c.key, "completed"): c.completed for c in want.by_category}}
    staff_rows = {r["item"] for r in rows if r["section"] == "staff"}
    assert staff_rows == {s.login for s in want.staff}


def test_json_is_the_report_as_a_document(cli, demo_db):
    r = cli("report", "quarterly", "--quarter", "2026-Q1", "--format", "json", db=demo_db, user="zhaomin")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    want = service_figures(demo_db, date(2026, 1, 1), date(2026, 3, 31))
    assert (doc["from"], doc["to"], doc["village"]) == ("2026-01-01", "2026-03-31", None)
    assert [m["month"] for m in doc["months"]] == ["2026-01", "2026-02", "2026-03"]
    assert [(m["received"], m["completed"]) for m in doc["months"]] == [(m.received, m.completed) for m in want.months]
    assert doc["summary"]["received"] == want.received == sum(m.received for m in want.months)
    assert doc["overdue_total"] == want.overdue_total
    assert doc["rows"][0] == {"section": "summary", "item": "", "figure": "received", "value": want.received}


def test_xlsx_is_a_private_file_with_a_sheet_per_part(cli, demo_db, tmp_path):
    out = tmp_path / "m.xlsx"
    r = cli("report", "monthly", "--month", "2026-03", "--format", "xlsx", "-o", str(out), db=demo_db, user="admin")
    assert r.code == 0, r.err
    assert r.out == ""
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    wb = load_workbook(out)
    assert wb.sheetnames == ["summary", "by_category", "by_kind", "by_mode", "months", "complaints", "staff",
                             "overdue"]
    want = service_figures(demo_db, date(2026, 3, 1), date(2026, 3, 31))
    summary = {row[0]: row[1] for row in wb["summary"].iter_rows(min_row=2, values_only=True)}
    assert (summary["received"], summary["completed"], summary["breaches"]) == (
        want.received, want.completed, want.breaches)
    people = {row[0]: row for row in wb["staff"].iter_rows(min_row=2, values_only=True)}
    first = want.staff[0]
    assert people[first.login][2:6] == (first.received, first.completed, first.timed, first.on_time)
    overdue = [row[0] for row in wb["overdue"].iter_rows(min_row=2, values_only=True)]
    assert overdue == [o.number for o in want.overdue]


def test_pdf_prints_the_figures_and_the_charts(cli, demo_db, tmp_path):
    out = tmp_path / "q.pdf"
    r = cli("report", "range", "--from", "2026-01-01", "--to", "2026-03-15", "--format", "pdf", "--output", str(out),
            db=demo_db, user="lixiang")
    assert r.code == 0, r.err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    want = service_figures(demo_db, date(2026, 1, 1), date(2026, 3, 15))
    assert "全程协办统计报表" in text
    assert "统计期间：2026年1月1日 至 2026年3月15日" in text
    assert "办件类别：受理与办结" in text  # the bar chart's title
    assert "逐月受理与办结" in text  # the month-by-month line (three months)
    assert "2026-02" in text
    assert f"超期办件（共 {want.overdue_total} 件）" in text
    assert all(s.name in text for s in want.staff)


def test_an_agent_gets_their_village_and_a_clerk_is_refused(cli, demo_db):
    r = cli("report", "monthly", "--format", "json", db=demo_db, user="sunli")
    assert r.code == 0, r.err
    assert json.loads(r.out)["village"] == "V01"
    r = cli("report", "monthly", "--village", "V02", db=demo_db, user="sunli")
    assert (r.code, r.out) == (1, "")
    assert r.err.strip() == "村代办员只能查看本村（V01）的办件"
    r = cli("report", "monthly", db=demo_db, user="zhangwei")
    assert (r.code, r.out) == (1, "")
    assert len(r.err.strip().splitlines()) == 1 and "查看统计报表" in r.err


def test_bad_input_is_one_line_and_writes_nothing(cli, demo_db, tmp_path):
    r = cli("report", "monthly", "--format", "docx", db=demo_db, user="lixiang")
    assert (r.code, r.out) == (2, "")
    assert r.err.strip() == "输出格式“docx”无效，应为 table、csv、xlsx、pdf 或 json"
    r = cli("report", "monthly", "--format", "pdf", db=demo_db, user="lixiang")
    assert (r.code, r.err.strip()) == (1, "pdf 格式须用 --out 指定输出文件")
    r = cli("report", "monthly", "--month", "2026-13", db=demo_db, user="lixiang")
    assert (r.code, r.err.strip()) == (1, "月份“2026-13”无效，应为 YYYY-MM")
    r = cli("report", "range", "--from", "2026-03-31", "--to", "2026-03-01", db=demo_db, user="lixiang")
    assert (r.code, r.err.strip()) == (1, "截止日期 2026-03-01 早于起始日期 2026-03-31")
    r = cli("--lang", "en", "report", "quarterly", "--quarter", "2026-Q5", db=demo_db, user="lixiang")
    assert r.code == 1
    assert r.err.strip() == "Quarter \"2026-Q5\" is not valid; use YYYY-Qn (n from 1 to 4)"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("demo.db")) == []


def test_the_table_reads_in_english(cli, demo_db):
    r = cli("--lang", "en", "report", "monthly", db=demo_db, user="lixiang")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0].split() == ["Section", "Item", "Figure", "Value"]
    assert any(line.startswith("Overall") and "On-time rate" in line for line in lines)
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in r.out)  # no Chinese left on an English table
