"""Masks for names, numbers and addresses shown in public or exported."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quancheng_tui.domain import masking as mask

any_text = st.one_of(st.text(max_size=40), st.text("张三李四0123456789X -*（）()转省市区镇村号", max_size=40))


# --- names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    ("", ""),
    ("张", "张"),
    ("张三", "张*"),
    ("张小三", "张*三"),
    ("欧阳小明", "欧**明"),
    ("  张小三 ", "张*三"),
    ("阿依古丽·买买提", "阿******提"),
    ("Li", "L*"),
    (None, ""),
])
def test_name_examples(value, expected):
    assert mask.name(value) == expected


@given(any_text)
def test_name_keeps_only_first_and_last(value):
    out = mask.name(value)
    stripped = value.strip()
    assert len(out) == len(stripped)
    if len(stripped) >= 2:
        assert out[0] == stripped[0]
        assert set(out[1:-1]) <= {"*"}
        assert out[-1] == (stripped[-1] if len(stripped) >= 3 else "*")
    assert mask.name(out) == out


def test_org_name_is_public():
    assert mask.org_name("某某县某某村股份经济合作社") == "某某县某某村股份经济合作社"
    assert mask.org_name(None) == ""


# --- ID numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    ("11010519491231002X", "110105********002X"),
    ("110105 19491231 002x", "110105********002x"),
    ("110105491231002", "110105*****1002"),
    ("1234", "****"),
    ("12345678901234", "**************"),     # shorter than any ID number: nothing shown
    ("", ""),
    (None, ""),
])
def test_id_number_examples(value, expected):
    assert mask.id_number(value) == expected


@given(st.text("0123456789X", min_size=18, max_size=18))
def test_id_number_never_shows_the_birth_date_or_sequence(value):
    out = mask.id_number(value)
    assert len(out) == 18
    assert out[:6] == value[:6] and out[-4:] == value[-4:]
    assert out[6:14] == "*" * 8              # positions 7-14: the birth date
    assert sum(c.isdigit() for c in out) <= 10


@given(any_text)
def test_id_number_is_total_and_idempotent(value):
    out = mask.id_number(value)
    assert mask.id_number(out) == out
    assert not any(c.isspace() for c in out)
    visible = [c for c in out if c != "*"]
    assert len(visible) <= 10


# --- phone numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    ("13812345678", "138****5678"),
    ("+86 138-1234-5678", "138****5678"),
    ("0571-87654321", "0571-****4321"),
    ("(0571)8765432", "0571-****432"),
    ("010-87654321转8001", "010-****4321-****"),
    ("12345", "*****"),
    ("电话 0571", "电话 ****"),
    ("", ""),
    (None, ""),
])
def test_phone_examples(value, expected):
    assert mask.phone(value) == expected


mobiles = st.builds(lambda second, rest: "1" + second + rest, st.sampled_from("3456789"),
                    st.text("0123456789", min_size=9, max_size=9))


@given(mobiles)
def test_mobile_middle_four_hidden(number):
    out = mask.phone(number)
    assert out == number[:3] + "****" + number[-4:]


@given(st.sampled_from(["0571", "010", "0898"]), st.sampled_from("23456789"),
       st.text("0123456789", min_size=6, max_size=7))
def test_landline_shows_area_and_at_most_four_local_digits(area, first, rest):
    local = first + rest
    out = mask.phone(f"{area}-{local}")
    head, _, tail = out.partition("-")
    assert head == area
    assert len(tail) == len(local)
    assert sum(c.isdigit() for c in tail) == (4 if len(local) == 8 else 3)
    assert tail.endswith(local[-(4 if len(local) == 8 else 3):])


@given(any_text)
def test_phone_is_total_idempotent_and_shows_at_most_eight_digits(value):
    out = mask.phone(value)
    assert mask.phone(out) == out
    assert sum(c.isdigit() for c in out) <= 8


# --- addresses -------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    ("浙江省杭州市西湖区三墩镇某某村12组34号", "浙江省杭州市西湖区三墩镇某某村***"),
    ("北京市朝阳区望京街道望京西园222号楼", "北京市朝阳区望京街道***"),
    ("浙江省杭州市西湖区文三路478号", "浙江省杭州市西湖区***"),
    ("某某县城关镇幸福小区5幢", "某某县城关镇***"),             # 小区 is not an administrative level
    ("内蒙古自治区锡林郭勒盟某某某旗某某某苏木某某某嘎查", "内蒙古自治区锡林郭勒盟某某某旗某某某苏木***"),  # looks at 24 characters
    ("浙江省杭州市", "浙江省杭州市"),
    ("文三路478号", "***"),
    ("Flat 3, 10 Downing Street", "***"),
    ("", ""),
    (None, ""),
])
def test_address_examples(value, expected):
    assert mask.address(value) == expected


@given(any_text)
def test_address_never_shows_a_digit_or_more_than_24_characters(value):
    out = mask.address(value)
    assert not any(c.isdigit() for c in out)
    stripped = value.strip()
    if out != stripped:
        assert out.endswith("***")
        kept = out[:-3]
        assert stripped.startswith(kept) and len(kept) <= 24
    assert mask.address(out) == out


# --- free text -------------------------------------------------------------------------------


def test_text_masks_known_strings_and_number_shapes():
    line = "张三（身份证 11010519491231002x，电话 138-1234-5678）来办低保，张三丰陪同"
    out = mask.text(line, known=["张三", "张三丰", "", "  ", None])
    assert out == "**（身份证 110105********002x，电话 138-****-5678）来办低保，***陪同"


def test_text_patterns_can_be_switched_off_and_respect_word_bounds():
    assert mask.text("电话13812345678", patterns=False) == "电话13812345678"
    assert mask.text("电话13812345678") == "电话138****5678"
    assert mask.text("单号 A13812345678 与 2138123456789") == "单号 A13812345678 与 2138123456789"
    assert mask.text("旧证110105491231002。") == "旧证110105*****1002。"


@given(st.text(max_size=60), st.lists(st.text(min_size=1, max_size=6), max_size=4))
def test_text_hides_every_known_string_in_place(value, known):
    known = [k for k in known if k.strip() and "*" not in k]
    haystack = value + "".join(known)                 # make sure they occur
    out = mask.text(haystack, known=known)
    assert len(out) == len(haystack)
    assert all(o == h or o == "*" for o, h in zip(out, haystack))
    for k in known:
        assert k.strip() not in out
    assert mask.text(out, known=known) == out
