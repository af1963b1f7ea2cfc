"""Exports (issue 7): cases, audit trail and ratings as CSV, XLSX, JSON, NDJSON; masking; who may export.

Cases are registered and rated through the real services on the demo office with the sample catalog;
the clock is fixed at Monday 2026-03-16 09:30 (+08:00).
Runs on SQLite and, with QUANCHENG_TEST_PG_URL, on PostgreSQL (tests/services/conftest.py).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import func, select

from quancheng_tui.domain.lifecycle import Action
from quancheng_tui.domain.text import formula_safe_row
from quancheng_tui.errors import InputError, NotPermitted
from quancheng_tui.services import audit, exports, lifecycle, ratings, staff, tabular
from quancheng_tui.services import cases as svc
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.cases import RegistrationInput
from quancheng_tui.services.context import fixed_clock
from quancheng_tui.services.exports import ExportRequest
from quancheng_tui.services.tabular import Column, Output
from quancheng_tui.store.tables import AuditEntry

ID = "11010519491231002X"
ID_V01 = "440524188001010014"
MOBILE = "13812345678"
CREDIT = "91350100M000100Y43"


@pytest.fixture
def cases_db(office_db, clock):
    """Four cases: a person at the counter (V02), an organisation, the agent's (V01) and a rated one."""
    admin = staff.actor_for(office_db, "admin")
    catalog_svc.import_catalog(office_db, admin, clock, catalog_svc.SAMPLE_CATALOG)
    clerk = staff.actor_for(office_db, "zhangwei")
    svc.register_case(office_db, clerk, clock, RegistrationInput(
        "MZ-008", name="张三丰", id_number=ID, phone=MOBILE, address="青山镇东湖村3组12号", village="V02",
        received_on=date(2026, 3, 10)))
    svc.register_case(office_db, clerk, clock, RegistrationInput(
        "NY-002", applicant_type="org", org_name="青山镇东湖农业专业合作社", credit_code=CREDIT, contact="陈七",
        phone="0797-6281234"))
    sunli = staff.actor_for(office_db, "sunli")
    elder = svc.register_case(office_db, sunli, clock, RegistrationInput("MZ-004", name="吴高龄", id_number=ID_V01,
                                                                         phone="13900001111"))
    rated = svc.register_case(office_db, clerk, clock, RegistrationInput("MZ-008", name="李红", id_number=ID,
                                                                         village="V01"))
    lifecycle.act(office_db, clerk, clock, rated.number, Action.COMPLETE, {"result": "已办结"})
    ratings.rate_by_visitor(office_db, clock, rated.number, ID[-4:], "满意", {})  # at the hall terminal
    lifecycle.act(office_db, sunli, clock, elder.number, Action.COMPLETE, {"result": "已办结"})
    later = fixed_clock(clock.now() + timedelta(days=3))  # told to liuna by phone (services/ratings.py)
    lifecycle.act(office_db, staff.actor_for(office_db, "liuna"), later, elder.number, Action.RATE,
                  {"level": "不满意", "channel": "phone"})
    return office_db


@pytest.fixture
def outdir(tmp_path) -> Path:
    """Exports only: the database file lives in tmp_path itself."""
    path = tmp_path / "out"
    path.mkdir()
    return path


def run(db, login, clock, outdir: Path, dataset="cases", fmt="csv", name=None, **kw):
    out = outdir / (name or f"{dataset}.{fmt}")
    result = exports.export(db, staff.actor_for(db, login), clock, ExportRequest(dataset, fmt, **kw), Output(out))
    return result, out


def keys(header: list[str], dataset: str = "cases") -> list[str]:
    """The JSON keys of a file laid out for people (Chinese headers): a coded column's label column becomes
    KEY_label, its code column (headed by the key) stays KEY."""
    names = {c.label or c.key: c.key + ("_label" if c.values is not None and c.code else "")
             for c in exports._SPECS[dataset].columns}
    return [names.get(h, h) for h in header]


def csv_rows(path: Path, dataset: str | None = None) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    reader = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    header = next(reader)
    stem = path.stem.split(".")[0]
    named = keys(header, dataset or (stem if stem in exports._SPECS else "cases"))
    return [dict(zip(named, row)) for row in reader]


def audit_count(db) -> int:
    with db.read() as s:
        return s.exec(select(func.count()).select_from(AuditEntry)).one()


