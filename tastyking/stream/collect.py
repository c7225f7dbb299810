"""One-shot helpers the commands call: snapshot some events, or fetch candles.

Each helper comes in two forms: one that opens a session for the call
(`url`, `token`, client options as keywords) and a `..._from` variant that
works on an already open `DXLinkClient` (to share one socket between steps).

    collect(url, token, wanted, timeout, **client_options) -> Collected
    collect_from(client, wanted, timeout) -> Collected
        wanted: {"Quote": ["SPY", "SPX"], "Greeks": [".SPY261218C600"]}
        Returns as soon as every wanted (type, symbol) has reported, or when
        `timeout` (seconds, connecting included) passes; the rest are in
        `missing`. Values are only ever what the server sent. Raises
        StreamError when nothing could be collected because the stream failed
        (auth refused, unreachable); if it fails after some data arrived, the
        partial result is returned with `error` set.

    fetch_candles(url, token, symbols, *, from_time_ms, period="1d",
                  timeout=15.0, trading_hours_only=False, **client_options)
        -> dict[str, list[CandleBar]]
    fetch_candles_from(client, symbols, *, from_time_ms, period="1d",
                       timeout=15.0, trading_hours_only=False)
        symbols are streamer symbols ("SPY", "/ESZ25:XCME"); the result maps
        each symbol whose snapshot completed (SNAPSHOT_END) to its bars, oldest
        first. Symbols with no complete snapshot by the timeout are absent.
        Same error rule as collect.

Subscriptions made by the `_from` variants stay on the client.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tastyking.stream.decode import Event, EventSnapshot
from tastyking.stream.dxlink import DXLinkClient
from tastyking.stream.errors import StreamError

log = logging.getLogger("tastyking.stream")

Key = tuple[str, str]  # (event type, symbol)


@dataclass
class Collected:
    events: dict[Key, Event] = field(default_factory=dict)  # latest event per key
    missing: set[Key] = field(default_factory=set)
    error: str | None = None  # the stream failed after some data arrived


@dataclass(frozen=True)
class CandleBar:
    time_ms: int
    open: float | None
    high: float | None
    low: float | None
    close: float | None
    volume: float | None
    vwap: float | None

    @classmethod
    def from_event(cls, ev: Event) -> CandleBar:
        return cls(
            int(ev.get("time") or 0), ev.get("open"), ev.get("high"), ev.get("low"),
            ev.get("close"), ev.get("volume"), ev.get("vwap"),
        )


# ------------------------------------------------------------------ collect


async def collect(
    url: str,
    token: str,
    wanted: Mapping[str, Sequence[str]],
    timeout: float,
    **client_options: Any,
) -> Collected:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    client = _client(url, token, timeout, client_options)
    try:
        await _start(client, timeout)
        return await collect_from(client, wanted, deadline - loop.time())
    finally:
        await client.close()


async def collect_from(
    client: DXLinkClient, wanted: Mapping[str, Sequence[str]], timeout: float
) -> Collected:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    wanted_keys = {(t, s) for t, symbols in wanted.items() for s in symbols}
    result = Collected(missing=set(wanted_keys))
    for event_type, symbols in wanted.items():
        await client.subscribe(event_type, symbols)
    while result.missing:
        remaining = deadline - loop.time()
        if remaining <= 0:
            break
        try:
            item = await client.get(remaining)
        except TimeoutError:
            break
        except StreamError as exc:
            if not result.events:
                raise
            result.error = exc.message
            break
        if isinstance(item, EventSnapshot):
            if not item.events:
                continue
            key, event = (item.event_type, item.symbol), item.events[-1]
        else:
            key, event = (item["eventType"], item.get("eventSymbol") or ""), item
        if key in wanted_keys:
            result.events[key] = event
            result.missing.discard(key)
    return result


# ------------------------------------------------------------------ candles


async def fetch_candles(
    url: str,
    token: str,
    symbols: Sequence[str],
    *,
    from_time_ms: int,
    period: str = "1d",
    timeout: float = 15.0,
    trading_hours_only: bool = False,
    **client_options: Any,
) -> dict[str, list[CandleBar]]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    client = _client(url, token, timeout, client_options)
    try:
        await _start(client, timeout)
        return await fetch_candles_from(
            client, symbols, from_time_ms=from_time_ms, period=period,
            timeout=deadline - loop.time(), trading_hours_only=trading_hours_only,
        )
    finally:
        await client.close()


async def fetch_candles_from(
    client: DXLinkClient,
    symbols: Sequence[str],
    *,
    from_time_ms: int,
    period: str = "1d",
    timeout: float = 15.0,
    trading_hours_only: bool | Collection[str] = False,
) -> dict[str, list[CandleBar]]:
    """Candles per symbol. `trading_hours_only` is True/False for all symbols, or the
    symbols whose candles are regular-session only (`tho=true`); the rest include the
    extended hours."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout

    def tho(s: str) -> bool:
        return trading_hours_only if isinstance(trading_hours_only, bool) else (
            s in trading_hours_only)

    # The server may echo a normalised candle symbol ("SPY{=d}" for "SPY{=1d}").
    by_key = {normalize_candle_symbol(candle_symbol(s, period, tho(s))): s for s in symbols}
    await client.subscribe(
        "Candle", [candle_symbol(s, period, tho(s)) for s in symbols], from_time_ms
    )
    out: dict[str, list[CandleBar]] = {}
    while len(out) < len(by_key):
        remaining = deadline - loop.time()
        if remaining <= 0:
            break
        try:
            item = await client.get(remaining)
        except TimeoutError:
            break
        except StreamError as exc:
            if not out:
                raise
            log.warning("candle stream failed after %d symbols: %s", len(out), exc)
            break
        if not isinstance(item, EventSnapshot) or item.event_type != "Candle":
            continue
        symbol = by_key.get(normalize_candle_symbol(item.symbol))
        if symbol is not None:
            out[symbol] = [
                CandleBar.from_event(e) for e in item.events
                if e.get("time", 0) >= from_time_ms or not from_time_ms
            ]
    return out


