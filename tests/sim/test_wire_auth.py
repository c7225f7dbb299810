"""Wire format and auth rules of the simulator, over real loopback HTTP."""

from __future__ import annotations

import json
from typing import Any

import httpx

from tests.conftest import FIXTURES
from tests.sim.conftest import GRANT, UA


def _fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def _keys_are_kebab(value: Any) -> bool:
    if isinstance(value, dict):
        return all("_" not in k and k == k.lower() and _keys_are_kebab(v)
                   for k, v in value.items())
    if isinstance(value, list):
        return all(_keys_are_kebab(v) for v in value)
    return True


def test_missing_user_agent_gets_nginx_html_401(sim) -> None:
    r = httpx.get(sim.base_url + "/customers/me", headers={"User-Agent": ""})
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("text/html")
    assert "nginx" in r.text


def test_bad_grant_gets_flat_oauth_error(sim) -> None:
    r = httpx.post(sim.base_url + "/oauth/token", headers=UA,
                   json={**GRANT, "client_secret": "nope"})
    assert r.status_code == 401
    assert r.json() == {"error_code": "invalid_grant", "error_description": "Invalid JWT"}


def test_grant_accepts_form_bodies_and_is_snake_case(sim) -> None:
    r = httpx.post(sim.base_url + "/oauth/token", headers=UA, data=GRANT)
    body = r.json()
    assert r.status_code == 200
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert body["token_type"] == "Bearer" and body["expires_in"] == 900


def test_missing_or_expired_bearer_gets_json_401(sim, client) -> None:
    r = httpx.get(sim.base_url + "/customers/me", headers=UA)
    assert r.status_code == 401
    assert r.json() == {"error": {"code": "unauthorized", "message": "Unauthorized"}}
    assert client.get("/customers/me").status_code == 200
    assert httpx.post(sim.base_url + "/_sim/expire-tokens").status_code == 200
    r = client.get("/customers/me")
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"


def test_envelope_context_and_kebab_keys(client) -> None:
    for path in ("/customers/me/accounts", "/accounts/5WT00001/balances",
                 "/accounts/5WT00001/positions", "/accounts/5WT00001/trading-status",
                 "/api-quote-tokens", "/market-metrics?symbols=SPY,/ES"):
        r = client.get(path)
        assert r.status_code == 200, path
        body = r.json()
        assert set(body) == {"data", "context"} and body["context"] == path.split("?")[0]
        assert _keys_are_kebab(body["data"]), path


def test_balances_have_every_recorded_key_as_strings(client) -> None:
    recorded = _fixture("Get_Account_Balance.json")["data"]
    data = client.get("/accounts/5WT00001/balances").json()["data"]
    assert set(recorded) <= set(data)
    for key, value in recorded.items():
        assert type(data[key]) is type(value), key
    assert float(data["net-liquidating-value"]) > 100_000
    assert float(data["derivative-buying-power"]) > 0
    assert float(data["used-derivative-buying-power"]) > 0
    usd = client.get("/accounts/5WT00002/balances/USD").json()["data"]
    assert usd["account-number"] == "5WT00002"


def test_positions_shape_and_demo_book(client) -> None:
    recorded = _fixture("Get_Positions.json")["data"]["items"][1]
    items = client.get("/accounts/5WT00001/positions").json()["data"]["items"]
    for row in items:
        assert set(recorded) <= set(row)
        assert isinstance(row["quantity"], int) and row["quantity"] > 0
        assert row["quantity-direction"] in ("Long", "Short")
        assert isinstance(row["average-open-price"], str)
    kinds = [(r["instrument-type"], r["quantity-direction"]) for r in items]
    assert kinds.count(("Future Option", "Short")) == 4  # the /ES and /MES strangles
    fop = next(r for r in items if r["symbol"].startswith("./ES"))
    mes = [r for r in items if r["symbol"].startswith("./MES")]
    assert len(mes) == 2 and all(r["multiplier"] == "5.0" and r["symbol"][7] != " " for r in mes)
    assert fop["multiplier"] == "50.0" and "expires-at" in fop  # decimals as strings
    spx = [r for r in items if r["symbol"].startswith("SPXW")]
    assert sorted(r["quantity-direction"] for r in spx) == ["Long", "Short"]
    lt112 = [r for r in items if r["symbol"].startswith("SPY ")]
    assert sum(r["quantity"] for r in lt112) == 4
    assert any(r["symbol"] == "IWM" and r["quantity"] == 100 for r in items)
    assert any(r["symbol"].startswith("/MCL") and r["instrument-type"] == "Future"
               for r in items)
    aapl = [r for r in items if r["symbol"].startswith("AAPL")]
    assert len(aapl) == 2
    ira = client.get("/accounts/5WT00002/positions").json()["data"]["items"]
    assert {(r["symbol"][:3], r["instrument-type"]) for r in ira} == {
        ("SPY", "Equity"), ("SPY", "Equity Option")}


def test_positions_filter_and_marks(client) -> None:
    r = client.get("/accounts/5WT00001/positions",
                   params={"underlying-symbol[]": "SPY", "include-marks": "true"})
    items = r.json()["data"]["items"]
    assert items and all(i["underlying-symbol"] == "SPY" for i in items)
    assert all("mark-price" in i for i in items)


def test_quote_token_points_at_this_server(sim, client) -> None:
    recorded = _fixture("Get_Api_Quote_Token.json")["data"]
    data = client.get("/api-quote-tokens").json()["data"]
    assert set(recorded) <= set(data)
    assert data["dxlink-url"] == sim.base_url.replace("http://", "ws://") + "/realtime"
    assert data["level"] == "api" and data["token"] in sim.state.quote_tokens


def test_unknown_account_and_symbol(client) -> None:
    r = client.get("/accounts/5XX99999/balances")
    assert r.status_code == 403
    assert r.json() == {"error": {"code": "not_permitted", "message": "User not permitted access"}}
    r = client.get("/option-chains/NOPE/nested")
    assert r.status_code == 404 and r.json()["error"]["code"] == "record_not_found"
    assert client.get("/instruments/futures/ZZZ9").status_code == 404


def test_accounts_and_trading_status(client) -> None:
    items = client.get("/customers/me/accounts").json()["data"]["items"]
    numbers = {i["account"]["account-number"]: i["account"] for i in items}
    assert numbers["5WT00001"]["margin-or-cash"] == "Margin"
    assert numbers["5WT00001"]["is-futures-approved"] is True
    assert numbers["5WT00002"]["account-type-name"] == "Roth IRA"
    one = client.get("/customers/me/accounts/5WT00002").json()["data"]
    assert one["suitable-options-level"] == "Covered And Cash Secured"
    status = client.get("/accounts/5WT00001/trading-status").json()["data"]
    assert status["options-level"] == "No Restrictions" and isinstance(status["id"], int)
