"""/market-data/by-type answers rows keyed by symbol, in any order, and a row's
instrument type may differ from the parameter it was asked under: the recorded answer
to `index=SPY&cryptocurrency=BTC&future=ES` is three Equity rows (tasty-go, 2025).
The client matches rows by symbol only."""

from __future__ import annotations

import asyncio
import json
from urllib.parse import parse_qs

import httpx

from tastyking.api import endpoints
from tastyking.api.client import ApiClient
from tastyking.config import load_settings
from tastyking.credentials import Credentials
from tests.conftest import FIXTURES

ASKED = [("Cryptocurrency", "BTC"), ("Equity", "AAPL"),
         ("Equity Option", "AAPL  250919C00005000"),
         ("Future Option", "./ESZ5 EW4V5 251024C5850"), ("Index", "SPY"), ("Future", "ES")]


def test_rows_are_matched_by_symbol_whatever_their_type_and_order() -> None:
    recorded = json.loads((FIXTURES / "Get_Market_Data_By_Type.json").read_text())
    seen: list[dict[str, list[str]]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            return httpx.Response(200, json={"access_token": "t", "expires_in": 900})
        assert request.url.path == "/market-data/by-type"
        seen.append(parse_qs(request.url.query.decode()))
        body = dict(recorded)
        body["data"] = {"items": list(reversed(recorded["data"]["items"]))}  # any order
        return httpx.Response(200, json=body)

    async def go() -> dict[str, object]:
        settings = load_settings(api_url="http://127.0.0.1:9")
        async with ApiClient("http://127.0.0.1:9", settings, Credentials("s", "r"),
                             transport=httpx.MockTransport(handler)) as api:
            return await endpoints.market_data(api, ASKED)  # type: ignore[return-value]

    rows = asyncio.run(go())
    assert seen == [{"cryptocurrency": ["BTC"], "equity": ["AAPL"],
                     "equity-option": ["AAPL  250919C00005000"],
                     "future-option": ["./ESZ5 EW4V5 251024C5850"], "index": ["SPY"],
                     "future": ["ES"]}]
    assert set(rows) == {sym for _, sym in ASKED}
    spy = rows["SPY"]
    assert spy.instrument_type == "Equity"  # asked as an index, answered as an equity
    assert spy.symbol == "SPY" and spy.mid is not None
    assert rows["./ESZ5 EW4V5 251024C5850"].instrument_type == "Future Option"
