"""Positions with marks from market data, unrealized P/L, DTE and a strategy label."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from pydantic import BaseModel

from tastyking.api import endpoints
from tastyking.api.client import ApiClient
from tastyking.domain.calendar import dte, market_today
from tastyking.domain.labels import Leg, label_positions
from tastyking.domain.symbols import SymbolError, Underlying, underlying_of
from tastyking.models.account import AccountItem
from tastyking.models.positions import Position
from tastyking.services.accounts import resolve_accounts
from tastyking.services.orders.legs import option_facts

log = logging.getLogger(__name__)


class PositionView(BaseModel):
    account_number: str
    symbol: str
    instrument_type: str
    underlying: str  # the product root for futures and futures options ("/ES")
    underlying_contract: str | None = None  # the futures contract ("/ESH7"), else None
    quantity: Decimal | None  # signed: negative is short; None = direction unknown
    option_type: str | None
    strike: Decimal | None
    expiration: date | None
    dte: int | None
    average_open_price: Decimal | None
    close_price: Decimal | None
    mark: Decimal | None
    multiplier: Decimal
    unrealized_pnl: Decimal | None
    strategy: str


class PositionsResult(BaseModel):
    positions: list[PositionView]
    missing_marks: list[str]
    # every unknown value, "<symbol>: <what>"; non-empty means exit 6 (partial)
    missing: list[str]
    total_unrealized_pnl: Decimal | None  # None when no P/L is known
    pnl_left_out: int  # positions whose P/L is unknown, so not in the total


def total_of(values: list[Decimal | None]) -> tuple[Decimal | None, int]:
    """The sum of the known values and how many were unknown; nothing known is None."""
    known = [v for v in values if v is not None]
    return (sum(known, Decimal(0)) if known else None), len(values) - len(known)


def _expiration(p: Position, facts_exp: date | None) -> date | None:
    if facts_exp is not None:
        return facts_exp
    return market_today(p.expires_at) if p.expires_at else None


def underlying(p: Position) -> Underlying:
    """`domain.symbols.underlying_of` for a position; an unreadable symbol stands alone."""
    try:
        return underlying_of(p.symbol, p.instrument_type, p.underlying_symbol)
    except SymbolError:
        log.warning("cannot read the parts of %s", p.symbol)
        return Underlying(p.underlying_symbol or p.symbol)


def to_legs(positions: list[Position]) -> list[Leg]:
    legs = []
    for p in positions:
        facts = option_facts(p.symbol, p.instrument_type)
        if p.signed_quantity is None:
            continue  # unknown direction: no strategy can be read from it
        legs.append(Leg(
            symbol=p.symbol,
            instrument_type=p.instrument_type,
            underlying=underlying(p).root,
            quantity=p.signed_quantity,
            option_type=facts.kind if facts else None,
            strike=facts.strike if facts else None,
            expiration=_expiration(p, facts.expiration if facts else None),
        ))
    return legs


async def load_positions(api: ApiClient, requested: str | None,
                         accounts: Sequence[AccountItem] | None = None) -> list[Position]:
    """The open positions of `requested` (or every account); `accounts` when the caller
    has already resolved them, so the account list is not fetched twice."""
    if accounts is None:
        accounts = await resolve_accounts(api, requested)
    lists = await asyncio.gather(
        *(endpoints.positions(api, a.account.account_number) for a in accounts)
    )
    return [p for lst in lists for p in lst if p.quantity != 0]


async def positions_view(api: ApiClient, requested: str | None,
                         accounts: Sequence[AccountItem] | None = None) -> PositionsResult:
    positions = await load_positions(api, requested, accounts)
    marks = await endpoints.market_data(
        api,
        [(p.instrument_type, p.symbol) for p in positions
         if p.instrument_type in endpoints.BY_TYPE_PARAM],
    )
    today = market_today()
    labels = label_positions(to_legs(positions), today)
    rows: list[PositionView] = []
    missing: list[str] = []
    unknown: list[str] = []
    for p in positions:
        facts = option_facts(p.symbol, p.instrument_type)
        under = underlying(p)
        expiration = _expiration(p, facts.expiration if facts else None)
        md = marks.get(p.symbol)
        mark = md.price if md else None
        qty = p.signed_quantity
        if qty is None:
            unknown.append(f"{p.symbol}: quantity-direction {p.quantity_direction!r}")
        if mark is None:
            missing.append(p.symbol)
            unknown.append(f"{p.symbol}: mark")
        pnl = None
        if mark is not None and p.average_open_price is not None and qty is not None:
            pnl = (mark - p.average_open_price) * qty * p.multiplier
        rows.append(PositionView(
            account_number=p.account_number,
            symbol=p.symbol,
            instrument_type=p.instrument_type,
            underlying=under.root,
            underlying_contract=under.contract,
            quantity=qty,
            option_type=facts.kind if facts else None,
            strike=facts.strike if facts else None,
            expiration=expiration,
            dte=dte(expiration, today) if expiration else None,
            average_open_price=p.average_open_price,
            close_price=p.close_price,
            mark=mark,
            multiplier=p.multiplier,
            unrealized_pnl=pnl,
            strategy=labels.get(p.symbol, "UNKNOWN"),
        ))
    rows.sort(key=lambda r: (r.account_number, r.underlying, r.expiration or date.max,
                             r.strike or 0, r.symbol))
    if missing:
        log.warning("no mark for %d position(s): %s", len(missing), ", ".join(missing))
    total, left_out = total_of([r.unrealized_pnl for r in rows])
    return PositionsResult(positions=rows, missing_marks=missing, missing=unknown,
                           total_unrealized_pnl=total, pnl_left_out=left_out)
