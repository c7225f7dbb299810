"""`POST /accounts/{n}/orders/dry-run`, and the refused real submission.

The dry-run accepts the real order body (unknown keys ignored, decimals as
strings or numbers), validates it like the broker (422 validation errors,
preflight failures), and answers with the order, its buying-power effect, fees
and warnings, with HTTP 201 as the real API does. Work per request is bounded: the
body is read up to 64 KiB, an order has at most four legs, and quantities and prices
beyond any real order are refused with tastytrade's error shape (422) before any
margin work. A real `POST /accounts/{n}/orders` is never executed: it is recorded,
shouted on stderr and answered 403.
"""

from __future__ import annotations

import json
import math
import sys
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from tastyking.sim import wire
from tastyking.sim.broker import fees
from tastyking.sim.broker.accounts import Account
from tastyking.sim.faults import DRY_RUN_KEY
from tastyking.sim.market import calendar as cal
from tastyking.sim.market.futures import find_contract
from tastyking.sim.market.universe import STOCKS
from tastyking.sim.rest.accounts import mark_of
from tastyking.sim.rest.effect import bp_effect
from tastyking.sim.state import SimState

TIFS = {"Day", "GTC", "GTD", "IOC", "Ext", "Ext Overnight", "GTC Ext", "GTC Ext Overnight"}
TYPES = {"Limit", "Market", "Marketable Limit", "Stop", "Stop Limit", "Notional Market"}
ACTIONS = {"Buy to Open", "Sell to Open", "Buy to Close", "Sell to Close", "Buy", "Sell"}
ITYPES = {"Equity", "Equity Option", "Future", "Future Option"}
PRICED = {"Limit", "Stop Limit", "Marketable Limit"}
MAX_BODY = 64 * 1024  # bytes; a four-leg order is well under 2 KiB
MAX_LEGS = 4
MAX_CONTRACTS = 100_000  # per option or futures leg
MAX_SHARES = 10_000_000  # per stock leg
MAX_PRICE = Decimal(10_000_000)  # price, stop-trigger and notional value


class Invalid(Exception):
    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("invalid order")
        self.errors = errors


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


@dataclass
class OrderLeg:
    instrument_type: str
    symbol: str
    quantity: Decimal
    action: str
    multiplier: float = 1.0
    underlying: str = ""
    underlying_type: str = "Equity"
    tick: float = 0.01

    @property
    def sign(self) -> int:
        return 1 if self.action.startswith("Buy") else -1


def parse_legs(state: SimState, body: dict[str, Any]) -> list[OrderLeg]:
    raw = body.get("legs")
    errors: list[dict[str, str]] = []
    if not isinstance(raw, list) or not raw:
        raise Invalid([{"domain": "legs", "reason": "is missing"}])
    if len(raw) > MAX_LEGS:
        raise Invalid([{"domain": "legs", "reason": f"must have at most {MAX_LEGS} legs"}])
    notional = body.get("order-type") == "Notional Market"
    out = []
    for i, leg in enumerate(raw):
        if not isinstance(leg, dict):
            errors.append({"domain": f"legs[{i}]", "reason": "is invalid"})
            continue
        itype, symbol, action = leg.get("instrument-type"), leg.get("symbol"), leg.get("action")
        qty = _decimal(leg.get("quantity")) if not notional or "quantity" in leg else Decimal(1)
        if itype not in ITYPES:
            errors.append({"domain": f"legs[{i}].instrument-type", "reason": "is invalid"})
        if action not in ACTIONS:
            errors.append({"domain": f"legs[{i}].action", "reason": "is invalid"})
        if qty is None or qty <= 0:
            errors.append({"domain": f"legs[{i}].quantity", "reason": "must be greater than 0"})
        elif itype in ITYPES and (reason := _size_error(str(itype), qty)):
            errors.append({"domain": f"legs[{i}].quantity", "reason": reason})
        if not isinstance(symbol, str) or not symbol.strip():
            errors.append({"domain": f"legs[{i}].symbol", "reason": "is missing"})
        if errors:
            continue
        assert isinstance(symbol, str) and qty is not None
        resolved = _resolve(state, str(itype), symbol)
        if resolved is None:
            errors.append({"domain": f"legs[{i}].symbol",
                           "reason": f"{symbol} is not a valid {itype} symbol"})
            continue
        resolved.quantity, resolved.action = qty, str(action)
        out.append(resolved)
    if errors:
        raise Invalid(errors)
    return out


