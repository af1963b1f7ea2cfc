"""ID numbers (GB 11643), credit codes (GB 32100) and phone numbers."""

from __future__ import annotations

import ast
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from quancheng_tui.domain import validators as v
from quancheng_tui.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 3, 16)

BAD_LENGTH = "{field}应为 18 位（旧证 15 位）数字，18 位号码的最后一位可以是 X"
BAD_REGION = "{field}的前 6 位不是有效的地区代码"
BAD_DATE = "{field}中的出生日期（第 7–14 位）不是真实的日期"
TOO_EARLY = "{field}中的出生日期（第 7–14 位）早于 1800 年"
FUTURE = "{field}中的出生日期（第 7–14 位）晚于今天"
BAD_CHECK = "{field}校验位不对，可能有数字输错，请逐位核对"


def refusal(func, *args, **kwargs) -> InputError:
    with pytest.raises(InputError) as exc:
        func(*args, **kwargs)
    return exc.value


# --- ID numbers: field-notes vectors ---------------------------------------------------


@pytest.mark.parametrize("value", ["11010519491231002X", "440524188001010014"])
def test_published_valid_ids(value):
    assert v.id_number(value, today=TODAY) == value


@pytest.mark.parametrize(("value", "msgid"), [
    ("110105194912310021", BAD_CHECK),
    ("110105194902301234", BAD_DATE),   # 30 February
])
def test_published_invalid_ids(value, msgid):
    err = refusal(v.id_number, value, today=TODAY)
    assert err.msgid == msgid
    assert err.params == {"field": "身份证号"}


def test_fifteen_digit_number_becomes_eighteen():
    assert v.id_number("110105491231002", today=TODAY) == "11010519491231002X"


# --- ID numbers: normalisation and each refusal ------------------------------------------


@pytest.mark.parametrize("typed", [
    "11010519491231002x",
    " 110105 19491231 002X ",
    "１１０１０５１９４９１２３１００２ｘ",     # full-width, as a Chinese IME types it
    "110105\u300019491231002X",               # ideographic space
])
def test_id_is_normalised(typed):
    assert v.id_number(typed, today=TODAY) == "11010519491231002X"


@pytest.mark.parametrize(("value", "msgid"), [
    ("11010519491231002", BAD_LENGTH),
    ("11010519491231002XX", BAD_LENGTH),
    ("1101051949123100X2", BAD_LENGTH),       # X only at the end
    ("11010549123100X", BAD_LENGTH),          # never in a 15-digit number
    ("11010519491231002Y", BAD_LENGTH),
    ("١١٠١٠٥١٩٤٩١٢٣١٠٠٢X", BAD_LENGTH),      # Arabic-Indic digits are not ASCII digits
    ("000000194912310021", BAD_REGION),
    ("910105194912310021", BAD_REGION),
    ("100105194912310021", BAD_REGION),
    ("110105194913310021", BAD_DATE),         # month 13
    ("110105490230002", BAD_DATE),            # old 15-digit number, 30 February
    ("110105179912310021", TOO_EARLY),
    ("110105202701010021", FUTURE),
])
def test_id_refusals_are_distinct(value, msgid):
    err = refusal(v.id_number, value, today=TODAY)
    assert err.msgid == msgid
    assert err.params["field"] == "身份证号"


def test_id_empty():
    assert refusal(v.id_number, "  ").msgid == "{field}不能为空"


def test_id_refusal_never_echoes_the_number_or_the_right_check_digit():
    err = refusal(v.id_number, "110105194912310021", today=TODAY)
    assert err.params == {"field": "身份证号"}
    assert "1101051949" not in str(err)
    assert "X" not in str(err)


def test_born_today_is_accepted_tomorrow_is_not():
    body = "110105" + TODAY.strftime("%Y%m%d") + "123"
    assert v.id_number(body + v.id_check_digit(body), today=TODAY) == body + v.id_check_digit(body)
    tomorrow = "110105" + (TODAY + timedelta(days=1)).strftime("%Y%m%d") + "123"
    assert refusal(v.id_number, tomorrow + v.id_check_digit(tomorrow), today=TODAY).msgid == FUTURE


