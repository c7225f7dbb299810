"""`chain` end to end: CLI → services → client → simulator over loopback."""

from __future__ import annotations

import json
import time
from datetime import date
from decimal import Decimal

import pytest

from tastyking.domain.calendar import is_monthly, market_today

ROW_KEYS = {"strike", "call", "put", "atm"}
QUOTE_KEYS = {"symbol", "bid", "ask", "mid", "iv", "delta", "gamma", "theta", "vega",
              "open_interest"}
TOP_KEYS = {"symbol", "underlying_symbol", "underlying_price", "expiration", "dte", "root",
            "multiplier", "rows", "marked", "missing"}






def test_spy_default_is_the_monthly_nearest_45_dte(tk, sim_server, use_sim) -> None:
    use_sim(sim_server)
    doc = tk("chain", "SPY", "--strikes", "10", "--json").decimal_json()
    assert set(doc) == TOP_KEYS
    exp = date.fromisoformat(doc["expiration"])
    assert is_monthly(exp)
    assert doc["dte"] == (exp - market_today()).days
    chain = sim_server.state.market.chain("SPY")
    monthlies = [e.expiration for e in chain.expiries
                 if is_monthly(e.expiration) and e.expiration >= market_today()]
    assert exp == min(monthlies, key=lambda d: (abs((d - market_today()).days - 45),
                                                -d.toordinal()))
    assert (doc["root"], doc["underlying_symbol"], doc["multiplier"]) == ("SPY", "SPY", 100)
    rows = doc["rows"]
    assert len(rows) == 10 and doc["missing"] == []
    assert [r["strike"] for r in rows] == sorted(r["strike"] for r in rows)
    for row in rows:
        assert set(row) == ROW_KEYS
        for side, kind in (("call", "C"), ("put", "P")):
            q = row[side]
            assert set(q) == QUOTE_KEYS
            assert q["symbol"].startswith("SPY   " + exp.strftime("%y%m%d") + kind)
            assert Decimal(q["symbol"][-8:]) / 1000 == row["strike"]
            assert q["bid"] <= q["mid"] <= q["ask"]
            assert all(q[k] is not None for k in QUOTE_KEYS)
        assert 0 < row["call"]["delta"] < 1 and -1 < row["put"]["delta"] < 0
    # The ATM row is the one whose strike is nearest the underlying price, and only it.
    price = doc["underlying_price"]
    atm = [r["strike"] for r in rows if r["atm"]]
    assert atm == [min((r["strike"] for r in rows), key=lambda k: abs(k - price))]
    assert doc["marked"] == {"call": None, "put": None}


def test_table_has_title_atm_strike_and_both_sides(tk, pinned_sim, use_sim) -> None:
    use_sim(pinned_sim)  # the JSON run and the table run must see the same SPY price
    doc = tk("chain", "SPY", "--strikes", "6", "--json").decimal_json()
    r = tk("chain", "SPY", "--strikes", "6")
    assert r.code == 0, r.err
    title = r.out.splitlines()[0]
    assert doc["expiration"] in title and f"({doc['dte']} DTE)" in title
    assert f"{doc['underlying_price']:.2f}" in title
    (atm,) = [row for row in doc["rows"] if row["atm"]]
    assert f"{atm['strike']} ATM" in r.out
    for header in ("C Bid", "C Delta", "Strike", "P Ask", "P IV"):  # in every width
        assert header in r.out


def test_spx_uses_the_pm_settled_spxw_root(tk, sim_server, use_sim) -> None:
    use_sim(sim_server)
    doc = tk("chain", "SPX", "--strikes", "6", "--json").decimal_json()
    assert doc["root"] == "SPXW" and doc["underlying_symbol"] == "SPX"
    assert all(r["call"]["symbol"].startswith("SPXW  ") for r in doc["rows"])
    assert all(r["put"]["symbol"].startswith("SPXW  ") for r in doc["rows"])
    am = tk("chain", "SPX", "--strikes", "2", "--root", "SPX",
                 "--expiration", doc["expiration"], "--json").decimal_json()
    assert am["root"] == "SPX" and am["rows"][0]["call"]["symbol"].startswith("SPX   ")


