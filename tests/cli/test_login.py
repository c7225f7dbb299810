"""login / logout / status with the test keyring; secrets never echoed."""

from __future__ import annotations

import json

import keyring
from keyring.backends import fail

from tests.conftest import run_cli


def test_login_from_stdin_checks_then_stores(tk, sim_server, use_sim, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    use_sim(sim_server, creds=False)
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("demo-secret\ndemo-refresh\n"))
    r = tk("login", "--stdin")
    assert r.code == 0, r.err
    assert "Logged in to sandbox" in r.out and "5WT00001" in r.out
    assert "demo-secret" not in r.out + r.err and "demo-refresh" not in r.out + r.err
    stored = json.loads(keyring.get_password("tastyking:sandbox", "oauth-credentials"))
    assert stored == {"client_secret": "demo-secret", "refresh_token": "demo-refresh"}
    # now commands work from the keyring alone
    assert tk("account", "--json").code == 0
    status = tk("login", "--status")
    assert "OS keyring" in status.out and "demo-secret" not in status.out
    assert tk("logout").code == 0
    assert keyring.get_password("tastyking:sandbox", "oauth-credentials") is None
    assert tk("account").code == 3


def test_login_with_wrong_credentials_stores_nothing(tk, sim_server, use_sim, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    use_sim(sim_server, creds=False)
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("bad-secret-123\nbad-refresh-456\n"))
    r = tk("login", "--stdin")
    assert r.code == 3
    assert "bad-secret-123" not in r.err and "bad-refresh-456" not in r.err
    assert keyring.get_password("tastyking:sandbox", "oauth-credentials") is None


def test_login_without_terminal_refuses_to_prompt(tk, sim_server, use_sim) -> None:  # type: ignore[no-untyped-def]
    use_sim(sim_server, creds=False)
    r = tk("login")
    assert r.code == 2 and "no terminal" in r.err


def test_login_without_keyring_backend_explains_env_route(  # type: ignore[no-untyped-def]
        tk, sim_server, use_sim, monkeypatch) -> None:
    use_sim(sim_server, creds=False)
    import io

    keyring.set_keyring(fail.Keyring())
    monkeypatch.setattr("sys.stdin", io.StringIO("demo-secret\ndemo-refresh\n"))
    r = tk("login", "--stdin")
    assert r.code == 3
    assert "keyring" in r.err and "TASTYKING_CLIENT_SECRET" in r.err


def test_login_subprocess_no_tty_with_stdin_flag(sim_server) -> None:  # type: ignore[no-untyped-def]
    env = {"TASTYKING_ENV": "sandbox", "TASTYKING_API_URL": sim_server.base_url}
    r = run_cli("login", "--stdin", input="demo-secret\ndemo-refresh\n", env=env)
    assert r.code == 0, r.err
    r = run_cli("--account", "5WT00002", "positions", "--json", env=env)
    assert r.code == 0, r.err


def test_login_checks_the_keyring_before_asking_for_secrets(sim_server) -> None:  # type: ignore[no-untyped-def]
    from tests.cli.terminal import in_terminal

    env = {"TASTYKING_ENV": "sandbox", "TASTYKING_API_URL": sim_server.base_url,
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    screen = in_terminal("login", env=env, timeout=20)
    assert screen.code == 3
    assert "secret" not in screen.text.lower().split("error:")[0]  # no prompt came first
    (line,) = [x for x in screen.lines() if x.strip()]
    assert "no usable keyring backend" in line and "TASTYKING_CLIENT_SECRET" in line


def test_wrong_credentials_on_stdin_print_one_line(sim_server) -> None:  # type: ignore[no-untyped-def]
    for env in ({"TASTYKING_ENV": "demo"},
                {"TASTYKING_ENV": "sandbox", "TASTYKING_API_URL": sim_server.base_url}):
        r = run_cli("login", "--stdin", input="bad-secret\nbad-refresh\n", env=env)
        assert r.code == 3, r.err
        assert r.err.count("\n") == 1 and "RuntimeWarning" not in r.err, r.err
        assert "refused the credentials" in r.err


def test_login_status_json_enums_and_exit_code(tk, sim_server, use_sim, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    use_sim(sim_server, creds=False)
    r = tk("login", "--status", "--json")
    assert r.code == 3
    assert r.json() == {"env": "sandbox", "logged_in": False, "source": "none",
                        "keyring_backend": "FileKeyring"}
    assert tk("login", "--status").code == 3
    monkeypatch.setenv("TASTYKING_CLIENT_SECRET", "demo-secret")
    monkeypatch.setenv("TASTYKING_REFRESH_TOKEN", "demo-refresh")
    r = tk("login", "--status", "--json")
    assert r.code == 0 and r.json()["source"] == "environment"  # type: ignore[index]
    demo = tk("--env", "demo", "login", "--status")
    assert demo.code == 0 and demo.out.startswith("demo: built-in")
    assert "demo: demo:" not in demo.out


def test_logout_json(tk, sim_server, use_sim) -> None:  # type: ignore[no-untyped-def]
    use_sim(sim_server, creds=False)
    keyring.set_password("tastyking:sandbox", "oauth-credentials",
                         json.dumps({"client_secret": "s", "refresh_token": "r"}))
    r = tk("logout", "--json")
    assert r.code == 0 and r.json() == {"env": "sandbox", "result": "removed"}
    assert tk("logout", "--json").json() == {"env": "sandbox", "result": "nothing_stored"}
