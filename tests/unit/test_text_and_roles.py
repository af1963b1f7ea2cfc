import pytest
from hypothesis import given
from hypothesis import strategies as st

from quancheng_tui.domain import text
from quancheng_tui.domain.roles import Role, parse_role
from quancheng_tui.errors import InputError


def test_clean_strips_and_keeps_chinese():
    assert text.clean("  张三 ", "姓名") == "张三"


@pytest.mark.parametrize("bad", ["\x1b[31m张三", "a\x00b", "x\ny", "\x9b2J"])
def test_clean_refuses_control_characters(bad):
    with pytest.raises(InputError) as exc:
        text.clean(bad, "姓名")
    assert "姓名" in str(exc.value)


def test_clean_required_and_length():
    with pytest.raises(InputError, match="不能为空"):
        text.clean("   ", "姓名")
    with pytest.raises(InputError, match="过长"):
        text.clean("长" * 201, "姓名")


@given(st.text())
def test_safe_for_terminal_never_leaves_escape(s):
    assert "\x1b" not in text.safe_for_terminal(s)


@pytest.mark.parametrize("value", ["admin", "zhang.wei", "a_b-c1"])
def test_login_accepts(value):
    assert text.login(value) == value


@pytest.mark.parametrize("value", ["", "有中文", "a b", "x" * 65, "a;drop"])
def test_login_refuses(value):
    with pytest.raises(InputError):
        text.login(value)


def test_parse_role():
    assert parse_role("agent") is Role.AGENT
    with pytest.raises(InputError, match="boss"):
        parse_role("boss")