def _size_error(itype: str, qty: Decimal) -> str | None:
    if itype == "Equity":
        return f"must be at most {MAX_SHARES} shares" if qty > MAX_SHARES else None
    if qty > MAX_CONTRACTS:
        return f"must be at most {MAX_CONTRACTS} contracts"
    return None if qty == qty.to_integral_value() else "must be a whole number of contracts"


def _resolve(state: SimState, itype: str, symbol: str) -> OrderLeg | None:
    m = state.market
    if itype == "Equity":
        stock = STOCKS.get(symbol)
        if stock is None or stock.kind != "Equity":
            return None
        return OrderLeg(itype, symbol, Decimal(0), "", 1.0, symbol, "Equity", 0.01)
    if itype == "Future":
        c = find_contract(symbol, m.today())
        if c is None or not symbol.startswith("/"):
            return None
        return OrderLeg(itype, c.symbol, Decimal(0), "", c.product.multiplier, c.product.root,
                        "Future", c.product.tick)
    spec = m.option_spec(symbol)
    if spec is None or spec.instrument_type != itype:
        return None
    if spec.future is not None:
        p = spec.future.product
        return OrderLeg(itype, spec.symbol, Decimal(0), "", p.multiplier, p.root, "Future",
                        p.option_ticks[0][0])
    stock = STOCKS[spec.product]
    utype = "Index" if stock.kind == "Index" else "Equity"
    return OrderLeg(itype, spec.symbol, Decimal(0), "", 100.0, stock.symbol, utype, 0.01)


def _tick_for(legs: list[OrderLeg], state: SimState, price: float) -> float:
    first = legs[0]
    if len(legs) > 1:
        if first.instrument_type == "Equity Option":
            return 0.05 if first.underlying == "SPX" else 0.01
        return first.tick
    if first.instrument_type in ("Equity Option", "Future Option"):
        spec = state.market.option_spec(first.symbol)
        return state.market.option_tick(spec, price) if spec else first.tick
    if first.instrument_type == "Equity" and price < 1.0:
        return 0.0001
    return first.tick


def preflight(state: SimState, acct: Account, body: dict[str, Any],
              legs: list[OrderLeg]) -> list[dict[str, str]]:
    errs = []
    tif, otype = body.get("time-in-force"), body.get("order-type")
    if tif in ("GTC", "GTD", "GTC Ext", "GTC Ext Overnight") and otype == "Market":
        errs.append({"code": "gtc_market_orders_not_supported",
                     "message": "GTC/GTD Market orders are not supported."})
    if tif == "GTD":
        try:
            gtd = date.fromisoformat(str(body.get("gtc-date")))
        except ValueError:
            gtd = None
        if gtd is None or gtd <= state.market.today():
            errs.append({"code": "invalid_gtc_date",
                         "message": "GTD orders need a gtc-date in the future."})
    price = _decimal(body.get("price"))
    if otype in PRICED and price is not None and price > 0:
        tick = _tick_for(legs, state, float(price))
        steps = float(price) / tick
        if abs(steps - round(steps)) > 1e-6:
            errs.append({"code": "invalid_price_increment",
                         "message": f"Price must be in increments of {wire.dec(tick)}."})
    if acct.is_cash and any(lg.instrument_type.startswith("Future") for lg in legs):
        errs.append({"code": "futures_not_enabled",
                     "message": "This account is not approved for futures trading."})
    if acct.is_cash and _uncovered_calls(state, acct, legs):
        errs.append({"code": "option_level_violation",
                     "message": "Your account's option level does not allow uncovered "
                                "short calls."})
    return errs