def test_cases_csv_is_masked_with_a_bom_and_every_case(cases_db, clock, outdir):
    result, out = run(cases_db, "zhangwei", clock, outdir)
    rows = csv_rows(out)
    assert result.rows == 4 and len(rows) == 4 and not result.unmasked
    raw = out.read_text(encoding="utf-8-sig")
    for secret in (ID, ID_V01, MOBILE, "张三丰", "3组12号", "陈七", "6281234"):
        assert secret not in raw
    first = rows[0]
    assert (first["applicant"], first["id_number"], first["phone"], first["address"]) == (
        "张*丰", "110105********002X", "138****5678", "青山镇东湖村***")
    assert (first["received_on"], first["village"], first["village_name"], first["owner_name"]) == (
        "2026-03-10", "V02", "西岭村", "张伟")
    org = rows[1]
    # An organisation's name and credit code are public; the person who came for it is not.
    assert (org["applicant"], org["credit_code"], org["contact"], org["phone"]) == (
        "青山镇东湖农业专业合作社", CREDIT, "陈*", "0797-****234")
    assert first["registered_at"].startswith("2026-03-16T") and first["registered_at"][-6] in "+-"


def test_unmasked_is_for_admins_and_is_audited(cases_db, clock, outdir):
    before = audit_count(cases_db)
    for login in ("zhangwei", "lixiang", "zhaomin", "sunli"):
        with pytest.raises(NotPermitted, match="导出未脱敏的个人信息"):
            run(cases_db, login, clock, outdir, unmasked=True)
    assert audit_count(cases_db) == before and list(outdir.iterdir()) == []

    result, out = run(cases_db, "admin", clock, outdir, fmt="json", unmasked=True, start=date(2026, 3, 1),
                      end=date(2026, 3, 31))
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert result.rows == 4 and rows[0]["id_number"] == ID and rows[0]["applicant"] == "张三丰"
    assert rows[0]["address"] == "青山镇东湖村3组12号" and rows[1]["contact"] == "陈七"
    assert out.stat().st_mode & 0o077 == 0  # personal data: readable by its owner only
    assert [p.name for p in outdir.iterdir()] == [out.name]
    with cases_db.read() as s:
        entry = s.exec(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.actor, entry.action, entry.entity, entry.entity_key) == ("admin", "export", "export", "cases")
    assert json.loads(entry.after) == {"dataset": "cases", "format": "json", "unmasked": True, "rows": 4,
                                       "from": "2026-03-01", "to": "2026-03-31", "target": str(out)}
    assert audit.verify(cases_db).ok


def test_unmasked_to_a_stream_is_held_until_audited(cases_db, clock):
    stream = io.BytesIO()
    admin = staff.actor_for(cases_db, "admin")
    result = exports.export(cases_db, admin, clock, ExportRequest("cases", "ndjson", unmasked=True),
                            Output(stream=stream))
    lines = stream.getvalue().decode("utf-8").splitlines()
    assert result.rows == len(lines) == 4 and json.loads(lines[0])["id_number"] == ID
    assert result.target == "-"
    with cases_db.read() as s:
        assert s.exec(select(AuditEntry.action).order_by(AuditEntry.id.desc())).first() == "export"


def test_an_agent_exports_only_their_village(cases_db, clock, outdir):
    result, out = run(cases_db, "sunli", clock, outdir, fmt="ndjson")
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert result.rows == 2 and {r["village"] for r in rows} == {"V01"}
    assert {r["applicant"] for r in rows} == {"吴*龄", "李*"}
    _, ratings = run(cases_db, "zhoujun", clock, outdir, dataset="ratings", fmt="json")
    assert json.loads(ratings.read_text(encoding="utf-8")) == []  # V02's agent: the rated case is V01's
    _, ratings = run(cases_db, "sunli", clock, outdir, dataset="ratings", fmt="json", name="r2.json")
    assert len(json.loads(ratings.read_text(encoding="utf-8"))) == 2


def test_cases_filtered_by_received_date(cases_db, clock, outdir):
    result, out = run(cases_db, "lixiang", clock, outdir, end=date(2026, 3, 15))
    assert result.rows == 1 and csv_rows(out)[0]["received_on"] == "2026-03-10"
    result, out = run(cases_db, "lixiang", clock, outdir, start=date(2026, 3, 16), name="b.csv")
    assert result.rows == 3 and {r["received_on"] for r in csv_rows(out)} == {"2026-03-16"}


