"""Checks on identity numbers and phone numbers typed at the counter.

Each validator takes what the clerk typed and returns the normalised form, or
raises InputError whose message names the field and says what is wrong but
never echoes the number itself (errors may end up in logs) and never reveals
the correct check character (that would turn the check into autocorrect for a
mistyped digit).

Typed input is forgiving: surrounding and inner spaces go, full-width
characters from a Chinese input method (１２３Ｘ, the ideographic space)
become ASCII, lower case becomes upper case where the format wants it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from ..errors import N_, InputError

ID_FIELD = N_("身份证号")
CREDIT_FIELD = N_("统一社会信用代码")
MOBILE_FIELD = N_("手机号码")
PHONE_FIELD = N_("联系电话")

# Full-width ASCII (U+FF01–U+FF5E) and the ideographic space, as typed by a
# Chinese IME, mapped to plain ASCII. Deliberately not NFKC: that would also
# turn ① or ² into digits.
_FULLWIDTH = {0x3000: 0x20, **{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}}
_SPACES = re.compile(r"\s+")


def halfwidth(value: str | None) -> str:
    """Full-width ASCII and the ideographic space turned into plain ASCII; None -> ""."""
    return (value or "").translate(_FULLWIDTH)


# --- Resident identity number (GB 11643-1999) -------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID18 = re.compile(r"[0-9]{17}[0-9X]")
_ID15 = re.compile(r"[0-9]{15}")
# GB 11643's own example 440524188001010014 is born in 1880, so the bound is the 19th century's
# start rather than 1900: years 18xx, 19xx and 20xx pass, anything earlier is a typo.
_EARLIEST_BIRTH = date(1800, 1, 1)
# Province-level part of the GB/T 2260 region code (first two digits), with 81/82/83 used on
# residence permits for Hong Kong, Macao and Taiwan residents. A full county table is not
# shipped: it changes every year and old numbers keep abolished codes.
PROVINCE_CODES = frozenset(
    ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83"]
)


def id_check_digit(first17: str) -> str:
    """The check character (0-9 or X) for the first 17 digits of an ID number."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("id_check_digit needs exactly 17 ASCII digits")
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS)) % 11]


def _parse_id(value: str | None, field: str, not_after: date | None) -> tuple[str, date]:
    text = _SPACES.sub("", halfwidth(value)).upper()
    if not text:
        raise InputError(N_("{field}不能为空"), field=field)
    if _ID15.fullmatch(text):
        # First-generation cards: 6-digit region, YYMMDD (all 19xx), 3-digit sequence.
        body = text[:6] + "19" + text[6:]
        text = body + id_check_digit(body)
    elif not _ID18.fullmatch(text):
        raise InputError(N_("{field}应为 18 位（旧证 15 位）数字，18 位号码的最后一位可以是 X"), field=field)
    if text[:2] not in PROVINCE_CODES:
        raise InputError(N_("{field}的前 6 位不是有效的地区代码"), field=field)
    try:
        born = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise InputError(N_("{field}中的出生日期（第 7–14 位）不是真实的日期"), field=field) from None
    if born < _EARLIEST_BIRTH:
        raise InputError(N_("{field}中的出生日期（第 7–14 位）早于 1800 年"), field=field)
    if not_after is not None and born > not_after:
        raise InputError(N_("{field}中的出生日期（第 7–14 位）晚于今天"), field=field)
    if text[17] != id_check_digit(text[:17]):
        raise InputError(N_("{field}校验位不对，可能有数字输错，请逐位核对"), field=field)
    return text, born


def id_number(value: str, *, today: date | None = None, field: str = ID_FIELD) -> str:
    """Validate a resident ID number; return it as 18 characters, X upper case.

    A 15-digit first-generation number is converted (``19`` inserted after the
    region, check digit computed) and returned in its 18-digit form. ``today``
    bounds the birth date (default: the machine's date); pass the service
    clock's date for reproducible results. Raises InputError (one message each)
    for: empty, wrong length or characters, a region whose first two digits are
    not a province code (PROVINCE_CODES; there is no county table), a birth date
    that does not exist / is before 1800 / is after ``today``, a wrong check
    character.
    """
    return _parse_id(value, field, today or date.today())[0]


