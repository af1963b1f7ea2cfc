"""`quancheng assessment show|print|settings` (issue 15 item 2) on a copy of the demo office, the clock fixed
at 2026-03-16 (the last finished quarter is 2025-Q4; 2026-Q1 is the quarter so far): every format read
back and held against the service's own result (whose arithmetic tests/services/test_assessment.py proves)."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path

from pypdf import PdfReader

from quancheng_tui.services import assessment, staff
from quancheng_tui.services.context import fixed_clock
from quancheng_tui.store.database import Database


def service_result(db: Path, year: int, q: int):
    from quancheng_at import FIXED_NOW

    database = Database.open(str(db))
    try:
        return assessment.quarterly(database, staff.actor_for(database, "lixiang"), fixed_clock(FIXED_NOW), year, q)
    finally:
        database.dispose()


def test_show_csv_and_json_are_the_services_result(cli, demo_db):
    r = cli("assessment", "show", "--quarter", "2026-Q1", "--format", "csv", db=demo_db, user="lixiang")
    assert r.code == 0, r.err
    rows = list(csv.DictReader(io.StringIO(r.out)))
    want = service_result(demo_db, 2026, 1)
    assert len(want.people) >= 4 and any(p.result.score < 100 for p in want.people)  # a result that can fail
    assert [(row["login"], int(row["rank"]), float(row["score"]), row["grade"]) for row in rows] == [
        (p.login, p.rank, p.result.score, p.result.grade) for p in want.people]
    assert "2026 年第 1 季度（2026-01-01 至 2026-03-16）" in r.err  # the quarter so far, said on stderr
    j = cli("assessment", "show", "--quarter", "2026-Q1", "--json", db=demo_db, user="lixiang")
    assert [p["login"] for p in json.loads(j.out)] == [p.login for p in want.people]


def test_show_table_reads_in_words_of_either_language(cli, demo_db):
    zh = cli("assessment", "show", "--quarter", "2026-Q1", db=demo_db, user="lixiang")
    assert zh.code == 0, zh.err
    assert "名次" in zh.out and "总分" in zh.out and ("合格" in zh.out or "优秀" in zh.out or "不合格" in zh.out)
    en = cli("--lang", "en", "assessment", "show", "--quarter", "2026-Q1", db=demo_db, user="lixiang")
    assert en.code == 0, en.err
    assert "Rank" in en.out and "Score" in en.out
    names = "".join(p.name for p in service_result(demo_db, 2026, 1).people)  # names are data
    assert not [ch for ch in en.out if "\u4e00" <= ch <= "\u9fff" and ch not in names]  # every word is English


def test_print_writes_a_private_pdf_whose_text_reads_back(cli, demo_db, tmp_path):
    out = tmp_path / "考核表.pdf"
    r = cli("assessment", "print", "--quarter", "2026-Q1", "-o", str(out), db=demo_db, user="lixiang")
    assert r.code == 0, r.err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "2026年第1季度工作人员考核表" in text and "考核小组" in text
    first = service_result(demo_db, 2026, 1).people[0]
    assert first.name in text and f"{first.result.score:.1f}" in text


def test_settings_are_shown_to_leaders_and_changed_by_admins_only(cli, demo_db):
    shown = cli("assessment", "settings", "--json", db=demo_db, user="lixiang")
    assert shown.code == 0, shown.err
    assert {r["key"]: r["value"] for r in json.loads(shown.out)}["on_time"] == 30
    refused = cli("assessment", "settings", "--on-time", "40", db=demo_db, user="lixiang")
    assert refused.code == 1 and refused.err.count("\n") == 1 and "无权" in refused.err
    bad = cli("assessment", "settings", "--pass-mark", "95", db=demo_db, user="admin")
    assert bad.code == 1 and "优秀分数线" in bad.err and "Traceback" not in bad.err
    ok = cli("assessment", "settings", "--on-time", "40", "--no-veto-accountability", "--json", db=demo_db,
             user="admin")
    assert ok.code == 0, ok.err
    values = {r["key"]: r["value"] for r in json.loads(ok.out)}
    assert (values["on_time"], values["veto_accountability"], values["workload"]) == (40, False, 20)


def test_who_may_not_see_it(cli, demo_db):
    r = cli("assessment", "show", db=demo_db, user="zhangwei")
    assert r.code == 1 and "无权" in r.err
    bad = cli("assessment", "show", "--quarter", "2026-Q5", db=demo_db, user="lixiang")
    assert bad.code == 1 and "Traceback" not in bad.err