def _uncovered_calls(state: SimState, acct: Account, legs: list[OrderLeg]) -> bool:
    """Covered-and-cash-secured accounts may sell calls only against shares they hold."""
    shares: dict[str, float] = {}
    for p in acct.positions:
        if p.instrument_type == "Equity":
            shares[p.symbol] = shares.get(p.symbol, 0.0) + p.quantity
        elif p.option is not None and p.option.kind == "C" and p.quantity < 0:
            shares[p.option.product] = shares.get(p.option.product, 0.0) + p.quantity * 100
    for lg in legs:
        if lg.instrument_type != "Equity Option" or lg.action != "Sell to Open":
            continue
        spec = state.market.option_spec(lg.symbol)
        if spec is None or spec.kind != "C":
            continue
        need = float(lg.quantity) * lg.multiplier
        if shares.get(spec.product, 0.0) < need:
            return True
        shares[spec.product] -= need
    return False


def _validate_top(body: dict[str, Any]) -> None:
    errors = []
    if body.get("time-in-force") not in TIFS:
        errors.append({"domain": "time-in-force", "reason": "is invalid"})
    otype = body.get("order-type")
    if otype not in TYPES:
        errors.append({"domain": "order-type", "reason": "is invalid"})
    if otype in PRICED:
        price = _decimal(body.get("price"))
        if price is None or price < 0 or price > MAX_PRICE:
            errors.append({"domain": "price", "reason": "is missing or invalid"})
        if body.get("price-effect") not in ("Credit", "Debit"):
            errors.append({"domain": "price-effect", "reason": "is invalid"})
    if otype in ("Stop", "Stop Limit") and not 0 < (_decimal(body.get("stop-trigger")) or 0) \
            <= MAX_PRICE:
        errors.append({"domain": "stop-trigger", "reason": "is missing or invalid"})
    if (_decimal(body.get("value")) or 0) > MAX_PRICE:
        errors.append({"domain": "value", "reason": "is invalid"})
    if errors:
        raise Invalid(errors)


def _num(q: Decimal) -> int | str:
    return int(q) if q == q.to_integral_value() else str(q)


def order_json(acct: Account, body: dict[str, Any], legs: list[OrderLeg]) -> dict[str, Any]:
    size = 0
    for lg in legs:
        size = math.gcd(size, int(lg.quantity)) if lg.quantity == int(lg.quantity) else 1
    order: dict[str, Any] = {
        "account-number": acct.number, "time-in-force": body.get("time-in-force"),
        "order-type": body.get("order-type"), "size": size or 1,
        "underlying-symbol": legs[0].underlying,
        "underlying-instrument-type": legs[0].underlying_type, "status": "Received",
        "cancellable": True, "editable": True, "edited": False, "updated-at": 0,
    }
    for key in ("price", "stop-trigger", "value"):
        d = _decimal(body.get(key))
        if d is not None:
            order[key] = str(d)
    for key in ("price-effect", "value-effect", "gtc-date"):
        if body.get(key) is not None:
            order[key] = body[key]
    order["legs"] = [{"instrument-type": lg.instrument_type, "symbol": lg.symbol,
                      "quantity": _num(lg.quantity), "remaining-quantity": _num(lg.quantity),
                      "action": lg.action, "fills": []} for lg in legs]
    return order


def _warnings(state: SimState, legs: list[OrderLeg]) -> list[dict[str, str]]:
    now = state.market.now()
    futures = any(lg.instrument_type.startswith("Future") for lg in legs)
    status = cal.futures_state(now)[0] if futures else cal.equity_state(now)[0]
    if status == "Open":
        return []
    return [{"code": "tif_next_valid_sesssion",
             "message": "Your order will begin working during next valid session."}]


