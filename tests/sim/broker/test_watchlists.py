"""Watchlists and symbol search in the recorded shapes."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import FIXTURES


def _recorded(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())["data"]


def _same(recorded: dict[str, Any], row: dict[str, Any]) -> None:
    assert set(recorded) == set(row), set(recorded) ^ set(row)
    for key, value in recorded.items():
        assert type(row[key]) is type(value), key


def test_private_watchlists_hold_the_books_underlyings(client) -> None:
    rows = client.get("/watchlists").json()["data"]["items"]
    recorded = _recorded("Get_Watchlists.json")["items"][0]
    assert rows
    for row in rows:
        _same(recorded, row)
        _same(recorded["watchlist-entries"][0], row["watchlist-entries"][0])
    symbols = {e["symbol"] for e in rows[0]["watchlist-entries"]}
    positions = [p for n in ("5WT00001", "5WT00002")
                 for p in client.get(f"/accounts/{n}/positions").json()["data"]["items"]]
    roots = {p["underlying-symbol"] for p in positions if not p["instrument-type"].startswith(
        "Future")}
    assert roots <= symbols and {"/ES", "/MCL"} <= symbols
    assert all(s.startswith("/") or s in roots for s in symbols)
    one = client.get(f"/watchlists/{rows[0]['name']}").json()["data"]
    _same(_recorded("Get_Watchlist.json"), one)
    assert client.get("/watchlists/Nope").status_code == 404


def test_public_watchlists_as_recorded(client) -> None:
    rows = client.get("/public-watchlists").json()["data"]["items"]
    recorded = _recorded("Get_Public_Watchlists.json")["items"][0]
    for row in rows:
        _same(recorded, row)
        # the recorded collection spells it instrument_type; one list, instrument-type
        _same(recorded["watchlist-entries"][0], row["watchlist-entries"][0])
    one = client.get("/public-watchlists/High%20Options%20Volume").json()
    _same(_recorded("Get_Public_Watchlist.json"), one["data"])
    _same(_recorded("Get_Public_Watchlist.json")["watchlist-entries"][0],
          one["data"]["watchlist-entries"][0])
    assert one["context"] == "/public-watchlists/High%20Options%20Volume"


def test_symbol_search_by_prefix_and_by_name(client) -> None:
    recorded = _recorded("Get_Symbol_Search.json")["items"][0]
    rows = client.get("/symbols/search/SP").json()["data"]["items"]
    for row in rows:
        _same(recorded, row)
    assert [r["symbol"] for r in rows][:2] == ["SPX", "SPY"]
    apple = client.get("/symbols/search/APPLE").json()["data"]["items"]
    assert [r["symbol"] for r in apple] == ["AAPL"]
    assert client.get("/symbols/search/QZXQ").json()["data"]["items"] == []
