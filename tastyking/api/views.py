"""Read endpoints of the everyday views (history, orders, margin, watchlists, search).
Reads only: nothing here sends an order, cancels or replaces one."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from tastyking.api.client import ApiClient
from tastyking.api.endpoints import _items, account_path, metrics_as, parse, parse_all, path
from tastyking.models.instruments import Future
from tastyking.models.views import (
    MarginRequirements,
    NetLiqPoint,
    PlacedOrder,
    SymbolMatch,
    Transaction,
    Watchlist,
    WatchMetrics,
)


def _dates(start: date | None, end: date | None) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if start:
        params["start-date"] = start.isoformat()
    if end:
        params["end-date"] = end.isoformat()
    return params


async def net_liq_history(api: ApiClient, account: str, time_back: str) -> list[NetLiqPoint]:
    data = await api.get(account_path(account, "net-liq/history"),
                         params={"time-back": time_back})
    return parse_all(NetLiqPoint, _items(data, "net-liq history"), "net-liq history")


async def transactions(api: ApiClient, account: str, *, start: date | None = None,
                       end: date | None = None, symbol: str | None = None,
                       underlying: str | None = None,
                       kind: str | None = None) -> list[Transaction]:
    params = {**_dates(start, end), "per-page": 250}
    if symbol:
        params["symbol"] = symbol
    if underlying:
        params["underlying-symbol"] = underlying
    if kind:
        params["type"] = kind
    items = await api.get_items(account_path(account, "transactions"), params=params)
    return parse_all(Transaction, items, "transactions")


async def live_orders(api: ApiClient, account: str) -> list[PlacedOrder]:
    items = await api.get_items(account_path(account, "orders/live"))
    return parse_all(PlacedOrder, items, "live orders")


async def order_history(api: ApiClient, account: str, *, start: date | None = None,
                        end: date | None = None, underlying: str | None = None,
                        statuses: Iterable[str] = ()) -> list[PlacedOrder]:
    params: dict[str, Any] = {**_dates(start, end), "per-page": 200, "sort": "Desc"}
    if underlying:
        key = "futures-symbol" if underlying.startswith("/") else "underlying-symbol"
        params[key] = underlying
    wanted = list(statuses)
    if wanted:
        params["status[]"] = wanted
    items = await api.get_items(account_path(account, "orders"), params=params)
    return parse_all(PlacedOrder, items, "order history")


async def margin_requirements(api: ApiClient, account: str) -> MarginRequirements:
    # account_path checks the number; the margin path has its own prefix
    data = await api.get("/margin" + account_path(account, "requirements"))
    return parse(MarginRequirements, data, "margin requirements")


async def watchlists(api: ApiClient, public: bool) -> list[Watchlist]:
    data = await api.get("/public-watchlists" if public else "/watchlists")
    return parse_all(Watchlist, _items(data, "watchlists"), "watchlists")


async def watchlist(api: ApiClient, name: str, public: bool) -> Watchlist:
    template = "/public-watchlists/{}" if public else "/watchlists/{}"
    return parse(Watchlist, await api.get(path(template, name)), "watchlist")


async def symbol_search(api: ApiClient, prefix: str) -> list[SymbolMatch]:
    data = await api.get(path("/symbols/search/{}", prefix))
    return parse_all(SymbolMatch, _items(data, "symbol search"), "symbol search")


async def front_months(api: ApiClient, codes: Iterable[str]) -> dict[str, Future]:
    """The active-month contract of each futures product ("ES" -> /ESZ6), in one call."""
    wanted = [c.lstrip("/") for c in dict.fromkeys(codes)]
    if not wanted:
        return {}
    items = await api.get_items("/instruments/futures", params={"product-code[]": wanted})
    out: dict[str, Future] = {}
    for f in parse_all(Future, items, "futures"):
        if f.active_month and f.product_code in wanted:
            out.setdefault(f.product_code, f)
    return out


async def watch_metrics(api: ApiClient, symbols: Iterable[str]) -> dict[str, WatchMetrics]:
    """Metrics with earnings and dividend dates (batched like every metrics call)."""
    return await metrics_as(api, symbols, WatchMetrics)
