"""Signals and terminals: Ctrl-C is one line and exit 130; `greeks --watch` gives the
terminal back (cursor shown) on SIGTERM, SIGHUP and a double Ctrl-C; control characters
from input are never echoed raw."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time

import pytest

from tests.conftest import ROOT

SHOW_CURSOR = b"\x1b[?25h"


def _watch_then(server: object, signals: list[int]) -> tuple[int, bytes]:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
    env = {**os.environ, "TASTYKING_ENV": "sandbox",
           "TASTYKING_API_URL": server.base_url,  # type: ignore[attr-defined]
           "TASTYKING_CLIENT_SECRET": "demo-secret", "TASTYKING_REFRESH_TOKEN": "demo-refresh",
           "TERM": "xterm-256color", "COLUMNS": "200", "LINES": "50"}
    proc = subprocess.Popen([sys.executable, "-m", "tastyking", "greeks", "--watch"],
                            stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT,
                            start_new_session=True)
    os.close(slave)
    seen = b""

    def drain(until: bytes, timeout: float) -> None:
        nonlocal seen
        end = time.monotonic() + timeout
        while until not in seen and time.monotonic() < end:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    return
            elif proc.poll() is not None:
                return

    try:
        drain(b"Ctrl-C to stop", 20)
        assert b"Ctrl-C to stop" in seen, seen[-2000:]
        seen = b""  # from here on: what the exit draws
        for s in signals:
            os.kill(proc.pid, s)
            time.sleep(0.02)
        # A hang guard, not a speed check: a loaded machine may take its time to exit.
        end = time.monotonic() + 30
        while proc.poll() is None and time.monotonic() < end:
            drain(b"\x00never", 0.1)
        code = proc.wait(timeout=1)
        drain(b"\x00never", 0.3)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    return code, seen


@pytest.mark.parametrize("signals,code", [
    ([signal.SIGTERM], 130),
    ([signal.SIGHUP], 130),
    ([signal.SIGINT, signal.SIGINT], 0),
])
def test_watch_gives_the_terminal_back(sim_server, signals: list[int], code: int) -> None:
    got, seen = _watch_then(sim_server, signals)
    assert got == code, seen[-2000:]
    assert SHOW_CURSOR in seen
    assert b"Traceback" not in seen and b"error" not in seen
    if code == 130:
        assert seen.rstrip().endswith(b"interrupted"), seen[-300:]


def test_ctrl_c_is_one_line_and_exit_130(tk, monkeypatch) -> None:
    from tastyking.cli import account

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # where a Ctrl-C lands: in the command, under typer

    monkeypatch.setenv("TASTYKING_ENV", "demo")
    monkeypatch.setattr(account, "run_api", interrupted)
    r = tk("account", "--json")
    assert (r.code, r.out, r.err) == (130, "", "interrupted\n")


def test_control_characters_from_input_are_escaped_in_errors(tk) -> None:
    r = tk("chain", "SPY", "--expiration", "2026-\x1b[2J\x07-01")
    assert r.code == 2
    assert "\x1b" not in r.err and "\x07" not in r.err
    assert "\\x1b[2J" in r.err and len(r.err.strip().splitlines()) == 1
