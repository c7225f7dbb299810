"""No crafted account number can turn the dry-run into a submission.

The review's bypass: an account number from the API such as `5WT00001/orders#` cut the
dry-run path down to `POST /accounts/5WT00001/orders`. Here each crafted number comes
back from the simulator's real account list (rewritten on the way), from --account, and
straight into the client; the proof is twofold: the simulator's `/_sim/submissions`
journal stays empty, and no request naming an orders path other than the dry-run ever
reached the transport.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from tastyking.api import endpoints
from tastyking.api.client import ApiClient, is_submission
from tastyking.api.orders import dry_run
from tastyking.config import load_settings
from tastyking.credentials import Credentials
from tastyking.errors import UsageError

CRAFTED = [
    "5WT00001/orders#",
    "5WT00001/orders?x=",
    "5WT00001/complex-orders?",
    "..%2Forders",
    "5WT00001/orders",
    "5WT00001%2Forders%23",
    "5WT00001/../orders",
    "5WT00001/orders/",
    "5wt00001",
]
STRANGLE = ("prepare-order", "strangle", "SPY", "--dte", "45", "--delta", "0.16", "--json")


def submissions(server: Any) -> list[Any]:
    return httpx.get(server.base_url + "/_sim/submissions", timeout=5).json()["submissions"]


def orders_requests(sent: list[httpx.Request]) -> list[str]:
    """Every request that reached the transport and names an orders path."""
    return [f"{r.method} {r.url.raw_path.decode()}" for r in sent
            if "orders" in r.url.raw_path.decode().lower()]


def crafted_accounts(number: str):  # type: ignore[no-untyped-def]
    def rule(body: Any) -> Any:
        for item in body["data"]["items"]:
            item["account"]["account-number"] = number
        return body
    return rule


@pytest.mark.parametrize("number", CRAFTED)
def test_a_crafted_account_number_from_the_api_never_reaches_an_orders_path(
        tk, sim_server, rewrite, number: str) -> None:
    before = len(submissions(sim_server))
    transport = rewrite(sim_server, [(r"^/customers/me/accounts$", crafted_accounts(number))])
    prepared = tk(*STRANGLE)
    account = tk("account", "--json")
    positions = tk("positions", "--json")
    # the account list is a bad response: nothing to read, and no broker validation
    assert account.code == 5 and positions.code == 5, (account.err, positions.err)
    assert "not one" in account.err and len(account.err.strip().splitlines()) == 1
    assert prepared.code != 0 and prepared.code != 1, prepared.err
    assert orders_requests(transport.sent) == []
    assert len(submissions(sim_server)) == before


@pytest.mark.parametrize("number", CRAFTED)
def test_a_crafted_account_flag_is_refused_before_any_request(
        tk, sim_server, rewrite, number: str) -> None:
    before = len(submissions(sim_server))
    transport = rewrite(sim_server, [])
    r = tk("--account", number, *STRANGLE)
    assert r.code == 2, r.err
    assert len(r.err.strip().splitlines()) == 1 and "account number" in r.err
    assert transport.sent == []
    assert len(submissions(sim_server)) == before


def test_the_client_checks_the_final_url_before_and_at_the_transport() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.url.path == "/oauth/token":
            return httpx.Response(200, json={"access_token": "t", "expires_in": 900})
        return httpx.Response(200, json={"data": {"account-number": "5WT00001",
                                                  "net-liquidating-value": "1000.00"}})

    async def go() -> None:
        settings = load_settings(api_url="http://127.0.0.1:9")
        api = ApiClient("http://127.0.0.1:9", settings, Credentials("demo-secret", "demo-refresh"),
                        transport=httpx.MockTransport(handler))
        async with api:
            for number in CRAFTED:
                with pytest.raises(UsageError, match="not a tastytrade account number"):
                    await dry_run(api, number, {"legs": []})
                # even a raw path built by hand: the guard reads what httpx would send
                for raw in (f"/accounts/{number}/orders/dry-run",
                            f"/accounts/{number}/complex-orders/dry-run"):
                    with pytest.raises(RuntimeError, match="never submits"):
                        await api.post(raw, {"legs": []}, idempotent=True)
            # the transport-level gate: a request sent around ApiClient.request
            with pytest.raises(RuntimeError, match="never submits"):
                await api._http.post("/accounts/5WT00001/orders#/orders/dry-run", json={})
            await endpoints.balances(api, "5WT00001")  # an honest read still goes through

    asyncio.run(go())
    assert [r.url.path for r in sent] == ["/oauth/token", "/accounts/5WT00001/balances"]


@pytest.mark.parametrize("url,submits", [
    ("/accounts/5WT00001/orders/dry-run", False),
    ("/accounts/5WT00001/orders", True),
    ("/accounts/5WT00001/orders#/orders/dry-run", True),
    ("/accounts/5WT00001/orders?x=/orders/dry-run", True),
    ("/accounts/5WT00001/complex-orders?/orders/dry-run", True),
    ("/accounts/5WT00001%2Forders/orders/dry-run", True),
    ("/accounts/..%2Forders/orders/dry-run", True),
    ("/accounts/5WT00001/complex-orders/dry-run", True),
    ("/accounts/5WT00001/ORDERS", True),
])
def test_is_submission_reads_the_parsed_url(url: str, submits: bool) -> None:
    assert is_submission("POST", httpx.URL("http://127.0.0.1" + url)) is submits
    assert is_submission("GET", httpx.URL("http://127.0.0.1" + url)) is False
