"""Search keys for Chinese names: pinyin initials (低保申请 -> "dbsq") and full pinyin.

Keys hold only lowercase ASCII letters and digits, so a prefix search can be
a plain index range (`key >= "db" AND key < "dc"`) on every database and
collation. pypinyin (and its dictionaries, ~0.3 s) is imported on the first
call only: the catalog import needs it, a keystroke in search never does.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["full", "initials", "keys", "next_prefix", "search_key"]

_NOT_KEY = re.compile(r"[^a-z0-9]+")
_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


def search_key(value: str) -> str:
    """Lowercase [a-z0-9] only: "MZ-001" -> "mz001", "ＤＢ" -> "db"."""
    return _NOT_KEY.sub("", unicodedata.normalize("NFKC", value or "").lower())


def keys(name: str) -> tuple[str, str]:
    """(initials, full pinyin) of a name; a non-Han run (digits, Latin) is kept whole.

    "80周岁以上高龄津贴" -> ("80zsysgljt", "80zhousuiyishanggaolingjintie").
    """
    from pypinyin import Style, lazy_pinyin

    text = unicodedata.normalize("NFKC", name or "")
    # pypinyin returns an unconverted run (digits, Latin, punctuation) as it was.
    first = lazy_pinyin(text, style=Style.FIRST_LETTER)
    whole = lazy_pinyin(text, style=Style.NORMAL)
    return search_key("".join(first))[:200], search_key("".join(whole))[:1200]


def initials(name: str) -> str:
    return keys(name)[0]


def full(name: str) -> str:
    return keys(name)[1]


def next_prefix(key: str) -> str | None:
    """The smallest key greater than every key starting with `key` ("dz" -> "e"); None if none is."""
    chars = list(key)
    while chars:
        i = _ALPHABET.find(chars[-1])
        if 0 <= i < len(_ALPHABET) - 1:
            chars[-1] = _ALPHABET[i + 1]
            return "".join(chars)
        chars.pop()
    return None
