"""Option chains (equity and futures) and instrument look-ups."""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from tastyking.sim import wire
from tastyking.sim.market.chains import Chain, Expiry
from tastyking.sim.market.futures import find_contract
from tastyking.sim.market.model import Market
from tastyking.sim.market.symbols import OptionSpec, equity_option, future_option
from tastyking.sim.market.universe import PRODUCTS, STOCKS, Stock
from tastyking.sim.rest.futures import future_json, future_option_json, nested_futures


def _market(request: Request) -> Market:
    return request.app.state.sim.market


def option_tick_sizes(stock: Stock) -> list[dict[str, str]]:
    if stock.penny:
        return [{"value": "0.01"}]
    if stock.symbol == "SPX":
        return [{"value": "0.05", "threshold": "3.0"}, {"value": "0.1"}]
    return [{"value": "0.01", "threshold": "3.0"}, {"value": "0.05"}]


def _strike(k: float) -> str:
    return wire.dec(k) or "0.0"


def _dte(e: Expiry, today: date) -> int:
    return (e.expiration - today).days


def nested_equity(chain: Chain, today: date) -> dict[str, Any]:
    stock = STOCKS[chain.underlying]
    out: list[dict[str, Any]] = []
    for root in chain.roots():
        exps = []
        for e in (x for x in chain.expiries if x.root == root):
            strikes = []
            for k in e.strikes:
                c = equity_option(stock.symbol, e, "C", k)
                p = equity_option(stock.symbol, e, "P", k)
                strikes.append({"strike-price": _strike(k), "call": c.symbol,
                                "call-streamer-symbol": c.streamer, "put": p.symbol,
                                "put-streamer-symbol": p.streamer})
            exps.append({"expiration-type": e.expiration_type,
                         "expiration-date": e.expiration.isoformat(),
                         "days-to-expiration": _dte(e, today), "settlement-type": e.settlement,
                         "strikes": strikes})
        deliverable = {"id": stock.id * 10 + len(out), "root-symbol": root,
                       "deliverable-type": "Shares", "description": f"100 shares of {stock.symbol}",
                       "amount": "100.0", "symbol": stock.symbol, "instrument-type": "Equity",
                       "percent": "100"}
        if stock.kind == "Index":
            deliverable.update({"deliverable-type": "Cash", "description": "Cash",
                                "instrument-type": "Index"})
        out.append({"underlying-symbol": stock.symbol, "root-symbol": root,
                    "option-chain-type": "Standard", "shares-per-contract": 100,
                    "tick-sizes": option_tick_sizes(stock), "deliverables": [deliverable],
                    "expirations": exps})
    return {"items": out}


def equity_option_json(spec: OptionSpec, today: date) -> dict[str, Any]:
    e = spec.expiry
    return {
        "symbol": spec.symbol, "instrument-type": "Equity Option", "active": True,
        "strike-price": _strike(spec.strike), "root-symbol": e.root,
        "underlying-symbol": spec.product, "expiration-date": e.expiration.isoformat(),
        "exercise-style": "European" if spec.product == "SPX" else "American",
        "shares-per-contract": 100, "option-type": spec.kind, "option-chain-type": "Standard",
        "expiration-type": e.expiration_type, "settlement-type": e.settlement,
        "stops-trading-at": wire.iso(e.stops_trading_at),
        "market-time-instrument-collection": "Cash Settled Equity Option"
        if spec.product == "SPX" else "Equity Option",
        "days-to-expiration": _dte(e, today), "expires-at": wire.iso(e.expires_at),
        "is-closing-only": False, "streamer-symbol": spec.streamer,
    }


def equity_json(stock: Stock) -> dict[str, Any]:
    index = stock.kind == "Index"
    return {
        "id": stock.id, "symbol": stock.symbol, "instrument-type": "Equity",
        "cusip": stock.cusip or None, "short-description": stock.description,
        "is-index": index, "listed-market": stock.listed_market or None,
        "description": stock.description, "lendability": "Easy To Borrow",
        "borrow-rate": "0.0",
        "market-time-instrument-collection": "Equity Index" if index else "Equity",
        "is-closing-only": False, "is-options-closing-only": False, "active": True,
        "is-fractional-quantity-eligible": not index, "is-illiquid": False,
        "is-etf": stock.is_etf, "streamer-symbol": stock.symbol,
        "tick-sizes": [{"value": "0.0001", "threshold": "1.0"}, {"value": "0.01"}],
        "option-tick-sizes": option_tick_sizes(stock),
    }


