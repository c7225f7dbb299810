"""Typed read endpoints. Every call goes through ApiClient's choke point."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from urllib.parse import quote

from tastyking.api.client import ApiClient
from tastyking.models.account import AccountItem, Balances, TradingStatus
from tastyking.models.instruments import Equity, FuturesChain, OptionChain
from tastyking.models.market import Holidays, MarketData, MarketMetrics, MarketSession, QuoteToken
from tastyking.models.positions import Position

BY_TYPE_LIMIT = 100  # combined symbols per /market-data/by-type call
# by-type parameter per instrument type
BY_TYPE_PARAM = {
    "Equity": "equity",
    "Index": "index",
    "Future": "future",
    "Equity Option": "equity-option",
    "Future Option": "future-option",
    "Cryptocurrency": "cryptocurrency",
}


def _seg(symbol: str) -> str:
    """A symbol as one path segment: slashes and spaces encoded."""
    return quote(symbol, safe="")


async def accounts(api: ApiClient) -> list[AccountItem]:
    items = await api.get_items("/customers/me/accounts")
    out = [AccountItem.model_validate(i) for i in items]
    return [a for a in out if not a.account.is_closed]


async def balances(api: ApiClient, account: str) -> Balances:
    return Balances.model_validate(await api.get(f"/accounts/{_seg(account)}/balances"))


async def trading_status(api: ApiClient, account: str) -> TradingStatus:
    return TradingStatus.model_validate(await api.get(f"/accounts/{_seg(account)}/trading-status"))


async def positions(api: ApiClient, account: str) -> list[Position]:
    items = await api.get_items(f"/accounts/{_seg(account)}/positions")
    return [Position.model_validate(i) for i in items]


async def option_chain(api: ApiClient, underlying: str) -> list[OptionChain]:
    data = await api.get(f"/option-chains/{_seg(underlying)}/nested")
    return [OptionChain.model_validate(i) for i in (data or {}).get("items", [])]


async def futures_option_chain(api: ApiClient, product: str) -> FuturesChain:
    data = await api.get(f"/futures-option-chains/{_seg(product.lstrip('/'))}/nested")
    return FuturesChain.model_validate(data or {})


async def equity(api: ApiClient, symbol: str) -> Equity:
    return Equity.model_validate(await api.get(f"/instruments/equities/{_seg(symbol)}"))


async def market_data(
    api: ApiClient, symbols: Iterable[tuple[str, str]]
) -> dict[str, MarketData]:
    """Snapshots for (instrument-type, symbol) pairs: 100 a call, calls in parallel."""
    pairs = list(dict.fromkeys(symbols))
    chunks = [pairs[i : i + BY_TYPE_LIMIT] for i in range(0, len(pairs), BY_TYPE_LIMIT)]

    async def one(chunk: list[tuple[str, str]]) -> list[MarketData]:
        params: dict[str, str] = {}
        for kind, sym in chunk:
            key = BY_TYPE_PARAM[kind]
            params[key] = f"{params[key]},{sym}" if key in params else sym
        data = await api.get("/market-data/by-type", params=params)
        return [MarketData.model_validate(i) for i in (data or {}).get("items", [])]

    results = await asyncio.gather(*(one(c) for c in chunks))
    return {m.symbol: m for chunk in results for m in chunk}


async def market_metrics(api: ApiClient, symbols: Iterable[str]) -> dict[str, MarketMetrics]:
    wanted = list(dict.fromkeys(symbols))
    if not wanted:
        return {}
    data = await api.get("/market-metrics", params={"symbols": ",".join(wanted)})
    items = [MarketMetrics.model_validate(i) for i in (data or {}).get("items", [])]
    return {m.symbol: m for m in items}


async def quote_token(api: ApiClient) -> QuoteToken:
    return QuoteToken.model_validate(await api.get("/api-quote-tokens"))


async def equity_session(api: ApiClient) -> MarketSession:
    return MarketSession.model_validate(await api.get("/market-time/equities/sessions/current"))


async def equity_holidays(api: ApiClient) -> Holidays:
    data = await api.get("/market-time/equities/holidays")
    if isinstance(data, dict) and "items" in data and data["items"]:
        data = data["items"][0]
    return Holidays.model_validate(data or {})
