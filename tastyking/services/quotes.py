"""Snapshot quotes through /market-data/by-type (100 symbols a call, calls in parallel),
and option quotes + Greeks from the DXLink stream when by-type is not the source."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from tastyking.api import endpoints
from tastyking.api.client import ApiClient
from tastyking.models.market import MarketData

# Event type -> (DXLink field, our name) for what an option row needs.
OPTION_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "Quote": (("bidPrice", "bid"), ("askPrice", "ask")),
    "Greeks": (("volatility", "iv"), ("delta", "delta"), ("gamma", "gamma"),
               ("theta", "theta"), ("vega", "vega"), ("rho", "rho"), ("price", "price")),
    "Summary": (("openInterest", "open_interest"),),
}


def underlying_type(symbol: str, is_index: bool = False) -> str:
    if symbol.startswith("./"):
        return "Future Option"
    if symbol.startswith("/"):
        return "Future"
    return "Index" if is_index else "Equity"


async def snapshots(api: ApiClient, pairs: Iterable[tuple[str, str]]) -> dict[str, MarketData]:
    """Market data keyed by symbol; symbols the API does not know are simply absent."""
    return await endpoints.market_data(api, pairs)


def to_decimal(value: Any) -> Decimal | None:
    """A streamed double as an exact Decimal of its shortest repr; NaN/inf/None -> None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    try:
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))
    except ArithmeticError:
        return None


def option_values(event_type: str, event: Mapping[str, Any]) -> dict[str, Any]:
    """Our names for one event's values: {"bid": Decimal, ...}; absent values are None."""
    out: dict[str, Any] = {}
    for field, name in OPTION_FIELDS.get(event_type, ()):
        value = to_decimal(event.get(field))
        if name == "open_interest":
            out[name] = int(value) if value is not None else None
        else:
            out[name] = value
    return out


def with_mid(values: dict[str, Any]) -> dict[str, Any]:
    bid, ask = values.get("bid"), values.get("ask")
    if bid is not None and ask is not None and values.get("mid") is None:
        values["mid"] = (bid + ask) / 2
    return values


async def stream_option_data(
    api: ApiClient, streamer_symbols: list[str], timeout: float | None = None
) -> dict[str, dict[str, Any]]:
    """Quote + Greeks + Summary per option streamer symbol, collected until all report or
    `timeout` (default: the settings' stream_timeout); symbols that sent nothing are absent."""
    from tastyking.services.streaming import open_stream
    from tastyking.stream.collect import collect_from

    wanted = {t: streamer_symbols for t in OPTION_FIELDS}
    async with open_stream(api) as client:
        got = await collect_from(client, wanted, timeout or api.settings.stream_timeout)
    out: dict[str, dict[str, Any]] = {}
    for (event_type, symbol), event in got.events.items():
        out.setdefault(symbol, {}).update(option_values(event_type, event))
    return {s: with_mid(v) for s, v in out.items()}
