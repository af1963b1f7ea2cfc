"""`quancheng catalog import | export | list | search | show`.

The subprocess tests run the real `quancheng` command, so they need the
`catalog` group registered in quancheng_tui/cli.py. The CliRunner tests at the
end drive the group's own Typer app under the same root options, so the
commands are covered before that registration too.
"""

from __future__ import annotations

import io
import json
import os

import pytest

from quancheng_tui.services.catalog import SAMPLE_CATALOG

BAD_LIMIT = '''[[matter]]
code = "MZ-001"
name = "城乡低保申请"
department = "民政办"
category = "own"
kind = "promised"
statutory_days = 10
promised_days = 10
'''


def one_line(err: str) -> str:
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# --- the real command -------------------------------------------------------------


@pytest.fixture
def catalog_db(demo_db):
    """The demo office comes with the sample catalog."""
    return demo_db


@pytest.fixture
def plain_db(cli, tmp_path):
    path = tmp_path / "plain.db"
    assert cli("init", "--admin", "admin", db=path).code == 0
    return path


def test_import_reports_counts(cli, plain_db):
    demo_db = plain_db
    r = cli("catalog", "import", str(SAMPLE_CATALOG), db=demo_db, user="admin")
    assert r.code == 0, r.err
    assert "新增 38 项" in r.err and r.out == ""
    r = cli("catalog", "import", str(SAMPLE_CATALOG), db=demo_db, user="admin")
    assert "新增 0 项" in r.err and "未变 38 项" in r.err


def test_list_formats(cli, catalog_db):
    r = cli("catalog", "list", "--json", db=catalog_db, user="zhangwei")
    assert r.code == 0, r.err
    rows = json.loads(r.out)
    assert len(rows) == 38 and rows[0]["code"] == "CL-001"
    assert set(rows[0]) == {"code", "name", "department", "category", "kind", "statutory_days", "promised_days",
                            "day_kind", "village", "active"}
    r = cli("catalog", "list", "--format", "ndjson", "--category", "transfer", db=catalog_db, user="zhangwei")
    assert [json.loads(x)["category"] for x in r.out.splitlines()] == ["transfer"] * 6
    r = cli("catalog", "list", "--format", "csv", db=catalog_db, user="zhangwei")
    assert r.out.splitlines()[0].startswith("code,name,department")
    assert cli("catalog", "list", "--format", "yaml", db=catalog_db, user="zhangwei").code == 2  # usage


def test_search_pinyin_initials(cli, catalog_db):
    r = cli("catalog", "search", "dbsq", "--json", db=catalog_db, user="zhangwei")
    assert r.code == 0, r.err
    assert json.loads(r.out)[0]["code"] == "MZ-001"
    r = cli("catalog", "search", "异地", db=catalog_db, user="zhangwei")
    assert "YB-002" in r.out


def test_show(cli, catalog_db):
    r = cli("catalog", "show", "yb-002", db=catalog_db, user="zhangwei")
    assert r.code == 0 and "异地就医备案" in r.out and "即办件" in r.out
    r = cli("catalog", "show", "MZ-001", "--json", db=catalog_db, user="zhangwei")
    doc = json.loads(r.out)
    assert doc["materials"][0]["code"] == "SQS" and doc["statutory_days"] == 30
    r = cli("catalog", "show", "NO-1", db=catalog_db, user="zhangwei")
    assert r.code == 1 and "NO-1" in one_line(r.err)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "toml"])
def test_export_imports_back_unchanged(cli, catalog_db, tmp_path, fmt):
    out = tmp_path / f"c.{fmt}"
    r = cli("catalog", "export", "--format", fmt, "--out", str(out), db=catalog_db, user="zhangwei")
    assert r.code == 0, r.err
    assert "38" in r.err
    r = cli("catalog", "import", str(out), db=catalog_db, user="admin")
    assert r.code == 0, r.err
    assert "未变 38 项" in r.err


def test_export_csv_has_bom_and_json_to_stdout(cli, catalog_db, tmp_path):
    out = tmp_path / "c.csv"
    cli("catalog", "export", "--format", "csv", "--out", str(out), db=catalog_db, user="admin")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    r = cli("catalog", "export", "--format", "json", "--out", "-", db=catalog_db, user="admin")
    assert len(json.loads(r.out)) == 38