# --- handlers -------------------------------------------------------------------------

def _equity_chain(request: Request) -> tuple[str, Chain | None]:
    symbol = request.path_params["symbol"].upper()
    stock = STOCKS.get(symbol)
    return symbol, (_market(request).chain(symbol) if stock and stock.schedule else None)


def _futures_chain(request: Request) -> tuple[str, Chain | None]:
    code = request.path_params["product"].strip("/").upper()
    return code, (_market(request).chain(code) if code in PRODUCTS else None)


async def option_chain_nested(request: Request) -> Response:
    symbol, chain = _equity_chain(request)
    if chain is None:
        return wire.not_found(f"Option chain for {symbol}")
    today = _market(request).today()
    cache = request.app.state.sim.cache
    key = ("nested", symbol, today)
    if key not in cache:  # a big body; built once a day, older days dropped
        for old in [k for k in cache if k[0] == "nested" and k[2] != today]:
            del cache[old]
        body = {"data": nested_equity(chain, today), "context": request.url.path}
        cache[key] = bytes(wire.json_response(body).body)
    return Response(cache[key], media_type="application/json")


async def option_chain_flat(request: Request) -> Response:
    symbol, chain = _equity_chain(request)
    if chain is None:
        return wire.not_found(f"Option chain for {symbol}")
    today = _market(request).today()
    rows = [equity_option_json(equity_option(symbol, e, kind, k), today)
            for e in chain.expiries for k in e.strikes for kind in "CP"]
    return wire.items(request, rows)


async def futures_chain_nested(request: Request) -> Response:
    code, chain = _futures_chain(request)
    if chain is None:
        return wire.not_found(f"Futures option chain for {code}")
    m = _market(request)
    return wire.ok(request, nested_futures(m.contracts(code), chain, m.today()))


async def futures_chain_flat(request: Request) -> Response:
    code, chain = _futures_chain(request)
    if chain is None:
        return wire.not_found(f"Futures option chain for {code}")
    today = _market(request).today()
    rows = [future_option_json(future_option(code, e, kind, k), today)
            for e in chain.expiries for k in e.strikes for kind in "CP"]
    return wire.items(request, rows)


async def equity(request: Request) -> Response:
    symbol = request.path_params["symbol"].upper()
    stock = STOCKS.get(symbol)
    return wire.ok(request, equity_json(stock)) if stock else wire.not_found(f"Equity {symbol}")


async def equities(request: Request) -> Response:
    wanted = [s.upper() for s in wire.query_list(request, "symbol")] or list(STOCKS)
    rows = [equity_json(STOCKS[s]) for s in wanted if s in STOCKS]
    return wire.paginated(request, rows)


async def futures_list(request: Request) -> Response:
    m = _market(request)
    codes = [c.strip("/").upper() for c in wire.query_list(request, "product-code")]
    symbols = {s if s.startswith("/") else "/" + s for s in wire.query_list(request, "symbol")}
    rows: list[dict[str, Any]] = []
    for code in codes or ([] if symbols else list(PRODUCTS)):
        if code in PRODUCTS:
            listed = m.contracts(code)
            rows.extend(future_json(c, listed) for c in listed)
    for s in sorted(symbols):
        c = find_contract(s, m.today())
        if c is not None:
            rows.append(future_json(c, m.contracts(c.product.code)))
    return wire.paginated(request, rows)


async def future(request: Request) -> Response:
    m = _market(request)
    symbol = request.path_params["symbol"]
    c = find_contract(symbol.strip("/").upper(), m.today())
    if c is None:
        return wire.not_found(f"Future {symbol}")
    return wire.ok(request, future_json(c, m.contracts(c.product.code)))


async def equity_option_instrument(request: Request) -> Response:
    m = _market(request)
    symbol = request.path_params["symbol"]
    spec = m.option_spec(symbol) if not symbol.startswith("./") else None
    if spec is None:
        return wire.not_found(f"Equity option {symbol}")
    return wire.ok(request, equity_option_json(spec, m.today()))


async def future_option_instrument(request: Request) -> Response:
    m = _market(request)
    symbol = request.path_params["symbol"]
    spec = m.option_spec(symbol) if symbol.startswith("./") else None
    if spec is None:
        return wire.not_found(f"Future option {symbol}")
    return wire.ok(request, future_option_json(spec, m.today()))

