"""Issue 18 items 2-5 as an attacker tried them: private files, admin's audited copies, the anchored trail,
safe output and clear refusals. One test (or more) per finding."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

import pytest

from quancheng_tui.services.audit import _digest

ID = "11010519491231002X"


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "内部错误" not in lines[0] and "Traceback" not in text
    return lines[0]


def audit_actions(db: Path) -> list[tuple[str, str, str | None]]:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT action, actor, after FROM audit WHERE action <> 'token.use' ORDER BY id").fetchall()


def register(cli, db: Path) -> str:
    r = cli("case", "register", "--received", "2026-03-16", "--matter", "MZ-001", "--applicant", "张三丰",
            "--id-number", ID, "--village", "V01", db=db, user="zhangwei")
    assert r.code == 0, r.err
    return r.out.strip()


@pytest.fixture
def open_dir():
    """A folder any OS account may enter (pytest's own tmp folders are 0700, which would hide a file's mode)."""
    path = Path(tempfile.mkdtemp(prefix="qc-open-", dir="/tmp"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def other_account_reads(path: Path) -> bool:
    if os.geteuid() != 0 or shutil.which("runuser") is None:
        pytest.skip("needs root and runuser to act as a second OS account")
    done = subprocess.run(["runuser", "-u", "nobody", "--", "cat", str(path)], capture_output=True)
    return done.returncode == 0


# --- item 2: private files -----------------------------------------------------------------------------


def test_init_makes_a_private_database_in_a_private_folder(cli, open_dir):
    data_home = open_dir / "share"
    r = cli("init", env={"XDG_DATA_HOME": str(data_home)})  # the default place, in the user data dir
    assert r.code == 0, r.err
    folder = data_home / "quancheng"
    db = folder / "quancheng.db"
    assert os.stat(folder).st_mode & 0o777 == 0o700
    assert os.stat(db).st_mode & 0o777 == 0o600
    for extra in (folder / "quancheng.db-wal", folder / "quancheng.db-shm"):
        if extra.exists():
            assert os.stat(extra).st_mode & 0o777 == 0o600
    assert not other_account_reads(db)


def test_a_backup_cannot_be_read_by_another_account(cli, demo_db, open_dir):
    control = open_dir / "control.txt"
    control.write_text("x")
    control.chmod(0o644)
    assert other_account_reads(control)  # the second account does read what it may: the check can fail
    r = cli("backup", str(open_dir / "b.db"), db=demo_db, user="admin")
    assert r.code == 0, r.err
    assert os.stat(open_dir / "b.db").st_mode & 0o777 == 0o600
    assert not other_account_reads(open_dir / "b.db")


def test_exports_and_forms_are_private(cli, demo_db, open_dir):
    number = register(cli, demo_db)
    assert cli("export", "cases", "--format", "csv", "--out", str(open_dir / "c.csv"),
               db=demo_db, user="admin").code == 0
    assert cli("case", "receipt", number, "--out", str(open_dir / "r.txt"), db=demo_db, user="zhangwei").code == 0
    for name in ("c.csv", "r.txt"):
        assert os.stat(open_dir / name).st_mode & 0o777 == 0o600
        assert not other_account_reads(open_dir / name)


def test_db_check_warns_about_wider_modes_one_line_each(cli, demo_db):
    demo_db.chmod(0o644)
    backup = demo_db.with_name(demo_db.name + ".bak-0001-x")
    shutil.copy(demo_db, backup)
    backup.chmod(0o640)
    r = cli("db", "check", db=demo_db, user="admin")
    warned = [line for line in r.err.splitlines() if "chmod" in line]
    assert any(str(demo_db) in line and "0644" in line for line in warned)
    assert any(str(backup) in line and "0640" in line for line in warned)
    demo_db.chmod(0o600)
    backup.chmod(0o600)
    r = cli("db", "check", db=demo_db, user="admin")
    assert not [line for line in r.err.splitlines() if str(demo_db) + " " in line and "chmod" in line]


# --- item 3: copies are an admin's and audited ----------------------------------------------------------


@pytest.mark.parametrize("who", ["zhangwei", "lixiang", "sunli", "zhaomin"])
def test_only_an_admin_takes_a_backup_or_restores(cli, demo_db, tmp_path, who):
    before = audit_actions(demo_db)
    r = cli("backup", str(tmp_path / "b.db"), db=demo_db, user=who)
    assert r.code == 1 and one_line(r.err)
    assert not (tmp_path / "b.db").exists()
    shutil.copy(demo_db, tmp_path / "old.db")
    r = cli("restore", str(tmp_path / "old.db"), db=demo_db, user=who)
    assert r.code == 1 and one_line(r.err)
    assert audit_actions(demo_db) == before


def test_backup_is_audited(cli, demo_db, tmp_path):
    r = cli("backup", str(tmp_path / "b.db"), db=demo_db, user="admin")
    assert r.code == 0, r.err
    action, actor, after = audit_actions(demo_db)[-1]
    assert (action, actor) == ("db.backup", "admin")
    assert json.loads(after)["file"] == str(tmp_path / "b.db")
    assert cli("audit", "verify", db=tmp_path / "b.db").code == 0


def test_restore_never_issues_a_number_twice_and_is_in_both_trails(cli, demo_db, tmp_path):
    first = register(cli, demo_db)
    assert cli("backup", str(tmp_path / "b.db"), db=demo_db, user="admin").code == 0
    lost = register(cli, demo_db)  # issued after the backup: printed on a receipt, gone with the restore
    r = cli("restore", str(tmp_path / "b.db"), db=demo_db, user="admin")
    assert r.code == 0, r.err
    after = register(cli, demo_db)
    assert after not in (first, lost) and after > lost
    assert cli("audit", "verify", db=demo_db).code == 0
    restored = [json.loads(a) for action, _, a in audit_actions(demo_db) if action == "db.restore"]
    assert len(restored) == 1 and restored[0]["file"] == str(tmp_path / "b.db")
    count, _, digest = restored[0]["replaced_head"].partition(":")
    assert int(count) > 0 and len(digest) == 64
    saved = Path(restored[0]["saved"])
    assert saved.exists() and os.stat(saved).st_mode & 0o777 == 0o600
    replaced = [json.loads(a) for action, _, a in audit_actions(saved) if action == "db.restore"]
    assert replaced and replaced[0]["replaced_head"] == restored[0]["replaced_head"]
    with sqlite3.connect(saved) as con:
        assert con.execute("SELECT count(*) FROM cases WHERE number = ?", (lost,)).fetchone()[0] == 1


# --- item 4: the anchored trail --------------------------------------------------------------------------


def anchor(cli, db: Path) -> str:
    r = cli("audit", "anchor", db=db, user="admin")
    assert r.code == 0, r.err
    text = r.out.strip()
    count, sep, digest = text.partition(":")
    assert sep and count.isdigit() and len(digest) == 64
    return text


def test_anchor_is_refused_to_a_clerk(cli, demo_db):
    r = cli("audit", "anchor", db=demo_db, user="zhangwei")
    assert r.code == 1 and one_line(r.err)


def test_anchor_detects_the_newest_entries_deleted(cli, demo_db):
    register(cli, demo_db)
    mark = anchor(cli, demo_db)
    assert cli("audit", "verify", "--anchor", mark, db=demo_db).code == 0
    with sqlite3.connect(demo_db) as con:  # the attacker removes the newest entries, the chain stays whole
        con.execute("DELETE FROM audit WHERE id > (SELECT max(id) - 3 FROM audit)")
    assert cli("audit", "verify", db=demo_db).code == 0  # what the chain alone cannot see
    r = cli("audit", "verify", "--anchor", mark, db=demo_db)
    assert r.code == 1 and one_line(r.err)


def test_anchor_detects_a_recomputed_chain(cli, demo_db):
    mark = anchor(cli, demo_db)
    count = int(mark.split(":")[0])
    with sqlite3.connect(demo_db) as con:  # forge an old entry, then recompute every hash after it
        rows = con.execute("SELECT id, at, actor, acting_for, action, entity, entity_key, before, after "
                           "FROM audit ORDER BY id").fetchall()
        forged = rows[count // 2][0]
        con.execute("UPDATE audit SET actor = 'nobody' WHERE id = ?", (forged,))
        prev = "0" * 64
        from datetime import datetime

        for id_, at, actor, acting_for, action, entity, key, before, after in rows:
            actor = "nobody" if id_ == forged else actor
            at_value = datetime.fromisoformat(at) if isinstance(at, str) else at
            from datetime import timezone

            if at_value.tzinfo is None:
                at_value = at_value.replace(tzinfo=timezone.utc)
            digest = _digest(prev, at_value, actor, acting_for, action, entity, key, before, after)
            con.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, id_))
            prev = digest
    assert cli("audit", "verify", db=demo_db).code == 0  # the recomputed chain passes on its own
    r = cli("audit", "verify", "--anchor", mark, db=demo_db)
    assert r.code == 1 and one_line(r.err)


def test_a_malformed_anchor_is_one_line(cli, demo_db):
    r = cli("audit", "verify", "--anchor", "12:not-a-hash", db=demo_db)
    assert r.code == 1 and one_line(r.err)


# --- item 5: safe output, clear refusals -----------------------------------------------------------------


# TOML escapes, as an attacker's file would spell them.
CALENDAR_2027 = r"""year = 2027
source = "通知\u001b]0;pwned\u0007\u001b[2J"

