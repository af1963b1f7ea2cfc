"""`quancheng office show|set` (issue 16 item 4): the office's settings as the 设置 screen has them, through
the shared listing output; changes by admins only, all fields or none, audited."""

from __future__ import annotations

import csv
import io
import json


def values(cli, db) -> dict:
    r = cli("office", "show", "--json", db=db, user="zhangwei")
    assert r.code == 0, r.err
    return {row["key"]: row["value"] for row in json.loads(r.out)}


def test_show_lists_every_setting_in_each_format(cli, empty_demo_db):
    shown = values(cli, empty_demo_db)
    assert shown["code"] == "QS" and shown["phone"] == "0797-6280000" and shown["rectify_days"] == 5
    assert list(shown) == ["code", "name", "phone", "complaint_phone", "address", "yellow_within", "rectify_days",
                           "followup_days", "followup_sample_percent"]
    table = cli("office", "show", db=empty_demo_db, user="zhangwei")
    assert table.code == 0 and "差评整改期限（工作日）" in table.out and "投诉/监督电话" in table.out
    english = cli("--lang", "en", "office", "show", db=empty_demo_db, user="zhangwei")
    assert "Rectification period (working days)" in english.out and "差评" not in english.out
    rows = list(csv.DictReader(io.StringIO(cli("office", "show", "--format", "csv", db=empty_demo_db,
                                               user="zhangwei").out.lstrip("\ufeff"))))
    assert {"key": "followup_sample_percent", "value": "10"} in rows
    bad = cli("office", "show", "--format", "xml", db=empty_demo_db, user="zhangwei")
    assert bad.code == 2 and bad.out == ""


def test_an_admin_sets_several_at_once_and_it_is_audited(cli, empty_demo_db):
    r = cli("office", "set", "--phone", "0797-1111111", "--rectify-days", "10", "--due-soon-days", "3",
            db=empty_demo_db, user="admin")
    assert r.code == 0, r.err
    assert "咨询电话" in r.err and "差评整改期限（工作日）" in r.err
    shown = values(cli, empty_demo_db)
    assert (shown["phone"], shown["rectify_days"], shown["yellow_within"]) == ("0797-1111111", 10, 3)
    trail = cli("export", "audit", "--format", "json", "--out", "-", db=empty_demo_db, user="admin")
    assert trail.code == 0, trail.err
    changes = [(e["action"], e["actor"]) for e in json.loads(trail.out) if e["action"].endswith(".update")]
    assert changes[-2:] == [("office.update", "admin"), ("settings.update", "admin")]
    assert cli("audit", "verify", db=empty_demo_db).code == 0


def test_a_bad_value_is_one_line_naming_the_field_and_nothing_changes(cli, empty_demo_db):
    before = values(cli, empty_demo_db)
    r = cli("office", "set", "--phone", "0797-2222222", "--sample-percent", "101", db=empty_demo_db, user="admin")
    assert r.code == 1 and r.err.strip() == "办结件抽样回访比例（%）须是 0 到 100 之间的整数"
    en = cli("--lang", "en", "office", "set", "--rectify-days", "0", db=empty_demo_db, user="admin")
    assert en.code == 1 and en.err.strip() == "Rectification period (working days) must be a whole number from 1 to 30"
    assert values(cli, empty_demo_db) == before


def test_only_admins_change_them(cli, empty_demo_db):
    r = cli("office", "set", "--phone", "1", db=empty_demo_db, user="zhangwei")
    assert r.code == 1 and len(r.err.strip().splitlines()) == 1
    assert values(cli, empty_demo_db)["phone"] == "0797-6280000"


def test_set_without_an_option_is_wrong_usage(cli, empty_demo_db):
    r = cli("office", "set", db=empty_demo_db, user="admin")
    assert r.code == 2 and "office set --help" in r.err
