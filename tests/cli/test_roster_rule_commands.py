"""`roster rule` and the warning of `roster import` (issue 15 item 5) on a copy of the demo office."""

from __future__ import annotations

import json

ROSTER = """\
[[duty]]
from = 2026-04-01
to = 2026-04-15
clerks = ["zhangwei", "liuna"]
leader = "lixiang"

[[duty]]
from = 2026-04-16
to = 2026-04-30
clerks = ["wangfang"]
leader = "lixiang"
"""


def test_import_warns_naming_the_month_and_the_rule_is_set_by_admins(cli, empty_demo_db, tmp_path):
    db = empty_demo_db
    path = tmp_path / "april.toml"
    path.write_text(ROSTER, encoding="utf-8")
    r = cli("roster", "import", str(path), db=db, user="admin")
    assert r.code == 0, r.err
    warning = [x for x in r.err.splitlines() if x.startswith("警告")]
    assert len(warning) == 1 and "2026-04" in warning[0] and "协办员 3 人" in warning[0]
    r = cli("--lang", "en", "roster", "import", str(path), db=db, user="admin")
    assert r.code == 0 and any(x.startswith("Warning: 2026-04") for x in r.err.splitlines())
    assert json.loads(cli("roster", "rule", "--json", db=db, user="zhangwei").out) == {
        "clerks_min": 1, "clerks_max": 2, "leaders": 1}
    r = cli("roster", "rule", "--clerks-max", "3", db=db, user="zhangwei")
    assert r.code == 1 and r.out == ""
    r = cli("roster", "rule", "--clerks-max", "3", db=db, user="admin")
    assert r.code == 0 and "1–3" in r.out
    r = cli("roster", "import", str(path), db=db, user="admin")
    assert r.code == 0 and "警告" not in r.err
    r = cli("roster", "rule", "--clerks-min", "0", db=db, user="admin")
    assert r.code == 1 and r.out == ""