def candle_symbol(symbol: str, period: str = "1d", trading_hours_only: bool = False) -> str:
    """`SPY`, `5m` -> `SPY{=5m}`; with trading_hours_only -> `SPY{=5m,tho=true}`."""
    return f"{symbol}{{={period}{',tho=true' if trading_hours_only else ''}}}"


_CANDLE = re.compile(r"^(?P<base>.*?)\{(?P<attrs>[^{}]*)\}$")
_PERIOD = re.compile(r"^(?P<value>\d*(?:\.\d+)?)(?P<unit>[a-zA-Z]+)$")


def normalize_candle_symbol(symbol: str) -> str:
    """Canonical form for matching: period value 1 omitted, attributes sorted."""
    m = _CANDLE.match(symbol)
    if not m:
        return symbol
    attrs = []
    for attr in filter(None, m["attrs"].split(",")):
        if attr.startswith("="):
            p = _PERIOD.match(attr[1:])
            if p:
                value = float(p["value"]) if p["value"] else 1.0
                unit = p["unit"]
                attr = "=" + (unit if value == 1 else f"{value:g}{unit}")
        attrs.append(attr.lower() if not attr.startswith("=") else attr)
    return f"{m['base']}{{{','.join(sorted(attrs))}}}"


# ------------------------------------------------------------------ helpers


def _client(url: str, token: str, timeout: float, options: dict[str, Any]) -> DXLinkClient:
    # A one-shot call should not spend longer connecting than it may run.
    options.setdefault("connect_timeout", max(0.5, min(10.0, timeout)))
    return DXLinkClient(url, token, **options)


async def _start(client: DXLinkClient, timeout: float) -> None:
    try:
        await asyncio.wait_for(client.start(), timeout)
    except TimeoutError:
        raise StreamError(
            f"could not open the market-data stream within {timeout:g}s", reason="reconnects"
        ) from None
