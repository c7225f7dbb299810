"""DXLinkClient and the one-shot helpers against the real simulator over loopback."""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from typing import Any

import httpx
import pytest

from tastyking.stream import (
    DXLinkClient,
    EventSnapshot,
    StreamError,
    collect,
    collect_from,
    fetch_candles,
)
from tests.stream.support import PINNED_MS, Feed, run

FAST: dict[str, Any] = {"backoff_base": 0.05, "backoff_max": 0.2}


def test_collect_reports_each_wanted_event_and_unknown_symbols_as_missing(pinned: Feed) -> None:
    wanted = {"Quote": ["SPY", "SPX", "NOPE"], "Summary": ["SPY"], "Profile": ["SPY"]}
    start = time.monotonic()
    got = run(collect(pinned.url, pinned.token, wanted, timeout=1.0))
    elapsed = time.monotonic() - start
    assert got.missing == {("Quote", "NOPE")}
    assert 0.9 <= elapsed <= 3.0  # waited for the missing one, then gave up
    spy, spx = got.events[("Quote", "SPY")], got.events[("Quote", "SPX")]
    assert 0 < spy["bidPrice"] < spy["askPrice"] and spy["bidSize"] > 0
    assert spx["bidPrice"] > 0 and spx["bidSize"] is None  # "NaN" on the wire, never invented
    assert got.events[("Summary", "SPY")]["prevDayClosePrice"] > 0
    profile = got.events[("Profile", "SPY")]
    assert profile["high52WeekPrice"] >= profile["low52WeekPrice"] > 0
    assert got.error is None


def test_collect_returns_as_soon_as_everything_reported(pinned: Feed) -> None:
    start = time.monotonic()
    got = run(collect(pinned.url, pinned.token, {"Quote": ["SPY"], "Trade": ["QQQ"]}, 10.0))
    assert not got.missing and time.monotonic() - start < 3.0


def _near_atm_option(feed: Feed) -> tuple[str, str]:
    """(OCC symbol, streamer symbol) of a near-the-money SPY call, from the REST chain."""
    chain = feed.rest("/option-chains/SPY/nested")["items"][0]
    spot = float(feed.rest("/market-data/by-type", equity="SPY")["items"][0]["mark"])
    expirations = [e for e in chain["expirations"] if int(e["days-to-expiration"]) >= 14]
    strikes = expirations[0]["strikes"]
    strike = min(strikes, key=lambda s: abs(float(s["strike-price"]) - spot))
    return strike["call"], strike["call-streamer-symbol"]


def test_greeks_equal_the_rest_market_data_for_the_same_option(pinned: Feed) -> None:
    occ, streamer = _near_atm_option(pinned)
    rest = pinned.rest("/market-data/by-type", **{"equity-option": occ})["items"][0]
    got = run(collect(pinned.url, pinned.token,
                      {"Greeks": [streamer], "TheoPrice": [streamer], "Summary": [streamer]},
                      timeout=5.0))
    assert not got.missing
    greeks = got.events[("Greeks", streamer)]
    for field, key in [("delta", "delta"), ("gamma", "gamma"), ("theta", "theta"),
                       ("vega", "vega"), ("rho", "rho"), ("volatility", "volatility"),
                       ("price", "theo-price")]:
        assert greeks[field] == pytest.approx(float(rest[key]), rel=1e-6, abs=1e-8), field
    assert 0.3 < greeks["delta"] < 0.7 and greeks["theta"] < 0
    assert got.events[("TheoPrice", streamer)]["price"] == pytest.approx(greeks["price"])
    assert got.events[("Summary", streamer)]["openInterest"] == int(rest["open-interest"])


def test_fetch_candles_oldest_first_and_unknown_symbols_absent(pinned: Feed) -> None:
    from_time = PINNED_MS - 30 * 86_400_000
    bars = run(fetch_candles(pinned.url, pinned.token, ["SPY", "QQQ", "NOPE"],
                             from_time_ms=from_time, period="1d", timeout=1.0))
    assert set(bars) == {"SPY", "QQQ"}
    spy = bars["SPY"]
    assert 18 <= len(spy) <= 23  # trading sessions in 30 calendar days
    times = [b.time_ms for b in spy]
    assert times == sorted(times) and times[0] >= from_time and times[-1] <= PINNED_MS
    assert all(b.low is not None and b.high is not None and b.low <= b.high for b in spy)
    hourly = run(fetch_candles(pinned.url, pinned.token, ["SPY"], period="1h",
                               from_time_ms=PINNED_MS - 3 * 86_400_000, timeout=2.0))
    assert len(hourly["SPY"]) >= 6


