"""Reading orders: live and history in the recorded shape, closing orders at half the
credit, the history filters."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from tests.conftest import FIXTURES

MAIN = "5WT00001"


def _recorded(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def _same_types(recorded: dict[str, Any], row: dict[str, Any], skip: tuple[str, ...] = ()) -> None:
    want = {k: v for k, v in recorded.items() if k not in skip}
    assert set(want) <= set(row), set(want) - set(row)
    for key, value in want.items():
        assert type(row[key]) is type(value), (key, row[key], value)


def test_live_orders_are_working_gtc_closes_in_the_recorded_shape(client) -> None:
    body = client.get(f"/accounts/{MAIN}/orders/live").json()
    # working orders, and today's fill (the 0DTE SPX spread opened this morning)
    assert {r["status"] for r in body["data"]["items"]} == {"Live", "Filled"}
    rows = [r for r in body["data"]["items"] if r["status"] == "Live"]
    assert rows and all(r["time-in-force"] == "GTC" for r in rows)
    recorded = _recorded("Get_Orders_Working_StopLimit_GTC.json")["data"]["items"][0]
    for row in rows:
        _same_types(recorded, row, skip=("source", "global-request-id", "stop-trigger"))
        _same_types(recorded["legs"][0], row["legs"][0])
        assert all(lg["action"].endswith("to Close") for lg in row["legs"])
        assert row["cancellable"] is True


def test_every_short_premium_position_has_a_close_at_half_its_credit(client) -> None:
    url = f"/accounts/{MAIN}/orders"
    filled = client.get(url, params={"status[]": "Filled", "per-page": 100}).json()
    live = client.get(url, params={"status[]": "Live"}).json()["data"]["items"]
    closes = {frozenset(lg["symbol"] for lg in o["legs"]): o for o in live}
    credits = [o for o in filled["data"]["items"] if o["price-effect"] == "Credit"]
    assert len(credits) >= 4
    for o in credits:
        close = closes[frozenset(lg["symbol"] for lg in o["legs"])]
        assert close["price-effect"] == "Debit"
        # half the credit, give or take the options' tick on each leg (/ES and /MES options
        # tick 0.25 from 10 points up)
        fop = any(lg["instrument-type"] == "Future Option" for lg in o["legs"])
        tick = Decimal("0.25") if fop else Decimal("0.05")
        assert abs(Decimal(close["price"]) * 2 - Decimal(o["price"])) <= tick * len(o["legs"])


def test_filled_orders_carry_their_fills(client) -> None:
    recorded = _recorded("Get_Customer_Live_Orders.json")["data"]["items"][0]
    rows = client.get(f"/accounts/{MAIN}/orders",
                      params={"status[]": "Filled"}).json()["data"]["items"]
    assert rows
    for row in rows:
        _same_types(recorded, row)
        for leg in row["legs"]:
            assert leg["remaining-quantity"] == 0
            _same_types(recorded["legs"][0]["fills"][0], leg["fills"][0])
            assert leg["fills"][0]["quantity"] == leg["quantity"]


def test_history_filters_sort_and_pages(client) -> None:
    url = f"/accounts/{MAIN}/orders"
    every = client.get(url, params={"per-page": 200}).json()
    rows = every["data"]["items"]
    assert {"Filled", "Live", "Cancelled"} <= {r["status"] for r in rows}
    received = [r["received-at"] for r in rows]
    assert received == sorted(received, reverse=True)
    spy = client.get(url, params={"underlying-symbol": "SPY"}).json()["data"]["items"]
    assert spy and all(r["underlying-symbol"] == "SPY" for r in spy)
    cancelled = client.get(url, params={"status[]": "Cancelled"}).json()["data"]["items"]
    assert cancelled and all("cancelled-at" in r for r in cancelled)
    day = received[-1][:10]
    early = client.get(url, params={"end-date": day}).json()["data"]["items"]
    assert early and all(r["received-at"][:10] <= day for r in early)
    first = client.get(url).json()
    assert first["pagination"]["per-page"] == 10
    assert first["pagination"]["total-items"] == len(rows)
    one = client.get(f"{url}/{rows[0]['id']}").json()["data"]
    assert one == rows[0]
    assert client.get(f"{url}/1").status_code == 404
