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


def test_a_key_cut_short_or_padded_is_refused():
    """A key blob whose fields do not add up (truncated while copying, or with bytes added) never logs
    anyone in: refused at `staff add-key` (issue 18)."""
    import base64
    import struct

    kind, blob, _ = KEY.split()
    raw = base64.b64decode(blob)
    for bad in (raw[:-3], raw[:20], raw + b"\0\0\0\1x", raw[:-32] + struct.pack(">I", 31) + b"x" * 31):
        with pytest.raises(InputError):
            sshkeys.parse(f"{kind} {base64.b64encode(bad).decode()}")
