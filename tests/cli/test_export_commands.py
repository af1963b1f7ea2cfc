"""`quancheng export` (cli-contract.md "Exports and reports") on a copy of the demo office."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook


def secrets(db: Path) -> set[str]:
    """Every full ID and phone number of the demo's applicants."""
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT id_number, phone FROM cases").fetchall()
    found = {v for row in rows for v in row if v and len(v) >= 11}
    assert len(found) > 50
    return found


def audit_rows(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as con:
        # Each token use is audited (issue 18): that entry is the harness's proof of who ran a command.
        return con.execute("SELECT action, actor, after FROM audit WHERE action <> 'token.use' ORDER BY id").fetchall()


def written(folder: Path) -> list[str]:
    """Files in `folder` besides the demo database (which the fixture puts there too)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("demo.db"))


def keyed(text: str, dataset: str = "cases") -> list[dict]:
    """Rows of a CSV file laid out for people, keyed by the JSON keys (a coded value's label column: KEY_label)."""
    from quancheng_tui.services import exports

    reader = csv.reader(io.StringIO(text, newline=""))
    names = {c.label or c.key: c.key + ("_label" if c.values is not None and c.code else "")
             for c in exports._SPECS[dataset].columns}
    header = [names.get(h, h) for h in next(reader)]
    return [dict(zip(header, row)) for row in reader]


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def test_csv_is_masked_by_default_and_opens_with_a_bom(cli, demo_db, tmp_path):
    out = tmp_path / "cases.csv"
    r = cli("export", "cases", "--format", "csv", "--out", str(out), db=demo_db, user="zhangwei")
    assert r.code == 0, r.err
    # one line, ending with the audit trail's anchor to keep with the file (issue 18)
    assert re.fullmatch(rf"已导出 60 条办件记录到 {re.escape(str(out))}；审计日志锚点 \d+:[0-9a-f]{{64}}", one_line(r.err))
    assert r.out == ""
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    rows = keyed(text)
    assert len(rows) == 60 and all("*" in r["id_number"] and "*" in r["phone"] for r in rows if r["id_number"])
    assert not [s for s in secrets(demo_db) if s in text]


def test_xlsx_stores_ids_and_phones_as_text_cells(cli, demo_db, tmp_path):
    out = tmp_path / "cases.xlsx"
    r = cli("export", "cases", "--format", "xlsx", "--out", str(out), "--unmasked", db=demo_db, user="admin")
    assert r.code == 0, r.err
    ws = load_workbook(out).active
    header = [c.value for c in ws[1]]
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == 60
    full = secrets(demo_db)
    for name in ("办件编号", "身份证号", "联系电话"):
        cells = [row[header.index(name)] for row in rows if row[header.index(name)].value]
        assert cells and all(c.data_type == "s" and ws.column_dimensions[c.column_letter].number_format == "@"
                             for c in cells)
    header[header.index("身份证号")] = "id_number"
    assert {row[header.index("id_number")].value for row in rows} & full


def test_json_ndjson_and_stdout(cli, demo_db, tmp_path):
    out = tmp_path / "cases.json"
    r = cli("export", "cases", "--format", "json", "--out", str(out), db=demo_db, user="lixiang")
    assert r.code == 0, r.err
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert len(rows) == 60 and rows[0]["number"].startswith("QS-")
    r = cli("export", "cases", "--format", "ndjson", "--out", "-", db=demo_db, user="lixiang")
    assert r.code == 0 and r.err == ""
    lines = [json.loads(line) for line in r.out.splitlines()]
    assert [x["number"] for x in lines] == [x["number"] for x in rows]
    r = cli("export", "cases", "--format", "csv", "--out", "-", db=demo_db, user="lixiang")
    assert r.code == 0 and r.out.startswith("\ufeff办件编号,受理日期,")
    assert not [s for s in secrets(demo_db) if s in r.out]
    r = cli("export", "cases", "--format", "xlsx", "--out", "-", db=demo_db, user="admin")
    assert r.code == 1 and "xlsx" in one_line(r.err) and r.out == ""


def test_unmasked_by_the_admin_is_audited_and_the_trail_still_verifies(cli, demo_db, tmp_path):
    out = tmp_path / "full.json"
    # The demo office's cases are made on the tests' fixed clock (2026-03-16): this month's so far.
    r = cli("export", "cases", "--from", "2026-03-01", "--to", "2026-03-31", "--format", "json", "--out", str(out),
            "--unmasked", db=demo_db, user="admin")
    assert r.code == 0, r.err
    assert "未脱敏" in one_line(r.err) and "审计" in r.err
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert rows and all(x["received_on"].startswith("2026-03-") for x in rows)
    ids = {x["id_number"] for x in rows} - {""}
    assert ids and ids <= secrets(demo_db)
    action, actor, after = audit_rows(demo_db)[-1]
    assert (action, actor) == ("export", "admin")
    assert json.loads(after) == {"dataset": "cases", "format": "json", "unmasked": True, "rows": len(rows),
                                 "from": "2026-03-01", "to": "2026-03-31", "target": str(out)}
    r = cli("audit", "verify", db=demo_db)
    assert r.code == 0, r.err


def test_unmasked_by_anyone_else_is_refused_and_writes_nothing(cli, demo_db, tmp_path):
    before = audit_rows(demo_db)
    for login in ("zhangwei", "zhaomin"):
        out = tmp_path / f"{login}.csv"
        r = cli("export", "cases", "--format", "csv", "--out", str(out), "--unmasked", db=demo_db, user=login)
        assert r.code == 1 and "无权导出未脱敏的个人信息" in one_line(r.err)
        assert r.out == "" and not out.exists()
    assert audit_rows(demo_db) == before and written(tmp_path) == []


def test_bad_dates_and_datasets_of_later_versions(cli, demo_db, tmp_path):
    out = tmp_path / "x.csv"
    r = cli("export", "cases", "--from", "2026-02-30", "--format", "csv", "--out", str(out), db=demo_db, user="admin")
    assert r.code == 1 and "--from" in one_line(r.err) and "2026-02-30" in r.err
    r = cli("export", "cases", "--to", "yesterday", "--format", "csv", "--out", str(out), db=demo_db, user="admin")
    assert r.code == 1 and "--to" in one_line(r.err)
    r = cli("export", "cases", "--from", "2026-11-02", "--to", "2026-11-01", "--format", "csv", "--out", str(out),
            db=demo_db, user="admin")
    assert r.code == 1 and "--from" in one_line(r.err)
    r = cli("export", "cases", "--format", "pdf", "--out", str(out), db=demo_db, user="admin")
    assert r.code == 2 and "pdf" in one_line(r.err)  # a usage error (cli-contract)
    assert written(tmp_path) == []


def test_an_agent_exports_only_their_village(cli, demo_db, tmp_path):
    with sqlite3.connect(demo_db) as con:
        v01 = {n for (n,) in con.execute("SELECT number FROM cases WHERE village = 'V01'")}
    out = tmp_path / "v01.ndjson"
    r = cli("export", "cases", "--format", "ndjson", "--out", str(out), db=demo_db, user="sunli")
    assert r.code == 0, r.err
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert v01 and {x["number"] for x in rows} == v01 and {x["village"] for x in rows} == {"V01"}
    r = cli("export", "audit", "--format", "csv", "--out", str(tmp_path / "a.csv"), db=demo_db, user="sunli")
    assert r.code == 1 and "无权导出审计日志" in one_line(r.err)


def test_ratings_and_the_audit_trail(cli, demo_db, tmp_path):
    with sqlite3.connect(demo_db) as con:  # done, not rated yet (a demo case is rated after the reply)
        number = con.execute("SELECT number FROM cases WHERE status = 'completed' ORDER BY id").fetchone()[0]
    # given by phone and typed in by the duty leader, who did not serve the case (services/ratings.py)
    r = cli("rating", "add", number, "--channel", "phone", "--level", "非常满意", db=demo_db, user="lixiang")
    assert r.code == 0, r.err
    out = tmp_path / "ratings.csv"
    r = cli("export", "ratings", "--format", "csv", "--out", str(out), db=demo_db, user="zhaomin")
    assert r.code == 0, r.err
    rows = keyed(out.read_text(encoding="utf-8-sig"), "ratings")
    with sqlite3.connect(demo_db) as con:  # the demo's own ratings and the one just given, in rating order
        stored = [(n, level, by or "") for n, level, by in con.execute(
            "SELECT c.number, r.level, r.recorded_by FROM rating r JOIN cases c ON c.id = r.case_id ORDER BY r.id")]
    assert len(stored) > 1 and stored[-1] == (number, "非常满意", "lixiang")
    assert [(x["number"], x["level"], x["recorded_by"]) for x in rows] == stored
    r = cli("export", "ratings", "--to", "2020-01-01", "--format", "json", "--out", "-", db=demo_db, user="zhaomin")
    assert r.code == 0 and json.loads(r.out) == []

    out = tmp_path / "audit.json"
    r = cli("export", "audit", "--format", "json", "--out", str(out), db=demo_db, user="zhaomin")
    assert r.code == 0, r.err
    entries = [e for e in json.loads(out.read_text(encoding="utf-8")) if e["action"] != "token.use"]
    assert [e["action"] for e in entries] == [a for a, _, _ in audit_rows(demo_db)]
    assert entries[-1]["action"] == "case.rate" and len(entries[-1]["hash"]) == 64
    assert not [s for s in secrets(demo_db) if s in out.read_text(encoding="utf-8")]


def test_the_roster_exports_and_imports_back(cli, demo_db, tmp_path):
    """`export roster` writes the demo month's duty periods as a file `roster import` takes again."""
    import csv

    out = tmp_path / "roster.csv"
    r = cli("export", "roster", "--format", "csv", "--out", str(out), db=demo_db, user="zhaomin")
    assert r.code == 0, r.err
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert rows and rows[0]["clerks"] and rows[0]["leader"] == "lixiang"
    again = cli("roster", "import", str(out), db=demo_db, user="admin")
    assert again.code == 0, again.err


def test_headers_chinese_by_default_english_with_lang_en_and_no_progress_off_a_terminal(cli, demo_db, tmp_path):
    zh, en = tmp_path / "zh.csv", tmp_path / "en.csv"
    r = cli("export", "cases", "--format", "csv", "--out", str(zh), db=demo_db, user="lixiang")
    assert r.code == 0 and one_line(r.err).startswith("已导出 60 条")  # no progress line: stderr is no terminal
    r = cli("--lang", "en", "export", "cases", "--format", "csv", "--out", str(en), db=demo_db, user="lixiang")
    assert r.code == 0 and one_line(r.err).startswith("Exported 60 case records")
    zh_rows = list(csv.reader(io.StringIO(zh.read_text(encoding="utf-8-sig"), newline="")))
    en_rows = list(csv.reader(io.StringIO(en.read_text(encoding="utf-8-sig"), newline="")))
    assert zh_rows[0][:2] == ["办件编号", "受理日期"] and en_rows[0][:2] == ["Case number", "Received"]
    status = zh_rows[0].index("status")
    assert zh_rows[0][status - 1] == "状态" and en_rows[0][status - 1] == "Status"
    # the same rows, the codes the same in both; the labels each in its own language
    assert [r[status] for r in zh_rows[1:]] == [r[status] for r in en_rows[1:]]
    assert {r[status - 1] for r in zh_rows[1:]} <= {"待补正", "已受理", "办理中", "中止计时", "已上报", "已办结", "已回复",
                                                     "已销号", "已退回", "已移办", "已撤回"}
    assert all(r[status - 1].isascii() for r in en_rows[1:])


def test_a_csv_export_of_cases_imports_only_what_it_uses(demo_db, tmp_path):
    """Issue 17 item 6: no interface (Textual), no XLSX or PDF writer, no pinyin, no services of other
    datasets for `export cases --format csv`; the file is still the whole, masked export."""
    out = tmp_path / "cases.csv"
    code = (
        "import sys\n"
        "from quancheng_tui.cli import run\n"
        f"rc = run(['--db', {str(demo_db)!r}, 'export', 'cases', '--format', 'csv', '--out', {str(out)!r}])\n"
        "heavy = ('textual', 'openpyxl', 'fpdf', 'pypinyin', 'fontTools', 'alembic', 'quancheng_tui.app',\n"
        "         'quancheng_tui.screens', 'quancheng_tui.services.roster', 'quancheng_tui.services.complaints',\n"
        "         'quancheng_tui.services.ratings')\n"
        "print('LOADED', sorted(m for m in heavy if m in sys.modules), rc, file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUANCHENG_")}  # this OS account: init's admin
    env["QUANCHENG_CONFIG"] = os.devnull
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert "LOADED [] 0" in proc.stderr, proc.stderr
    rows = keyed(out.read_text(encoding="utf-8-sig"))
    assert len(rows) == 60 and all("*" in r["id_number"] for r in rows if r["id_number"])
