"""Bad input through the real CLI: refused with one line and the documented exit code,
before any request where it can be; never exit 1, never silently ignored."""

from __future__ import annotations

import errno
import json
import os

import pytest

SEARCHED = ("searched-data", "--json", "--no-input")
PREPARE = ("prepare-order", "strangle", "SPY", "--dte", "45", "--delta", "0.16", "--json")


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "unexpected" not in err and "Traceback" not in err
    return lines[0]


# ------------------------------------------------------------------------ --out


def test_a_failing_out_keeps_the_fetched_document_on_stdout(tk, sim_server, rewrite,
                                                             monkeypatch, tmp_path) -> None:
    rewrite(sim_server, [])

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    target = tmp_path / "snap.json"
    r = tk(*SEARCHED, "--out", str(target))
    assert r.code == 2
    # One error line; the fetch before it may log a warning of its own (a DXLink
    # reconnect on a loaded machine), which is not part of the refusal.
    errors = [line for line in r.err.splitlines() if " WARNING " not in line]
    assert "No space left" in one_line("\n".join(errors))
    assert json.loads(r.out)["ES"]  # the snapshot is not lost
    assert not target.exists() and os.listdir(tmp_path) == ["home"]


@pytest.mark.parametrize("command", [SEARCHED, PREPARE])
@pytest.mark.parametrize("where", ["", "   ", "dir", "fifo", "/dev/null", "file/below"])
def test_an_out_that_cannot_be_written_is_refused_before_any_request(
        tk, sim_server, rewrite, tmp_path, command, where: str) -> None:
    transport = rewrite(sim_server, [])
    (tmp_path / "dir").mkdir()
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "file").write_text("")
    out = where if where.strip() == "" or where.startswith("/") else str(tmp_path / where)
    r = tk(*command, "--out", out)
    assert r.code == 2, r.err
    assert "--out" in one_line(r.err)
    assert transport.sent == [] and r.out == ""


def test_out_onto_a_symlink_writes_through(tk, sim_server, rewrite, tmp_path) -> None:
    rewrite(sim_server, [])
    real = tmp_path / "real.json"
    real.write_text("{}\n")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    r = tk(*SEARCHED, "--out", str(link))
    assert r.code in (0, 6), r.err
    assert link.is_symlink() and json.loads(real.read_text())["ES"]



# ------------------------------------------------------------------------ bad input


def fault(server, **spec) -> None:  # type: ignore[no-untyped-def]
    import httpx

    httpx.post(server.base_url + "/_sim/faults", json=spec, timeout=5).raise_for_status()


def test_config_problems_exit_2_with_one_line(tk, hermetic, monkeypatch) -> None:
    config = hermetic / ".config" / "tastyking" / "config.toml"
    config.parent.mkdir(parents=True)
    cases: list[tuple[dict[str, str], bytes | None, str]] = [
        ({}, b'env = "sandbox"\naccount = "\xff\xfe"\n', "not UTF-8"),
        ({"TASTYKING_PHASE_TICKERS": "MCL"}, None, "TASTYKING_PHASE_TICKERS"),
        ({"TASTYKING_ALERT_DELTA": "inf"}, None, "TASTYKING_ALERT_DELTA"),
        ({"TASTYKING_ALERT_VEGA": "nan"}, None, "TASTYKING_ALERT_VEGA"),
        ({"TASTYKING_CONFIG": str(hermetic / "nonexistent.toml")}, None, "does not exist"),
        # the file's error is reported even though the environment overrides the key
        ({"TASTYKING_REQUEST_TIMEOUT": "5"}, b"request_timeout = -3\n", "config file"),
        ({"TASTYKING_ACCOUNT": "5WT00001/orders#"}, None, "account number"),
    ]
    for env, text, needle in cases:
        for key in env:
            monkeypatch.setenv(key, env[key])
        if text is not None:
            config.write_bytes(text)
        r = tk("account", "--json")
        assert r.code == 2, (env, r.err)
        assert needle in one_line(r.err), (env, r.err)
        for key in env:
            monkeypatch.delenv(key)
        config.unlink(missing_ok=True)


def test_deep_nesting_and_null_typos_in_input_files_exit_2(tk, tmp_path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    typo = tmp_path / "typo.json"
    typo.write_text('{"VIX": {"currentLevle": null, "currentLevel": 21.5}}')
    runs = [
        tk("searched-data", "--json", "--no-input", "--manual-file", str(deep)),
        tk("prepare-order", "custom", "SPX", "--legs-file", str(deep), "--json"),
        tk("searched-data", "--json", "--no-input", "--manual-file", str(typo)),
    ]
    assert [r.code for r in runs] == [2, 2, 2], [r.err for r in runs]
    assert "nests too deeply" in one_line(runs[0].err)
    assert "nests too deeply" in one_line(runs[1].err)
    assert "currentLevle" in one_line(runs[2].err)


@pytest.mark.parametrize("args,needle", [
    (("--price", "1e400"), "--price"),
    (("--price", "-1e400"), "--price"),
    (("--quantity", "10001"), "at most 10,000"),
    (("--quantity", "99999999999999999999"), "--quantity"),
])
def test_order_limits_are_checked_before_any_request(tk, sim_server, rewrite, args,
                                                      needle: str) -> None:
    transport = rewrite(sim_server, [])
    r = tk("prepare-order", "strangle", "SPY", "--dte", "45", "--delta", "0.16",
           "--effect", "credit", *args, "--json")
    assert r.code == 2, r.err
    assert needle in one_line(r.err)
    assert transport.sent == []


def test_a_damaged_keyring_entry_exits_3_and_suggests_logout(tk, sim_server,
                                                             use_sim) -> None:
    import keyring

    use_sim(sim_server, creds=False)
    for damaged in ("not json", '{"client_secret": "x"}', "[1, 2]", '{"client_secret": 1, '
                    '"refresh_token": null}', "[" * 100_000):
        keyring.set_password("tastyking:sandbox", "oauth-credentials", damaged)
        r = tk("account", "--json")
        assert r.code == 3, r.err
        line = one_line(r.err)
        assert "damaged" in line and "logout" in line and "client_secret" not in line


def test_a_long_retry_after_is_a_refusal_exit_4(tk, fresh_sim, use_sim, monkeypatch) -> None:
    use_sim(fresh_sim)
    monkeypatch.setenv("TASTYKING_COMMAND_TIMEOUT", "20")
    fault(fresh_sim, path="/customers/me/accounts", status=429, count=0, retry_after=3600)
    r = tk("account", "--json")
    assert r.code == 4, r.err
    assert "wait 3600 s" in one_line(r.err)


def test_a_slow_dry_run_is_sent_at_most_twice_within_the_deadline(tk, fresh_sim, rewrite,
                                                                    monkeypatch) -> None:
    import time

    transport = rewrite(fresh_sim, [])
    monkeypatch.setenv("TASTYKING_REQUEST_TIMEOUT", "0.5")
    monkeypatch.setenv("TASTYKING_BACKOFF_BASE", "0.01")
    fault(fresh_sim, path="/accounts/*/orders/dry-run", count=0, delay_ms=2000)
    started = time.monotonic()
    r = tk(*PREPARE)
    took = time.monotonic() - started
    assert r.code == 6, r.err  # prepared, NOT validated by the broker
    assert json.loads(r.out)["dry_run"] == "not_run"
    sent = [r for r in transport.sent if r.url.path.endswith("/orders/dry-run")]
    assert len(sent) == 2 and took < 10
