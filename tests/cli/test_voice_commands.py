"""`rating`, `complaint`, `followup` and `export complaints` (issue 14) on a copy of the demo office."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

from openpyxl import load_workbook


def one_line(text: str) -> str:
    lines = [x for x in text.splitlines() if x.strip()]
    assert len(lines) == 1, text
    return lines[0]


def unrated_done(db: Path, n: int) -> list[tuple[str, str]]:
    """(number, owner) of completed cases nobody rated yet (the demo rates a case after its reply)."""
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT number, owner FROM cases WHERE status = 'completed' AND id NOT IN "
                           "(SELECT case_id FROM rating) ORDER BY id").fetchall()
    assert len(rows) >= n
    return rows[:n]


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as con:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_a_rating_is_recorded_once_never_by_who_served_and_a_bad_one_is_followed_up(cli, demo_db):
    (number, owner), = unrated_done(demo_db, 1)
    ratings = count(demo_db, "rating")
    r = cli("rating", "add", number, "--channel", "phone", "--level", "满意", db=demo_db, user=owner)
    assert r.code == 1 and "经办了办件" in one_line(r.err)
    r = cli("rating", "add", number, "--channel", "hall", "--level", "满意", db=demo_db, user="lixiang")
    assert r.code == 1 and "大厅评价终端" in one_line(r.err)
    r = cli("--lang", "en", "rating", "add", number, "--channel", "fax", "--level", "满意", db=demo_db, user="lixiang")
    assert r.code == 1 and one_line(r.err).startswith("Invalid rating channel")
    assert count(demo_db, "rating") == ratings
    r = cli("rating", "add", number, "--channel", "paper", "--level", "不满意", "--attitude", "非常不满意",
            "--real-name", "--json", db=demo_db, user="lixiang")
    assert r.code == 0, r.err
    view = json.loads(r.out)
    assert (view["level"], view["attitude"], view["efficiency"], view["recorded_by"], view["rectification"],
            view["followup"]) == ("不满意", "非常不满意", "不满意", "lixiang", "open", "pending")
    assert view["rectify_due"] == "2026-03-23" and "整改" in r.err
    r = cli("rating", "add", number, "--channel", "sms", "--level", "非常满意", db=demo_db, user="admin")
    assert r.code == 1 and "一次一评" in one_line(r.err)

    r = cli("rating", "rectify", number, "--result", "已整改", db=demo_db, user="lixiang")
    assert r.code == 1 and "须先回访" in one_line(r.err)
    r = cli("followup", "list", "--pending", "--json", db=demo_db, user="zhaomin")
    visit = next(v for v in json.loads(r.out) if v["case"] == number)
    assert visit["reason"] == "rating" and visit["done_on"] is None
    r = cli("followup", "record", str(visit["id"]), "--attitude", "满意", "--quality", "满意", "--efficiency",
            "基本满意", "--note", "已致歉", db=demo_db, user="zhaomin")
    assert r.code == 0, r.err
    r = cli("rating", "rectify", number, "--result", "已约谈经办人", db=demo_db, user="lixiang")
    assert r.code == 0, r.err

    r = cli("rating", "review", number, "--ruling", "malicious", "--reason", "与事实不符", db=demo_db, user="zhaomin")
    assert r.code == 1 and "无权" in one_line(r.err)
    before = json.loads(cli("rating", "figures", db=demo_db, user="zhaomin").out)
    r = cli("rating", "review", number, "--ruling", "malicious", "--reason", "与事实不符", db=demo_db, user="lixiang")
    assert r.code == 0, r.err
    after = json.loads(cli("rating", "figures", db=demo_db, user="zhaomin").out)
    assert (after["rated"], after["bad"], after["reviewed_out"]) == (
        before["rated"] - 1, before["bad"] - 1, before["reviewed_out"] + 1)

    r = cli("rating", "list", "--bad", "--format", "csv", db=demo_db, user="zhaomin")
    rows = list(csv.DictReader(io.StringIO(r.out)))
    mine = next(x for x in rows if x["number"] == number)
    assert (mine["ruling"], mine["rectification"], mine["followup"], mine["channel"]) == (
        "malicious", "closed", "done", "paper")
    assert "*" in mine["rater"]  # the applicant's name, masked


def test_case_act_rate_takes_the_channel_and_keeps_the_same_rule(cli, demo_db):
    (number, owner), = unrated_done(demo_db, 1)
    r = cli("case", "act", number, "rate", "--level", "满意", db=demo_db, user=owner)
    assert r.code == 1  # no channel, and the owner besides: refused either way
    r = cli("case", "act", number, "rate", "--level", "满意", "--channel", "qr", db=demo_db, user=owner)
    assert r.code == 1 and "经办了办件" in one_line(r.err)
    r = cli("case", "act", number, "rate", "--level", "满意", "--channel", "qr", db=demo_db, user="lixiang")
    assert r.code == 0, r.err
    assert r.out.strip() == "completed"
    with sqlite3.connect(demo_db) as con:
        assert con.execute("SELECT r.channel, r.recorded_by FROM rating r JOIN cases c ON c.id = r.case_id "
                           "WHERE c.number = ?", (number,)).fetchone() == ("qr", "lixiang")


def test_complaints_added_answered_listed_published_and_exported(cli, demo_db, tmp_path):
    (number, owner), = unrated_done(demo_db, 1)
    r = cli("complaint", "add", "--complainant", "王小明", "--what", "窗口人员态度生硬", "--channel", "phone",
            "--phone", "13812345678", "--case", number, "--about", owner, db=demo_db, user="zhaomin")
    assert r.code == 0, r.err
    key = r.out.strip()
    assert "2026-03-23" in r.err  # 5 working days from Monday 2026-03-16
    r = cli("complaint", "add", "--complainant", "王小明", "--what", "x", "--channel", "phone", db=demo_db, user="sunli")
    assert r.code == 1 and "无权" in one_line(r.err)
    later = {"QUANCHENG_TEST_NOW": "2026-03-24T09:00:00+08:00"}
    r = cli("complaint", "list", "--overdue", "--json", db=demo_db, user="lixiang", env=later)
    overdue = json.loads(r.out)
    assert key in {str(c["id"]) for c in overdue} and all(c["overdue"] for c in overdue)
    r = cli("complaint", "reply", key, "--reply", "已核实，批评教育", "--finding", "substantiated", db=demo_db,
            user=owner)
    assert r.code == 1
    r = cli("complaint", "reply", key, "--reply", "已核实，批评教育", "--finding", "substantiated", db=demo_db,
            user="lixiang", env=later)
    assert r.code == 0 and "超过答复期限" in r.err
    r = cli("complaint", "list", "--public", "--json", db=demo_db, user="zhaomin", env=later)
    public = {str(c["id"]): c for c in json.loads(r.out)}
    assert public[key]["complainant"] == "王*明" and "王小明" not in r.out and "13812345678" not in r.out

    out = tmp_path / "complaints.csv"
    r = cli("export", "complaints", "--format", "csv", "--out", str(out), db=demo_db, user="lixiang", env=later)
    assert r.code == 0, r.err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    assert len(rows) == count(demo_db, "complaint")
    mine = next(x for x in rows if x["序号"] == key)  # headers for people; a code beside its label (exports)
    assert (mine["投诉人"], mine["联系电话"], mine["办件编号"], mine["调查结论"], mine["finding"], mine["逾期"]) == (
        "王*明", "138****5678", number, "属实", "substantiated", "1")
    xlsx = tmp_path / "complaints.xlsx"
    r = cli("export", "complaints", "--format", "xlsx", "--out", str(xlsx), db=demo_db, user="admin", env=later)
    assert r.code == 0, r.err
    header, *data = [list(x) for x in load_workbook(xlsx, read_only=True).active.iter_rows(values_only=True)]
    assert [str(x[0]) for x in data] == [x["序号"] for x in rows] and header[:4] == ["序号", "收到日期", "投诉渠道",
                                                                                    "channel"]
    r = cli("export", "complaints", "--format", "csv", "--out", str(tmp_path / "a.csv"), db=demo_db, user="sunli")
    assert r.code == 1 and not (tmp_path / "a.csv").exists()


def test_sampled_follow_ups_and_the_settings(cli, demo_db):
    r = cli("rating", "settings", "--sample-percent", "100", db=demo_db, user="lixiang")
    assert r.code == 1 and "无权" in one_line(r.err)
    r = cli("rating", "settings", "--sample-percent", "100", db=demo_db, user="admin")
    assert r.code == 0 and json.loads(r.out)["followup_sample_percent"] == 100
    r = cli("followup", "sample", db=demo_db, user="lixiang")
    assert r.code == 0, r.err
    with sqlite3.connect(demo_db) as con:
        unsampled = con.execute("SELECT count(*) FROM cases WHERE status IN ('completed', 'replied', 'closed') "
                                "AND id NOT IN (SELECT case_id FROM follow_up WHERE reason = 'sample')").fetchone()[0]
    assert unsampled == 0
    r = cli("followup", "sample", db=demo_db, user="lixiang")
    assert r.code == 0 and "0" in r.err


def test_ratings_given_before_the_rating_table_are_kept_by_the_upgrade(demo_db):
    """Migration 0012 copies each case's first "rate" event into `rating` (exports and figures keep them);
    a second rating of one case (the old bug) stays history only. Checked by a real downgrade and upgrade."""
    import sqlite3

    from quancheng_tui.store import migrate
    from quancheng_tui.store.database import Database

    query = "SELECT c.number, r.level FROM rating r JOIN cases c ON c.id = r.case_id ORDER BY c.number"
    with sqlite3.connect(demo_db) as con:
        before = con.execute(query).fetchall()
    assert before
    db = Database.open(str(demo_db))
    migrate.downgrade(db, "0011")
    with sqlite3.connect(demo_db) as con:  # the owner's second, contradicting rating of the first case
        case_id = con.execute("SELECT id FROM cases WHERE number = ?", (before[0][0],)).fetchone()[0]
        other = "非常满意" if before[0][1] != "非常满意" else "不满意"
        con.execute("INSERT INTO case_event (case_id, at, actor, acting_for, type, data) "
                    "VALUES (?, '2026-03-16 10:00:00.000000', 'zhangwei', NULL, 'rate', ?)",
                    (case_id, json.dumps({"level": other})))
    migrate.upgrade(db)
    db.dispose()
    with sqlite3.connect(demo_db) as con:
        after = con.execute(query).fetchall()
    assert after == before