def test_es_reads_future_option_symbols_from_the_chain(tk, sim_server, use_sim) -> None:
    from tastyking.sim.market.symbols import future_option

    use_sim(sim_server)
    doc = tk("chain", "/ES", "--strikes", "6", "--json").decimal_json()
    assert doc["underlying_symbol"].startswith("/ES") and doc["multiplier"] == 50
    market = sim_server.state.market
    expiry = market.chain("ES").find(doc["root"], date.fromisoformat(doc["expiration"]))
    assert expiry is not None
    for row in doc["rows"]:
        for side, kind in (("call", "C"), ("put", "P")):
            listed = future_option("ES", expiry, kind, float(row["strike"])).symbol
            assert row[side]["symbol"] == listed and listed.startswith("./ES")
            assert row[side]["delta"] is not None and row[side]["open_interest"] is not None
    fut = market.snapshot(doc["underlying_symbol"])
    assert abs(float(doc["underlying_price"]) - (fut.bid + fut.ask) / 2) < 0.01


def test_dte_picks_the_nearest_listed_expiration(tk, sim_server, use_sim) -> None:
    use_sim(sim_server)
    today = market_today()
    listed = sorted({e.expiration for e in sim_server.state.market.chain("SPY").expiries
                     if e.expiration >= today})
    want = min(listed, key=lambda d: (abs((d - today).days - 10), -d.toordinal()))
    doc = tk("chain", "SPY", "--dte", "10", "--strikes", "2", "--json").decimal_json()
    assert doc["expiration"] == want.isoformat()
    doc = tk("chain", "SPY", "--expiration", listed[-1].isoformat(), "--strikes", "2",
                  "--json").decimal_json()
    assert doc["expiration"] == listed[-1].isoformat()


def test_delta_marks_the_nearest_absolute_model_delta(tk, pinned_sim, use_sim) -> None:
    from tastyking.sim.market.symbols import equity_option

    use_sim(pinned_sim)
    doc = tk("chain", "SPY", "--strikes", "10", "--delta", "0.16", "--json").decimal_json()
    market = pinned_sim.state.market
    chain = market.chain("SPY")
    expiry = next(e for e in chain.expiries if e.root == "SPY"
                  and e.expiration.isoformat() == doc["expiration"])
    model = {q["symbol"]: market.snapshot(q["symbol"]).delta
             for r in doc["rows"] for q in (r["call"], r["put"])}
    for r in doc["rows"]:  # the values shown are the model's
        for q in (r["call"], r["put"]):
            assert abs(float(q["delta"]) - model[q["symbol"]]) < 1e-8
    # The nearest over the whole expiration, not only the 10 strikes around the money.
    every = {(kind, k): market.snapshot(equity_option("SPY", expiry, kind, k).symbol).delta
             for kind in "CP" for k in expiry.strikes}
    call = min(expiry.strikes, key=lambda k: abs(abs(every["C", k]) - 0.16))
    put = min(expiry.strikes, key=lambda k: abs(abs(every["P", k]) - 0.16))
    assert doc["marked"] == {"call": Decimal(str(call)), "put": Decimal(str(put))}
    assert abs(every["P", put] - -0.16) < 0.02 and abs(every["C", call] - 0.16) < 0.02
    strikes = [r["strike"] for r in doc["rows"]]
    assert len(strikes) == 12 and strikes[0] == Decimal(str(put)) == min(strikes)
    assert strikes[-1] == Decimal(str(call))
    table = tk("chain", "SPY", "--strikes", "10", "--delta", "0.16")
    assert f"nearest 0.16 delta (call {call:g}, put {put:g})" in table.out
    assert "its row is added" in table.err


