"""The buying-power effect of a dry-run order, in tastytrade's `buying-power-effect` shape.

`change-in-buying-power` is the change in margin requirement plus the fees, as the
recordings show (183.08 + 0.001 fees = 183.081).
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from tastyking.sim import wire
from tastyking.sim.broker.accounts import Account
from tastyking.sim.broker.margin import Leg, requirement
from tastyking.sim.market.futures import find_contract
from tastyking.sim.market.universe import STOCKS
from tastyking.sim.rest.accounts import balance_numbers, mark_of, position_legs
from tastyking.sim.state import SimState

if TYPE_CHECKING:
    from tastyking.sim.rest.orders import OrderLeg


def _money(x: float) -> str:
    return wire.dec(abs(round(x, 3)), 3) or "0.0"


def _eff(x: float) -> str:
    return "Debit" if x > 0.0005 else "Credit" if x < -0.0005 else "None"


def _order_leg(state: SimState, ol: OrderLeg) -> Leg:
    mark, under = mark_of(state, ol.symbol)
    spec = state.market.option_spec(ol.symbol) if "Option" in ol.instrument_type else None
    fut = find_contract(ol.symbol, state.market.today()) if ol.instrument_type == "Future" \
        else None
    group = spec.product if spec else ol.underlying.lstrip("/")
    if fut is not None:
        group = fut.product.code  # as position_legs groups a held future
    stock = STOCKS.get(spec.product) if spec and not spec.future else None
    return Leg(ol.instrument_type, float(ol.quantity) * ol.sign, ol.multiplier, mark,
               under, group, spec, fut, bool(stock and stock.kind == "Index"))


def bp_effect(state: SimState, acct: Account, legs: list[OrderLeg],
              total_fees: float) -> tuple[dict[str, Any], float, float]:
    """The order's effect on buying power, as tastytrade reports it.

    The part of a leg that reduces a held position frees what the position needed (the
    book is re-margined without it); the part that opens is margined as its own
    structure, so an opening order changes the requirement by exactly its isolated
    requirement and never re-pairs (and breaks up) the structures already held.
    """
    before = position_legs(state, acct.positions)
    held = {pos.symbol: i for i, pos in enumerate(acct.positions)}
    after = list(before)
    order_legs, opening = [], []
    for ol in legs:
        leg = _order_leg(state, ol)
        order_legs.append(leg)
        i = held.get(ol.symbol)
        closing = 0.0
        if i is not None and after[i].quantity * leg.quantity < 0:
            closing = math.copysign(min(abs(leg.quantity), abs(after[i].quantity)),
                                    leg.quantity)
            after[i] = replace(after[i], quantity=after[i].quantity + closing)
        if leg.quantity - closing:
            opening.append(replace(leg, quantity=leg.quantity - closing))
    req_before = requirement(before, acct.is_cash)
    freed = requirement(after, acct.is_cash) - req_before
    change_req = round(freed + requirement(opening, acct.is_cash), 2)
    isolated = requirement(order_legs, acct.is_cash)
    change_bp = change_req + total_fees
    current = balance_numbers(state, acct)["bp"]
    new = current - change_bp
    body = {
        "change-in-margin-requirement": _money(change_req),
        "change-in-margin-requirement-effect": _eff(change_req),
        "change-in-buying-power": _money(change_bp),
        "change-in-buying-power-effect": _eff(change_bp),
        "current-buying-power": _money(current), "current-buying-power-effect": "Credit",
        "new-buying-power": _money(new),
        "new-buying-power-effect": "Credit" if new >= 0 else "Debit",
        "isolated-order-margin-requirement": _money(isolated),
        "isolated-order-margin-requirement-effect": _eff(isolated),
        "is-spread": len(legs) > 1, "impact": _money(change_bp), "effect": _eff(change_bp),
    }
    return body, change_bp, current
