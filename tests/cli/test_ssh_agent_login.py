"""A real sshd on 127.0.0.1: a village agent's key logs in through the forced command
and the board shows only that village's cases; the key can run nothing else.

.ci/run installs openssh-server; the test refuses to skip there (QUANCHENG_REQUIRE_SSH=1).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

SSHD = shutil.which("sshd") or "/usr/sbin/sshd"


def _free_port() -> int:
    """A port nobody listens on now (two suites may run side by side on one machine)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PORT = _free_port()


def _need(tool: str) -> None:
    if shutil.which(tool) is None and not Path(tool).exists():
        if os.environ.get("QUANCHENG_REQUIRE_SSH"):
            pytest.fail(f"{tool} is missing but QUANCHENG_REQUIRE_SSH is set")
        pytest.skip(f"{tool} not installed")


@pytest.fixture
def sshd(tmp_path, demo_db, cli):
    for tool in (SSHD, "ssh", "ssh-keygen", "tmux"):
        _need(tool)
    if os.geteuid() != 0:
        pytest.skip("the throwaway sshd logs in as root with a forced command")
    tmp_path.chmod(0o755)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(tmp_path / "host")], check=True)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "sunli", "-f", str(tmp_path / "agent")],
                   check=True)
    assert cli("staff", "add-key", "sunli", str(tmp_path / "agent.pub"), db=demo_db, user="admin").code == 0
    command = f"{sys.executable} -m quancheng_tui --db {demo_db}"
    r = cli("ssh", "authorized-keys", "--command", command, db=demo_db, user="admin")
    assert r.code == 0, r.err
    (tmp_path / "authorized_keys").write_text(r.out)
    (tmp_path / "authorized_keys").chmod(0o600)
    config = tmp_path / "sshd_config"
    config.write_text(
        f"Port {PORT}\nListenAddress 127.0.0.1\nHostKey {tmp_path / 'host'}\n"
        f"AuthorizedKeysFile {tmp_path / 'authorized_keys'}\nPidFile {tmp_path / 'sshd.pid'}\n"
        "PasswordAuthentication no\nKbdInteractiveAuthentication no\nPubkeyAuthentication yes\n"
        "PermitRootLogin forced-commands-only\nStrictModes no\nUsePAM no\nPrintMotd no\n"
        "AcceptEnv LANG LC_*\n"
    )
    Path("/run/sshd").mkdir(exist_ok=True)
    proc = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stderr=subprocess.PIPE, text=True)
    end = time.monotonic() + 60  # listening, however busy the machine
    while True:
        assert proc.poll() is None, proc.stderr.read()
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
            break
        except OSError:
            assert time.monotonic() < end, "sshd never listened"
            time.sleep(0.1)
    yield tmp_path
    proc.terminate()
    proc.wait(timeout=10)


def _ssh(tmp: Path, *extra: str) -> list[str]:
    return ["ssh", "-p", str(PORT), "-i", str(tmp / "agent"), "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", *extra,
            "root@127.0.0.1"]


def _capture(session: str) -> str:
    return subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout


def _wait_for(session: str, needle: str, timeout: float = 120) -> str:
    end = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < end:
        screen = _capture(session)
        if needle in screen:
            return screen
        time.sleep(0.3)
    raise AssertionError(f"{needle!r} never appeared; screen:\n{screen}")


def test_agent_over_ssh_sees_only_own_village(sshd, demo_db):
    session = f"qc-ssh-{os.getpid()}"
    cmd = " ".join(_ssh(sshd, "-tt"))
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24", cmd], check=True)
    try:
        main = _wait_for(session, "孙丽")  # the forced login: no login screen, no way to switch user
        assert "村代办员" in main
        subprocess.run(["tmux", "send-keys", "-t", session, "3"], check=True)
        board = _wait_for(session, "QS-")
        time.sleep(1.0)
        board = _capture(session)
        shown = set(re.findall(r"QS-\d{8}-\d{4}", board))
        con = sqlite3.connect(demo_db)
        villages = dict(con.execute("SELECT number, village FROM cases"))
        con.close()
        assert shown, board
        assert {villages[n] for n in shown} == {"V01"}, board
        assert any(v != "V01" for v in villages.values())  # there were other villages' cases to hide
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    con = sqlite3.connect(demo_db)  # the session is audited, with the key that opened it
    row = con.execute("SELECT actor, after FROM audit WHERE action = 'ssh.session'").fetchone()
    con.close()
    assert row[0] == "sunli" and '"from": "127.0.0.1"' in row[1] and "SHA256:" in row[1]


def test_a_forced_command_without_the_key_secret_proves_nothing(sshd, demo_db):
    """The same key and login, but a command line written by hand (no per-key secret): the TUI asks
    for the password instead of opening as the agent (issue 18)."""
    keys = sshd / "authorized_keys"
    line = keys.read_text()
    assert "QUANCHENG_SSH_KEY=" in line
    keys.write_text(re.sub(r"QUANCHENG_SSH_KEY=\S+ exec ", "", line))
    session = f"qc-ssh-forged-{os.getpid()}"
    cmd = " ".join(_ssh(sshd, "-tt"))
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24", cmd], check=True)
    try:
        screen = _wait_for(session, "密码")
        assert "村代办员" not in screen and "sunli" in screen  # the login screen, the name filled in
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    con = sqlite3.connect(demo_db)
    sessions = con.execute("SELECT count(*) FROM audit WHERE action = 'ssh.session'").fetchone()[0]
    con.close()
    assert sessions == 0


def test_the_key_runs_nothing_but_quancheng(sshd):
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else "root:x:0:0"
    target = "/etc/hostname" if Path("/etc/hostname").exists() else "/etc/passwd"
    # The forced command replaces whatever the client asks for: quancheng starts instead of `cat`,
    # finds no terminal and says so at once (it must not linger on the server).
    proc = subprocess.run(_ssh(sshd, "-T") + [f"cat {target}"], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=60)
    assert hostname not in proc.stdout
    assert proc.returncode == 1 and "ssh -t" in proc.stderr


def test_an_agent_gets_a_receipt_over_ssh_and_only_for_their_village(sshd, demo_db):
    """Issue 16: `ssh -T host docs get NUMBER receipt > file.pdf`, through the same forced command."""
    import io

    from pypdf import PdfReader

    con = sqlite3.connect(demo_db)
    mine, theirs = (con.execute("SELECT number FROM cases WHERE village = ? AND kind IN ('promised', 'instant') "
                                "ORDER BY number LIMIT 1", (v,)).fetchone()[0] for v in ("V01", "V02"))
    con.close()
    proc = subprocess.run(_ssh(sshd, "-T") + [f"docs get {mine} receipt"], capture_output=True,
                          stdin=subprocess.DEVNULL, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(proc.stdout)).pages)
    assert mine in text
    other = subprocess.run(_ssh(sshd, "-T") + [f"docs get {theirs} receipt"], capture_output=True,
                           stdin=subprocess.DEVNULL, timeout=120)
    assert other.returncode == 1 and other.stdout == b"" and len(other.stderr.decode().strip().splitlines()) == 1
