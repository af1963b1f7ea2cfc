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
    assert lines == [
        'restrict,pty,command="/opt/q/bin/quancheng --login sunli" ' + KEY1.strip(),
        'restrict,pty,command="/opt/q/bin/quancheng --login zhoujun" ' + KEY2.strip(),
    ]
    default = cli("ssh", "authorized-keys", db=demo_db, user="admin").out
    assert f"--db {demo_db} --login sunli" in default


def test_forced_login_cli_cannot_act_as_someone_else(cli, demo_db):
    # --login wins over --user: the forced command decides who this is.
    r = cli("--login", "sunli", "--user", "admin", "staff", "add", "x9", "--name", "某", "--role", "clerk", db=demo_db)
    assert r.code == 1 and "sunli" in r.err
