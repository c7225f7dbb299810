"""The simulator lists every market the framework's phase tables name, with options."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

import pytest

from tastyking.config import PHASE_TICKERS
from tastyking.sim.market.model import Market

TICKERS = sorted({t for tickers in PHASE_TICKERS.values() for t in tickers} | {"/6B"})


@pytest.mark.parametrize("ticker", TICKERS)
def test_every_phase_ticker_is_listed_quoted_and_optionable(client, ticker) -> None:
    if ticker.startswith("/"):
        futures = client.get("/instruments/futures",
                             params={"product-code[]": ticker[1:]}).json()["data"]["items"]
        front = next(f for f in futures if f["active-month"])
        quoted = front["symbol"]
        chain = client.get(f"/futures-option-chains/{ticker[1:]}/nested").json()["data"]
        exps = chain["option-chains"][0]["expirations"]
        assert {e["underlying-symbol"] for e in exps} <= {f["symbol"] for f in futures}
    else:
        quoted = ticker
        exps = client.get(f"/option-chains/{ticker}/nested").json()["data"]["items"][0][
            "expirations"]
    assert max(e["days-to-expiration"] for e in exps) > 100
    assert min(e["days-to-expiration"] for e in exps) < 40
    kind = "future" if ticker.startswith("/") else "equity"
    r = client.get("/market-data/by-type", params={kind: quoted})
    (row,) = r.json()["data"]["items"]
    # every decimal of a fine tick is kept (/6J ticks 0.0000005, /6E 0.00005)
    assert float(row["bid"]) > 0 and float(row["ask"]) > float(row["bid"])
    if kind == "future":
        tick = float(row["tick-size"])
        assert tick > 0 and abs(float(row["bid"]) / tick - round(float(row["bid"]) / tick)) < 1e-6
    strike = exps[len(exps) // 2]["strikes"][len(exps[len(exps) // 2]["strikes"]) // 2]
    path = "future-options" if ticker.startswith("/") else "equity-options"
    got = client.get(f"/instruments/{path}/" + quote(strike["put"], safe=""))
    assert got.status_code == 200, strike["put"]


def test_the_new_markets_are_deterministic() -> None:
    at = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)
    a, b = Market(7, lambda: at), Market(7, lambda: at)
    for code in ("6B", "ZN", "LE", "KC", "6J"):
        fa, fb = a.contracts(code)[0], b.contracts(code)[0]
        assert a.snapshot(fa.symbol) == b.snapshot(fb.symbol)
        ca, cb = a.chain(code), b.chain(code)
        assert ca == cb and ca is not None
    assert Market(8, lambda: at).snapshot(a.contracts("6B")[0].symbol) != a.snapshot(
        a.contracts("6B")[0].symbol)
