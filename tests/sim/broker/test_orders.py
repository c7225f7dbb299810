"""Dry-run orders: success shape, validation, preflight and margin failures; refused submit."""

from __future__ import annotations

import json
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
import pytest

from tastyking.sim.faults import parse_fault
from tests.conftest import FIXTURES

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
    assert r.status_code == 201, r.text
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
    # the recorded failing shape: `data` with the effect beside `error` with `errors[]`
    recorded = json.loads((FIXTURES / "Post_Dry_Run_Error_Response.json").read_text())
    assert set(r.json()) == set(recorded) == {"data", "error"}
    assert set(r.json()["data"]["buying-power-effect"]) == \
        set(recorded["data"]["buying-power-effect"])
    assert set(r.json()["error"]) == set(recorded["error"])
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
    assert r.status_code == 201, r.text
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
    assert client.post(DRY, json=_ira_calls(client, 1)).status_code == 201
    # with 100 shares (bought with new money) the call is covered
    acct = sim.state.book.get("5WT00002")
    (spy,) = [p for p in acct.positions if p.symbol == "SPY"]
    extra = 50 * spy.average_open
    spy.quantity, acct.deposit = 100, acct.deposit + extra
    try:
        assert client.post(ira, json=_ira_calls(client, 1)).status_code == 201
        r = client.post(ira, json=_ira_calls(client, 2))
        assert r.json()["error"]["errors"][0]["code"] == "option_level_violation"
    finally:
        spy.quantity, acct.deposit = 50, acct.deposit - extra


def _strikes(client, days: int) -> tuple[float, list[dict]]:
    (item,) = client.get("/option-chains/SPY/nested").json()["data"]["items"]
    exp = min(item["expirations"], key=lambda e: abs(e["days-to-expiration"] - days))
    under = client.get("/market-data/by-type", params={"equity": "SPY"}).json()
    (row,) = under["data"]["items"]
    return float(row["mark"]), exp["strikes"]


def _order(*legs: tuple[str, str, int], price: str = "1.00", effect: str = "Credit") -> dict:
    return {"time-in-force": "Day", "order-type": "Limit", "price": price,
            "price-effect": effect,
            "legs": [{"instrument-type": "Equity Option", "symbol": sym, "quantity": qty,
                      "action": action} for action, sym, qty in legs]}


def _bpe(client, body: dict) -> dict:
    r = client.post(DRY, json=body)
    assert r.status_code == 201, r.text
    data = r.json()["data"]
    total_fees = float(data["fee-calculation"]["total-fees"])
    bpe = data["buying-power-effect"]
    # change in buying power = change in requirement + fees, as recorded (183.08 + 0.001)
    assert float(bpe["change-in-buying-power"]) == pytest.approx(
        float(bpe["change-in-margin-requirement"]) + total_fees, abs=0.002)
    return bpe


def test_an_opening_strangle_changes_buying_power_by_its_own_requirement(client) -> None:
    # 5WT00001 already holds SPY puts (an LT112 structure, ~112 DTE): a new 45-DTE
    # strangle must not re-pair them; its change is its isolated requirement, which is
    # one naked side plus the other premium, far below the two sides added up.
    spot, strikes = _strikes(client, 45)
    put = min(strikes, key=lambda s: abs(float(s["strike-price"]) - spot * 0.95))["put"]
    call = min(strikes, key=lambda s: abs(float(s["strike-price"]) - spot * 1.05))["call"]
    bpe = _bpe(client, _order(("Sell to Open", put, 1), ("Sell to Open", call, 1)))
    change = float(bpe["change-in-margin-requirement"])
    assert change == float(bpe["isolated-order-margin-requirement"])
    assert bpe["change-in-buying-power-effect"] == "Debit"
    # 20% of spot less ~5% OTM, plus premium, per 100 shares: about 15% of spot x 100
    assert 0.14 * spot * 100 < change < 0.17 * spot * 100


