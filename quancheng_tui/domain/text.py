"""Checks on free text typed by users or read from files."""

from __future__ import annotations

import re
import unicodedata

from ..errors import CONTROL as _CONTROL
from ..errors import N_, InputError, visible


def clean(value: str, field: str, *, required: bool = True, max_len: int = 200, multiline: bool = False) -> str:
    """Strip and validate one field; the error names the field."""
    text = unicodedata.normalize("NFC", value or "").strip()
    if _CONTROL.search(text) or (not multiline and ("\n" in text or "\t" in text)):
        raise InputError(N_("{field}含有控制字符或换行"), field=field)
    if required and not text:
        raise InputError(N_("{field}不能为空"), field=field)
    if len(text) > max_len:
        raise InputError(N_("{field}过长（最多 {max} 个字符）"), field=field, max=max_len)
    return text


LOGIN_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
CODE_RE = re.compile(r"^[A-Za-z0-9_\-]{1,32}$")


def login(value: str) -> str:
    text = (value or "").strip()
    if not LOGIN_RE.match(text):
        raise InputError(N_("{field}只能由字母、数字、点、下划线和连字符组成（1–64 位）"), field=N_("登录名"))
    return text


def code(value: str, field: str) -> str:
    text = (value or "").strip()
    if not CODE_RE.match(text):
        raise InputError(N_("{field}只能由字母、数字、下划线和连字符组成（1–32 位）"), field=field)
    return text


def safe_for_terminal(value: str) -> str:
    """Render stored text harmlessly: control characters become visible escapes."""
    return visible(value)