def test_field_label_can_be_changed():
    assert refusal(v.id_number, "123", field="代办人身份证号").params["field"] == "代办人身份证号"


def test_birth_date_and_sex():
    assert v.birth_date("11010519491231002X") == date(1949, 12, 31)
    assert v.sex("11010519491231002X") == "F"        # 17th digit 2
    assert v.birth_date("440524188001010014") == date(1880, 1, 1)
    assert v.sex("440524188001010014") == "M"        # 17th digit 1
    assert v.birth_date("110105491231002") == date(1949, 12, 31)
    with pytest.raises(InputError):
        v.birth_date("110105194912310021")
    with pytest.raises(InputError):
        v.sex("garbage")


def test_id_check_digit_rejects_bad_input():
    with pytest.raises(ValueError):
        v.id_check_digit("1234")


# --- ID numbers: properties --------------------------------------------------------------

birth_dates = st.dates(min_value=date(1800, 1, 1), max_value=TODAY)
regions = st.builds(lambda p, rest: p + rest, st.sampled_from(sorted(v.PROVINCE_CODES)),
                    st.text("0123456789", min_size=4, max_size=4))
sequences = st.integers(0, 999).map(lambda n: f"{n:03d}")


@st.composite
def valid_ids(draw):
    region, born, seq = draw(regions), draw(birth_dates), draw(sequences)
    body = region + born.strftime("%Y%m%d") + seq
    return body + v.id_check_digit(body), born


@given(valid_ids())
def test_every_valid_id_is_accepted_and_round_trips(case):
    id18, born = case
    assert v.id_number(id18, today=TODAY) == id18
    assert v.id_number(id18.lower(), today=TODAY) == id18
    assert v.id_number(v.id_number(id18, today=TODAY), today=TODAY) == id18
    assert v.birth_date(id18) == born
    assert v.sex(id18) == ("M" if int(id18[16]) % 2 else "F")


@given(regions, st.dates(min_value=date(1900, 1, 1), max_value=date(1999, 12, 31)), sequences)
def test_every_old_number_converts_to_its_new_form(region, born, seq):
    old = region + born.strftime("%y%m%d") + seq
    new = v.id_number(old, today=TODAY)
    assert new[:17] == region + born.strftime("%Y%m%d") + seq
    assert v.id_number(new, today=TODAY) == new
    assert v.birth_date(old) == born


@given(valid_ids(), st.integers(0, 17), st.sampled_from("0123456789X"))
def test_any_single_substitution_is_refused(case, position, replacement):
    id18, _ = case
    assume(id18[position] != replacement)
    assume(replacement != "X" or position == 17)   # X elsewhere is a format error, covered above
    typo = id18[:position] + replacement + id18[position + 1:]
    with pytest.raises(InputError):
        v.id_number(typo, today=TODAY)


@given(valid_ids(), st.integers(0, 16))
def test_adjacent_transposition_of_different_digits_is_refused(case, position):
    id18, _ = case
    a, b = id18[position], id18[position + 1]
    assume(a != b and "X" not in (a, b))
    typo = id18[:position] + b + a + id18[position + 2:]
    with pytest.raises(InputError):
        v.id_number(typo, today=TODAY)


@given(st.text(max_size=30))
def test_id_number_only_raises_input_error(value):
    try:
        result = v.id_number(value, today=TODAY)
    except InputError:
        return
    assert re.fullmatch(r"[0-9]{17}[0-9X]", result)


# --- Unified social credit codes ---------------------------------------------------------


@pytest.mark.parametrize("value", ["91350100M000100Y43", "9131000063159284XQ"])
def test_published_valid_credit_codes(value):
    result = v.credit_code(value)
    assert result.code == value
    assert result.warning is None and result.warnings == () and result.check_ok


def test_published_wrong_check_warns_without_raising():
    result = v.credit_code("91350100M000100Y4Z")
    assert result.code == "91350100M000100Y4Z"
    assert result.warning == v.CREDIT_CHECK_WARNING
    assert not result.check_ok