def birth_date(id18: str) -> date:
    """Date of birth encoded in a (15- or 18-digit) ID number; InputError if invalid.

    The future-date bound is not applied here: a stored number was checked
    against the clock when it was saved.
    """
    return _parse_id(id18, ID_FIELD, None)[1]


def sex(id18: str) -> Literal["M", "F"]:
    """Return "M" if the sequence digit (17th) is odd, "F" if even; InputError if invalid."""
    text = _parse_id(id18, ID_FIELD, None)[0]
    return "M" if int(text[16]) % 2 else "F"


# --- Unified social credit code (GB 32100-2015) ---------------------------------------

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I O S V Z
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# Characters 1-17 must come from the alphabet; the 18th may be any digit or letter, a letter
# outside the alphabet (typed O for 0, say) being just one more way of failing the check.
_CREDIT = re.compile(f"[{CREDIT_ALPHABET}]{{17}}[0-9A-Z]")
# Registration departments: 1 机构编制 2 外交 3 司法行政 4 文化 5 民政 6 旅游 7 宗教 8 工会
# 9 市场监管(工商) A 中央军委改革和编制办公室 B–G reserved/added later, N 农业农村 (村、组、
# 乡镇集体经济组织 — common in a township), Y 其他.
_CREDIT_DEPTS = frozenset("123456789ABCDEFGNY")

CREDIT_CHECK_WARNING = N_("统一社会信用代码校验位不符，请与证照核对；确认无误可以继续保存")
CREDIT_STRUCTURE_WARNING = N_("统一社会信用代码前 8 位不符合编码规则（登记管理部门、机构类别、行政区划码），请与证照核对")


@dataclass(frozen=True)
class CreditCodeResult:
    """A well-formed credit code and what the caller should warn about.

    ``warnings`` holds plain msgids (no placeholders); ``warning`` is the first
    of them or None. A code with warnings may still be saved after the clerk
    confirms it against the licence: some codes in circulation fail the check.
    """

    code: str
    warnings: tuple[str, ...] = ()

    @property
    def warning(self) -> str | None:
        return self.warnings[0] if self.warnings else None

    @property
    def check_ok(self) -> bool:
        return CREDIT_CHECK_WARNING not in self.warnings

    @property
    def department(self) -> str:
        """Registration department code (1st character)."""
        return self.code[0]

    @property
    def category(self) -> str:
        """Organisation category within the department (2nd character)."""
        return self.code[1]

    @property
    def region(self) -> str:
        """Region code of the registering authority (characters 3-8)."""
        return self.code[2:8]

    @property
    def org_code(self) -> str:
        """Organisation code, GB 11714 (characters 9-17); its own check is not verified."""
        return self.code[8:17]


def credit_check_char(first17: str) -> str:
    """The check character for the first 17 characters of a credit code."""
    if len(first17) != 17 or not _CREDIT.fullmatch(first17 + "0"):
        raise ValueError("credit_check_char needs 17 characters from CREDIT_ALPHABET")
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def credit_code(value: str, *, field: str = CREDIT_FIELD) -> CreditCodeResult:
    """Validate a unified social credit code; upper-case and strip spaces/hyphens.

    Raises InputError if empty, not 18 characters, or any of the first 17 not
    in CREDIT_ALPHABET (no I O S V Z). A wrong check character (including an
    18th character outside the alphabet) or an unknown department/category/non-numeric
    region gives a result with warnings instead of raising.
    """
    text = re.sub(r"[\s\-]+", "", halfwidth(value)).upper()
    if not text:
        raise InputError(N_("{field}不能为空"), field=field)
    if not _CREDIT.fullmatch(text):
        raise InputError(N_("{field}应为 18 位数字或大写字母，前 17 位不使用 I、O、S、V、Z"), field=field)
    warnings = []
    if text[17] != credit_check_char(text[:17]):
        warnings.append(CREDIT_CHECK_WARNING)
    if text[0] not in _CREDIT_DEPTS or not "1" <= text[1] <= "9" or not text[2:8].isdigit():
        warnings.append(CREDIT_STRUCTURE_WARNING)
    return CreditCodeResult(text, tuple(warnings))