def test_ratings_with_when_who_and_level_filtered_by_rating_time(cases_db, clock, outdir):
    result, out = run(cases_db, "zhaomin", clock, outdir, dataset="ratings", fmt="json")
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert result.rows == 2
    assert [(r["level"], r["recorded_by"], r["matter"], r["village"]) for r in rows] == [
        ("满意", None, "MZ-008", "V01"), ("不满意", "liuna", "MZ-004", "V01")]
    assert rows[0]["rated_at"][:10] == "2026-03-16" and rows[1]["rated_at"][:10] == "2026-03-19"
    result, out = run(cases_db, "zhaomin", clock, outdir, dataset="ratings", fmt="json", name="late.json",
                      start=date(2026, 3, 17), end=date(2026, 3, 31))
    assert [r["level"] for r in json.loads(out.read_text(encoding="utf-8"))] == ["不满意"]


def test_audit_export_is_for_admins_and_supervisors_and_masks_payloads(cases_db, clock, outdir):
    admin = staff.actor_for(cases_db, "admin")
    with cases_db.write() as s:  # an entry carrying raw personal data, as a future edit record might
        audit.append(s, admin, clock.now(), "case.edit", "case", "X-1",
                     before={"applicant": {"type": "person", "name": "张三丰", "id_number": ID, "phone": MOBILE}},
                     after={"note": f"来电 {MOBILE}，身份证 {ID}", "org": {"type": "org", "name": "某公司"}})
    for login in ("zhangwei", "chenjie", "lixiang", "sunli"):
        with pytest.raises(NotPermitted, match="导出审计日志"):
            run(cases_db, login, clock, outdir, dataset="audit")
    result, out = run(cases_db, "zhaomin", clock, outdir, dataset="audit")
    rows = csv_rows(out)
    assert result.rows == len(rows) == audit_count(cases_db)
    raw = out.read_text(encoding="utf-8-sig")
    assert ID not in raw and MOBILE not in raw and "张三丰" not in raw
    edit = rows[-1]
    assert edit["action"] == "case.edit" and edit["target"] == "X-1" and len(edit["hash"]) == 64
    assert json.loads(edit["before"]) == {"applicant": {"type": "person", "name": "张*丰",
                                                        "id_number": "110105********002X", "phone": "138****5678"}}
    assert json.loads(edit["after"]) == {"note": "来电 138****5678，身份证 110105********002X",
                                         "org": {"type": "org", "name": "某公司"}}

    _, out = run(cases_db, "admin", clock, outdir, dataset="audit", fmt="json", unmasked=True, name="full.json")
    full = json.loads(out.read_text(encoding="utf-8"))
    with cases_db.read() as s:
        stored = s.exec(select(AuditEntry).where(AuditEntry.action == "case.edit")).one()
    edit = next(r for r in full if r["action"] == "case.edit")
    assert (edit["before"], edit["after"], edit["hash"]) == (stored.before, stored.after, stored.hash)


def test_audit_filtered_by_entry_time(cases_db, clock, outdir):
    admin = staff.actor_for(cases_db, "admin")
    with cases_db.write() as s:
        audit.append(s, admin, clock.now() + timedelta(days=30), "test.later", "test", "1")
    result, out = run(cases_db, "admin", clock, outdir, dataset="audit", fmt="json", start=date(2026, 4, 1))
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert result.rows == 1 and rows[0]["action"] == "test.later" and rows[0]["at"].startswith("2026-04-1")
    result, _ = run(cases_db, "admin", clock, outdir, dataset="audit", fmt="json", end=date(2026, 3, 31),
                    name="b.json")
    assert result.rows == audit_count(cases_db) - 1