[[festival]]
name = "元旦\u202e假\u200b\u2028"
holidays = [2027-01-01]
workdays = []
"""


def test_imported_names_never_drive_the_terminal(cli, demo_db, tmp_path):
    path = tmp_path / "2027.toml"
    path.write_text(CALENDAR_2027, encoding="utf-8")
    r = cli("calendar", "import", str(path), db=demo_db, user="admin")
    assert r.code == 0, r.err  # stored as given (the finding): the output path must make it harmless
    for args in (("calendar", "show", "2027"), ("calendar", "show", "2027", "--json")):
        r = cli(*args, db=demo_db, user="zhangwei")
        assert r.code == 0, r.err
        for ch in ("\x1b", "\x07", "\u202e", "\u200b", "\u2028"):
            assert ch not in r.out and ch not in r.err
    data = json.loads(cli("calendar", "show", "2027", "--json", db=demo_db, user="zhangwei").out)
    assert "\u202e" in json.dumps(data, ensure_ascii=False)  # the same data, escaped only on the way out


def test_a_mistyped_db_is_not_created(cli, tmp_path):
    typo = tmp_path / "quanchng.db"
    r = cli("staff", "list", db=typo, user="admin")
    assert r.code == 1 and "init" in one_line(r.err)
    r = cli("audit", "verify", db=typo)
    assert r.code == 1 and one_line(r.err)
    assert list(tmp_path.iterdir()) == []
    assert cli("init", db=typo).code == 0 and typo.exists()


def test_db_symlinked_to_dev_zero_is_one_line(cli, tmp_path):
    link = tmp_path / "q.db"
    link.symlink_to("/dev/zero")
    r = cli("audit", "verify", db=link)
    assert r.code == 1 and one_line(r.err)
    r = cli("init", db=link)
    assert r.code == 1 and one_line(r.err)


def test_import_of_dev_zero_or_deep_toml_is_one_line(cli, demo_db, tmp_path):
    (tmp_path / "zero.toml").symlink_to("/dev/zero")
    (tmp_path / "deep.toml").write_text("year = 2027\nx = " + "[" * 100_000 + "]" * 100_000, encoding="utf-8")
    for args in (("calendar", "import", str(tmp_path / "zero.toml")), ("catalog", "import", str(tmp_path / "zero.toml")),
                 ("calendar", "import", str(tmp_path / "deep.toml")), ("catalog", "import", str(tmp_path / "deep.toml")),
                 ("roster", "import", str(tmp_path / "deep.toml"))):
        r = cli(*args, db=demo_db, user="admin")
        assert r.code == 1 and one_line(r.err), args


def test_invalid_utf8_argument_is_one_line(cli, demo_db):
    r = cli("case", "show", "QS-\udcff\udcfe", db=demo_db, user="zhangwei")
    assert r.code == 1 and "UTF-8" in one_line(r.err)


@pytest.fixture
def full_dir(tmp_path):
    """A folder on a file system with a few kilobytes left (a small tmpfs); root only."""
    path = tmp_path / "full"
    path.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(path)],
                                           capture_output=True).returncode != 0:
        pytest.skip("needs root to mount a small tmpfs as a full disk")
    try:
        fd = os.open(path / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=False)


def test_a_full_disk_leaves_nothing_under_the_target_name(cli, demo_db, full_dir):
    number = register(cli, demo_db)
    attempts = [
        ("case", "receipt", number, "--out", str(full_dir / "r.pdf")),
        ("case", "remind", "--out", str(full_dir / "slips")),
        ("export", "cases", "--format", "csv", "--out", str(full_dir / "c.csv"), "--unmasked"),
        ("backup", str(full_dir / "b.db")),
    ]
    for args in attempts:
        r = cli(*args, db=demo_db, user="admin" if args[0] in ("export", "backup") else "zhangwei")
        assert r.code != 0 or args[1] == "remind", (args, r.err)
        if r.code:
            assert one_line(r.err)
        assert sorted(p.name for p in full_dir.rglob("*") if p.is_file()) == ["filler"], args
    assert not [a for a in audit_actions(demo_db) if a[0] == "db.backup"]  # no copy, no claim of one


def test_bidi_and_invisible_characters_in_names_never_reach_the_terminal(cli, demo_db):
    r = cli("case", "register", "--received", "2026-03-16", "--matter", "MZ-001", "--applicant",
            "王\u202e五\u200b\u2066", "--id-number", ID, "--village", "V01", db=demo_db, user="zhangwei")
    assert r.code == 0, r.err
    number = r.out.strip()
    for fmt in ("table", "csv", "json", "ndjson"):
        r = cli("case", "list", "--format", fmt, "--unmasked", db=demo_db, user="admin")
        if r.code == 2:  # no --unmasked on this command: masked names still pass the sanitiser
            r = cli("case", "list", "--format", fmt, db=demo_db, user="admin")
        assert r.code == 0, r.err
        assert number in r.out
        assert not any(ch in r.out for ch in ("\u202e", "\u200b", "\u2066")), fmt
    r = cli("case", "show", number, "--json", db=demo_db, user="zhangwei")
    assert r.code == 0 and "\u202e" not in r.out


def test_xlsx_formula_without_value_is_refused_by_the_command(cli, demo_db, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["code", "name", "department", "category", "kind", "statutory_days", "promised_days",
                      "materials"])
    wb.active.append(["ZZ-001", "甲事项", "民政办", "own", "promised", "=10+10", 10, "ID:身份证:original:1"])
    wb.save(tmp_path / "c.xlsx")
    before = audit_actions(demo_db)
    r = cli("catalog", "import", str(tmp_path / "c.xlsx"), db=demo_db, user="admin")
    assert r.code == 1 and "F2" in one_line(r.err)
    assert audit_actions(demo_db) == before


def test_an_export_prints_the_anchor_of_its_own_snapshot(cli, demo_db, tmp_path):
    """Issue 18 item 4: the monthly export prints the head, and that head verifies later."""
    r = cli("export", "cases", "--format", "csv", "--out", str(tmp_path / "m.csv"), db=demo_db, user="zhangwei")
    assert r.code == 0, r.err
    shown = [line.rsplit("审计日志锚点 ", 1)[1] for line in r.err.splitlines() if "审计日志锚点 " in line]
    assert len(shown) == 1 and ":" in shown[0]
    count = int(shown[0].split(":")[0])
    assert count > 0
    v = cli("audit", "verify", "--anchor", shown[0], db=demo_db, user="admin")
    assert v.code == 0, v.err