def test_refused_token_is_a_stream_error_that_hides_the_token(
    pinned: Feed, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # even a global --debug must not log the AUTH frame
    secret = "definitely-not-issued-7f3a"
    start = time.monotonic()
    with pytest.raises(StreamError) as err:
        run(collect(pinned.url, secret, {"Quote": ["SPY"]}, timeout=5.0))
    assert err.value.reason == "auth" and time.monotonic() - start < 3.0
    assert secret not in str(err.value) and secret not in repr(err.value)
    assert secret not in repr(DXLinkClient(pinned.url, secret))
    assert secret not in caplog.text


def test_client_keepalives_keep_a_short_timeout_session_alive(pinned: Feed) -> None:
    async def go() -> DXLinkClient:
        async with DXLinkClient(pinned.url, pinned.token, keepalive_interval=0.3,
                                keepalive_timeout=1.0, **FAST) as client:
            await client.subscribe("Quote", ["SPY"])
            deadline = time.monotonic() + 2.5
            while time.monotonic() < deadline:
                await client.get(timeout=2.0)  # live updates keep coming
            return client

    client = run(go())
    assert client.reconnects == 0


def _post(feed: Feed, path: str, body: Any) -> None:
    httpx.post(feed.base_url + path, json=body, timeout=5).raise_for_status()


def test_dropped_connection_reconnects_and_resubscribes(fresh: Feed) -> None:
    async def go() -> tuple[DXLinkClient, set[str], list[Any]]:
        async with DXLinkClient(fresh.url, fresh.token, **FAST) as client:
            await client.subscribe("Quote", ["SPY", "QQQ"])
            await client.subscribe("Candle", ["SPY{=1d}"], from_time=PINNED_MS - 5 * 86_400_000)
            first = await client.get(timeout=3)
            # the server drops the socket after its next two FEED_DATA frames
            await asyncio.to_thread(_post, fresh, "/_sim/stream-faults",
                                    {"drop_after_frames": 2})
            seen: set[str] = set()
            snapshots: list[Any] = [first]
            deadline = time.monotonic() + 8
            while time.monotonic() < deadline:
                item = await client.get(timeout=3)
                if client.reconnects:
                    if isinstance(item, EventSnapshot):
                        snapshots.append(item)
                    else:
                        seen.add(item["eventSymbol"])
                    if {"SPY", "QQQ"} <= seen and len(snapshots) > 1:
                        break
            return client, seen, snapshots

    client, seen, snapshots = run(go(), timeout=20)
    assert client.reconnects == 1
    assert {"SPY", "QQQ"} <= seen  # both quotes keep coming after the reconnect
    assert isinstance(snapshots[-1], EventSnapshot)  # and the candle history was re-requested
    assert fresh.server.state.stream_faults["drop_after_frames"] is None  # fired once


def test_reconnects_exhausted_raise_within_a_bounded_time(fresh: Feed) -> None:
    async def go() -> tuple[StreamError, float]:
        client = DXLinkClient(fresh.url, fresh.token, max_reconnects=2, connect_timeout=1.0,
                              **FAST)
        async with client:
            await client.subscribe("Quote", ["SPY"])
            await client.get(timeout=3)
            await asyncio.to_thread(fresh.server.stop)  # the server goes away for good
            start = time.monotonic()
            with pytest.raises(StreamError) as err:
                while True:
                    await client.get(timeout=10)
            return err.value, time.monotonic() - start

    error, elapsed = run(go(), timeout=20)
    assert error.reason == "reconnects" and "2 reconnect" in str(error)
    assert elapsed < 5.0


def test_nothing_listening_fails_fast_instead_of_hanging() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: connection refused
    start = time.monotonic()
    with pytest.raises(StreamError) as err:
        run(collect(f"ws://127.0.0.1:{port}/realtime", "t", {"Quote": ["SPY"]}, timeout=3.0,
                    max_reconnects=1, **FAST))
    assert err.value.reason == "reconnects" and time.monotonic() - start < 3.5


def test_collect_from_an_open_client_and_unsubscribe(pinned: Feed) -> None:
    async def go() -> None:
        async with DXLinkClient(pinned.url, pinned.token) as client:
            got = await collect_from(client, {"Quote": ["SPY"]}, timeout=3.0)
            assert not got.missing
            await client.unsubscribe("Quote", ["SPY"])
            assert ("Quote", "SPY") not in client.session.subscriptions

    run(go())


def test_collect_in_full_format(pinned: Feed) -> None:
    got = run(collect(pinned.url, pinned.token, {"Quote": ["SPY"], "Greeks": ["SPY"]},
                      timeout=1.0, data_format="FULL"))
    assert got.events[("Quote", "SPY")]["askPrice"] > 0
    assert got.missing == {("Greeks", "SPY")}  # Greeks exist for options only


def test_stream_delay_and_handshake_latency_are_honoured(fresh: Feed) -> None:
    fresh.server.state.config.latency_ms = 300
    _post(fresh, "/_sim/stream-faults", {"delay_ms": 300})
    start = time.monotonic()
    got = run(collect(fresh.url, fresh.token, {"Quote": ["SPY"]}, timeout=5.0))
    assert not got.missing and 0.6 <= time.monotonic() - start < 3.0
