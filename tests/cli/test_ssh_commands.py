import hashlib
import re
import shlex
import sqlite3

from sqlite_files import copy_sqlite

KEY1 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHhEAoC6uAp/OmgwhTcVrPGKEGWdDGeALGIAuFNu0UUk sunli@V01\n"
KEY2 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIN0ZvI3cTm/aEachqpWsV0qdTxpYuNxDju8rS90OgTS2 zhoujun\n"


def test_add_keys_and_print_authorized_keys(cli, demo_db, tmp_path):
    (tmp_path / "k1.pub").write_text(KEY1)
    (tmp_path / "k2.pub").write_text(KEY2)
    r = cli("staff", "add-key", "sunli", str(tmp_path / "k1.pub"), db=demo_db, user="zhangwei")
    assert r.code == 1 and "无权" in r.err
    assert cli("staff", "add-key", "sunli", str(tmp_path / "k1.pub"), db=demo_db, user="admin").code == 0
    assert cli("staff", "add-key", "zhoujun", str(tmp_path / "k2.pub"), db=demo_db, user="admin").code == 0
    r = cli("staff", "add-key", "zhoujun", str(tmp_path / "k1.pub"), db=demo_db, user="admin")
    assert r.code == 1  # the same key cannot log in as two people
    r = cli("ssh", "authorized-keys", "--command", "/opt/q/bin/quancheng", db=demo_db, user="admin")
    assert r.code == 0, r.err
    lines = r.out.strip().splitlines()
    secrets = [re.search(r"QUANCHENG_SSH_KEY=([A-Za-z0-9_-]{43}) ", line).group(1) for line in lines]
    assert lines == [
        f'restrict,pty,command="QUANCHENG_SSH_KEY={secrets[0]} exec /opt/q/bin/quancheng --login sunli" '
        + KEY1.strip(),
        f'restrict,pty,command="QUANCHENG_SSH_KEY={secrets[1]} exec /opt/q/bin/quancheng --login zhoujun" '
        + KEY2.strip(),
    ]
    assert secrets[0] != secrets[1]
    with sqlite3.connect(demo_db) as con:  # only hashes are stored
        stored = {h for (h,) in con.execute("SELECT secret_hash FROM ssh_key_secret")}
    assert stored == {hashlib.sha256(s.encode()).hexdigest() for s in secrets}
    default = cli("ssh", "authorized-keys", db=demo_db, user="admin").out
    assert f"--db {demo_db} --login sunli" in default
    assert secrets[0] not in default  # printing the file again issues new secrets; the old lines stop working


def test_default_command_quotes_the_database_path(cli, demo_db, tmp_path):
    odd = tmp_path / "a b;touch x"
    odd.mkdir()
    db = odd / "q $(id).db"
    copy_sqlite(demo_db, db)
    (tmp_path / "k1.pub").write_text(KEY1)
    assert cli("staff", "add-key", "sunli", str(tmp_path / "k1.pub"), db=db, user="admin").code == 0
    r = cli("ssh", "authorized-keys", db=db, user="admin")
    assert r.code == 0, r.err
    command = re.search(r'command="(.*)" ssh-ed25519', r.out).group(1)
    words = shlex.split(command)
    assert words[words.index("--db") + 1] == str(db)  # one word, nothing for the shell to run


def test_a_truncated_key_is_refused(cli, demo_db, tmp_path):
    kind, blob, _ = KEY1.split()
    for cut in (blob[:-4], blob[:40], blob[:-8] + "AAAA"):
        (tmp_path / "bad.pub").write_text(f"{kind} {cut} sunli\n")
        r = cli("staff", "add-key", "sunli", str(tmp_path / "bad.pub"), db=demo_db, user="admin")
        assert r.code == 1 and "公钥内容已损坏" in r.err, cut
    with sqlite3.connect(demo_db) as con:
        assert con.execute("SELECT count(*) FROM staff_key").fetchone()[0] == 0


def test_forced_login_cli_cannot_act_as_someone_else(cli, demo_db, tmp_path):
    (tmp_path / "k1.pub").write_text(KEY1)
    assert cli("staff", "add-key", "sunli", str(tmp_path / "k1.pub"), db=demo_db, user="admin").code == 0
    line = cli("ssh", "authorized-keys", "--command", "q", db=demo_db, user="admin").out
    secret = re.search(r"QUANCHENG_SSH_KEY=(\S+) ", line).group(1)
    # --login wins over --user: the forced command decides who this is.
    r = cli("--login", "sunli", "--user", "admin", "staff", "add", "x9", "--name", "某", "--role", "clerk", db=demo_db,
            env={"QUANCHENG_SSH_KEY": secret})
    assert r.code == 1 and "sunli" in r.err


def test_forced_login_without_its_key_secret_proves_nothing(cli, demo_db, tmp_path):
    """The counter PC's OS account is the admin's, yet `--login admin` without a key secret is refused."""
    for extra in ({}, {"QUANCHENG_SSH_KEY": "forged-secret-000000000000000000000000000000"}):
        r = cli("--login", "admin", "staff", "list", db=demo_db, env=extra)
        assert r.code == 1 and len(r.err.strip().splitlines()) == 1 and r.out == "", r.err
    with sqlite3.connect(demo_db) as con:  # the forged secret is a failed login of the account it names
        row = con.execute("SELECT action, actor, after FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    assert row == ("login.failed", "admin", '{"via": "ssh"}')
