"""Futures and futures-option instruments and chains, in the recorded field sets.

Keys, nesting and JSON types follow the recorded payloads: Get_Future_Instrument_ESM3 /
_RBM5 (futures with their full `future-product`), Get_Future_Option_ESZ9 and
Get_Futures_Option_Chain_GC_Flat_Excerpt (future options: `multiplier` "1.0", the
dollar multiplier lives on the future), Get_Futures_Option_Chain_Nested_ES_Full (the
nested chain, including its quirks: strikes out of numeric order and strikes with no
streamer symbols in the quarterly /ES expirations).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tastyking.sim import wire
from tastyking.sim.market.chains import Chain, Expiry
from tastyking.sim.market.futures import FopExpiration, FutureContract, following_symbol
from tastyking.sim.market.products import FutureProduct
from tastyking.sim.market.symbols import OptionSpec, future_option, strike_text

# The nested /ES chain lists its quarterly expirations' deep wings out of order, and the
# deepest of them without streamer symbols, as the recorded 2025 chain does.
QUIRKY_CHAINS = {"ES"}
_WINGS = 3


def _d(x: float) -> str:
    return wire.dec(x, 8) or "0.0"


def _ticks(p: FutureProduct) -> list[dict[str, str]]:
    out = []
    for value, threshold in p.option_ticks:
        row = {"value": _d(value)}
        if threshold is not None:
            row["threshold"] = _d(threshold)
        out.append(row)
    return out


def _product(p: FutureProduct) -> dict[str, Any]:
    r = p.roll
    return {
        "root-symbol": p.root, "code": p.code, "description": p.description,
        "clearing-code": p.code, "clearing-exchange-code": p.clearing_exchange,
        "clearport-code": p.code, "legacy-code": p.code, "exchange": p.wire_exchange,
        "legacy-exchange-code": p.legacy_exchange,
        "product-type": "Physical" if p.physical else "Financial",
        "listed-months": list(p.months), "active-months": list(p.months),
        "notional-multiplier": _d(p.multiplier), "tick-size": _d(p.tick),
        "display-factor": p.display_factor, "streamer-exchange-code": p.mic,
        "small-notional": p.code.startswith("M"),  # the micros
        "back-month-first-calendar-symbol": False, "first-notice": r.first_notice,
        "cash-settled": p.cash_settled, "security-group": p.code, "market-sector": p.sector,
        "price-format": "decimal", "supported": True,
        "roll": {"name": r.name, "active-count": r.active_count,
                 "cash-settled": p.cash_settled,
                 "business-days-offset": r.business_days_offset,
                 "first-notice": r.first_notice},
    }


def future_json(c: FutureContract, listed: tuple[FutureContract, ...]) -> dict[str, Any]:
    p = c.product
    nxt = next((x for x in listed if x.index == c.index + 1), None)
    row: dict[str, Any] = {
        "symbol": c.symbol, "product-code": p.code, "contract-size": _d(p.size),
        "tick-size": _d(p.tick), "notional-multiplier": _d(p.multiplier),
        "main-fraction": "0.0", "sub-fraction": "0.0", "display-factor": p.display_factor,
        "last-trade-date": c.expiration.isoformat(), "expiration-date": c.expiration.isoformat(),
        "closing-only-date": c.expiration.isoformat(), "active": True,
        "active-month": c.active, "next-active-month": c.next_active, "is-closing-only": False,
        "stops-trading-at": wire.iso(c.expires_at), "expires-at": wire.iso(c.expires_at),
        "product-group": p.product_group, "exchange": p.wire_exchange,
        "exchange-symbol": c.symbol[1:],
        "roll-target-symbol": nxt.symbol if nxt else following_symbol(c),
        "streamer-exchange-code": p.mic, "streamer-symbol": c.streamer,
        "back-month-first-calendar-symbol": c.index > 0, "is-tradeable": True,
        "future-product": _product(p),
        "tick-sizes": [{"value": _d(p.tick)}],
    }
    if p.physical:  # first notice comes with physical delivery, before the last trade
        row["first-notice-date"] = c.expiration.isoformat()
    if p.etf:
        row["future-etf-equivalent"] = {"symbol": p.etf[0], "share-quantity": p.etf[1]}
    if p.has_options:
        row["option-tick-sizes"] = _ticks(p)
    row["spread-tick-sizes"] = [{"value": _d(p.tick), "symbol": x.symbol}
                                for x in listed if x.index > c.index][:2]
    return row


def _option_product(fe: FopExpiration) -> dict[str, Any]:
    p = fe.product
    return {
        "root-symbol": fe.root, "cash-settled": False, "code": fe.root, "legacy-code": fe.root,
        "clearport-code": fe.root, "clearing-code": fe.root[-2:],
        "clearing-exchange-code": p.clearing_exchange, "clearing-price-multiplier": "1.0",
        "display-factor": p.display_factor, "exchange": p.wire_exchange,
        "product-type": "Physical", "expiration-type": fe.expiration_type,
        "settlement-delay-days": 0, "is-rollover": fe.expiration_type != "Regular",
        "market-sector": p.sector, "supported": True,
    }


def future_option_json(spec: OptionSpec, today: date) -> dict[str, Any]:
    e, fut = spec.expiry, spec.future
    fe = e.fop
    assert fut is not None and fe is not None
    p = fut.product
    return {
        "symbol": spec.symbol, "underlying-symbol": fut.symbol, "product-code": p.code,
        "expiration-date": e.expiration.isoformat(), "root-symbol": p.root,
        "option-root-symbol": e.root, "strike-price": _d(spec.strike),
        "exchange": p.wire_exchange,
        "exchange-symbol": f"{fe.contract_code} {spec.kind}{strike_text(spec.strike)}",
        "streamer-symbol": spec.streamer, "option-type": spec.kind,
        "exercise-style": "American", "is-vanilla": True, "is-primary-deliverable": True,
        "future-price-ratio": "1.0", "multiplier": "1.0", "underlying-count": "1.0",
        "is-confirmed": True, "notional-value": p.option_notional,
        "display-factor": p.display_factor, "security-exchange": p.security_exchange,
        "sx-id": "0", "settlement-type": "Future", "strike-factor": "1.0",
        "maturity-date": e.expiration.isoformat(), "is-exercisable-weekly": True,
        "last-trade-time": "0", "days-to-expiration": (e.expiration - today).days,
        "is-closing-only": False, "active": True,
        "stops-trading-at": wire.iso(e.stops_trading_at), "expires-at": wire.iso(e.expires_at),
        "future-option-product": _option_product(fe),
    }


def _strike_rows(code: str, e: Expiry, quirky: bool) -> list[dict[str, Any]]:
    rows = []
    for k in e.strikes:
        c, put = future_option(code, e, "C", k), future_option(code, e, "P", k)
        rows.append({"strike-price": _d(k), "call": c.symbol, "call-streamer-symbol": c.streamer,
                     "put": put.symbol, "put-streamer-symbol": put.streamer})
    if not quirky or len(rows) < 2 * _WINGS:
        return rows
    wings, rest = rows[:_WINGS], rows[_WINGS:]
    for row in wings[:-1]:  # listed, tradeable, but not (yet) on the feed
        del row["call-streamer-symbol"], row["put-streamer-symbol"]
    return [wings[2], rest[0], rest[1], wings[0], rest[2], wings[1], *rest[3:]]


def nested_futures(listed: tuple[FutureContract, ...], chain: Chain,
                   today: date) -> dict[str, Any]:
    code = chain.underlying
    p = listed[0].product
    futures = [{"symbol": c.symbol, "root-symbol": p.root,
                "expiration-date": c.expiration.isoformat(),
                "days-to-expiration": (c.expiration - today).days, "active-month": c.active,
                "next-active-month": c.next_active, "stops-trading-at": wire.iso(c.expires_at),
                "expires-at": wire.iso(c.expires_at)} for c in listed]
    exps = []
    for e in chain.expiries:
        fe = e.fop
        assert fe is not None
        quirky = code in QUIRKY_CHAINS and e.root == p.option_quarterly_root
        exps.append({
            "underlying-symbol": fe.underlying.symbol, "root-symbol": p.root,
            "option-root-symbol": e.root, "option-contract-symbol": fe.contract_code,
            "asset": e.root, "expiration-date": e.expiration.isoformat(),
            "days-to-expiration": (e.expiration - today).days,
            "expiration-type": e.expiration_type, "settlement-type": e.settlement,
            "notional-value": p.option_notional, "display-factor": p.display_factor,
            "strike-factor": "1.0", "stops-trading-at": wire.iso(e.stops_trading_at),
            "expires-at": wire.iso(e.expires_at), "tick-sizes": _ticks(p),
            "strikes": _strike_rows(code, e, quirky),
        })
    chains = [{"underlying-symbol": p.root, "root-symbol": p.root, "exercise-style": "American",
               "expirations": exps}]
    return {"futures": futures, "option-chains": chains}
