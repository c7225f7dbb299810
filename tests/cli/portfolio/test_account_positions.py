"""`account` and `positions` end to end: CLI → services → client → simulator over loopback."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.conftest import run_cli


def test_account_json_for_all_accounts(tk, sim_server, use_sim) -> None:  # type: ignore[no-untyped-def]
    use_sim(sim_server)
    r = tk("account", "--json")
    assert r.code == 0, r.err
    doc = r.json()
    numbers = [a["account_number"] for a in doc["accounts"]]
    assert numbers == ["5WT00001", "5WT00002"]
    main = doc["accounts"][0]
    assert main["margin_or_cash"] == "Margin"
    assert main["net_liquidating_value"] > 0
    assert set(main["status"]) == {"closed", "frozen", "closing_only", "margin_call",
                                   "pattern_day_trader", "futures_enabled",
                                   "portfolio_margin", "options_level", "day_trade_count"}
    nl = Decimal(str(main["net_liquidating_value"]))
    dbp = Decimal(str(main["derivative_buying_power"]))
    expected = ((1 - dbp / nl) * 100).quantize(Decimal("0.01"))
    assert Decimal(str(main["buying_power_used_pct"])) == expected


def test_account_table_shows_the_same_numbers(tk, pinned_sim, use_sim) -> None:  # type: ignore[no-untyped-def]
    use_sim(pinned_sim)  # a still clock: net liq moves with the market between two runs
    doc = tk("--account", "5WT00002", "account", "--json").json()
    (acct,) = doc["accounts"]
    table = tk("--account", "5WT00002", "account")
    assert table.code == 0
    assert "5WT00002" in table.out and "5WT00001" not in table.out
    assert f"{Decimal(str(acct['net_liquidating_value'])):,.2f}" in table.out


def test_unknown_account_is_a_clear_usage_error(tk, sim_server, use_sim) -> None:  # type: ignore[no-untyped-def]
    use_sim(sim_server)
    r = tk("--account", "9ZZ99999", "account")
    assert r.code == 2
    assert r.err.count("\n") == 1 and "9ZZ99999 is not one of yours" in r.err
    assert "5WT00001" in r.err and "Traceback" not in r.err


def test_positions_json_signed_quantities_labels_and_pnl(tk, sim_server, use_sim) -> None:  # type: ignore[no-untyped-def]
    use_sim(sim_server)
    r = tk("--account", "5WT00001", "positions", "--json")
    assert r.code == 0, r.err
    doc = r.json()
    rows = doc["positions"]
    labels = {row["strategy"] for row in rows}
    assert {"STRANGLE", "LT112", "IPMCC", "FUTURE", "STOCK"} <= labels
    fops = [row for row in rows if row["instrument_type"] == "Future Option"]
    for root, multiplier in (("ES", 50), ("MES", 5)):  # a full-size and a micro strangle
        # the future code fills columns 2-6: "./ESH7 EWG7  ...", "./MESH7EX3F7 ..."
        legs = [row for row in fops if row["symbol"][2:7].rstrip()[:-2] == root]
        assert len(legs) == 2 and all(row["quantity"] < 0 and row["multiplier"] == multiplier
                                      for row in legs), root
        assert {row["option_type"] for row in legs} == {"C", "P"}
    assert len(fops) == 4
    total = Decimal(0)
    for row in rows:
        assert row["mark"] is not None, row["symbol"]
        pnl = (Decimal(str(row["mark"])) - Decimal(str(row["average_open_price"]))) * \
            Decimal(str(row["quantity"])) * Decimal(str(row["multiplier"]))
        assert Decimal(str(row["unrealized_pnl"])) == pnl
        total += pnl
        if row["expiration"]:
            assert row["dte"] >= 0
    assert Decimal(str(doc["total_unrealized_pnl"])) == total
    assert doc["missing_marks"] == []


def test_positions_table_groups_by_underlying(tk, sim_server, use_sim) -> None:  # type: ignore[no-untyped-def]
    use_sim(sim_server)
    r = tk("--account", "5WT00001", "positions")
    assert r.code == 0
    for underlying in ("/ES", "SPY", "AAPL", "IWM"):
        assert underlying in r.out
    assert "Total" in r.out and r.err == ""


def test_demo_env_runs_with_no_account_and_no_keyring() -> None:
    r = run_cli("--env", "demo", "positions", "--json")
    assert r.code == 0, r.err
    assert any(p["strategy"] == "STRANGLE" for p in r.json()["positions"])  # type: ignore[index]


@pytest.mark.parametrize("args", [("account",), ("positions",)])
def test_missing_credentials_exit_3_with_login_hint(tk, sim_server, use_sim, args) -> None:  # type: ignore[no-untyped-def]
    use_sim(sim_server, creds=False)
    r = tk(*args)
    assert r.code == 3
    assert "login" in r.err and r.out == ""


def test_wrong_credentials_exit_3_and_are_not_echoed(tk, sim_server, use_sim, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    use_sim(sim_server, creds=False)
    monkeypatch.setenv("TASTYKING_CLIENT_SECRET", "wrong-secret-abc123")
    monkeypatch.setenv("TASTYKING_REFRESH_TOKEN", "wrong-refresh-xyz789")
    r = tk("--verbose", "account")
    assert r.code == 3
    assert "refused" in r.err
    for secret in ("wrong-secret-abc123", "wrong-refresh-xyz789"):
        assert secret not in r.err and secret not in r.out


def test_bad_config_is_exit_2_naming_key_and_file(tk, tmp_path) -> None:  # type: ignore[no-untyped-def]
    cfg = tmp_path / "c.toml"
    cfg.write_text("max_retries = -4\n")
    r = tk("--config", str(cfg), "account")
    assert r.code == 2
    assert "'max_retries'" in r.err and str(cfg) in r.err