def test_xlsx_keeps_numbers_as_text_cells(cases_db, clock, outdir):
    result, out = run(cases_db, "admin", clock, outdir, fmt="xlsx", unmasked=True)
    ws = load_workbook(out).active
    header = keys([c.value for c in ws[1]])
    col = {name: header.index(name) for name in header}
    assert ws.max_row == result.rows + 1 == 5
    person, org = list(ws.iter_rows(min_row=2, max_row=3))
    for cell in (person[col["id_number"]], person[col["phone"]], person[col["number"]], org[col["credit_code"]],
                 org[col["phone"]]):
        # a string cell keeps every digit; its column's format "@" keeps a value typed in later text too
        assert cell.data_type == "s" and ws.column_dimensions[cell.column_letter].number_format == "@"
    assert person[col["id_number"]].value == ID and org[col["phone"]].value == "0797-6281234"
    assert person[col["limit_days"]].data_type == "n" and person[col["limit_days"]].value == 0


def test_rows_are_read_in_batches_without_loss_or_repeats(cases_db, clock, outdir, monkeypatch):
    monkeypatch.setattr(exports, "BATCH", 3)
    result, out = run(cases_db, "admin", clock, outdir, dataset="audit", fmt="ndjson")
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(ids) == result.rows == audit_count(cases_db) > 3 * 3
    assert ids == sorted(set(ids))


def test_rows_committed_during_an_export_are_not_in_it(cases_db, clock, outdir, monkeypatch):
    monkeypatch.setattr(exports, "BATCH", 3)
    admin = staff.actor_for(cases_db, "admin")

    class Sink(io.BytesIO):
        """Another session appends to the audit trail once the first row is out."""

        def write(self, data):
            if not self.getvalue():
                with cases_db.write() as s:
                    audit.append(s, admin, clock.now(), "test.during", "test", "1")
            return super().write(data)

    stream = Sink()
    total = audit_count(cases_db)
    result = exports.export(cases_db, admin, clock, ExportRequest("audit", "ndjson"), Output(stream=stream))
    actions = [json.loads(line)["action"] for line in stream.getvalue().decode("utf-8").splitlines()]
    assert result.rows == len(actions) == total and "test.during" not in actions
    assert audit_count(cases_db) == total + 1


@pytest.mark.parametrize(("req", "message"), [
    (ExportRequest("staff", "csv"), "导出内容“staff”无效"),
    (ExportRequest("cases", "toml"), "导出格式“toml”无效"),
    (ExportRequest("cases", "csv", date(2026, 3, 2), date(2026, 3, 1)), "--from 2026-03-02 晚于 --to 2026-03-01"),
])
def test_requests_refused_before_anything_is_written(cases_db, clock, outdir, req, message):
    before = audit_count(cases_db)
    with pytest.raises(InputError, match=message):
        exports.export(cases_db, staff.actor_for(cases_db, "admin"), clock, req, Output(outdir / "x"))
    assert list(outdir.iterdir()) == [] and audit_count(cases_db) == before


def test_xlsx_cannot_go_to_a_stream(cases_db, clock):
    stream = io.BytesIO()
    with pytest.raises(InputError, match="xlsx"):
        exports.export(cases_db, staff.actor_for(cases_db, "admin"), clock, ExportRequest("cases", "xlsx"),
                       Output(stream=stream))
    assert stream.getvalue() == b""


def test_a_failure_while_writing_keeps_the_old_file_and_leaves_no_part_file(tmp_path):
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")

    def rows():
        yield ("a",)
        raise InputError("中途出错")

    with pytest.raises(InputError, match="中途出错"):
        with Output(target).pending() as pending:
            tabular.write("csv", [Column("x")], rows(), pending.stream)
            pending.publish()
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["out.csv"]
    with pytest.raises(InputError, match="无法写入文件"):
        with Output(tmp_path / "missing" / "out.csv").pending():
            pass


def test_csv_cells_are_never_formulas_and_json_keeps_types(tmp_path):
    columns = [Column("name"), Column("days", number=True)]
    rows = [("=HYPERLINK(\"http://x\")", 3), ("-1+1", None), ("@SUM(A1)", 0), ("正常", 1)]
    buf = io.BytesIO()
    assert tabular.write("csv", columns, rows, buf) == 4
    lines = list(csv.reader(io.StringIO(buf.getvalue().decode("utf-8-sig"))))
    assert [r[0] for r in lines[1:]] == ["'=HYPERLINK(\"http://x\")", "'-1+1", "'@SUM(A1)", "正常"]
    assert lines[2][1] == ""
    buf = io.BytesIO()
    tabular.write("json", columns, rows, buf)
    assert json.loads(buf.getvalue()) == [{"name": n, "days": d} for n, d in rows]
    buf = io.BytesIO()
    assert tabular.write("json", columns, [], buf) == 0 and json.loads(buf.getvalue()) == []
    xlsx = tmp_path / "f.xlsx"
    with xlsx.open("wb") as fh:
        tabular.write("xlsx", columns, rows, fh)
    cell = load_workbook(xlsx).active["A2"]
    assert (cell.value, cell.data_type) == ("=HYPERLINK(\"http://x\")", "s")


