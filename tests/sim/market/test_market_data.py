"""Market data by type, option Greeks against bs_greeks, metrics, determinism."""

from __future__ import annotations

import math
from datetime import datetime

from tastyking.domain.pricing import bs_greeks
from tastyking.sim.market.model import Market
from tests.sim.conftest import NOON_FRIDAY


def _pair(client, days: int) -> tuple[dict, str]:
    (item,) = client.get("/option-chains/SPY/nested").json()["data"]["items"]
    exp = min(item["expirations"], key=lambda e: abs(e["days-to-expiration"] - days))
    strikes = exp["strikes"]
    return strikes[len(strikes) // 2], exp["expiration-date"]


def test_by_type_mixed_params_and_unknowns(client) -> None:
    r = client.get("/market-data/by-type?equity=SPY,AAPL&equity=IWM&index=SPX&index=VIX"
                   "&equity=NOPE&future=/ESZ6")
    items = {i["symbol"]: i for i in r.json()["data"]["items"]}
    assert set(items) == {"SPY", "AAPL", "IWM", "SPX", "VIX", "/ESZ6"}
    spx = items["SPX"]
    assert spx["instrument-type"] == "Index" and spx["bid-size"] == spx["ask-size"] == "0.0"
    spy = items["SPY"]
    for key in ("bid", "ask", "mid", "mark", "last", "prev-close", "day-high-price", "volume"):
        assert isinstance(spy[key], str), key
    assert 400 < float(spy["last"]) < 800 and float(spy["bid"]) < float(spy["ask"])
    assert 3000 < float(items["SPX"]["last"]) < 9000 and 8 < float(items["VIX"]["last"]) < 60
    # rows are keyed by symbol whatever the parameter (index=SPY answers the Equity row)
    (vix,) = client.get("/market-data/by-type?equity=VIX").json()["data"]["items"]
    assert vix["symbol"] == "VIX" and vix["instrument-type"] == "Index"


def test_by_type_limit_is_100_symbols(client) -> None:
    many = ",".join(["SPY"] * 60)
    r = client.get(f"/market-data/by-type?equity={many}&index={many}")
    assert r.status_code == 400 and "error" in r.json()
    assert client.get(f"/market-data/by-type?equity={many}").status_code == 200


def test_option_greeks_match_black_scholes_and_parity(client) -> None:
    strike, expiration = _pair(client, 45)
    r = client.get("/market-data/by-type", params=[("equity-option", strike["call"]),
                                                   ("equity-option", strike["put"])])
    call, put = r.json()["data"]["items"]
    assert call["instrument-type"] == "Equity Option" and isinstance(call["open-interest"], int)
    m = Market(0, clock=lambda: NOON_FRIDAY)
    exp = datetime.fromisoformat(
        client.get(f"/instruments/equity-options/{strike['call']}").json()["data"]["expires-at"])
    t = (exp - NOON_FRIDAY).total_seconds() / (365 * 86400)
    under = m.snapshot(call["symbol"])
    assert under is not None and under.underlying_price is not None
    s, k = under.underlying_price, float(strike["strike-price"])
    q = m.dividend_yield("SPY")
    for row, kind in ((call, "C"), (put, "P")):
        g = bs_greeks(kind, s, k, t, float(row["volatility"]), m.rate, q)
        for name in ("delta", "gamma", "theta", "vega", "rho"):
            assert math.isclose(float(row[name]), getattr(g, name), rel_tol=1e-6,
                                abs_tol=1e-9), name
        assert math.isclose(float(row["theo-price"]), g.price, rel_tol=1e-6)
        assert float(row["bid"]) <= g.price <= float(row["ask"])
    parity = s * math.exp(-q * t) - k * math.exp(-m.rate * t)
    assert math.isclose(float(call["theo-price"]) - float(put["theo-price"]), parity,
                        abs_tol=1e-3)


def test_futures_option_quotes(client) -> None:
    data = client.get("/futures-option-chains/ES/nested").json()["data"]
    exp = data["option-chains"][0]["expirations"][3]
    s = exp["strikes"][len(exp["strikes"]) // 2]
    r = client.get("/market-data/by-type", params={"future-option": s["call"]})
    (item,) = r.json()["data"]["items"]
    assert item["instrument-type"] == "Future Option" and 0 < float(item["delta"]) < 1
    assert float(item["tick-size"]) in (0.05, 0.25)


def test_market_metrics_units(client) -> None:
    items = client.get("/market-metrics?symbols=SPY,AAPL,/ES,NOPE").json()["data"]["items"]
    by = {i["symbol"]: i for i in items}
    assert set(by) == {"SPY", "AAPL", "/ES"}
    spy = by["SPY"]
    assert 0.05 < float(spy["implied-volatility-index"]) < 0.8
    assert 0 <= float(spy["tw-implied-volatility-index-rank"]) <= 1
    assert 0 <= float(spy["implied-volatility-percentile"]) <= 1
    assert 5 < float(spy["implied-volatility-30-day"]) < 80
    assert 3 < float(spy["historical-volatility-30-day"]) < 80
    assert math.isclose(float(spy["beta"]), 1.0, abs_tol=0.05)
    assert isinstance(spy["market-cap"], int) and isinstance(spy["liquidity-rating"], int)
    assert spy["option-expiration-implied-volatilities"]
    assert float(by["AAPL"]["beta"]) > 0.7 and "earnings" in by["AAPL"]


def test_same_seed_and_clock_give_identical_snapshots() -> None:
    a, b = Market(7, lambda: NOON_FRIDAY), Market(7, lambda: NOON_FRIDAY)
    chain = a.chain("SPY")
    assert chain is not None
    e = chain.expiries[5]
    spec = a.option_spec(f"SPY   {e.expiration:%y%m%d}P{int(e.strikes[10] * 1000):08d}")
    assert spec is not None
    fut = a.contracts("ES")[0].symbol
    for sym in ("SPY", "SPX", "VIX", "AAPL", fut, spec.symbol):
        assert a.snapshot(sym) == b.snapshot(sym), sym
    assert a.daily_bars("SPY", 300) == b.daily_bars("SPY", 300)
    assert len(a.daily_bars("SPY", 300)) == 300
    assert a.live("SPY", 0) == a.snapshot("SPY") and a.live("SPY", 3) != a.snapshot("SPY")
    other = Market(8, lambda: NOON_FRIDAY)
    assert other.snapshot("SPY") != a.snapshot("SPY")


def test_daily_bars_are_consistent_ohlc() -> None:
    m = Market(0, lambda: NOON_FRIDAY)
    bars = m.daily_bars("AAPL", 30)
    assert all(b.low <= min(b.open, b.close) <= max(b.open, b.close) <= b.high for b in bars)
    assert bars == sorted(bars, key=lambda b: b.time_ms)
    snap = m.snapshot("AAPL")
    assert snap is not None and math.isclose(bars[-1].close, snap.last, abs_tol=0.01)
    minutes = m.intraday_bars("AAPL", 5, 12)
    assert len(minutes) == 12 and minutes[-1].time_ms > minutes[0].time_ms