# --- Telephone numbers -----------------------------------------------------------------

_MOBILE = re.compile(r"1[3-9][0-9]{9}")
# Area codes: 010 and 02X have three digits, every other one four (0 + 3).
_LANDLINE = re.compile(r"(0(?:[12][0-9]|[3-9][0-9]{2}))([2-9][0-9]{6,7})")
_EXT_MARK = re.compile(r"转|分机|ext\.?|[x#]", re.IGNORECASE)
_EXT = re.compile(r"[0-9]{1,6}")
_LANDLINE_SEPARATORS = re.compile(r"[\s\-()]+")
_LANDLINE_LAYOUT = re.compile(r"\(?(0(?:[12][0-9]|[3-9][0-9]{2}))\)?-?([2-9][0-9]{6,7})(?:-([0-9]{1,6}))?")


def _mobile_digits(value: str | None) -> str:
    text = re.sub(r"[\s\-]+", "", halfwidth(value))
    for prefix in ("+86", "0086"):
        if text.startswith(prefix) and len(text) == len(prefix) + 11:
            return text[len(prefix):]
    return text


def mobile(value: str, *, field: str = MOBILE_FIELD) -> str:
    """Validate a mainland mobile number; return its 11 digits.

    Spaces and hyphens are dropped, as is a leading +86 / 0086. InputError
    unless the rest matches ``1[3-9]`` followed by 9 digits.
    """
    text = _mobile_digits(value)
    if not text:
        raise InputError(N_("{field}不能为空"), field=field)
    if not _MOBILE.fullmatch(text):
        raise InputError(N_("{field}应为 11 位手机号码，以 13–19 开头"), field=field)
    return text


def parse_landline(value: str | None) -> tuple[str, str, str] | None:
    """(area code, local number, extension or "") of a landline number, or None.

    The area code is required (3 digits for 010/02X, else 4, optionally in
    brackets); the local number has 7-8 digits and does not start with 0 or
    1; an extension of 1-6 digits follows 转, 分机, ext, x, # or a hyphen
    after the local number. Hyphens where the layout expects them are read
    as separators first (010-2000000-0 has extension 0); failing that, hyphens
    and spaces inside the number are ignored (0571-8765-4321).
    """
    text = halfwidth(value).strip().replace("（", "(").replace("）", ")")
    main, ext, marked = text, "", False
    found = _EXT_MARK.search(text)
    if found:
        main, ext, marked = text[: found.start()], text[found.end():].strip(), True
        if not _EXT.fullmatch(ext):
            return None
    m = _LANDLINE_LAYOUT.fullmatch(_SPACES.sub("", main))
    if m:
        if marked and m.group(3):
            return None
        return m.group(1), m.group(2), m.group(3) or ext
    m = _LANDLINE.fullmatch(_LANDLINE_SEPARATORS.sub("", main))
    return (m.group(1), m.group(2), ext) if m else None


def phone(value: str, allow_landline: bool = True, *, field: str = PHONE_FIELD) -> str:
    """Validate a contact number: a mobile (see ``mobile``) or, if allowed, a landline.

    Returns 11 digits for a mobile, ``AREA-LOCAL`` or ``AREA-LOCAL-EXT`` for a
    landline (e.g. ``0571-87654321``); feeding the result back in returns it
    unchanged. InputError names ``field`` and says what is expected.
    """
    text = _mobile_digits(value)
    if not text:
        raise InputError(N_("{field}不能为空"), field=field)
    if _MOBILE.fullmatch(text):
        return text
    if not allow_landline:
        raise InputError(N_("{field}应为 11 位手机号码，以 13–19 开头"), field=field)
    parts = parse_landline(value)
    if parts is None:
        raise InputError(N_("{field}应为 11 位手机号码，或带区号的固定电话（如 0571-87654321）"), field=field)
    area, local, ext = parts
    return f"{area}-{local}-{ext}" if ext else f"{area}-{local}"
