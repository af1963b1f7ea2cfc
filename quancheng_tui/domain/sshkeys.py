"""OpenSSH public keys for village agents' forced-command logins."""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
from dataclasses import dataclass

from ..errors import N_, InputError

KEY_TYPES = frozenset({
    "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
})


@dataclass(frozen=True)
class PublicKey:
    type: str
    blob: str  # base64, as in the .pub file
    comment: str

    @property
    def fingerprint(self) -> str:
        digest = hashlib.sha256(base64.b64decode(self.blob)).digest()
        return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")

    def line(self) -> str:
        return f"{self.type} {self.blob}"


def parse(text: str) -> PublicKey:
    """One `type base64 [comment]` line; options or private keys are refused."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    if len(lines) != 1:
        raise InputError(N_("公钥文件应只含一行公钥"))
    if "PRIVATE KEY" in lines[0]:
        raise InputError(N_("这是私钥，请提供 .pub 公钥文件"))
    parts = lines[0].split(None, 2)
    if len(parts) < 2 or parts[0] not in KEY_TYPES:
        raise InputError(N_("无法识别的公钥类型，应为 ssh-ed25519、ssh-rsa 或 ecdsa"))
    try:
        raw = base64.b64decode(parts[1], validate=True)
        (n,) = struct.unpack(">I", raw[:4])
        inner = raw[4:4 + n].decode("ascii")
    except (binascii.Error, struct.error, UnicodeDecodeError, ValueError):
        raise InputError(N_("公钥内容已损坏")) from None
    if inner != parts[0]:
        raise InputError(N_("公钥内容已损坏")) from None
    comment = parts[2] if len(parts) > 2 else ""
    # The comment ends up in authorized_keys: keep it printable and unquoted.
    comment = "".join(c for c in comment if c.isprintable() and c not in "\"\\")[:100]
    return PublicKey(parts[0], parts[1], comment)


def authorized_keys_line(key: PublicKey, command: str) -> str:
    """`restrict` forbids forwarding and the like; `pty` gives the TUI its terminal back."""
    quoted = command.replace("\\", "\\\\").replace('"', '\\"')
    line = f'restrict,pty,command="{quoted}" {key.line()}'
    return f"{line} {key.comment}" if key.comment else line
