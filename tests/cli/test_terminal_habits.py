"""What people expect of a command line: global options anywhere, shell completion, a
fast --help, and a spinner on a terminal (never in a pipe) when tastytrade is slow."""

from __future__ import annotations

import subprocess
import sys

import httpx

from tests.cli.terminal import in_terminal, sim_env
from tests.conftest import ROOT, run_cli


def test_global_options_work_after_the_command(tk, sim_server, use_sim) -> None:  # type: ignore[no-untyped-def]
    use_sim(sim_server)
    before = tk("--account", "5WT00002", "account", "--json").json()
    after = tk("account", "--account", "5WT00002", "--json")
    assert after.code == 0, after.err
    assert after.json() == before
    short = tk("positions", "--json", "-a", "5WT00002")
    assert {p["account_number"] for p in short.json()["positions"]} == {"5WT00002"}  # type: ignore[index]
    assert tk("account", "--json", "--account=5WT00002").json() == before
    bad = tk("account", "--account", "9ZZ99999")
    assert bad.code == 2 and "9ZZ99999 is not one of yours" in bad.err


def test_a_commands_own_option_of_the_same_name_stays_with_it(tk, pinned_sim, use_sim) -> None:  # type: ignore[no-untyped-def]
    use_sim(pinned_sim)
    r = tk("prepare-order", "single", "SPY", "--type", "put", "--side", "buy", "--delta", "0.3",
           "--account", "5WT00002", "--json")
    assert r.code == 0, r.err
    assert r.json()["account"] == "5WT00002"  # type: ignore[index]


def test_shell_completion_is_offered() -> None:
    # Typer finds the shell among the process's ancestors (shellingham), not in $SHELL:
    # run it from bash, as a user at a bash prompt does, whatever started pytest ("; exit"
    # keeps bash from exec-ing the command in its own place).
    line = f"'{sys.executable}' -m tastyking --show-completion; exit $?"
    shown = subprocess.run(["bash", "-c", line], capture_output=True, text=True, cwd=ROOT,
                           timeout=30)
    assert shown.returncode == 0 and "_TASTYKING_COMPLETE=complete_bash" in shown.stdout, \
        shown.stderr
    done = run_cli(env={"_TASTYKING_COMPLETE": "complete_bash",
                        "COMP_WORDS": "tastyking pos", "COMP_CWORD": "1"})
    assert done.out.split() == ["positions"]
    assert "--install-completion" in run_cli("--help").out


def test_help_stays_light() -> None:
    code = ("import sys\nfrom tastyking.cli.app import main\ntry:\n    main(['--help'])\n"
            "except SystemExit:\n    pass\nprint(sorted(m for m in ('httpx', 'pydantic', "
            "'websockets', 'keyring') if m in sys.modules), file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=30)
    assert proc.stderr.strip() == "[]", proc.stderr


def test_a_slow_answer_shows_a_spinner_on_a_terminal_only(fresh_sim) -> None:  # type: ignore[no-untyped-def]
    def slow() -> None:
        httpx.post(f"{fresh_sim.base_url}/_sim/faults",
                   json={"path": "/accounts/*/balances", "delay_ms": 1500}).raise_for_status()

    env = sim_env(fresh_sim)
    slow()
    screen = in_terminal("account", "--json", env=env, stdout_tty=False)
    assert screen.code == 0, screen.text
    assert "waiting for tastytrade" in screen.text
    slow()
    piped = run_cli("account", "--json", env=env)
    assert piped.code == 0 and piped.err == ""