def test_refusals_are_one_line_and_change_nothing(cli, catalog_db, tmp_path):
    before = cli("catalog", "list", "--json", "--all", db=catalog_db, user="admin").out
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD_LIMIT, encoding="utf-8")
    r = cli("catalog", "import", str(bad), db=catalog_db, user="admin")
    assert r.code == 1
    assert one_line(r.err) == "bad.toml 第 1 行：承诺时限 10 天必须少于法定时限 10 天"
    r = cli("--lang", "en", "catalog", "import", str(bad), db=catalog_db, user="admin")
    assert r.code == 1 and "bad.toml" in r.err and "承诺" not in r.err
    r = cli("catalog", "import", str(SAMPLE_CATALOG), db=catalog_db, user="zhangwei")
    assert r.code == 1 and "无权" in one_line(r.err)
    r = cli("catalog", "import", str(tmp_path / "missing.csv"), db=catalog_db, user="admin")
    assert r.code == 1 and "missing.csv" in one_line(r.err)
    assert cli("catalog", "list", "--json", "--all", db=catalog_db, user="admin").out == before


def test_usage_errors_exit_2(cli, catalog_db):
    assert cli("catalog", "export", "--out", "x.csv", db=catalog_db, user="admin").code == 2
    assert cli("catalog", "search", db=catalog_db, user="admin").code == 2


# --- the group's Typer app, in process --------------------------------------------


@pytest.fixture
def run(office_db):
    """Invoke `quancheng [root options] catalog …` with the group mounted on a fresh root."""
    import typer
    from typer.testing import CliRunner

    from quancheng_tui import cli as cli_mod
    from quancheng_tui.commands import catalog

    root = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    root.callback()(cli_mod.root)
    root.add_typer(catalog.app, name="catalog")
    from quancheng_at import FIXED_NOW

    from quancheng_tui.commands.common import os_account
    from quancheng_tui.services import identity, staff
    from quancheng_tui.services.context import fixed_clock

    runner = CliRunner()
    env = {"QUANCHENG_CONFIG": os.devnull, "QUANCHENG_DB": str(office_db.target.path)}
    # Proof of who runs each command (issue 18): this OS account is the admin's; the others show tokens.
    clock, admin = fixed_clock(FIXED_NOW), staff.actor_for(office_db, "admin")
    identity.map_os(office_db, admin, clock, "admin", os_account())
    tokens = {login: identity.create_token(office_db, admin, clock, login)[1] for login in ("zhangwei", "sunli", "lixiang")}

    def invoke(*args: str, user: str = "admin"):
        return runner.invoke(root, ["--user", user, "catalog", *args], env={**env, "QUANCHENG_TOKEN": tokens.get(user)})

    return invoke


def test_runner_import_search_show_export(run, tmp_path):
    r = run("import", str(SAMPLE_CATALOG))
    assert r.exit_code == 0, r.output
    r = run("search", "dbsq", "--json", user="zhangwei")
    assert json.loads(r.stdout)[0]["code"] == "MZ-001"
    r = run("show", "HJ-001", user="zhangwei")
    assert "移办件" in r.stdout and "青山镇派出所户籍室" in r.stdout
    r = run("list", "--village", "--json", user="sunli")
    assert r.exit_code == 0 and all(m["village"] for m in json.loads(r.stdout))
    out = tmp_path / "c.xlsx"
    r = run("export", "--format", "xlsx", "--out", str(out))
    assert r.exit_code == 0, r.output
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(out.read_bytes())).worksheets[0]
    assert ws.max_row == 39


def test_runner_refusals(run, tmp_path):
    from quancheng_tui.errors import InputError, NotPermitted

    bad = tmp_path / "bad.toml"
    bad.write_text(BAD_LIMIT, encoding="utf-8")
    r = run("import", str(bad))
    assert isinstance(r.exception, InputError) and "bad.toml 第 1 行" in str(r.exception)
    r = run("import", str(SAMPLE_CATALOG), user="lixiang")
    assert isinstance(r.exception, NotPermitted)
    r = run("export", "--format", "pdf", "--out", str(tmp_path / "x.pdf"))
    assert r.exit_code == 2 and "csv、xlsx、json 或 toml" in r.output  # a usage error (cli-contract)
    r = run("export", "--format", "xlsx", "--out", "-")
    assert isinstance(r.exception, InputError)
