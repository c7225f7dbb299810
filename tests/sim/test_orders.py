"""Dry-run orders: success shape, validation, preflight and margin failures; refused submit."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "recorded"
DRY = "/accounts/5WT00001/orders/dry-run"


def _spy_puts(client, days: int = 45) -> tuple[dict, dict]:
    (item,) = client.get("/option-chains/SPY/nested").json()["data"]["items"]
    exp = min(item["expirations"], key=lambda e: abs(e["days-to-expiration"] - days))
    strikes = exp["strikes"]
    mid = len(strikes) // 2
    return strikes[mid - 10], strikes[mid - 15]


def _spread(client, **over) -> dict:
    short, long = _spy_puts(client)
    body = {"time-in-force": "Day", "order-type": "Limit", "price": "1.25",
            "price-effect": "Credit", "source": "tests", "behavior": "immediate",
            "legs": [{"instrument-type": "Equity Option", "symbol": short["put"], "quantity": 1,
                      "action": "Sell to Open"},
                     {"instrument-type": "Equity Option", "symbol": long["put"], "quantity": "1",
                      "action": "Buy to Open"}]}
    body.update(over)
    return body


def test_dry_run_success_shape(client) -> None:
    recorded = json.loads((FIXTURES / "Post_Submit_Order_Response.json").read_text())["data"]
    r = client.post(DRY, json=_spread(client))
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    order = data["order"]
    assert "id" not in order and order["status"] == "Received" and order["updated-at"] == 0
    assert order["size"] == 1 and order["price"] == "1.25" and order["price-effect"] == "Credit"
    assert all(leg["fills"] == [] and leg["remaining-quantity"] == 1 for leg in order["legs"])
    assert set(recorded["buying-power-effect"]) <= set(data["buying-power-effect"])
    assert set(recorded["fee-calculation"]) <= set(data["fee-calculation"])
    bpe = data["buying-power-effect"]
    width = 500.0  # five $1 strikes
    assert 0 < float(bpe["change-in-buying-power"]) <= width + 10
    assert bpe["change-in-buying-power-effect"] == "Debit" and bpe["is-spread"] is True
    fees = data["fee-calculation"]
    assert fees["commission"] == "2.0" and float(fees["clearing-fees"]) == 0.2
    assert data["warnings"] == []


def test_closing_orders_pay_no_commission_and_free_buying_power(client) -> None:
    items = client.get("/accounts/5WT00001/positions").json()["data"]["items"]
    naked = next(i for i in items if i["symbol"].startswith("SPY ") and i["quantity"] == 2)
    body = {"time-in-force": "Day", "order-type": "Limit", "price": "0.5",
            "price-effect": "Debit",
            "legs": [{"instrument-type": "Equity Option", "symbol": naked["symbol"],
                      "quantity": 2, "action": "Buy to Close"}]}
    data = client.post(DRY, json=body).json()["data"]
    assert data["fee-calculation"]["commission"] == "0.0"
    assert data["buying-power-effect"]["change-in-buying-power-effect"] == "Credit"


def test_margin_failure_has_data_and_error(client) -> None:
    (item,) = [i for i in client.get("/option-chains/SPX/nested").json()["data"]["items"]
               if i["root-symbol"] == "SPXW"]
    exp = item["expirations"][-1]
    put = exp["strikes"][len(exp["strikes"]) // 2]["put"]
    body = {"time-in-force": "Day", "order-type": "Limit", "price": "50.0",
            "price-effect": "Credit",
            "legs": [{"instrument-type": "Equity Option", "symbol": put, "quantity": 200,
                      "action": "Sell to Open"}]}
    r = client.post(DRY, json=body)
    assert r.status_code == 422
    body = r.json()
    assert float(body["data"]["buying-power-effect"]["change-in-buying-power"]) > 1_000_000
    assert body["error"]["code"] == "preflight_check_failure"
    assert body["error"]["errors"][0]["code"] == "margin_check_failed"


def test_validation_and_preflight_errors(client) -> None:
    r = client.post(DRY, json=_spread(client, **{"order-type": "Market", "time-in-force": "GTC"}))
    assert r.status_code == 422
    assert r.json()["error"]["errors"][0]["code"] == "gtc_market_orders_not_supported"
    r = client.post(DRY, json=_spread(client, price="1.255"))
    assert r.status_code == 422
    assert r.json()["error"]["errors"][0]["code"] == "invalid_price_increment"
    r = client.post(DRY, json=_spread(client, **{"time-in-force": "GTD"}))
    assert r.json()["error"]["errors"][0]["code"] == "invalid_gtc_date"
    bad = _spread(client)
    bad["legs"][0]["symbol"] = "SPY   991231P00001000"
    r = client.post(DRY, json=bad)
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"
    bad = _spread(client)
    bad["legs"][1]["quantity"] = 0
    assert client.post(DRY, json=bad).status_code == 422
    assert client.post("/accounts/5XX00000/orders/dry-run", json=_spread(client)).status_code \
        == 403


def test_closed_market_warns_next_session(client, clock) -> None:
    clock.at = datetime(2026, 11, 21, 12, 0, tzinfo=ZoneInfo("America/New_York"))
    body = {"time-in-force": "Day", "order-type": "Market",
            "legs": [{"instrument-type": "Equity", "symbol": "AAPL", "quantity": 10,
                      "action": "Buy to Open"}]}
    data = client.post("/accounts/5WT00002/orders/dry-run", json=body).json()["data"]
    assert data["warnings"][0]["code"] == "tif_next_valid_sesssion"
    assert data["order"]["underlying-instrument-type"] == "Equity"


def test_future_option_dry_run(client) -> None:
    data = client.get("/futures-option-chains/ES/nested").json()["data"]
    exp = data["option-chains"][0]["expirations"][4]
    call = exp["strikes"][-5]["call"]
    body = {"time-in-force": "Day", "order-type": "Limit", "price": "1.25",
            "price-effect": "Credit",
            "legs": [{"instrument-type": "Future Option", "symbol": call, "quantity": 1,
                      "action": "Sell to Open"}]}
    r = client.post(DRY, json=body)
    assert r.status_code == 200, r.text
    assert r.json()["data"]["fee-calculation"]["commission"] == "2.5"
    r = client.post("/accounts/5WT00002/orders/dry-run", json=body)
    assert r.status_code == 422  # the IRA is not futures-approved


def test_real_submission_is_refused_and_recorded(sim, client, capfd) -> None:
    r = client.post("/accounts/5WT00001/orders", json=_spread(client))
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "simulator_refuses_submission"
    subs = httpx.get(sim.base_url + "/_sim/submissions").json()["submissions"]
    assert subs[-1]["account-number"] == "5WT00001" and subs[-1]["body"]["legs"]
    assert "REFUSED REAL ORDER SUBMISSION" in capfd.readouterr().err


def _ira_calls(client, quantity: int) -> dict:
    (item,) = client.get("/option-chains/SPY/nested").json()["data"]["items"]
    exp = min(item["expirations"], key=lambda e: abs(e["days-to-expiration"] - 30))
    strikes = exp["strikes"]
    call = strikes[len(strikes) // 2 + 10]["call"]
    return {"time-in-force": "Day", "order-type": "Limit", "price": "1.00",
            "price-effect": "Credit",
            "legs": [{"instrument-type": "Equity Option", "symbol": call, "quantity": quantity,
                      "action": "Sell to Open"}]}


def test_cash_account_sells_calls_only_against_its_shares(sim, client) -> None:
    ira = "/accounts/5WT00002/orders/dry-run"  # holds 50 SPY shares, no short calls
    r = client.post(ira, json=_ira_calls(client, 1))  # would need 100 shares
    assert r.status_code == 422
    assert r.json()["error"]["errors"][0]["code"] == "option_level_violation"
    # the margin account may sell the same call naked
    assert client.post(DRY, json=_ira_calls(client, 1)).status_code == 200
    # with 100 shares (bought with new money) the call is covered
    acct = sim.state.book.get("5WT00002")
    (spy,) = [p for p in acct.positions if p.symbol == "SPY"]
    extra = 50 * spy.average_open
    spy.quantity, acct.deposit = 100, acct.deposit + extra
    try:
        assert client.post(ira, json=_ira_calls(client, 1)).status_code == 200
        r = client.post(ira, json=_ira_calls(client, 2))
        assert r.json()["error"]["errors"][0]["code"] == "option_level_violation"
    finally:
        spy.quantity, acct.deposit = 50, acct.deposit - extra
