"""Option chains: expirations by DTE, strikes, SPX/SPXW roots, futures chains, symbols."""

from __future__ import annotations

import re
from decimal import Decimal

from tastyking.domain.symbols import parse_occ


def _dtes(item: dict) -> list[int]:
    return [e["days-to-expiration"] for e in item["expirations"]]


def _near(dtes: list[int], target: int, tol: int) -> bool:
    return any(abs(d - target) <= tol for d in dtes)


def test_spy_nested_expirations_strikes_and_symbols(client) -> None:
    r = client.get("/option-chains/SPY/nested")
    assert r.status_code == 200 and len(r.content) < 1_500_000
    (item,) = r.json()["data"]["items"]
    assert item["root-symbol"] == "SPY" and item["shares-per-contract"] == 100
    dtes = _dtes(item)
    assert dtes == sorted(dtes) and dtes[0] == 0
    assert _near(dtes, 45, 4) and _near(dtes, 90, 4) and _near(dtes, 112, 4)
    assert max(dtes) > 300
    for exp in item["expirations"]:
        strikes = [Decimal(s["strike-price"]) for s in exp["strikes"]]
        assert strikes == sorted(strikes) and len(set(strikes)) == len(strikes)
        for s in exp["strikes"][:: max(1, len(exp["strikes"]) // 5)]:
            occ = parse_occ(s["call"])
            assert occ.streamer == s["call-streamer-symbol"] and occ.kind == "C"
            assert occ.strike == Decimal(s["strike-price"])
            assert occ.expiration.isoformat() == exp["expiration-date"]
            assert parse_occ(s["put"]).streamer == s["put-streamer-symbol"]
    types = {e["expiration-type"] for e in item["expirations"]}
    assert {"Weekly", "Regular"} <= types


def test_spx_has_am_and_pm_roots(client) -> None:
    items = client.get("/option-chains/SPX/nested").json()["data"]["items"]
    by_root = {i["root-symbol"]: i for i in items}
    assert set(by_root) == {"SPX", "SPXW"}
    assert {e["settlement-type"] for e in by_root["SPX"]["expirations"]} == {"AM"}
    spxw = _dtes(by_root["SPXW"])
    assert spxw[0] == 0 and max(spxw) > 120
    strike = by_root["SPXW"]["expirations"][0]["strikes"][0]
    assert strike["call"].startswith("SPXW  ")
    assert strike["call-streamer-symbol"].startswith(".SPXW")
    steps = {Decimal(b["strike-price"]) - Decimal(a["strike-price"])
             for e in by_root["SPXW"]["expirations"][:3]
             for a, b in zip(e["strikes"], e["strikes"][1:], strict=False)}
    assert Decimal(5) in steps and all(s % 5 == 0 for s in steps)


def test_flat_chain_and_equity_option_instrument(client) -> None:
    items = client.get("/option-chains/AAPL").json()["data"]["items"]
    assert all(i["instrument-type"] == "Equity Option" for i in items)
    one = items[len(items) // 2]
    r = client.get(f"/instruments/equity-options/{one['symbol']}")
    assert r.status_code == 200 and r.json()["data"]["streamer-symbol"] == one["streamer-symbol"]
    dtes = {i["days-to-expiration"] for i in items}
    assert max(dtes) > 300


def test_futures_chain_shape(client) -> None:
    for product in ("ES", "/ES", "CL", "GC", "MES", "MCL", "MGC"):
        r = client.get(f"/futures-option-chains/{product.replace('/', '%2F')}/nested")
        assert r.status_code == 200, product
        data = r.json()["data"]
        assert set(data) == {"futures", "option-chains"}
        futures = {f["symbol"] for f in data["futures"]}
        assert sum(f["active-month"] for f in data["futures"]) == 1
        (chain,) = data["option-chains"]
        dtes = [e["days-to-expiration"] for e in chain["expirations"]]
        # micro crude and micro gold list monthlies only
        assert min(dtes) <= (40 if product in ("MCL", "MGC") else 7) and max(dtes) > 120
        for e in chain["expirations"]:
            assert e["underlying-symbol"] in futures
            s = e["strikes"][0]
            # fixed width: the future code padded to 5, then the option code padded to 5
            assert s["call"][2:7] == f"{e['underlying-symbol'][1:]:<5}"
            assert s["call"][7:13] == f"{e['option-contract-symbol']:<5} "
            assert re.fullmatch(r"\./[A-Z0-9]+[FGHJKMNQUVXZ]\d\d[CP][\d.]+:X[A-Z]+",
                                s["call-streamer-symbol"])


def test_es_chain_roots_and_90_dte(client) -> None:
    data = client.get("/futures-option-chains/ES/nested").json()["data"]
    exps = data["option-chains"][0]["expirations"]
    roots = {e["option-root-symbol"] for e in exps}
    assert "ES" in roots and roots & {"EW1", "EW2", "EW3", "EW4"} and "EW" in roots
    assert _near([e["days-to-expiration"] for e in exps], 90, 7)
    s = exps[0]["strikes"][0]
    assert s["call-streamer-symbol"].endswith(":XCME")


def test_futures_instruments_paginate(client) -> None:
    r = client.get("/instruments/futures", params={"product-code[]": "ES", "per-page": 2,
                                                   "page-offset": 1})
    body = r.json()
    assert body["pagination"]["total-items"] == 8 and body["pagination"]["total-pages"] == 4
    assert body["pagination"]["current-item-count"] == 2
    first = client.get("/instruments/futures", params={"product-code[]": "ES"}).json()
    active = [f for f in first["data"]["items"] if f["active-month"]]
    assert len(active) == 1
    fut = active[0]
    assert re.fullmatch(r"/ES[HMUZ]\d", fut["symbol"])
    assert fut["streamer-symbol"] == f"/ES{fut['symbol'][3]}2{fut['symbol'][4]}:XCME"
    assert fut["notional-multiplier"] == "50.0" and fut["tick-size"] == "0.25"
    one = client.get(f"/instruments/futures/{fut['symbol'][1:]}").json()["data"]
    assert one["symbol"] == fut["symbol"]
    cl = client.get("/instruments/futures", params={"product-code[]": "CL"}).json()
    assert cl["data"]["items"][0]["streamer-symbol"].endswith(":XNYM")


def test_future_option_instrument(client) -> None:
    data = client.get("/futures-option-chains/GC/nested").json()["data"]
    s = data["option-chains"][0]["expirations"][2]["strikes"][3]
    r = client.get("/instruments/future-options/" + s["put"].replace("/", "%2F"))
    assert r.status_code == 200
    assert r.json()["data"]["streamer-symbol"] == s["put-streamer-symbol"]
    # the dollar multiplier lives on the future; the option's own is 1 (recorded)
    assert r.json()["data"]["multiplier"] == "1.0"
