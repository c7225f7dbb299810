"""An account's past: the deposit, the filled orders that opened today's positions, their
trade transactions with fees, the working GTC closing orders, and a cancelled attempt or two.

Positions opened together (same underlying, same instant) were one order. Every short
premium order has a GTC closing order working at 50 % of its credit, as framework
traders leave them. The fees here are what `Account.cash` subtracts, so the deposit plus
every transaction's net value is the cash balance the balances endpoint reports.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from tastyking.sim.broker.fees import FeeLeg, compute
from tastyking.sim.market.quotes import round_tick
from tastyking.sim.market.universe import STOCKS

if TYPE_CHECKING:
    from tastyking.sim.broker.accounts import Account, Position
    from tastyking.sim.market.model import Market

@dataclass
class Leg:
    position: Position
    action: str  # "Sell to Open", "Buy to Close", ...
    quantity: int  # unsigned contracts/shares
    price: float  # per unit, unsigned

    @property
    def selling(self) -> bool:
        return self.action.startswith("Sell")

    @property
    def opening(self) -> bool:
        return self.action.endswith("Open")


@dataclass
class Order:
    id: int
    account: str
    underlying: str
    underlying_type: str
    legs: list[Leg]
    size: int
    price: float  # per size unit, unsigned
    effect: str  # "Credit" | "Debit"
    time_in_force: str
    status: str  # "Filled" | "Live" | "Cancelled"
    received_at: datetime
    terminal_at: datetime | None = None


@dataclass
class Trade:
    """One transaction row: a fill leg, or a money movement when `leg` is None."""

    id: int
    account: str
    executed_at: datetime
    order: Order | None
    leg: Leg | None
    value: float  # signed: + credit, - debit
    fees: dict[str, float] = field(default_factory=dict)
    description: str = ""

    @property
    def total_fees(self) -> float:
        return sum(self.fees.values())


@dataclass
class Ledger:
    orders: list[Order]
    trades: list[Trade]

    @property
    def fees(self) -> float:
        return round(sum(t.total_fees for t in self.trades), 5)


def _is_index(p: Position) -> bool:
    stock = STOCKS.get(p.option.product) if p.option else None
    return bool(stock and stock.kind == "Index")


def _fee_parts(leg: Leg) -> dict[str, float]:
    p = leg.position
    notional = leg.price * leg.quantity * p.multiplier
    f = compute([FeeLeg(p.instrument_type, leg.quantity, leg.opening, leg.selling, notional,
                        _is_index(p))])
    return {"regulatory": f["exchange"] + f["nfa"] + f["orf"] + f["sec"] + f["taf"],
            "clearing": f["clearing"], "commission": f["commission"],
            "proprietary": f["proprietary"]}


def _underlying_type(p: Position) -> str:
    if p.instrument_type in ("Future", "Future Option"):
        return "Future"
    return "Index" if _is_index(p) else "Equity"


def _order_for(oid: int, acct: str, legs: list[Leg], tif: str, status: str,
               received: datetime, terminal: datetime | None) -> Order:
    size = 0
    for lg in legs:
        size = math.gcd(size, lg.quantity)
    size = size or 1
    net = sum((1 if lg.selling else -1) * lg.price * lg.quantity / size for lg in legs)
    p = legs[0].position
    under = p.option.underlying if p.option and p.option.future else p.underlying
    return Order(oid, acct, under, _underlying_type(p), legs, size, round(abs(net), 4),
                 "Credit" if net > 0 else "Debit", tif, status, received, terminal)


def opened_together(positions: list[Position]) -> list[list[Position]]:
    """Positions opened in one order: the same underlying within a few seconds (the demo
    book stamps each leg as it builds it, microseconds apart)."""
    groups: list[list[Position]] = []
    for p in sorted(positions, key=lambda p: p.created_at):
        same = [g for g in groups if g[0].underlying == p.underlying
                and abs((g[0].created_at - p.created_at).total_seconds()) < 5]
        if same:
            same[0].append(p)
        else:
            groups.append([p])
    return groups


def _open_leg(p: Position) -> Leg:
    action = "Buy to Open" if p.quantity > 0 else "Sell to Open"
    return Leg(p, action, abs(p.quantity), p.average_open)


def _tick(m: Market, p: Position, price: float) -> float:
    if p.option is None:
        return round(price, 2)
    tick = m.option_tick(p.option, price)
    return max(tick, round_tick(price, tick))


def build_ledger(m: Market, acct: Account, deposit_at: datetime) -> Ledger:
    base = 270_000_000 + acct.id * 10_000
    orders: list[Order] = []
    trades: list[Trade] = [Trade(base, acct.number, deposit_at, None, None, acct.deposit,
                                 description="ACH DEPOSIT")]
    for group in opened_together(acct.positions):
        legs = [_open_leg(p) for p in group]
        at = group[0].created_at
        # a first try a little too greedy, cancelled before the fill
        if len(orders) % 2 == 0 and any(lg.position.option for lg in legs):
            tries = [Leg(lg.position, lg.action, lg.quantity,
                         _tick(m, lg.position, lg.price * (1.08 if lg.selling else 0.92)))
                     for lg in legs]
            start = at - timedelta(minutes=7)
            orders.append(_order_for(base + len(orders) + 1, acct.number, tries, "Day",
                                     "Cancelled", start, at - timedelta(minutes=1)))
        opening = _order_for(base + len(orders) + 1, acct.number, legs, "Day", "Filled",
                             at - timedelta(seconds=2), at)
        orders.append(opening)
        for lg in legs:
            p = lg.position
            mult = 0.0 if p.instrument_type == "Future" else p.multiplier  # futures settle daily
            value = (1 if lg.selling else -1) * lg.price * lg.quantity * mult
            trades.append(Trade(base + len(trades), acct.number, at, opening, lg, value,
                                _fee_parts(lg)))
        options = all(lg.position.option is not None for lg in legs)
        if opening.effect == "Credit" and options:
            closes = [Leg(lg.position, "Buy to Close" if lg.selling else "Sell to Close",
                          lg.quantity, _tick(m, lg.position, lg.price / 2))
                      for lg in legs]
            orders.append(_order_for(base + len(orders) + 1, acct.number, closes, "GTC",
                                     "Live", at + timedelta(minutes=1), None))
    return Ledger(orders, trades)
