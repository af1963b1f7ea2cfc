"""Malformed files and hostile strings: a clear InputError, never another exception."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quancheng_tui.domain import calendar as cal
from quancheng_tui.domain import catalog, sshkeys, text, validators
from quancheng_tui.errors import InputError, QuanchengError

HOSTILE = st.sampled_from([
    "\x1b[2J", "\x1b]0;pwned\x07", "'; DROP TABLE cases; --", "\x00", "\u202e", "𠮷" * 3, "A" * 5000,
    "\r\n", "\ufeff", "${jndi:ldap://x}", "%s%s%n", "..\\..\\", "低保申请",
])
FRAGMENTS = st.lists(st.one_of(HOSTILE, st.text(max_size=40), st.sampled_from(list('[]=",\n:；;#'))), max_size=30)



def _only_input_errors(fn, *args):
    try:
        fn(*args)
    except QuanchengError as err:
        assert "\x1b" not in err.render()
    # Any other exception fails the test by propagating.


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(FRAGMENTS)
def test_catalog_toml_parser(parts):
    _only_input_errors(catalog.parse_toml, "".join(parts), "x.toml")


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(FRAGMENTS)
def test_catalog_csv_parser(parts):
    header = "code,name,department,category,kind,statutory_days,promised_days,materials\n"
    _only_input_errors(catalog.parse_csv, header + "".join(parts), "x.csv")


@settings(max_examples=60)
@given(st.binary(max_size=2000))
def test_catalog_xlsx_parser_on_junk(data):
    _only_input_errors(catalog.parse_xlsx, data, "x.xlsx")


@settings(max_examples=150)
@given(FRAGMENTS)
def test_calendar_parsers(parts):
    body = "".join(parts)
    _only_input_errors(cal.parse_year_toml, "year = 2027\n" + body, "2027.toml")
    _only_input_errors(cal.parse_year_csv, "# year: 2027\ndate,kind,name\n" + body, "2027.csv")


@settings(max_examples=300)
@given(st.text(alphabet=string.printable + "０１２３４５６７８９Ｘ\x1b\x00", max_size=40))
def test_validators_raise_only_input_errors(value):
    for fn in (validators.id_number, validators.credit_code, validators.mobile, validators.phone):
        _only_input_errors(fn, value)


@settings(max_examples=200)
@given(st.text(max_size=300))
def test_text_fields_refuse_or_return_clean_text(value):
    try:
        out = text.clean(value, "姓名")
    except InputError:
        return
    assert "\x1b" not in out and "\x00" not in out


@settings(max_examples=150)
@given(FRAGMENTS)
def test_ssh_key_parser(parts):
    _only_input_errors(sshkeys.parse, "ssh-ed25519 " + "".join(parts))
