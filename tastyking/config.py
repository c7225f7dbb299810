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
from typing import Any, Literal, NoReturn
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

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

# The framework core's tradeable tickers by phase (getQualifiedTickersByPhase): a leading
# "/" marks a futures product, the rest are stocks and ETFs. ES and SPY are core sections.
_P1 = ("/MCL", "/MGC", "GLD", "TLT")
PHASE_TICKERS: dict[int, tuple[str, ...]] = {
    1: _P1,
    2: (*_P1, "/MES", "/MNQ", "SLV", "XOP", "/6A", "/M6E"),
    3: ("/ES", "/CL", "/GC", "/LE", "/HE", "/ZC", "/ZS", "/ZW", "/6E", "/6B", "/ZB", "/ZN",
        "TLT", "GLD", "SLV"),
    4: ("/ES", "/NQ", "/RTY", "/CL", "/GC", "/SI", "/NG", "/RB", "/HO", "/LE", "/HE", "/ZC",
        "/ZS", "/ZW", "/KC", "/SB", "/CC", "/6E", "/6B", "/6A", "/6C", "/6J", "/6S", "/ZB",
        "/ZN", "/ZF", "/ZT", "SPY", "QQQ", "IWM", "GLD", "SLV", "TLT", "XLE", "XOP"),
}


class Settings(BaseSettings):
    # inf and NaN are never a setting (TASTYKING_ALERT_DELTA=inf would silence alerts)
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore",
                                      allow_inf_nan=False)

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
    # searched-data: fixed phase tickers (futures products); empty = the phase's list below.
    phase_tickers: list[str] = Field(default_factory=list)
    # The framework's phases: account value bands in pounds (phase 1 below the first,
    # phase 4 from the last) and each phase's tradeable tickers ("/MCL" a futures
    # product, "GLD" a stock or ETF), as the framework's core lists them.
    phase_bands: list[float] = Field(default_factory=lambda: [40000.0, 60000.0, 75000.0])
    phase1_tickers: list[str] = Field(default_factory=lambda: list(PHASE_TICKERS[1]))
    phase2_tickers: list[str] = Field(default_factory=lambda: list(PHASE_TICKERS[2]))
    phase3_tickers: list[str] = Field(default_factory=lambda: list(PHASE_TICKERS[3]))
    phase4_tickers: list[str] = Field(default_factory=lambda: list(PHASE_TICKERS[4]))
    # USD per GBP for the framework's pounds; unset = the /6B future's price at run time.
    gbp_usd_rate: float | None = Field(None, gt=0.5, lt=3.0)
    # The demo simulator started by --env demo.
    demo_seed: int = 0
    demo_latency_ms: int = Field(0, ge=0, le=10000)
    demo_book: Literal["demo", "large"] = "demo"
    # margin: a position (structure) needing more than this % of net liq is flagged
    margin_position_cap_pct: float = Field(5.0, gt=0, le=100)

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

    @field_validator("phase1_tickers", "phase2_tickers", "phase3_tickers", "phase4_tickers")
    @classmethod
    def _check_phase_lists(cls, value: list[str]) -> list[str]:
        out = []
        for t in value:
            t = t.strip().upper()
            if t and t not in out:
                out.append(t)
        return out

    @field_validator("phase_bands")
    @classmethod
    def _check_bands(cls, value: list[float]) -> list[float]:
        if len(value) != 3 or any(b <= 0 for b in value) or sorted(value) != value \
                or len(set(value)) != 3:
            raise ValueError("must be three rising amounts in pounds, e.g. [40000, 60000, 75000]")
        return value

    def phase_list(self, phase: int) -> list[str]:
        lists = {1: self.phase1_tickers, 2: self.phase2_tickers, 3: self.phase3_tickers,
                 4: self.phase4_tickers}
        return list(lists[phase])

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
    except UnicodeDecodeError:
        raise ConfigError(f"config file {path} is not UTF-8 text") from None
    except RecursionError:
        raise ConfigError(f"config file {path} nests too deeply") from None
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
    """Merge the layers; flags that are None are not set.

    TASTYKING_CONFIG names the file like --config does (a missing file is an error,
    not a silent fallback to the defaults).
    """
    from_env = os.environ.get(ENV_PREFIX + "CONFIG") or None
    explicit = config_path is not None or from_env is not None
    path = config_path or Path(from_env or default_config_path())
    if explicit and not path.exists():
        where = "--config" if config_path is not None else ENV_PREFIX + "CONFIG"
        raise ConfigError(f"config file {path} does not exist (from {where})")
    file_values = _read_toml(path) if path.exists() else {}
    flag_values = {k: v for k, v in flags.items() if v is not None}
    env_keys = {k for k in Settings.model_fields if (ENV_PREFIX + k.upper()) in os.environ}
    # Layering: file values are the lowest explicit layer; env beats them; flags beat all.
    init = {k: v for k, v in file_values.items() if k not in env_keys}
    init.update(flag_values)
    hidden = {k: v for k, v in file_values.items() if k in env_keys or k in flag_values}
    if hidden:  # an invalid file value is reported even when a higher layer overrides it
        try:
            Settings(_env_prefix=_NO_ENV, **file_values)  # type: ignore[call-arg]
        except ValidationError as exc:
            _raise_config_error(exc, {}, set(), file_values, path)
    try:
        return Settings(**init)
    except SettingsError as exc:  # an environment value pydantic-settings cannot decode
        found = re.search(r'field "(\w+)"', str(exc))
        key = found.group(1) if found else "?"
        raise ConfigError(f"invalid {key!r} in environment variable {ENV_PREFIX}{key.upper()}"
                          ": a list is written as JSON, e.g. '[\"/MCL\", \"/MGC\"]'") from None
    except ValidationError as exc:
        _raise_config_error(exc, flag_values, env_keys, file_values, path)


_NO_ENV = "TASTYKING_FILE_LAYER_ONLY_"  # a prefix no environment variable has


def _raise_config_error(exc: ValidationError, flag_values: dict[str, Any], env_keys: set[str],
                        file_values: dict[str, Any], path: Path) -> NoReturn:
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
