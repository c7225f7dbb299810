"""By-type rows keyed by symbol, realistic marks (SOURCES.md facts §6), per-symbol metrics."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from urllib.parse import quote

from tests.sim.conformance.test_conformance import find_symbols

# Friday 2026-11-20 17:00 New York: the post-market is trading.
AFTER_CLOSE = datetime(2026, 11, 20, 22, 0, tzinfo=UTC)


def _rows(client, query: str) -> list[dict]:
    r = client.get(f"/market-data/by-type?{query}")
    assert r.status_code == 200, r.text
    return r.json()["data"]["items"]


def test_rows_answer_by_symbol_whatever_the_parameter(client) -> None:
    rows = _rows(client, "index=SPY&equity=SPX&future=AAPL&equity=QQQ&index=QQQ")
    by_symbol = {r["symbol"]: r for r in rows}
    assert len(rows) == len(by_symbol) == 4  # QQQ asked twice, answered once
    assert by_symbol["SPY"]["instrument-type"] == "Equity"  # asked as an index
    assert by_symbol["SPX"]["instrument-type"] == "Index"  # asked as an equity
    assert by_symbol["AAPL"]["instrument-type"] == "Equity"
    # not in the order asked: a client must key by symbol
    assert [r["symbol"] for r in rows] != ["SPY", "SPX", "AAPL", "QQQ"]


def test_marks_follow_the_instrument_type(client) -> None:
    syms = find_symbols(client)
    rows = {r["symbol"]: r for r in _rows(
        client, f"index=SPX&equity=SPY&future=/ESZ6&equity-option={quote(syms['spy_call'])}"
                f"&future-option={quote(syms['es_call'])}")}
    d = {s: {k: Decimal(v) for k, v in r.items() if k in ("bid", "ask", "mid", "mark", "last",
                                                          "theo-price")}
         for s, r in rows.items()}
    assert d["SPX"]["mark"] == d["SPX"]["mid"]  # index: the mid
    assert d["SPY"]["mark"] == d["SPY"]["mid"]  # a stock while the market is open
    assert d[syms["spy_call"]]["mark"] == d[syms["spy_call"]]["mid"]  # equity option: mid
    assert d["/ESZ6"]["mark"] == d["/ESZ6"]["last"]  # a future: its last trade
    fop = rows[syms["es_call"]]
    # a future option: the theoretical price, not the mid; no last, open or volume
    assert fop["mark"] == fop["theo-price"] == fop["dx-mark"]
    assert d[syms["es_call"]]["mark"] != d[syms["es_call"]]["mid"]
    assert fop["bid-size"] == fop["ask-size"] == "0.0"
    assert not {"last", "open", "volume", "day-high-price"} & set(fop)


def test_after_the_close_a_stock_marks_at_last_bid_or_ask(client, clock) -> None:
    clock.at = AFTER_CLOSE
    rows = _rows(client, "equity=SPY,QQQ,IWM,AAPL")
    off_mid = 0
    for r in rows:
        bid, ask, last, mark = (Decimal(r[k]) for k in ("bid", "ask", "last", "mark"))
        assert mark == min(max(last, bid), ask), r["symbol"]
        assert r["close"] == r["last-mkt"] and r["close-price-type"] == "Final"
        off_mid += mark != Decimal(r["mid"])
    assert off_mid >= 1  # the choice of mark is exercised, not hidden behind the mid
    assert any(r["last"] != r["close"] for r in rows)  # post-market trades moved the price


def test_one_symbol_endpoint_answers_the_by_type_row(client) -> None:
    (row,) = _rows(client, "equity=AAPL")
    one = client.get("/market-data/equity/AAPL")
    assert one.status_code == 200 and one.json()["data"] == row
    es_call = find_symbols(client)["es_call"]
    fop = client.get(f"/market-data/future-option/{quote(es_call, safe='')}").json()["data"]
    assert fop["symbol"] == es_call and fop["instrument-type"] == "Future Option"
    assert client.get("/market-data/equity/NOPE").status_code == 404


def test_metrics_differ_between_symbols_on_one_driver(client) -> None:
    items = client.get("/market-metrics?symbols=SPY,SPX,/ES,QQQ").json()["data"]["items"]
    assert len(items) == 4
    for key in ("implied-volatility-index-rank", "implied-volatility-percentile",
                "historical-volatility-30-day", "liquidity-value"):
        values = [i.get(key) for i in items]
        assert len(set(values)) == 4, (key, values)
