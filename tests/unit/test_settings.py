
import pytest

from quancheng_tui import settings
from quancheng_tui.errors import InputError


def test_defaults_use_user_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("QUANCHENG_CONFIG", str(tmp_path / "none.toml"))
    s = settings.resolve(environ={})
    assert s.db == str(settings.data_dir() / "quancheng.db")
    assert s.lang == "zh"
    assert s.user == settings.os_login()
    assert s.db_is_default


def test_options_beat_environment_beat_config(monkeypatch, tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('db = "/from/config.db"\nlang = "en"\n', encoding="utf-8")
    monkeypatch.setenv("QUANCHENG_CONFIG", str(cfg))
    assert settings.resolve(environ={}).db == "/from/config.db"
    assert settings.resolve(environ={}).lang == "en"
    env = {"QUANCHENG_DB": "/from/env.db", "QUANCHENG_USER": "li", "QUANCHENG_LANG": "zh"}
    s = settings.resolve(environ=env)
    assert (s.db, s.user, s.lang) == ("/from/env.db", "li", "zh")
    s = settings.resolve(db="/opt.db", user="wang", lang="en", environ=env)
    assert (s.db, s.user, s.lang) == ("/opt.db", "wang", "en")


def test_forced_login_wins_over_user(monkeypatch, tmp_path):
    monkeypatch.setenv("QUANCHENG_CONFIG", str(tmp_path / "none.toml"))
    s = settings.resolve(user="admin", forced_login="sunli", environ={})
    assert s.user == "sunli" and s.forced_login == "sunli"


def test_bad_language_and_bad_config(monkeypatch, tmp_path):
    monkeypatch.setenv("QUANCHENG_CONFIG", str(tmp_path / "none.toml"))
    with pytest.raises(InputError, match="fr"):
        settings.resolve(lang="fr", environ={})
    bad = tmp_path / "bad.toml"
    bad.write_text("db = ", encoding="utf-8")
    monkeypatch.setenv("QUANCHENG_CONFIG", str(bad))
    with pytest.raises(InputError, match="bad.toml"):
        settings.resolve(environ={})


def test_importing_settings_creates_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("QUANCHENG_CONFIG", str(tmp_path / "none.toml"))
    settings.resolve(environ={})
    assert not (tmp_path / "data").exists()
