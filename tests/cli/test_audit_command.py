import json
import sqlite3


def test_audit_verify_intact_then_tampered(cli, demo_db):
    r = cli("audit", "verify", db=demo_db)
    assert r.code == 0 and "完好" in r.out
    con = sqlite3.connect(demo_db)
    con.execute("UPDATE audit SET actor = 'mallory' WHERE id = 2")
    con.commit()
    con.close()
    r = cli("audit", "verify", "--json", db=demo_db)
    assert r.code == 1 and "第 2 条" in r.err
    assert json.loads(r.out)["first_bad"] == 2
    r = cli("--lang", "en", "audit", "verify", db=demo_db)
    assert r.code == 1 and "Audit entry 2" in r.err
