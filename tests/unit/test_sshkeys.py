import pytest

from quancheng_tui.domain import sshkeys
from quancheng_tui.errors import InputError

KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHhEAoC6uAp/OmgwhTcVrPGKEGWdDGeALGIAuFNu0UUk sunli@V01"


def test_parse_and_fingerprint_match_ssh_keygen():
    key = sshkeys.parse(KEY + "\n")
    assert key.type == "ssh-ed25519" and key.comment == "sunli@V01"
    assert key.fingerprint == "SHA256:gdL8ce0+bm2fQCsCzP2tMYpng/EzeeFBm7yXfl94PtU"  # `ssh-keygen -lf`


def test_authorized_keys_line_pins_the_command():
    line = sshkeys.authorized_keys_line(sshkeys.parse(KEY), "/usr/bin/quancheng --db /srv/q.db --login sunli")
    assert line.startswith('restrict,pty,command="/usr/bin/quancheng --db /srv/q.db --login sunli" ssh-ed25519 AAAA')
    assert line.endswith(" sunli@V01")


@pytest.mark.parametrize("bad", [
    "", "ssh-dss AAAAB3NzaC1kc3MAAACBAP", "ssh-ed25519 not-base64!!", KEY + "\n" + KEY,
    "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----",
    "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIHhEAoC6uAp/OmgwhTcVrPGKEGWdDGeALGIAuFNu0UUk",  # type mismatch
])
def test_bad_keys_refused(bad):
    with pytest.raises(InputError):
        sshkeys.parse(bad)


def test_comment_cannot_break_out_of_the_line():
    key = sshkeys.parse(KEY.replace("sunli@V01", 'x" evil\x1b[2J'))
    assert '"' not in key.comment and "\x1b" not in key.comment
