"""Watchlists (the user's and tastytrade's public ones) and symbol search. Reads only.

The private list holds what the demo book trades, so a watchlist has something to show on
a fresh machine. Public lists are written as they were recorded: the collection's entries
say "instrument_type" (snake case) while one list's entries say "instrument-type".
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from tastyking.sim import wire
from tastyking.sim.market.universe import PRODUCTS, STOCKS
from tastyking.sim.rest.accounts import sim

PUBLIC: dict[str, tuple[str, list[str]]] = {
    "High Options Volume": ("Liquidity", ["SPY", "QQQ", "IWM", "AAPL", "TSLA", "NVDA", "AMD",
                                          "AMZN"]),
    "Market Indices": ("Market Indices", ["SPX", "VIX", "SPY", "QQQ", "IWM", "DIA"]),
    "Futures": ("Futures", ["/ES", "/MES", "/CL", "/GC", "/DX"]),
    "Sector ETFs": ("Sectors", ["XLK", "XLF", "XLE", "XLU", "XLV", "XLI", "XLY", "XLP"]),
}
MINE = "Framework"


def _type(symbol: str) -> str:
    if symbol.startswith("/"):
        return "Future"
    stock = STOCKS.get(symbol)
    return stock.kind if stock else "Equity"


def _private(request: Request) -> dict[str, list[str]]:
    """The user's list: the book's underlyings (stocks, indices, futures products)."""
    book = sim(request).book
    seen: list[str] = []
    for a in book.accounts.values():
        for p in a.positions:
            name = p.underlying
            if p.option is not None:
                name = f"/{p.option.product}" if p.option.future else p.option.product
            elif p.future is not None:
                name = f"/{p.future.product.code}"
            if name not in seen:
                seen.append(name)
    return {MINE: seen}


def _list(name: str, group: str, symbols: list[str], key: str, order: int) -> dict[str, Any]:
    return {"name": name,
            "watchlist-entries": [{"symbol": s, key: _type(s)} for s in symbols],
            "group-name": group, "order-index": order}


async def watchlists(request: Request) -> Response:
    rows = [_list(n, "main", s, "instrument-type", i + 1)
            for i, (n, s) in enumerate(_private(request).items())]
    return wire.items(request, rows)


async def watchlist(request: Request) -> Response:
    name = request.path_params["name"]
    symbols = _private(request).get(name)
    if symbols is None:
        return wire.not_found(f"Watchlist {name}")
    return wire.ok(request, _list(name, "main", symbols, "instrument-type", 1))


async def public_watchlists(request: Request) -> Response:
    rows = [_list(n, g, s, "instrument_type", 100) for n, (g, s) in PUBLIC.items()]
    return wire.items(request, rows)


async def public_watchlist(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in PUBLIC:
        return wire.not_found(f"Public watchlist {name}")
    group, symbols = PUBLIC[name]
    # recorded with the name still percent-encoded in "context"
    raw = request.scope.get("raw_path", b"").decode("latin-1") or request.url.path
    return wire.json_response({"data": _list(name, group, symbols, "instrument-type", 100),
                               "context": raw.split("?")[0]})


async def symbol_search(request: Request) -> Response:
    """Symbols that start with the prefix, then those whose description has a word that
    does (tastytrade's search also matches names: "APPLE" finds AAPL)."""
    prefix = request.path_params["prefix"].strip().upper()
    if not prefix:
        return wire.items(request, [])
    listed = {s: st.description for s, st in STOCKS.items()}
    listed.update({p.root: p.description.upper() for p in PRODUCTS.values()})
    first = [s for s in listed if s.startswith(prefix) or s.lstrip("/").startswith(prefix)]
    named = [s for s, d in listed.items() if s not in first
             and any(w.startswith(prefix) for w in d.split())]
    rows = [{"symbol": s, "description": listed[s]}
            for s in sorted(first, key=lambda s: (len(s), s)) + sorted(named)]
    return wire.items(request, rows[:20])
