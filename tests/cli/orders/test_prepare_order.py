"""`prepare-order` end to end: CLI → services → client → simulator over loopback.

Every test here also checks (autouse) that the simulator saw dry-runs only: no request
to an orders path other than POST .../orders/dry-run, and no refused submission.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tastyking.domain.calendar import market_today

OCC = re.compile(r"^[A-Z]{1,6} *\d{6}[CP]\d{8}$")
D = Decimal


def doc_of(text: str) -> dict[str, Any]:
    return json.loads(text, parse_float=Decimal, parse_int=Decimal)




@pytest.fixture
def sim(pinned_sim, use_sim):
    use_sim(pinned_sim)
    return pinned_sim


@pytest.fixture(autouse=True)
def dry_runs_only(request: pytest.FixtureRequest):
    """After each test: the simulator saw no order request but dry-runs."""
    if "sim" not in request.fixturenames:
        yield
        return
    server = request.getfixturevalue("pinned_sim")
    start = len(server.state.journal)
    yield
    orders = [e for e in server.state.journal[start:] if "/orders" in e["path"]]
    assert all(e["method"] == "POST" and e["path"].endswith("/orders/dry-run")
               for e in orders), orders
    assert server.state.submissions == []


def prepare(tk, *args: str) -> dict[str, Any]:
    r = tk("prepare-order", *args, "--json")
    assert r.code == 0, r.err
    doc = doc_of(r.out)
    assert doc["status"] == "PREPARED_NOT_SUBMITTED"
    assert doc["broker_validated"] is True and doc["dry_run"] == "accepted"
    return doc


def by_api(server, work):
    """Run `work(api)` through the real client against the simulator."""
    from tastyking.api.client import ApiClient
    from tastyking.config import load_settings
    from tastyking.credentials import Credentials

    async def go():
        settings = load_settings(api_url=server.base_url)
        creds = Credentials("demo-secret", "demo-refresh")
        async with ApiClient(server.base_url, settings, creds) as api:
            return await work(api)

    return asyncio.run(go())


def listed_deltas(server, underlying: str, day: date, root: str, kind: str):
    """{strike: |delta|} of every listed option of `kind` on `day`, from by-type."""
    from tastyking.api import endpoints
    from tastyking.services.chains.listing import load_chain
    from tastyking.services.orders.select import candidates

    async def work(api):
        chain = await load_chain(api, underlying)
        exp = chain.at(day, root)
        quotes = await endpoints.market_data(api, candidates(exp, {kind}))
        out = {}
        for s in exp.strikes:
            sym = s.put if kind == "P" else s.call
            delta = quotes[sym].delta if sym in quotes else None
            if delta is not None:
                out[s.strike] = (sym, abs(delta))
        return chain, exp, out

    return by_api(server, work)


def legs_of(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return doc["review"]["legs"]


def root_of(symbol: str) -> str:
    return symbol[:6].strip()


# ----- the examples -----------------------------------------------------------


def test_strangle_spy_45_dte_16_delta(tk, sim) -> None:
    doc = prepare(tk, "strangle", "SPY", "--dte", "45", "--delta", "0.16")
    order = doc["order"]
    assert order["order-type"] == "Limit" and order["time-in-force"] == "Day"
    assert order["price-effect"] == "Credit" and D(order["price"]) > 0
    assert isinstance(order["price"], str)
    assert [(leg["action"], leg["instrument-type"], leg["quantity"]) for leg in order["legs"]] \
        == [("Sell to Open", "Equity Option", 1)] * 2
    assert all(OCC.match(leg["symbol"]) for leg in order["legs"])
    put, call = legs_of(doc)
    assert (put["option_type"], call["option_type"]) == ("P", "C")
    day = date.fromisoformat(doc["expiration"])
    # the nearest listed expiration to 45 DTE; the strikes nearest 0.16 |delta|
    for leg in (put, call):
        chain, exp, deltas = listed_deltas(sim, "SPY", day, root_of(leg["symbol"]),
                                           leg["option_type"])
        best = min(deltas, key=lambda k: abs(deltas[k][1] - D("0.16")))
        assert D(leg["strike"]) == best
        assert deltas[best][0] == leg["symbol"]  # the chain's own symbol
        assert abs(abs(D(leg["delta"])) - D("0.16")) < D("0.03")
    today = market_today()
    gaps = [abs((d - today).days - 45) for d in chain.dates() if d >= today]
    assert abs((day - today).days - 45) == min(gaps)


def test_iron_condor_spy_112_dte_wings_and_hand_worked_pnl(tk, sim) -> None:
    doc = prepare(tk, "iron-condor", "SPY", "--dte", "112", "--delta", "0.10", "--width", "5",
                  "--price", "1.50", "--quantity", "2")
    sp, lp, sc, lc = legs_of(doc)
    assert [leg["action"] for leg in (sp, lp, sc, lc)] == \
        ["Sell to Open", "Buy to Open", "Sell to Open", "Buy to Open"]
    assert [leg["option_type"] for leg in (sp, lp, sc, lc)] == ["P", "P", "C", "C"]
    assert D(lp["strike"]) == D(sp["strike"]) - 5 and D(lc["strike"]) == D(sc["strike"]) + 5
    assert all(leg["quantity"] == 2 for leg in (sp, lp, sc, lc))
    r = doc["review"]
    # credit 1.50 × 100 × 2 = 300; risk (5 − 1.50) × 100 × 2 = 700
    assert r["max_profit"] == 300 and r["max_loss"] == 700
    assert r["breakevens"] == [D(sp["strike"]) - D("1.5"), D(sc["strike"]) + D("1.5")]
    assert doc["order"]["price"] == "1.5" and doc["order"]["price-effect"] == "Credit"
    for leg in (sp, sc):
        _, _, deltas = listed_deltas(sim, "SPY", date.fromisoformat(doc["expiration"]),
                                     root_of(leg["symbol"]), leg["option_type"])
        assert D(leg["strike"]) == min(deltas, key=lambda k: abs(deltas[k][1] - D("0.10")))


def test_spx_zero_dte_put_vertical_default_price_on_tick(tk, sim) -> None:
    doc = prepare(tk, "vertical", "SPX", "--type", "put", "--dte", "0", "--delta", "0.10",
                  "--width", "10")
    short, long_ = legs_of(doc)
    assert short["action"] == "Sell to Open" and long_["action"] == "Buy to Open"
    assert D(long_["strike"]) == D(short["strike"]) - 10
    assert root_of(short["symbol"]) == "SPXW"  # the PM-settled daily root
    day = date.fromisoformat(doc["expiration"])
    chain, exp, deltas = listed_deltas(sim, "SPX", day, "SPXW", "P")
    today = market_today()
    assert day == min((d for d in chain.dates() if d >= today), key=lambda d: (d - today).days)
    assert D(short["strike"]) == min(deltas, key=lambda k: abs(deltas[k][1] - D("0.10")))
    r = doc["review"]
    mid = D(short["mid"]) - D(long_["mid"])
    assert r["net_mid"] == mid
    # the net mid rounded to SPX's tick (0.05 below 3.00)
    price = D(doc["order"]["price"])
    assert price == (mid / D("0.05")).quantize(D(1), rounding="ROUND_HALF_UP") * D("0.05")
    assert doc["order"]["price-effect"] == "Credit"
    assert r["max_profit"] == price * 100
    assert r["max_loss"] == (10 - price) * 100
    assert r["breakevens"] == [D(short["strike"]) - price]


def test_es_strangle_90_dte_uses_chain_symbols_and_future_multiplier(tk, sim) -> None:
    doc = prepare(tk, "strangle", "/ES", "--dte", "90", "--delta", "0.05", "--price", "20")
    put, call = legs_of(doc)
    assert all(leg["instrument_type"] == "Future Option" and leg["symbol"].startswith("./ES")
               for leg in (put, call))
    assert [leg["instrument-type"] for leg in doc["order"]["legs"]] == ["Future Option"] * 2
    day = date.fromisoformat(doc["expiration"])
    for leg in (put, call):
        _, exp, deltas = listed_deltas(sim, "/ES", day, leg["symbol"].split()[1][:-2],
                                       leg["option_type"])
        best = min(deltas, key=lambda k: abs(deltas[k][1] - D("0.05")))
        assert D(leg["strike"]) == best and deltas[best][0] == leg["symbol"]
    r = doc["review"]
    assert r["multiplier"] == 50
    # 20.00 credit × 50 = 1,000; unlimited risk; breakevens 20 points outside the strikes
    assert r["max_profit"] == 1000 and r["max_loss"] == "unlimited"
    assert r["breakevens"] == [D(put["strike"]) - 20, D(call["strike"]) + 20]


# ----- the other strategies, on equity and futures options ---------------------------


def test_single_long_call_and_short_future_put(tk, sim) -> None:
    doc = prepare(tk, "single", "SPY", "--type", "call", "--side", "buy", "--delta", "0.30",
                  "--price", "2.00")
    (leg,) = legs_of(doc)
    assert leg["action"] == "Buy to Open" and doc["order"]["price-effect"] == "Debit"
    r = doc["review"]
    assert r["max_profit"] == "unlimited" and r["max_loss"] == 200
    assert r["breakevens"] == [D(leg["strike"]) + 2]

    doc = prepare(tk, "single", "/ES", "--type", "put", "--side", "sell", "--delta", "0.20",
                  "--price", "30")
    (leg,) = legs_of(doc)
    assert leg["action"] == "Sell to Open" and leg["instrument_type"] == "Future Option"
    r = doc["review"]
    assert r["max_profit"] == 1500 and r["max_loss"] == (D(leg["strike"]) - 30) * 50


def test_debit_call_vertical_buys_the_near_strike(tk, sim) -> None:
    doc = prepare(tk, "vertical", "SPY", "--type", "call", "--side", "buy", "--delta", "0.50",
                  "--width", "5", "--price", "2.40")
    long_, short = legs_of(doc)
    assert (long_["action"], short["action"]) == ("Buy to Open", "Sell to Open")
    assert D(short["strike"]) == D(long_["strike"]) + 5
    r = doc["review"]
    assert doc["order"]["price-effect"] == "Debit"
    assert r["max_profit"] == 260 and r["max_loss"] == 240
    assert r["breakevens"] == [D(long_["strike"]) + D("2.4")]


def test_futures_put_vertical(tk, sim) -> None:
    doc = prepare(tk, "vertical", "/ES", "--type", "put", "--delta", "0.20", "--width", "50",
                  "--price", "7.50")
    short, long_ = legs_of(doc)
    assert D(long_["strike"]) == D(short["strike"]) - 50
    r = doc["review"]
    assert r["max_profit"] == 375 and r["max_loss"] == (50 - D("7.5")) * 50


@pytest.mark.parametrize(("underlying", "kind", "width", "price", "mult"), [
    ("SPY", "put", "5", "1.00", 100),
    ("/ES", "call", "25", "2.00", 50),
])
def test_long_butterfly(tk, sim, underlying, kind, width, price, mult) -> None:
    doc = prepare(tk, "butterfly", underlying, "--type", kind, "--delta", "0.35",
                  "--width", width, "--price", price)
    low, mid, high = legs_of(doc)
    w, p = D(width), D(price)
    assert [leg["action"] for leg in (low, mid, high)] == \
        ["Buy to Open", "Sell to Open", "Buy to Open"]
    assert [leg["quantity"] for leg in (low, mid, high)] == [1, 2, 1]
    assert D(mid["strike"]) - D(low["strike"]) == w == D(high["strike"]) - D(mid["strike"])
    r = doc["review"]
    # a debit of p: risk p, best case (w − p) at the body
    assert r["max_loss"] == p * mult and r["max_profit"] == (w - p) * mult
    assert r["breakevens"] == [D(low["strike"]) + p, D(high["strike"]) - p]


def test_custom_legs_from_flags_and_file(tk, sim, tmp_path: Path) -> None:
    base = prepare(tk, "single", "SPY", "--type", "put", "--side", "sell", "--delta", "0.25",
                   "--dte", "30")
    k = D(legs_of(base)[0]["strike"])
    doc = prepare(tk, "custom", "SPY", "--dte", "30", "--leg", f"STO 2 P {k}",
                  "--leg", f"BTO 2 P {k - 5}", "--price", "1.00")
    short, long_ = legs_of(doc)
    assert (short["quantity"], long_["quantity"]) == (2, 2)
    assert short["symbol"] == legs_of(base)[0]["symbol"]
    r = doc["review"]
    # two 1:1 spreads at 1.00 credit each: 200 max profit, 800 max loss
    assert r["quantity"] == 2 and r["max_profit"] == 200 and r["max_loss"] == 800

    es = prepare(tk, "single", "/ES", "--type", "put", "--side", "sell", "--delta", "0.20",
                 "--dte", "45")
    ek = D(legs_of(es)[0]["strike"])
    legs = tmp_path / "legs.json"
    legs.write_text(json.dumps([{"action": "STO", "quantity": 1, "type": "P", "strike": str(ek)},
                                f"BTO 1 P {ek - 50}"]))
    doc = prepare(tk, "custom", "/ES", "--dte", "45", "--legs-file", str(legs))
    assert [leg["symbol"] for leg in legs_of(doc)][0] == legs_of(es)[0]["symbol"]
    assert doc["order"]["price-effect"] == "Credit"  # from the quotes' net mid


def test_review_shows_buying_power_fees_and_bp_used(tk, sim) -> None:
    doc = prepare(tk, "strangle", "SPY", "--dte", "45", "--delta", "0.16")
    r = doc["review"]
    bp = r["buying_power_effect"]
    assert bp["change"] < 0 and bp["margin_requirement"] > 0
    assert r["fees"]["total"] > 0
    acct = doc_of(tk("--account", doc["account"], "account", "--json").out)
    (a,) = acct["accounts"]
    nl, dbp = a["net_liquidating_value"], a["derivative_buying_power"]
    assert r["net_liquidating_value"] == nl
    assert r["bp_used_pct_after"] == ((1 - (dbp + bp["change"]) / nl) * 100).quantize(D("0.01"))
    assert r["bp_used_pct_after"] > r["bp_used_pct_before"] == a["buying_power_used_pct"]
    assert r["errors"] == [] and r["missing"] == []


def test_table_review(tk, sim) -> None:
    r = tk("prepare-order", "vertical", "SPY", "--type", "put", "--delta", "0.3",
           "--width", "5", "--tif", "GTD", "--gtd-date",
           (market_today() + timedelta(days=7)).isoformat())
    assert r.code == 0, r.err
    for text in ("PREPARED — NOT SUBMITTED", "broker dry-run: accepted", "Sell to Open",
                 "Buy to Open", "Max profit", "Max loss", "Breakevens", "Buying-power change",
                 "GTD until"):
        assert text in r.out


# ----- bad input and broker rejections -----------------------------------------------


def _next_sunday() -> str:
    d = market_today() + timedelta(days=1)
    while d.weekday() != 6:
        d += timedelta(days=1)
    return d.isoformat()


@pytest.mark.parametrize(("args", "says"), [
    (["wibble", "SPY"], "unknown strategy 'wibble'"),
    (["strangle", "ZZZZ", "--delta", "0.16"], "unknown symbol ZZZZ"),
    (["strangle", "/ZZ", "--delta", "0.16"], "unknown futures product /ZZ"),
    (["strangle", "SPY", "--delta", "0.16", "--quantity", "0"], "--quantity must be a positive"),
    (["strangle", "SPY", "--delta", "0.16", "--quantity", "-3"], "--quantity must be a positive"),
    (["strangle", "SPY", "--delta", "1.2"], "--delta must be between 0 and 1"),
    (["strangle", "SPY", "--delta", "0"], "--delta must be between 0 and 1"),
    (["strangle", "SPY", "--delta", "0.16", "--expiration", "SUNDAY"], "no expiration listed"),
    (["strangle", "SPY", "--delta", "0.16", "--expiration", "2020-01-17"], "in the past"),
    (["vertical", "SPX", "--type", "put", "--dte", "0", "--delta", "0.1", "--width", "10",
      "--price", "0.53"], "not a multiple of the tick size 0.05"),
    (["strangle", "SPY", "--delta", "0.16", "--tif", "GTD", "--gtd-date", "2020-01-01"],
     "must be in the future"),
    (["strangle", "SPY", "--delta", "0.16", "--tif", "GTD"], "needs --gtd-date"),
    (["strangle", "SPY", "--put", "9999", "--call", "10001"], "strike not listed"),
    (["vertical", "SPY", "--type", "put", "--delta", "0.3"], "needs --width"),
    (["custom", "SPY", "--dte", "30", "--leg", "XTO 1 P 500"], "leg action must be one of"),
    (["single", "SPY", "--type", "call", "--delta", "0.3"], "needs --side buy or --side sell"),
    (["strangle", "SPY", "--delta", "0.16", "--order-type", "Market", "--price", "1"],
     "takes no --price"),
])
def test_bad_input_is_one_line_exit_2(tk, sim, args, says) -> None:
    args = [_next_sunday() if a == "SUNDAY" else a for a in args]
    r = tk("prepare-order", *args)
    assert r.code == 2, (r.code, r.err)
    assert r.err.startswith("error: ") and r.err.count("\n") == 1, r.err
    assert says in r.err, r.err
    assert "Traceback" not in r.err and r.out == ""


def test_broker_rejection_for_buying_power_exits_4_with_reasons(tk, sim) -> None:
    r = tk("prepare-order", "strangle", "SPY", "--delta", "0.16", "--quantity", "200", "--json")
    assert r.code == 4
    assert "the broker rejected the order" in r.err and "sufficient buying power" in r.err
    doc = doc_of(r.out)
    assert doc["status"] == "PREPARED_NOT_SUBMITTED"
    assert doc["broker_validated"] is False and doc["dry_run"] == "rejected"
    (err,) = doc["review"]["errors"]
    assert err["code"] == "margin_check_failed"
    # the failing dry-run still carried its buying-power effect
    assert doc["review"]["buying_power_effect"]["change"] < 0
    assert doc["review"]["bp_used_pct_after"] > 100

    table = tk("prepare-order", "strangle", "SPY", "--delta", "0.16", "--quantity", "200")
    assert table.code == 4 and "REJECTED" in table.out and "sufficient buying power" in table.out


def test_gtc_market_order_is_rejected_by_the_broker(tk, sim) -> None:
    r = tk("prepare-order", "single", "SPY", "--type", "put", "--side", "buy", "--delta", "0.3",
           "--order-type", "Market", "--tif", "GTC", "--json")
    assert r.code == 4, r.err
    doc = doc_of(r.out)
    assert [e["code"] for e in doc["review"]["errors"]] == ["gtc_market_orders_not_supported"]
    assert "price" not in doc["order"] and doc["order"]["order-type"] == "Market"


# ----- --out ---------------------------------------------------------------------------


def test_out_writes_the_document_atomically(tk, sim, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "orders" / "strangle.json"
    r = tk("prepare-order", "strangle", "SPY", "--delta", "0.16", "--json", "--out", str(target))
    assert r.code == 0, r.err
    assert doc_of(target.read_text()) == doc_of(r.out)
    assert os.listdir(target.parent) == ["strangle.json"]  # no temp file left behind

    # a failing rename leaves the old file whole and no temp file behind
    import tastyking.fsutil as fsutil

    def broken(src, dst):
        raise OSError(28, "No space left on device")

    before = target.read_text()
    monkeypatch.setattr(fsutil.os, "replace", broken)
    r = tk("prepare-order", "strangle", "SPY", "--delta", "0.20", "--out", str(target))
    assert r.code == 2 and "cannot write" in r.err and "No space left" in r.err
    assert target.read_text() == before and os.listdir(target.parent) == ["strangle.json"]


def test_out_is_not_written_for_a_rejected_order(tk, sim, tmp_path: Path) -> None:
    target = tmp_path / "rejected.json"
    r = tk("prepare-order", "strangle", "SPY", "--delta", "0.16", "--quantity", "200",
           "--out", str(target))
    assert r.code == 4 and not target.exists() and "not written" in r.err


# ----- without the API -----------------------------------------------------------------


@pytest.fixture
def no_api(monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: connections are refused
    monkeypatch.setenv("TASTYKING_ENV", "sandbox")
    monkeypatch.setenv("TASTYKING_API_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("TASTYKING_CLIENT_SECRET", "demo-secret")
    monkeypatch.setenv("TASTYKING_REFRESH_TOKEN", "demo-refresh")
    monkeypatch.setenv("TASTYKING_MAX_RETRIES", "0")


def _friday() -> date:
    d = market_today() + timedelta(days=20)
    return d + timedelta(days=(4 - d.weekday()) % 7)


def test_offline_prepares_from_explicit_input_and_says_not_validated(tk, no_api) -> None:
    day = _friday()
    r = tk("prepare-order", "vertical", "SPY", "--type", "put", "--expiration", day.isoformat(),
           "--strike", "500", "--width", "5", "--price", "1.25", "--quantity", "2", "--json")
    assert r.code == 6, r.err
    assert "NOT validated" in r.err
    doc = doc_of(r.out)
    assert doc["status"] == "PREPARED_NOT_SUBMITTED" and doc["broker_validated"] is False
    assert doc["dry_run"] == "not_run"
    yymmdd = day.strftime("%y%m%d")
    assert doc["order"] == {
        "time-in-force": "Day", "order-type": "Limit", "price": "1.25", "price-effect": "Credit",
        "legs": [
            {"instrument-type": "Equity Option", "symbol": f"SPY   {yymmdd}P00500000",
             "quantity": 2, "action": "Sell to Open"},
            {"instrument-type": "Equity Option", "symbol": f"SPY   {yymmdd}P00495000",
             "quantity": 2, "action": "Buy to Open"},
        ],
    }
    rv = doc["review"]
    assert rv["max_profit"] == 250 and rv["max_loss"] == 750 and rv["breakevens"] == [D("498.75")]
    assert rv["buying_power_effect"] is None and "fees" in rv["missing"]
    assert any("NOT validated by the broker" in n for n in rv["notes"])


@pytest.mark.parametrize(("args", "says"), [
    (["strangle", "SPY", "--expiration", "FRIDAY", "--delta", "0.16", "--price", "5"],
     "--delta needs live Greeks"),
    (["strangle", "SPY", "--dte", "45", "--put", "500", "--call", "600", "--price", "5"],
     "--dte needs the listed expirations"),
    (["strangle", "/ES", "--expiration", "FRIDAY", "--put", "5000", "--call", "7000",
      "--price", "5"], "futures-option symbols come only from the API"),
    (["strangle", "SPY", "--expiration", "FRIDAY", "--put", "500", "--call", "600"],
     "the default price needs live quotes"),
])
def test_offline_needs_the_api_for_selection(tk, no_api, args, says) -> None:
    args = [_friday().isoformat() if a == "FRIDAY" else a for a in args]
    r = tk("prepare-order", *args)
    assert r.code == 5, r.err
    assert says in r.err and r.err.count("\n") == 1 and r.out == ""
