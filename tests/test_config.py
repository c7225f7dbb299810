"""Settings layering and clear errors for bad config."""

from __future__ import annotations

from pathlib import Path

import pytest

from tastyking.config import load_settings
from tastyking.errors import ConfigError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_defaults_without_any_file() -> None:
    s = load_settings()
    assert s.env == "production" and s.base_url() == "https://api.tastyworks.com"


def test_layers_file_then_env_then_flags(hermetic: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(hermetic / ".config" / "tastyking" / "config.toml",
          'env = "sandbox"\naccount = "5WT00001"\nrequest_timeout = 7\nmax_retries = 1\n')
    s = load_settings()
    assert (s.env, s.account, s.request_timeout) == ("sandbox", "5WT00001", 7)
    monkeypatch.setenv("TASTYKING_ACCOUNT", "5WT00002")
    monkeypatch.setenv("TASTYKING_REQUEST_TIMEOUT", "3")
    s = load_settings()
    assert (s.account, s.request_timeout, s.max_retries) == ("5WT00002", 3, 1)
    s = load_settings(account="5WZ81257")
    assert s.account == "5WZ81257" and s.request_timeout == 3


def test_explicit_config_path(tmp_path: Path) -> None:
    cfg = write(tmp_path / "x.toml", 'env = "demo"\n')
    assert load_settings(cfg).env == "demo"


def test_bad_value_names_key_and_file(tmp_path: Path) -> None:
    cfg = write(tmp_path / "bad.toml", 'request_timeout = "soon"\n')
    with pytest.raises(ConfigError) as info:
        load_settings(cfg)
    assert "'request_timeout'" in str(info.value) and str(cfg) in str(info.value)


def test_unknown_key_names_key_and_file(tmp_path: Path) -> None:
    cfg = write(tmp_path / "bad.toml", 'colour = "blue"\n')
    with pytest.raises(ConfigError, match="unknown key 'colour'"):
        load_settings(cfg)


def test_invalid_toml_is_a_config_error(tmp_path: Path) -> None:
    cfg = write(tmp_path / "bad.toml", 'env = \n')
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(cfg)


def test_bad_env_var_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TASTYKING_ENV", "paper")
    with pytest.raises(ConfigError, match="TASTYKING_ENV"):
        load_settings()


@pytest.mark.parametrize("url,ok", [
    ("http://127.0.0.1:8765", True), ("http://localhost:1", True), ("http://[::1]:9", True),
    ("https://api.example.com", True), ("http://api.example.com", False),
    ("http://10.0.0.5:80", False), ("ftp://127.0.0.1", False),
])
def test_plain_http_only_for_loopback(url: str, ok: bool) -> None:
    if ok:
        assert load_settings(api_url=url).base_url() == url
    else:
        with pytest.raises(ConfigError, match="api_url"):
            load_settings(api_url=url)


def test_missing_explicit_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml")


def test_example_config_documents_every_key() -> None:
    from tastyking.config import Settings
    from tests.conftest import ROOT

    text = (ROOT / "config.example.toml").read_text()
    for key in Settings.model_fields:
        assert f"{key} =" in text, key
