"""`prepare-order` end to end: CLI → services → client → simulator over loopback.

Every test here also checks (autouse, conftest.py) that the simulator saw dry-runs only.
"""

from __future__ import annotations

import asyncio
import json
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tastyking.domain.calendar import market_today
from tests.cli.orders.conftest import doc_of

OCC = re.compile(r"^[A-Z]{1,6} *\d{6}[CP]\d{8}$")
D = Decimal


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
