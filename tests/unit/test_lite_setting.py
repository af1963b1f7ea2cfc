"""Which sessions get lite mode: the flag, then the config file, then SSH_CONNECTION."""

from __future__ import annotations

import pytest

from quancheng_tui.errors import InputError
from quancheng_tui.settings import lite_mode, resolve

SSH = {"SSH_CONNECTION": "192.0.2.10 52144 192.0.2.1 22"}


@pytest.mark.parametrize("flag, configured, environ, expected", [
    (None, None, SSH, True),  # over SSH: on by default
    (None, None, {}, False),  # at the counter's own terminal: off
    (None, None, {"SSH_CONNECTION": ""}, False),
    (False, None, SSH, False),  # --no-lite
    (True, None, {}, True),  # --lite
    (None, False, SSH, False),  # lite = false in the config file
    (None, True, {}, True),
    (True, False, {}, True),  # the flag beats the file
    (False, True, SSH, False),
])
def test_lite_mode_is_chosen_by_flag_then_config_then_ssh(flag, configured, environ, expected):
    assert lite_mode(flag, configured, environ) is expected


@pytest.mark.parametrize("text, expected", [("lite = false\n", False), ("lite = true\n", True), ("", None)])
def test_the_config_file_sets_lite(tmp_path, monkeypatch, text, expected):
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    monkeypatch.setenv("QUANCHENG_CONFIG", str(config))
    assert resolve(db="x.db", user="a", environ={}).lite is expected


def test_a_lite_value_that_is_not_a_boolean_is_one_clear_error(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('lite = "yes"\n', encoding="utf-8")
    monkeypatch.setenv("QUANCHENG_CONFIG", str(config))
    with pytest.raises(InputError) as exc:
        resolve(db="x.db", user="a", environ={})
    assert "lite" in str(exc.value) and "\n" not in str(exc.value)