# --- files for people: headers and code values in the chosen language, codes kept beside (issue 16 item 3) --


def test_csv_headers_and_codes_are_chinese_by_default_with_the_code_beside(cases_db, clock, outdir):
    result, out = run(cases_db, "admin", clock, outdir)
    header, *rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    assert header[:10] == ["办件编号", "受理日期", "事项编码", "事项名称", "办件类别", "category", "办件类型", "kind",
                           "状态", "status"]
    assert "received_on" not in header and header[-2:] == ["期限类型", "day_kind"]
    by = [dict(zip(header, r)) for r in rows]
    with cases_db.read() as s:
        stored = s.connection().exec_driver_sql("SELECT number, status, kind, applicant_type FROM cases ORDER BY id").all()
    labels = {"accepted": "已受理", "completed": "已办结", "pending_materials": "待补正", "in_progress": "办理中"}
    assert [(r["办件编号"], r["status"], r["状态"]) for r in by] == [(n, st, labels[st]) for n, st, _, _ in stored]
    assert {(r["申请人类型"], r["applicant_type"]) for r in by} == {("个人", "person"), ("单位", "org")}
    assert {r["kind"]: r["办件类型"] for r in by}.get("promised") in (None, "承诺件")
    assert by[0]["期限类型"] == "工作日" and by[0]["day_kind"] == "working" and result.rows == len(by) == 4


def test_english_with_lang_en_and_json_keeps_keys_and_codes(cases_db, clock, outdir):
    result, out = run(cases_db, "admin", clock, outdir, lang="en")
    header, first, *_ = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    assert header[:4] == ["Case number", "Received", "Matter code", "Matter name"]
    assert all(h.isascii() for h in header), header  # one language: no Chinese header left
    row = dict(zip(header, first))
    assert (row["Status"], row["status"], row["Applicant type"], row["applicant_type"]) == (
        "Accepted", "accepted", "Person", "person")
    for lang in ("zh", "en"):  # scripts' formats: the contract's keys and codes, whatever the language
        _, js = run(cases_db, "admin", clock, outdir, fmt="json", lang=lang, name=f"{lang}.json")
        data = json.loads(js.read_text(encoding="utf-8"))
        assert list(data[0])[:3] == ["number", "received_on", "matter"] and data[0]["status"] == "accepted"


def test_xlsx_for_people_reads_back_with_chinese_headers_and_guarded_text(cases_db, clock, outdir):
    result, out = run(cases_db, "admin", clock, outdir, fmt="xlsx", unmasked=True)
    ws = load_workbook(out).active
    header = [c.value for c in ws[1]]
    assert header[:2] == ["办件编号", "受理日期"] and header[header.index("状态") + 1] == "status"
    data = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert len(data) == result.rows == 4 and data[0][header.index("身份证号")] == ID
    assert data[0][header.index("承诺时限")] == 0 or isinstance(data[0][header.index("承诺时限")], int)


def test_the_formula_guard_holds_in_files_for_people(tmp_path):
    """Labels and values pass the one guard (domain/text.formula_safe) in the people layout too."""
    from quancheng_tui.i18n import translator

    columns = [Column("name", label="名称"), Column("status", values={"x": "=已受理"}, code=True, label="状态"),
               Column("days", number=True, label="天数")]
    rows = [("=HYPERLINK(\"http://x\")", "x", 3), ("+1", "y", None), ("正常", None, 0)]
    buf = io.BytesIO()
    assert tabular.write("csv", columns, rows, buf, t=translator("zh")) == 3
    lines = list(csv.reader(io.StringIO(buf.getvalue().decode("utf-8-sig"))))
    assert lines == [["名称", "状态", "status", "天数"], ["'=HYPERLINK(\"http://x\")", "'=已受理", "x", "3"],
                     ["'+1", "y", "y", ""], ["正常", "", "", "0"]]
    xlsx = tmp_path / "g.xlsx"
    with xlsx.open("wb") as fh:
        tabular.write("xlsx", columns, rows, fh, t=translator("zh"))
    ws = load_workbook(xlsx).active
    assert [(c.value, c.data_type) for c in ws[2]] == [("=HYPERLINK(\"http://x\")", "s"), ("=已受理", "s"),
                                                      ("x", "s"), (3, "n")]


