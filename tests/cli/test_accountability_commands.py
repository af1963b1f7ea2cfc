"""`accountability list|decide|bulletin` (issue 15 item 3) on a copy of the demo office (fixed clock
2026-03-16): the demo's overdue cases enter by themselves, a leader decides, the 通报 is read back."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

from pypdf import PdfReader


def one_line(text: str) -> str:
    lines = [x for x in text.splitlines() if x.strip()]
    assert len(lines) == 1, text
    return lines[0]


def overdue_in_db(db: Path) -> set[str]:
    with sqlite3.connect(db) as con:
        return {r[0] for r in con.execute(
            "SELECT number FROM cases WHERE due_on < '2026-03-16' AND status IN ('accepted', 'in_progress', "
            "'reported_up') AND id NOT IN (SELECT case_id FROM case_event WHERE data LIKE '%\"cause\": \"applicant\"%')")}


def test_list_decide_and_bulletin(cli, demo_db, tmp_path):
    db = demo_db
    r = cli("accountability", "list", "--json", db=db, user="lixiang")
    assert r.code == 0, r.err
    rows = json.loads(r.out)
    listed = {x["case"] for x in rows if x["source"] == "overdue"}
    assert overdue_in_db(db) <= listed and listed  # every open overdue case is there
    again = json.loads(cli("accountability", "list", "--json", db=db, user="zhaomin").out)
    assert [x["id"] for x in again] == [x["id"] for x in rows]  # a second read adds nothing
    entry = next(x for x in rows if x["login"] != "lixiang")
    r = cli("accountability", "decide", str(entry["id"]), "--measure", "通报批评", "--reason", "无正当理由超期",
            db=db, user="lixiang")
    assert r.code == 0 and "通报批评" in one_line(r.err)
    r = cli("--lang", "en", "accountability", "decide", str(entry["id"]), "--measure", "fire", "--reason", "x",
            db=db, user="lixiang")
    assert r.code == 1 and one_line(r.err).startswith("Invalid measure")
    r = cli("accountability", "decide", str(entry["id"]), "--measure", "remind", "--reason", "x", db=db,
            user="zhangwei")
    assert r.code == 1 and r.out == ""
    r = cli("accountability", "list", "--undecided", "--format", "csv", db=db, user="admin")
    got = list(csv.DictReader(io.StringIO(r.out)))
    assert len(got) == len(rows) - 1 and str(entry["id"]) not in {x["id"] for x in got}
    assert list(got[0])[:3] == ["id", "occurred_on", "source"]
    r = cli("accountability", "list", db=db, user="zhangwei")
    assert r.code == 1 and r.out == ""
    out = tmp_path / "通报.pdf"
    r = cli("accountability", "bulletin", "--from", "2026-01-01", "--to", "2026-03-16", "-o", str(out), db=db,
            user="lixiang")
    assert r.code == 0, r.err
    body = "".join(p.extract_text() for p in PdfReader(str(out)).pages)
    assert "责任追究情况通报" in body and "无正当理由超期" in body
    r = cli("accountability", "bulletin", "-o", str(tmp_path / "x.doc"), db=db, user="lixiang")
    assert r.code == 1 and not (tmp_path / "x.doc").exists()