def test_credit_code_parts_and_normalisation():
    result = v.credit_code(" 9135-0100-m000100y43 ")
    assert result.code == "91350100M000100Y43"
    assert (result.department, result.category, result.region, result.org_code) == ("9", "1", "350100", "M000100Y4")
    assert v.credit_code("９１３５０１００Ｍ０００１００Ｙ４３").code == "91350100M000100Y43"


@pytest.mark.parametrize("value", [
    "91350100M000100Y4",        # 17
    "91350100M000100Y433",      # 19
    "91350100O000100Y43",       # O in the body
    "9I350100M000100Y43",       # I in the body
    "91350100M000100Y4+",
    "张350100M000100Y43",
])
def test_malformed_credit_codes_raise(value):
    err = refusal(v.credit_code, value)
    assert err.msgid == "{field}应为 18 位数字或大写字母，前 17 位不使用 I、O、S、V、Z"
    assert err.params == {"field": "统一社会信用代码"}


def test_empty_credit_code():
    assert refusal(v.credit_code, "").msgid == "{field}不能为空"


def test_structure_warning_is_separate_from_the_check():
    # Department X does not exist; the check character is right.
    body = "X1350100M000100Y4"
    result = v.credit_code(body + v.credit_check_char(body))
    assert result.check_ok
    assert result.warnings == (v.CREDIT_STRUCTURE_WARNING,)
    # 农村集体经济组织 (department N, village level 2) are ordinary in a township.
    body = "N2330106MA2B3C4D5"
    assert v.credit_code(body + v.credit_check_char(body)).warnings == ()


alphabet = st.sampled_from(v.CREDIT_ALPHABET)


@st.composite
def valid_credit_codes(draw):
    dept = draw(st.sampled_from("159ANY"))
    category = draw(st.sampled_from("123456789"))
    region = draw(st.text("0123456789", min_size=6, max_size=6))
    org = "".join(draw(st.lists(alphabet, min_size=9, max_size=9)))
    body = dept + category + region + org
    return body + v.credit_check_char(body)


@given(valid_credit_codes())
def test_generated_credit_codes_pass(code):
    result = v.credit_code(code)
    assert result.code == code and result.warnings == ()
    assert v.credit_code(code.lower()).code == code


@given(valid_credit_codes(), st.integers(0, 17), alphabet)
def test_single_substitution_in_credit_code_warns(code, position, replacement):
    assume(code[position] != replacement)
    typo = code[:position] + replacement + code[position + 1:]
    result = v.credit_code(typo)
    assert result.code == typo
    assert v.CREDIT_CHECK_WARNING in result.warnings


@given(st.text(max_size=25))
def test_credit_code_only_raises_input_error(value):
    try:
        result = v.credit_code(value)
    except InputError:
        return
    assert len(result.code) == 18 and result.code == result.code.upper()


# --- Phone numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "expected"), [
    ("13812345678", "13812345678"),
    ("138 1234 5678", "13812345678"),
    ("138-1234-5678", "13812345678"),
    ("+86 138 1234 5678", "13812345678"),
    ("008613812345678", "13812345678"),
    ("１９９１２３４５６７８", "19912345678"),
])
def test_mobile_accepts(typed, expected):
    assert v.mobile(typed) == expected


@pytest.mark.parametrize("typed", ["12812345678", "1381234567", "138123456789", "23812345678",
                                   "1381234567a", "8613812345678", "0571-87654321"])
def test_mobile_refuses(typed):
    err = refusal(v.mobile, typed)
    assert err.msgid == "{field}应为 11 位手机号码，以 13–19 开头"
    assert err.params == {"field": "手机号码"}


def test_mobile_empty():
    assert refusal(v.mobile, " - ").msgid == "{field}不能为空"