def test_the_fast_row_guard_is_the_one_guard():
    from quancheng_tui.domain.text import formula_safe, formula_safe_row

    values = ["=1", "+1", "-1", "@a", "\tx", "\rx", "ok", "", None, 0, 12, True, 1.5, date(2026, 3, 1), "'=x"]
    # the row form leaves None and int to csv.writer, which writes them as formula_safe does
    assert [formula_safe(v) for v in values] == ["" if v is None else str(v) for v in formula_safe_row(values)]
    assert formula_safe_row(values)[:6] == ["'=1", "'+1", "'-1", "'@a", "'\tx", "'\rx"]


def test_progress_is_told_the_rows_written(cases_db, clock, outdir, monkeypatch):
    monkeypatch.setattr(tabular, "PROGRESS_EVERY", 2)
    seen: list[int] = []
    exports.export(cases_db, staff.actor_for(cases_db, "admin"), clock, ExportRequest("cases", "csv"),
                   Output(outdir / "p.csv"), progress=seen.append)
    assert seen == [2, 4, 4]


def test_due_provisional_is_decided_in_the_query_as_the_calendar_does(office_db, clock, outdir):
    """The 预计 flag of every row (exports._Provisional, asked once per pair of years) agrees with the case's own."""
    admin = staff.actor_for(office_db, "admin")
    catalog_svc.import_catalog(office_db, admin, clock, catalog_svc.SAMPLE_CATALOG)
    december = fixed_clock(clock.now().replace(year=2026, month=12, day=10))
    clerk = staff.actor_for(office_db, "zhangwei")
    late = svc.register_case(office_db, clerk, december, RegistrationInput("MZ-001", name="张三", id_number=ID,
                                                                           materials="all"))
    early = svc.register_case(office_db, clerk, december, RegistrationInput(
        "MZ-001", name="李四", id_number=ID, materials="all", received_on=date(2026, 11, 2)))
    assert late.due_provisional and not early.due_provisional  # 2027 has no schedule in this file
    _, out = run(office_db, "admin", december, outdir, fmt="json")
    flags = {r["number"]: r["due_provisional"] for r in json.loads(out.read_text(encoding="utf-8"))}
    assert flags == {late.number: 1, early.number: 0}


# --- the CSV writer works a batch at a time, column by column (issue 17 item 6): the same bytes as row by row --


class _Text(str):
    """A str subclass: the guard treats it as text (formula_safe's isinstance)."""


def _row_by_row(columns, rows, t=None) -> bytes:
    """The writer as it was before batches: each row converted for people, then guarded, then written."""
    if t is not None:
        columns, convert = tabular.people(columns, t)
        rows = map(convert, rows)
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(formula_safe_row(c.key for c in columns))
    for row in rows:
        writer.writerow(formula_safe_row(row))
    return ("\ufeff" + text.getvalue()).encode("utf-8")


_MIXED_COLUMNS = [Column("name", label="名称"), Column("status", values={"x": "=已受理", "y": "办理中"}, code=True,
                                                      label="状态"),
                  Column("days", number=True, label="天数"), Column("note", label="备注")]
_MIXED_ROWS = [
    ("正常", "x", 3, "多行\n=不是公式的开头"),  # a newline inside a cell: the search finds more, the guard decides
    ("", "y", None, 1.5),
    ("@SUM(A1)", "z", -2, date(2026, 3, 1)),  # a code without a label is shown as it is (and guarded)
    (_Text("+1"), None, 0, True),
    ("\tx", "y", 7, "'=x"),
    ("-1", "x", 12, None),
    ("ok", "y", 5, "-"),
]


