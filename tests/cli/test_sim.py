"""`tastyking sim`: settings no server could honour, and ports it cannot bind, exit 2 with
one line before anything is served."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from tests.conftest import run_cli


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize(("args", "says"), [
    (["--port", "-1"], "port must be 0-65535"),
    (["--port", "70000"], "port must be 0-65535"),
    (["--port", "80000"], "port must be 0-65535"),
    (["--latency-ms", "-5"], "latency must be"),
    (["--token-ttl", "-1"], "token life must be"),
    (["--now", "1969-12-31T23:59:59+00:00"], "1970-2100"),
    (["--now", "2101-01-01T00:00:00+00:00"], "1970-2100"),
    (["--now", "0001-01-01T00:00:00+00:00"], "1970-2100"),
    (["--now", "1999-06-01T12:00:00+00:00"], "cannot serve 1999-06-01"),
    (["--fault", "status=999"], "400-599"),
    (["--fault", "status=503,count=-1"], "count must be"),
    (["--fault", "delay_ms=-10"], "delay_ms must be"),
    (["--fault", "drop=perhaps"], "is a flag"),
    (["--host", "0.0.0.0"], "loopback"),
])
def test_impossible_settings_exit_2_with_one_line(tk, args: list[str], says: str) -> None:
    r = tk("sim", *args)
    assert r.code == 2, r.err
    assert says in _one_line(r.err)
    assert r.out == ""


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        yield sock.getsockname()[1]


def test_a_busy_port_exits_2_with_one_line(tk, busy_port: int) -> None:
    r = tk("sim", "--port", str(busy_port))
    assert r.code == 2
    line = _one_line(r.err)
    assert f"port {busy_port}" in line and "in use" in line.lower()


def test_the_console_script_refuses_a_port_out_of_range() -> None:
    # the real process, as a user runs it: exit 2 and one line, never 1 with a traceback
    r = run_cli("sim", "--port", "80000", timeout=30)
    assert r.code == 2
    assert "port must be 0-65535" in _one_line(r.err)
