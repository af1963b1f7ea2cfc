"""One output path for every listing command (issue #13 item 4; sqlite-utils' shared output options).

Every listing command takes the same `--format table|csv|json|ndjson` (and `--json`, the same as
`--format json`), printed by commands/common.py's `emit`: data on stdout, messages on stderr, CSV cells
through services/tabular.py's formula guard, personal data masked alike in every format; a format the
command does not have is wrong usage: exit 2, one line on stderr, nothing on stdout (cli-contract.md).
"""

from __future__ import annotations

import csv
import io
import json

import pytest

DAY = "2026-03-17"  # the fixed clock's next working day (tests/quancheng_at.py: 2026-03-16)
FORMULA = "=1+2"
ID = "11010519491231002X"

# Each listing command, who runs it, and the columns its CSV and JSON rows carry.
LISTINGS: dict[str, tuple[tuple[str, ...], str, tuple[str, ...]]] = {
    "case list": (("case", "list"), "zhangwei",
                  ("number", "status", "category", "kind", "matter", "matter_name", "applicant", "village",
                   "received_on", "due_on", "provisional", "owner")),
    "case remind": (("case", "remind", "--within", "30"), "lixiang",
                    ("number", "light", "days_left", "due_on", "owner", "matter_name", "applicant")),
    "staff list": (("staff", "list"), "admin", ("login", "name", "role", "village", "phone", "active")),
    "catalog list": (("catalog", "list"), "zhangwei",
                     ("code", "name", "department", "category", "kind", "statutory_days", "promised_days",
                      "day_kind", "village", "active")),
    "catalog search": (("catalog", "search", "dbsq"), "zhangwei",
                       ("code", "name", "department", "category", "kind", "statutory_days", "promised_days",
                        "day_kind", "village", "active")),
    "roster show": (("roster", "show", "--month", "2026-03"), "zhangwei", None),
    "roster posts": (("roster", "posts"), "zhangwei", ("code", "name", "a", "a_name", "b", "b_names")),
    "appointment list": (("appointment", "list", "--date", DAY), "zhangwei",
                         ("time", "name", "phone", "matter_code", "matter_name", "village", "notice_number",
                          "status")),
    "calendar show": (("calendar", "show", "2026"), "zhangwei", ("date", "kind", "name")),
    "rating list": (("rating", "list"), "zhaomin", None),
    "complaint list": (("complaint", "list"), "lixiang", None),
    "followup list": (("followup", "list"), "lixiang", None),
}
FORMATS = ("table", "csv", "json", "ndjson")
# A listing whose --json has always been one document, its rows under a key (cli-contract.md).
DOCUMENTS = {"calendar show": "days"}


@pytest.fixture(scope="module")
def office(tmp_path_factory, cli_runner):
    """The demo office plus, in every listing that can hold one, a value Excel would run as a formula."""
    run_cli = cli_runner

    db = tmp_path_factory.mktemp("listing") / "demo.db"
    steps = [
        (("init", "--demo", "--demo-cases", "20"), None),
        (("case", "register", "--received", "2026-03-16", "--matter", "MZ-008", "--applicant", FORMULA,
          "--id-number", ID), "zhangwei"),
        (("appointment", "book", "--matter", "MZ-001", "--name", FORMULA, "--phone", "13812345678",
          "--date", DAY, "--time", "09:30"), "zhangwei"),
        (("staff", "add", "gongshi", "--name", FORMULA, "--role", "clerk"), "admin"),
    ]
    for args, user in steps:
        r = run_cli(*args, db=db, user=user)
        assert r.code == 0, (args, r.err)
    return db


def _rows(fmt: str, out: str, key: str | None = None) -> list[dict]:
    if fmt == "json":
        data = json.loads(out)
        return data[key] if key else data
    if fmt == "ndjson":
        return [json.loads(line) for line in out.splitlines()]
    return list(csv.DictReader(io.StringIO(out)))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", list(LISTINGS))
def test_every_listing_prints_every_format(cli, office, name, fmt):
    args, user, columns = LISTINGS[name]
    r = cli(*args, "--format", fmt, db=office, user=user)
    assert r.code == 0, r.err
    assert r.out.strip(), "a listing of the demo office is not empty"
    assert "Traceback" not in r.err
    if fmt == "table":
        header, *body = r.out.splitlines()
        assert body and not header.startswith(("[", "{")) and "," not in header
        return
    rows = _rows(fmt, r.out, DOCUMENTS.get(name) if fmt == "json" else None)
    assert rows
    if columns is not None:
        assert all(tuple(row) == columns for row in rows), rows[0]
    if fmt == "csv":
        assert not r.out.startswith("\ufeff")  # stdout is read by scripts; files (export) carry the BOM
        assert all(not str(v).startswith(("=", "+", "@")) for row in rows for v in row.values())


@pytest.mark.parametrize("name", list(LISTINGS))
def test_json_flag_is_format_json(cli, office, name):
    args, user, _ = LISTINGS[name]
    flag = cli(*args, "--json", db=office, user=user)
    option = cli(*args, "--format", "json", db=office, user=user)
    assert flag.code == option.code == 0, flag.err + option.err
    assert flag.out == option.out and json.loads(flag.out)


