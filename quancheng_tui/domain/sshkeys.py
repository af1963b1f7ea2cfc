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
        fields = _fields(base64.b64decode(parts[1], validate=True))
    except (binascii.Error, struct.error, ValueError):
        raise InputError(N_("公钥内容已损坏")) from None
    if not _well_formed(parts[0], fields):
        # A truncated or altered key would never log anyone in: refuse it now, not at the village.
        raise InputError(N_("公钥内容已损坏")) from None
    comment = parts[2] if len(parts) > 2 else ""
    # The comment ends up in authorized_keys: keep it printable and unquoted.
    comment = "".join(c for c in comment if c.isprintable() and c not in "\"\\")[:100]
    return PublicKey(parts[0], parts[1], comment)


# Wire sizes (RFC 8709, RFC 5656, PROTOCOL.u2f): an ed25519 key is 32 bytes, an uncompressed EC point 1 + 2×size.
_EC_POINT = {"nistp256": 65, "nistp384": 97, "nistp521": 133}


def _fields(raw: bytes) -> list[bytes]:
    """The length-prefixed strings of a key blob; a blob cut short anywhere raises ValueError."""
    fields, at = [], 0
    while at < len(raw):
        if at + 4 > len(raw):
            raise ValueError("truncated length")
        (n,) = struct.unpack(">I", raw[at:at + 4])
        if at + 4 + n > len(raw):
            raise ValueError("truncated field")
        fields.append(raw[at + 4:at + 4 + n])
        at += 4 + n
    return fields


def _well_formed(key_type: str, fields: list[bytes]) -> bool:
    if not fields or fields[0] != key_type.encode("ascii"):
        return False
    rest = fields[1:]
    if key_type == "ssh-ed25519":
        return len(rest) == 1 and len(rest[0]) == 32
    if key_type == "sk-ssh-ed25519@openssh.com":
        return len(rest) == 2 and len(rest[0]) == 32 and rest[1].startswith(b"ssh:")
    if key_type == "ssh-rsa":  # e, n: a modulus under 1024 bits is no key at all
        return len(rest) == 2 and 1 <= len(rest[0]) <= 8 and len(rest[1].lstrip(b"\0")) >= 128
    curve = key_type.split("-")[2].split("@")[0] if key_type.count("-") >= 2 else ""
    size = _EC_POINT.get(curve)
    if size is None or len(rest) < 2 or rest[0] != curve.encode() or len(rest[1]) != size or rest[1][0] != 4:
        return False
    return len(rest) == 2 if not key_type.startswith("sk-") else len(rest) == 3 and rest[2].startswith(b"ssh:")


def authorized_keys_line(key: PublicKey, command: str) -> str:
    """`restrict` forbids forwarding and the like; `pty` gives the TUI its terminal back."""
    quoted = command.replace("\\", "\\\\").replace('"', '\\"')
    line = f'restrict,pty,command="{quoted}" {key.line()}'
    return f"{line} {key.comment}" if key.comment else line
