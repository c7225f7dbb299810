"""`GET /margin/accounts/{n}/requirements`: the account total, one group per underlying,
and inside it one group per structure (the legs opened together), with its positions.

Every figure comes from broker/margin.py's model, so an underlying's requirement is what
the balances endpoint charges for it (a structure alone may need more than its share,
as tastytrade's own groups do when legs offset across structures).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from tastyking.sim import wire
from tastyking.sim.broker.accounts import Account, Position
from tastyking.sim.broker.ledger import opened_together
from tastyking.sim.broker.margin import Leg, requirement
from tastyking.sim.rest.accounts import balance_numbers, position_legs, sim
from tastyking.sim.state import SimState


def _money(x: float) -> str:
    return wire.dec(abs(round(x, 3)), 3) or "0.0"


def _amount(key: str, x: float, effect: str) -> dict[str, str]:
    return {key: _money(x), f"{key}-effect": effect if abs(x) > 0.0005 else "None"}


def _requirements(x: float) -> dict[str, str]:
    out: dict[str, str] = {}
    for key in ("margin-requirement", "initial-requirement", "maintenance-requirement"):
        out.update(_amount(key, x, "Debit"))
    return out


def _structure(positions: list[Position]) -> str:
    kinds = {p.instrument_type for p in positions}
    longs = [p for p in positions if p.quantity > 0]
    shorts = [p for p in positions if p.quantity < 0]
    if kinds <= {"Equity"}:
        return "LONG_UNDERLYING" if longs else "SHORT_UNDERLYING"
    if kinds <= {"Future"}:
        return "FUTURE"
    if not shorts:
        return "LONG_OPTION"
    if not longs:
        calls = {p.option.kind for p in shorts if p.option}
        return "STRANGLE" if len(calls) == 2 else "NAKED_OPTION"
    return "SPREAD" if len(positions) == 2 else "CUSTOM"


def _entry(state: SimState, p: Position) -> dict[str, Any]:
    snap = state.market.snapshot(p.symbol)
    row: dict[str, Any] = {
        "instrument-symbol": p.symbol, "instrument-type": p.instrument_type,
        "quantity": wire.dec(float(p.quantity)), "average-open-price": "NaN",
        "close-price": wire.dec(snap.prev_close if snap else p.average_open), "fixing-price": "NaN",
    }
    if p.option is not None:
        row.update({"strike-price": wire.dec(p.option.strike), "option-type": p.option.kind,
                    "deliverable-quantity": wire.dec(abs(p.quantity) * p.multiplier),
                    "expiration-date": p.option.expiration.isoformat()})
    return row


def _code(p: Position) -> str:
    if p.option is not None:
        return f"/{p.option.product}" if p.option.future else p.option.product
    return f"/{p.future.product.code}" if p.future else p.underlying


def _underlying_group(state: SimState, a: Account, code: str, positions: list[Position],
                      legs: dict[int, Leg]) -> dict[str, Any]:
    req = requirement([legs[id(p)] for p in positions], a.is_cash)
    first = positions[0]
    utype = ("Future" if first.instrument_type.startswith("Future") else
             "Index" if code in ("SPX", "NDX", "RUT", "VIX", "XSP") else "Equity")
    subgroups = []
    for together in opened_together(positions):
        sub = requirement([legs[id(p)] for p in together], a.is_cash)
        subgroups.append({"description": _structure(together), **_requirements(sub),
                          "includes-working-order": False, **_amount("buying-power", sub,
                                                                     "Debit"),
                          "position-entries": [_entry(state, p) for p in together]})
    return {
        "description": code, "code": code, "underlying-symbol": code.lstrip("/") if utype !=
        "Future" else first.underlying, "underlying-type": utype,
        "expected-price-range-up-percent": "0.3", "expected-price-range-down-percent": "0.3",
        "point-of-no-return-percent": "1.01",
        "margin-calculation-type": "IRA Margin" if a.is_cash else "Reg T",
        **_requirements(req), **_amount("buying-power", req, "Debit"),
        "groups": subgroups, "price-increase-percent": "1.0", "price-decrease-percent": "-1.0",
    }


def requirements_json(state: SimState, a: Account) -> dict[str, Any]:
    n = balance_numbers(state, a)
    by_code: dict[str, list[Position]] = {}
    for p in a.positions:
        by_code.setdefault(_code(p), []).append(p)
    excess = max(0.0, n["nlv"] - n["maint"])
    # each position priced once (a big book has hundreds of options to price)
    legs = {id(p): leg for p, leg in zip(a.positions, position_legs(state, a.positions),
                                         strict=True)}
    body: dict[str, Any] = {
        "account-number": a.number, "description": "Total",
        "margin-calculation-type": "IRA Margin" if a.is_cash else "Reg T",
        "option-level": a.options_level,
        **_requirements(n["req"]), **_amount("maintenance-requirement", n["maint"], "Debit"),
        **_amount("margin-equity", n["nlv"], "Credit"),
        **_amount("option-buying-power", n["bp"], "Credit"),
        **_amount("reg-t-margin-requirement", n["req"], "Debit"),
        **_amount("reg-t-option-buying-power", n["bp"], "Credit"),
        **_amount("maintenance-excess", excess, "Credit"),
        "groups": [_underlying_group(state, a, code, ps, legs)
                   for code, ps in sorted(by_code.items())],
        "last-state-timestamp": int(state.market.now().timestamp() * 1000),
    }
    return body


async def margin_requirements(request: Request) -> Response:
    state = sim(request)
    a = state.book.get(request.path_params["n"])
    if a is None:
        return wire.not_permitted()
    return wire.ok(request, requirements_json(state, a))
