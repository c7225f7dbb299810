"""The simulator's DXLink server, driven by hand with literal messages over loopback."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from websockets.exceptions import ConnectionClosed

from tests.stream.support import PINNED_MS, Feed, Raw, raw_connect, run

QUOTE_FIELDS = ["eventSymbol", "bidPrice", "askPrice", "bidSize", "askSize"]


def test_handshake_refuses_a_bad_token_then_accepts_the_issued_one(pinned: Feed) -> None:
    async def go() -> None:
        async with raw_connect(pinned.url) as ws:
            dx = Raw(ws)
            await dx.send({"type": "SETUP", "channel": 0, "keepaliveTimeout": 60,
                           "acceptKeepaliveTimeout": 60, "version": "0.1-DXF-JS/0.3.0"})
            setup = await dx.recv()
            assert setup["type"] == "SETUP" and setup["channel"] == 0 and "version" in setup
            assert await dx.recv() == {"type": "AUTH_STATE", "channel": 0,
                                       "state": "UNAUTHORIZED"}
            # a feed request before AUTH is refused
            await dx.send({"type": "CHANNEL_REQUEST", "channel": 1, "service": "FEED",
                           "parameters": {"contract": "AUTO"}})
            assert (await dx.recv())["error"] == "UNAUTHORIZED"
            await dx.send({"type": "AUTH", "channel": 0, "token": "not-a-token"})
            assert (await dx.recv())["state"] == "UNAUTHORIZED"
            await dx.send({"type": "AUTH", "channel": 0, "token": pinned.token})
            authorized = await dx.recv()
            assert authorized["state"] == "AUTHORIZED" and authorized["userId"]

    run(go())


def test_even_channel_is_a_protocol_violation_and_cancel_closes(pinned: Feed) -> None:
    async def go() -> None:
        async with raw_connect(pinned.url) as ws:
            dx = Raw(ws)
            await dx.handshake(pinned.token)
            await dx.send({"type": "CHANNEL_REQUEST", "channel": 2, "service": "FEED",
                           "parameters": {"contract": "AUTO"}})
            assert await dx.recv() == {
                "type": "ERROR", "channel": 0, "error": "BAD_ACTION",
                "message": "Protocol violation with an even channel usage.",
            }
            await dx.send({"type": "CHANNEL_REQUEST", "channel": 7, "service": "FEED",
                           "parameters": {"contract": "AUTO"}})
            assert await dx.recv() == {"type": "CHANNEL_OPENED", "channel": 7,
                                       "service": "FEED", "parameters": {"contract": "AUTO"}}
            await dx.send({"type": "CHANNEL_CANCEL", "channel": 7})
            assert await dx.recv() == {"type": "CHANNEL_CLOSED", "channel": 7}

    run(go())


def test_compact_feed_uses_the_confirmed_fields_and_nan_strings(pinned: Feed) -> None:
    async def go() -> None:
        async with raw_connect(pinned.url) as ws:
            dx = Raw(ws)
            await dx.handshake(pinned.token)
            config = await dx.open_feed(1, {"Quote": [*QUOTE_FIELDS, "noSuchField"],
                                            "NoSuchEvent": ["eventSymbol"]})
            assert config["dataFormat"] == "COMPACT" and config["aggregationPeriod"] == 0.1
            assert config["eventFields"] == {"Quote": QUOTE_FIELDS}
            await dx.send({"type": "FEED_SUBSCRIPTION", "channel": 1, "add": [
                {"type": "Quote", "symbol": "SPY"}, {"type": "Quote", "symbol": "SPX"},
                {"type": "Quote", "symbol": "QQQQ"}]})
            data = (await dx.until("FEED_DATA"))["data"]
            assert data[0] == "Quote" and len(data) == 2  # one flat array, both events
            values = data[1]
            assert len(values) == 2 * len(QUOTE_FIELDS)  # the unknown QQQQ sends nothing
            spy, spx = values[:5], values[5:]
            assert spy[0] == "SPY" and 0 < spy[1] < spy[2] and spy[3] > 0
            assert spx[0] == "SPX" and spx[3] == "NaN" and spx[4] == "NaN"  # index sizes
            # reset drops the subscriptions: nothing more arrives for them
            await dx.send({"type": "FEED_SUBSCRIPTION", "channel": 1, "reset": True})
            try:
                late = await dx.until("FEED_DATA", timeout=1.5)
            except TimeoutError:
                late = None
            assert late is None

    run(go())


def test_full_format_objects_with_event_type(pinned: Feed) -> None:
    async def go() -> None:
        async with raw_connect(pinned.url) as ws:
            dx = Raw(ws)
            await dx.handshake(pinned.token)
            config = await dx.open_feed(3, {"Trade": ["eventSymbol", "price", "dayVolume"],
                                            "Summary": ["eventSymbol", "prevDayClosePrice"]},
                                        data_format="FULL")
            assert config["dataFormat"] == "FULL"
            await dx.send({"type": "FEED_SUBSCRIPTION", "channel": 3, "add": [
                {"type": "Trade", "symbol": "SPY"}, {"type": "Summary", "symbol": "SPY"}]})
            data = (await dx.until("FEED_DATA"))["data"]
            by_type = {e["eventType"]: e for e in data}
            assert set(by_type["Trade"]) == {"eventType", "eventSymbol", "price", "dayVolume"}
            assert by_type["Trade"]["eventSymbol"] == "SPY" and by_type["Trade"]["price"] > 0
            assert by_type["Summary"]["prevDayClosePrice"] > 0

    run(go())


def test_candle_snapshot_is_newest_first_with_dxfeed_flags(pinned: Feed) -> None:
    from_time = PINNED_MS - 20 * 86_400_000

    async def go() -> list[list[Any]]:
        async with raw_connect(pinned.url) as ws:
            dx = Raw(ws)
            await dx.handshake(pinned.token)
            fields = ["eventSymbol", "eventFlags", "time", "open", "high", "low", "close"]
            await dx.open_feed(1, {"Candle": fields})
            await dx.send({"type": "FEED_SUBSCRIPTION", "channel": 1, "add": [
                {"type": "Candle", "symbol": "SPY{=1d}", "fromTime": from_time}]})
            values = (await dx.until("FEED_DATA"))["data"][1]
            return [values[i : i + 7] for i in range(0, len(values), 7)]

    rows = run(go())
    flags = [r[1] for r in rows]
    times = [r[2] for r in rows]
    assert flags[0] == 4 and flags[-1] == 10 and set(flags[1:-1]) <= {0}
    assert 10 <= len(rows) - 1 <= 16  # ~14 sessions in 20 calendar days
    assert times[:-1] == sorted(times[:-1], reverse=True) and times[-2] >= from_time
    assert rows[-1][3:] == ["NaN"] * 4  # the terminator carries no prices
    assert all(r[4] >= max(r[3], r[6]) and r[5] <= min(r[3], r[6]) for r in rows[:-1])


def test_silent_client_gets_timeout_error_and_is_closed(pinned: Feed) -> None:
    async def go() -> tuple[dict[str, object], float]:
        async with raw_connect(pinned.url) as ws:
            dx = Raw(ws)
            await dx.handshake(pinned.token, keepalive=1)
            start = time.monotonic()
            error = await dx.until("ERROR", timeout=4)
            elapsed = time.monotonic() - start
            try:
                await asyncio.wait_for(ws.recv(), 2)
                closed = False
            except ConnectionClosed:
                closed = True
            assert closed
            return error, elapsed

    error, elapsed = run(go())
    assert error["error"] == "TIMEOUT" and "timeout has been reached" in str(error["message"])
    assert 0.9 <= elapsed <= 3.0


def test_keepalive_is_answered(pinned: Feed) -> None:
    async def go() -> None:
        async with raw_connect(pinned.url) as ws:
            dx = Raw(ws)
            await dx.handshake(pinned.token)
            await dx.send({"type": "KEEPALIVE", "channel": 0})
            assert await dx.recv(skip=()) == {"type": "KEEPALIVE", "channel": 0}

    run(go())