@pytest.mark.parametrize("bad", ["xml", "yaml", "", "tsv;rm -rf"])
@pytest.mark.parametrize("name", list(LISTINGS))
def test_a_bad_format_is_a_usage_error_of_one_line(cli, office, name, bad):
    args, user, _ = LISTINGS[name]
    r = cli(*args, "--format", bad, db=office, user=user)
    assert r.code == 2, (r.code, r.err)
    assert r.out == ""
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and "table、csv、json 或 ndjson" in lines[0], r.err


def test_a_bad_format_speaks_the_users_language(cli, office):
    r = cli("--lang", "en", "staff", "list", "--format", "XML", db=office, user="admin")
    assert r.code == 2 and r.out == ""
    assert r.err.strip() == 'The output format "XML" is invalid; it must be table, csv, json or ndjson'


def test_format_is_case_blind(cli, office):
    upper = cli("catalog", "list", "--format", "CSV", db=office, user="zhangwei")
    lower = cli("catalog", "list", "--format", "csv", db=office, user="zhangwei")
    assert upper.code == 0 and upper.out == lower.out


@pytest.mark.parametrize(("name", "column"), [
    ("case list", "applicant"), ("case remind", "applicant"), ("staff list", "name"), ("appointment list", "name"),
])
def test_csv_never_carries_a_formula(cli, office, name, column):
    """The formula guard of exports, in every listing's CSV: `=1+2` (masked or not) is shown as text."""
    args, user, _ = LISTINGS[name]
    r = cli(*args, "--format", "csv", db=office, user=user)
    assert r.code == 0, r.err
    cells = [row[column] for row in csv.DictReader(io.StringIO(r.out))]
    guarded = [c for c in cells if c.startswith("'=")]
    assert guarded, cells
    assert not any(c.startswith("=") for c in cells)
    # json keeps the value as it is (masked where personal): the guard is for spreadsheets only
    data = json.loads(cli(*args, "--format", "json", db=office, user=user).out)
    assert any(str(row[column]).startswith("=") for row in data)


def test_masking_is_the_same_in_every_format(cli, office):
    """Personal data is masked in every format alike: the appointment's name and phone."""
    args, user, _ = LISTINGS["appointment list"]
    seen = set()
    for fmt in ("csv", "json", "ndjson"):
        r = cli(*args, "--format", fmt, db=office, user=user)
        [row] = [x for x in _rows(fmt, r.out) if x["name"].lstrip("'").startswith("=")]
        seen.add((row["name"].lstrip("'"), row["phone"]))
    table = cli(*args, db=office, user=user).out
    [(name, phone)] = seen
    assert name != FORMULA and "13812345678" not in phone
    assert phone in table and "13812345678" not in table


def test_unmasked_appointments_are_for_admins_and_audited(cli, office, tmp_path):
    from sqlite_files import copy_sqlite

    db = tmp_path / "copy.db"
    copy_sqlite(office, db)
    r = cli("appointment", "list", "--date", DAY, "--unmasked", "--format", "json", db=db, user="zhangwei")
    assert r.code == 1 and r.out == "" and "无权" in r.err
    r = cli("appointment", "list", "--date", DAY, "--unmasked", "--format", "json", db=db, user="admin")
    assert r.code == 0, r.err
    assert [(x["name"], x["phone"]) for x in json.loads(r.out)] == [(FORMULA, "13812345678")]
    r = cli("export", "audit", "--format", "json", "--out", "-", db=db, user="admin")
    last = json.loads(r.out)[-1]
    assert (last["actor"], last["action"], last["target"]) == ("admin", "appointment.unmasked", DAY)


def test_calendar_show_keeps_its_summary_out_of_the_data(cli, office):
    r = cli("calendar", "show", "2026", "--format", "csv", db=office, user="zhangwei")
    assert r.code == 0 and "248" in r.err
    assert r.out.splitlines()[0] == "date,kind,name" and "248" not in r.out
    doc = json.loads(cli("calendar", "show", "2026", "--json", db=office, user="zhangwei").out)
    assert doc["working_days"] == 248 and doc["days"][0] == {"date": "2026-01-01", "kind": "holiday", "name": "元旦"}


@pytest.mark.parametrize(("args", "needle"), [
    (("catalog", "export", "--format", "pdf", "--out", "-"), "csv、xlsx、json 或 toml"),
    (("roster", "export", "--month", "2026-03", "--format", "pdf", "--out", "-"), "csv 或 xlsx"),
    (("export", "cases", "--format", "pdf", "--out", "-"), "csv、xlsx、json 或 ndjson"),
])
def test_exports_refuse_a_bad_format_the_same_way(cli, office, args, needle):
    r = cli(*args, db=office, user="admin")
    assert r.code == 2 and r.out == ""
    assert len(r.err.strip().splitlines()) == 1 and needle in r.err
