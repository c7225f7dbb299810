"""The client's recovery paths, through the simulator's fault injection over loopback."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from tastyking.api import endpoints
from tastyking.api.client import ApiClient
from tastyking.config import load_settings
from tastyking.credentials import Credentials
from tastyking.errors import ApiUnreachable, AuthError, RateLimited


def client(server, **overrides) -> ApiClient:  # type: ignore[no-untyped-def]
    values = {"backoff_base": 0.01, "backoff_max": 0.05, **overrides}
    settings = load_settings(api_url=server.base_url, **values)
    return ApiClient(server.base_url, settings, Credentials("demo-secret", "demo-refresh"))


def fault(server, **spec) -> None:  # type: ignore[no-untyped-def]
    httpx.post(server.base_url + "/_sim/faults", json=spec, timeout=5).raise_for_status()


def hits(server, path_part: str) -> list[dict]:  # type: ignore[no-untyped-def]
    journal = httpx.get(server.base_url + "/_sim/journal", timeout=5).json()
    entries = journal["journal"] if isinstance(journal, dict) else journal
    return [e for e in entries if path_part in e["path"]]


def run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)


def test_user_agent_and_bearer_on_every_request(fresh_sim) -> None:  # type: ignore[no-untyped-def]
    async def go() -> None:
        async with client(fresh_sim) as api:
            await endpoints.accounts(api)
            assert api.tokens.grants == 1

    run(go())


def test_5xx_on_a_read_is_retried_then_succeeds(fresh_sim) -> None:  # type: ignore[no-untyped-def]
    fault(fresh_sim, path="/accounts/*/balances", status=503, count=2)

    async def go() -> None:
        async with client(fresh_sim) as api:
            bal = await endpoints.balances(api, "5WT00001")
            assert bal.account_number == "5WT00001"

    run(go())
    assert [e["status"] for e in hits(fresh_sim, "/balances")] == [503, 503, 200]


def test_5xx_exhausts_retries_into_unreachable(fresh_sim) -> None:  # type: ignore[no-untyped-def]
    fault(fresh_sim, path="/accounts/*/balances", status=502, count=0)

    async def go() -> None:
        async with client(fresh_sim, max_retries=2) as api:
            with pytest.raises(ApiUnreachable, match="HTTP 502"):
                await endpoints.balances(api, "5WT00001")

    run(go())
    assert len(hits(fresh_sim, "/balances")) == 3


def test_5xx_on_a_non_idempotent_post_is_not_retried(fresh_sim) -> None:  # type: ignore[no-untyped-def]
    fault(fresh_sim, path="/customers/me", method="POST", status=503, count=0)

    async def go() -> None:
        async with client(fresh_sim) as api:
            with pytest.raises(ApiUnreachable):
                await api.post("/customers/me", {"x": 1})

    run(go())
    assert len([e for e in hits(fresh_sim, "/customers/me") if e["method"] == "POST"]) == 1


def test_429_waits_for_retry_after(fresh_sim) -> None:  # type: ignore[no-untyped-def]
    fault(fresh_sim, path="/accounts/*/positions", status=429, count=1, retry_after=1)

    async def go() -> float:
        async with client(fresh_sim) as api:
            t = time.monotonic()
            await endpoints.positions(api, "5WT00001")
            return time.monotonic() - t

    elapsed = run(go())
    assert elapsed >= 0.95
    assert [e["status"] for e in hits(fresh_sim, "/positions")] == [429, 200]


def test_429_forever_becomes_rate_limited(fresh_sim) -> None:  # type: ignore[no-untyped-def]
    fault(fresh_sim, path="/accounts/*/positions", status=429, count=0)

    async def go() -> None:
        async with client(fresh_sim, max_retries=1) as api:
            with pytest.raises(RateLimited):
                await endpoints.positions(api, "5WT00001")

    run(go())


def test_expired_token_is_refreshed_once_and_request_retried(fresh_sim) -> None:  # type: ignore[no-untyped-def]
    async def go() -> None:
        async with client(fresh_sim) as api:
            await endpoints.accounts(api)
            httpx.post(fresh_sim.base_url + "/_sim/expire-tokens", timeout=5).raise_for_status()
            await endpoints.balances(api, "5WT00001")
            assert api.tokens.grants == 2

    run(go())
    assert [e["status"] for e in hits(fresh_sim, "/balances")] == [401, 200]


def test_token_refreshed_ahead_of_expiry(fresh_sim) -> None:  # type: ignore[no-untyped-def]
    fresh_sim.state.config.token_ttl = 30  # inside the 60 s margin: every call re-grants

    async def go() -> None:
        async with client(fresh_sim) as api:
            await endpoints.accounts(api)
            await endpoints.balances(api, "5WT00001")
            assert api.tokens.grants == 2

    run(go())
    assert all(e["status"] == 200 for e in hits(fresh_sim, "/accounts"))


def test_malformed_body_is_retried_for_reads(fresh_sim) -> None:  # type: ignore[no-untyped-def]
    fault(fresh_sim, path="/accounts/*/trading-status", malformed=True, count=1)

    async def go() -> None:
        async with client(fresh_sim) as api:
            st = await endpoints.trading_status(api, "5WT00001")
            assert st.account_number == "5WT00001"

    run(go())


def test_slow_response_times_out_and_is_bounded(fresh_sim) -> None:  # type: ignore[no-untyped-def]
    fault(fresh_sim, path="/accounts/*/balances", delay_ms=3000, count=0)

    async def go() -> float:
        async with client(fresh_sim, request_timeout=0.3, max_retries=1) as api:
            t = time.monotonic()
            with pytest.raises(ApiUnreachable, match="timed out"):
                await endpoints.balances(api, "5WT00001")
            return time.monotonic() - t

    assert run(go()) < 2.0


def test_command_deadline_bounds_everything(fresh_sim) -> None:  # type: ignore[no-untyped-def]
    fault(fresh_sim, path="/accounts/*/balances", status=503, count=0)

    async def go() -> float:
        async with client(fresh_sim, command_timeout=1.0, max_retries=10,
                          backoff_base=0.4, backoff_max=0.4) as api:
            t = time.monotonic()
            with pytest.raises(ApiUnreachable):
                await endpoints.balances(api, "5WT00001")
            return time.monotonic() - t

    assert run(go()) < 1.6


def test_connection_refused_is_unreachable_quickly() -> None:
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    settings = load_settings(api_url=f"http://127.0.0.1:{port}", backoff_base=0.01,
                             max_retries=1)

    async def go() -> None:
        async with ApiClient(settings.base_url() or "", settings,
                             Credentials("demo-secret", "demo-refresh")) as api:
            with pytest.raises(ApiUnreachable):
                await endpoints.accounts(api)

    run(go())


def test_wrong_credentials_are_auth_error(fresh_sim) -> None:  # type: ignore[no-untyped-def]
    settings = load_settings(api_url=fresh_sim.base_url)

    async def go() -> None:
        async with ApiClient(fresh_sim.base_url, settings,
                             Credentials("nope-secret", "nope-refresh")) as api:
            with pytest.raises(AuthError) as info:
                await endpoints.accounts(api)
            assert "nope-secret" not in str(info.value)

    run(go())


def test_real_order_submission_path_is_refused_client_side(fresh_sim) -> None:  # type: ignore[no-untyped-def]
    async def go() -> None:
        async with client(fresh_sim) as api:
            with pytest.raises(RuntimeError, match="never submits"):
                await api.request("POST", "/accounts/5WT00001/orders", json={"legs": []})

    run(go())
    assert hits(fresh_sim, "/orders") == []


def test_rate_limiter_spaces_a_burst() -> None:
    from tastyking.api.ratelimit import RateLimiter

    async def go() -> float:
        limiter = RateLimiter(rate=20, burst=2)
        t = time.monotonic()
        for _ in range(6):
            await limiter.acquire()
        return time.monotonic() - t

    # 2 free, then 4 more at 20/s = 0.2 s
    assert 0.18 <= run(go()) < 0.5


def test_pagination_is_followed_to_the_last_page(fresh_sim) -> None:  # type: ignore[no-untyped-def]
    async def go() -> tuple[list, list]:  # type: ignore[type-arg]
        async with client(fresh_sim) as api:
            everything = await api.get_items("/instruments/futures",
                                             {"product-code[]": "ES", "per-page": 1000})
            paged = await api.get_items("/instruments/futures",
                                        {"product-code[]": "ES", "per-page": 2})
            return everything, paged

    everything, paged = run(go())
    assert len(everything) >= 3
    assert [f["symbol"] for f in paged] == [f["symbol"] for f in everything]
    assert len(hits(fresh_sim, "/instruments/futures")) == 1 + (len(everything) + 1) // 2
