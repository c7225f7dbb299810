"""`greeks` end to end: CLI → services → client → simulator over loopback."""

from __future__ import annotations

import signal
from decimal import Decimal

from tests.cli.terminal import WatchRun

POSITION_KEYS = {"account_number", "symbol", "underlying", "underlying_contract",
                 "instrument_type", "quantity",
                 "multiplier", "delta", "gamma", "theta", "vega", "rho", "beta", "beta_source",
                 "underlying_price", "beta_weighted_delta", "per_contract"}
GREEKS = ("delta", "gamma", "theta", "vega", "rho")






def test_positions_are_per_contract_times_quantity_times_multiplier(
    tk, sim_server, use_sim
) -> None:
    use_sim(sim_server)
    doc = tk("greeks", "--json").decimal_json()
    assert set(doc) == {"account", "spy_price", "positions", "totals", "underlyings", "alerts",
                        "missing"}
    assert doc["account"] is None and doc["missing"] == []  # both demo accounts
    rows = doc["positions"]
    kinds = {r["instrument_type"] for r in rows}
    assert kinds == {"Equity", "Equity Option", "Future", "Future Option"}
    for r in rows:
        assert set(r) == POSITION_KEYS
        pc, size = r["per_contract"], Decimal(r["quantity"]) * Decimal(r["multiplier"])
        for g in GREEKS:
            assert Decimal(r[g]) == Decimal(pc[g]) * size, (r["symbol"], g)
        if r["instrument_type"] in ("Equity", "Future"):  # delta only
            assert pc["delta"] == 1 and all(pc[g] == 0 for g in GREEKS[1:])
    fops = [r for r in rows if r["instrument_type"] == "Future Option"]
    # /ES and the micro /MES (fixed-width symbols with no space) group under their products
    for root, multiplier in (("/ES", 50), ("/MES", 5)):
        legs = [r for r in fops if r["underlying"] == root]
        assert len(legs) == 2 and all(r["multiplier"] == multiplier for r in legs), root
        assert all(r["beta_weighted_delta"] is not None for r in legs), root
    assert len(fops) == 4
    mcl = next(r for r in rows if r["instrument_type"] == "Future")
    assert mcl["delta"] == mcl["quantity"] * mcl["multiplier"]
    # Dollar Greeks add up over the portfolio; its delta is the beta-weighted one, since
    # raw deltas (SPY shares, /ES points, MCL barrels) are only summed per underlying.
    for g in ("theta", "vega", "rho", "beta_weighted_delta"):
        assert Decimal(doc["totals"][g]) == sum(Decimal(r[g]) for r in rows), g
    assert doc["totals"]["delta"] == doc["totals"]["beta_weighted_delta"]
    assert "gamma" not in doc["totals"]
    groups = {(u["account_number"], u["underlying"]): u for u in doc["underlyings"]}
    assert set(groups) == {(r["account_number"], r["underlying"]) for r in rows}
    for (account, underlying), u in groups.items():
        mine = [r for r in rows if (r["account_number"], r["underlying"]) == (account, underlying)]
        for g in (*GREEKS, "beta_weighted_delta"):
            assert u[g] == sum(Decimal(r[g]) for r in mine), (underlying, g)


def test_per_contract_values_are_the_models(tk, pinned_sim, use_sim) -> None:
    use_sim(pinned_sim)
    doc = tk("--account", "5WT00001", "greeks", "--json").decimal_json()
    assert doc["account"] == "5WT00001"
    assert {r["account_number"] for r in doc["positions"]} == {"5WT00001"}
    market = pinned_sim.state.market
    options = [r for r in doc["positions"] if r["instrument_type"].endswith("Option")]
    assert len(options) >= 8
    for r in options:
        snap = market.snapshot(r["symbol"])
        for g in GREEKS:
            assert abs(float(r["per_contract"][g]) - getattr(snap, g)) < 1e-8, (r["symbol"], g)
        assert abs(float(r["per_contract"]["iv"]) - snap.volatility) < 1e-8


def test_beta_weighting_uses_metrics_beta_and_prices(tk, pinned_sim, use_sim) -> None:
    from tastyking.sim.market.metrics import metrics_item

    use_sim(pinned_sim)
    doc = tk("greeks", "--json").decimal_json()
    market = pinned_sim.state.market
    spy = market.snapshot("SPY")
    # SPY is priced at its mark: after the close that is the last trade held inside
    # the quote, not the mid (SOURCES.md facts §6)
    assert doc["spy_price"] == Decimal(str(round(spy.marked, 4)))
    for r in doc["positions"]:
        key = r["underlying"]
        assert r["beta_source"] == "metrics"
        metrics = metrics_item(market, key)
        assert metrics is not None and r["beta"] == Decimal(metrics["beta"]), r["symbol"]
        expected = (Decimal(r["delta"]) * r["beta"] * r["underlying_price"]
                    / doc["spy_price"]).quantize(Decimal("0.0001"))
        assert r["beta_weighted_delta"] == expected, r["symbol"]
    # SPY itself: beta-weighting 50 SPY shares against SPY gives 50 × beta.
    spy_row = next(r for r in doc["positions"] if r["symbol"] == "SPY")
    want = (50 * Decimal(spy_row["beta"])).quantize(Decimal("0.0001"))
    assert spy_row["beta_weighted_delta"] == want