@pytest.mark.parametrize(("typed", "expected"), [
    ("0571-87654321", "0571-87654321"),
    ("057187654321", "0571-87654321"),
    ("(0571) 8765432", "0571-8765432"),
    ("（0571）87654321", "0571-87654321"),
    ("010-87654321", "010-87654321"),
    ("02187654321", "021-87654321"),          # 021 is a 3-digit area code, not 0218
    ("0571-87654321转8001", "0571-87654321-8001"),
    ("0571-87654321 ext. 12", "0571-87654321-12"),
    ("0571-87654321-8001", "0571-87654321-8001"),
    ("138 1234 5678", "13812345678"),
])
def test_phone_accepts(typed, expected):
    assert v.phone(typed) == expected
    assert v.phone(expected) == expected


@pytest.mark.parametrize("typed", [
    "87654321",                 # no area code
    "0571-1234567",             # local numbers do not start with 1
    "0571-0234567",
    "0571-123456",              # too short
    "0571-876543210",           # too long
    "0571-87654321转",           # empty extension
    "0571-87654321转1234567",    # extension too long
    "12345",
    "电话",
])
def test_phone_refuses(typed):
    err = refusal(v.phone, typed)
    assert err.msgid == "{field}应为 11 位手机号码，或带区号的固定电话（如 0571-87654321）"
    assert err.params == {"field": "联系电话"}


def test_phone_without_landlines():
    assert v.phone("13812345678", allow_landline=False) == "13812345678"
    err = refusal(v.phone, "0571-87654321", allow_landline=False)
    assert err.msgid == "{field}应为 11 位手机号码，以 13–19 开头"
    assert err.params == {"field": "联系电话"}


mobiles = st.builds(lambda second, rest: "1" + second + rest, st.sampled_from("3456789"),
                    st.text("0123456789", min_size=9, max_size=9))
area_codes = st.one_of(st.just("010"), st.builds(lambda d: "02" + d, st.sampled_from("0123456789")),
                       st.builds(lambda a, b: "0" + a + b, st.sampled_from("3456789"),
                                 st.text("0123456789", min_size=2, max_size=2)))
locals_ = st.builds(lambda first, rest: first + rest, st.sampled_from("23456789"),
                    st.text("0123456789", min_size=6, max_size=7))


@given(mobiles, st.sampled_from(["{a}{b}{c}", "{a} {b} {c}", "{a}-{b}-{c}", "+86 {a}{b}{c}"]))
def test_generated_mobiles_pass_in_any_layout(number, layout):
    typed = layout.format(a=number[:3], b=number[3:7], c=number[7:])
    assert v.mobile(typed) == number
    assert v.phone(typed) == number


@given(area_codes, locals_, st.one_of(st.just(""), st.text("0123456789", min_size=1, max_size=6)),
       st.sampled_from(["{a}-{l}", "{a}{l}", "({a}){l}", "{a} {l}"]))
def test_generated_landlines_pass_and_are_stable(area, local, ext, layout):
    typed = layout.format(a=area, l=local) + (f"转{ext}" if ext else "")
    expected = f"{area}-{local}" + (f"-{ext}" if ext else "")
    assert v.phone(typed) == expected
    assert v.phone(expected) == expected
    assert v.parse_landline(expected) == (area, local, ext)


@given(st.text(max_size=30))
def test_phone_only_raises_input_error_and_is_idempotent(value):
    try:
        result = v.phone(value)
    except InputError:
        return
    assert v.phone(result) == result


# --- Every message has English -------------------------------------------------------------


def test_every_validator_msgid_is_in_the_po_fragment():
    from babel.messages.pofile import read_po

    source = (ROOT / "quancheng_tui" / "domain" / "validators.py").read_text(encoding="utf-8")
    msgids = {
        node.args[0].value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "N_"
    }
    assert len(msgids) >= 15
    english = {}
    for part in (ROOT / "tools" / "po_parts").glob("*.po"):
        with part.open("rb") as fh:
            english.update({m.id: m.string for m in read_po(fh, locale="en") if m.id and m.string})
    for msgid in msgids:
        assert english.get(msgid), f"no English for {msgid!r}"
        assert set(re.findall(r"{\w+}", msgid)) == set(re.findall(r"{\w+}", english[msgid])), msgid
