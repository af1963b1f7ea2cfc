"""Masks for personal data shown in public or exported (domain.md §7; 002 第二十条).

Every function is total: it accepts any str (None counts as "") and never
raises. Masking keeps only the parts stated in each docstring; everything
else becomes ``*``. Masks are for display: a masked value is not a key and
cannot be validated.

Rules in short:

- ``name``: first and last character kept, one ``*`` per hidden character
  (张 -> 张, 张三 -> 张*, 张小三 -> 张*三, 欧阳小明 -> 欧**明).
- ``org_name``: unchanged. Names of legal persons and other organisations are
  public (they are printed on licences and in the national credit registry);
  an individual business registered under a person's own name is the caller's
  to mask with ``name``.
- ``id_number``: first 6 (region) and last 4 kept (110105********002X);
  anything shorter than 15 characters is masked completely.
- ``phone``: mobile 138****1234; landline keeps the area code and the last 4
  digits of an 8-digit local number or the last 3 of a 7-digit one
  (0571-****4321), the extension is starred; in anything else every digit
  becomes ``*``. Masking a masked number changes nothing.
- ``address``: kept up to the last administrative name (省/市/区/县/镇/乡/
  街道/村/社区 …) found in the first 24 characters and before any digit, then
  ``***`` (浙江省杭州市西湖区三墩镇某某村***). No administrative name found:
  ``***``. The output never contains a digit.
- ``text``: free text (for logs) with every occurrence of the given sensitive
  strings replaced by stars, and, unless ``patterns=False``, anything shaped
  like an ID number or a mobile number masked as above.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .validators import _MOBILE, _mobile_digits, halfwidth, parse_landline

_WHITESPACE = re.compile(r"\s+")


def name(s: str) -> str:
    """Person's name: first and last character kept, ``*`` for each one between."""
    text = (s or "").strip()
    if len(text) <= 1:
        return text
    if len(text) == 2:
        return text[0] + "*"
    return text[0] + "*" * (len(text) - 2) + text[-1]


def org_name(s: str) -> str:
    """Organisation name, unchanged: organisations' registered names are public."""
    return s or ""


def id_number(s: str) -> str:
    """ID number: whitespace dropped, first 6 and last 4 kept, ``*`` for each one between.

    Strings shorter than 15 characters (no real ID number) become all stars.
    """
    # Plain ASCII letters and digits (nearly every stored number) have nothing to strip or narrow.
    text = s if s and s.isascii() and s.isalnum() else _WHITESPACE.sub("", halfwidth(s))
    if len(text) < 15:
        return "*" * len(text)
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


_ANY_DIGIT = re.compile(r"\d")  # any Unicode digit, full-width ones included
_MASKED_PHONE = re.compile(r"1[3-9][0-9]\*{4}[0-9]{4}|0[0-9]{2,3}-\*+[0-9]{3,4}(?:-\*+)?")


def phone(s: str) -> str:
    """Telephone number: 138****1234, 0571-****4321; see the module docstring."""
    raw = s or ""
    if len(raw) == 11 and raw.isascii() and raw.isdigit() and raw[0] == "1" and raw[1] in "3456789":
        return raw[:3] + "****" + raw[-4:]  # a stored mobile number as the validators keep it: the common case
    if _MASKED_PHONE.fullmatch(raw.strip()):
        return raw.strip()
    digits = _mobile_digits(raw)
    if _MOBILE.fullmatch(digits):
        return digits[:3] + "****" + digits[-4:]
    parts = parse_landline(raw)
    if parts is not None:
        area, local, ext = parts
        keep = 4 if len(local) == 8 else 3
        masked = f"{area}-{'*' * (len(local) - keep)}{local[-keep:]}"
        return masked + (f"-{'*' * len(ext)}" if ext else "")
    return _ANY_DIGIT.sub("*", raw)


_ADMIN = re.compile(
    "特别行政区|自治区|自治州|自治县|自治旗|办事处|居委会|村委会|街道|地区|苏木|嘎查|社区"
    "|[省市州盟区县旗镇乡村]"
)
_NOT_ADMIN = frozenset({"小区", "园区", "校区", "景区", "厂区", "矿区", "营区", "超市", "菜市"})
_ADDRESS_KEEP = 24


def address(s: str) -> str:
    """Address kept up to its last administrative name, then ``***``; see the module docstring."""
    text = (s or "").strip()
    if not text:
        return ""
    window = text[:_ADDRESS_KEEP]
    first_digit = next((i for i, c in enumerate(window) if c.isdigit()), len(window))
    window = window[:first_digit]
    end = 0
    for m in _ADMIN.finditer(window):
        if text[max(m.start() - 1, 0) : m.end()] not in _NOT_ADMIN:
            end = m.end()
    if end == len(text):
        return text
    return text[:end] + "***"


# Bounded by anything but letters and digits, so that Chinese text around a number is fine.
_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(?:[0-9]{17}[0-9Xx]|[1-8][0-9]{14})(?![0-9A-Za-z])")
_MOBILE_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(1[3-9][0-9][- ]?)([0-9]{4})([- ]?[0-9]{4})(?![0-9A-Za-z])")


def text(s: str, known: Iterable[str] = (), *, patterns: bool = True) -> str:
    """Free text with sensitive parts masked, for logs.

    Each string in ``known`` (stripped; empty ones ignored; matched ignoring
    ASCII case, longest first) is replaced by as many ``*`` as it has
    characters. With ``patterns`` (the default), 18-character and 15-digit
    ID-shaped numbers and mobile numbers (spaces or hyphens allowed after the
    3rd and 7th digit) not embedded in longer runs of letters/digits are
    masked like ``id_number`` and ``phone`` do, in place. Characters are only
    ever replaced by ``*``: the output has the input's length.
    """
    out = s or ""
    needles = sorted({k.strip() for k in known or () if isinstance(k, str) and k.strip()}, key=len, reverse=True)
    if needles:
        rx = re.compile("|".join(map(re.escape, needles)), re.IGNORECASE)
        out = rx.sub(lambda m: "*" * len(m.group()), out)
    if patterns:
        out = _ID_IN_TEXT.sub(lambda m: id_number(m.group()), out)
        out = _MOBILE_IN_TEXT.sub(lambda m: m.group(1) + "****" + m.group(3), out)
    return out
