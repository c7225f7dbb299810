"""Reading orders: today's (`/orders/live`), the history with its filters, and one order.

Only reads: the simulator's orders come from the ledger (ledger.py); a new order is
never accepted here (see broker/orders.py for the dry-run and the refused submit).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from tastyking.sim import wire
from tastyking.sim.broker.ledger import Order
from tastyking.sim.market import calendar as cal
from tastyking.sim.rest.accounts import sim

TERMINAL = ("Filled", "Cancelled", "Expired", "Rejected")


def _ms(dt: datetime) -> int:
    return int(dt.timestamp() * 1000)


def order_json(o: Order) -> dict[str, Any]:
    filled = o.status == "Filled"
    row: dict[str, Any] = {
        "id": o.id, "account-number": o.account, "time-in-force": o.time_in_force,
        "order-type": "Limit", "size": o.size, "underlying-symbol": o.underlying,
        "underlying-instrument-type": o.underlying_type, "price": wire.dec(o.price),
        "price-effect": o.effect, "status": o.status,
        "cancellable": o.status not in TERMINAL, "editable": o.status not in TERMINAL,
        "edited": False, "ext-exchange-order-number": f"6{o.id % 10**12:012d}",
        "ext-client-order-id": f"{o.id:x}".rjust(18, "0"),
        "ext-global-order-number": o.id % 100_000, "received-at": wire.iso(o.received_at),
        "updated-at": _ms(o.terminal_at or o.received_at),
    }
    if o.terminal_at is not None:
        row["terminal-at"] = wire.iso(o.terminal_at)
    if o.status == "Cancelled" and o.terminal_at is not None:
        row["cancelled-at"] = wire.iso(o.terminal_at)
    legs = []
    for i, lg in enumerate(o.legs):
        fills = []
        if filled and o.terminal_at is not None:
            fills.append({
                "ext-group-fill-id": f"{o.id % 10**9}{i}", "ext-exec-id": f"{o.id % 10**5}{i}",
                "fill-id": f"3_SIM{o.id}{i}", "quantity": lg.quantity,
                "fill-price": wire.dec(lg.price), "filled-at": wire.iso(o.terminal_at),
                "destination-venue": "CITADEL_OPTIONS_A" if lg.position.option
                else "CITADEL_EQUITIES_A"})
        legs.append({"instrument-type": lg.position.instrument_type,
                     "symbol": lg.position.symbol, "quantity": lg.quantity,
                     "remaining-quantity": 0 if filled else lg.quantity,
                     "action": lg.action, "fills": fills})
    row["legs"] = legs
    return row


def _orders(request: Request) -> list[Order] | None:
    book = sim(request).book
    n = request.path_params["n"]
    return book.ledgers[n].orders if book.get(n) is not None else None


def _day(dt: datetime) -> date:
    return cal.ny_date(dt)


async def live(request: Request) -> Response:
    """Working orders and those that reached a final state today."""
    orders = _orders(request)
    if orders is None:
        return wire.not_permitted()
    today = sim(request).market.today()
    rows = [order_json(o) for o in orders
            if o.terminal_at is None or _day(o.terminal_at) == today]
    return wire.items(request, rows)


def _date(request: Request, key: str) -> date | None:
    raw = request.query_params.get(key)
    return date.fromisoformat(raw[:10]) if raw else None


async def history(request: Request) -> Response:
    orders = _orders(request)
    if orders is None:
        return wire.not_permitted()
    q = request.query_params
    try:
        start, end = _date(request, "start-date"), _date(request, "end-date")
    except ValueError:
        return wire.error(400, "invalid_parameter", "start-date and end-date are YYYY-MM-DD")
    statuses = set(wire.query_list(request, "status"))
    under = q.get("underlying-symbol")
    futures = q.get("futures-symbol")
    utype = q.get("underlying-instrument-type")
    picked = []
    for o in orders:
        d = _day(o.received_at)
        if start and d < start or end and d > end:
            continue
        if statuses and o.status not in statuses:
            continue
        if under and o.underlying != under or futures and o.underlying != futures:
            continue
        if utype and o.underlying_type != utype:
            continue
        picked.append(o)
    picked.sort(key=lambda o: (o.received_at, o.id), reverse=q.get("sort", "Desc") != "Asc")
    return wire.paginated(request, [order_json(o) for o in picked], default_per_page=10)


async def one(request: Request) -> Response:
    orders = _orders(request)
    if orders is None:
        return wire.not_permitted()
    oid = request.path_params["id"]
    for o in orders:
        if str(o.id) == oid:
            return wire.ok(request, order_json(o))
    return wire.not_found("Order")
