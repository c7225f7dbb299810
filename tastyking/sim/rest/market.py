"""Market data snapshots (by-type) and market sessions, driven by the sim clock."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from tastyking.sim import wire
from tastyking.sim.market import calendar as cal
from tastyking.sim.market.model import Market, Snapshot
from tastyking.sim.market.universe import RATE, STOCKS

BY_TYPE_LIMIT = 100
_PARAMS = {"equity": ("Equity",), "index": ("Index",), "future": ("Future",),
           "equity-option": ("Equity Option",), "future-option": ("Future Option",)}


def _market(request: Request) -> Market:
    return request.app.state.sim.market


def quote_json(m: Market, snap: Snapshot, now: datetime) -> dict[str, Any]:
    d, frac = m.session(now)
    prev = cal.previous_trading_day(d)
    mid = (snap.bid + snap.ask) / 2
    row: dict[str, Any] = {
        "symbol": snap.symbol, "instrument-type": snap.instrument_type,
        "updated-at": wire.iso_z(now), "bid": wire.dec(snap.bid),
        "bid-size": wire.dec(snap.bid_size), "ask": wire.dec(snap.ask),
        "ask-size": wire.dec(snap.ask_size), "mid": wire.dec(mid), "mark": wire.dec(mid),
        "last": wire.dec(snap.last), "last-mkt": wire.dec(snap.last),
        "open": wire.dec(snap.open), "day-high-price": wire.dec(snap.high),
        "day-low-price": wire.dec(snap.low), "close": wire.dec(snap.last),
        "close-price-type": "Regular" if frac >= 1.0 else "Indicative",
        "prev-close": wire.dec(snap.prev_close), "prev-close-price-type": "Final",
        "summary-date": d.isoformat(), "prev-close-date": prev.isoformat(),
        "is-trading-halted": False, "halt-start-time": -1, "halt-end-time": -1,
        "volume": wire.dec(snap.volume),
    }
    if math.isnan(snap.bid_size):  # indices carry no sizes
        del row["bid-size"], row["ask-size"]
    if snap.instrument_type in ("Equity", "Index"):
        stock = STOCKS[snap.symbol]
        bars = m.day_bars(stock.driver, d, 252)
        row["year-high-price"] = wire.dec(max(b.high for b in bars) * stock.scale, 2)
        row["year-low-price"] = wire.dec(min(b.low for b in bars) * stock.scale, 2)
        if snap.beta is not None:
            row["beta"] = wire.dec(snap.beta)
    if snap.theo_price is not None:
        row.update({
            "volatility": wire.greek(snap.volatility), "delta": wire.greek(snap.delta),
            "gamma": wire.greek(snap.gamma), "theta": wire.greek(snap.theta),
            "rho": wire.greek(snap.rho), "vega": wire.greek(snap.vega),
            "theo-price": wire.greek(snap.theo_price), "dx-mark": wire.greek(snap.theo_price),
            "underlying-price": wire.dec(snap.underlying_price),
            "open-interest": snap.open_interest,
        })
    if snap.instrument_type in ("Equity Option", "Future Option", "Future"):
        row["tick-size"] = wire.dec(_tick(m, snap))
    return row


def _tick(m: Market, snap: Snapshot) -> float:
    if snap.instrument_type == "Future":
        c = m.contracts(snap.symbol[1:-2])
        return c[0].product.tick if c else 0.01
    spec = m.option_spec(snap.symbol)
    return m.option_tick(spec, snap.theo_price or 0.0) if spec else 0.01


async def by_type(request: Request) -> Response:
    m = _market(request)
    wanted = [(p, s) for p in _PARAMS for s in wire.query_list(request, p)]
    if len(wanted) > BY_TYPE_LIMIT:
        return wire.error(400, "invalid_parameter",
                          f"At most {BY_TYPE_LIMIT} symbols may be requested at once",
                          [{"domain": "symbols", "reason": f"{len(wanted)} symbols requested"}])
    now = m.now()
    rows = []
    for param, symbol in wanted:
        snap = m.snapshot(symbol)
        if snap is not None and snap.instrument_type in _PARAMS[param]:
            rows.append(quote_json(m, snap, now))
    return wire.items(request, rows)


async def public_configuration(request: Request) -> Response:
    """The one public endpoint: the risk-free rate the margin engine uses."""
    return wire.ok(request, {"risk-free-rate": wire.dec(RATE)})


# --- sessions -------------------------------------------------------------------------

def _session_json(s: cal.Session, collection: str, with_date: bool = True) -> dict[str, Any]:
    row = {"instrument-collection": collection, "start-at": wire.iso(s.start_at),
           "open-at": wire.iso(s.open_at), "close-at": wire.iso(s.close_at),
           "close-at-ext": wire.iso(s.close_at_ext)}
    if with_date:
        row = {"session-date": s.session_date.isoformat(), **row}
    return row


def current_session(now: datetime, collection: str) -> dict[str, Any] | None:
    if collection == "Equity":
        state, s = cal.equity_state(now)
        nxt, prev = cal.next_equity_session(s.session_date), cal.previous_equity_session(
            s.session_date)
    elif collection in ("CME", "CFE"):
        state, s = cal.futures_state(now, collection)
        nxt = cal.next_futures_session(s.session_date, collection)
        prev = cal.previous_futures_session(s.session_date, collection)
    else:
        return None
    row = _session_json(s, collection, with_date=False)
    row.update({"state": state, "next-session": _session_json(nxt, collection),
                "previous-session": _session_json(prev, collection)})
    return row


def _now(request: Request) -> datetime:
    raw = request.query_params.get("current-time")
    if raw:
        try:
            dt = datetime.fromisoformat(raw.replace("Z", "+00:00"))
            return dt if dt.tzinfo else dt.replace(tzinfo=cal.NY)
        except ValueError:
            pass
    return _market(request).now()


async def sessions_current(request: Request) -> Response:
    now = _now(request)
    wanted = wire.query_list(request, "instrument-collections") or ["Equity"]
    rows = [r for c in wanted if (r := current_session(now, c)) is not None]
    return wire.items(request, rows)


async def equities_current(request: Request) -> Response:
    return wire.ok(request, current_session(_now(request), "Equity"))


def _date_param(request: Request) -> date:
    raw = request.query_params.get("date")
    try:
        return date.fromisoformat(raw) if raw else cal.ny_date(_market(request).now())
    except ValueError:
        return cal.ny_date(_market(request).now())


async def equities_next(request: Request) -> Response:
    return wire.ok(request, _session_json(cal.next_equity_session(_date_param(request)),
                                          "Equity"))


async def equities_previous(request: Request) -> Response:
    return wire.ok(request, _session_json(cal.previous_equity_session(_date_param(request)),
                                          "Equity"))


def _years(request: Request) -> range:
    y = cal.ny_date(_market(request).now()).year
    return range(y - 1, y + 3)


async def equities_holidays(request: Request) -> Response:
    hol, half = cal.holidays(_years(request))
    return wire.ok(request, {"market-holidays": [d.isoformat() for d in hol],
                             "market-half-days": [d.isoformat() for d in half]})


async def futures_current(request: Request) -> Response:
    exchange = request.path_params["exchange"].upper()
    row = current_session(_now(request), exchange)
    return wire.ok(request, row) if row else wire.not_found(f"Exchange {exchange}")


async def futures_holidays(request: Request) -> Response:
    exchange = request.path_params["exchange"].upper()
    if exchange not in ("CME", "CFE"):
        return wire.not_found(f"Exchange {exchange}")
    hol, half = cal.futures_holidays(_years(request))
    return wire.ok(request, {"market-holidays": [d.isoformat() for d in hol],
                             "market-half-days": [d.isoformat() for d in half]})
