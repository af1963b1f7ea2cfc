"""December at the counter, through the real command: a 20-working-day matter is registered with a
provisional due date, then the official 2027 schedule is imported and the case is re-dated and listed."""

from __future__ import annotations

import json

from holiday_tables import OFFICIAL_2027

DECEMBER = {"QUANCHENG_TEST_NOW": "2026-12-10T10:00:00+08:00"}
ID = "11010519491231002X"


def test_december_registration_then_import(cli, demo_db, tmp_path):
    r = cli("case", "register", "--matter", "MZ-001", "--applicant", "张三丰", "--id-number", ID, "--json",
            db=demo_db, user="zhangwei", env=DECEMBER)
    assert r.code == 0, r.err
    case = json.loads(r.out)
    assert (case["status"], case["due_on"], case["provisional"]) == ("accepted", "2027-01-08", True)
    number = case["number"]
    receipt = tmp_path / "receipt.txt"
    r = cli("case", "print", number, "--form", "receipt", "--out", str(receipt), db=demo_db, user="zhangwei",
            env=DECEMBER)
    assert r.code == 0, r.err
    assert "2027年1月8日（预计" in receipt.read_text(encoding="utf-8-sig")
    r = cli("case", "list", "--format", "json", db=demo_db, user="zhangwei", env=DECEMBER)
    row = next(x for x in json.loads(r.out) if x["number"] == number)
    assert row["provisional"] is True

    f = tmp_path / "2027.toml"
    f.write_text(OFFICIAL_2027, encoding="utf-8")
    slips = tmp_path / "slips"
    r = cli("calendar", "import", str(f), "--notices", str(slips), db=demo_db, user="admin", env=DECEMBER)
    assert r.code == 1 and "slips" in r.err  # the folder must exist: checked before anything changes
    slips.mkdir()
    r = cli("calendar", "import", str(f), "--notices", str(slips), db=demo_db, user="admin", env=DECEMBER)
    assert r.code == 0, r.err
    moved = [line.split("\t") for line in r.out.splitlines()]
    assert [number, "2027-01-08", "2027-01-11", "zhangwei"] in moved
    assert "办结期限随之变更" in r.err
    shown = json.loads(cli("case", "show", number, "--json", db=demo_db, user="zhangwei", env=DECEMBER).out)
    assert (shown["due_on"], shown["provisional"]) == ("2027-01-11", False)
    assert shown["events"][-1]["type"] == "redated"
    [pdf] = [p for p in slips.iterdir() if number in p.name]
    assert pdf.stat().st_mode & 0o777 == 0o600
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert number in text and "2027年1月11日" in text and "2027年1月8日" in text


def test_deadline_in_a_year_without_schedule(cli, tmp_path):
    db = tmp_path / "x.db"
    r = cli("deadline", "2026-12-10", "20", db=db)
    assert r.code == 1 and len(r.err.strip().splitlines()) == 1
    assert "--provisional" in r.err and "calendar import" in r.err and "2027" in r.err
    r = cli("--lang", "en", "deadline", "2026-12-10", "20", db=db)
    assert r.code == 1 and "--provisional" in r.err and "official holiday schedule" in r.err
    r = cli("deadline", "2026-12-10", "20", "--provisional", "--json", db=db)
    assert r.code == 0 and json.loads(r.out)["due"] == "2027-01-08" and json.loads(r.out)["provisional"] is True
    assert cli("deadline", "2026-12-01", "20", db=db).out.strip() == "2026-12-29"
    r = cli("calendar", "show", "2027", "--json", db=db)
    assert r.code == 0 and json.loads(r.out)["origin"] == "provisional"
    r = cli("calendar", "check", "2027", db=db)
    assert r.code == 1 and "calendar import" in r.err


def test_a_shipped_year_re_dating_cases_is_told_once_on_stderr(cli, demo_db):
    """A database that last recorded 2024-2025 as shipped meets this release (2026 shipped): its open cases are
    re-dated by the first command that opens it, which says so on stderr (the TUI shows it on screen)."""
    import sqlite3

    with sqlite3.connect(demo_db) as con:
        (number,) = con.execute("SELECT number FROM cases WHERE status = 'accepted' AND due_on IS NOT NULL "
                                "ORDER BY number LIMIT 1").fetchone()
        con.execute("UPDATE cases SET due_on = '2026-12-31' WHERE number = ?", (number,))  # not what 2026 gives
        con.execute("UPDATE setting SET value = '[2024, 2025]' WHERE key = 'calendar.shipped_years'")
        assert con.total_changes == 2
    r = cli("case", "show", number, "--json", db=demo_db, user="zhangwei")
    assert r.code == 0, r.err
    told = next(line for line in r.err.splitlines() if line.startswith("随程序提供的 "))
    assert "2026" in told and "年节假日安排已生效" in told and "件未办结案件的办结期限随之变更" in told
    assert json.loads(r.out)["due_on"] != "2026-12-31"
    again = cli("case", "show", number, "--json", db=demo_db, user="zhangwei")
    assert again.code == 0 and "随程序提供的" not in again.err
