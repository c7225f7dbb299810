"""Futures and futures-option answers carry the recorded field sets and listing rules."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import quote

import pytest

from tastyking.sim.market.futures import contracts, fop_expirations
from tastyking.sim.market.products import PRODUCTS
from tests.conftest import FIXTURES


def _recorded(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())["data"]


def _keys(row: dict, nested: str) -> tuple[set[str], set[str]]:
    return set(row), set(row.get(nested) or {})


@pytest.fixture(scope="module")
def es_chain(client_module) -> dict:
    return client_module.get("/futures-option-chains/ES/nested").json()["data"]


@pytest.fixture(scope="module")
def client_module(sim):
    import httpx

    from tests.sim.conftest import UA, login

    with httpx.Client(base_url=sim.base_url, headers=UA, timeout=20) as c:
        yield login(c)


def test_future_instruments_have_every_recorded_key(client_module) -> None:
    es = _recorded("Get_Future_Instrument_ESM3.json")
    rb = _recorded("Get_Future_Instrument_RBM5.json")
    rows = client_module.get("/instruments/futures").json()["data"]["items"]
    by_code = {r["product-code"]: r for r in rows if r["active-month"]}
    last = {r["product-code"]: r for r in rows}  # the last listed rolls into the next month
    listed = {r["symbol"] for r in rows}
    assert re.fullmatch(r"/ES[HMUZ]\d", last["ES"]["roll-target-symbol"])
    assert last["ES"]["roll-target-symbol"] not in listed
    assert all(isinstance(r["roll-target-symbol"], str) for r in rows)
    # /ES: no first notice (cash settled); /GC stands for the physical products like /RB
    for row, recorded in ((by_code["ES"], es), (by_code["GC"], rb)):
        top, product = _keys(row, "future-product")
        want_top, want_product = _keys(recorded, "future-product")
        assert want_top - {"future-etf-equivalent"} <= top
        assert want_product <= product
        assert set(recorded["future-product"]["roll"]) == set(row["future-product"]["roll"])
        for key, value in recorded.items():
            assert type(row[key]) is type(value) or value is None, key
    gc = by_code["GC"]
    assert gc["exchange"] == "CME" and gc["streamer-exchange-code"] == "XCEC"
    assert gc["future-product"]["product-type"] == "Physical"
    assert by_code["ES"]["future-product"]["product-type"] == "Financial"


def test_future_options_have_every_recorded_key_and_a_unit_multiplier(client_module,
                                                                       es_chain) -> None:
    recorded = _recorded("Get_Futures_Option_Chain_GC_Flat_Excerpt.json")["items"][0]
    one = _recorded("Get_Future_Option_ESZ9.json")
    rows = client_module.get("/futures-option-chains/GC").json()["data"]["items"]
    row = rows[len(rows) // 2]
    assert _keys(recorded, "future-option-product") == _keys(row, "future-option-product")
    for key, value in recorded.items():
        assert type(row[key]) is type(value), key
    assert row["multiplier"] == "1.0" and row["notional-value"] == "1.0"
    assert row["exchange-symbol"] == f"{row['symbol'][7:12].strip()} {row['symbol'][19:]}"
    got = client_module.get("/instruments/future-options/" + quote(row["symbol"], safe=""))
    data = got.json()["data"]
    assert set(one) - {"streamer-symbol"} <= set(data) and data == row
    es_put = es_chain["option-chains"][0]["expirations"][0]["strikes"][0]["put"]
    es = client_module.get("/instruments/future-options/" + quote(es_put, safe="")).json()
    assert es["data"]["notional-value"] == "0.5" and es["data"]["multiplier"] == "1.0"


def test_nested_chain_expirations_have_the_recorded_keys(es_chain) -> None:
    recorded = _recorded("Get_Futures_Option_Chain_Nested_ES_Full.json")
    exp = recorded["option-chains"][0]["expirations"][0]
    for e in es_chain["option-chains"][0]["expirations"]:
        assert set(e) == set(exp)
    assert set(es_chain["futures"][0]) == set(recorded["futures"][0])
    types = {e["expiration-type"] for e in es_chain["option-chains"][0]["expirations"]}
    assert types == {"Regular", "Weekly", "End-Of-Month"}


def test_es_quarterlies_list_strikes_out_of_order_some_without_streamer_symbols(
        es_chain) -> None:
    quarterly = [e for e in es_chain["option-chains"][0]["expirations"]
                 if e["option-root-symbol"] == "ES"]
    assert quarterly
    for e in quarterly:
        strikes = [Decimal(s["strike-price"]) for s in e["strikes"]]
        assert strikes != sorted(strikes) and len(set(strikes)) == len(strikes)
        bare = [s for s in e["strikes"] if "call-streamer-symbol" not in s]
        assert bare and all("put-streamer-symbol" not in s and s["call"] for s in bare)
    weekly = [e for e in es_chain["option-chains"][0]["expirations"]
              if e["option-root-symbol"] != "ES"]
    for e in weekly:
        strikes = [Decimal(s["strike-price"]) for s in e["strikes"]]
        assert strikes == sorted(strikes)
        assert all("call-streamer-symbol" in s for s in e["strikes"])


def test_far_quarterly_options_sit_on_their_own_listed_contract(es_chain) -> None:
    listed = {f["symbol"] for f in es_chain["futures"]}
    exps = es_chain["option-chains"][0]["expirations"]
    assert max(e["days-to-expiration"] for e in exps) > 365
    for e in exps:
        assert e["underlying-symbol"] in listed
        if e["option-root-symbol"] == "ES":  # ESZ7 -> /ESZ7
            assert e["underlying-symbol"] == "/" + e["option-contract-symbol"]


@pytest.mark.parametrize("code", sorted(c for c, p in PRODUCTS.items() if p.has_options))
def test_option_codes_never_repeat_across_expirations(code) -> None:
    # a year of sim dates, including 2026-12-31 (its Friday, New Year's Day, is a holiday)
    start = date(2026, 6, 1)
    seen: dict[str, date] = {}
    for i in range(0, 400, 4):
        today = start + timedelta(days=i)
        listed = {c.symbol for c in contracts(code, today)}
        for fe in fop_expirations(code, today):
            assert seen.setdefault(fe.contract_code, fe.expiration) == fe.expiration, (
                code, today, fe.contract_code)
            assert fe.underlying.symbol in listed and fe.underlying.expiration >= fe.expiration
