"""Settings: built-in defaults < TOML file < TASTYKING_* environment < command-line flags.

The TOML file is the platform's user config dir (``~/.config/tastyking/config.toml`` on
Linux) or ``--config PATH``. Every key is documented in ``config.example.toml``.
An invalid value is a ConfigError that names the key and where it came from.
"""

from __future__ import annotations

import ipaddress
import os
import re
import sys
import tomllib
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from tastyking.errors import ConfigError

Env = Literal["production", "sandbox", "demo"]

BASE_URLS: dict[str, str] = {
    "production": "https://api.tastyworks.com",
    "sandbox": "https://api.cert.tastyworks.com",
}
ENV_PREFIX = "TASTYKING_"
# tastytrade account numbers: a digit, two letters, five digits (5WT00001, 5WV48989,
# 5YZ55555, 5WX06827, 5WZ81257 in the recordings). Nothing else is ever put in a path.
ACCOUNT_NUMBER = re.compile(r"[0-9][A-Z]{2}[0-9]{5}")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    env: Env = "production"
    api_url: str | None = None
    account: str | None = None
    # Bounded time: per request, per connection attempt, and per whole command.
    request_timeout: float = Field(10.0, gt=0, le=300)
    connect_timeout: float = Field(5.0, gt=0, le=120)
    command_timeout: float = Field(90.0, gt=0, le=3600)
    max_retries: int = Field(3, ge=0, le=10)
    backoff_base: float = Field(0.5, ge=0, le=30)
    backoff_max: float = Field(8.0, ge=0, le=120)
    # Client-side politeness: sustained requests per second, and the burst allowed.
    rate_limit: float = Field(20.0, gt=0, le=1000)
    rate_burst: int = Field(20, ge=1, le=1000)
    # How long a one-shot command waits for streamed quotes/Greeks before reporting missing.
    stream_timeout: float = Field(6.0, gt=0, le=120)
    # Greeks alert thresholds (the seed framework's defaults).
    alert_delta: float = Field(500.0, gt=0)
    alert_theta: float = Field(-200.0, lt=0)
    alert_vega: float = Field(1000.0, gt=0)
    # searched-data: the framework's phase tickers (futures products).
    phase_tickers: list[str] = Field(default_factory=lambda: ["/MCL", "/MGC"])
    # The demo simulator started by --env demo.
    demo_seed: int = 0
    demo_latency_ms: int = Field(0, ge=0, le=10000)

    @field_validator("api_url")
    @classmethod
    def _check_api_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise ValueError("must be an http(s) URL such as https://api.tastyworks.com")
        if parts.scheme == "http" and not is_loopback(parts.hostname):
            raise ValueError("plain http:// is accepted only for loopback hosts; use https://")
        return value.rstrip("/")

    @field_validator("account")
    @classmethod
    def _check_account(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not ACCOUNT_NUMBER.fullmatch(value.strip()):
            raise ValueError("not a tastytrade account number (like 5WT00001)")
        return value.strip()

    @field_validator("phase_tickers")
    @classmethod
    def _check_tickers(cls, value: list[str]) -> list[str]:
        out = []
        for t in value:
            t = t.strip().upper()
            if not t:
                continue
            out.append(t if t.startswith("/") else "/" + t)
        return out

    def base_url(self) -> str | None:
        """REST base URL; None for demo without api_url (the in-process simulator decides)."""
        if self.api_url:
            return self.api_url
        return BASE_URLS.get(self.env)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def default_config_path() -> Path:
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "tastyking" / "config.toml"


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from None
    known = set(Settings.model_fields)
    for key in data:
        if key.replace("-", "_") not in known:
            raise ConfigError(
                f"unknown key {key!r} in config file {path}",
                hint="see config.example.toml for every key",
            )
    return {k.replace("-", "_"): v for k, v in data.items()}


def load_settings(config_path: Path | None = None, **flags: Any) -> Settings:
    """Merge the layers; flags that are None are not set."""
    explicit = config_path is not None
    path = config_path or Path(os.environ.get(ENV_PREFIX + "CONFIG") or default_config_path())
    if explicit and not path.exists():
        raise ConfigError(f"config file {path} does not exist")
    file_values = _read_toml(path) if path.exists() else {}
    flag_values = {k: v for k, v in flags.items() if v is not None}
    env_keys = {k for k in Settings.model_fields if (ENV_PREFIX + k.upper()) in os.environ}
    # Layering: file values are the lowest explicit layer; env beats them; flags beat all.
    init = {k: v for k, v in file_values.items() if k not in env_keys}
    init.update(flag_values)
    try:
        return Settings(**init)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = str(err["loc"][0]) if err["loc"] else "?"
        if key in flag_values:
            where = "command-line flag --" + key.replace("_", "-")
        elif key in env_keys:
            where = "environment variable " + ENV_PREFIX + key.upper()
        elif key in file_values:
            where = f"config file {path}"
        else:
            where = "settings"
        msg = err["msg"].removeprefix("Value error, ")
        raise ConfigError(f"invalid {key!r} in {where}: {msg}") from None
