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
# by-type query parameters; the answer is keyed by symbol whatever the parameter, as on
# the real API (`index=SPY` answers SPY's Equity row: facts §6).
_PARAMS = ("equity", "index", "future", "equity-option", "future-option", "cryptocurrency")
# rows come back grouped by type, not in the order asked (clients must key by symbol)
_ORDER = {"Equity": 0, "Equity Option": 1, "Index": 2, "Future": 3, "Future Option": 4}
_SLUGS = {"equity": "Equity", "index": "Index", "future": "Future",
          "equity-option": "Equity Option", "future-option": "Future Option"}


def _market(request: Request) -> Market:
    return request.app.state.sim.market


def quote_json(m: Market, snap: Snapshot, now: datetime) -> dict[str, Any]:
    """One market-data row with the keys the recordings show for its instrument type."""
    d, frac = m.session(now)
    prev = cal.previous_trading_day(d)
    kind = snap.instrument_type
    closed = frac >= 1.0
    fop = kind == "Future Option"
    option = kind in ("Equity Option", "Future Option")

    def size(x: float) -> str | None:  # indices and future options show zero sizes
        return "0.0" if fop or math.isnan(x) else wire.dec(x)

    # futures and their options tick as fine as 0.0000005 (/6J): keep every decimal
    places = 10 if kind in ("Future", "Future Option") else 4

    def px(x: float | None) -> str | None:
        return wire.dec(x, places)

    close = snap.close if snap.close is not None else snap.last
    row: dict[str, Any] = {
        "symbol": snap.symbol, "instrument-type": kind, "updated-at": wire.iso_z(now),
        "bid": px(snap.bid), "bid-size": size(snap.bid_size), "ask": px(snap.ask),
        "ask-size": size(snap.ask_size), "mid": px((snap.bid + snap.ask) / 2),
        "mark": wire.greek(snap.marked) if fop else px(snap.marked),
    }
    if not fop:  # future options come without last, open, range or volume (recorded)
        row.update({"last": px(snap.last), "last-mkt": px(close)})
    if kind == "Equity":
        stock = STOCKS[snap.symbol]
        row["beta"] = wire.dec(stock.beta)
        if stock.div_yield:
            row.update({"dividend-amount": wire.dec(close * stock.div_yield / 4, 2),
                        "dividend-frequency": "4.0"})
    if not fop:
        row.update({"open": px(snap.open), "day-high-price": px(snap.high),
                    "day-low-price": px(snap.low)})
    close_type = "Preliminary" if fop else "Regular" if option else "Final"
    row.update({
        "close": px(close), "close-price-type": close_type if closed else "Indicative",
        "prev-close": px(snap.prev_close),
        "prev-close-price-type": "Regular" if option and not fop else "Final",
        "summary-date": d.isoformat(), "prev-close-date": prev.isoformat(),
    })
    if kind in ("Equity", "Future"):  # price bands: LULD for stocks, CME limits for futures
        band = 0.1 if kind == "Equity" else 0.07
        lim = 2 if kind == "Equity" else 6
        row.update({"low-limit-price": wire.dec(snap.prev_close * (1 - band), lim),
                    "high-limit-price": wire.dec(snap.prev_close * (1 + band), lim)})
    row.update({"is-trading-halted": False, "halt-start-time": -1, "halt-end-time": -1})
    if kind in ("Equity", "Index"):
        stock = STOCKS[snap.symbol]
        bars = m.day_bars(stock.driver, d, 252)
        row["year-low-price"] = wire.dec(min(b.low for b in bars) * stock.scale, 2)
        row["year-high-price"] = wire.dec(max(b.high for b in bars) * stock.scale, 2)
    if not fop:
        row["volume"] = wire.dec(snap.volume)
    if snap.theo_price is not None:
        row.update({
            "volatility": wire.greek(snap.volatility), "delta": wire.greek(snap.delta),
            "gamma": wire.greek(snap.gamma), "theta": wire.greek(snap.theta),
            "rho": wire.greek(snap.rho), "vega": wire.greek(snap.vega),
            "theo-price": wire.greek(snap.theo_price), "dx-mark": wire.greek(snap.theo_price),
        })
    if kind in ("Equity Option", "Future Option", "Future"):
        row["tick-size"] = wire.dec(_tick(m, snap), 10)
    if snap.open_interest is not None:
        row["open-interest"] = snap.open_interest
    return row


def _tick(m: Market, snap: Snapshot) -> float:
    if snap.instrument_type == "Future":
        c = m.contracts(snap.symbol[1:-2])
        return c[0].product.tick if c else 0.01
    spec = m.option_spec(snap.symbol)
    return m.option_tick(spec, snap.theo_price or 0.0) if spec else 0.01


async def by_type(request: Request) -> Response:
    m = _market(request)
    wanted = [s for p in _PARAMS for s in wire.query_list(request, p)]
    if len(wanted) > BY_TYPE_LIMIT:
        return wire.error(400, "invalid_parameter",
                          f"At most {BY_TYPE_LIMIT} symbols may be requested at once",
                          [{"domain": "symbols", "reason": f"{len(wanted)} symbols requested"}])
    now = m.now()
    snaps = [s for symbol in dict.fromkeys(wanted) if (s := m.snapshot(symbol)) is not None]
    snaps.sort(key=lambda s: (_ORDER.get(s.instrument_type, 9), s.symbol))
    return wire.items(request, [quote_json(m, s, now) for s in snaps])


async def one_symbol(request: Request) -> Response:
    """`GET /market-data/{instrument-type}/{symbol}`: one row, as by-type has it."""
    m = _market(request)
    kind = request.path_params["kind"]
    symbol = request.path_params["symbol"]
    snap = m.snapshot(symbol)
    wanted = _SLUGS.get(kind.lower(), kind)
    if snap is None or wanted not in _SLUGS.values():
        return wire.not_found(f"Market data for {symbol}")
    return wire.ok(request, quote_json(m, snap, m.now()))


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
