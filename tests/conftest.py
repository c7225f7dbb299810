"""Hermetic test set-up: temp home, test keyring, no user config, a loopback simulator."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SUPPORT = ROOT / "tests" / "support"
# Recorded tastytrade payloads, copied from shared/ with their provenance (SOURCES.md):
# the tests never read outside the clone.
FIXTURES = ROOT / "tests" / "fixtures" / "recorded"
sys.path.insert(0, str(SUPPORT))


def _loopback_only() -> None:
    """No test may reach anything but loopback: a connect elsewhere fails loudly."""
    import ipaddress
    import socket

    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def check(address: object) -> None:
        if isinstance(address, tuple):
            host = str(address[0])
            try:
                ok = host == "localhost" or ipaddress.ip_address(host.split("%")[0]).is_loopback
            except ValueError:  # a host name other than localhost
                ok = False
            if not ok:
                raise AssertionError(f"a test tried to reach {address!r}: tests stay on loopback")

    def connect(self, address):  # type: ignore[no-untyped-def]
        check(address)
        return real_connect(self, address)

    def connect_ex(self, address):  # type: ignore[no-untyped-def]
        check(address)
        return real_connect_ex(self, address)

    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        # Name lookups would leave the machine too: only loopback names and literals.
        name = host.decode() if isinstance(host, bytes) else host
        if name not in (None, "localhost"):
            check((name, 0))
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo


_loopback_only()


@pytest.fixture(autouse=True)
def hermetic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own home, config dir and keyring file; no TASTYKING_* leaks in."""
    home = tmp_path / "home"
    home.mkdir()
    for key in list(os.environ):
        if key.startswith("TASTYKING_"):
            monkeypatch.delenv(key)
    # The shell's (or pytest-xdist worker's) terminal size must not decide table widths.
    for key in ("COLUMNS", "LINES"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tk_test_keyring.FileKeyring")
    monkeypatch.setenv("TK_TEST_KEYRING_FILE", str(home / "keyring.json"))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(SUPPORT), str(ROOT)]))
    import keyring
    import tk_test_keyring

    keyring.set_keyring(tk_test_keyring.FileKeyring())
    yield home


@pytest.fixture(scope="session")
def sim_server() -> Iterator[object]:
    """One simulator for read-only tests (no faults, no pinned clock)."""
    from tastyking.sim.server import SimConfig, SimServer

    server = SimServer(SimConfig(journal=False)).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pinned_sim() -> Iterator[object]:
    """A simulator whose clock stands still, so a test can recompute the model values the
    command saw (the market model moves with time)."""
    from datetime import UTC, datetime

    from tastyking.sim.server import SimConfig, SimServer
    from tastyking.sim.state import fixed_clock

    server = SimServer(SimConfig(journal=False, clock=fixed_clock(datetime.now(UTC)))).start()
    yield server
    server.stop()


@pytest.fixture
def fresh_sim() -> Iterator[object]:
    """A private simulator for tests that inject faults or expire tokens."""
    from tastyking.sim.server import SimConfig, SimServer

    server = SimServer(SimConfig(journal=False)).start()
    yield server
    server.stop()


@pytest.fixture
def api_down(monkeypatch: pytest.MonkeyPatch) -> str:
    """The CLI pointed at a loopback port where nothing listens (connection refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    monkeypatch.setenv("TASTYKING_ENV", "sandbox")
    monkeypatch.setenv("TASTYKING_API_URL", url)
    monkeypatch.setenv("TASTYKING_CLIENT_SECRET", "demo-secret")
    monkeypatch.setenv("TASTYKING_REFRESH_TOKEN", "demo-refresh")
    monkeypatch.setenv("TASTYKING_MAX_RETRIES", "0")
    return url


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> object:
        return json.loads(self.out)

    def decimal_json(self) -> Any:
        """stdout parsed with exact decimals, after checking the command succeeded."""
        assert self.code == 0, self.err
        return json.loads(self.out, parse_float=Decimal)


@pytest.fixture
def tk(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run the CLI in-process, exactly as the console script does; returns a Result."""
    from tastyking.cli.app import main
    from tastyking.render import console

    def run(*args: str) -> Result:
        capsys.readouterr()
        # Each run is a fresh process in real life: the consoles (cached for the process)
        # must not keep the width an earlier test's run measured.
        console.out.cache_clear()
        console.err.cache_clear()
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        else:
            code = 0
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def use_sim(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Point the CLI at a given simulator with the demo credentials in the environment."""

    def point(server: object, *, creds: bool = True) -> None:
        monkeypatch.setenv("TASTYKING_ENV", "sandbox")
        monkeypatch.setenv("TASTYKING_API_URL", server.base_url)  # type: ignore[attr-defined]
        if creds:
            monkeypatch.setenv("TASTYKING_CLIENT_SECRET", "demo-secret")
            monkeypatch.setenv("TASTYKING_REFRESH_TOKEN", "demo-refresh")

    return point


def run_cli(*args: str, input: str | None = None, env: dict[str, str] | None = None,
            timeout: float = 60) -> Result:
    """The CLI in a subprocess, without a terminal (as cron runs it)."""
    proc = subprocess.run(
        [sys.executable, "-m", "tastyking", *args],
        input=input, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, **(env or {})}, cwd=ROOT,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def by_type_without_greeks(monkeypatch: pytest.MonkeyPatch) -> None:
    """The simulator's /market-data/by-type leaves out option Greeks and IV (as a real
    snapshot may), so a command has to get them from the stream."""
    from tastyking.sim.rest import market as routes_market

    real = routes_market.quote_json

    def no_greeks(*args: Any) -> Any:
        row = real(*args)
        for key in ("volatility", "delta", "gamma", "theta", "rho", "vega"):
            row.pop(key, None)
        return row

    monkeypatch.setattr(routes_market, "quote_json", no_greeks)
