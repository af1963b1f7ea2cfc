"""The command line speaks one language (issue 16): Click's own texts are Chinese in Chinese, usage errors too."""

from __future__ import annotations

import pytest

from quancheng_tui.cli_i18n import early_lang


def test_help_is_chinese_through_and_through(cli):
    r = cli("--help")
    assert r.code == 0
    assert "用法：" in r.out and "显示本帮助并退出" in r.out and "选项" in r.out
    for english in ("Usage", "Show this message", "Options", "Commands", "env var"):
        assert english not in r.out


def test_a_usage_error_is_chinese_with_exit_2(cli):
    r = cli("staff", "lst")
    assert r.code == 2 and r.out == ""
    assert "没有命令 'lst'" in r.err and "是否想输入：'list'" in r.err
    assert "Did you mean" not in r.err and "Error" not in r.err and "Usage" not in r.err


def test_english_keeps_clicks_english(cli):
    r = cli("--lang", "en", "staff", "lst")
    assert r.code == 2
    assert "No such command 'lst'" in r.err and r.err.count("Did you mean") == 1
    assert "用法" not in r.err and "错误" not in r.err


@pytest.mark.parametrize(("argv", "env", "lang"), [
    (["--lang", "en", "staff", "list"], {}, "en"),
    (["--lang=en"], {}, "en"),
    (["staff", "list", "--lang", "en"], {}, "zh"),  # after the command it is not the root's option
    ([], {"QUANCHENG_LANG": "en", "QUANCHENG_CONFIG": "/dev/null"}, "en"),
    (["--lang", "fr"], {}, "zh"),  # the parser refuses it, in Chinese
])
def test_the_language_is_known_before_click_parses(argv, env, lang):
    assert early_lang(argv, {"QUANCHENG_CONFIG": "/dev/null", **env}) == lang


@pytest.mark.parametrize(("lang", "words", "codes"), [
    ("zh", ("登录名", "角色", "村代办员", "是"), ("login", "agent", "True")),
    ("en", ("Login", "Role", "Village agent", "yes"), ("True", "clerk ")),
])
def test_staff_list_reads_in_one_language_and_csv_keeps_the_codes(cli, demo_db, lang, words, codes):
    table = cli("--lang", lang, "staff", "list", db=demo_db, user="admin")
    assert table.code == 0 and all(w in table.out for w in words), table.out
    assert not any(c in table.out for c in codes), table.out
    data = cli("--lang", lang, "staff", "list", "--format", "csv", db=demo_db, user="admin")
    assert data.out.splitlines()[0] == "login,name,role,village,phone,active" and ",agent," in data.out
