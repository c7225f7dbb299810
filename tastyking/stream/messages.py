"""DXLink messages the client sends, as plain dicts (no I/O), and the event field lists.

``setup_msg``, ``auth_msg``, ``channel_request_msg``, ``feed_setup_msg``,
``feed_subscription_msg``, ``keepalive_msg`` and ``channel_cancel_msg`` build the
messages; ``encode`` turns one into a frame.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

# Field lists the tastyware SDK requests (tastytrade-api.md 13.2), in order.
EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "Quote": (
        "eventSymbol", "eventTime", "sequence", "timeNanoPart", "bidTime",
        "bidExchangeCode", "askTime", "askExchangeCode", "bidPrice", "askPrice",
        "bidSize", "askSize",
    ),
    "Trade": (
        "eventSymbol", "eventTime", "time", "timeNanoPart", "sequence", "exchangeCode",
        "dayId", "tickDirection", "extendedTradingHours", "price", "change", "size",
        "dayVolume", "dayTurnover",
    ),
    "Greeks": (
        "eventSymbol", "eventTime", "eventFlags", "index", "time", "sequence", "price",
        "volatility", "delta", "gamma", "theta", "rho", "vega",
    ),
    "Summary": (
        "eventSymbol", "eventTime", "dayId", "dayClosePriceType", "prevDayId",
        "prevDayClosePriceType", "openInterest", "dayOpenPrice", "dayHighPrice",
        "dayLowPrice", "dayClosePrice", "prevDayClosePrice", "prevDayVolume",
    ),
    "Profile": (
        "eventSymbol", "eventTime", "description", "shortSaleRestriction",
        "tradingStatus", "haltStartTime", "haltEndTime", "exDividendDayId",
        "statusReason", "high52WeekPrice", "low52WeekPrice", "beta", "shares",
        "highLimitPrice", "lowLimitPrice", "earningsPerShare", "exDividendAmount",
        "dividendFrequency", "freeFloat",
    ),
    "Candle": (
        "eventSymbol", "eventTime", "eventFlags", "index", "time", "sequence", "count",
        "volume", "vwap", "bidVolume", "askVolume", "impVolatility", "openInterest",
        "open", "high", "low", "close",
    ),
    "TheoPrice": (
        "eventSymbol", "eventTime", "eventFlags", "index", "time", "sequence", "price",
        "underlyingPrice", "delta", "gamma", "dividend", "interest",
    ),
    "TimeAndSale": (
        "eventSymbol", "eventTime", "eventFlags", "index", "time", "timeNanoPart",
        "sequence", "exchangeCode", "price", "size", "bidPrice", "askPrice",
        "tradeThroughExempt", "aggressorSide", "spreadLeg", "extendedTradingHours",
        "validTick", "type", "buyer", "seller", "exchangeSaleConditions",
    ),
    "Underlying": (
        "eventSymbol", "eventTime", "eventFlags", "index", "time", "sequence",
        "volatility", "frontVolatility", "backVolatility", "callVolume", "putVolume",
        "optionVolume", "putCallRatio",
    ),
}

FEED_CHANNEL = 1  # client channels must be odd
SUBSCRIPTION_CHUNK = 250  # symbols per FEED_SUBSCRIPTION: keeps frames well under limits
CLIENT_VERSION = "0.1-tastyking/0.1"




def setup_msg(
    keepalive_timeout: float = 60, accept_keepalive_timeout: float = 60,
    version: str = CLIENT_VERSION,
) -> dict[str, Any]:
    return {
        "type": "SETUP", "channel": 0, "keepaliveTimeout": keepalive_timeout,
        "acceptKeepaliveTimeout": accept_keepalive_timeout, "version": version,
    }


def auth_msg(token: str) -> dict[str, Any]:
    return {"type": "AUTH", "channel": 0, "token": token}


def channel_request_msg(channel: int = FEED_CHANNEL, contract: str = "AUTO") -> dict[str, Any]:
    return {
        "type": "CHANNEL_REQUEST", "channel": channel, "service": "FEED",
        "parameters": {"contract": contract},
    }


def feed_setup_msg(
    channel: int = FEED_CHANNEL,
    event_fields: Mapping[str, Sequence[str]] = EVENT_FIELDS,
    data_format: str = "COMPACT",
    aggregation_period: float = 0.1,
) -> dict[str, Any]:
    return {
        "type": "FEED_SETUP", "channel": channel,
        "acceptAggregationPeriod": aggregation_period, "acceptDataFormat": data_format,
        "acceptEventFields": {k: list(v) for k, v in event_fields.items()},
    }


def subscription_entry(
    event_type: str, symbol: str, from_time: int | None = None
) -> dict[str, Any]:
    entry: dict[str, Any] = {"type": event_type, "symbol": symbol}
    if from_time is not None:
        entry["fromTime"] = from_time
    return entry


def feed_subscription_msg(
    channel: int = FEED_CHANNEL,
    *,
    add: Sequence[dict[str, Any]] = (),
    remove: Sequence[dict[str, Any]] = (),
    reset: bool = False,
) -> dict[str, Any]:
    msg: dict[str, Any] = {"type": "FEED_SUBSCRIPTION", "channel": channel}
    if reset:
        msg["reset"] = True
    if add:
        msg["add"] = list(add)
    if remove:
        msg["remove"] = list(remove)
    return msg


def keepalive_msg() -> dict[str, Any]:
    return {"type": "KEEPALIVE", "channel": 0}


def channel_cancel_msg(channel: int = FEED_CHANNEL) -> dict[str, Any]:
    return {"type": "CHANNEL_CANCEL", "channel": channel}


def encode(msg: Mapping[str, Any]) -> str:
    return json.dumps(msg, separators=(",", ":"))


def chunked(items: Sequence[Any], size: int = SUBSCRIPTION_CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