def test_table_shows_positions_totals_and_alert_line(tk, sim_server, use_sim) -> None:
    use_sim(sim_server)
    r = tk("--account", "5WT00002", "greeks")
    assert r.code == 0, r.err
    assert "Greeks · account 5WT00002" in r.out and "Theta $/day" in r.out
    assert "Total" in r.out and "BW delta" in r.out and "No alerts." in r.out
    assert "5WT00001" not in r.out


def test_alerts_trigger_with_low_thresholds_from_env(tk, sim_server, use_sim, monkeypatch) -> None:
    use_sim(sim_server)
    quiet = tk("greeks", "--json").decimal_json()
    assert quiet["alerts"] == []  # the demo portfolio is inside the default limits
    monkeypatch.setenv("TASTYKING_ALERT_DELTA", "1")
    monkeypatch.setenv("TASTYKING_ALERT_VEGA", "1")
    monkeypatch.setenv("TASTYKING_ALERT_THETA", "-0.01")
    doc = tk("greeks", "--json").decimal_json()
    t = doc["totals"]
    want = [name for name, hit in (("DELTA_RISK", abs(t["delta"]) > 1),
                                   ("THETA_BURN", t["theta"] < Decimal("-0.01")),
                                   ("VEGA_RISK", abs(t["vega"]) > 1)) if hit]
    assert "DELTA_RISK" in want and "VEGA_RISK" in want
    assert [a["type"] for a in doc["alerts"]] == want
    delta_alert = doc["alerts"][0]
    assert delta_alert["priority"] == "HIGH" and delta_alert["threshold"] == 1
    table = tk("greeks")
    assert "DELTA_RISK" in table.out and "VEGA_RISK" in table.out


def test_watch_refuses_without_a_terminal(tk, sim_server, use_sim) -> None:
    use_sim(sim_server)
    r = tk("greeks", "--watch")
    assert r.code == 2 and "--watch needs a terminal" in r.err and r.out == ""
    assert r.err.count("\n") == 1


def test_watch_runs_live_in_a_terminal_and_ctrl_c_exits_0(sim_server) -> None:
    with WatchRun(sim_server) as run:
        assert run.read_until(b"Ctrl-C to stop", 20), run.seen[-2000:]
        assert b"Total" in run.seen and b"/ES" in run.seen
        # A second frame: the stream's updates redraw the table.
        assert run.read_until(b"Ctrl-C to stop", 5, times=2), run.seen[-2000:]
        code = run.end_with([signal.SIGINT])
    seen = run.seen
    assert code == 0, seen[-2000:]
    assert b"\x1b[?25h" in seen  # Live showed the cursor again: the terminal is restored
    assert b"Traceback" not in seen and b"error" not in seen


def test_by_type_without_greeks_falls_back_to_the_stream(
    tk, fresh_sim, use_sim, by_type_without_greeks
) -> None:
    use_sim(fresh_sim)
    doc = tk("--account", "5WT00001", "greeks", "--json").decimal_json()
    assert doc["missing"] == []
    market = fresh_sim.state.market
    options = [r for r in doc["positions"] if r["instrument_type"].endswith("Option")]
    assert {r["instrument_type"] for r in options} == {"Equity Option", "Future Option"}
    for r in options:  # streamed values (live ticks move them a little)
        assert abs(float(r["per_contract"]["delta"]) - market.snapshot(r["symbol"]).delta) < 0.02


def test_greeks_without_market_metrics_are_partial_exit_6(tk, fresh_sim, use_sim,  # type: ignore[no-untyped-def]
                                                          monkeypatch) -> None:
    import httpx

    use_sim(fresh_sim)
    # the 500s are retried as always, without the default 0.5-8 s backoff between tries
    monkeypatch.setenv("TASTYKING_BACKOFF_BASE", "0.01")
    monkeypatch.setenv("TASTYKING_BACKOFF_MAX", "0.02")
    httpx.post(f"{fresh_sim.base_url}/_sim/faults",
               json=[{"path": "/market-metrics", "status": 500, "count": 0}]).raise_for_status()
    r = tk("--account", "5WT00002", "greeks", "--json")
    assert r.code == 6, r.err
    doc = r.json()
    assert all(p["beta"] is None and p["beta_weighted_delta"] is None for p in doc["positions"])
    assert all(p["delta"] is not None for p in doc["positions"])  # the Greeks are shown
    assert "SPY" in doc["missing"] and doc["totals"]["delta"] is None
    assert doc["totals"]["theta"] is not None
    table = tk("--account", "5WT00002", "greeks")
    assert table.code == 6 and "Theta $/day" in table.out
