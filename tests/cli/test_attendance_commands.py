"""`attendance sign-in|sign-out|overtime|away|list` (issue 15 item 4) on a copy of the demo office, on the
fixed clock (Monday 2026-03-16 09:30 +08:00)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path


def one_line(text: str) -> str:
    lines = [x for x in text.splitlines() if x.strip()]
    assert len(lines) == 1, text
    return lines[0]


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as con:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_sign_in_and_out_once(cli, empty_demo_db):
    db = empty_demo_db
    r = cli("attendance", "sign-in", db=db, user="zhangwei")
    assert (r.code, r.out.strip(), one_line(r.err)) == (0, "2026-03-16", "已签到：09:30")
    r = cli("attendance", "sign-in", db=db, user="zhangwei")
    assert r.code == 1 and "已签到" in one_line(r.err)
    r = cli("--lang", "en", "attendance", "sign-out", db=db, user="zhangwei")
    assert r.code == 0 and one_line(r.err) == "Signed out: 09:30"
    r = cli("attendance", "sign-out", db=db, user="zhangwei")
    assert r.code == 1 and "已签退" in one_line(r.err) and r.out == ""
    r = cli("attendance", "sign-in", db=db, user="zhaomin")  # a supervisor has no attendance
    assert r.code == 1 and one_line(r.err)
    assert count(db, "attendance_day") == 1


def test_overtime_and_away_listed_in_every_format(cli, empty_demo_db):
    db = empty_demo_db
    assert cli("attendance", "sign-in", db=db, user="liuna").code == 0
    r = cli("attendance", "overtime", "--minutes", "40", "--what", "为群众延时办理", "--day", "2026-03-13",
            db=db, user="liuna")
    assert r.code == 0 and "40" in one_line(r.err)
    r = cli("attendance", "overtime", "--minutes", "40", "--what", "x", "--for", "liuna", db=db, user="zhangwei")
    assert r.code == 1 and one_line(r.err)  # a clerk records only their own
    r = cli("attendance", "away", "--to", "下村入户", "--until", "11:00", "--cover", "zhangwei", db=db, user="liuna")
    assert r.code == 0 and "11:00" in one_line(r.err)
    r = cli("attendance", "away", "--to", "县里", "--until", "9:00", db=db, user="zhangwei")
    assert r.code == 1 and "09:00" in one_line(r.err)  # already past
    r = cli("attendance", "away", "--to", "县里", "--until", "noon", db=db, user="zhangwei")
    assert r.code == 1 and "HH:MM" in one_line(r.err)
    r = cli("attendance", "away", "--to", "县里", db=db, user="zhangwei")
    assert r.code == 1 and "--until" in one_line(r.err)
    r = cli("attendance", "list", "--json", db=db, user="lixiang")
    rows = json.loads(r.out)
    assert [(x["day"], x["kind"], x["login"], x["minutes"]) for x in rows] == [
        ("2026-03-13", "overtime", "liuna", 40), ("2026-03-16", "day", "liuna", None),
        ("2026-03-16", "away", "liuna", None)]
    assert rows[2]["what"] == "下村入户 / 张伟" and (rows[2]["start"], rows[2]["end"]) == ("09:30", "11:00")
    r = cli("attendance", "list", "--format", "csv", "--from", "2026-03-16", db=db, user="liuna")
    got = list(csv.DictReader(io.StringIO(r.out)))
    assert list(got[0]) == ["day", "kind", "login", "name", "start", "end", "minutes", "what"]
    assert [x["kind"] for x in got] == ["day", "away"]
    r = cli("attendance", "list", "--login", "liuna", db=db, user="zhangwei")
    assert r.code == 1 and r.out == ""
    r = cli("attendance", "list", "--format", "xml", db=db, user="liuna")
    assert r.code == 2 and r.out == ""
    r = cli("attendance", "away", "--back", db=db, user="liuna")
    assert r.code == 0 and one_line(r.err)
    assert cli("attendance", "away", "--back", db=db, user="liuna").code == 1
