"""Orders (working today, or the history) and transactions with gross, fees and net.

Read-only by construction: these use cases only call GET endpoints, and nothing in this
package can cancel, replace or send an order.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel

from tastyking.api import views as api_views
from tastyking.api.client import ApiClient
from tastyking.domain.symbols import SymbolError, Underlying, underlying_of
from tastyking.errors import UsageError
from tastyking.models.views import PlacedOrder, Transaction
from tastyking.services.accounts import resolve_accounts

ORDER_STATUSES = ("Received", "Routed", "In Flight", "Live", "Cancel Requested",
                  "Replace Requested", "Contingent", "Filled", "Cancelled", "Expired",
                  "Rejected", "Removed", "Partially Removed")
TRANSACTION_TYPES = ("Trade", "Money Movement", "Receive Deliver")


def _is_instrument(symbol: str) -> bool:
    """An option or futures-option symbol (filter by symbol), not an underlying."""
    return " " in symbol.strip() or symbol.startswith("./")


def _underlying(symbol: str | None, instrument_type: str | None,
                underlying_symbol: str | None) -> Underlying:
    """The one `underlying` rule (domain.symbols): /ES with its contract /ESH7, SPX for
    an SPXW option; an unreadable symbol keeps what tastytrade said."""
    if symbol and instrument_type:
        try:
            return underlying_of(symbol, instrument_type, underlying_symbol)
        except SymbolError:
            pass
    return Underlying(underlying_symbol or symbol or "")


def _on(symbol: str, root: str | None, contract: str | None) -> bool:
    wanted = symbol.strip().upper()
    return wanted in (root, contract)


# --- orders ---------------------------------------------------------------------------------

class OrderLegView(BaseModel):
    symbol: str
    instrument_type: str
    action: str
    quantity: Decimal | None
    filled_quantity: Decimal | None
    fill_price: Decimal | None  # average over the leg's fills


class OrderView(BaseModel):
    account_number: str
    id: int
    status: str
    underlying: str | None
    underlying_contract: str | None  # the futures contract (/ESH7), else None
    order_type: str | None
    time_in_force: str | None
    gtc_date: date | None
    price: Decimal | None
    price_effect: str | None
    stop_trigger: Decimal | None
    filled_pct: Decimal | None  # of the order's contracts/shares
    received_at: datetime | None
    terminal_at: datetime | None
    legs: list[OrderLegView]


class OrdersResult(BaseModel):
    history: bool
    orders: list[OrderView]
    missing: list[str]


def _leg(leg_qty: Decimal | None, remaining: Decimal | None) -> Decimal | None:
    if leg_qty is None or remaining is None:
        return None
    return leg_qty - remaining


def order_view(o: PlacedOrder) -> OrderView:
    legs = []
    for lg in o.legs:
        filled = sum((f.quantity for f in lg.fills if f.quantity is not None), Decimal(0))
        priced = [(f.quantity, f.fill_price) for f in lg.fills
                  if f.quantity is not None and f.fill_price is not None]
        avg = (sum((q * p for q, p in priced), Decimal(0)) / sum(q for q, _ in priced)
               if priced and sum(q for q, _ in priced) else None)
        legs.append(OrderLegView(
            symbol=lg.symbol, instrument_type=lg.instrument_type, action=lg.action,
            quantity=lg.quantity,
            filled_quantity=filled if lg.fills else _leg(lg.quantity, lg.remaining_quantity),
            fill_price=avg))
    first = o.legs[0] if o.legs else None
    under = _underlying(first.symbol if first else None,
                        first.instrument_type if first else None, o.underlying_symbol)
    total = sum((lg.quantity for lg in legs if lg.quantity is not None), Decimal(0))
    done = [lg.filled_quantity for lg in legs]
    pct = (sum(d for d in done if d is not None) / total * 100).quantize(Decimal("0.1")) \
        if total and None not in done else None
    return OrderView(account_number=o.account_number, id=o.id, status=o.status,
                     underlying=under.root or None, underlying_contract=under.contract,
                     order_type=o.order_type,
                     time_in_force=o.time_in_force, gtc_date=o.gtc_date, price=o.price,
                     price_effect=o.price_effect, stop_trigger=o.stop_trigger,
                     filled_pct=pct, received_at=o.received_at, terminal_at=o.terminal_at,
                     legs=legs)


def _status(wanted: str | None) -> list[str]:
    if not wanted:
        return []
    names = {s.lower(): s for s in ORDER_STATUSES}
    out = []
    for part in wanted.split(","):
        name = names.get(part.strip().lower())
        if name is None:
            raise UsageError(f"unknown order status {part.strip()!r} "
                             f"(one of: {', '.join(ORDER_STATUSES)})")
        out.append(name)
    return out


async def orders_view(api: ApiClient, requested: str | None, *, history: bool = False,
                      start: date | None = None, end: date | None = None,
                      symbol: str | None = None, status: str | None = None) -> OrdersResult:
    statuses = _status(status)
    if not history and (start or end):
        raise UsageError("--start and --end go with --history (live orders are today's)")
    accounts = await resolve_accounts(api, requested)
    numbers = [a.account.account_number for a in accounts]
    # a futures root (/ES) is matched here: tastytrade filters by the contract
    server_symbol = None if symbol and symbol.startswith("/") else symbol
    if history:
        lists = await asyncio.gather(*(api_views.order_history(
            api, n, start=start, end=end, underlying=server_symbol, statuses=statuses)
            for n in numbers))
    else:
        lists = await asyncio.gather(*(api_views.live_orders(api, n) for n in numbers))
    views = [order_view(o) for lst in lists for o in lst]
    if not history:  # /orders/live takes no filters: apply them here
        views = [v for v in views if not statuses or v.status in statuses]
    if symbol:
        views = [v for v in views if _on(symbol, v.underlying, v.underlying_contract)
                 or any(lg.symbol == symbol for lg in v.legs)]
    views.sort(key=lambda v: (v.account_number, v.received_at or datetime.min), reverse=True)
    return OrdersResult(history=history, orders=views, missing=[])


# --- transactions ---------------------------------------------------------------------------

class TransactionView(BaseModel):
    account_number: str
    id: int
    date: date | None
    executed_at: datetime | None
    type: str
    sub_type: str | None
    symbol: str | None
    underlying: str | None
    underlying_contract: str | None  # the futures contract (/ESH7), else None
    action: str | None
    quantity: Decimal | None
    price: Decimal | None
    description: str | None
    gross: Decimal | None  # signed: + credit, - debit
    fees: Decimal | None  # what was paid (positive)
    net: Decimal | None  # signed
    order_id: int | None


class AccountTotals(BaseModel):
    account_number: str
    gross: Decimal | None
    fees: Decimal | None
    net: Decimal | None
    count: int


class TransactionsResult(BaseModel):
    start: date | None
    end: date | None
    transactions: list[TransactionView]
    totals: list[AccountTotals]
    total_fees: Decimal | None
    missing: list[str]


FEE_FIELDS = (("regulatory_fees", "regulatory_fees_effect"),
              ("clearing_fees", "clearing_fees_effect"), ("commission", "commission_effect"),
              ("proprietary_index_option_fees", "proprietary_index_option_fees_effect"))


def transaction_view(t: Transaction) -> TransactionView:
    paid = Decimal(0)
    for amount, effect in FEE_FIELDS:
        signed = t.signed(getattr(t, amount), getattr(t, effect))
        paid -= signed or Decimal(0)  # a debit fee is paid; a credit (rebate) is returned
    gross = t.signed(t.value, t.value_effect)
    net = t.signed(t.net_value, t.net_value_effect)
    under = _underlying(t.symbol, t.instrument_type, t.underlying_symbol) if t.symbol \
        else Underlying("")
    return TransactionView(
        account_number=t.account_number, id=t.id, date=t.transaction_date,
        executed_at=t.executed_at, type=t.transaction_type, sub_type=t.transaction_sub_type,
        symbol=t.symbol, underlying=under.root or None, underlying_contract=under.contract,
        action=t.action, quantity=t.quantity,
        price=t.price, description=t.description, gross=gross, fees=paid, net=net,
        order_id=t.order_id)


def _total(values: list[Decimal | None]) -> Decimal | None:
    known = [v for v in values if v is not None]
    return sum(known, Decimal(0)) if known else None


async def transactions_view(api: ApiClient, requested: str | None, *,
                            start: date | None = None, end: date | None = None,
                            symbol: str | None = None,
                            kind: str | None = None) -> TransactionsResult:
    if kind is not None:
        names = {k.lower(): k for k in TRANSACTION_TYPES}
        if kind.lower() not in names:
            raise UsageError(f"--type must be one of: {', '.join(TRANSACTION_TYPES)}")
        kind = names[kind.lower()]
    if start and end and start > end:
        raise UsageError("--start is after --end")
    accounts = await resolve_accounts(api, requested)
    numbers = [a.account.account_number for a in accounts]
    by_symbol = symbol if symbol and _is_instrument(symbol) else None
    # a futures root (/ES) is matched here: tastytrade files the rows under the contract
    by_under = symbol if symbol and not by_symbol and not symbol.startswith("/") else None
    lists = await asyncio.gather(*(api_views.transactions(
        api, n, start=start, end=end, symbol=by_symbol, underlying=by_under, kind=kind)
        for n in numbers))
    rows = [transaction_view(t) for lst in lists for t in lst]
    if symbol and symbol.startswith("/") and not by_symbol:
        rows = [r for r in rows if _on(symbol, r.underlying, r.underlying_contract)]
    missing = [f"{r.account_number} {r.id} net" for r in rows if r.net is None]
    totals = [AccountTotals(account_number=n, gross=_total([r.gross for r in rows
                                                            if r.account_number == n]),
                            fees=_total([r.fees for r in rows if r.account_number == n]),
                            net=_total([r.net for r in rows if r.account_number == n]),
                            count=sum(1 for r in rows if r.account_number == n))
              for n in numbers]
    return TransactionsResult(start=start, end=end, transactions=rows, totals=totals,
                              total_fees=_total([r.fees for r in rows]), missing=missing)
