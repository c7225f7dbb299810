"""Signals and terminals: Ctrl-C is one line and exit 130; `greeks --watch` gives the
terminal back (cursor shown) on SIGTERM, SIGHUP and a double Ctrl-C; control characters
from input are never echoed raw."""

from __future__ import annotations

import signal

import pytest

from tests.cli.terminal import WatchRun

SHOW_CURSOR = b"\x1b[?25h"


def _watch_then(server: object, signals: list[int]) -> tuple[int, bytes]:
    """Run greeks --watch until its first frame, send `signals`; the exit code and what
    the exit drew."""
    with WatchRun(server) as run:
        assert run.read_until(b"Ctrl-C to stop", 20), run.seen[-2000:]
        start = len(run.seen)
        code = run.end_with(signals)
    return code, run.seen[start:]


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