def _injected(request: Request, data: dict[str, Any]) -> None:
    """A `dry_run_errors` / `dry_run_warnings` fault: a 2xx answer that still carries
    errors (the schema's `errors[]` in `data`) or a warning that is not informational."""
    flags = request.scope.get(DRY_RUN_KEY) or {}
    if flags.get("errors"):
        data["errors"] = [{"code": "sim_injected_error", "preflight-id": "sim-1",
                           "message": "The simulator was told to report this order as "
                                      "failing a check (a dry_run_errors fault)."}]
    if flags.get("warnings"):
        data["warnings"] = [*data["warnings"], {
            "code": "sim_injected_warning",
            "message": "The simulator was told to warn about this order (a dry_run_warnings "
                       "fault)."}]


async def _read(request: Request) -> bytes | None:
    """The body, or None past MAX_BODY (read no further: a huge body costs nothing)."""
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY:
            return None
    return raw


async def _body(request: Request) -> dict[str, Any] | None:
    raw = await _read(request)
    if raw is None:
        return None
    try:
        parsed = json.loads(raw or b"null")
    except (ValueError, RecursionError):
        return None
    return parsed if isinstance(parsed, dict) else None


async def dry_run(request: Request) -> Response:
    state: SimState = request.app.state.sim
    acct = state.book.get(request.path_params["n"])
    if acct is None:
        return wire.not_permitted()
    body = await _body(request)
    if body is None:
        return wire.error(400, "invalid_json",
                          f"Request body must be a JSON object of at most {MAX_BODY} bytes")
    try:
        _validate_top(body)
        legs = parse_legs(state, body)
    except Invalid as exc:
        return wire.error(422, "validation_error", "Request validation failed", exc.errors)
    fee_legs = []
    for lg in legs:
        mark, _ = mark_of(state, lg.symbol)
        fee_legs.append(fees.FeeLeg(lg.instrument_type, float(lg.quantity),
                                    lg.action.endswith("Open") or lg.action in ("Buy", "Sell"),
                                    lg.sign < 0, mark * float(lg.quantity) * lg.multiplier,
                                    lg.underlying == "SPX"))
    fee_body, total_fees = fees.fee_json(fees.compute(fee_legs))
    bpe, change, current = bp_effect(state, acct, legs, total_fees)
    errs = preflight(state, acct, body, legs)
    if change > 0 and change > current:
        errs.append({"code": "margin_check_failed", "message": "Account does not have "
                     "sufficient buying power available for this order."})
    if errs:  # the recorded failing shape: the effect in `data` beside the `error`
        return wire.error(422, "preflight_check_failure", "One or more preflight checks failed",
                          errs, data={"buying-power-effect": bpe})
    data = {"order": order_json(acct, body, legs), "warnings": _warnings(state, legs),
            "buying-power-effect": bpe, "fee-calculation": fee_body}
    _injected(request, data)
    return wire.ok(request, data, status=201)


async def submit(request: Request) -> Response:
    state: SimState = request.app.state.sim
    raw = await _read(request)
    try:
        body: Any = json.loads(raw or b"null") if raw is not None else {"raw": "(too large)"}
    except (ValueError, RecursionError):
        body = {"raw": (raw or b"")[:2000].decode("utf-8", "replace")}
    number = request.path_params["n"]
    state.record_submission({"account-number": number, "body": body,
                             "at": wire.iso(state.market.now())})
    request.scope.setdefault("sim_notes", []).append("REFUSED")
    print(f"!!! REFUSED REAL ORDER SUBMISSION to account {number}: "
          f"{json.dumps(body)[:500]} (the simulator only answers dry-runs)",
          file=sys.stderr, flush=True)
    return wire.error(403, "simulator_refuses_submission",
                      "The tastyking simulator never places orders; use /orders/dry-run.")
