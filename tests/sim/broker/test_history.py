"""Net-liq history and transactions: the recorded shape, the filters, and a history that
adds up to today's balances."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import httpx

from tests.conftest import FIXTURES

MAIN, IRA = "5WT00001", "5WT00002"


def _recorded(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def _same_types(recorded: dict[str, Any], row: dict[str, Any]) -> None:
    assert set(recorded) <= set(row), set(recorded) - set(row)
    for key, value in recorded.items():
        assert type(row[key]) is type(value), (key, row[key], value)


def _signed(value: str, effect: str) -> float:
    return float(value) * {"Credit": 1, "Debit": -1, "None": 0}[effect]


def test_net_liq_history_is_the_recorded_shape_and_ends_at_todays_net_liq(client) -> None:
    recorded = _recorded("Get_Net_Liq_History.json")["data"]["items"][0]
    nlv = client.get(f"/accounts/{MAIN}/balances").json()["data"]["net-liquidating-value"]
    for back in ("1d", "1m", "1y"):
        body = client.get(f"/accounts/{MAIN}/net-liq/history", params={"time-back": back})
        items = body.json()["data"]["items"]
        assert items, back
        for row in items:
            _same_types(recorded, row)
            assert row["time"].endswith("+00") and "T" not in row["time"]
        assert items[-1]["close"] == nlv
        times = [r["time"] for r in items]
        assert times == sorted(times)


def test_net_liq_history_all_starts_at_the_deposit(client) -> None:
    items = client.get(f"/accounts/{MAIN}/net-liq/history",
                       params={"time-back": "all"}).json()["data"]["items"]
    assert items[0]["close"] == "250000.0"
    assert items[0]["time"].startswith("2021-04-07")
    month = client.get(f"/accounts/{MAIN}/net-liq/history", params={"time-back": "1m"})
    assert 15 <= len(month.json()["data"]["items"]) <= 24  # trading days in a month


def test_net_liq_history_refuses_an_unknown_period(client) -> None:
    r = client.get(f"/accounts/{MAIN}/net-liq/history", params={"time-back": "2w"})
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "invalid_parameter"


def test_transactions_are_the_recorded_shape(client) -> None:
    body = client.get(f"/accounts/{MAIN}/transactions").json()
    trade = _recorded("Get_Transactions.json")["data"]["items"][0]
    deposit_like = _recorded("official_guide/Get_Transactions_Guide.json")["data"]["items"][2]
    assert set(_recorded("Get_Transactions.json")["pagination"]) == set(body["pagination"])
    rows = body["data"]["items"]
    trades = [r for r in rows if r["transaction-type"] == "Trade"]
    money = [r for r in rows if r["transaction-type"] == "Money Movement"]
    assert trades and len(money) == 1
    for row in trades:
        _same_types(trade, row)
    common = {k: v for k, v in deposit_like.items() if k not in ("symbol", "instrument-type",
                                                                 "underlying-symbol")}
    _same_types(common, money[0])
    assert money[0]["transaction-sub-type"] == "Deposit"


def test_transactions_add_up_to_the_cash_balance(client) -> None:
    for acct in (MAIN, IRA):
        rows = client.get(f"/accounts/{acct}/transactions").json()["data"]["items"]
        cash = client.get(f"/accounts/{acct}/balances").json()["data"]["cash-balance"]
        net = sum(_signed(r["net-value"], r["net-value-effect"]) for r in rows)
        assert round(net, 2) == float(cash)
        for r in rows:  # gross less fees is net, to the mill
            fees = sum(float(r.get(k, "0")) for k in (
                "regulatory-fees", "clearing-fees", "commission", "proprietary-index-option-fees"))
            gross = _signed(r["value"], r["value-effect"])
            assert abs(gross - fees - _signed(r["net-value"], r["net-value-effect"])) < 0.002


def test_transactions_opened_every_position(client) -> None:
    positions = client.get(f"/accounts/{MAIN}/positions").json()["data"]["items"]
    rows = client.get(f"/accounts/{MAIN}/transactions",
                      params={"type": "Trade"}).json()["data"]["items"]
    opened = {r["symbol"]: r for r in rows if r["action"].endswith("to Open")}
    for p in positions:
        row = opened[p["symbol"]]
        assert row["action"] == ("Sell to Open" if p["quantity-direction"] == "Short"
                                 else "Buy to Open")
        assert float(row["quantity"]) == p["quantity"]
        assert row["price"] == p["average-open-price"]


def test_transaction_filters_and_pages(client) -> None:
    url = f"/accounts/{MAIN}/transactions"
    every = client.get(url).json()["data"]["items"]
    spy = client.get(url, params={"underlying-symbol": "SPY"}).json()["data"]["items"]
    assert spy and all(r["underlying-symbol"] == "SPY" for r in spy)
    one = spy[0]["symbol"]
    assert {r["symbol"] for r in client.get(url, params={"symbol": one}).json()["data"]
            ["items"]} == {one}
    dates = sorted(r["transaction-date"] for r in every)
    mid = dates[len(dates) // 2]
    later = client.get(url, params={"start-date": mid}).json()["data"]["items"]
    earlier = client.get(url, params={"end-date": mid}).json()["data"]["items"]
    assert all(r["transaction-date"] >= mid for r in later)
    assert all(r["transaction-date"] <= mid for r in earlier)
    assert len(later) + len(earlier) >= len(every)
    page = client.get(url, params={"per-page": 2, "page-offset": 1}).json()
    assert page["pagination"]["total-items"] == len(every)
    assert [r["id"] for r in page["data"]["items"]] == [r["id"] for r in every[2:4]]
    assert client.get(url, params={"start-date": "soon"}).status_code == 400


def test_total_fees_of_a_day(client) -> None:
    rows = client.get(f"/accounts/{MAIN}/transactions",
                      params={"type": "Trade"}).json()["data"]["items"]
    day = rows[0]["transaction-date"]
    want = sum(sum(float(r.get(k, "0")) for k in (
        "regulatory-fees", "clearing-fees", "commission", "proprietary-index-option-fees"))
        for r in rows if r["transaction-date"] == day)
    body = client.get(f"/accounts/{MAIN}/transactions/total-fees", params={"date": day}).json()
    assert set(body["data"]) == set(_recorded("Get_Transactions_Total_Fees.json")["data"])
    assert abs(float(body["data"]["total-fees"]) - want) < 0.002
    assert body["data"]["total-fees-effect"] == "Debit"
    quiet = client.get(f"/accounts/{MAIN}/transactions/total-fees",
                       params={"date": date(2024, 1, 2).isoformat()}).json()["data"]
    assert quiet == {"total-fees": "0.0", "total-fees-effect": "None"}


def test_someone_elses_account_is_refused(client: httpx.Client) -> None:
    for path in ("net-liq/history", "transactions", "transactions/total-fees"):
        assert client.get(f"/accounts/5WT99999/{path}").status_code == 403
