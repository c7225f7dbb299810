"""Usage errors from the command line itself: one line, exit 2, no traceback."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli


@pytest.mark.parametrize("args,text", [
    (("nosuch",), "No such command"),
    (("account", "--bogus"), "No such option"),
    (("chain",), "Missing argument"),
    (("chain", "SPY", "--strikes", "many"), "'--strikes'"),
    (("--env", "paper", "account"), "'env'"),
])
def test_bad_command_lines_exit_2_with_one_line(tk, args, text) -> None:  # type: ignore[no-untyped-def]
    r = tk(*args)
    assert r.code == 2, r.err
    assert text in r.err and "Traceback" not in r.err
    assert r.err.startswith("error: ") and r.err.count("\n") == 1
    assert r.out == ""


def test_help_and_version_exit_0(tk) -> None:  # type: ignore[no-untyped-def]
    assert tk("--version").code == 0
    r = tk("--help")
    assert r.code == 0 and "prepare-order" in r.out and "never submits" in r.out


def test_python_dash_m_and_debug_traceback() -> None:
    r = run_cli("--debug", "--env", "demo", "chain", "NOPE")
    assert r.code == 2 and "Traceback" in r.err and "error: unknown symbol NOPE" in r.err
    plain = run_cli("--env", "demo", "chain", "NOPE")
    assert plain.code == 2 and "Traceback" not in plain.err


def test_no_arguments_prints_help_without_an_error_line(tk) -> None:  # type: ignore[no-untyped-def]
    r = tk()
    assert r.code == 2
    assert "Usage" in r.out + r.err and "error:" not in r.err