def test_stream_source_gives_the_same_values(tk, pinned_sim, use_sim) -> None:
    use_sim(pinned_sim)
    rest = tk("chain", "SPY", "--strikes", "8", "--json").decimal_json()
    stream = tk("chain", "SPY", "--strikes", "8", "--json", "--source", "stream").decimal_json()
    assert stream["missing"] == [] and len(stream["rows"]) == 8
    for a, b in zip(rest["rows"], stream["rows"], strict=True):
        assert a["strike"] == b["strike"] and a["atm"] == b["atm"]
        for side in ("call", "put"):
            x, y = a[side], b[side]
            assert (x["symbol"], x["bid"], x["ask"], x["open_interest"]) == (
                y["symbol"], y["bid"], y["ask"], y["open_interest"])
            for k in ("iv", "delta", "gamma", "theta", "vega"):
                assert abs(x[k] - y[k]) < Decimal("1e-8"), (k, x[k], y[k])


@pytest.mark.parametrize(("args", "message"), [
    (["NOPE"], "unknown symbol NOPE"),
    (["/ZZ"], "unknown futures product /ZZ"),
    (["SPY", "--expiration", "2099-12-19"], "no expiration listed on 2099-12-19"),
    (["SPY", "--expiration", "2020-01-17"], "2020-01-17 is in the past"),
    (["SPY", "--expiration", "17/01/2030"], "--expiration must be a date YYYY-MM-DD"),
    (["SPY", "--strikes", "0"], "--strikes must be at least 1"),
    (["SPY", "--delta", "0"], "--delta must be between 0 and 1"),
    (["SPY", "--delta", "1"], "--delta must be between 0 and 1"),
    (["SPY", "--delta", "1.5"], "--delta must be between 0 and 1"),
    (["SPY", "--delta", "-0.16"], "--delta must be between 0 and 1"),
    (["SPY", "--delta", "abc"], "--delta must be a number"),
    (["SPY", "--dte", "-3"], "--dte must be 0 or more"),
    (["SPY", "--dte", "30", "--expiration", "2030-01-18"], "not both"),
])
def test_bad_input_is_one_clear_line_and_exit_2(tk, sim_server, use_sim, args, message) -> None:
    use_sim(sim_server)
    r = tk("chain", *args)
    assert r.code == 2, (r.code, r.err)
    assert message in r.err and r.err.count("\n") == 1
    assert "Traceback" not in r.err and r.out == ""


def test_by_type_without_greeks_falls_back_to_the_stream(
    tk, fresh_sim, use_sim, by_type_without_greeks
) -> None:
    use_sim(fresh_sim)
    doc = tk("chain", "SPY", "--strikes", "4", "--json").decimal_json()
    assert doc["missing"] == []
    market = fresh_sim.state.market
    for row in doc["rows"]:
        for side in ("call", "put"):
            q = row[side]
            assert q["delta"] is not None and q["iv"] is not None
            assert abs(float(q["delta"]) - market.snapshot(q["symbol"]).delta) < 0.02


def test_an_option_with_no_data_anywhere_is_listed_missing_without_a_hang(
    tk, fresh_sim, use_sim, monkeypatch
) -> None:
    use_sim(fresh_sim)
    monkeypatch.setenv("TASTYKING_STREAM_TIMEOUT", "1")
    first = tk("chain", "SPY", "--strikes", "4", "--json").decimal_json()
    (atm,) = [r for r in first["rows"] if r["atm"]]
    gone = atm["call"]["symbol"]
    market = fresh_sim.state.market
    streamer = market.snapshot(gone).streamer_symbol
    real = market._snapshot
    monkeypatch.setattr(market, "_snapshot",
                        lambda s, tick: None if s in (gone, streamer) else real(s, tick))
    started = time.monotonic()
    r = tk("chain", "SPY", "--strikes", "4", "--json",
           "--expiration", first["expiration"])
    assert time.monotonic() - started < 5
    assert r.code == 6, r.err  # partial: the stream delivered nothing for a leg shown
    doc = json.loads(r.out, parse_float=Decimal)
    assert doc["missing"] == [gone] and gone in r.err
    (row,) = [row for row in doc["rows"] if row["atm"]]
    assert row["call"]["symbol"] == gone
    assert all(row["call"][k] is None for k in QUOTE_KEYS - {"symbol"})
    assert row["put"]["delta"] is not None
    table = tk("chain", "SPY", "--strikes", "4", "--expiration", first["expiration"])
    assert table.code == 6 and "—" in table.out and "no data for 1 symbol(s)" in table.out