def test_a_long_butterfly_needs_only_its_debit(client) -> None:
    spot, strikes = _strikes(client, 45)
    i = min(range(len(strikes)), key=lambda j: abs(float(strikes[j]["strike-price"]) - spot))
    low, mid, high = strikes[i - 5]["call"], strikes[i]["call"], strikes[i + 5]["call"]
    marks = {row["symbol"]: float(row["mark"]) for row in client.get(
        "/market-data/by-type", params={"equity-option": [low, mid, high]}
    ).json()["data"]["items"]}
    debit = marks[low] - 2 * marks[mid] + marks[high]
    bpe = _bpe(client, _order(("Buy to Open", low, 1), ("Sell to Open", mid, 2),
                              ("Buy to Open", high, 1), price="0.50", effect="Debit"))
    assert float(bpe["isolated-order-margin-requirement"]) == pytest.approx(debit * 100, abs=1)
    assert bpe["change-in-margin-requirement"] == bpe["isolated-order-margin-requirement"]


def test_dry_run_faults_make_a_2xx_carry_errors_and_warnings(sim, client) -> None:
    body = _spread(client)
    sim.state.faults.append(parse_fault("path=/accounts/*/orders/dry-run,dry_run_errors,"
                                        "dry_run_warnings"))
    r = client.post(DRY, json=body)
    assert r.status_code == 201
    data = r.json()["data"]
    assert data["errors"] and {"code", "message"} <= set(data["errors"][0])
    assert any(w["code"] != "tif_next_valid_sesssion" for w in data["warnings"])
    assert "buying-power-effect" in data and "error" not in r.json()
    r = client.post(DRY, json=body)  # count=1: spent
    assert r.status_code == 201 and "errors" not in r.json()["data"]


@pytest.mark.parametrize("lots", [3_000, 100_000])
def test_a_large_iron_condor_answers_at_once(client, lots: int) -> None:
    spot, strikes = _strikes(client, 45)
    i = min(range(len(strikes)), key=lambda j: abs(float(strikes[j]["strike-price"]) - spot))
    body = _order(("Buy to Open", strikes[i - 25]["put"], lots),
                  ("Sell to Open", strikes[i - 20]["put"], lots),
                  ("Sell to Open", strikes[i + 20]["call"], lots),
                  ("Buy to Open", strikes[i + 25]["call"], lots))
    started = time.perf_counter()
    r = client.post(DRY, json=body)
    assert time.perf_counter() - started < 1.0
    assert r.status_code in (201, 422), r.text  # accepted, or refused for buying power
    assert float(r.json()["data"]["buying-power-effect"]["isolated-order-margin-requirement"]) \
        <= 5 * 100 * lots  # never more than the width


@pytest.mark.parametrize(("qty", "reason"), [
    (10**12, "at most 100000 contracts"), ("1e400", "at most 100000 contracts"),
    (1.5, "whole number"),
])
def test_over_size_orders_are_refused_with_the_error_shape(client, qty, reason) -> None:
    body = _spread(client)
    for leg in body["legs"]:
        leg["quantity"] = qty
    started = time.perf_counter()
    r = client.post(DRY, json=body)
    assert time.perf_counter() - started < 1.0
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "validation_error" and err["message"]
    assert reason in err["errors"][0]["reason"]


def test_bodies_beyond_reason_are_refused(client) -> None:
    too_many = _spread(client)
    too_many["legs"] = too_many["legs"] * 3
    r = client.post(DRY, json=too_many)
    assert r.status_code == 422 and r.json()["error"]["errors"][0]["domain"] == "legs"
    r = client.post(DRY, json=_spread(client, price="1e400"))
    assert r.status_code == 422 and r.json()["error"]["errors"][0]["domain"] == "price"
    r = client.post(DRY, content=b"[" * 100_000, headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_json"
    r = client.post(DRY, content=b"[" * 50_000)  # nested too deep for a parser
    assert r.status_code == 400