@pytest.mark.parametrize("batch", [1, 2, 3, 500])
@pytest.mark.parametrize("lang", [None, "zh", "en"])
def test_csv_by_columns_is_the_row_by_row_writer_byte_for_byte(monkeypatch, batch, lang):
    from quancheng_tui.i18n import translator

    monkeypatch.setattr(tabular, "CSV_BATCH", batch)
    t = translator(lang) if lang else None
    want = _row_by_row(_MIXED_COLUMNS, _MIXED_ROWS, t)
    for rows in (_MIXED_ROWS, iter(_MIXED_ROWS), tabular.Batches(
            [list(zip(*_MIXED_ROWS[i:i + batch])) for i in range(0, len(_MIXED_ROWS), batch)])):
        buf = io.BytesIO()
        assert tabular.write("csv", _MIXED_COLUMNS, rows, buf, t=t) == len(_MIXED_ROWS)
        assert buf.getvalue() == want
    assert b"'@SUM(A1)" in want and b"'+1" in want and b"'\tx" in want and b"'-1" in want
    if lang == "zh":
        assert "'=已受理".encode() in want and "多行\n=不是公式的开头".encode() in want


def test_rows_of_different_lengths_are_written_as_they_are(monkeypatch):
    monkeypatch.setattr(tabular, "CSV_BATCH", 3)
    columns = [Column("a"), Column("b")]
    rows = [("=1", "x"), ("y",), (), ("z", "+2", "extra")]
    buf = io.BytesIO()
    assert tabular.write("csv", columns, rows, buf) == 4
    assert buf.getvalue() == _row_by_row(columns, rows)
    assert buf.getvalue().decode("utf-8-sig").splitlines() == ["a,b", "'=1,x", "y", "", "z,'+2,extra"]


def test_no_bom_in_the_middle_of_a_stream_already_written_to():
    """As the utf-8-sig codec does: a BOM only at the start of what the stream holds."""
    buf = io.BytesIO(b"earlier\r\n")
    buf.seek(0, io.SEEK_END)
    tabular.write("csv", [Column("a")], [("x",)], buf)
    assert buf.getvalue() == b"earlier\r\na\r\nx\r\n"


def test_progress_counts_rows_across_batches(monkeypatch):
    monkeypatch.setattr(tabular, "CSV_BATCH", 3)
    monkeypatch.setattr(tabular, "PROGRESS_EVERY", 2)
    seen: list[int] = []
    tabular.write("csv", [Column("a")], [(str(i),) for i in range(7)], io.BytesIO(), progress=seen.append)
    assert seen == [2, 4, 6, 7]
    seen.clear()
    tabular.write("csv", [Column("a")], [], io.BytesIO(), progress=seen.append)
    assert seen == [0]


_STAMPS = ["2026-03-16 01:30:00.000000", "2026-03-16 01:59:59.999999", "2026-03-16 09:05:07.123400", None,
           "2026-03-08 06:30:00.000000", "2026-03-08 07:15:00.000000",  # New York's clocks go forward (UTC)
           "2026-11-01 05:30:00.000000", "2026-11-01 06:30:00.000000",  # and back
           "2026-04-04 15:00:00.000000", "2026-04-04 15:45:00.500000",  # Lord Howe: half an hour back
           "2026-12-31 23:59:59.000001", "2026-03-16 09:30:00", "2026-03-16T09:30:00.000000"]


@pytest.mark.parametrize("zone", ["UTC", "Asia/Shanghai", "Asia/Kolkata", "America/New_York", "Australia/Lord_Howe"])
def test_stamps_of_a_column_are_each_stamp_formatted(monkeypatch, zone):
    """Stored text rewritten as text (exports._Stamps.column) is what formatting each value gives, in zones
    with whole-hour, half-hour and changing offsets, for UTC columns and wall-clock ones."""
    import time as time_mod

    from sqlalchemy import Column as SAColumn
    from sqlalchemy import DateTime

    from quancheng_tui.store.case_tables import Case

    monkeypatch.setenv("TZ", zone)
    time_mod.tzset()
    try:
        for column in (Case.registered_at, SAColumn("at", DateTime())):
            values = _STAMPS + [datetime(2026, 3, 16, 9, 30, tzinfo=timezone.utc), datetime(2026, 3, 16, 9, 30)]
            want = [exports._Stamps(column)(v) for v in values]  # a fresh zone memo for each value
            assert exports._Stamps(column).column(values) == want
            assert want[3] is None and want[0].startswith(("2026-03-15T", "2026-03-16T"))
    finally:
        monkeypatch.undo()
        time_mod.tzset()
