"""Typed read endpoints. Every call goes through ApiClient's choke point.

Every path is built here, by `path()`: each variable part is percent-encoded as ONE
segment, and an account number must have tastytrade's shape before it is used at all.
A model that does not validate is a BadResponse (exit 5), never a crash.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any, TypeVar
from urllib.parse import quote

from pydantic import BaseModel, ValidationError

from tastyking.api.client import ApiClient
from tastyking.config import ACCOUNT_NUMBER
from tastyking.errors import BadResponse, UsageError
from tastyking.models.account import AccountItem, Balances, TradingStatus
from tastyking.models.instruments import Equity, Future, FutureOption, FuturesChain, OptionChain
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


M = TypeVar("M", bound=BaseModel)
MM = TypeVar("MM", bound=MarketMetrics)
METRICS_LIMIT = 100  # symbols per /market-metrics call


def is_account_number(value: object) -> bool:
    return isinstance(value, str) and ACCOUNT_NUMBER.fullmatch(value) is not None


def account_seg(account: str) -> str:
    """An account number as a path segment, refused unless it has tastytrade's shape."""
    if not is_account_number(account):
        raise UsageError(f"{account!r} is not a tastytrade account number (like 5WT00001)")
    return account


def path(template: str, *parts: str) -> str:
    """The one place paths are built: each `{}` gets one percent-encoded segment."""
    if template.count("{}") != len(parts):
        raise ValueError(f"{template!r} takes {template.count('{}')} parts")
    return template.format(*(quote(p, safe="") for p in parts))


def account_path(account: str, rest: str) -> str:
    """/accounts/{n}/<rest> for a validated account number."""
    return path("/accounts/{}/" + rest.lstrip("/"), account_seg(account))


def parse(model: type[M], data: Any, what: str) -> M:
    """One model from a response body; a body that does not fit is a BadResponse."""
    if not isinstance(data, dict):
        raise BadResponse(f"{what}: tastytrade sent {type(data).__name__} where an object "
                          "belongs")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err["loc"]) or "body"
        raise BadResponse(f"{what}: tastytrade sent an unusable {where!r} "
                          f"({err['msg'].removeprefix('Value error, ')})") from None


def parse_all(model: type[M], items: Any, what: str) -> list[M]:
    if not isinstance(items, list):
        raise BadResponse(f"{what}: tastytrade sent {type(items).__name__} where a list "
                          "belongs")
    return [parse(model, i, what) for i in items]


def _items(data: Any, what: str) -> list[Any]:
    """`data.items` of a single-page answer, checked for shape."""
    if data is None:
        return []
    if not isinstance(data, dict):
        raise BadResponse(f"{what}: tastytrade sent {type(data).__name__} where an object "
                          "belongs")
    items = data.get("items", [])
    if not isinstance(items, list):
        raise BadResponse(f"{what}: tastytrade sent {type(items).__name__} where a list "
                          "belongs")
    return items


async def accounts(api: ApiClient) -> list[AccountItem]:
    out = parse_all(AccountItem, await api.get_items("/customers/me/accounts"), "accounts")
    for a in out:
        if not is_account_number(a.account.account_number):
            raise BadResponse("accounts: tastytrade sent an account number that is not one "
                              f"({a.account.account_number!r})")
    return [a for a in out if not a.account.is_closed]


async def balances(api: ApiClient, account: str) -> Balances:
    return parse(Balances, await api.get(account_path(account, "balances")), "balances")


async def trading_status(api: ApiClient, account: str) -> TradingStatus:
    return parse(TradingStatus, await api.get(account_path(account, "trading-status")),
                 "trading status")


async def positions(api: ApiClient, account: str) -> list[Position]:
    items = await api.get_items(account_path(account, "positions"))
    return parse_all(Position, items, "positions")


async def option_chain(api: ApiClient, underlying: str) -> list[OptionChain]:
    data = await api.get(path("/option-chains/{}/nested", underlying))
    return parse_all(OptionChain, _items(data, "option chain"), "option chain")


async def futures_option_chain(api: ApiClient, product: str) -> FuturesChain:
    data = await api.get(path("/futures-option-chains/{}/nested", product.lstrip("/")))
    return parse(FuturesChain, data, "futures option chain")  # null is no chain: bad


async def futures(api: ApiClient, products: list[str]) -> list[Future]:
    """The listed contracts of futures products ("ES", not "/ES")."""
    items = await api.get_items("/instruments/futures", params={"product-code[]": products})
    return parse_all(Future, items, "futures")


async def future_option(api: ApiClient, symbol: str) -> FutureOption:
    """A futures option's instrument ("./ESZ9 EW4U9 190927P2975", one path segment)."""
    return parse(FutureOption, await api.get(path("/instruments/future-options/{}", symbol)),
                 "future option")


async def equity(api: ApiClient, symbol: str) -> Equity:
    return parse(Equity, await api.get(path("/instruments/equities/{}", symbol)), "equity")


async def equities(api: ApiClient, symbols: Iterable[str]) -> dict[str, Equity]:
    """Equity instruments by symbol, 100 a call (`symbol[]=`), calls in parallel; a symbol
    tastytrade does not list is simply absent."""
    wanted = list(dict.fromkeys(symbols))
    chunks = [wanted[i : i + BY_TYPE_LIMIT] for i in range(0, len(wanted), BY_TYPE_LIMIT)]

    async def one(chunk: list[str]) -> list[Equity]:
        items = await api.get_items("/instruments/equities", params={"symbol[]": chunk})
        return parse_all(Equity, items, "equities")

    results = await asyncio.gather(*(one(c) for c in chunks))
    return {e.symbol: e for chunk in results for e in chunk}


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
        return parse_all(MarketData, _items(data, "market data"), "market data")

    results = await asyncio.gather(*(one(c) for c in chunks))
    return {m.symbol: m for chunk in results for m in chunk}


async def market_metrics(api: ApiClient, symbols: Iterable[str]) -> dict[str, MarketMetrics]:
    return await metrics_as(api, symbols, MarketMetrics)


async def metrics_as(api: ApiClient, symbols: Iterable[str],
                     model: type[MM]) -> dict[str, MM]:
    """Metrics for any number of symbols: 100 a call, calls in parallel (a big book has
    more underlyings than one call takes)."""
    wanted = list(dict.fromkeys(symbols))
    chunks = [wanted[i : i + METRICS_LIMIT] for i in range(0, len(wanted), METRICS_LIMIT)]

    async def one(chunk: list[str]) -> list[MM]:
        data = await api.get("/market-metrics", params={"symbols": ",".join(chunk)})
        return parse_all(model, _items(data, "market metrics"), "market metrics")

    results = await asyncio.gather(*(one(c) for c in chunks))
    return {m.symbol: m for chunk in results for m in chunk}


async def quote_token(api: ApiClient) -> QuoteToken:
    return parse(QuoteToken, await api.get("/api-quote-tokens"), "quote token")


async def equity_session(api: ApiClient) -> MarketSession:
    return parse(MarketSession, await api.get("/market-time/equities/sessions/current"),
                 "market session")


async def equity_holidays(api: ApiClient) -> Holidays:
    data = await api.get("/market-time/equities/holidays")
    if isinstance(data, dict) and "items" in data:
        items = _items(data, "holidays")
        data = items[0] if items else {}
    return parse(Holidays, data or {}, "holidays")
